"""JSONL corpora: one JSON object per line, streamed so a corpus of any size fits in memory."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from nqpf.ingest.encoding import normalise_newlines, over_limit
from nqpf.model import ReadError

_SKIP_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class JsonRecord:
    """One usable line of a corpus; ``published`` is the raw value, normalised by the caller."""

    line_no: int
    record_id: str | None
    text: str
    title: str | None
    published: object
    url: str | None


def iter_jsonl(stream: BinaryIO, source: str, *, max_bytes: int) -> Iterator[JsonRecord | ReadError]:
    """Yield a record or a ``ReadError`` (source ``SOURCE:LINE``) for each non-blank line.

    ``max_bytes`` bounds each line, not the stream.
    """
    line_no = 0
    while raw := stream.readline(max_bytes + 1):
        line_no += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield ReadError(f"{source}:{line_no}", over_limit(f"line {line_no}", max_bytes))
            continue
        if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        parsed = _parse_line(raw, line_no)
        if parsed is None:
            continue
        if isinstance(parsed, str):
            yield ReadError(f"{source}:{line_no}", parsed)
        else:
            yield parsed


def _parse_line(raw: bytes, line_no: int) -> JsonRecord | str | None:
    """A record, the reason the line is unusable, or None for a blank line."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return f"line {line_no} is not UTF-8 (bad byte at offset {err.start})"
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return f"line {line_no} is not JSON: {err.msg}"
    except ValueError as err:  # e.g. an integer literal over Python's digit limit
        return f"line {line_no} is not JSON: {' '.join(str(err).split())}"
    except RecursionError:
        return f"line {line_no} is not JSON: nested too deeply"
    if not isinstance(obj, dict):
        return f"line {line_no} is not a JSON object"
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return f"line {line_no} has no text (a non-empty string field 'text')"
    return JsonRecord(
        line_no=line_no,
        record_id=_record_id(obj.get("id")),
        text=normalise_newlines(text),
        title=_string(obj.get("title")),
        published=obj.get("published"),
        url=_string(obj.get("url")),
    )


def _record_id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)  # numeric ids are common in exported corpora
    return _string(value)


def _string(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return
