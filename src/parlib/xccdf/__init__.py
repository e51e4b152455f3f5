"""
XCCDF 1.2: read a benchmark and its test results safely (and a tailoring file,
whose profiles apply like the benchmark's own), score them under the four
scoring models (NIST IR 7275r4 section 7.3.2), or convert them into a parlib
framework and assessment.

>>> from fractions import Fraction
>>> bench = loads_benchmark(b'''<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_x_benchmark_b">
...   <Rule id="xccdf_x_rule_a" weight="2"/><Rule id="xccdf_x_rule_b"/>
...   <TestResult id="xccdf_x_testresult_t">
...     <rule-result idref="xccdf_x_rule_a"><result>pass</result></rule-result>
...     <rule-result idref="xccdf_x_rule_b"><result>fail</result></rule-result>
...     <score system="urn:xccdf:scoring:default">100</score>
...   </TestResult>
... </Benchmark>''', "results.xml")
>>> score_benchmark(bench).get(DEFAULT).score
Fraction(200, 3)
"""

from __future__ import annotations

from parlib.xccdf.convert import model_score, to_parlib
from parlib.xccdf.load import NS, load_benchmark, load_tailoring, loads_benchmark, loads_tailoring
from parlib.xccdf.model import (
    Benchmark,
    Group,
    Profile,
    RefineRule,
    Rule,
    RuleResult,
    Select,
    StatedScore,
    TailoringFile,
    TestResult,
)
from parlib.xccdf.parse import read_xml
from parlib.xccdf.scoring import (
    ABSOLUTE,
    DEFAULT,
    FLAT,
    FLAT_UNWEIGHTED,
    MODELS,
    ModelScore,
    Scores,
    rule_results,
    score_benchmark,
    score_model,
)
from parlib.xccdf.tailor import Tailoring, tailor

__all__ = [
    "ABSOLUTE",
    "DEFAULT",
    "FLAT",
    "FLAT_UNWEIGHTED",
    "MODELS",
    "NS",
    "Benchmark",
    "Group",
    "ModelScore",
    "Profile",
    "RefineRule",
    "Rule",
    "RuleResult",
    "Scores",
    "Select",
    "StatedScore",
    "Tailoring",
    "TailoringFile",
    "TestResult",
    "load_benchmark",
    "load_tailoring",
    "loads_benchmark",
    "loads_tailoring",
    "model_score",
    "read_xml",
    "rule_results",
    "score_benchmark",
    "score_model",
    "tailor",
    "to_parlib",
]
