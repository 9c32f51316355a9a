"""What every extractor needs to know about a document, computed once: sentences with the
regions, industries and quantities inside them, quoted stretches, and the publication year."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from nqpf.extract.industries import find_industries, narrowed
from nqpf.extract.quantities import find_quantities
from nqpf.extract.quantity_types import Quantity
from nqpf.extract.regions import RegionMention, find_regions
from nqpf.extract.taxonomy import IndustryMatch
from nqpf.extract.text import Sentence, sentences
from nqpf.extract.timeexpr import infer_published_year
from nqpf.model import Document, Evidence

_QUOTED = re.compile(r"“[^”]{2,}”|\"[^\"\n]{2,}\"")
_PUBLISHED_YEAR = re.compile(r"^(\d{4})")


@dataclass
class SentenceFacts:
    sentence: Sentence
    regions: list[RegionMention] = field(default_factory=list)
    industries: list[IndustryMatch] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.sentence.text


@dataclass
class DocContext:
    document: Document
    text: str
    sentences: list[SentenceFacts]
    regions: list[RegionMention]
    quoted: list[tuple[int, int]]
    published_year: int | None
    published_basis: str | None  # metadata | text | None
    # Sorted positions for bisection: every lookup below is O(log n), so no extractor loop
    # becomes quadratic in the document's length (a 10 MB text with no newline included).
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _quote_starts: list[int] = field(default_factory=list, repr=False)
    _newlines: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts = [sf.sentence.start for sf in self.sentences]
        self._quote_starts = [a for a, _ in self.quoted]
        self._newlines = [m.start() for m in re.finditer("\n", self.text)]

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])

    def sentence_evidence(self, sf: SentenceFacts) -> Evidence:
        return self.evidence(sf.sentence.start, sf.sentence.end)

    def in_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quoted stretch (the stretches never overlap)."""
        i = bisect.bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and pos < self.quoted[i][1]

    def quotes_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted stretches that lie wholly inside ``start:end``."""
        i = bisect.bisect_left(self._quote_starts, start)
        out = []
        while i < len(self.quoted) and self.quoted[i][0] < end:
            if self.quoted[i][1] <= end:
                out.append(self.quoted[i])
            i += 1
        return out

    def next_sentence(self, pos: int) -> SentenceFacts | None:
        """The first sentence that starts at or after ``pos``."""
        i = bisect.bisect_left(self._sentence_starts, pos)
        return self.sentences[i] if i < len(self.sentences) else None

    def line_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start of the line holding ``start`` and end of the line holding ``end``."""
        i = bisect.bisect_left(self._newlines, start)
        line_start = self._newlines[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self._newlines, end)
        line_end = self._newlines[j] if j < len(self._newlines) else len(self.text)
        return line_start, line_end


def build_context(document: Document) -> DocContext:
    """Split ``document`` and find every region, industry and quantity once."""
    text = document.text
    regions = find_regions(text)
    industries = find_industries(text)
    quantities = find_quantities(text)
    sents = sentences(text)
    facts = []
    ri = ii = qi = 0
    for s in sents:
        sf = SentenceFacts(s)
        while ri < len(regions) and regions[ri].start < s.end:
            if regions[ri].start >= s.start:
                sf.regions.append(regions[ri])
            ri += 1
        while ii < len(industries) and industries[ii].start < s.end:
            if industries[ii].start >= s.start:
                sf.industries.append(industries[ii])
            ii += 1
        sf.industries = narrowed(sf.industries, text)
        while qi < len(quantities) and quantities[qi].start < s.end:
            if quantities[qi].start >= s.start:
                sf.quantities.append(quantities[qi])
            qi += 1
        facts.append(sf)
    year, basis = None, None
    if document.published and _PUBLISHED_YEAR.match(document.published):
        year, basis = int(document.published[:4]), "metadata"
    else:
        year = infer_published_year([s.text for s in sents])
        basis = "text" if year is not None else None
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    return DocContext(document, text, facts, regions, quoted, year, basis)
