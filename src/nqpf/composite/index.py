"""The composite index: panel -> indicator table -> imputation -> outlier treatment ->
normalisation (pooled over years) -> weights -> aggregation, with dimension sub-scores.

``compute_index`` returns the number; ``IndexResult`` keeps every intermediate (the treated
and normalised matrices, the weights, the winsorisation log) so a report can show why a
region scores what it scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from nqpf.composite import methods
from nqpf.composite.framework import Framework, indicator_table
from nqpf.errors import NqpfError

WEIGHTS = ("equal", "entropy", "critic", "pca", "user")
AGGREGATIONS = ("arithmetic", "geometric", "topsis")
NORMALISATIONS = ("minmax", "zscore", "rank", "distance_to_frontier")
IMPUTATIONS = ("none", "linear", "nearest")
OUTLIERS = ("winsorise", "none")


@dataclass(frozen=True)
class IndexOptions:
    weights: str = "entropy"
    aggregation: str = "topsis"
    normalisation: str = "minmax"
    imputation: str = "linear"
    outliers: str = "winsorise"
    # a region-year with a smaller share of indicators observed (not imputed) is left out
    min_coverage: float = 0.0

    @property
    def method(self) -> str:
        return f"{self.weights}-{self.aggregation}"

    def validate(self) -> IndexOptions:
        for value, allowed, what in ((self.weights, WEIGHTS, "weighting"), (self.aggregation, AGGREGATIONS,
                                     "aggregation"), (self.normalisation, NORMALISATIONS, "normalisation"),
                                     (self.imputation, IMPUTATIONS, "imputation"), (self.outliers, OUTLIERS,
                                     "outlier treatment")):
            if value not in allowed:
                raise NqpfError(f"unknown {what} '{value}': use one of {', '.join(allowed)}")
        if not 0 <= self.min_coverage <= 1:
            raise NqpfError(f"minimum coverage {self.min_coverage:g} is not a share between 0 and 1")
        if self.aggregation == "geometric" and self.normalisation == "zscore":
            raise NqpfError("geometric aggregation needs positive normalised values: z-scores are not; "
                            "use --normalise minmax, rank or distance_to_frontier")
        return self


def parse_method(method: str) -> tuple[str, str]:
    """'entropy-topsis' -> ('entropy', 'topsis')."""
    parts = method.lower().split("-")
    if len(parts) != 2 or parts[0] not in WEIGHTS or parts[1] not in AGGREGATIONS:
        raise NqpfError(f"unknown method '{method}': use WEIGHTS-AGGREGATION with weights in "
                        f"{'/'.join(WEIGHTS)} and aggregation in {'/'.join(AGGREGATIONS)}, e.g. entropy-topsis")
    return parts[0], parts[1]


@dataclass
class IndexResult:
    """Scores and everything that produced them."""

    framework: Framework
    options: IndexOptions
    table: pd.DataFrame  # indicators after imputation and outlier treatment, (region, year) index
    normalised: pd.DataFrame  # benefit-oriented, pooled over all years
    weights: pd.Series  # global indicator weights, summing to 1
    scores: pd.DataFrame  # region, year, score, rank, coverage, imputed, one column per dimension
    treated: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[dict[str, Any]] = field(default_factory=list)  # region, year, coverage below the minimum

    def ranking(self, year: int | None = None) -> pd.DataFrame:
        year = int(self.scores["year"].max()) if year is None else year
        return self.scores[self.scores["year"] == year].sort_values("rank")


def prepare(framework: Framework, panel: pd.DataFrame, years: tuple[int, int] | None = None, *,
            partial: bool = False) -> pd.DataFrame:
    """The framework's indicator table for provinces (the national row left out) in ``years``
    (``partial``: a panel of stored figures, see ``indicator_table``)."""
    table = indicator_table(framework, panel, partial=partial)
    table = table[table.index.get_level_values("region") != "CN"]
    first, last = years or framework.years or (int(table.index.get_level_values("year").min()),
                                               int(table.index.get_level_values("year").max()))
    if first > last:
        raise NqpfError(f"empty year range {first}-{last}")
    in_range = table.index.get_level_values("year").to_series().between(first, last).to_numpy()
    table = table[in_range]
    if table.empty or table.notna().sum().sum() == 0:
        raise NqpfError(f"no data for {first}-{last} in the panel")
    return table.sort_index()


def compute_index(table: pd.DataFrame, framework: Framework, options: IndexOptions | None = None,
                  user_weights: dict[str, float] | None = None) -> IndexResult:
    """Score every region-year of ``table`` (from ``prepare``) with ``options``."""
    options = (options or IndexOptions()).validate()
    indicators = framework.indicators
    columns = [i.id for i in indicators]
    directions = np.array([i.direction for i in indicators], dtype=float)
    observed = table[columns].notna().mean(axis=1)
    table = methods.impute(table[columns], options.imputation)
    filled = table.notna().mean(axis=1)
    scored = table.notna().any(axis=1) & (observed >= options.min_coverage)
    left_out = [{"region": r, "year": int(y), "coverage": round(float(c), 4)}
                for (r, y), c in observed[~scored & (observed > 0)].items()]
    table, observed, filled = table[scored], observed[scored], filled[scored]  # none at all: not scored
    if table.empty:
        raise NqpfError(f"no region-year has {options.min_coverage:.0%} of the indicators observed; "
                        "lower --min-coverage to score what is known")
    x = table.to_numpy(dtype=float)
    treated: list[dict[str, Any]] = []
    if options.outliers == "winsorise":
        x, treated = methods.winsorise(x)
        for entry in treated:
            entry["indicator"] = columns[entry["indicator"]]
    try:
        xn = methods.normalise(x, directions, options.normalisation)
    except NqpfError as err:
        raise NqpfError(_name_indicator(str(err), columns)) from None
    if options.aggregation == "geometric":
        xn = _positive(xn)
    weights = _weights(xn, framework, options, user_weights)
    scores = pd.DataFrame({"region": table.index.get_level_values("region"),
                           "year": table.index.get_level_values("year").astype(int)})
    scores["score"] = _aggregate(xn, weights, options.aggregation)
    # coverage counts what was observed; what imputation filled in is its own share
    scores["coverage"] = np.round(observed.to_numpy(), 4)
    scores["imputed"] = np.round((filled - observed).to_numpy(), 4)
    ranks = scores.groupby("year")["score"].rank(ascending=False, method="min")
    scores["rank"] = ranks.astype(int) if ranks.notna().all() else ranks  # 1, 2, 2, 4 as in a league table
    for dim in framework.dimensions:
        idx = [columns.index(i.id) for i in dim.indicators]
        w = weights[idx] / weights[idx].sum()
        scores[dim.id] = _aggregate(xn[:, idx], w, options.aggregation)
    return IndexResult(framework, options, pd.DataFrame(x, index=table.index, columns=columns),
                       pd.DataFrame(xn, index=table.index, columns=columns),
                       pd.Series(weights, index=columns), scores.reset_index(drop=True), treated, left_out)


def _name_indicator(message: str, columns: list[str]) -> str:
    import re

    m = re.search(r"indicator (\d+)", message)
    return message.replace(m.group(0), f"indicator {columns[int(m.group(1))]}") if m else message


def _positive(xn: np.ndarray) -> np.ndarray:
    """Geometric means need positive values: min-max scores go to [1, 100] as COINr does."""
    lo, hi = np.nanmin(xn, axis=0), np.nanmax(xn, axis=0)
    return 1 + 99 * (xn - lo) / np.where(hi > lo, hi - lo, 1)


def _weights(xn: np.ndarray, framework: Framework, options: IndexOptions,
             user_weights: dict[str, float] | None) -> np.ndarray:
    indicators = framework.indicators
    if options.weights == "user" or all(i.weight is not None for i in indicators):
        given = user_weights or {i.id: _framework_weight(framework, i) for i in indicators}
        missing = [i.id for i in indicators if i.id not in given]
        if missing:
            raise NqpfError(f"user weights missing for {', '.join(missing)}")
        return methods.weights(xn, "user", user=np.array([given[i.id] for i in indicators], dtype=float))
    complete = xn[np.isfinite(xn).all(axis=1)]
    if len(complete) < 3:
        raise NqpfError("too few complete region-years to estimate weights: use equal weights "
                        "(--method equal-arithmetic) or imputation")
    w = methods.weights(_positive(complete) if options.weights == "entropy" else complete, options.weights)
    dims = framework.dimensions
    if all(d.weight is not None for d in dims):
        # data-driven weights within dimensions, the framework's between them
        for d in dims:
            idx = [indicators.index(i) for i in d.indicators]
            w[idx] = w[idx] / w[idx].sum() * d.weight
    return w / w.sum()


def _framework_weight(framework: Framework, indicator) -> float:
    dim = next(d for d in framework.dimensions if d.id == indicator.dimension)
    share = dim.weight if dim.weight is not None else 1 / len(framework.dimensions)
    return indicator.weight * share


def _aggregate(xn: np.ndarray, w: np.ndarray, method: str) -> np.ndarray:
    """Aggregate rows; a row with gaps uses the weights of what it has, rescaled to sum to 1."""
    ones = np.ones(xn.shape[1])
    gaps = ~np.isfinite(xn).all(axis=1)
    if not gaps.any():
        return methods.aggregate(xn, w, method, directions=ones)
    out = np.empty(len(xn))
    full = ~gaps
    if method == "topsis":
        # ideal and anti-ideal from every row, so rows with gaps are measured on the same scale
        lo, hi = np.nanmin(xn, axis=0), np.nanmax(xn, axis=0)
        scaled = (xn - lo) / np.where(hi > lo, hi - lo, 1)
        mask = np.isfinite(scaled)
        wr = np.where(mask, w, 0.0)
        wr = wr / wr.sum(axis=1, keepdims=True)
        v = np.nan_to_num(scaled) * wr
        d_plus = np.sqrt(np.sum(np.where(mask, (v - wr) ** 2, 0.0), axis=1))
        d_minus = np.sqrt(np.sum(np.where(mask, v ** 2, 0.0), axis=1))
        return d_minus / (d_plus + d_minus)
    out[full] = methods.aggregate(xn[full], w, method, directions=ones)
    for row in np.flatnonzero(gaps):
        have = np.isfinite(xn[row])
        out[row] = methods.aggregate(xn[row:row + 1, have], w[have] / w[have].sum(), method,
                                     directions=ones[have])[0] if have.any() else np.nan
    return out
