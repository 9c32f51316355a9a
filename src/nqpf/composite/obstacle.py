"""The obstacle-degree model: how much each indicator holds a region's score back (its weight times
its shortfall from the best normalised value, as a share of the region's total shortfall), and the
same summed by dimension. No maintained library provides it, so it is written here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from nqpf.errors import NqpfError

__all__ = ["obstacle_by_dimension", "obstacle_degree"]

_UNIT_TOLERANCE = 1e-9  # normalised values may stray this far outside [0, 1] by rounding


def _names(names: Any, expected: int, param: str) -> list[str]:
    if isinstance(names, str | bytes):
        raise NqpfError(f"{param} must be a sequence of names, not a single string")
    out = list(names)
    if len(out) != expected:
        raise NqpfError(f"{param} must have {expected} names, got {len(out)}")
    seen: set[Any] = set()
    for name in out:
        if name in seen:
            raise NqpfError(f"{param} must be unique; {name!r} appears more than once")
        seen.add(name)
    return out


def obstacle_degree(
    Xn: Any,  # upper-case as in the literature: the normalised decision matrix
    weights: Any,
    indicator_names: Sequence[str],
    unit_names: Sequence[str],
) -> pd.DataFrame:
    """Obstacle degree of each indicator for each unit (province or province-year), in percent.

    With normalised indicator values :math:`x_{ij}` (unit *i*, indicator *j*), the indicator deviation is
    :math:`I_{ij} = 1 - x_{ij}` (distance from the best observed value), the factor contribution is the
    indicator weight :math:`F_j = w_j`, and

    .. math:: O_{ij} = \\frac{F_j I_{ij}}{\\sum_j F_j I_{ij}} \\times 100

    so each unit's row sums to 100. Some papers use :math:`F_j = R_d w_j` with a dimension weight
    :math:`R_d`; pass those products as ``weights`` for that variant. Scaling all weights by a constant does not
    change the result.

    Parameters
    ----------
    Xn : array-like, shape (n_units, n_indicators)
        Normalised, benefit-oriented indicator values in [0, 1] (1 = best), e.g. min-max normalised with cost
        indicators reversed.
    weights : array-like, shape (n_indicators,)
        Non-negative indicator weights (e.g. entropy weights), not all zero.
    indicator_names : sequence of str
        One unique name per column of ``Xn``.
    unit_names : sequence of str
        One unique name per row of ``Xn``.

    Returns
    -------
    pandas.DataFrame
        Index ``unit_names`` (named ``"unit"``), columns ``indicator_names``, obstacle degrees in percent.
        A unit at the frontier (x = 1) on every weighted indicator faces no obstacle: its row is all 0 and sums
        to 0, not 100, rather than NaN from 0/0.

    Raises
    ------
    NqpfError
        If ``Xn`` is not a 2-D finite array in [0, 1], ``weights`` does not match its columns or is negative or
        all zero, or the names do not match the shape or repeat.
    """
    try:
        x = np.asarray(Xn, dtype=float)
    except (TypeError, ValueError) as exc:
        raise NqpfError(f"Xn must be numbers: {exc}") from None
    if x.ndim != 2 or x.shape[0] < 1 or x.shape[1] < 1:
        raise NqpfError(f"Xn must be a non-empty 2-D array (units x indicators), got shape {x.shape}")
    if not np.isfinite(x).all():
        raise NqpfError("Xn must be finite; normalise missing values away before computing obstacle degrees")
    if x.min() < -_UNIT_TOLERANCE or x.max() > 1 + _UNIT_TOLERANCE:
        raise NqpfError(f"Xn must be normalised to [0, 1], got values from {x.min()} to {x.max()}")
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError) as exc:
        raise NqpfError(f"weights must be numbers: {exc}") from None
    if w.shape != (x.shape[1],):
        raise NqpfError(f"weights must have one value per indicator ({x.shape[1]}), got shape {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise NqpfError("weights must be finite, non-negative and not all zero")
    columns = _names(indicator_names, x.shape[1], "indicator_names")
    index = _names(unit_names, x.shape[0], "unit_names")

    contribution = w[None, :] * (1.0 - np.clip(x, 0.0, 1.0))
    row_total = contribution.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        obstacles = np.where(row_total > 0, contribution / row_total * 100.0, 0.0)
    return pd.DataFrame(obstacles, index=pd.Index(index, name="unit"), columns=columns)


def obstacle_by_dimension(obstacles: pd.DataFrame, dimension_of: Mapping[str, str]) -> pd.DataFrame:
    """Sum indicator obstacle degrees per dimension (e.g. workers, means of labour, objects of labour).

    Parameters
    ----------
    obstacles : pandas.DataFrame
        Output of :func:`obstacle_degree` (units x indicators).
    dimension_of : mapping
        Indicator name -> dimension name; must cover every column of ``obstacles`` (extra keys are ignored).

    Returns
    -------
    pandas.DataFrame
        Same index, one column per dimension in order of first appearance among the indicators; rows still sum
        to 100 (or 0 for a unit at the frontier).

    Raises
    ------
    NqpfError
        If ``obstacles`` is not a DataFrame or an indicator has no (or an empty) dimension.
    """
    if not isinstance(obstacles, pd.DataFrame):
        raise NqpfError(f"obstacles must be a pandas DataFrame, not {type(obstacles).__name__}")
    if not isinstance(dimension_of, Mapping):
        raise NqpfError(f"dimension_of must be a mapping indicator -> dimension, not {type(dimension_of).__name__}")
    missing = [col for col in obstacles.columns if col not in dimension_of]
    if missing:
        raise NqpfError(f"dimension_of has no dimension for indicator(s): {', '.join(map(str, missing))}")
    for col in obstacles.columns:
        dim = dimension_of[col]
        if not isinstance(dim, str) or not dim.strip():
            raise NqpfError(f"dimension_of[{col!r}] must be a non-empty dimension name, not {dim!r}")
    dims = [dimension_of[col] for col in obstacles.columns]
    order = list(dict.fromkeys(dims))
    summed = obstacles.T.groupby(dims, sort=False).sum().T
    summed = summed[order]
    summed.columns.name = None
    return summed
