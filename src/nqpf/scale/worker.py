"""What a worker does with one partition: read it, extract every document with the same pure
function the local engine uses, sign it for near-duplicate detection, and write Parquet shards.
Shards appear atomically (written to a temporary directory, then renamed)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from nqpf.model import Document, Extraction, ReadError
from nqpf.scale.partitions import Partition, read_partition


def process_partition(part: Partition, shard_root: str, max_bytes: int) -> dict[str, Any]:
    """Extract ``part`` into ``shard_root/<partition id>/``; returns counts and read errors."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from nqpf.extract.pipeline import extract
    from nqpf.scale.minhash import signature
    from nqpf.store.schema import DOCUMENT_COLUMNS, FACT_COLUMNS
    from nqpf.store.writer import document_id, fact_columns

    fresh: dict[str, tuple[Document, Extraction]] = {}
    errors: list[tuple[str, str]] = []
    duplicates = 0
    for item in read_partition(part, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            errors.append((item.source, item.reason))
            continue
        key = document_id(item.text)
        if key in fresh:
            duplicates += 1
            continue
        fresh[key] = (item, extract(item))
    target = Path(shard_root) / part.id
    staging = Path(shard_root) / f".{part.id}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    names = {"documents": DOCUMENT_COLUMNS, **FACT_COLUMNS}
    for table, cols in fact_columns(fresh).items():
        # explicit types: a column that is all null in one shard must still read as its real type
        schema = pa.schema([(name, _arrow_type(name)) for name in names[table]])
        pq.write_table(pa.table(dict(zip(names[table], cols, strict=True)), schema=schema),
                       staging / f"{table}.parquet")
    if fresh:
        ids = list(fresh)
        pq.write_table(pa.table({"doc_id": ids, "minhash": [signature(fresh[i][0].text).tolist() for i in ids]},
                                schema=pa.schema([("doc_id", pa.string()), ("minhash", pa.list_(pa.uint64()))])),
                       staging / "doc_signatures.parquet")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return {"partition": part.id, "documents": len(fresh), "repeated": duplicates, "errors": errors,
            "bytes": part.size, "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> int:
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
