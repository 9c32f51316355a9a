"""Numerical methods of the composite index: imputation, outlier treatment, normalisation,
weighting and aggregation, as pure numpy functions (in the manner of the JRC's COINr).

A matrix ``X`` has shape (n_units, n_indicators): rows are region-years pooled over all years, so
that scores compare across time; columns are indicators. ``directions`` holds +1 for a benefit
indicator and -1 for a cost indicator. Errors name an indicator by its column index
("indicator 3"), which callers map back to an indicator id.

This module is the one place callers import them from; they live in ``treatment`` (before the
weights) and ``weighting`` (weights, aggregation, ranks).
"""

from __future__ import annotations

from nqpf.composite.treatment import IMPUTE_METHODS, NORMALISE_METHODS, impute, normalise, winsorise
from nqpf.composite.weighting import (
    AGGREGATION_METHODS,
    WEIGHT_METHODS,
    aggregate,
    aggregate_batch,
    cronbach_alpha,
    rank_desc,
    weights,
)

__all__ = [
    "AGGREGATION_METHODS",
    "IMPUTE_METHODS",
    "NORMALISE_METHODS",
    "WEIGHT_METHODS",
    "aggregate",
    "aggregate_batch",
    "cronbach_alpha",
    "impute",
    "normalise",
    "rank_desc",
    "weights",
    "winsorise",
]
