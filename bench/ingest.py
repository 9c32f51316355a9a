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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_corpus import add_arguments, repeated  # noqa: E402

from nqpf.ingest import read_inputs  # noqa: E402
from nqpf.scale.corroboration import update_duplicates  # noqa: E402
from nqpf.scale.minhash import signature  # noqa: E402
from nqpf.store import open_database  # noqa: E402
from nqpf.store.layout import keep_region_order  # noqa: E402
from nqpf.store.writer import ingest  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for doc_id, text in repeated(args.seeds, args.docs):
                out.write(json.dumps({"id": doc_id, "text": text}) + "\n")
        if not corpus.stat().st_size:
            print(f"bench: no seed files in {args.seeds}", file=sys.stderr)
            return 1
        con = open_database(str(Path(tmp) / "bench.duckdb"), write=True)
        start = time.perf_counter()
        summary = ingest(con, read_inputs([str(corpus)]), signer=signature)
        update_duplicates(con)
        keep_region_order(con)  # as `nqpf ingest` does
        elapsed = time.perf_counter() - start
        con.close()
    print(f"ingest: {summary.new} documents in {elapsed:.2f} s = {summary.new / elapsed:.1f} documents/s "
          f"({summary.facts} facts stored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
