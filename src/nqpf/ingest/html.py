"""HTML pages: main article text, title, date and URL via trafilatura, with an lxml fallback."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from nqpf.ingest.dates import normalise_published
from nqpf.ingest.encoding import UnreadableInput, decode_text, normalise_newlines

NO_TEXT = "no article text found in HTML"
TOO_DEEP = "HTML is nested deeper than the parser's limit of {depth} levels; no text read"

_SNIFF_WINDOW = 2048
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Dates come only from the page's own markup: no text-pattern guessing, no default to today.
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
# lxml, trafilatura and htmldate raise these on input they cannot parse (htmldate even asserts
# on some trees); anything else is a bug of ours.
_PARSE_ERRORS = (ValueError, TypeError, LookupError, AssertionError, lxml.etree.LxmlError, RecursionError)
_DROP_IN_FALLBACK = ("script", "style", "noscript", "template", "nav", "aside", "footer")
_BLOCKS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "blockquote", "pre", "table", "ul", "ol", "dd", "dt",
)  # fmt: skip


@dataclass(frozen=True)
class HtmlText:
    """What a page yields: article text plus whatever metadata the page itself states."""

    text: str
    title: str | None
    published: str | None
    url: str | None


def read_html(data: bytes) -> HtmlText:
    """Extract the article from an HTML page, or raise ``UnreadableInput``."""
    markup = _XML_DECLARATION.sub("", _decode_html(data), count=1)
    with _quiet_libraries():
        try:
            result = trafilatura.bare_extraction(
                markup,
                with_metadata=True,
                include_comments=False,
                favor_recall=True,
                date_extraction_params=dict(_DATE_PARAMS),
            )
        except _PARSE_ERRORS:
            result = None  # the fallback below still gets a chance
    text = normalise_newlines(result.text or "") if result is not None else ""
    if not text.strip():
        text, too_deep = _body_text(markup)
        if not text.strip() and too_deep:
            raise UnreadableInput(TOO_DEEP.format(depth=too_deep))
    if not text.strip():
        raise UnreadableInput(NO_TEXT)
    if result is None:
        return HtmlText(text=text, title=_title_element(markup), published=None, url=None)
    published = normalise_published(result.date)
    if published == dt.date.today().isoformat():
        published = None  # htmldate's ceiling is today, so today itself is never trustworthy
    return HtmlText(text=text, title=_clean(result.title), published=published, url=_clean(result.url))


def _decode_html(data: bytes) -> str:
    try:
        # Valid UTF-8 beats a contrary <meta charset>: such declarations are often stale.
        return normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    # trafilatura ignores <meta charset>, and its own guess never widens GBK to GB18030.
    encoding = _declared_charset(data)
    if encoding:
        try:
            return normalise_newlines(data.decode(encoding))
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; sniff instead
    return decode_text(data)


def _declared_charset(data: bytes) -> str | None:
    declared = _META_CHARSET.search(data[:_SNIFF_WINDOW])
    if not declared:
        return None
    try:
        encoding = codecs.lookup(declared[1].decode("ascii")).name
    except LookupError:
        return None
    if encoding.startswith(("utf-16", "utf-32")):
        return None  # a declaration read as ASCII cannot be right about a wide encoding
    return "gb18030" if encoding in {"gb2312", "gbk"} else encoding


_DEPTH_LIMIT = re.compile(r"Excessive depth in document: (\d+)")


def _body_text(markup: str) -> tuple[str, int | None]:
    """The page's visible text by plain lxml, and the depth limit libxml2 hit, if it hit one.

    ``huge_tree`` lifts libxml2's default depth of 256 (which real pages sometimes pass) to its
    hard maximum; past that the parser silently drops the rest, so the caller must be told.
    """
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except _PARSE_ERRORS:
        root = None
    deep = next((int(m[1]) for e in parser.error_log if (m := _DEPTH_LIMIT.search(e.message or ""))), None)
    if root is None:
        return "", deep
    body = root.find("body")
    if body is None:
        body = root
    for element in list(body.iter(*_DROP_IN_FALLBACK)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in body.iter(*_BLOCKS):
        # text_content() glues blocks together; a newline after each keeps paragraphs apart.
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in body.text_content().split("\n"))
    return "\n".join(line for line in lines if line), deep


def _title_element(markup: str) -> str | None:
    try:
        root = lxml.html.document_fromstring(markup)
    except _PARSE_ERRORS:
        return None
    return _clean(root.findtext(".//title"))


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    # trafilatura and htmldate log every discarded page; our ReadError already says it once.
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
