"""PDF files: the text layer via pypdf, pages joined by a blank line."""

from __future__ import annotations

import io
import logging
import re
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from nqpf.ingest.encoding import UnreadableInput, normalise_newlines

PAGE_SEPARATOR = "\n\n"
ENCRYPTED = "encrypted PDF"
NO_TEXT_LAYER = "PDF has no text layer (scanned?)"

# Damaged PDFs surface from deep inside pypdf as any of these; they are the file's fault, not ours.
_PDF_ERRORS = (
    PyPdfError,
    ValueError,
    TypeError,
    LookupError,
    NotImplementedError,
    AttributeError,
    AssertionError,
    OverflowError,
    RecursionError,
    struct.error,
    zlib.error,
)
_MAX_REASON = 120


@dataclass(frozen=True)
class PdfText:
    """The text layer of a PDF, re-flowed, with the title and creation date from its metadata."""

    text: str
    title: str | None
    published: str | None = None


def read_pdf(data: bytes) -> PdfText:
    """Extract the text layer of a PDF, or raise ``UnreadableInput``."""
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _unlock(reader)
            pages = list(reader.pages)
        except _PDF_ERRORS as err:
            raise UnreadableInput(_broken_reason(err)) from None
        if not pages:
            raise UnreadableInput("PDF has no pages")
        texts, first_failure = [], None
        for number, page in enumerate(pages, start=1):
            try:
                texts.append(page.extract_text() or "")
            except _PDF_ERRORS as err:
                # One damaged page should not cost the reader the rest of the document.
                texts.append("")
                first_failure = first_failure or f"page {number}: {_one_line(err)}"
        title = _title(reader)
        published = _created(reader)
    text = PAGE_SEPARATOR.join(reflow(normalise_newlines(page)) for page in texts)
    if not text.strip():
        raise UnreadableInput(f"broken PDF: {first_failure}" if first_failure else NO_TEXT_LAYER)
    return PdfText(text=text, title=title, published=published)


_TERMINAL = tuple(".!?。！？：:；;”\"’」』)）")
_CJK_CHAR = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_WRAPPED_SHARE = 0.6  # a line this share of the page's usual width or more was wrapped, not ended


def reflow(page: str) -> str:
    """Join the lines a PDF broke a paragraph into, so that a sentence is one sentence again.

    pypdf gives one line per printed line (each column's lines in turn). A line that fills most
    of the page's usual width and ends without a closing mark continues on the next line; a short
    line (a heading, the end of a paragraph) or one ending a sentence stays a line of its own.
    Written here because no PDF library re-flows text across lines for Chinese and English alike.
    """
    lines = [line.strip() for line in page.split("\n")]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    usual = widths[len(widths) // 2]
    out: list[str] = []
    current = previous = ""
    for line in lines:
        if not line:
            if current:
                out.append(current)
                current = ""
            continue
        if current and not current.endswith(_TERMINAL) and len(previous) >= _WRAPPED_SHARE * usual:
            current = _join(current, line)
        else:
            if current:
                out.append(current)
            current = line
        previous = line
    if current:
        out.append(current)
    return "\n".join(out)


def _join(left: str, right: str) -> str:
    if left.endswith("-") and right[:1].islower():
        return left[:-1] + right  # "devel-" + "opment"
    if _CJK_CHAR.match(left[-1]) and _CJK_CHAR.match(right[0]):
        return left + right  # Chinese runs on without a space
    return f"{left} {right}"


def _broken_reason(err: BaseException) -> str:
    return f"broken PDF: {_one_line(err)}"


def _unlock(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        # Many PDFs are encrypted only against editing and open with an empty password.
        unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError:
        raise UnreadableInput(f"{ENCRYPTED} (decrypting it needs the 'cryptography' package)") from None
    except _PDF_ERRORS:
        unlocked = False
    if not unlocked:
        raise UnreadableInput(ENCRYPTED)


def _created(reader: PdfReader) -> str | None:
    """The creation date of the PDF's info dictionary, as YYYY-MM-DD."""
    try:
        metadata = reader.metadata
        created = metadata.creation_date if metadata is not None else None
    except _PDF_ERRORS:
        return None
    return created.date().isoformat() if created is not None else None


def _title(reader: PdfReader) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except _PDF_ERRORS:
        return None  # a broken info dictionary is no reason to lose the text
    if not isinstance(title, str):
        return None
    return " ".join(title.split()) or None


def _one_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    message = lines[0] if lines else type(err).__name__
    return message[:_MAX_REASON]


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    # pypdf logs and warns about every repairable flaw; the ReadError says what matters, once.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
