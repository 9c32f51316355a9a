"""Splitting inputs into partitions a worker can stream: byte ranges of JSONL files (cut at line
starts), row groups of Parquet files, and batches of files from directories. A partition's id is
a hash of what it covers, so a rerun over the same inputs plans the same partitions."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nqpf.errors import NqpfError
from nqpf.ingest.readers import CORPUS_SUFFIXES
from nqpf.model import Document, ReadError

DEFAULT_PARTITION_BYTES = 4 * 1024 * 1024
DEFAULT_FILES_PER_PARTITION = 200


@dataclass(frozen=True)
class Partition:
    kind: str  # jsonl | parquet | files
    path: str = ""
    start: int = 0  # jsonl: byte offset; parquet: row group
    end: int = 0
    files: tuple[str, ...] = field(default_factory=tuple)
    size: int = 0  # bytes, for progress

    @property
    def id(self) -> str:
        payload = json.dumps({k: v for k, v in asdict(self).items() if k != "size"}, sort_keys=True)
        return hashlib.sha1(payload.encode()).hexdigest()[:16]


def plan(paths: list[str], *, partition_bytes: int = DEFAULT_PARTITION_BYTES,
         files_per_partition: int = DEFAULT_FILES_PER_PARTITION) -> list[Partition]:
    """Partitions covering every input, in a deterministic order."""
    out: list[Partition] = []
    loose: list[str] = []
    for raw in paths:
        if raw == "-":
            raise NqpfError("--engine dask reads files and directories, not standard input; use --engine local")
        path = Path(raw)
        if not path.exists():
            raise NqpfError(f"{raw}: no such file or directory")
        if path.is_dir():
            for sub in sorted(p for p in path.rglob("*") if p.is_file() and not any(
                    part.startswith(".") for part in p.relative_to(path).parts)):
                if sub.suffix.lower() == ".jsonl":
                    out += _jsonl(sub, partition_bytes)
                elif sub.suffix.lower() == ".parquet":
                    out += _parquet(sub)
                elif sub.suffix.lower() in CORPUS_SUFFIXES:
                    loose.append(str(sub))
        elif path.suffix.lower() == ".jsonl":
            out += _jsonl(path, partition_bytes)
        elif path.suffix.lower() == ".parquet":
            out += _parquet(path)
        else:
            loose.append(str(path))
    for start in range(0, len(loose), files_per_partition):
        batch = tuple(loose[start:start + files_per_partition])
        out.append(Partition("files", files=batch, size=sum(os.path.getsize(f) for f in batch)))
    return out


def _jsonl(path: Path, partition_bytes: int) -> list[Partition]:
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as f:
        while cuts[-1] + partition_bytes < size:
            f.seek(cuts[-1] + partition_bytes)
            f.readline()  # move the cut to the next line start
            if f.tell() >= size:
                break
            cuts.append(f.tell())
    cuts.append(size)
    return [Partition("jsonl", str(path), a, b, size=b - a) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _parquet(path: Path) -> list[Partition]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception as err:  # pyarrow raises several types for unreadable files
        raise NqpfError(f"{path}: not a readable Parquet file: {str(err).splitlines()[0]}") from None
    return [Partition("parquet", str(path), g, g + 1, size=meta.row_group(g).total_byte_size)
            for g in range(meta.num_row_groups)]


def read_partition(part: Partition, *, max_bytes: int) -> Iterator[Document | ReadError]:
    """The documents of one partition, streamed."""
    from nqpf.ingest.jsonl import iter_jsonl
    from nqpf.ingest.readers import read_inputs, record_document

    if part.kind == "files":
        yield from read_inputs(list(part.files), max_bytes=max_bytes)
    elif part.kind == "jsonl":
        with open(part.path, "rb") as f:
            f.seek(part.start)
            window = _Window(f, part.end - part.start)
            stem = Path(part.path).stem
            for item in iter_jsonl(window, part.path, max_bytes=max_bytes):
                yield item if isinstance(item, ReadError) else record_document(item, stem, part.path)
    else:
        yield from _parquet_documents(part)


class _Window:
    """A file object that stops after ``length`` bytes, so a JSONL reader sees one byte range."""

    def __init__(self, f, length: int):
        self._f, self._left = f, length

    def readline(self, limit: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        n = self._left if limit < 0 else min(limit, self._left)
        line = self._f.readline(n)
        self._left -= len(line)
        return line

    def __iter__(self):
        return iter(self.readline, b"")

    def read(self, n: int = -1) -> bytes:
        n = self._left if n < 0 else min(n, self._left)
        data = self._f.read(n)
        self._left -= len(data)
        return data


def _parquet_documents(part: Partition) -> Iterator[Document | ReadError]:
    import pyarrow.parquet as pq

    table = pq.ParquetFile(part.path).read_row_group(part.start)
    if "text" not in table.column_names:
        yield ReadError(part.path, "Parquet file has no 'text' column")
        return
    columns = {c: table.column(c).to_pylist() for c in ("id", "text", "url", "published", "title")
               if c in table.column_names}
    stem = Path(part.path).stem
    for n, text in enumerate(columns["text"]):
        source = f"{part.path}:{part.start}:{n}"
        if not isinstance(text, str) or not text.strip():
            yield ReadError(source, "row has no text")
            continue
        from nqpf.ingest.readers import detect_language, title_from_text

        doc_id = str(columns["id"][n]) if "id" in columns and columns["id"][n] is not None else f"{stem}:{n}"
        yield Document(doc_id, part.path, text, (columns.get("title") or [None] * (n + 1))[n] or title_from_text(text),
                       _published((columns.get("published") or [None] * (n + 1))[n]), detect_language(text),
                       (columns.get("url") or [None] * (n + 1))[n])


def _published(value) -> str | None:
    from nqpf.ingest import normalise_published

    return normalise_published(value)
