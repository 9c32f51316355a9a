"""PDF files: the text layer via pypdf, pages joined by a blank line."""

from __future__ import annotations

import io
import logging
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from nqpf.ingest.encoding import UnreadableInput, normalise_newlines

PDF_MAGIC = b"%PDF-"
PAGE_SEPARATOR = "\n\n"
ENCRYPTED = "encrypted PDF"
NO_TEXT_LAYER = "PDF has no text layer (scanned?)"

_SNIFF_WINDOW = 1024
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
    """The text layer of a PDF and the title from its metadata."""

    text: str
    title: str | None


def looks_like_pdf(data: bytes) -> bool:
    """True when the data starts with the ``%PDF-`` header (leading whitespace allowed)."""
    return data[:_SNIFF_WINDOW].lstrip().startswith(PDF_MAGIC)


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
    text = normalise_newlines(PAGE_SEPARATOR.join(texts))
    if not text.strip():
        raise UnreadableInput(f"broken PDF: {first_failure}" if first_failure else NO_TEXT_LAYER)
    return PdfText(text=text, title=title)


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
