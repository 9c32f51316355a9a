"""Uncertainty and sensitivity analysis of the index (COINr-style): a Monte Carlo over method
choices and weight perturbations, vectorised across draws, and Sobol first-order and total
indices (SALib) of each choice's effect on the ranks."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from nqpf.composite import methods
from nqpf.composite.index import IndexResult, _positive
from nqpf.errors import NqpfError

NORMALISATIONS = ("minmax", "rank", "distance_to_frontier")
WEIGHTINGS = ("equal", "entropy", "critic", "pca")
AGGREGATIONS = ("arithmetic", "geometric", "topsis")
PERTURBATION = 0.25  # each weight times U(0.75, 1.25), then rescaled to sum to 1
FACTORS = ("normalisation", "weighting", "aggregation", "weight noise")


@dataclass
class UncertaintyResult:
    ranks: pd.DataFrame  # region, year, nominal_rank, median_rank, p05, p95
    sensitivity: pd.DataFrame  # factor, first_order, total
    draws: int


class _Engine:
    """Precomputes what every draw shares: the raw matrix, each normalisation, base weights."""

    def __init__(self, result: IndexResult, seed: int):
        raw = result.table.to_numpy(dtype=float)
        directions = np.array([i.direction for i in result.framework.indicators], dtype=float)
        self.years = result.scores["year"].to_numpy()
        self.year_values = np.unique(self.years)
        self.nominal = result.scores["rank"].to_numpy()
        self.normalised = {}
        for name in NORMALISATIONS:
            xn = methods.normalise(raw, directions, name)
            # draws need complete rows: a gap left after imputation takes the indicator's mean
            self.normalised[name] = np.where(np.isfinite(xn), xn, np.nanmean(xn, axis=0))
        self.base_weights = {}
        for n, xn in self.normalised.items():
            for w in WEIGHTINGS:
                matrix = _positive(xn) if w == "entropy" else xn
                self.base_weights[(n, w)] = methods.weights(matrix, w)
        rng = np.random.default_rng(seed)
        self.noise_bank = rng.uniform(1 - PERTURBATION, 1 + PERTURBATION, size=(1024, raw.shape[1]))

    def ranks(self, norm: np.ndarray, weighting: np.ndarray, aggregation: np.ndarray,
              noise: np.ndarray) -> np.ndarray:
        """Ranks (draws × region-years) for draws given by choice indices and noise rows."""
        out = np.empty((len(norm), len(self.years)))
        ones = np.ones(next(iter(self.normalised.values())).shape[1])
        for ni, n in enumerate(NORMALISATIONS):
            for wi, w in enumerate(WEIGHTINGS):
                for ai, a in enumerate(AGGREGATIONS):
                    sel = np.flatnonzero((norm == ni) & (weighting == wi) & (aggregation == ai))
                    if not len(sel):
                        continue
                    weights = self.base_weights[(n, w)] * self.noise_bank[noise[sel]]
                    weights /= weights.sum(axis=1, keepdims=True)
                    xn = _positive(self.normalised[n]) if a == "geometric" else self.normalised[n]
                    scores = methods.aggregate_batch(xn, weights, a, directions=ones)
                    for year in self.year_values:
                        cols = self.years == year
                        out[np.ix_(sel, np.flatnonzero(cols))] = methods.rank_desc(scores[:, cols])
        return out


def run_uncertainty(result: IndexResult, *, draws: int = 1000, seed: int = 0,
                    sobol_base: int | None = None) -> UncertaintyResult:
    """Rank intervals from ``draws`` random method choices; Sobol indices of the four factors."""
    if draws < 10:
        raise NqpfError("--draws must be at least 10")
    engine = _Engine(result, seed)
    rng = np.random.default_rng(seed + 1)
    ranks = engine.ranks(rng.integers(len(NORMALISATIONS), size=draws), rng.integers(len(WEIGHTINGS), size=draws),
                         rng.integers(len(AGGREGATIONS), size=draws), rng.integers(1024, size=draws))
    p05, median, p95 = np.percentile(ranks, [5, 50, 95], axis=0)
    table = result.scores[["region", "year", "rank"]].rename(columns={"rank": "nominal_rank"}).copy()
    table["median_rank"], table["p05"], table["p95"] = median, p05, p95
    return UncertaintyResult(table, _sobol(engine, sobol_base or _base_for(draws), seed), draws)


def _base_for(draws: int) -> int:
    base = 2 ** int(np.ceil(np.log2(max(32, draws // 10))))
    return min(base, 512)


def _sobol(engine: _Engine, base: int, seed: int) -> pd.DataFrame:
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    problem = {"num_vars": 4, "names": list(FACTORS), "bounds": [[0, 1]] * 4}
    sample = sobol_sample.sample(problem, base, calc_second_order=False, seed=seed)
    levels = [len(NORMALISATIONS), len(WEIGHTINGS), len(AGGREGATIONS), 1024]
    idx = [np.minimum((sample[:, k] * n).astype(int), n - 1) for k, n in enumerate(levels)]
    ranks = engine.ranks(*idx)
    # the output: how far ranks move from the nominal ones, on average over region-years
    shift = np.abs(ranks - engine.nominal).mean(axis=1)
    if np.allclose(shift, shift[0]):
        return pd.DataFrame({"factor": FACTORS, "first_order": 0.0, "total": 0.0})
    indices = sobol_analyze.analyze(problem, shift, calc_second_order=False, seed=seed)
    return pd.DataFrame({"factor": FACTORS, "first_order": np.round(indices["S1"], 4),
                         "total": np.round(indices["ST"], 4)})
