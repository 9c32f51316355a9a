"""English section headings of a report summary ("2024 in review", "Main targets for 2025", "Key
tasks"): the same roles as the Chinese ones (``grammar/zh/sections.py``), read by
``nqpf.extract.sections``."""

from __future__ import annotations

import re

_YEAR = r"(?:19|20)\d\d"
# A heading is a short line of its own, without a sentence's final stop.
_MAX_WORDS = 8
_REVIEW = re.compile(
    rf"(?i:^(?:(?:the\s+)?(?P<y1>{_YEAR})\s+(?:in review|review|achievements|results|highlights|at a glance)|"
    rf"(?:a\s+)?(?:review|achievements|results|highlights) (?:of|in|for) (?:the year\s+)?(?P<y2>{_YEAR})|"
    r"(?:last year's|the past year's) (?:achievements|results|work)|(?:the\s+)?(?:year|past year) in review)$)"
)
_FORWARD = re.compile(
    rf"(?i:^(?:(?P<y1>{_YEAR})\s+(?:main\s+|key\s+|major\s+)?(?:targets|goals|tasks|plans|priorities)|"
    rf"(?:main\s+|key\s+|major\s+)?(?:targets|goals|tasks|plans|priorities)\s+for\s+(?P<y2>{_YEAR})|"
    r"(?:main\s+|key\s+|major\s+)?(?:targets|goals|tasks|priorities)(?: for (?:this|the coming|next) year)?|"
    r"this year's (?:targets|goals|tasks|plans))$)"
)
_TARGETS = re.compile(r"(?i:\b(?:targets|goals)\b)")


def heading(line: str, published_year: int | None) -> tuple[str, int | None] | None:
    """('review' | 'forward', year) for a heading line, else None."""
    text = line.strip(" \t-–—:")
    if not text or len(text.split()) > _MAX_WORDS or text.endswith((".", "!", "?")):
        return None
    for role, pattern, default in (("review", _REVIEW, -1), ("forward", _FORWARD, 0)):
        m = pattern.match(text)
        if m:
            found = m.group("y1") or m.group("y2") if "y1" in pattern.groupindex else None
            year = int(found) if found else (published_year + default if published_year else None)
            return role, year
    return None


def targets_section(heading_text: str) -> bool:
    """"2025 targets": the section's numbers are targets; "Key tasks" holds plans."""
    return bool(_TARGETS.search(heading_text))


def corpus_view(text: str) -> list[dict]:
    """For the corpus: a heading's role and year (publication year 2025)."""
    found = heading(text, 2025)
    if not found:
        return []
    return [{"section": found[0], "year": found[1], "targets": targets_section(text)}]
