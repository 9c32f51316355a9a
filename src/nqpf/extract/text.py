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
_BOUNDARY = re.compile(r"(?<=[.!?。！？；])[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9]|\s*$)|(?<=[。！？；])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


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
        for m in _BOUNDARY.finditer(chunk):
            cut = m.end()
            if cut <= begin:
                continue
            wm = _WORD_BEFORE.search(chunk[begin:m.start()])
            if wm:
                word = wm.group(1).lower()
                # "Co." or "U.S." end no sentence; a lone capital ("Jack Perry Jr.") neither
                if word in _ABBREVIATIONS or (len(word) == 1 and chunk[m.start() - 2:m.start() - 1].isupper()):
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
