"""Splitting inputs into partitions a worker can stream: byte ranges of JSONL files (cut at line
starts), row groups of Parquet files, and batches of files from directories.

A partition's id is a key of its content: a hash of the bytes it covers, where they are, the
extractor version and the size limit. An edited input therefore gets new ids and is extracted
again, and an unchanged one keeps its ids, so a rerun can skip what an earlier run finished.
Planning reads every input once to hash it; anything that is not a regular file or a directory
(a named pipe would block the reader forever) is refused with one line, never opened for reading.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from nqpf.errors import NqpfError
from nqpf.ingest.readers import CORPUS_SUFFIXES, os_reason, printable_path, special_file_kind, walk_corpus
from nqpf.model import Document, ReadError

DEFAULT_PARTITION_BYTES = 4 * 1024 * 1024  # the largest partition the planner makes by itself
DEFAULT_FILES_PER_PARTITION = 200
MIN_PARTITION_BYTES = 256 * 1024  # below this a partition's start-up costs more than it spreads
PARTITIONS_PER_WORKER = 4  # enough pieces that no worker waits long for the last one
_CHUNK = 1024 * 1024
CHANGED = "changed while nqpf was reading it; run the ingest again"

# (path, size, mtime in ns, inode) of an input when it was planned: a worker compares them
# before and after reading, so a file edited during the run is never stored under the old key.
Stamp = tuple[str, int, int, int]

# Parquet files are corpora only for the Dask engine (row groups become partitions).
_PLANNED_SUFFIXES = CORPUS_SUFFIXES | {".parquet"}


@dataclass(frozen=True)
class Partition:
    kind: str  # jsonl | parquet | files
    path: str = ""
    start: int = 0  # jsonl: byte offset; parquet: row group
    end: int = 0
    files: tuple[str, ...] = field(default_factory=tuple)
    size: int = 0  # bytes, for progress
    first_line: int = 1  # jsonl: the file's line number at ``start``
    digest: str = ""  # sha256 of the content covered
    max_bytes: int = 0  # the size limit the worker applies (it decides which records are refused)
    stamps: tuple[Stamp, ...] = field(default_factory=tuple)

    @cached_property
    def id(self) -> str:
        """The content key: equal for equal content, extractor and limit; different after any edit."""
        from nqpf.extract.pipeline import EXTRACTOR_VERSION

        payload = {k: v for k, v in asdict(self).items() if k not in ("size", "stamps")}
        payload["extractor_version"] = EXTRACTOR_VERSION
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]

    @property
    def inputs(self) -> tuple[str, ...]:
        """The files this partition reads."""
        return self.files if self.kind == "files" else (self.path,)

    def describe(self) -> str:
        """Where the partition is, for messages."""
        if self.kind == "jsonl":
            return f"{self.path} from line {self.first_line}"
        if self.kind == "parquet":
            return f"{self.path} row group {self.start}"
        return f"{len(self.files)} files from {self.files[0]}" if self.files else "no files"


@dataclass
class Plan:
    partitions: list[Partition] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, reason) of refused inputs


class _Refused(Exception):
    """An input that cannot be planned; the message is the one-line reason."""


def plan(paths: list[str], *, partition_bytes: int | None = None, max_bytes: int,
         files_per_partition: int | None = None, workers: int = 1) -> Plan:
    """Partitions covering every readable input, in a deterministic order, and a (source, reason)
    for each input that cannot be read. Raises ``NqpfError`` only for standard input.

    Without ``partition_bytes`` (``files_per_partition``) the sizes adapt to the corpus: at least
    ``PARTITIONS_PER_WORKER`` partitions a worker where the input allows, between
    ``MIN_PARTITION_BYTES`` and ``DEFAULT_PARTITION_BYTES`` (one file and
    ``DEFAULT_FILES_PER_PARTITION`` files). A 10 MB corpus cut at a fixed 4 MiB made three
    partitions, so of two workers one did two and the run took as long as one worker's two."""
    out = Plan()
    inputs: list[tuple[str, str]] = []  # path, suffix
    for raw in paths:
        if raw == "-":
            raise NqpfError("--engine dask reads files and directories, not standard input; use --engine local")
        try:
            is_dir = stat.S_ISDIR(os.stat(raw).st_mode)
        except OSError as err:
            out.errors.append((printable_path(raw), os_reason(err)))
            continue
        if is_dir:
            for sub in walk_corpus(raw, _PLANNED_SUFFIXES):
                if isinstance(sub, ReadError):
                    out.errors.append((sub.source, sub.reason))
                else:
                    inputs.append((sub, Path(sub).suffix.lower()))
        else:
            inputs.append((raw, Path(raw).suffix.lower()))
    pieces = PARTITIONS_PER_WORKER * max(1, workers)
    if partition_bytes is None:
        lines = sum(_size(path) for path, suffix in inputs if suffix == ".jsonl")
        partition_bytes = min(DEFAULT_PARTITION_BYTES, max(MIN_PARTITION_BYTES, -(-lines // pieces)))
    if files_per_partition is None:
        files = sum(1 for _, suffix in inputs if suffix not in (".jsonl", ".parquet"))
        files_per_partition = min(DEFAULT_FILES_PER_PARTITION, max(1, -(-files // pieces)))
    loose: list[tuple[str, str, Stamp]] = []  # files read whole: path, content digest, stamp
    for path, suffix in inputs:
        _add(path, suffix, out, loose, partition_bytes, max_bytes)
    for start in range(0, len(loose), files_per_partition):
        out.partitions.append(_files(loose[start:start + files_per_partition], max_bytes))
    return out


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0  # reported when the file is read


def _add(path: str, suffix: str, out: Plan, loose: list[tuple[str, str, Stamp]], partition_bytes: int,
         max_bytes: int) -> None:
    try:
        if suffix == ".jsonl":
            out.partitions += _jsonl(path, partition_bytes, max_bytes)
        elif suffix == ".parquet":
            out.partitions += _parquet(path, max_bytes)
        else:
            with _open_regular(path) as f:
                info = os.fstat(f.fileno())
                # a file over the limit is refused unread: its size is all that decides the outcome
                content = f"over:{info.st_size}" if info.st_size > max_bytes else _hash_stream(f)
                loose.append((path, content, _stamp(path, info)))
    except _Refused as err:
        out.errors.append((printable_path(path), str(err)))
    except OSError as err:
        out.errors.append((printable_path(path), os_reason(err)))


def not_regular(mode: int) -> str:
    """The one-line reason for refusing an input that is neither a regular file nor a directory."""
    return f"not a regular file or directory ({special_file_kind(mode)})"




def _open_regular(path: str) -> BinaryIO:
    """Open ``path`` for reading only if it is a regular file. O_NONBLOCK: opening a named pipe
    must not wait for a writer (it would wait forever); on regular files it changes nothing."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _Refused(not_regular(mode))
    return os.fdopen(fd, "rb")


def _stamp(path: str, info: os.stat_result) -> Stamp:
    return path, info.st_size, info.st_mtime_ns, info.st_ino


def _jsonl(path: str, partition_bytes: int, max_bytes: int) -> list[Partition]:
    """One pass over the file: cut after the first line end at least ``partition_bytes`` past the
    previous cut, hash each range and count its lines."""
    ranges: list[tuple[int, int, int, str]] = []  # start, end, first line, digest
    with _open_regular(path) as f:
        before = _stamp(path, os.fstat(f.fileno()))
        start, first_line, lines, base = 0, 1, 0, 0
        digest = hashlib.sha256()
        while chunk := f.read(_CHUNK):
            i = 0
            while (cut_from := start + partition_bytes - base) < len(chunk):
                j = chunk.find(b"\n", max(i, cut_from))
                if j < 0:
                    break
                digest.update(chunk[i:j + 1])
                lines += chunk.count(b"\n", i, j + 1)
                ranges.append((start, base + j + 1, first_line, digest.hexdigest()))
                start, first_line, digest, i = base + j + 1, lines + 1, hashlib.sha256(), j + 1
            digest.update(chunk[i:])
            lines += chunk.count(b"\n", i)
            base += len(chunk)
        if base > start:
            ranges.append((start, base, first_line, digest.hexdigest()))
        stamp = _stamp(path, os.fstat(f.fileno()))
    if stamp != before or stamp[1] != base:
        raise _Refused(CHANGED)
    return [Partition("jsonl", path, a, b, size=b - a, first_line=line, digest=d, max_bytes=max_bytes,
                      stamps=(stamp,)) for a, b, line, d in ranges]


def _parquet(path: str, max_bytes: int) -> list[Partition]:
    import pyarrow.parquet as pq

    with _open_regular(path) as f:
        stamp = _stamp(path, os.fstat(f.fileno()))
        digest = _hash_stream(f)
        f.seek(0)
        try:
            meta = pq.ParquetFile(f).metadata
        except Exception as err:  # pyarrow raises several types for unreadable files
            raise _Refused(f"not a readable Parquet file: {str(err).splitlines()[0]}") from None
    return [Partition("parquet", path, g, g + 1, size=meta.row_group(g).total_byte_size, digest=digest,
                      max_bytes=max_bytes, stamps=(stamp,)) for g in range(meta.num_row_groups)]


def _files(batch: list[tuple[str, str, Stamp]], max_bytes: int) -> Partition:
    digest = hashlib.sha256()
    for path, content, _ in batch:
        digest.update(json.dumps([path, content]).encode() + b"\n")
    return Partition("files", files=tuple(path for path, _, _ in batch), size=sum(s[1] for _, _, s in batch),
                     digest=digest.hexdigest(), max_bytes=max_bytes, stamps=tuple(s for _, _, s in batch))


def _hash_stream(f: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := f.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def changed_inputs(part: Partition) -> list[tuple[str, str]]:
    """(path, reason) for each input of ``part`` that is no longer what was planned."""
    changed = []
    for path, *planned in part.stamps:
        try:
            now = _stamp(path, os.stat(path))
        except OSError as err:  # also a worker that cannot see the client's files
            changed.append((printable_path(path), f"cannot be read on the Dask worker: {os_reason(err)}"))
            continue
        if list(now[1:]) != planned:
            changed.append((printable_path(path), CHANGED))
    return changed


def read_partition(part: Partition) -> Iterator[Document | ReadError]:
    """The documents of one partition, streamed."""
    from nqpf.ingest.jsonl import iter_jsonl
    from nqpf.ingest.readers import read_inputs, record_document

    if part.kind == "files":
        yield from read_inputs(list(part.files), max_bytes=part.max_bytes)
    elif part.kind == "jsonl":
        offset = part.first_line - 1
        source, stem = printable_path(part.path), printable_path(Path(part.path).stem)
        try:
            f = open(part.path, "rb")  # noqa: SIM115  # closed by the with below; only the open may fail here
        except OSError as err:
            yield ReadError(source, os_reason(err))
            return
        with f:
            f.seek(part.start)
            for item in iter_jsonl(_Window(f, part.end - part.start), source, max_bytes=part.max_bytes):
                if isinstance(item, ReadError):
                    yield _shift_line(item, source, offset)
                    continue
                # the reader counts lines from the start of the window: number them as in the file
                record = replace(item, line_no=item.line_no + offset)
                doc = record_document(record, stem, source)
                problem = None if isinstance(doc, ReadError) else unicode_problem(doc)
                yield ReadError(f"{source}:{record.line_no}", problem) if problem else doc
    else:
        yield from _parquet_documents(part)


def unicode_problem(doc: Document) -> str | None:
    r"""Why ``doc`` cannot be stored, if one of its strings holds a lone surrogate: valid JSON
    (``"\ud800"``) but not Unicode text, so it can be neither hashed, written to Parquet nor stored.
    The readers refuse such records themselves; this is the worker's guarantee whatever the reader."""
    for name, value in (("text", doc.text), ("title", doc.title), ("url", doc.url), ("id", doc.doc_id),
                        ("source", doc.source), ("published", doc.published), ("language", doc.language)):
        try:
            (value or "").encode("utf-8")
        except UnicodeEncodeError as err:
            return f"{name} is not valid Unicode: lone surrogate U+{ord(value[err.start]):04X} at character {err.start}"
    return None


def _shift_line(error: ReadError, source: str, offset: int) -> ReadError:
    """A reader error numbered from the window's start, renumbered as a line of the file."""
    prefix = f"{source}:"
    if not offset or not error.source.startswith(prefix) or not error.source[len(prefix):].isdigit():
        return error
    line = int(error.source[len(prefix):])
    reason = re.sub(rf"\bline {line}\b", f"line {line + offset}", error.reason, count=1)
    return ReadError(f"{source}:{line + offset}", reason)


class _Window:
    """A file object that stops after ``length`` bytes, so a JSONL reader sees one byte range."""

    def __init__(self, f: BinaryIO, length: int):
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

    from nqpf.ingest.readers import detect_language, title_from_text

    table = pq.ParquetFile(part.path).read_row_group(part.start)
    shown = printable_path(part.path)
    if "text" not in table.column_names:
        yield ReadError(shown, "Parquet file has no 'text' column")
        return
    columns = {c: table.column(c).to_pylist() for c in ("id", "text", "url", "published", "title")
               if c in table.column_names}
    stem = printable_path(Path(part.path).stem)
    for n, text in enumerate(columns["text"]):
        source = f"{shown}:{part.start}:{n}"
        if not isinstance(text, str) or not text.strip():
            yield ReadError(source, "row has no text")
            continue
        doc_id = str(columns["id"][n]) if "id" in columns and columns["id"][n] is not None else f"{stem}:{n}"
        yield Document(doc_id, shown, text, (columns.get("title") or [None] * (n + 1))[n] or title_from_text(text),
                       _published((columns.get("published") or [None] * (n + 1))[n]), detect_language(text),
                       (columns.get("url") or [None] * (n + 1))[n])


def _published(value) -> str | None:
    from nqpf.ingest import normalise_published

    return normalise_published(value)
