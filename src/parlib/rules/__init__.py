"""
Leaf rules: the built-ins and the :data:`RULES` registry that data files name.

>>> RULES.get("bands") is Bands
True
>>> sorted(RULES.names())[:3]
['bands', 'boolean', 'count']
"""

from __future__ import annotations

from parlib.plugins import Registry
from parlib.rules.base import Outcome, Rule, Value
from parlib.rules.boolean import Boolean
from parlib.rules.counting import Count, Deduction
from parlib.rules.manual import Manual
from parlib.rules.numeric import Bands, Linear, Ratio, Threshold
from parlib.rules.panel import Panel
from parlib.rules.result import Result
from parlib.rules.survey import Likert
from parlib.rules.table import Table
from parlib.rules.tiers import Severity

__all__ = [
    "RULES",
    "Threshold",
    "Bands",
    "Boolean",
    "Count",
    "Deduction",
    "Likert",
    "Linear",
    "Manual",
    "Outcome",
    "Panel",
    "Ratio",
    "Result",
    "Rule",
    "Severity",
    "Table",
    "Value",
]

RULES: Registry[type[Rule]] = Registry("rule", group="parlib.rules")
"""Rule classes by the ``type`` name data files use."""

for _cls in (Boolean, Bands, Linear, Ratio, Count, Deduction, Likert, Manual, Severity, Table, Panel, Result):
    RULES.register(_cls.type, _cls)
