"""
Reading an XCCDF 1.2 document into the :mod:`parlib.xccdf.model` classes.

The root must be an XCCDF 1.2 ``Benchmark`` (the file ``oscap xccdf eval
--results`` writes is one, with its ``TestResult`` inside) or a SCAP source
data stream holding one; :func:`load_tailoring` reads an XCCDF 1.2
``Tailoring`` document the same way. Every problem is a
:class:`~parlib.errors.LoadError` line naming the file, the line and an
XPath-like path: unknown attribute values, duplicate ids, and references to
items, clusters or profiles that do not exist (``select``, ``refine-rule``,
``extends``, ``requires``, ``conflicts``, ``rule-result``). A TestResult may
name a profile the benchmark lacks (``oscap`` writes that when the profile
came from a tailoring file): that is checked when the profile is applied.

>>> bench = loads_benchmark(b'''<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_b_benchmark_b">
...   <Group id="xccdf_b_group_g" weight="2"><Rule id="xccdf_b_rule_r" weight="0.5"/></Group>
... </Benchmark>''')
>>> bench.item("xccdf_b_rule_r").weight
Fraction(1, 2)
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable
from fractions import Fraction

from parlib.errors import LoadError, ModelError, Problem
from parlib.numbers import parse_number
from parlib.rules.result import RESULTS
from parlib.xccdf.model import (
    ROLES,
    Benchmark,
    Group,
    Profile,
    RefineRule,
    Role,
    Rule,
    RuleResult,
    Select,
    StatedScore,
    TailoringFile,
    TestResult,
)
from parlib.xccdf.parse import XmlDocument, local_name, read_xml, step
from parlib.xccdf.tailor import selector_problems

__all__ = ["NS", "load_benchmark", "load_tailoring", "loads_benchmark", "loads_tailoring"]

NS = "http://checklists.nist.gov/xccdf/1.2"
"""The XCCDF 1.2 namespace."""

_OTHER_XCCDF = {
    "http://checklists.nist.gov/xccdf/1.1": "XCCDF 1.1",
    "http://checklists.nist.gov/xccdf/1.0": "XCCDF 1.0",
}
_DS = "http://scap.nist.gov/schema/scap/source/1.2"
_TAILORING_11 = "http://open-scap.org/page/Xccdf-1.1-tailoring"
_TRUE = {"true": True, "1": True, "false": False, "0": False}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


class _Reader:
    """Walks the tree once, building model objects and collecting problems."""

    def __init__(self, doc: XmlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.dependencies: list[tuple[str, str, str, int]] = []  # (element, idref, path, line) to check

    def problem(self, element: ET.Element, message: str, path: str) -> None:
        line = self.doc.line_of(element)
        self.problems.append(Problem(f"{message} (line {line})" if line else message, path))

    def text(self, parent: ET.Element, name: str) -> str:
        child = parent.find(_q(name))
        return "".join(child.itertext()).strip() if child is not None else ""

    def boolean(self, element: ET.Element, name: str, default: bool, path: str) -> bool:
        raw = element.get(name)
        if raw is None:
            return default
        value = _TRUE.get(raw.strip())
        if value is None:
            self.problem(element, f"{name} must be true or false, got {raw!r}", f"{path}/@{name}")
            return default
        return value

    def weight(self, element: ET.Element, path: str) -> Fraction | None:
        raw = element.get("weight")
        if raw is None:
            return None
        try:
            value = parse_number(raw)
        except ModelError:
            value = Fraction(-1)
        if value < 0 or "/" in raw:
            self.problem(element, f"weight must be a decimal number >= 0, got {raw!r}", f"{path}/@weight")
            return None
        return value

    def role(self, element: ET.Element, path: str) -> Role | None:
        raw = element.get("role")
        if raw is None:
            return None
        for role in ROLES:
            if raw == role:
                return role
        self.problem(element, f"role must be one of {', '.join(ROLES)}, got {raw!r}", f"{path}/@role")
        return None

    def ident(self, element: ET.Element, path: str) -> str:
        value = (element.get("id") or "").strip()
        if not value:
            self.problem(element, f"<{local_name(element.tag)}> needs an id", path)
        return value

    # -- items -------------------------------------------------------------------------------

    def items(self, parent: ET.Element, path: str) -> tuple[Group | Rule, ...]:
        out: list[Group | Rule] = []
        counts: dict[str, int] = {}
        for element in parent:
            if element.tag not in (_q("Group"), _q("Rule")):
                continue
            counts[element.tag] = counts.get(element.tag, 0) + 1
            here = f"{path}/{step(element.tag, dict(element.attrib), counts[element.tag])}"
            if element.get("extends"):
                self.problem(
                    element,
                    "unresolved benchmark: items that extend others are not supported; resolve it first"
                    " (oscap xccdf resolve)",
                    f"{here}/@extends",
                )
            if self.boolean(element, "abstract", False, here):
                continue
            ident, title = self.ident(element, here), self.text(element, "title")
            found = self.weight(element, here)
            weight = Fraction(1) if found is None else found
            selected = self.boolean(element, "selected", True, here)
            cluster, line = element.get("cluster-id", ""), self.doc.line_of(element)
            requires, conflicts = self.dependency(element, here)
            if element.tag == _q("Group"):
                children = self.items(element, here)
                out.append(
                    Group(ident, title, weight, selected, cluster, children, requires, conflicts, path=here, line=line)
                )
            else:
                role = self.role(element, here) or "full"
                out.append(
                    Rule(ident, title, weight, selected, role, cluster, requires, conflicts, path=here, line=line)
                )
        return tuple(out)

    def dependency(self, element: ET.Element, here: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
        """An item's ``requires`` (a list of ids each) and ``conflicts`` (one id each)."""
        found: dict[str, list[tuple[str, ...]]] = {"requires": [], "conflicts": []}
        for name, lists in found.items():
            for i, child in enumerate(element.findall(_q(name)), 1):
                at, line = f"{here}/{name}[{i}]", self.doc.line_of(child)
                ids = tuple((child.get("idref") or "").split())
                if not ids:
                    self.problem(child, f"<{name}> needs an idref", f"{at}/@idref")
                elif name == "conflicts" and len(ids) > 1:
                    self.problem(child, f"<conflicts> names one item, got {' '.join(ids)!r}", f"{at}/@idref")
                else:
                    self.dependencies.extend((name, idref, f"{at}/@idref", line) for idref in ids)
                    lists.append(ids)
        return tuple(found["requires"]), tuple(ids[0] for ids in found["conflicts"])

    # -- profiles ----------------------------------------------------------------------------

    def profile(self, element: ET.Element, here: str) -> Profile:
        selectors: list[Select | RefineRule] = []
        counts: dict[str, int] = {}
        for child in element:
            name = local_name(child.tag)
            if child.tag not in (_q("select"), _q("refine-rule")):
                continue
            counts[name] = counts.get(name, 0) + 1
            at = f"{here}/{name}[{counts[name]}]"
            idref = (child.get("idref") or "").strip()
            if not idref:
                self.problem(child, f"<{name}> needs an idref", at)
                continue
            line = self.doc.line_of(child)
            if child.tag == _q("select"):
                if child.get("selected") is None:
                    self.problem(child, "<select> needs selected = true or false", f"{at}/@selected")
                    continue
                chosen = self.boolean(child, "selected", True, at)
                selectors.append(Select(idref, chosen, path=at, line=line))
            else:
                weight = self.weight(child, at)
                role = self.role(child, at)
                selectors.append(RefineRule(idref, weight, role, path=at, line=line))
        return Profile(
            id=self.ident(element, here),
            title=self.text(element, "title"),
            extends=(element.get("extends") or "").strip(),
            abstract=self.boolean(element, "abstract", False, here),
            selectors=tuple(selectors),
            path=here,
            line=self.doc.line_of(element),
        )

    # -- results -----------------------------------------------------------------------------

    def test_result(self, element: ET.Element, here: str) -> TestResult:
        results: list[RuleResult] = []
        scores: list[StatedScore] = []
        position = 0
        for child in element.iter(_q("rule-result")):
            position += 1
            at = f"{here}/rule-result[{position}]"
            idref = (child.get("idref") or "").strip()
            word = self.text(child, "result")
            if not idref:
                self.problem(child, "<rule-result> needs an idref", at)
                continue
            if word not in RESULTS:
                self.problem(child, f"unknown result {word!r}; known: {', '.join(RESULTS)}", f"{at}/result")
                continue
            results.append(RuleResult(idref, word, path=at, line=self.doc.line_of(child)))
        for child in element.findall(_q("score")):
            try:
                value = parse_number((child.text or "").strip())
                maximum = child.get("maximum")
                scores.append(StatedScore(child.get("system", ""), value, parse_number(maximum) if maximum else None))
            except ModelError:
                continue  # a stated score is never used to score; a bad one is no reason to refuse the file
        profile = element.find(_q("profile"))
        return TestResult(
            id=self.ident(element, here),
            profile=(profile.get("idref") or "").strip() if profile is not None else "",
            target=self.text(element, "target"),
            start_time=element.get("start-time", ""),
            end_time=element.get("end-time", ""),
            rule_results=tuple(results),
            stated_scores=tuple(scores),
            path=here,
            line=self.doc.line_of(element),
        )

    # -- the benchmark -----------------------------------------------------------------------

    def benchmark(self, element: ET.Element, here: str) -> Benchmark:
        items = self.items(element, here)
        profiles = self.profiles(element, here)
        results = [
            self.test_result(child, f"{here}/{step(child.tag, dict(child.attrib), i + 1)}")
            for i, child in enumerate(element.findall(_q("TestResult")))
        ]
        models = tuple(m.get("system", "") for m in element.findall(_q("model")))
        bench = Benchmark(
            id=self.ident(element, here),
            title=self.text(element, "title"),
            version=self.text(element, "version"),
            items=items,
            profiles=tuple(profiles),
            test_results=tuple(results),
            models=models,
            source=self.doc.file,
        )
        self.check_references(bench)
        return bench

    def profiles(self, parent: ET.Element, here: str) -> list[Profile]:
        """The ``Profile`` children of a Benchmark or Tailoring, duplicate ids reported."""
        profiles = [
            self.profile(child, f"{here}/{step(child.tag, dict(child.attrib), i + 1)}")
            for i, child in enumerate(parent.findall(_q("Profile")))
        ]
        first: dict[str, str] = {}
        for profile in profiles:
            if profile.id in first:
                self.problems.append(
                    Problem(f"duplicate profile id {profile.id!r} (first at {first[profile.id]})", profile.path)
                )
            first.setdefault(profile.id, profile.path)
        return profiles

    def tailoring(self, element: ET.Element, here: str) -> TailoringFile:
        """A ``Tailoring`` document: its benchmark reference, version and profiles."""
        reference = element.find(_q("benchmark"))
        version = element.find(_q("version"))
        profiles = self.profiles(element, here)
        if not profiles:
            self.problem(element, "a Tailoring needs at least one Profile", here)
        return TailoringFile(
            id=self.ident(element, here),
            version=self.text(element, "version"),
            version_time=version.get("time", "") if version is not None else "",
            benchmark_href=reference.get("href", "") if reference is not None else "",
            benchmark_id=reference.get("id", "") if reference is not None else "",
            benchmark_version=reference.get("version", "") if reference is not None else "",
            profiles=tuple(profiles),
            source=self.doc.file,
            path=here,
        )

    def check_references(self, bench: Benchmark) -> None:
        seen: dict[str, str] = {}
        for item in bench.walk():
            if item.id in seen and item.id:
                self.problems.append(Problem(f"duplicate id {item.id!r} (first at {seen[item.id]})", item.path))
            seen.setdefault(item.id, item.path)
        profile_ids = {profile.id for profile in bench.profiles}
        for profile in bench.profiles:
            if profile.extends and profile.extends not in profile_ids:
                self.problems.append(
                    Problem(
                        f"profile {profile.id!r} extends {profile.extends!r}, which is not a profile of this benchmark",
                        f"{profile.path}/@extends",
                    )
                )
            self.problems.extend(selector_problems(bench, profile))
        for name, idref, path, line in self.dependencies:
            if idref not in seen:
                self.problems.append(
                    Problem(
                        f"{name} names {idref!r}, which is neither a group nor a rule of this benchmark (line {line})",
                        path,
                    )
                )
        rule_ids = {r.id for r in bench.rules()}
        for result in bench.test_results:
            for rr in result.rule_results:
                if rr.idref not in rule_ids:
                    self.problems.append(
                        Problem(
                            f"rule-result for {rr.idref!r}, which is not a rule of this benchmark (line {rr.line})",
                            f"{rr.path}/@idref",
                        )
                    )


