"""Word documents (.docx): paragraph and table text via python-docx, one paragraph a line."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from nqpf.ingest.encoding import UnreadableInput, normalise_newlines

ZIP_MAGIC = b"PK\x03\x04"
_MAX_REASON = 120
_HEAD_LINES = 4
# A work report states the day it was delivered in its opening lines: "2025年1月20日在…会议上".
_ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class DocxText:
    """The text of a .docx, its title (properties, else first line) and a publication date if known."""

    text: str
    title: str | None
    published: str | None


def looks_like_docx(data: bytes) -> bool:
    """A ZIP archive holding ``word/document.xml``."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_docx(data: bytes) -> DocxText:
    """Body paragraphs and table cells in document order, or raise ``UnreadableInput``."""
    import docx  # python-docx; imported here so that reading text files does not pay for lxml
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [_cell_or_paragraph_text(block) for block in document.iter_inner_content()]
        properties = document.core_properties
        title, created = properties.title, properties.created
    except (PackageNotFoundError, zipfile.BadZipFile, LxmlError, KeyError, ValueError, OSError) as err:
        raise UnreadableInput(f"broken DOCX: {_one_line(err)}") from None
    text = normalise_newlines("\n".join(line for line in lines if line.strip()))
    if not text.strip():
        raise UnreadableInput("DOCX has no text")
    first = next((line.strip() for line in text.split("\n") if line.strip()), None)
    return DocxText(text=text, title=(title or "").strip() or first, published=_published(text, created))


def _cell_or_paragraph_text(block) -> str:
    rows = getattr(block, "rows", None)
    if rows is None:
        return block.text
    return "\n".join("\t".join(cell.text.strip() for cell in row.cells) for row in rows)


def _published(text: str, created: datetime | None) -> str | None:
    head = "\n".join(text.split("\n", _HEAD_LINES)[:_HEAD_LINES])
    match = _ZH_DATE.search(head)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return created.date().isoformat() if isinstance(created, datetime) else None


def _one_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return (lines[0] if lines else type(err).__name__)[:_MAX_REASON]
