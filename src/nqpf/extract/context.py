"""What every extractor needs to know about a document, computed once: sentences with the
regions, industries and quantities inside them, quoted stretches, and the publication year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nqpf.extract.quantities import Quantity, find_quantities
from nqpf.extract.regions import RegionMention, find_regions
from nqpf.extract.taxonomy import IndustryMatch, find_industries
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

    def evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start, end, self.text[start:end])

    def sentence_evidence(self, sf: SentenceFacts) -> Evidence:
        return self.evidence(sf.sentence.start, sf.sentence.end)

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quoted)


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
