"""The Dask engine: partitions go to the workers of a Dask distributed cluster (a LocalCluster
with N worker processes, or an existing scheduler), which write Parquet shards; the client keeps
a manifest of finished partitions and loads all shards into the database in one transaction.

The shards directory is a work area, not a cache. A shard is named by its partition's content
key (see ``partitions``), so a rerun after a kill resumes exactly the partitions whose content is
unchanged. Once the load transaction has committed, the run deletes its shards and manifest
entries, and those of earlier runs over the same inputs. "Finished" is judged against the
database being loaded: documents a worker skipped as already stored are looked up in it, and a
shard whose skipped documents are missing (the database was deleted and rebuilt) is redone.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nqpf.errors import NqpfError
from nqpf.scale.bands import bands_file, parameters
from nqpf.scale.corroboration import PARAMETERS_KEY
from nqpf.scale.partitions import Partition, plan
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe
from nqpf.store.schema import DOCUMENT_COLUMNS, FACT_COLUMNS, FACT_TABLES

_SHARD_NAME = re.compile(r"\.?([0-9a-f]{16}|[0-9a-f]{32})(\.tmp)?")  # 16: the path-keyed shards of old versions


class WorkerError(NqpfError):
    """A Dask worker failed in a way that is a bug or a crash, not bad input."""

    status = 2


@dataclass
class DaskSummary:
    partitions: int = 0
    resumed: int = 0  # partitions already finished by an earlier run
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    facts: int = 0
    seconds: float = 0.0
    peak_rss_mb: int = 0  # the largest worker's peak resident memory, over the partitions of this run

    def line(self) -> str:
        rate = self.new / self.seconds if self.seconds else 0.0
        return (f"documents: {self.new} new, {self.unchanged} unchanged, {self.failed} failed; facts added: "
                f"{self.facts}; partitions: {self.partitions} ({self.resumed} resumed); {rate:.0f} documents/s")


def _manifest(shards: Path) -> Path:
    return shards / "manifest.jsonl"


def read_manifest(shards: Path) -> dict[str, dict[str, Any]]:
    """Partition key -> the manifest entry an earlier run wrote when that partition finished."""
    path = _manifest(shards)
    if not path.exists():
        return {}
    entries = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            entries[entry["partition"]] = entry
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a kill
    return entries


def finished(shards: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries whose shard exists: candidates for resuming, still to be checked against
    the database (see ``_incomplete``)."""
    return {key: entry for key, entry in read_manifest(shards).items() if (shards / key).is_dir()}


def _record(shards: Path, result: dict) -> None:
    keys = ("partition", "inputs", "documents", "extracted", "skipped", "errors", "bytes", "peak_rss_mb")
    try:
        with _manifest(shards).open("a", encoding="utf-8") as f:
            f.write(json.dumps({k: result[k] for k in keys}) + "\n")
            f.flush()
            os.fsync(f.fileno())
    except OSError as err:
        raise NqpfError(f"could not write the manifest in {shards}: {describe(err)}") from None


