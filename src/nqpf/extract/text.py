"""Sentences and paragraphs as character spans, so every fact can point back into the text.

A regex splitter rather than a statistical one: spaCy's sentencizer costs more than the whole
extraction budget (100 documents/s), and news prose needs only abbreviations and quotes handled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st", "co", "ltd", "inc", "corp", "no", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "gen",
    "u.s", "u.k", "e.g", "i.e", "approx", "dept", "est", "fig", "vol", "rep", "sen",
}
# A sentence ends after a stop, any closing quotes or brackets, and before a space and a capital (or
# the end); after a Chinese stop, right there. The stops are found first and the rest matched at each:
# a pattern that opened with the look-behind was tried at every character of the text.
_STOP = re.compile(r"[.!?。！？；]")
_AFTER_STOP = re.compile(r"[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9]|\s*$)")
_CJK_STOPS = "。！？；"
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_WORD_REACH = 12  # longer than any abbreviation: a longer word before the stop is no abbreviation
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines; news text puts one paragraph on a line."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group(0).strip():
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            trail = len(m.group(0).rstrip())
            spans.append((m.start() + lead, m.start() + trail))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its span and paragraph number."""
    out: list[Sentence] = []
    for pno, (pstart, pend) in enumerate(paragraphs(text)):
        chunk = text[pstart:pend]
        begin = 0
        for stop in _STOP.finditer(chunk):
            at = stop.end()
            m = _AFTER_STOP.match(chunk, at)
            if m is None and stop.group() not in _CJK_STOPS:
                continue
            cut = m.end() if m is not None else at
            if cut <= begin:
                continue
            window = max(begin, at - _WORD_REACH)
            wm = _WORD_BEFORE.search(chunk, window, at)
            if wm and not (wm.start() == window > begin and chunk[window - 1] in _WORD_CHARS):
                word = wm.group(1).lower()
                # "Co." or "U.S." end no sentence; a lone capital ("Jack Perry Jr.") neither
                if word in _ABBREVIATIONS or (len(word) == 1 and chunk[at - 2:at - 1].isupper()):
                    continue
            _add(out, text, pstart + begin, pstart + cut, pno)
            begin = cut
        _add(out, text, pstart + begin, pend, pno)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, pno: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], pno))
