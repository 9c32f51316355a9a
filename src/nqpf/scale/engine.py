"""The Dask engine: partitions go to the workers of a Dask distributed cluster (a LocalCluster
with N worker processes, or an existing scheduler), which write Parquet shards; the client keeps
a manifest of finished partitions and loads all shards into the database in one transaction.

Resumable: a rerun skips partitions the manifest lists and loads only documents the database
does not have, so the final database equals that of an uninterrupted run.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from nqpf.errors import NqpfError
from nqpf.scale.partitions import DEFAULT_PARTITION_BYTES, Partition, plan
from nqpf.store.database import describe
from nqpf.store.schema import DOCUMENT_COLUMNS, FACT_COLUMNS, FACT_TABLES


@dataclass
class DaskSummary:
    partitions: int = 0
    resumed: int = 0  # partitions already finished by an earlier run
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    facts: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.new / self.seconds if self.seconds else 0.0
        return (f"documents: {self.new} new, {self.unchanged} unchanged, {self.failed} failed; facts added: "
                f"{self.facts}; partitions: {self.partitions} ({self.resumed} resumed); {rate:.0f} documents/s")


def _manifest(shards: Path) -> Path:
    return shards / "manifest.jsonl"


def finished(shards: Path) -> set[str]:
    """Partition ids an earlier run completed (their shards exist)."""
    path = _manifest(shards)
    if not path.exists():
        return set()
    done = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            pid = json.loads(line)["partition"]
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a kill
        if (shards / pid).is_dir():
            done.add(pid)
    return done


def _record(shards: Path, result: dict) -> None:
    with _manifest(shards).open("a", encoding="utf-8") as f:
        f.write(json.dumps({k: result[k] for k in ("partition", "documents", "bytes", "peak_rss_mb")}) + "\n")
        f.flush()
        os.fsync(f.fileno())


def run_partitions(parts: list[Partition], shards: Path, *, workers: int | None, scheduler: str | None,
                   max_bytes: int, on_result: Callable[[dict], None]) -> None:
    """Process ``parts`` on the cluster, recording each in the manifest as it finishes."""
    from dask.distributed import Client, LocalCluster, as_completed

    from nqpf.scale.worker import process_partition

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="20s")
    else:
        cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR, memory_limit=0)
        client = Client(cluster)
    try:
        futures = client.map(process_partition, parts, shard_root=str(shards), max_bytes=max_bytes, pure=False)
        for future in as_completed(futures):
            result = future.result()
            _record(shards, result)
            on_result(result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def load_shards(con: duckdb.DuckDBPyConnection, shards: Path, parts: list[Partition]) -> tuple[int, int, int]:
    """Load the shards of ``parts`` in one transaction; returns (new, unchanged, facts added)."""
    dirs = [shards / p.id for p in parts if (shards / p.id / "documents.parquet").exists()]
    if not dirs:
        return 0, 0, 0

    def files(table: str) -> list[str]:
        return [str(d / f"{table}.parquet") for d in dirs if (d / f"{table}.parquet").exists()]

    cols = ", ".join(DOCUMENT_COLUMNS)
    try:
        con.execute("BEGIN TRANSACTION")
        # the first copy of each new document, and the shard it came from
        con.execute(f"""CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT {cols}, parse_dirpath(filename) AS shard FROM read_parquet(?, filename = true)
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY filename) = 1""", [files("documents")])
        total = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
        con.execute("DELETE FROM incoming WHERE id IN (SELECT id FROM documents)")
        new = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
        con.execute(f"INSERT INTO documents ({cols}) SELECT {cols} FROM incoming")
        facts = 0
        for table in (*FACT_TABLES, "doc_signatures"):
            sources = files(table)
            if not sources:
                continue
            names = ", ".join(FACT_COLUMNS.get(table, ("doc_id", "minhash")))
            before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            con.execute(f"""INSERT INTO {table} ({names})
                SELECT {', '.join('s.' + n.strip() for n in names.split(','))}
                FROM read_parquet(?, filename = true) s
                JOIN incoming i ON i.id = s.doc_id AND i.shard = parse_dirpath(s.filename)""", [sources])
            if table != "doc_signatures":
                facts += con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise NqpfError(f"could not load the shards in {shards}: {describe(err)}") from None
    return new, total - new, facts


def ingest_dask(paths: list[str], con: duckdb.DuckDBPyConnection, shards: str, *, workers: int | None = None,
                scheduler: str | None = None, max_bytes: int, partition_bytes: int = DEFAULT_PARTITION_BYTES,
                on_error: Callable[[str, str], None] = lambda s, r: None, progress: bool = False) -> DaskSummary:
    """Extract ``paths`` on Dask into ``shards``, then load them into ``con``."""
    from tqdm import tqdm

    start = time.perf_counter()
    root = Path(shards)
    root.mkdir(parents=True, exist_ok=True)
    parts = plan(paths, partition_bytes=partition_bytes)
    done = finished(root)
    todo = [p for p in parts if p.id not in done]
    summary = DaskSummary(partitions=len(parts), resumed=len(parts) - len(todo))
    if todo:
        bar = tqdm(total=sum(p.size for p in todo), unit="B", unit_scale=True, desc="extract", disable=not progress,
                   leave=False, dynamic_ncols=True)
        counted = {"docs": 0}

        def on_result(result: dict) -> None:
            counted["docs"] += result["documents"]
            for source, reason in result["errors"]:
                summary.failed += 1
                on_error(source, reason)
            bar.update(result["bytes"])
            elapsed = time.perf_counter() - start
            bar.set_postfix_str(f"{counted['docs']} docs, {counted['docs'] / elapsed:.0f} docs/s")

        try:
            run_partitions(todo, root, workers=workers, scheduler=scheduler, max_bytes=max_bytes,
                           on_result=on_result)
        finally:
            bar.close()
    summary.new, summary.unchanged, summary.facts = load_shards(con, root, parts)
    summary.seconds = time.perf_counter() - start
    return summary