def _find(doc: XmlDocument, wanted: str, refusal: Callable[[str, str], str]) -> tuple[ET.Element, str]:
    """
    The *wanted* element (``Benchmark`` or ``Tailoring``) and its path: the root, or the
    first one inside a SCAP source data stream; else a LoadError with ``refusal(namespace, name)``.
    """
    root = doc.root
    namespace, _, name = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if root.tag == _q(wanted):
        return root, "/" + step(root.tag, dict(root.attrib), 1)
    if namespace == _DS:
        for found in root.iter(_q(wanted)):
            return found, f"/{name}//{wanted}[@id={found.get('id', '')!r}]"
        raise LoadError(doc.file, [Problem(f"the SCAP data stream holds no XCCDF 1.2 {wanted}", f"/{name}")])
    raise LoadError(doc.file, [Problem(refusal(namespace, name), f"/{name}")])


def _shown(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}" if namespace else name


def _not_a_benchmark(namespace: str, name: str) -> str:
    if namespace == NS and name == "TestResult":
        return (
            "a TestResult alone cannot be scored: parlib needs its Benchmark"
            " (read the file that `oscap xccdf eval --results` writes, which holds both)"
        )
    if namespace in _OTHER_XCCDF:
        return f"{_OTHER_XCCDF[namespace]} is not supported; parlib reads XCCDF 1.2 ({NS})"
    if name == "Benchmark":
        return f"not XCCDF 1.2: the Benchmark is in namespace {namespace or '(none)'!r}, not {NS!r}"
    return f"not an XCCDF 1.2 document: the root element is <{_shown(namespace, name)}>, not an XCCDF Benchmark"