@contextlib.contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Silence distributed's loggers for the run: a worker exception is logged there with its
    traceback, and this engine turns it into one line instead."""
    import distributed  # noqa: F401  # its import configures these loggers: configure them after it

    names = ["distributed", "tornado", "asyncio",
             *(n for n in logging.root.manager.loggerDict if n.startswith(("distributed.", "tornado.")))]
    saved = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL + 10)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


class _Cluster:
    """A Dask client, started on first use: a run that resumes everything needs none."""

    def __init__(self, workers: int | None, scheduler: str | None):
        self._workers, self._scheduler = workers, scheduler
        self._client = self._cluster = None

    def client(self):
        if self._client is None:
            from dask.distributed import Client, LocalCluster

            try:
                if self._scheduler:
                    self._client = Client(self._scheduler, timeout="20s")
                else:
                    self._cluster = LocalCluster(n_workers=self._workers or 2, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=logging.CRITICAL,
                                                 memory_limit=0)
                    self._client = Client(self._cluster)
            except (OSError, ValueError) as err:  # unreachable, or not an address
                where = f"the scheduler at {self._scheduler}" if self._scheduler else "a local Dask cluster"
                raise NqpfError(f"could not connect to {where}: {str(err).splitlines()[0]}") from None
        return self._client

    def size(self) -> int:
        """How many workers the run has: as asked, the local cluster's two, or the scheduler's count."""
        if self._workers:
            return self._workers
        if not self._scheduler:
            return 2
        return max(1, len(self.client().scheduler_info().get("workers", {})))

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def run_partitions(parts: list[Partition], shards: Path, cluster: _Cluster, *, known,
                   on_result: Callable[[dict], None], threshold: float | None = None) -> None:
    """Process ``parts`` on the cluster, calling ``on_result`` as each finishes. A shard that
    cannot be written, or a worker that fails, stops the run with one line; partitions already
    recorded stay resumable."""
    from dask.distributed import as_completed

    from nqpf.scale.worker import process_partition

    client = cluster.client()
    stored = client.scatter(known, broadcast=True) if known is not None and len(known) else None
    futures = client.map(process_partition, parts, shard_root=str(shards), known=stored, threshold=threshold,
                         pure=False)
    part_of = dict(zip(futures, parts, strict=True))
    try:
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as err:  # anything a worker raises is a bug or a crash: one line, no traceback
                raise WorkerError(_worker_failure(part_of[future], err)) from None
            if "fatal" in result:
                raise NqpfError(result["fatal"])
            on_result(result)
    finally:
        client.cancel(futures)


def _worker_failure(part: Partition, err: BaseException) -> str:
    if type(err).__name__ == "KilledWorker":
        return f"a Dask worker died while processing {part.describe()} (out of memory?)"
    text = str(err).splitlines()[0] if str(err) else ""
    return f"a Dask worker failed on {part.describe()}: {type(err).__name__}: {text}"


def _incomplete(con: duckdb.DuckDBPyConnection, shards: Path, keys: list[str]) -> set[str]:
    """Keys whose shard is gone, or which skipped documents as stored that this database lacks."""
    missing = {key for key in keys if not (shards / key).is_dir()}
    skipped = [str(shards / k / "skipped.parquet") for k in keys if (shards / k / "skipped.parquet").exists()]
    if skipped:
        try:
            rows = con.execute("""SELECT DISTINCT parse_dirpath(filename) FROM read_parquet(?, filename = true) s
                                  WHERE s.doc_id NOT IN (SELECT id FROM documents)""", [skipped]).fetchall()
        except duckdb.Error as err:
            raise NqpfError(f"could not read the shards in {shards}: {describe(err)}") from None
        missing |= {Path(r[0]).name for r in rows}
    return missing


def load_shards(con: duckdb.DuckDBPyConnection, shards: Path, keys: list[str], *,
                threshold: float | None = None) -> tuple[int, int]:
    """Load the shards ``keys`` in one transaction; returns (new documents, facts added). The band
    keys the workers made for ``threshold`` are loaded too when the database's clusters were made
    with the same parameters (else the next near-duplicate update clusters everything again, and
    makes them itself)."""
    dirs = [shards / key for key in keys if (shards / key / "documents.parquet").exists()]
    if not dirs:
        return 0, 0

    def files(table: str) -> list[str]:
        return [str(d / f"{table}.parquet") for d in dirs if (d / f"{table}.parquet").exists()]

    cols = ", ".join(DOCUMENT_COLUMNS)
    try:
        con.execute("BEGIN TRANSACTION")
        # the first copy of each new document, and the shard it came from
        con.execute(f"""CREATE OR REPLACE TEMP TABLE incoming AS
            SELECT {cols}, parse_dirpath(filename) AS shard FROM read_parquet(?, filename = true)
            QUALIFY row_number() OVER (PARTITION BY id ORDER BY filename) = 1""", [files("documents")])
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
        if threshold is not None and (bands := files(bands_file(threshold).removesuffix(".parquet"))) and \
                _clustered_with(con, parameters(threshold)):
            con.execute("""INSERT INTO doc_bands (key, doc_id) SELECT s.key, s.doc_id
                FROM read_parquet(?, filename = true) s
                JOIN incoming i ON i.id = s.doc_id AND i.shard = parse_dirpath(s.filename)""", [bands])
        con.execute("COMMIT")
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):  # a failed BEGIN or COMMIT leaves nothing to roll back
            con.execute("ROLLBACK")
        raise NqpfError(f"could not load the shards in {shards}: {describe(err)}") from None
    return new, facts


def _clustered_with(con: duckdb.DuckDBPyConnection, wanted: str) -> bool:
    """Whether the stored clusters and band keys were made with the parameters ``wanted``. A
    database nothing was clustered in yet takes them now, so that a first ingest on Dask uses the
    keys its workers made instead of making them again in the client."""
    stored = con.execute("SELECT value FROM meta WHERE key = ?", [PARAMETERS_KEY]).fetchone()
    if stored is None and not con.execute("SELECT count(*) FROM documents WHERE cluster_id IS NOT NULL").fetchone()[0] \
            and not con.execute("SELECT count(*) FROM doc_bands").fetchone()[0]:
        con.execute("INSERT INTO meta VALUES (?, ?)", [PARAMETERS_KEY, wanted])
        return True
    return stored == (wanted,)


def clean_shards(shards: Path, keys: set[str], inputs: set[str], *, older_than: float) -> None:
    """After a load has committed: delete the shards and manifest entries of ``keys``, and of every
    earlier run over one of ``inputs`` (their content has changed, so they can never be resumed),
    and stray shards from before ``older_than`` that no manifest entry names; then the directory
    itself if nothing else is in it."""
    entries = read_manifest(shards)
    # entries without "inputs" come from versions that keyed shards by path: never resumable now
    drop = keys | {k for k, e in entries.items() if "inputs" not in e or inputs & set(e["inputs"])}
    kept = [e for k, e in entries.items() if k not in drop]
    with contextlib.suppress(OSError):  # what cannot be deleted now is deleted by a later run
        if kept:
            staging = shards / ".manifest.tmp"
            staging.write_text("".join(json.dumps(e) + "\n" for e in kept), encoding="utf-8")
            staging.replace(_manifest(shards))
        else:
            _manifest(shards).unlink(missing_ok=True)
        names = {e["partition"] for e in kept}
        for entry in shards.iterdir():
            match = _SHARD_NAME.fullmatch(entry.name)
            if match and entry.is_dir() and (match[1] in drop or match[1] not in names
                                             and entry.stat().st_mtime < older_than):
                shutil.rmtree(entry, ignore_errors=True)
        shards.rmdir()  # only when empty


def ingest_dask(paths: list[str], con: duckdb.DuckDBPyConnection, shards: str, *, workers: int | None = None,
                scheduler: str | None = None, max_bytes: int, partition_bytes: int | None = None,
                on_error: Callable[[str, str], None] = lambda s, r: None, progress: bool = False,
                threshold: float | None = None) -> DaskSummary:
    """Extract ``paths`` on Dask into ``shards``, then load them into ``con``. Without
    ``partition_bytes`` partitions are sized for the corpus and the cluster's workers (``plan``)."""
    started = time.time()
    cluster = _Cluster(workers, scheduler)
    try:
        planned = plan(paths, partition_bytes=partition_bytes, max_bytes=max_bytes, workers=cluster.size())
    except BaseException:
        cluster.close()
        raise
    parts = {p.id: p for p in planned.partitions}
    summary = DaskSummary(partitions=len(parts))
    # absolute: the statements that read the shards may run in a server (``store/remote.py``) elsewhere
    run = _Run(Path(shards).resolve(), cluster, summary, on_error, progress, threshold)
    run.report(planned.errors)
    try:
        run.root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NqpfError(f"{run.root}: cannot create the shards directory: {describe(err)}") from None
    try:
        resumable = {key: entry for key, entry in finished(run.root).items() if key in parts}
        stale = _incomplete(con, run.root, list(resumable))  # made for a database with documents this one lacks
        run.done.update((key, entry) for key, entry in resumable.items() if key not in stale)
        summary.resumed = len(run.done)
        for entry in run.done.values():
            run.report(entry.get("errors") or [])
        try:
            with _quiet_distributed():
                todo = [p for key, p in parts.items() if key not in run.done]
                run.extract(todo, con)
                # a skipped id matched a stored one only in its 64-bit prefix (or a shard vanished): redo
                # those partitions without skipping anything; their error lines were printed already
                if redo := _incomplete(con, run.root, [p.id for p in todo if p.id in run.done]):
                    for key in redo:
                        run.done.pop(key)
                    run.extract([parts[key] for key in redo], None, quiet=True)
                    if _incomplete(con, run.root, [key for key in redo if key in run.done]):
                        raise NqpfError(f"{run.root}: shards disappeared during the run (is another nqpf ingest "
                                        "using this directory?); run the ingest again")
        finally:
            run.cluster.close()
        summary.new, summary.facts = load_shards(con, run.root, list(run.done), threshold=threshold)
        summary.unchanged = sum(entry.get("documents", 0) for entry in run.done.values()) - summary.new
        clean_shards(run.root, set(run.done), {os.path.realpath(path) for p in parts.values() for path in p.inputs},
                     older_than=started)
    finally:
        with contextlib.suppress(OSError):
            run.root.rmdir()  # a run that failed before writing anything leaves no empty directory
    summary.seconds = time.perf_counter() - run.start
    return summary


