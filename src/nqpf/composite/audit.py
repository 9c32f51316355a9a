"""Statistical audit of an index (after COINr): indicator statistics, correlations within and
across dimensions, Cronbach's alpha, and what happens to ranks when one indicator is dropped."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from nqpf.composite import methods
from nqpf.composite.framework import Dimension, Framework
from nqpf.composite.index import IndexResult, compute_index


@dataclass
class AuditResult:
    indicators: pd.DataFrame  # statistics per indicator
    correlations: pd.DataFrame  # indicator x indicator (Pearson, normalised data)
    with_aggregates: pd.DataFrame  # indicator: correlation with its dimension, other dimensions, index
    alpha: pd.DataFrame  # dimension (and "index"): Cronbach's alpha
    drop_one: pd.DataFrame  # indicator: mean absolute rank shift and Spearman rho when dropped


def audit(result: IndexResult, table: pd.DataFrame) -> AuditResult:
    """Audit ``result``; ``table`` is the prepared indicator table it was computed from."""
    framework = result.framework
    xn = result.normalised
    treated = {t["indicator"] for t in result.treated}
    raw = result.table
    rows = []
    for ind in framework.indicators:
        col = raw[ind.id].dropna()
        rows.append({"indicator": ind.id, "dimension": ind.dimension, "n": int(col.size),
                     "missing": int(table[ind.id].isna().sum()), "mean": col.mean(), "sd": col.std(),
                     "min": col.min(), "max": col.max(), "skew": stats.skew(col), "kurtosis": stats.kurtosis(col),
                     "winsorised": ind.id in treated, "weight": round(float(result.weights[ind.id]), 4)})
    corr = xn.corr()
    scores = result.scores
    with_aggs = []
    for ind in framework.indicators:
        own = np.corrcoef(_complete(xn[ind.id].to_numpy(), scores[ind.dimension].to_numpy()))[0, 1]
        others = [np.corrcoef(_complete(xn[ind.id].to_numpy(), scores[d.id].to_numpy()))[0, 1]
                  for d in framework.dimensions if d.id != ind.dimension]
        with_aggs.append({"indicator": ind.id, "dimension": ind.dimension, "r_own_dimension": round(own, 3),
                          "r_other_dimensions_max": round(max(others), 3) if others else None,
                          "r_index": round(np.corrcoef(_complete(xn[ind.id].to_numpy(),
                                                                 scores["score"].to_numpy()))[0, 1], 3)})
    alpha = [{"dimension": d.id, "alpha": round(methods.cronbach_alpha(xn[[i.id for i in d.indicators]]
                                                                       .to_numpy()), 3)}
             for d in framework.dimensions if len(d.indicators) > 1]
    alpha.append({"dimension": "index", "alpha": round(methods.cronbach_alpha(xn.to_numpy()), 3)})
    return AuditResult(pd.DataFrame(rows), corr.round(3), pd.DataFrame(with_aggs), pd.DataFrame(alpha),
                       _drop_one(result, table))


def _complete(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    keep = np.isfinite(a) & np.isfinite(b)
    return np.vstack([a[keep], b[keep]])


def _drop_one(result: IndexResult, table: pd.DataFrame) -> pd.DataFrame:
    base = result.scores.set_index(["region", "year"])
    out = []
    for ind in result.framework.indicators:
        reduced = _without(result.framework, ind.id)
        if reduced is None:
            continue
        other = compute_index(table, reduced, result.options).scores.set_index(["region", "year"])
        joined = base.merge(other, left_index=True, right_index=True, suffixes=("", "_dropped"))
        rho = stats.spearmanr(joined["score"], joined["score_dropped"]).statistic
        out.append({"indicator": ind.id, "mean_abs_rank_shift": round(float(
            (joined["rank"] - joined["rank_dropped"]).abs().mean()), 3), "spearman_rho": round(float(rho), 4)})
    return pd.DataFrame(out)


def _without(framework: Framework, indicator: str) -> Framework | None:
    dims = []
    for d in framework.dimensions:
        kept = tuple(i for i in d.indicators if i.id != indicator)
        if not kept:
            return None  # dropping the dimension's only indicator changes the framework's shape
        if len(kept) != len(d.indicators) and any(i.weight is not None for i in kept):
            total = sum(i.weight for i in kept)
            kept = tuple(replace(i, weight=i.weight / total) for i in kept)
        dims.append(Dimension(d.id, d.name, d.weight, kept))
    return replace(framework, dimensions=tuple(dims))
