"""
Analysis across units and years: table scoring, ranking with ties, bands and
quantile tiers, comparison, gains, composite indicators and rank uncertainty.

>>> from parlib import frameworks
>>> from parlib.analysis import parse_table, score_table
>>> table = parse_table("unit,D1,D2,D3,D4,D5,D6\\nA,5,5,5,5,5,5\\nB,6,6,6,6,6,6\\nC,6,6,6,6,6,6\\nD,4,4,4,4,4,4\\n")
>>> [(u.unit, u.rank, u.tier) for u in score_table(frameworks.get("papi-2011"), table).units]
[('A', 3, 'Low average'), ('B', 1, 'High average'), ('C', 1, 'High average'), ('D', 4, 'Low')]

B and C tie at 36, which is also the 75th-percentile cut-point: a value equal to a
cut-point stays in the lower tier (PAPI's rule), so nobody is "High" here.
"""

from __future__ import annotations

from parlib.analysis.compare import (
    CardComparison,
    NodeChange,
    TableComparison,
    UnitChange,
    compare_cards,
    compare_tables,
    is_met,
)
from parlib.analysis.composite import AGGREGATE_METHODS, AggregateMethod, aggregate, copeland, indicator_weights
from parlib.analysis.errors import AnalysisError
from parlib.analysis.gains import BandPlan, Gain, fewest_reaching, gains, next_band
from parlib.analysis.impute import IMPUTE_POLICIES, ImputePolicy, impute
from parlib.analysis.indicators import IndicatorMatrix
from parlib.analysis.normalise import NORMALISE_METHODS, NormaliseMethod, normalise, normalise_column
from parlib.analysis.ranking import RANK_METHODS, RankMethod, rank, rank_within, shown
from parlib.analysis.sensitivity import ENGINES, Engine, RankStats, Sensitivity, numpy_available, sensitivity
from parlib.analysis.table import NA_CELLS, UnitTable, cell_path, parse_table, read_table
from parlib.analysis.tablescore import RANK_BY, RankBy, TableScores, UnitScore, cell_response, rank_cards, score_table
from parlib.analysis.tiers import assign_tiers, quantile, quantile_cuts, tier_sizes

__all__ = [
    # errors
    "AnalysisError",
    # tables of units
    "NA_CELLS",
    "UnitTable",
    "cell_path",
    "parse_table",
    "read_table",
    "RANK_BY",
    "RankBy",
    "TableScores",
    "UnitScore",
    "cell_response",
    "rank_cards",
    "score_table",
    # ranking, bands and tiers
    "RANK_METHODS",
    "RankMethod",
    "rank",
    "rank_within",
    "shown",
    "assign_tiers",
    "quantile",
    "quantile_cuts",
    "tier_sizes",
    # comparison and gains
    "CardComparison",
    "NodeChange",
    "TableComparison",
    "UnitChange",
    "compare_cards",
    "compare_tables",
    "is_met",
    "BandPlan",
    "Gain",
    "fewest_reaching",
    "gains",
    "next_band",
    # composite indicators
    "IndicatorMatrix",
    "IMPUTE_POLICIES",
    "ImputePolicy",
    "impute",
    "NORMALISE_METHODS",
    "NormaliseMethod",
    "normalise",
    "normalise_column",
    "AGGREGATE_METHODS",
    "AggregateMethod",
    "aggregate",
    "copeland",
    "indicator_weights",
    # rank uncertainty
    "ENGINES",
    "Engine",
    "RankStats",
    "Sensitivity",
    "numpy_available",
    "sensitivity",
]