class _Run:
    """The state of one ingest: finished partitions (key -> manifest entry), counts, error lines."""

    def __init__(self, root: Path, cluster: _Cluster, summary: DaskSummary, on_error: Callable[[str, str], None],
                 progress: bool, threshold: float | None = None):
        self.root, self.cluster, self.summary, self.on_error, self.progress = root, cluster, summary, on_error, progress
        self.threshold = threshold  # the near-duplicate threshold the workers make band keys for
        self.done: dict[str, dict[str, Any]] = {}
        self.start = time.perf_counter()

    def report(self, errors: list) -> None:
        for source, reason in errors:
            self.summary.failed += 1
            self.on_error(source, reason)

    def extract(self, parts: list[Partition], con: duckdb.DuckDBPyConnection | None, *, quiet: bool = False) -> None:
        """Run ``parts``, skipping documents ``con`` already stores (none without ``con``), and record
        each as it finishes; ``quiet``: their error lines were printed by an earlier pass."""
        if not parts:
            return
        from tqdm import tqdm

        from nqpf.scale.worker import stored_prefixes

        known = stored_prefixes(con) if con else None
        bar = tqdm(total=sum(p.size for p in parts), unit="B", unit_scale=True, desc="extract",
                   disable=not self.progress, leave=False, dynamic_ncols=True)
        counted = {"docs": 0}

        def on_result(result: dict) -> None:
            if not quiet or result.get("changed"):
                self.report(result["errors"])
            bar.update(result["bytes"])
            if result.get("changed"):
                return  # an input edited during the run: not stored under its old key, redone next run
            _record(self.root, result)
            self.done[result["partition"]] = result
            self.summary.peak_rss_mb = max(self.summary.peak_rss_mb, result["peak_rss_mb"])
            counted["docs"] += result["documents"]
            rate = counted["docs"] / (time.perf_counter() - self.start)
            bar.set_postfix_str(f"{counted['docs']} docs, {rate:.0f} docs/s")

        try:
            run_partitions(parts, self.root, self.cluster, known=known, on_result=on_result, threshold=self.threshold)
        finally:
            bar.close()
