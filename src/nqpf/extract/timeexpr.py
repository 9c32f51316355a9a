"""Time in a sentence: explicit years, relative years, per-year rates, tense, preliminary
estimates; and a publication year read off the text when no metadata gives one.

The rules live in the grammar of each language (``grammar/en/time.py``, ``grammar/zh/time.py``);
this module holds the value type and sends each sentence to the grammar of its language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

from nqpf.extract.grammar.en import time as en
from nqpf.extract.grammar.zh import time as zh
from nqpf.extract.quantities import is_chinese

PAST_VERBS = en.PAST_VERBS
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class YearRef:
    start: int
    end: int
    year: int | None  # None for a period ("2021-25", 2021年到2024年)
    relation: str  # in | by | since | name | period


# Figures, priorities and sections ask these about the same sentences again and again: cached.
_CACHE = 4096


@lru_cache(maxsize=_CACHE)
def _grammar(sentence: str) -> ModuleType:
    return zh if is_chinese(sentence) else en


def explicit_years(sentence: str) -> list[YearRef]:
    """Years written as digits, with how the sentence relates to them."""
    return list(_explicit_years(sentence))


@lru_cache(maxsize=_CACHE)
def _explicit_years(sentence: str) -> tuple[YearRef, ...]:
    return tuple(YearRef(*ref) for ref in _grammar(sentence).explicit_years(sentence))


def relative_year(sentence: str, published_year: int | None) -> int | None:
    """The year a relative phrase names ("last year" in 2024 -> 2023, 前年 -> 2022), or None.

    A comparison base ("up 5 percent from a year earlier", 比上年增长) names no period and is skipped.
    """
    if published_year is None:
        return None
    grammar = _grammar(sentence)
    if not grammar.may_be_relative(sentence):
        return None
    found = grammar.relative_offset(sentence)
    if found is None or not found[1]:
        return None
    return published_year + found[0]


@lru_cache(maxsize=_CACHE)
def has_relative_year(sentence: str) -> bool:
    """Whether the sentence names a period relative to the publication date ("this year", 去年)."""
    grammar = _grammar(sentence)
    if not grammar.may_be_relative(sentence):
        return False
    found = grammar.relative_offset(sentence)
    return found is not None and found[1]


def present_only(sentence: str) -> bool:
    """Whether an English sentence's only relative times are words of the present ("now")."""
    return _grammar(sentence) is en and en.present_only(sentence)


def is_per_year(fragment: str) -> bool:
    """A rate per year ("annually", "a year"), which belongs to no single year."""
    return en.is_per_year(fragment)


@lru_cache(maxsize=_CACHE)
def tense(sentence: str) -> str:
    """``future``, ``past`` or ``present``: cue words, not a parser."""
    return _grammar(sentence).tense(sentence)


def is_estimate(sentence: str) -> bool:
    """Whether the sentence gives a preliminary estimate of a result (预计地区生产总值增长6%左右,
    "is estimated to have grown 5 percent") rather than a forecast (预计将, "is expected to")."""
    return _grammar(sentence).is_estimate(sentence)


def is_target_met(sentence: str) -> bool:
    """Whether the sentence says a target was met ("met its growth target in 2023, with GDP
    expanding 5.4 percent", 顺利完成全年主要目标任务): its figures are ``actual`` for the contract,
    although the word "target" (目标) is in it."""
    return _grammar(sentence).target_met(sentence)


def estimate_is_actual(sentence: str, year: int | None, published_year: int | None) -> bool:
    """Whether a figure of ``year`` in ``sentence`` is an estimate of a finished year, which the
    contract counts as ``actual`` (预计2024年增长5.5%左右 in a 2025 report).

    ``year`` is the year the figure describes, as the caller resolved it (from the sentence, its
    paragraph or its section); an estimate for the publication year or later stays a forecast.
    """
    if year is None or published_year is None or year >= published_year:
        return False
    return is_estimate(sentence)


def published_year_bounds(sentence: str) -> list[tuple[int, bool]]:
    """Every lower bound on the publication year that ``sentence`` gives, each with whether it
    also estimates that year (a statistic, a date, a plan's year) or only bounds it (an event)."""
    if _DIGIT.search(sentence) is None:
        return []
    grammar = _grammar(sentence)
    bounds = grammar.date_bounds(sentence)
    bounds.extend(bound for _, bound in grammar.year_bounds(sentence) if bound is not None)
    return bounds


def infer_published_year(sentences: list[str]) -> int | None:
    """The publication year as the text implies it, or None.

    A whole-year result ("In 2023, investment grew ...", 2023年,地区生产总值5.4万亿元) is reported
    after that year; a dated photo, a part of a year or "targets for 2024" allow that same year;
    a future target year ("by 2027", "around 2030", 到2027年) allows nothing. An event's year
    ("started construction in 2009") bounds the year from below but is no estimate of it: a text
    that dates nothing else keeps an unknown year.
    """
    best: int | None = None
    estimated = False
    for s in sentences:
        for year, estimates in published_year_bounds(s):
            best = year if best is None else max(best, year)
            estimated = estimated or estimates
    return best if estimated else None
