"""Treatment of the indicator matrix before weighting: imputation of gaps in time, outlier
treatment (winsorisation of skewed indicators, as the JRC's COINr does) and normalisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from nqpf.composite.checks import as_directions, as_matrix, check_choice, check_spread
from nqpf.composite.ranking import average_ranks
from nqpf.errors import NqpfError

IMPUTE_METHODS = ("none", "linear", "nearest")
NORMALISE_METHODS = ("minmax", "zscore", "rank", "distance_to_frontier")

# --- imputation ---------------------------------------------------------------------------------


def impute(frame: pd.DataFrame, method: str) -> pd.DataFrame:
    """Fill gaps in a region-year panel, region by region.

    Parameters
    ----------
    frame : pandas.DataFrame
        Index is a MultiIndex (region, year) with numeric years; one numeric column per indicator,
        NaN where a value is missing. Rows need not be sorted.
    method : str
        ``"none"`` returns a copy unchanged; ``"linear"`` interpolates linearly over years between
        a region's observed values and carries the nearest observed value out to the edges;
        ``"nearest"`` takes the value of the region's nearest observed year (the earlier year on a tie).

    Returns
    -------
    pandas.DataFrame
        Same index and columns as ``frame``. A region with no value at all for an indicator keeps NaN.

    Raises
    ------
    NqpfError
        Unknown method, index not (region, year), duplicate region-years or non-numeric data.
    """
    check_choice(method, IMPUTE_METHODS, "imputation method")
    _check_panel(frame)
    if method == "none":
        return frame.copy()
    years = frame.index.get_level_values(1).to_numpy(dtype=float)
    codes, _ = pd.factorize(frame.index.get_level_values(0))
    values = frame.to_numpy(dtype=float, copy=True)
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        for j in range(values.shape[1]):
            values[rows, j] = _fill_series(years[rows], values[rows, j], method)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns)


def _check_panel(frame: pd.DataFrame) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise NqpfError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    if not isinstance(frame.index, pd.MultiIndex) or frame.index.nlevels != 2:
        raise NqpfError("frame must be indexed by (region, year)")
    if not pd.api.types.is_numeric_dtype(frame.index.get_level_values(1)):
        raise NqpfError("frame's year level must be numeric")
    if frame.index.duplicated().any():
        first = frame.index[frame.index.duplicated()][0]
        raise NqpfError(f"frame has region-year {first} more than once")
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise NqpfError(f"indicator {column} is not numeric")


def _fill_series(years: np.ndarray, values: np.ndarray, method: str) -> np.ndarray:
    observed = ~np.isnan(values)
    if observed.all() or not observed.any():
        return values
    order = np.argsort(years[observed], kind="stable")
    known_years, known_values = years[observed][order], values[observed][order]
    gaps = ~observed
    out = values.copy()
    if method == "linear":
        # np.interp holds the end values beyond the observed range: the nearest-edge rule
        out[gaps] = np.interp(years[gaps], known_years, known_values)
    else:
        distance = np.abs(years[gaps][:, None] - known_years[None, :])
        # argmin takes the first minimum and known_years ascend, so a tie goes to the earlier year
        out[gaps] = known_values[np.argmin(distance, axis=1)]
    return out


# --- outlier treatment --------------------------------------------------------------------------


def winsorise(X: Any, *, skew_threshold: float = 2.0, kurtosis_threshold: float = 3.5,
              max_points: int = 5) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Winsorise outlying indicators with COINr's default rule (``Treat()`` / ``qTreat()``).

    An indicator is treated when ``|skewness| > skew_threshold`` and ``kurtosis > kurtosis_threshold``.
    Its most extreme value on the side of the skew (high when skewness >= 0, as in COINr) is set to
    the next value, one point at a time, until either measure is within its threshold or
    ``max_points`` points have been changed. Values tied at the extreme are moved together and all
    count as treated points (so the count can pass ``max_points`` when the data hold ties, as in
    COINr). NaNs are ignored; an indicator with fewer than 4 values is left alone because the
    kurtosis is undefined.

    Parameters
    ----------
    X : array_like, shape (n_units, n_indicators)
    skew_threshold, kurtosis_threshold : float
        COINr's defaults are 2 and 3.5.
    max_points : int
        Most points to winsorise per indicator (COINr's ``winmax``, default 5).

    Returns
    -------
    treated : numpy.ndarray
        A treated copy of ``X``.
    log : list of dict
        One entry per treated indicator: ``{"indicator": j, "points": k, "side": "high" | "low"}``,
        where side is that of the first treated point.
    """
    arr = as_matrix(X, "X")
    if skew_threshold <= 0 or kurtosis_threshold <= 0:
        raise NqpfError("skew_threshold and kurtosis_threshold must be positive")
    if int(max_points) != max_points or max_points < 0:
        raise NqpfError(f"max_points must be a non-negative integer, not {max_points!r}")
    out = arr.copy()
    log: list[dict[str, Any]] = []
    for j in range(out.shape[1]):
        entry = _winsorise_column(out[:, j], skew_threshold, kurtosis_threshold, int(max_points))
        if entry is not None:
            log.append({"indicator": j, **entry})
    return out, log


