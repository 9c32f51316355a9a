"""Average ranks in numpy: what the index needs of ``scipy.stats.rankdata`` (ties share their
average rank, NaN stays NaN), without importing scipy.stats, which costs several hundred
milliseconds of every index command's start."""

from __future__ import annotations

import numpy as np


def average_ranks(x: np.ndarray, axis: int = 0) -> np.ndarray:
    """Ranks 1..n of ``x`` along ``axis`` (the smallest is 1), ties sharing their average rank and
    missing values (NaN) left out and NaN in the result: ``rankdata(x, "average", axis=axis,
    nan_policy="omit")``."""
    values = np.moveaxis(np.asarray(x, dtype=float), axis, -1)
    out = np.full(values.shape, np.nan)
    rows, ranked = values.reshape(-1, values.shape[-1]), out.reshape(-1, values.shape[-1])
    for i, row in enumerate(rows):
        known = ~np.isnan(row)
        v = row[known]
        if not v.size:
            continue
        order = np.argsort(v, kind="mergesort")
        ordered = v[order]
        first = np.r_[True, ordered[1:] != ordered[:-1]]  # where a run of equal values starts
        starts = np.flatnonzero(first)
        ends = np.r_[starts[1:], v.size]
        r = np.empty(v.size)
        r[order] = ((starts + 1 + ends) / 2)[np.cumsum(first) - 1]  # positions start..end-1 hold ranks start+1..end
        ranked[i, known] = r
    return np.moveaxis(out, -1, axis)
