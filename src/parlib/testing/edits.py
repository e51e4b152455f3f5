"""
Edits the laws compare against: remove a criterion, reorder siblings, rescale
weights, replace a response. Each returns a new, valid object.

Requires the hypothesis package (only to be imported through :mod:`parlib.testing`).

>>> from parlib import examples
>>> fw = examples.framework()
>>> smaller = without(fw, "1.1.1")
>>> "1.1.1" in smaller, smaller.maximum_of(smaller.criterion("1.1")) == fw.maximum_of(fw.criterion("1.1")) - 1
(False, True)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from fractions import Fraction

import attrs

from parlib.assessment import Assessment, Response
from parlib.framework import Criterion, Framework

__all__ = ["forget", "reordered", "scaled", "with_response", "without"]


def _prune(node: Criterion, gone: str, additive: Callable[[Criterion], bool]) -> tuple[Criterion | None, bool]:
    """*node* without *gone* (None when nothing is left), and whether anything changed."""
    if node.id == gone:
        return None, True
    if not node.children:
        return node, False
    kept: list[Criterion] = []
    changed = False
    for child in node.children:
        pruned, hit = _prune(child, gone, additive)
        changed = changed or hit
        if pruned is not None:
            kept.append(pruned)
    if not changed:
        return node, False
    if not kept:
        return None, True
    stated = None if additive(node) else node.max
    return attrs.evolve(node, children=kept, max=stated), True


def without(framework: Framework, criterion_id: str) -> Framework | None:
    """
    *framework* with the criterion *criterion_id* removed, and any parent left
    without children; stated maxima that were sums become unstated. ``None``
    when no criterion is left.

    >>> from parlib import examples
    >>> without(examples.framework(), "no-such") == examples.framework()
    True
    """
    kept: list[Criterion] = []
    changed = False

    def additive(node: Criterion) -> bool:
        return framework.aggregation_of(node).additive

    for top in framework.criteria:
        pruned, hit = _prune(top, criterion_id, additive)
        changed = changed or hit
        if pruned is not None:
            kept.append(pruned)
    if not changed:
        return framework
    if not kept:
        return None
    stated = None if framework.aggregation.additive else framework.max
    return attrs.evolve(framework, criteria=kept, max=stated)


def _shuffle(node: Criterion, rnd: random.Random) -> Criterion:
    if not node.children:
        return node
    children = [_shuffle(c, rnd) for c in node.children]
    rnd.shuffle(children)
    return attrs.evolve(node, children=children)


def reordered(framework: Framework, rnd: random.Random) -> Framework:
    """
    *framework* with the siblings at every level put in a random order drawn from *rnd*.

    >>> import random
    >>> from parlib import examples
    >>> fw = reordered(examples.framework(), random.Random(1))
    >>> sorted(c.id for c in fw.walk()) == sorted(c.id for c in examples.framework().walk())
    True
    """
    tops = [_shuffle(c, rnd) for c in framework.criteria]
    rnd.shuffle(tops)
    return attrs.evolve(framework, criteria=tops)


def _times(weight: Fraction | None, factor: Fraction) -> Fraction:
    return (Fraction(1) if weight is None else weight) * factor


def scaled(framework: Framework, parent_id: str | None, factor: Fraction) -> Framework:
    """
    *framework* with the weights of *parent_id*'s children (of the top-level
    criteria when it is ``None``) multiplied by *factor*; an unset weight counts as 1.

    >>> from parlib import examples
    >>> scaled(examples.framework(), "1", Fraction(3)).criterion("1.1").weight
    Fraction(3, 1)
    """
    if parent_id is None:
        return attrs.evolve(
            framework, criteria=[attrs.evolve(c, weight=_times(c.weight, factor)) for c in framework.criteria]
        )

    def visit(node: Criterion) -> Criterion:
        if node.id == parent_id:
            return attrs.evolve(
                node, children=[attrs.evolve(c, weight=_times(c.weight, factor)) for c in node.children]
            )
        if not node.children:
            return node
        return attrs.evolve(node, children=[visit(c) for c in node.children])

    return attrs.evolve(framework, criteria=[visit(c) for c in framework.criteria])


def with_response(assessment: Assessment, response: Response) -> Assessment:
    """
    *assessment* with *response* in place of any response to the same criterion.

    >>> from parlib import examples
    >>> a = with_response(examples.assessment(), Response("1.1.1", False))
    >>> a.response("1.1.1").value
    False
    """
    kept = [r for r in assessment.responses if r.criterion != response.criterion]
    return attrs.evolve(assessment, responses=[*kept, response])


def forget(assessment: Assessment, criterion_ids: Iterable[str]) -> Assessment:
    """
    *assessment* without responses to, or findings' citations of, *criterion_ids*.

    >>> from parlib import examples
    >>> forget(examples.assessment(), ["1.1.1"]).response("1.1.1") is None
    True
    """
    gone = set(criterion_ids)
    responses = [r for r in assessment.responses if r.criterion not in gone]
    findings = [attrs.evolve(f, criteria=[c for c in f.criteria if c not in gone]) for f in assessment.findings]
    return attrs.evolve(assessment, responses=responses, findings=findings)
