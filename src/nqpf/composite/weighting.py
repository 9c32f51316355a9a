"""Weights (equal, entropy, CRITIC, PCA, user), aggregation (arithmetic, geometric, TOPSIS), ranks
and reliability (Cronbach's alpha) of the composite index, as pure numpy functions."""

from __future__ import annotations

from typing import Any

import numpy as np

from nqpf.composite.checks import (
    as_directions,
    as_matrix,
    check_choice,
    check_complete,
    check_spread,
    check_weight_matrix,
    check_weight_vector,
)
from nqpf.composite.ranking import average_ranks
from nqpf.errors import NqpfError

WEIGHT_METHODS = ("equal", "entropy", "critic", "pca", "user")
AGGREGATION_METHODS = ("arithmetic", "geometric", "topsis")

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
    check_choice(method, WEIGHT_METHODS, "weighting method")
    arr = as_matrix(Xn, "Xn")
    k = arr.shape[1]
    if user is not None and method != "user":
        raise NqpfError(f"user weights were given but the weighting method is {method!r}, not 'user'")
    if method == "equal":
        return np.full(k, 1 / k)
    if method == "user":
        if user is None:
            raise NqpfError("weighting method 'user' needs the user weights")
        return check_weight_vector(user, k, "user weights")
    if method == "entropy":
        source = arr if raw is None else as_matrix(raw, "raw")
        if source.shape[1] != k:
            raise NqpfError(f"raw has {source.shape[1]} indicators, Xn has {k}")
        return _entropy_weights(source, "raw" if raw is not None else "Xn")
    check_complete(arr, "Xn")
    check_spread(arr)
    return _critic_weights(arr) if method == "critic" else _pca_weights(arr)


def _entropy_weights(M: np.ndarray, name: str) -> np.ndarray:
    check_complete(M, name)
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
    check_choice(method, AGGREGATION_METHODS, "aggregation method")
    arr = as_matrix(Xn, "Xn")
    wv = check_weight_vector(w, arr.shape[1], "weights")
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
    check_choice(method, AGGREGATION_METHODS, "aggregation method")
    arr = as_matrix(Xn, "Xn")
    Wm = check_weight_matrix(W, arr.shape[1], "W")
    return _aggregate_rows(arr, Wm, method, directions)


def _aggregate_rows(X: np.ndarray, W: np.ndarray, method: str, directions: Any) -> np.ndarray:
    if method == "arithmetic":
        return W @ X.T
    if method == "geometric":
        return _geometric(X, W)
    if directions is None:
        raise NqpfError("topsis needs directions (+1 benefit / -1 cost per indicator) for the raw matrix")
    return _topsis(X, W, as_directions(directions, X.shape[1]))


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
    return average_ranks(-arr, axis=-1)


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
    arr = as_matrix(Xn, "Xn")
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
