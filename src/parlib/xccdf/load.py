"""
Reading an XCCDF 1.2 document into the :mod:`parlib.xccdf.model` classes.

The root must be an XCCDF 1.2 ``Benchmark`` (the file ``oscap xccdf eval
--results`` writes is one, with its ``TestResult`` inside) or a SCAP source
data stream holding one. Every problem is a :class:`~parlib.errors.LoadError`
line naming the file, the line and an XPath-like path: unknown attribute
values, duplicate ids, and references to items, clusters or profiles that do
not exist (``select``, ``refine-rule``, ``extends``, ``rule-result``).

>>> bench = loads_benchmark(b'''<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_b_benchmark_b">
...   <Group id="xccdf_b_group_g" weight="2"><Rule id="xccdf_b_rule_r" weight="0.5"/></Group>
... </Benchmark>''')
>>> bench.item("xccdf_b_rule_r").weight
Fraction(1, 2)
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
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
    TestResult,
)
from parlib.xccdf.parse import XmlDocument, local_name, read_xml, step

__all__ = ["NS", "load_benchmark", "loads_benchmark"]

NS = "http://checklists.nist.gov/xccdf/1.2"
"""The XCCDF 1.2 namespace."""

_OTHER_XCCDF = {
    "http://checklists.nist.gov/xccdf/1.1": "XCCDF 1.1",
    "http://checklists.nist.gov/xccdf/1.0": "XCCDF 1.0",
}
_DS = "http://scap.nist.gov/schema/scap/source/1.2"
_TRUE = {"true": True, "1": True, "false": False, "0": False}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


class _Reader:
    """Walks the tree once, building model objects and collecting problems."""

    def __init__(self, doc: XmlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

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
            if element.tag == _q("Group"):
                children = self.items(element, here)
                out.append(Group(ident, title, weight, selected, cluster, children, path=here, line=line))
            else:
                role = self.role(element, here) or "full"
                out.append(Rule(ident, title, weight, selected, role, cluster, path=here, line=line))
        return tuple(out)

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
        profiles = [
            self.profile(child, f"{here}/{step(child.tag, dict(child.attrib), i + 1)}")
            for i, child in enumerate(element.findall(_q("Profile")))
        ]
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

    def check_references(self, bench: Benchmark) -> None:
        seen: dict[str, str] = {}
        clusters: set[str] = set()
        for item in bench.walk():
            if item.id in seen and item.id:
                self.problems.append(Problem(f"duplicate id {item.id!r} (first at {seen[item.id]})", item.path))
            seen.setdefault(item.id, item.path)
            if item.cluster_id:
                clusters.add(item.cluster_id)
        profile_ids: dict[str, str] = {}
        for profile in bench.profiles:
            if profile.id in profile_ids:
                self.problems.append(
                    Problem(f"duplicate profile id {profile.id!r} (first at {profile_ids[profile.id]})", profile.path)
                )
            profile_ids.setdefault(profile.id, profile.path)
        for profile in bench.profiles:
            if profile.extends and profile.extends not in profile_ids:
                self.problems.append(
                    Problem(
                        f"profile {profile.id!r} extends {profile.extends!r}, which is not a profile of this benchmark",
                        f"{profile.path}/@extends",
                    )
                )
            for sel in profile.selectors:
                if sel.idref not in seen and sel.idref not in clusters:
                    kind = "select" if isinstance(sel, Select) else "refine-rule"
                    self.problems.append(
                        Problem(
                            f"{kind} names {sel.idref!r}, which is neither a group, a rule nor a cluster-id"
                            f" of this benchmark (line {sel.line})",
                            f"{sel.path}/@idref",
                        )
                    )
        rule_ids = {r.id for r in bench.rules()}
        for result in bench.test_results:
            if result.profile and result.profile not in profile_ids:
                self.problems.append(
                    Problem(
                        f"the TestResult names profile {result.profile!r}, which is not in this benchmark",
                        f"{result.path}/profile/@idref",
                    )
                )
            for rr in result.rule_results:
                if rr.idref not in rule_ids:
                    self.problems.append(
                        Problem(
                            f"rule-result for {rr.idref!r}, which is not a rule of this benchmark (line {rr.line})",
                            f"{rr.path}/@idref",
                        )
                    )


def _find_benchmark(doc: XmlDocument) -> tuple[ET.Element, str]:
    """The Benchmark element and its path: the root, or the first one inside a source data stream."""
    root = doc.root
    namespace, _, name = root.tag[1:].partition("}") if root.tag.startswith("{") else ("", "", root.tag)
    if root.tag == _q("Benchmark"):
        return root, "/" + step(root.tag, dict(root.attrib), 1)
    if namespace == _DS:
        for found in root.iter(_q("Benchmark")):
            return found, f"/{name}//Benchmark[@id={found.get('id', '')!r}]"
        raise LoadError(doc.file, [Problem("the SCAP data stream holds no XCCDF 1.2 Benchmark", f"/{name}")])
    if root.tag == _q("TestResult"):
        message = (
            "a TestResult alone cannot be scored: parlib needs its Benchmark"
            " (read the file that `oscap xccdf eval --results` writes, which holds both)"
        )
    elif namespace in _OTHER_XCCDF:
        message = f"{_OTHER_XCCDF[namespace]} is not supported; parlib reads XCCDF 1.2 ({NS})"
    elif name == "Benchmark":
        message = f"not XCCDF 1.2: the Benchmark is in namespace {namespace or '(none)'!r}, not {NS!r}"
    else:
        shown = f"{{{namespace}}}{name}" if namespace else name
        message = f"not an XCCDF 1.2 document: the root element is <{shown}>, not an XCCDF Benchmark"
    raise LoadError(doc.file, [Problem(message, f"/{name}")])


def _read(doc: XmlDocument) -> Benchmark:
    element, path = _find_benchmark(doc)
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
