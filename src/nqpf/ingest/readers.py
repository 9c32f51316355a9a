"""Turn the paths a user gives into a stream of ``Document``s and ``ReadError``s.

Nothing here raises for bad input: every unreadable input becomes a
``ReadError`` naming it, and reading goes on with the next one.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from nqpf.errors import NqpfError
from nqpf.ingest.dates import normalise_published, published_from_text
from nqpf.ingest.docx import looks_like_docx, read_docx
from nqpf.ingest.encoding import UnreadableInput, decode_text, over_limit
from nqpf.ingest.jsonl import JsonRecord, iter_jsonl
from nqpf.ingest.sniff import looks_like_html, looks_like_pdf
from nqpf.model import Document, ReadError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_BYTES_ENV = "NQPF_MAX_BYTES"
STDIN = "-"

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
JSONL_SUFFIXES = frozenset({".jsonl"})
DOCX_SUFFIXES = frozenset({".docx"})
CORPUS_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | JSONL_SUFFIXES | DOCX_SUFFIXES

EMPTY = "empty document"
MAX_TITLE_CHARS = 200

_SIZE = re.compile(r"(\d+)\s*(?:([kmg])i?b?|b)?", re.I)
_UNITS = {"k": 1024, "m": 1024**2, "g": 1024**3}
_DATE_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\b\s*", re.I)
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LANGUAGE_SAMPLE = 20_000
_TITLE_LINES = 12
# Lines of a page's frame, not its headline: navigation, site names, bylines, share buttons.
_FURNITURE = re.compile(
    r"^(?:skip to (?:main )?content|home\b|menu\b|search\b|share\b|print\b|e-?mail\b|phone\b|tel\b|"
    r"newspapers? in english|global edition|china daily|xinhua|source\s*[:：]|pub(?:lished)? date|"
    r"(?:photo|image)\s*[:：/]|by [A-Z]|editor|您现在的位置|当前位置|首页|来源|责任编辑|分享|下一篇|上一篇|打印|"
    r"放大|作者|上接|<<|advertise|subscribe|contact us|sign in|log in|\d{4}-\d{2}-\d{2})"
    r"|[>»|/]\s*\S+\s*[>»|/]|^\W*$|^[A-Za-z]{1,20}$", re.I
)
_ZH_SHARE = 0.30


def max_bytes_from_env(environ: Mapping[str, str] | None = None) -> int:
    """The size limit from ``NQPF_MAX_BYTES`` (``20000000``, ``500KB``, ``20MB``, ``1G``), else the default.

    Raises ``NqpfError`` for a value that is not a positive size.
    """
    raw = (os.environ if environ is None else environ).get(MAX_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    match = _SIZE.fullmatch(raw)
    value = int(match[1]) * _UNITS.get((match[2] or "").lower(), 1) if match else 0
    if value <= 0:
        raise NqpfError(f"{MAX_BYTES_ENV} must be a positive size such as 20000000 or 20MB, not {raw!r}")
    return value


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | ReadError]:
    """Yield a ``Document`` or ``ReadError`` per input, one at a time.

    Each path may be a file (read whatever its extension), a directory (walked
    recursively in name order, hidden entries and unknown extensions skipped),
    or ``-`` for ``stdin`` (default: the process's standard input). Files over
    ``max_bytes`` are refused unread; in JSONL corpora the limit is per line.
    """
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, not {max_bytes}")
    for path in paths:
        if path == STDIN:
            yield _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
            continue
        shown = printable_path(path)
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            yield ReadError(shown, os_reason(err))
            continue
        if stat.S_ISDIR(mode):
            yield from _read_directory(path, max_bytes)
        elif stat.S_ISREG(mode):
            yield from _read_file(path, max_bytes)
        else:  # opening a FIFO would wait for a writer forever
            yield ReadError(shown, f"not a regular file or directory ({special_file_kind(mode)})")


def read_bytes(data: bytes, *, doc_id: str, source: str, suffix: str = "") -> Document | ReadError:
    """Read one in-memory input: PDF or HTML when its content says so, else by ``suffix``, else text."""
    if not data:
        return ReadError(source, EMPTY)
    suffix = suffix.lower()
    try:
        if looks_like_pdf(data) or suffix in PDF_SUFFIXES:
            from nqpf.ingest.pdf import read_pdf  # pypdf, only for a PDF

            pdf = read_pdf(data)
            return _document(doc_id, source, pdf.text, title=pdf.title or title_from_text(pdf.text),
                             published=pdf.published)
        if suffix in DOCX_SUFFIXES or looks_like_docx(data):
            word = read_docx(data)
            return _document(doc_id, source, word.text, title=word.title, published=word.published)
        if looks_like_html(data) or suffix in HTML_SUFFIXES:
            from nqpf.ingest.html import read_html  # trafilatura and lxml, only for a page

            page = read_html(data)
            return _document(doc_id, source, page.text, title=page.title, published=page.published, url=page.url)
        text = decode_text(data)
    except UnreadableInput as err:
        return ReadError(source, str(err))
    return _document(doc_id, source, text, title=title_from_text(text))


def printable_path(path: str) -> str:
    """``path`` with control characters, line separators and undecodable bytes escaped
    (``\\n``, ``\\x1b``, ``\\xff``), so that a file name can neither split nor forge an output
    line, and can be stored as valid text."""
    if path.isprintable():
        return path
    out = []
    for char in path:
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def special_file_kind(mode: int) -> str:
    """What a non-regular, non-directory file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def title_from_text(text: str) -> str | None:
    """The first non-empty line that is not page furniture ("Skip to main content", "Home > News",
    a site name, a byline), without a leading ``date YYYY-MM-DD``, if at most 200 characters."""
    for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]:
        line = _DATE_PREFIX.sub("", line).strip()
        if line and not _FURNITURE.search(line):
            return line if len(line) <= MAX_TITLE_CHARS else None
    return None


