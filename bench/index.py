"""Index speed: 31 regions × 14 years × 25 indicators (generated), one computation and the
uncertainty analysis with 1,000 draws.

Usage: python bench/index.py [--draws 1000] [--runs 20]
Targets (issue 6): one computation <= 20 ms; 1,000 draws <= 2 s on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import pandas as pd

from nqpf.composite.framework import Dimension, Framework, Indicator
from nqpf.composite.index import IndexOptions, compute_index
from nqpf.composite.uncertainty import run_uncertainty
from nqpf.extract.gazetteer import load_divisions


def synthetic(n_indicators: int = 25, years: range = range(2010, 2024), seed: int = 0):
    rng = np.random.default_rng(seed)
    regions = [d.code for d in load_divisions() if d.level == "province" and d.code[:2] not in ("71", "81", "82")]
    index = pd.MultiIndex.from_product([regions, list(years)], names=["region", "year"])
    data = rng.lognormal(mean=2, sigma=0.6, size=(len(index), n_indicators))
    table = pd.DataFrame(data, index=index, columns=[f"x{j}" for j in range(n_indicators)])
    dims = []
    for d in range(3):
        ids = [c for j, c in enumerate(table.columns) if j % 3 == d]
        dims.append(Dimension(f"d{d}", f"d{d}", None, tuple(Indicator(i, i, f"d{d}", 1 if int(i[1:]) % 5 else -1,
                                                                      "", column=i) for i in ids)))
    return table, Framework("bench", "bench", {}, tuple(dims))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    table, framework = synthetic()
    options = IndexOptions("entropy", "topsis")
    result = compute_index(table, framework, options)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = compute_index(table, framework, options)
        times.append((time.perf_counter() - start) * 1000)
    print(f"index compute ({table.shape[0]} region-years x {table.shape[1]} indicators, entropy-topsis): "
          f"median {statistics.median(times):.1f} ms")
    run_uncertainty(result, draws=50)  # warm-up: imports SALib
    start = time.perf_counter()
    unc = run_uncertainty(result, draws=args.draws)
    elapsed = time.perf_counter() - start
    print(f"index uncertainty: {args.draws} draws + Sobol ({len(unc.sensitivity)} factors) in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
