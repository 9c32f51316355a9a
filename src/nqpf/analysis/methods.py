"""Numerical methods of the composite index: imputation, outlier treatment, normalisation,
weighting and aggregation, as pure numpy functions (in the manner of the JRC's COINr).

A matrix ``X`` has shape (n_units, n_indicators): rows are region-years pooled over all years, so
that scores compare across time; columns are indicators. ``directions`` holds +1 for a benefit
indicator and -1 for a cost indicator. Errors name an indicator by its column index
("indicator 3"), which callers map back to an indicator id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from nqpf.errors import NqpfError

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

IMPUTE_METHODS = ("none", "linear", "nearest")
NORMALISE_METHODS = ("minmax", "zscore", "rank", "distance_to_frontier")
WEIGHT_METHODS = ("equal", "entropy", "critic", "pca", "user")
AGGREGATION_METHODS = ("arithmetic", "geometric", "topsis")

WEIGHT_SUM_TOLERANCE = 1e-6


# --- validation helpers -------------------------------------------------------------------------


def _check_choice(value: str, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise NqpfError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _as_matrix(X: Any, name: str, *, min_rows: int = 1) -> np.ndarray:
    try:
        arr = np.array(X, dtype=float)
    except (TypeError, ValueError) as err:
        raise NqpfError(f"{name} must be a numeric matrix: {err}") from None
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise NqpfError(f"{name} must be a 2-D matrix (units × indicators), got shape {arr.shape}")
    if arr.shape[0] < min_rows:
        raise NqpfError(f"{name} needs at least {min_rows} rows, got {arr.shape[0]}")
    if np.isinf(arr).any():
        j = int(np.flatnonzero(np.isinf(arr).any(axis=0))[0])
        raise NqpfError(f"indicator {j} of {name} has an infinite value")
    return arr


def _as_directions(directions: Any, n_indicators: int) -> np.ndarray:
    d = np.asarray(directions, dtype=float).ravel()
    if d.size != n_indicators:
        raise NqpfError(f"directions has {d.size} entries for {n_indicators} indicators")
    bad = np.flatnonzero((d != 1) & (d != -1))
    if bad.size:
        raise NqpfError(f"directions must be +1 or -1; indicator {bad[0]} has {d[bad[0]]:g}")
    return d


def _check_weight_vector(w: Any, n_indicators: int, name: str) -> np.ndarray:
    arr = np.asarray(w, dtype=float)
    if arr.ndim != 1 or arr.size != n_indicators:
        raise NqpfError(f"{name} must have one weight per indicator ({n_indicators}), got shape {arr.shape}")
    _check_weight_values(arr[None, :], name)
    return arr


def _check_weight_matrix(W: Any, n_indicators: int, name: str) -> np.ndarray:
    arr = np.asarray(W, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != n_indicators or arr.shape[0] == 0:
        raise NqpfError(f"{name} must have shape (n_draws, {n_indicators}), got {arr.shape}")
    _check_weight_values(arr, name)
    return arr


def _check_weight_values(W: np.ndarray, name: str) -> None:
    if not np.isfinite(W).all():
        raise NqpfError(f"{name} has a missing or infinite weight")
    if (W < 0).any():
        j = int(np.flatnonzero((W < 0).any(axis=0))[0])
        raise NqpfError(f"{name} has a negative weight for indicator {j}")
    sums = W.sum(axis=1)
    off = np.flatnonzero(np.abs(sums - 1) > WEIGHT_SUM_TOLERANCE)
    if off.size:
        where = f" (draw {off[0]})" if W.shape[0] > 1 else ""
        raise NqpfError(f"{name}: weights sum to {sums[off[0]]:.6g}, not 1{where}")


def _check_spread(X: np.ndarray) -> None:
    """Every indicator needs values, and two different ones: a constant carries no information
    and would divide by a zero spread."""
    observed = ~np.isnan(X)
    for j in range(X.shape[1]):
        col = X[observed[:, j], j]
        if col.size == 0:
            raise NqpfError(f"indicator {j} has no values")
        if col.min() == col.max():
            raise NqpfError(f"indicator {j} is constant (every value is {col[0]:g}); drop it from the index")


def _check_complete(X: np.ndarray, name: str) -> None:
    missing = np.isnan(X).any(axis=0)
    if missing.any():
        raise NqpfError(f"indicator {int(np.flatnonzero(missing)[0])} of {name} has missing values; "
                        "impute them or drop incomplete rows before estimating weights")


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
    _check_choice(method, IMPUTE_METHODS, "imputation method")
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
    arr = _as_matrix(X, "X")
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
    _check_choice(method, NORMALISE_METHODS, "normalisation method")
    arr = _as_matrix(X, "X")
    d = _as_directions(directions, arr.shape[1])
    _check_spread(arr)
    return _NORMALISERS[method](arr, d)


def _minmax(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    return np.where(d > 0, X - lo, hi - X) / (hi - lo)


def _zscore(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    return (X - np.nanmean(X, axis=0)) / np.nanstd(X, axis=0, ddof=1) * d


def _rank(X: np.ndarray, d: np.ndarray) -> np.ndarray:
    ranks = rankdata(X, method="average", axis=0, nan_policy="omit")
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


# --- weights ------------------------------------------------------------------------------------


def weights(Xn: Any, method: str, *, user: Any = None, raw: Any = None) -> np.ndarray:
    """Indicator weights summing to 1.

    Parameters
    ----------
    Xn : array_like, shape (n_units, n_indicators)
        Normalised, benefit-oriented matrix without missing values (drop or impute incomplete rows).
    method : str
        ``"equal"``: 1 / n_indicators each.
        ``"entropy"``: the entropy method exactly as ``pymcdm.weights.entropy_weights``: each column
        is divided by its sum (p = x / sum x), e_j = -sum(p ln p) / ln(n_units) (0 for a column
        holding a 0), w_j = (1 - e_j) / sum(1 - e). It needs strictly positive values, so pass a
        positive benefit-oriented matrix: the distance-to-frontier normalised matrix, min-max
        values shifted away from 0, or raw positive data via ``raw``.
        ``"critic"``: CRITIC exactly as ``pymcdm.weights.critic_weights``: columns are min-max
        normalised internally (all as benefits; a constant column would be all ones), then
        C_j = std_j (ddof=1) * sum_k (1 - r_jk) with Pearson r, w = C / sum C. Pass the
        benefit-oriented normalised matrix: on min-max data the internal min-max changes nothing,
        whereas raw data would count a cost indicator's correlations with the wrong sign.
        ``"pca"``: principal components of the correlation matrix of ``Xn``; keep those with
        eigenvalue > 1 (at least the first); w_j = sum over kept components of the squared loading
        (loadings scaled to unit sum of squares per component, unrotated) times the component's
        share of the variance explained by the kept components; normalised to sum 1.
        ``"user"``: the given ``user`` weights, validated.
    user : array_like, optional
        Weights for ``"user"``: one per indicator, non-negative, summing to 1 within 1e-6.
    raw : array_like, optional
        Matrix for ``"entropy"`` to use instead of ``Xn`` (same indicators), e.g. positive raw
        data; ignored by the other methods.

    Returns
    -------
    numpy.ndarray, shape (n_indicators,)

    Raises
    ------
    NqpfError
        Unknown method, missing values, a constant indicator (critic, pca), non-positive values
        (entropy), ``user`` missing or given with another method, or user weights that are negative,
        of the wrong length or do not sum to 1 ("weights sum to X, not 1").
    """
    _check_choice(method, WEIGHT_METHODS, "weighting method")
    arr = _as_matrix(Xn, "Xn")
    k = arr.shape[1]
    if user is not None and method != "user":
        raise NqpfError(f"user weights were given but the weighting method is {method!r}, not 'user'")
    if method == "equal":
        return np.full(k, 1 / k)
    if method == "user":
        if user is None:
            raise NqpfError("weighting method 'user' needs the user weights")
        return _check_weight_vector(user, k, "user weights")
    if method == "entropy":
        source = arr if raw is None else _as_matrix(raw, "raw")
        if source.shape[1] != k:
            raise NqpfError(f"raw has {source.shape[1]} indicators, Xn has {k}")
        return _entropy_weights(source, "raw" if raw is not None else "Xn")
    _check_complete(arr, "Xn")
    _check_spread(arr)
    return _critic_weights(arr) if method == "critic" else _pca_weights(arr)


def _entropy_weights(M: np.ndarray, name: str) -> np.ndarray:
    _check_complete(M, name)
    if M.shape[0] < 2:
        raise NqpfError(f"entropy weights need at least 2 rows of {name}")
    non_positive = np.flatnonzero((M <= 0).any(axis=0))
    if non_positive.size:
        raise NqpfError(f"indicator {int(non_positive[0])} of {name} has a value <= 0; entropy weights need "
                        "strictly positive values (use distance_to_frontier or shift min-max values)")
    p = M / M.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    # pymcdm sets the entropy of a column holding a 0 to 0 (only reachable here by underflow)
    entropy = np.where((p == 0).any(axis=0), 0.0, -plogp.sum(axis=0)) / np.log(M.shape[0])
    diversity = 1 - entropy
    if diversity.sum() <= 0:
        raise NqpfError("entropy weights are undefined: every indicator is spread evenly over units")
    return diversity / diversity.sum()


def _critic_weights(M: np.ndarray) -> np.ndarray:
    lo, hi = M.min(axis=0), M.max(axis=0)
    N = (M - lo) / (hi - lo)
    std = N.std(axis=0, ddof=1)
    r = np.corrcoef(N, rowvar=False)
    c = std * np.sum(1 - r, axis=0)
    return c / c.sum()


def _pca_weights(M: np.ndarray) -> np.ndarray:
    if M.shape[0] < 3:
        raise NqpfError("pca weights need at least 3 rows of Xn")
    eigenvalues, vectors = np.linalg.eigh(np.corrcoef(M, rowvar=False))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = eigenvalues[order], vectors[:, order]
    keep = eigenvalues > 1
    keep[0] = True
    share = eigenvalues[keep] / eigenvalues[keep].sum()
    w = (vectors[:, keep] ** 2) @ share
    return w / w.sum()


# --- aggregation --------------------------------------------------------------------------------


def aggregate(Xn: Any, w: Any, method: str, *, directions: Any = None) -> np.ndarray:
    """Composite score of every row.

    Parameters
    ----------
    Xn : array_like, shape (n_units, n_indicators)
        Normalised, benefit-oriented matrix; for ``"topsis"`` the raw matrix instead.
    w : array_like, shape (n_indicators,)
        Non-negative weights summing to 1 (within 1e-6).
    method : str
        ``"arithmetic"``: sum_j w_j x_j.
        ``"geometric"``: prod_j x_j ** w_j; every value must be > 0. Min-max data has a 0 for the
        worst unit of each indicator, so shift it first (COINr-style practice: rescale to [1, 100],
        or add a small epsilon) or use distance_to_frontier; a value <= 0 raises NqpfError.
        ``"topsis"``: closeness coefficient D- / (D+ + D-) exactly as ``pymcdm.methods.TOPSIS()``
        with its default normalisation: each raw column is min-max normalised by ``directions``
        (a cost as (max - x) / (max - min); a constant column becomes all ones), multiplied by the
        weights, and D+ / D- are Euclidean distances to the column maxima / minima.
    directions : array_like, optional
        +1 / -1 per indicator; required for ``"topsis"``, ignored otherwise (``Xn`` is already
        benefit-oriented).

    Returns
    -------
    numpy.ndarray, shape (n_units,)
        NaN for a row with a missing value. TOPSIS ideal points come from the observed values.

    Raises
    ------
    NqpfError
        Bad weights, non-positive values for geometric, missing directions for topsis, unknown method.
    """
    _check_choice(method, AGGREGATION_METHODS, "aggregation method")
    arr = _as_matrix(Xn, "Xn")
    wv = _check_weight_vector(w, arr.shape[1], "weights")
    return _aggregate_rows(arr, wv[None, :], method, directions)[0]


def aggregate_batch(Xn: Any, W: Any, method: str, *, directions: Any = None) -> np.ndarray:
    """``aggregate`` for many weight draws at once (Monte Carlo), vectorised over draws.

    Parameters
    ----------
    Xn : array_like, shape (n_units, n_indicators)
        As in ``aggregate`` (the raw matrix for ``"topsis"``).
    W : array_like, shape (n_draws, n_indicators)
        One weight vector per row, each non-negative and summing to 1.
    method : str
        ``"arithmetic"``, ``"geometric"`` or ``"topsis"`` (see ``aggregate``).
    directions : array_like, optional
        Required for ``"topsis"``.

    Returns
    -------
    numpy.ndarray, shape (n_draws, n_units)
        Row d equals ``aggregate(Xn, W[d], method, directions=directions)``.
    """
    _check_choice(method, AGGREGATION_METHODS, "aggregation method")
    arr = _as_matrix(Xn, "Xn")
    Wm = _check_weight_matrix(W, arr.shape[1], "W")
    return _aggregate_rows(arr, Wm, method, directions)


def _aggregate_rows(X: np.ndarray, W: np.ndarray, method: str, directions: Any) -> np.ndarray:
    if method == "arithmetic":
        return W @ X.T
    if method == "geometric":
        return _geometric(X, W)
    if directions is None:
        raise NqpfError("topsis needs directions (+1 benefit / -1 cost per indicator) for the raw matrix")
    return _topsis(X, W, _as_directions(directions, X.shape[1]))


def _geometric(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    non_positive = np.flatnonzero((X <= 0).any(axis=0))
    if non_positive.size:
        raise NqpfError(f"indicator {int(non_positive[0])} has a value <= 0: geometric aggregation needs positive "
                        "normalised values; use distance_to_frontier, or shift min-max values above 0")
    return np.exp(W @ np.log(X).T)


def _topsis(X: np.ndarray, W: np.ndarray, d: np.ndarray) -> np.ndarray:
    empty = np.flatnonzero(np.isnan(X).all(axis=0))
    if empty.size:
        raise NqpfError(f"indicator {int(empty[0])} has no values")
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    spread = hi - lo
    constant = spread == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        N = np.where(d > 0, X - lo, hi - X) / spread
    N[:, constant] = np.where(np.isnan(X[:, constant]), np.nan, 1.0)
    # With w >= 0, max_u(w * n_u) = w * max_u(n_u), so the squared distance to the weighted ideal is
    # sum_j w_j^2 (n_uj - max_j)^2: one matrix product covers every draw.
    W2 = (W**2).T
    d_plus = np.sqrt(((N - np.nanmax(N, axis=0)) ** 2) @ W2)
    d_minus = np.sqrt(((N - np.nanmin(N, axis=0)) ** 2) @ W2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (d_minus / (d_plus + d_minus)).T


# --- ranks and reliability ----------------------------------------------------------------------


def rank_desc(scores: Any) -> np.ndarray:
    """Ranks with 1 for the highest score; tied scores share their average rank.

    Parameters
    ----------
    scores : array_like, 1-D (n_units,) or 2-D (n_draws, n_units)
        A 2-D array is ranked row by row. NaN scores get a NaN rank and are not counted.

    Returns
    -------
    numpy.ndarray
        Float ranks of the same shape.
    """
    arr = np.asarray(scores, dtype=float)
    if arr.ndim not in (1, 2):
        raise NqpfError(f"scores must be 1-D or 2-D, got shape {arr.shape}")
    return rankdata(-arr, method="average", axis=-1, nan_policy="omit")


def cronbach_alpha(Xn: Any) -> float:
    """Cronbach's alpha of the indicators (columns as items, rows as cases).

    alpha = k / (k - 1) * (1 - sum_j var(x_j) / var(sum_j x_j)), variances with ddof=1, over the
    rows without a missing value.

    Parameters
    ----------
    Xn : array_like, shape (n_units, n_indicators)
        Normalised matrix; at least 2 indicators and 2 complete rows.

    Returns
    -------
    float
    """
    arr = _as_matrix(Xn, "Xn")
    complete = arr[~np.isnan(arr).any(axis=1)]
    k = arr.shape[1]
    if k < 2:
        raise NqpfError("cronbach_alpha needs at least 2 indicators")
    if complete.shape[0] < 2:
        raise NqpfError("cronbach_alpha needs at least 2 rows without missing values")
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        raise NqpfError("cronbach_alpha is undefined: the row totals do not vary")
    return float(k / (k - 1) * (1 - complete.var(axis=0, ddof=1).sum() / total_variance))