def _not_a_tailoring(namespace: str, name: str) -> str:
    if namespace == _TAILORING_11:
        return f"XCCDF 1.1 tailoring ({_TAILORING_11}) is not supported; parlib reads XCCDF 1.2 ({NS})"
    if namespace == NS and name == "Benchmark":
        return (
            "this is a Benchmark, not a Tailoring: give the benchmark (or results) file as FILE"
            " and the tailoring file with --tailoring"
        )
    if name == "Tailoring":
        return f"not XCCDF 1.2: the Tailoring is in namespace {namespace or '(none)'!r}, not {NS!r}"
    return f"not an XCCDF 1.2 tailoring file: the root element is <{_shown(namespace, name)}>, not a Tailoring"


def _read_tailoring(doc: XmlDocument) -> TailoringFile:
    element, path = _find(doc, "Tailoring", _not_a_tailoring)
    reader = _Reader(doc)
    tailoring = reader.tailoring(element, path)
    if reader.problems:
        raise LoadError(doc.file, reader.problems)
    return tailoring


def _read(doc: XmlDocument) -> Benchmark:
    element, path = _find(doc, "Benchmark", _not_a_benchmark)
    reader = _Reader(doc)
    bench = reader.benchmark(element, path)
    if reader.problems:
        raise LoadError(doc.file, reader.problems)
    return bench


