"""
Hypothesis strategies and law checks for parlib objects (needs the ``hypothesis`` extra).
"""
