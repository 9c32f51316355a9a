"""Ingest throughput end to end as `nqpf ingest` does it (read JSONL, extract, store in DuckDB,
sign, cluster near-duplicates, count corroboration) on one core.

Usage: python bench/ingest.py [--seeds ../shared/seeds] [--docs 1000]
Target (issue 3): >= 80 documents/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from nqpf.ingest import read_inputs
from nqpf.scale.corroboration import update_duplicates
from nqpf.scale.minhash import signature
from nqpf.store import open_database
from nqpf.store.writer import ingest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(Path(__file__).resolve().parents[2] / "shared" / "seeds"))
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args(argv)
    seeds = sorted(Path(args.seeds).glob("*.txt"))
    if not seeds:
        print(f"bench: no seed files in {args.seeds}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for n in range(args.docs):
                seed = seeds[n % len(seeds)]
                text = seed.read_text(encoding="utf-8") + f"\nCopy {n}."
                out.write(json.dumps({"id": f"{seed.stem}-{n}", "text": text}) + "\n")
        con = open_database(str(Path(tmp) / "bench.duckdb"), write=True)
        start = time.perf_counter()
        summary = ingest(con, read_inputs([str(corpus)]), signer=signature)
        update_duplicates(con)
        elapsed = time.perf_counter() - start
        con.close()
    print(f"ingest: {summary.new} documents in {elapsed:.2f} s = {summary.new / elapsed:.1f} documents/s "
          f"({summary.facts} facts stored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
