"""
Layers against their framework: which layers it defines and in what order, who may
answer survey-scored criteria, and the responses scoring reads at each layer.

The layered model itself (:class:`~parlib.assessment.Layer`,
:class:`~parlib.assessment.Adjustment`, :class:`~parlib.assessment.Lock`) lives with
the assessment; this module fits it to a framework.

>>> from parlib import examples
>>> chosen, problems = view(examples.framework(), examples.inspection(), "explanation")
>>> chosen.layer, problems, len(chosen.responses)
('explanation', [], 66)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from parlib.assessment import Adjustment, Assessment, Layer, Response
from parlib.errors import Problem
from parlib.framework import SURVEY_LAYER, Framework

__all__ = ["LayerView", "appraise", "apply_adjustments", "layer_problems", "survey_scored", "view", "views"]

_EFFECTIVE = "$.effective"
_AT = re.compile(r"^\$\.effective\[(\d+)\]")


def survey_scored(framework: Framework) -> frozenset[str]:
    """
    The ids of the survey-scored criteria: marked ``survey = true``, or below one that is.

    >>> from parlib import examples
    >>> sorted(survey_scored(examples.framework()))
    ['8.1', '8.1.1', '8.1.2', '8.2']
    """
    found: set[str] = set()
    for top in framework.criteria:
        for node in top.walk():
            if node.survey:
                found.update(c.id for c in node.walk())
    return frozenset(found)


@attrs.frozen
class LayerView:
    """
    The responses in force at one layer, as scoring reads them, with the key path
    each came from (``$.layers[2].responses[4]``). ``layer`` is the layer asked
    for and ``source`` the assessment's layer that stands for it (the same, or
    the nearest earlier one present); both are ``None`` for a single-layer
    assessment.

    >>> from parlib import examples
    >>> chosen, _ = view(examples.framework(), examples.inspection(), "self")
    >>> chosen.paths[0]
    '$.layers[0].responses[0]'
    """

    layer: str | None
    responses: tuple[Response, ...]
    paths: tuple[str, ...]
    source: str | None = None

    @property
    def where(self) -> str:
        """
        The prefix to score the responses under; :meth:`relocate` turns it into real paths.

        >>> LayerView(None, (), ()).where
        '$.responses'
        """
        return "$.responses" if self.layer is None else _EFFECTIVE

    def relocate(self, problems: Iterable[Problem]) -> list[Problem]:
        """
        Move problems found under :attr:`where` to the paths their responses came from.

        >>> v = LayerView("self", (Response("1", True),), ("$.layers[0].responses[3]",))
        >>> v.relocate([Problem("bad", "$.effective[0].value")])[0].path
        '$.layers[0].responses[3].value'
        """
        if self.layer is None:
            return list(problems)
        out = []
        for problem in problems:
            match = _AT.match(problem.path)
            if match is None:
                out.append(problem)
            else:
                out.append(Problem(problem.message, self.paths[int(match[1])] + problem.path[match.end() :]))
        return out


def layer_problems(framework: Framework, assessment: Assessment) -> list[Problem]:
    """
    Problems in fitting an assessment's layers to a framework: names it does not
    define, layers out of its order, and survey-scored criteria answered outside
    the survey layer (or other criteria inside it).

    >>> from parlib import examples
    >>> layer_problems(examples.framework(), examples.inspection())
    []
    """
    problems: list[Problem] = []
    order = {name: i for i, name in enumerate(framework.layers)}
    survey = survey_scored(framework)
    last: tuple[int, str] | None = None
    for k, layer in enumerate(assessment.layers):
        at = f"$.layers[{k}]"
        position = order.get(layer.name)
        if position is None:
            known = ", ".join(framework.layers)
            problems.append(
                Problem(f"layer {layer.name!r} is not a layer of framework {framework.id!r} ({known})", at + ".name")
            )
        elif last is not None and position <= last[0]:
            problems.append(
                Problem(
                    f"layer {layer.name!r} comes after {last[1]!r}, against the order of framework"
                    f" {framework.id!r} ({', '.join(framework.layers)})",
                    at + ".name",
                )
            )
        else:
            last = (position, layer.name)
        for i, resp in enumerate(layer.responses):
            if resp.criterion not in framework:
                continue  # reported with the rest of the response's problems
            path = f"{at}.responses[{i}].criterion"
            if resp.criterion in survey and layer.name != SURVEY_LAYER:
                problems.append(
                    Problem(
                        f"criterion {resp.criterion!r} is survey-scored: only the {SURVEY_LAYER!r} layer answers it",
                        path,
                    )
                )
            elif resp.criterion not in survey and layer.name == SURVEY_LAYER:
                problems.append(
                    Problem(
                        f"the {SURVEY_LAYER!r} layer answers survey-scored criteria only, and {resp.criterion!r}"
                        " is not one",
                        path,
                    )
                )
    return problems


def _stand_in(framework: Framework, assessment: Assessment, layer: str) -> tuple[str | None, list[Problem]]:
    """The layer of the assessment that stands for *layer*: itself, else the nearest earlier one present."""
    if layer not in framework.layers:
        known = ", ".join(framework.layers)
        return None, [Problem(f"layer {layer!r} is not a layer of framework {framework.id!r} ({known})", "$.layers")]
    if not assessment.layers:
        return None, [Problem(f"the assessment has no layers, only responses; there is no layer {layer!r}", "$.layers")]
    wanted = framework.layers.index(layer)
    present = [name for name in assessment.layer_names if name in framework.layers]
    earlier = [name for name in present if framework.layers.index(name) <= wanted]
    if not earlier:
        return None, [
            Problem(
                f"the assessment has no layer at or before {layer!r} (its first is {assessment.layers[0].name!r})",
                "$.layers",
            )
        ]
    return earlier[-1], []


def view(framework: Framework, assessment: Assessment, layer: str | None = None) -> tuple[LayerView, list[Problem]]:
    """
    The responses in force at *layer*, and every problem with the assessment's layers.

    *layer* is a name the framework defines: the assessment's layer of that name,
    else the nearest earlier one it has (an inspection that has reached
    ``appraisal-1`` has its ``final`` result so far). ``None`` means the last
    layer, or the responses of a single-layer assessment.

    >>> from parlib import examples
    >>> chosen, problems = view(examples.framework(), examples.inspection(), "apraisal-1")
    >>> print(*problems)
    layer 'apraisal-1' is not a layer of framework 'vn-par-department-example' (self, appraisal-1, explanation, appraisal-2, survey, final) @ $.layers
    """
    problems = layer_problems(framework, assessment)
    name: str | None = None
    if layer is not None:
        name, found = _stand_in(framework, assessment, layer)
        problems += found
        if name is None:
            return LayerView(layer, (), ()), problems
    elif assessment.layers:
        name = assessment.layers[-1].name
    located = assessment.effective_responses(name)
    chosen = LayerView(
        None if name is None else layer or name,
        tuple(resp for resp, _ in located),
        tuple(path for _, path in located),
        name,
    )
    return chosen, problems


def views(framework: Framework, assessment: Assessment) -> tuple[list[LayerView], list[Problem]]:
    """
    The view of every layer (one view for a single-layer assessment) and every problem with the layers.

    >>> from parlib import examples
    >>> every, problems = views(examples.framework(), examples.inspection())
    >>> [v.layer for v in every][-2:], problems
    (['survey', 'final'], [])
    """
    problems = layer_problems(framework, assessment)
    if not assessment.layers:
        return [view(framework, assessment)[0]], problems
    out = []
    for name in assessment.layer_names:
        located = assessment.effective_responses(name)
        out.append(LayerView(name, tuple(r for r, _ in located), tuple(p for _, p in located), name))
    return out, problems


def apply_adjustments(earlier: Iterable[Response], adjustments: Iterable[Adjustment]) -> tuple[Response, ...]:
    """
    The responses after *adjustments*: each replaces (or adds) its criterion's
    response with its new answer, evidence and explanation kept. Applied to the
    layer before, a layer's adjustments give the answers of that layer.

    >>> out = apply_adjustments([Response("1", True), Response("2", 3)],
    ...                         [Adjustment("1", old=True, new=False, reason="no plan")])
    >>> [(r.criterion, r.value) for r in out]
    [('1', False), ('2', Fraction(3, 1))]
    """
    out: dict[str, Response] = {resp.criterion: resp for resp in earlier}
    for adj in adjustments:
        out[adj.criterion] = adj.as_response(out.get(adj.criterion))
    return tuple(out.values())


def appraise(
    assessment: Assessment,
    name: str,
    adjustments: Sequence[Adjustment],
    *,
    author: str = "",
    note: str = "",
    kept: Mapping[str, Response] | None = None,
) -> Layer:
    """
    A new layer *name* that makes *adjustments* to the assessment's last layer: its
    responses are the adjusted ones (plus any in *kept*, such as explanations
    that change no answer). Add it with :meth:`Assessment.with_layer`.

    >>> from parlib import examples
    >>> a = examples.inspection().flatten("self")
    >>> a = attrs.evolve(a, responses=(), layers=[Layer("self", a.responses, author="unit")])
    >>> layer = appraise(a, "appraisal-1", [Adjustment("1.6", old=2, new=1, reason="1 of 2 not recognised")],
    ...                  author="team")
    >>> a.with_layer(layer).response("1.6").value
    Fraction(1, 1)
    """
    earlier = {resp.criterion: resp for resp, _ in assessment.effective_responses()}
    changed = [adj.as_response(earlier.get(adj.criterion)) for adj in adjustments]
    touched = {resp.criterion for resp in changed}
    extra = [resp for c, resp in (kept or {}).items() if c not in touched]
    return Layer(name, [*changed, *extra], adjustments, author=author, note=note)