def load_benchmark(path: str | os.PathLike[str]) -> Benchmark:
    """
    Read an XCCDF 1.2 benchmark (with its test results, if any) from a file.

    >>> load_benchmark("no-such.xml")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: no-such.xml: cannot read the file: No such file or directory @ $
    """
    return _read(read_xml(path))


def loads_benchmark(data: bytes | str, source: str = "<string>") -> Benchmark:
    """
    Read an XCCDF 1.2 benchmark from bytes or text; *source* names it in messages.

    >>> loads_benchmark("<Benchmark/>")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: <string>: not XCCDF 1.2: the Benchmark is in namespace '(none)', not 'http://checklists.nist.gov/xccdf/1.2' @ /Benchmark
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return _read(read_xml(raw, source))


def load_tailoring(path: str | os.PathLike[str]) -> TailoringFile:
    """
    Read an XCCDF 1.2 ``Tailoring`` document (``oscap xccdf eval --tailoring-file``)
    from a file, as safely as :func:`load_benchmark` reads a benchmark. Its
    references are checked when it is applied to a benchmark
    (:func:`~parlib.xccdf.tailor.tailor`).

    >>> load_tailoring("no-such.xml")
    Traceback (most recent call last):
    ...
    parlib.errors.LoadError: no-such.xml: cannot read the file: No such file or directory @ $
    """
    return _read_tailoring(read_xml(path))


def loads_tailoring(data: bytes | str, source: str = "<string>") -> TailoringFile:
    """
    Read an XCCDF 1.2 ``Tailoring`` document from bytes or text; *source* names it in messages.

    >>> t = loads_tailoring('''<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_x_tailoring_t">
    ...   <benchmark href="b.xml"/><version time="2024-01-01T00:00:00">1</version>
    ...   <Profile id="xccdf_x_profile_mine" extends="xccdf_x_profile_std">
    ...     <select idref="xccdf_x_rule_r" selected="false"/>
    ...   </Profile>
    ... </Tailoring>''', "t.xml")
    >>> t.profile("mine").selectors[0].idref, t.benchmark_href
    ('xccdf_x_rule_r', 'b.xml')
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return _read_tailoring(read_xml(raw, source))