def detect_language(text: str) -> str | None:
    """``"zh"`` when over 30% of the letters are CJK ideographs, ``"en"`` otherwise, None without letters."""
    sample = text[:_LANGUAGE_SAMPLE]  # the opening is representative and keeps this cheap
    ideographs = len(_CJK.findall(sample))
    if not ideographs:
        # Most corpus text has no CJK at all: settle it without counting every letter.
        return "en" if any(map(str.isalpha, sample)) else None
    return "zh" if ideographs > _ZH_SHARE * sum(map(str.isalpha, sample)) else "en"


def _document(
    doc_id: str,
    source: str,
    text: str,
    *,
    title: str | None = None,
    published: object = None,
    url: str | None = None,
    error_source: str | None = None,
) -> Document | ReadError:
    if not text.strip():
        return ReadError(error_source or source, EMPTY)
    for field, value in (("text", text), ("title", title), ("url", url), ("id", doc_id)):
        problem = _not_unicode(value)
        if problem:
            return ReadError(error_source or source, f"{field} is not valid Unicode: {problem}")
    return Document(
        doc_id=doc_id,
        source=source,
        text=text,
        title=title,
        # Metadata is the publisher's own statement, so it beats a date found in the text.
        published=normalise_published(published) or published_from_text(text),
        language=detect_language(text),
        url=url,
    )


def _not_unicode(value: str | None) -> str | None:
    """Why ``value`` cannot be stored as UTF-8 (a lone surrogate such as a JSON "\\ud800"), or None."""
    if not value:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        return f"lone surrogate U+{ord(value[err.start]):04X} at character {err.start}"
    return None


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Document | ReadError:
    try:
        data = stream.read(max_bytes + 1)
    except OSError as err:
        return ReadError(STDIN, os_reason(err))
    if len(data) > max_bytes:
        return ReadError(STDIN, over_limit("input", max_bytes))
    return read_bytes(data, doc_id="stdin", source=STDIN)


def _read_file(path: str, max_bytes: int) -> Iterator[Document | ReadError]:
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, max_bytes)
        return
    source = printable_path(path)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                yield ReadError(source, over_limit("file", max_bytes, info.st_size))
                return
            data = handle.read(max_bytes + 1)  # pipes and devices have no size to check first
    except OSError as err:
        yield ReadError(source, os_reason(err))
        return
    if len(data) > max_bytes:
        yield ReadError(source, over_limit("file", max_bytes))
        return
    yield read_bytes(data, doc_id=printable_path(Path(path).stem), source=source, suffix=suffix)


def _read_jsonl(path: str, max_bytes: int) -> Iterator[Document | ReadError]:
    source = printable_path(path)
    stem = printable_path(Path(path).stem)
    found = False
    try:
        with open(path, "rb") as handle:
            for item in iter_jsonl(handle, source, max_bytes=max_bytes):
                found = True
                yield item if isinstance(item, ReadError) else record_document(item, stem, source)
    except OSError as err:
        yield ReadError(source, os_reason(err))
        return
    if not found:
        yield ReadError(source, "no records in JSONL file")


def record_document(record: JsonRecord, stem: str, source: str) -> Document | ReadError:
    """The document of one JSONL record; ``source`` is the corpus file as shown to users."""
    return _document(
        record.record_id or f"{stem}:{record.line_no}",
        source,
        record.text,
        title=record.title or title_from_text(record.text),
        published=record.published,
        url=record.url,
        error_source=f"{source}:{record.line_no}",
    )


def _read_directory(root: str, max_bytes: int) -> Iterator[Document | ReadError]:
    found = False
    for item in walk_corpus(root):
        found = True
        if isinstance(item, ReadError):
            yield item
        else:
            yield from _read_file(item, max_bytes)
    if not found:
        yield ReadError(printable_path(root), "no documents found in directory")


def walk_corpus(directory: str, suffixes: frozenset[str] = CORPUS_SUFFIXES) -> Iterator[str | ReadError]:
    """Files with one of ``suffixes`` under ``directory`` in name order, or a ``ReadError`` for a
    subdirectory that cannot be listed and for a FIFO, socket or device (skipped, with a reason).
    Hidden entries are left out and symlinked directories are not followed."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        yield ReadError(printable_path(directory), os_reason(err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            # Symlinked directories are not followed: a link back up would loop forever.
            if entry.is_dir(follow_symlinks=False):
                yield from walk_corpus(entry.path, suffixes)
            elif entry.is_file():
                if Path(entry.name).suffix.lower() in suffixes:
                    yield entry.path
            elif not entry.is_symlink():
                # A FIFO would block the walk; say what was left out rather than skip it silently.
                kind = special_file_kind(entry.stat(follow_symlinks=False).st_mode)
                yield ReadError(printable_path(entry.path), f"skipped: {kind}, not a regular file")
        except OSError as err:
            yield ReadError(printable_path(entry.path), os_reason(err))


def os_reason(err: OSError) -> str:
    """An OSError in a few plain words: "no such file or directory", "permission denied"..."""
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    reason = err.strerror or type(err).__name__
    return reason[:1].lower() + reason[1:]
