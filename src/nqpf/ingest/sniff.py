"""Which reader an input needs, told from its first bytes: cheap tests kept apart from the readers,
which import trafilatura, lxml or pypdf (a third of a second of a short ingest's start) only when
an input needs them."""

from __future__ import annotations

import re

PDF_MAGIC = b"%PDF-"
_PDF_WINDOW = 1024
_HTML_WINDOW = 2048
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")
_HTML_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)\b", re.I)


def looks_like_pdf(data: bytes) -> bool:
    """True when the data starts with the ``%PDF-`` header (leading whitespace allowed)."""
    return data[:_PDF_WINDOW].lstrip().startswith(PDF_MAGIC)


def looks_like_html(data: bytes) -> bool:
    """True when ``data`` starts with ``<`` and has an html, head, body or doctype tag near the top."""
    head = data[:_HTML_WINDOW]
    return bool(_HTML_START.match(head) and _HTML_TAG.search(head))
