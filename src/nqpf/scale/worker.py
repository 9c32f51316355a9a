"""What a worker does with one partition: read it, extract every document with the same pure
function the local engine uses, sign it for near-duplicate detection, and write Parquet shards.
Shards appear atomically (written to a temporary directory, then renamed).

A worker never raises for bad input or a full disk: a record that cannot be stored is one error
line, and a shard that cannot be written is a ``fatal`` reason in the result, so no worker
traceback reaches the user and the client decides what to say.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np

from nqpf.ingest.readers import printable_path
from nqpf.model import Document, Extraction, ReadError
from nqpf.scale.partitions import Partition, changed_inputs, read_partition, unicode_problem


def stored_prefixes(con) -> np.ndarray:
    """Sorted 64-bit prefixes of the ids of the documents ``con`` stores: a compact set of them for
    workers, computed in the database (ids are 32 hexadecimal digits, see ``writer.document_id``).
    A prefix match only means "probably stored"; the client checks every skipped id exactly."""
    column = con.execute("SELECT DISTINCT ('0x' || left(id, 16))::UBIGINT AS p FROM documents ORDER BY p").fetchnumpy()
    return np.asarray(column["p"], dtype=np.uint64)


def _probably_stored(known: np.ndarray | None, doc_id: str) -> bool:
    if known is None or not len(known):
        return False
    value = np.uint64(int(doc_id[:16], 16))
    at = int(np.searchsorted(known, value))
    return at < len(known) and known[at] == value


def process_partition(part: Partition, shard_root: str, known: np.ndarray | None = None,
                      threshold: float | None = None) -> dict[str, Any]:
    """Extract ``part`` into ``shard_root/<partition id>/``; returns counts and read errors. With
    ``threshold`` the shard also holds each new document's LSH band keys for it, so the client
    only looks them up (``scale/incremental.py``).

    Documents whose id is (probably) in ``known`` are not extracted: their ids go to
    ``skipped.parquet`` so the client can check they really are in its database.
    """
    from nqpf.extract.pipeline import extract
    from nqpf.store.writer import document_id

    # real paths: a later run names the same file however it was typed, and can clean up after this one
    result: dict[str, Any] = {"partition": part.id, "inputs": [os.path.realpath(p) for p in part.inputs],
                              "bytes": part.size}
    if changed := changed_inputs(part):
        return {**result, "changed": True, "errors": changed}
    fresh: dict[str, tuple[Document, Extraction]] = {}
    skipped: set[str] = set()
    errors: list[tuple[str, str]] = []
    read = 0
    for item in read_partition(part):
        if isinstance(item, ReadError):
            errors.append((item.source, item.reason))
            continue
        if problem := unicode_problem(item):  # whatever the reader: such text cannot be hashed or stored
            errors.append((printable_path(item.source), f"document {item.doc_id!r}: {problem}"))
            continue
        read += 1
        key = document_id(item.text)
        if key in fresh or key in skipped:
            continue
        if _probably_stored(known, key):
            skipped.add(key)
            continue
        fresh[key] = (item, extract(item))
    if changed := changed_inputs(part):
        return {**result, "changed": True, "errors": changed}
    try:
        _write_shard(Path(shard_root), part.id, fresh, sorted(skipped), threshold)
    except OSError as err:
        from nqpf.store.database import describe

        return {**result, "fatal": f"could not write the shards in {shard_root}: {describe(err)}"}
    return {**result, "documents": read, "extracted": len(fresh), "skipped": len(skipped), "errors": errors,
            "peak_rss_mb": peak_rss_mb()}


def _write_shard(root: Path, name: str, fresh: dict[str, tuple[Document, Extraction]], skipped: list[str],
                 threshold: float | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from nqpf.scale.minhash import signature
    from nqpf.store.schema import DOCUMENT_COLUMNS, FACT_COLUMNS
    from nqpf.store.writer import fact_columns

    target = root / name
    staging = root / f".{name}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        names = {"documents": DOCUMENT_COLUMNS, **FACT_COLUMNS}
        for table, cols in fact_columns(fresh).items():
            # explicit types: a column that is all null in one shard must still read as its real type
            schema = pa.schema([(column, _arrow_type(column)) for column in names[table]])
            pq.write_table(pa.table(dict(zip(names[table], cols, strict=True)), schema=schema),
                           staging / f"{table}.parquet")
        if fresh:
            ids = list(fresh)
            signed = np.stack([signature(fresh[i][0].text) for i in ids])
            pq.write_table(pa.table({"doc_id": ids, "minhash": [row.tolist() for row in signed]},
                                    schema=pa.schema([("doc_id", pa.string()), ("minhash", pa.list_(pa.uint64()))])),
                           staging / "doc_signatures.parquet")
            if threshold is not None:
                from nqpf.scale.bands import band_keys, bands_file

                keys = band_keys(signed, threshold)
                owners = [i for i in ids for _ in range(keys.shape[1])]
                pq.write_table(pa.table({"key": keys.reshape(-1), "doc_id": owners},
                                        schema=pa.schema([("key", pa.uint64()), ("doc_id", pa.string())])),
                               staging / bands_file(threshold))
        if skipped:
            pq.write_table(pa.table({"doc_id": skipped}, schema=pa.schema([("doc_id", pa.string())])),
                           staging / "skipped.parquet")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # a half-written shard must not fill the disk further
        raise


def peak_rss_mb() -> int:
    """This process's peak resident memory. VmHWM, not getrusage: ru_maxrss survives exec, so a
    spawned worker would report its parent's size."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _arrow_type(column: str):
    import pyarrow as pa

    if column in ("year", "published_year", "ev_start", "ev_end", "mentions"):
        return pa.int64()
    if column == "value":
        return pa.float64()
    if column == "industries":
        return pa.list_(pa.string())
    return pa.string()
