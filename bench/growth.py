"""Ingest cost against the size of the database: generated documents ingested in batches into one
database, each batch as one `nqpf ingest` run in its own process; prints each batch's time and
peak resident memory against the documents already stored, then one new document's cost, and the
near-duplicate precision and recall on the planted copies.

Usage: python bench/growth.py [--docs 200000] [--batch 1000] [--db PATH] [--single-every 10]
Targets (growth issue): per-batch time flat (the last batch <= 1.5x the tenth); peak RSS <= 400 MB
whatever the database holds; one new document into a 40k database <= 0.5 s; near-duplicate pair
precision and recall >= 0.95 each.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402


def child(jsonl: str, db: str) -> None:
    """One ingest as `nqpf ingest` runs it, timed without the interpreter's start-up and imports."""
    from nqpf.ingest import read_inputs
    from nqpf.scale.corroboration import update_duplicates
    from nqpf.scale.minhash import signature
    from nqpf.scale.worker import peak_rss_mb  # VmHWM: getrusage here would include this bench's own size
    from nqpf.store import open_database
    from nqpf.store.layout import keep_region_order
    from nqpf.store.writer import ingest

    start, imported = time.perf_counter(), peak_rss_mb()
    con = open_database(db, write=True)
    summary = ingest(con, read_inputs([jsonl]), signer=signature)
    stored, stored_mb = time.perf_counter(), peak_rss_mb()
    update_duplicates(con)
    clustered, clustered_mb = time.perf_counter(), peak_rss_mb()
    rewrote = keep_region_order(con)
    con.close()
    print(json.dumps({"new": summary.new, "seconds": time.perf_counter() - start, "store": stored - start,
                      "duplicates": clustered - stored, "rewrote": rewrote,
                      "peaks_mb": [imported, stored_mb, clustered_mb], "peak_rss_mb": peak_rss_mb()}))


def run_child(jsonl: Path, db: str) -> dict:
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(jsonl), db], stdout=subprocess.PIPE,
                            text=True)
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"bench: the ingest of {jsonl} failed (status {proc.returncode})")
    return json.loads(out)


def write_batch(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def quality(db: str, truth: dict[str, str | None]) -> tuple[float, float]:
    import duckdb

    con = duckdb.connect(db, read_only=True)
    cluster = dict(con.execute("SELECT name, cluster_id FROM documents").fetchall())
    con.close()

    def origin(doc: str) -> str:
        while truth[doc]:
            doc = truth[doc]
        return doc

    def pairs(label: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for doc, group in label.items():
            groups.setdefault(group, []).append(doc)
        return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}

    found, planted = pairs(cluster), pairs({doc: origin(doc) for doc in cluster})
    hits = len(found & planted)
    return hits / max(1, len(found)), hits / max(1, len(planted))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--db", default=None, help="Database to grow (default: a temporary one).")
    parser.add_argument("--single-every", type=int, default=10,
                        help="Every this many batches, also time one new document on its own.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "growth.duckdb")
        truth: dict[str, str | None] = {}
        records = generate(args.docs + args.docs // args.batch + 1, dup_share=0.1, seed=5)
        stored, times = 0, []

        def take(n: int) -> list[dict]:
            taken = list(itertools.islice(records, n))
            truth.update((record["id"], facts["dup_of"]) for record, facts in taken)
            return [record for record, _ in taken]

        # the peak after imports, after storing and after near-duplicates, then the whole run's
        print("batch  stored_before  seconds  store_s  dups_s  peak_rss_mb (imports/store/dups/all)  rewrite")
        for number in itertools.count(1):
            if stored >= args.docs:
                break
            batch = take(min(args.batch, args.docs - stored))
            result = run_child(write_batch(Path(tmp) / "batch.jsonl", batch), db)
            if len(batch) == args.batch:  # the ratio compares full batches only
                times.append(result["seconds"])
            print(f"{number:5d}  {stored:13d}  {result['seconds']:7.2f}  {result['store']:7.2f}  "
                  f"{result['duplicates']:6.2f}  {'/'.join(map(str, result['peaks_mb']))}/{result['peak_rss_mb']:.0f}"
                  f"  {'yes' if result['rewrote'] else ''}",
                  flush=True)
            stored += result["new"]
            if args.single_every and number % args.single_every == 0:
                single = run_child(write_batch(Path(tmp) / "one.jsonl", take(1)), db)
                stored += single["new"]
                print(f"       one new document into {stored - single['new']}: {single['seconds']:.2f} s "
                      f"(store {single['store']:.2f}, near-duplicates {single['duplicates']:.2f}), "
                      f"peak RSS {single['peak_rss_mb']:.0f} MB", flush=True)
        if len(times) >= 10:
            print(f"last full batch / tenth: {times[-1] / times[9]:.2f}x")
        if len(times) >= 25:  # one batch's time moves with the machine's load; ten batches' median less
            print(f"median of the last 10 full batches / of batches 6-15: "
                  f"{statistics.median(times[-10:]) / statistics.median(times[5:15]):.2f}x")
        precision, recall = quality(db, truth)
        print(f"near-duplicates over {stored} documents: pair precision {precision:.3f}, recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
