"""Plain, JSON-serialisable records that flow from reading to extraction to output.

Field names follow the extraction contract (``../shared/spec/extraction.md``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A document as read: its text is what every evidence span points into."""

    doc_id: str
    source: str
    text: str
    title: str | None = None
    published: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when unknown
    language: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read; ``source`` names it, ``reason`` says why in one line."""

    source: str
    reason: str


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


@dataclass
class RegionMention:
    code: str
    name: str
    level: str
    mentions: int


@dataclass
class Priority:
    region: str
    industry: str
    stage: str
    year: int | None
    evidence: Evidence


@dataclass
class Figure:
    region: str
    indicator: str
    value: float
    unit: str
    year: int | None
    kind: str  # actual | plan | target
    approx: str | None
    evidence: Evidence
    industries: list[str] = field(default_factory=list)  # industries named in the same sentence
    metric: str | None = None  # a metrics.yaml ID, or "other"
    industry: str | None = None  # what the metric is about: an industries.yaml ID or an aggregate


@dataclass
class Quote:
    speaker: str
    role: str | None
    region: str | None
    text: str
    evidence: Evidence


@dataclass
class Organization:
    name: str
    region: str | None
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one document, in the contract's shape."""

    doc_id: str
    source: str
    title: str | None
    published: str | None
    language: str | None
    published_basis: str | None = None  # "metadata" or "text" (a lower bound read off the text)
    regions: list[RegionMention] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
