"""Bytes to text: the one place where input text is decoded and normalised.

Evidence spans are offsets into the text this module returns, so nothing
downstream may change it again.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from nqpf.errors import NqpfError

BINARY = "binary or undecodable content"

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936"}
_WIDE_UNICODE = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_MAX_JUNK_SHARE = 0.10
_ASCII = bytes(range(128))


class UnreadableInput(NqpfError):
    """Raised by the format readers for input they cannot turn into text; the message is one line."""


def over_limit(what: str, limit: int, size: int | None = None) -> str:
    """The ReadError reason for input larger than ``limit`` bytes; ``size`` when it is known."""
    actual = f" is {format_size(size)}," if size is not None else " is"
    return f"{what}{actual} over the {format_size(limit)} limit (set NQPF_MAX_BYTES or --max-bytes)"


def format_size(size: int) -> str:
    """``52.4 MB``, ``3.0 KB`` or ``12 bytes``: binary units, as the limit is set in bytes."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; every reader's text passes through here."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> str:
    """Decode ``data`` to text with newlines normalised, or raise ``UnreadableInput``.

    Order: BOM, strict UTF-8, then charset-normalizer's guess (GB encodings
    widened to GB18030).
    """
    text = normalise_newlines(_decode(data))
    if _mostly_junk(text):
        raise UnreadableInput(BINARY)
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    if b"\x00" in data:
        # NUL never occurs in text except in BOM-less UTF-16/32.
        match = charset_normalizer.from_bytes(data).best()
        if match is None or match.encoding not in _WIDE_UNICODE:
            raise UnreadableInput(BINARY)
        return _strict(data, match.encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err.start
    if _looks_like_damaged_utf8(data):
        # Any single-byte guess would garble the valid multi-byte text around the damage.
        raise UnreadableInput(f"invalid UTF-8 at byte {first_bad}")
    encoding = _guess_encoding(data)
    if encoding is None:
        if _mostly_junk(data.decode("utf-8", errors="replace")):
            raise UnreadableInput(BINARY)
        raise UnreadableInput(f"invalid UTF-8 at byte {first_bad} and no other encoding fits")
    return _strict(data, encoding)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableInput(f"invalid {encoding} at byte {err.start}") from None


def _looks_like_damaged_utf8(data: bytes) -> bool:
    non_ascii = len(data) - len(data.translate(None, _ASCII))
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    # Other encodings' multi-byte text is valid UTF-8 only by accident, far less than 95% of the time.
    return non_ascii >= 8 and bad * 20 < non_ascii


def _guess_encoding(data: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if best.encoding in _GB_FAMILY:
        return "gb18030"  # a superset of GB2312 and GBK, so never worse
    # Equally clean single-byte guesses are often tied; Western European is the likeliest.
    for match in matches:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            try:
                data.decode("cp1252")
            except UnicodeDecodeError:
                break
            return "cp1252"
    return best.encoding


def _mostly_junk(text: str) -> bool:
    # A prefix is enough to tell text from binary, and a per-character scan of 20 MB is slow.
    sample = text[:100_000]
    if not sample:
        return False
    junk = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS)
    )
    return junk > _MAX_JUNK_SHARE * len(sample)
