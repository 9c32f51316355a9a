"""Corpus scale on this machine: 20,000 generated documents through the local engine and the
Dask engine with 1 and 2 workers; memory per worker; near-duplicate detection time and quality.

Usage: python bench/scale.py [--docs 20000]
Targets (issue 5): speed-up >= 1.7x from 1 to 2 workers; dask with 1 worker >= 80% of the local
engine; <= 500 MB per worker; near-duplicate detection over 20,000 documents <= 30 s.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402

from nqpf.ingest import read_inputs  # noqa: E402
from nqpf.scale import engine  # noqa: E402
from nqpf.scale.corroboration import update_duplicates  # noqa: E402
from nqpf.scale.minhash import signature  # noqa: E402
from nqpf.store import open_database  # noqa: E402
from nqpf.store.layout import keep_region_order  # noqa: E402
from nqpf.store.writer import ingest  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        truth = {}
        with corpus.open("w", encoding="utf-8") as out:
            for record, facts in generate(args.docs, dup_share=0.1, seed=3):
                out.write(json.dumps(record) + "\n")
                truth[record["id"]] = facts["dup_of"]
        print(f"corpus: {args.docs} documents, {corpus.stat().st_size / 1e6:.1f} MB, 10% near-copies")

        # each engine timed end to end as `nqpf ingest` runs it: extraction, storage, near-duplicates
        con = open_database(str(Path(tmp) / "local.duckdb"), write=True)
        start = time.perf_counter()
        summary = ingest(con, read_inputs([str(corpus)]), signer=signature)
        middle = time.perf_counter()
        dups = update_duplicates(con)
        keep_region_order(con)
        dedupe_s = time.perf_counter() - middle
        local_rate = summary.new / (time.perf_counter() - start)
        engine_rates = {"local": summary.new / (middle - start)}
        print(f"local engine: {engine_rates['local']:.0f} documents/s extracting and storing (with signatures), "
              f"{local_rate:.0f}/s end to end")
        cluster = dict(con.execute("SELECT name, cluster_id FROM documents").fetchall())
        con.close()

        def origin(doc: str) -> str:
            while truth[doc]:
                doc = truth[doc]
            return doc

        groups: dict[str, list[str]] = {}
        for doc in cluster:
            groups.setdefault(origin(doc), []).append(doc)
        planted = {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}
        by_cluster: dict[str, list[str]] = {}
        for doc, c in cluster.items():
            by_cluster.setdefault(c, []).append(doc)
        found = {p for members in by_cluster.values() for p in itertools.combinations(sorted(members), 2)}
        tp = len(found & planted)
        print(f"near-duplicates: {dedupe_s:.1f} s for {len(cluster)} documents (signatures, LSH, corroboration); "
              f"{dups.duplicates} copies; pair precision {tp / max(1, len(found)):.3f}, recall "
              f"{tp / max(1, len(planted)):.3f}")

        rates = {}
        for workers in (1, 2):
            con = open_database(str(Path(tmp) / f"dask{workers}.duckdb"), write=True)
            start = time.perf_counter()
            summary = engine.ingest_dask([str(corpus)], con, str(Path(tmp) / f"shards{workers}"), workers=workers,
                                         max_bytes=20 * 1024 * 1024)
            engine_rates[workers] = summary.new / (time.perf_counter() - start)
            update_duplicates(con)  # signatures came from the workers: only clustering is left
            keep_region_order(con)
            rates[workers] = summary.new / (time.perf_counter() - start)
            con.close()
            peak = summary.peak_rss_mb
            print(f"dask engine, {workers} worker(s): {engine_rates[workers]:.0f} documents/s extracting and "
                  f"storing, {rates[workers]:.0f}/s end to end ({summary.partitions} partitions), "
                  f"peak worker RSS {peak:.0f} MB")
        print(f"speed-up 1 -> 2 workers: {engine_rates[2] / engine_rates[1]:.2f}x extracting and storing, "
              f"{rates[2] / rates[1]:.2f}x end to end; dask 1 worker / local engine: "
              f"{engine_rates[1] / engine_rates['local']:.0%} extracting and storing, {rates[1] / local_rate:.0%} "
              "end to end")
        local = duckdb.connect(str(Path(tmp) / "local.duckdb"), read_only=True)
        two = duckdb.connect(str(Path(tmp) / "dask2.duckdb"), read_only=True)
        same = all(local.execute(f"SELECT count(*) FROM {t}").fetchone() == two.execute(
            f"SELECT count(*) FROM {t}").fetchone() for t in ("documents", "figures", "priorities"))
        print(f"dask database matches the local one: {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