def _skew_kurtosis(x: np.ndarray) -> tuple[float, float]:
    """COINr's ``skew()`` and ``kurt()``: the sample-adjusted G1 skewness and G2 excess kurtosis
    (e1071 type 2, as Excel's SKEW and KURT), not the population g1/g2."""
    n = x.size
    if x.min() == x.max():
        # rounding in the mean would otherwise give a constant a spurious skew
        return 0.0, 0.0
    d = x - x.mean()
    m2 = np.sum(d**2)
    g1 = np.sqrt(n) * np.sum(d**3) / m2**1.5
    skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
    r = n * np.sum(d**4) / m2**2
    kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    return float(skew), float(kurt)


def _is_outlying(x: np.ndarray, skew_threshold: float, kurtosis_threshold: float) -> bool:
    skew, kurt = _skew_kurtosis(x)
    return abs(skew) > skew_threshold and kurt > kurtosis_threshold


def _winsorise_column(col: np.ndarray, skew_threshold: float, kurtosis_threshold: float,
                      max_points: int) -> dict[str, Any] | None:
    """Treat ``col`` in place; the log entry, or None when nothing changed."""
    where = np.flatnonzero(~np.isnan(col))
    if where.size < 4:
        return None
    x = col[where]
    changed = np.zeros(x.size, dtype=bool)
    side = None
    # each step moves the extreme onto the next value, so the points already moved tie with it and
    # move again: count changed positions, not moves (COINr counts the tie, which is the same)
    while changed.sum() < max_points and _is_outlying(x, skew_threshold, kurtosis_threshold):
        high = _skew_kurtosis(x)[0] >= 0
        extreme = x == (x.max() if high else x.min())
        x[extreme] = x[~extreme].max() if high else x[~extreme].min()
        changed |= extreme
        side = side or ("high" if high else "low")
    if not changed.any():
        return None
    col[where] = x
    return {"points": int(changed.sum()), "side": side}


# --- normalisation ------------------------------------------------------------------------------


def normalise(X: Any, directions: Any, method: str) -> np.ndarray:
    """Put every indicator on a common, benefit-oriented scale (higher is better).

    Parameters
    ----------
    X : array_like, shape (n_units, n_indicators)
        Raw (or treated) values pooled over all years; NaN where missing.
    directions : array_like, shape (n_indicators,)
        +1 for a benefit indicator, -1 for a cost indicator.
    method : str
        ``"minmax"``: (x - min) / (max - min), a cost as (max - x) / (max - min).
        ``"zscore"``: (x - mean) / std (ddof=1), times the direction.
        ``"rank"``: average rank of ties scaled to [0, 1] as (rank - 1) / (n - 1) over the n
        observed values; a cost as 1 minus that.
        ``"distance_to_frontier"``: x / max, a cost as min / x; needs positive values.

    Returns
    -------
    numpy.ndarray
        Normalised copy, NaN where ``X`` is NaN.

    Raises
    ------
    NqpfError
        An indicator with no values or a constant one ("indicator N is constant ..."), a
        non-positive value under distance_to_frontier, bad directions or an unknown method.
    """
    check_choice(method, NORMALISE_METHODS, "normalisation method")
    arr = as_matrix(X, "X")
    d = as_directions(directions, arr.shape[1])
    check_spread(arr)
    return _NORMALISERS[method](arr, d)


def _minmax(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    return np.where(d > 0, X - lo, hi - X) / (hi - lo)


def _zscore(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    return (X - np.nanmean(X, axis=0)) / np.nanstd(X, axis=0, ddof=1) * d


def _rank(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    ranks = average_ranks(X, axis=0)
    n = np.sum(~np.isnan(X), axis=0)
    scaled = (ranks - 1) / (n - 1)
    return np.where(d > 0, scaled, 1 - scaled)


def _distance_to_frontier(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    non_positive = np.flatnonzero((X <= 0).any(axis=0))
    if non_positive.size:
        j = int(non_positive[0])
        raise NqpfError(f"indicator {j} has a value <= 0 ({np.nanmin(X[:, j]):g}); distance_to_frontier "
                        "needs positive values: use minmax or rank instead")
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    return np.where(d > 0, X / hi, lo / X)


_NORMALISERS: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "minmax": _minmax,
    "zscore": _zscore,
    "rank": _rank,
    "distance_to_frontier": _distance_to_frontier,
}


