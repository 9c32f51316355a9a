"""Query latency on a large generated database: 100,000 figures and 50,000 priorities.

Usage: python bench/queries.py [--figures 100000] [--priorities 50000] [--runs 5]
Target (issue 3): every query <= 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from nqpf.portfolio.matrix import compare, crowded, matrix, overlap
from nqpf.scale.sources import count
from nqpf.store import open_database
from nqpf.store.diffusion import diffusion
from nqpf.store.layout import keep_region_order
from nqpf.store.queries import facts, industry_view, priority_pairs, region_profile, regions_overview
from nqpf.store.schema import COUNTED_TABLES
from nqpf.store.series import conflicts_page, series
from nqpf.store.targets import targets


def build(path: str, n_figures: int, n_priorities: int, n_docs: int = 20000) -> None:
    """Generated documents and facts over the real reference tables, spread over regions and years."""
    con = open_database(path, write=True)
    con.execute("CREATE TEMP TABLE r AS SELECT code, row_number() OVER () - 1 AS i FROM regions")
    con.execute("CREATE TEMP TABLE ind AS SELECT id, stage, row_number() OVER () - 1 AS i FROM industries")
    nr = con.execute("SELECT count(*) FROM r").fetchone()[0]
    ni = con.execute("SELECT count(*) FROM ind").fetchone()[0]
    con.execute(f"""INSERT INTO documents (id, name, source, title, published, published_year, language, text,
                    extractor_version)
                    SELECT 'doc' || g, 'doc-' || g, 'generated', 'Generated ' || g, '2024', 2015 + g % 10, 'en',
                           'Generated text ' || g, 'bench' FROM range({n_docs}) t(g)""")
    con.execute(f"""INSERT INTO mentions (doc_id, region, mentions) SELECT 'doc' || (g % {n_docs}), r.code, 1 + g % 5
                    FROM range({n_docs * 3}) t(g) JOIN r ON r.i = (g * 7919) % 40""")
    con.execute(f"""INSERT INTO priorities (doc_id, region, industry, stage, year, ev_start, ev_end, evidence)
                    SELECT 'doc' || (g % {n_docs}), r.code, ind.id, ind.stage,
                    2015 + g % 10, 0, 10, 'Generated evidence sentence ' || g
                    FROM range({n_priorities}) t(g) JOIN r ON r.i = (g * 31) % {min(nr, 60)}
                    JOIN ind ON ind.i = (g * 17) % {ni}""")
    con.execute(f"""INSERT INTO figures (doc_id, region, indicator, value, unit, year, kind, approx, industries,
                    ev_start, ev_end, evidence, metric, industry) SELECT 'doc' || (g % {n_docs}), r.code,
                    'indicator ' || (g % 50), g * 1.5, ['CNY', '%', 'count'][1 + g % 3], 2015 + (g // 7) % 10,
                    ['actual', 'plan', 'target'][1 + g % 3],
                    NULL, [ind.id], 0, 10, 'Generated evidence sentence ' || g,
                    ['investment', 'output_growth', 'enterprises'][1 + g % 3], ind.id
                    FROM range({n_figures}) t(g) JOIN r ON r.i = (g * 13) % {min(nr, 60)}
                    JOIN ind ON ind.i = (g * 11) % {ni}""")
    for table in COUNTED_TABLES:  # the counts of sources an ingest leaves (every document its own cluster)
        count(con, table, everything=True)
    keep_region_order(con)  # the order `nqpf ingest` leaves the tables in
    con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--priorities", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.duckdb")
        build(path, args.figures, args.priorities)
        con = open_database(path)
        queries = {
            "regions": lambda: regions_overview(con),
            "region 110000": lambda: region_profile(con, "110000"),
            "industry nev": lambda: industry_view(con, "nev"),
            "compare 3 regions": lambda: compare(priority_pairs(con), ["110000", "120000", "130000"]),
            "matrix": lambda: matrix(priority_pairs(con)),
            "overlap": lambda: (overlap(priority_pairs(con)), crowded(priority_pairs(con))),
            "facts region+year": lambda: facts(con, region="110000", year=2020),
            "facts industry": lambda: facts(con, industry="nev", limit=100),
            "series, every region": lambda: series(con, "investment"),
            "series, 3 regions": lambda: series(con, "output_growth", regions=["110000", "120000", "130000"]),
            "facts by metric": lambda: facts(con, metric="enterprises", region="110000"),
            "conflicts of a metric (page of 50)": lambda: conflicts_page(con, metric="output_growth", limit=50),
            "targets of a region": lambda: targets(con, region="110000"),
            "diffusion nev": lambda: diffusion(con, "nev"),
        }
        worst = 0.0
        for name, run in queries.items():
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                run()
                times.append((time.perf_counter() - start) * 1000)
            median = statistics.median(times)
            worst = max(worst, median)
            print(f"{name:<36} median {median:7.1f} ms")
        print(f"queries: worst median {worst:.1f} ms on {args.figures} figures / {args.priorities} priorities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
