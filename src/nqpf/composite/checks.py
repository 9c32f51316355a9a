"""Validation of the composite index's numerical inputs: matrices, directions, weight vectors,
with errors that name an indicator by its column index ("indicator 3"), which callers map back."""

from __future__ import annotations

from typing import Any

import numpy as np

from nqpf.errors import NqpfError

WEIGHT_SUM_TOLERANCE = 1e-6

def check_choice(value: str, choices: tuple[str, ...], name: str) -> None:
    if value not in choices:
        raise NqpfError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def as_matrix(X: Any, name: str, *, min_rows: int = 1) -> np.ndarray:
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


def as_directions(directions: Any, n_indicators: int) -> np.ndarray:
    d = np.asarray(directions, dtype=float).ravel()
    if d.size != n_indicators:
        raise NqpfError(f"directions has {d.size} entries for {n_indicators} indicators")
    bad = np.flatnonzero((d != 1) & (d != -1))
    if bad.size:
        raise NqpfError(f"directions must be +1 or -1; indicator {bad[0]} has {d[bad[0]]:g}")
    return d


def check_weight_vector(w: Any, n_indicators: int, name: str) -> np.ndarray:
    arr = np.asarray(w, dtype=float)
    if arr.ndim != 1 or arr.size != n_indicators:
        raise NqpfError(f"{name} must have one weight per indicator ({n_indicators}), got shape {arr.shape}")
    check_weight_values(arr[None, :], name)
    return arr


def check_weight_matrix(W: Any, n_indicators: int, name: str) -> np.ndarray:
    arr = np.asarray(W, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != n_indicators or arr.shape[0] == 0:
        raise NqpfError(f"{name} must have shape (n_draws, {n_indicators}), got {arr.shape}")
    check_weight_values(arr, name)
    return arr


def check_weight_values(W: np.ndarray, name: str) -> None:
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


def check_spread(X: np.ndarray) -> None:
    """Every indicator needs values, and two different ones: a constant carries no information
    and would divide by a zero spread."""
    observed = ~np.isnan(X)
    for j in range(X.shape[1]):
        col = X[observed[:, j], j]
        if col.size == 0:
            raise NqpfError(f"indicator {j} has no values")
        if col.min() == col.max():
            raise NqpfError(f"indicator {j} is constant (every value is {col[0]:g}); drop it from the index")


def check_complete(X: np.ndarray, name: str) -> None:
    missing = np.isnan(X).any(axis=0)
    if missing.any():
        raise NqpfError(f"indicator {int(np.flatnonzero(missing)[0])} of {name} has missing values; "
                        "impute them or drop incomplete rows before estimating weights")


