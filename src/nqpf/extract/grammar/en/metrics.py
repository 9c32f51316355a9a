"""English: the words that name a figure's metric ("GDP", "high-tech enterprises", "R&D intensity")
and whether a percentage is a growth rate or a share. Used by ``nqpf.extract.figures`` through
``nqpf.extract.metrics``, which decides."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nqpf.extract.metrics import FigureText, WordHit, decide, lowered, placed, split_hits, words_of
from nqpf.extract.quantity_types import Quantity

# where the clause of a number starts: a semicolon or colon, or a comma before a new subject or "with"
_CLAUSE_START = re.compile(r"[;:]\s+|,\s+(?:while|whereas|and|with|as|but|compared with)\s+|\.\s+(?=[A-Z])")
# (an "and" that joins two nouns, "research and development", does not end it; one before a new
# phrase does: "57 percent and 45.9 percent", "12 parks and the first ...")
_CLAUSE_END = re.compile(r"[,;:.(]|\s+(?:while|with|whereas)\s+|"
                         r"\s+and\s+(?=\d|[A-Z]|(?:the|its|their|a|an|over|more|about|nearly|some)\b)")
# a conversion or aside right after the number: "100 billion yuan ($14.12 billion) in output value"
_ASIDE = re.compile(r"^\s*(?:\([^()]*\)|\))")
# "its R&D intensity rose from 2.11 percent to 2.6 percent": the rate's level, not its growth
_LEVEL_OF_A_RATE = re.compile(r"(?i:\b(?:to|from|at)\s*$)")
# "the petrochemical industry by 4.9%": the verb of a list's first item goes for the rest
_BY_END = re.compile(r"(?i:\bby\s*$)")
_CONTRIBUTION = re.compile(r"(?i:\bcontribut\w*(?:\s+\w+){0,2}\s*$)")
_SHARE_AFTER = re.compile(r"^\s*(?:of\s|share\b|to\s+(?:the\s+)?(?:growth|GDP|total)\b)", re.I)
_GROWTH = re.compile(r"(?i:\b(?:gr[eo]w(?:s|th|ing)?|rose|rise[sn]?|rising|increased?|increases|increasing|up|"
                     r"expand(?:ed|s|ing)?|jump(?:ed|s)?|surg(?:ed|es)|climb(?:ed|s)?|gain(?:ed|s)?|fell|falls?|"
                     r"declin(?:ed|es|e)|drop(?:ped|s)?|down|year-on-year|y-o-y|annual(?:ly)?|faster|slower)\b)")
_SHARE = re.compile(r"(?i:\b(?:share|proportion|accounted|accounting|accounts|intensity|ratio|rate|coverage|"
                                    r"penetration|percent of|per cent of)\b|%\s+of\b)")


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every metric and aggregate word (longest first, a plural "s" allowed), matched
    in the lowercased text: a case-folding alternation this size folds every character it tries."""
    alternation = "|".join(re.escape(w) for w in sorted(words_of("en"), key=len, reverse=True))
    return re.compile(rf"(?<![\w&-])(?:{alternation})(?:s|es)?(?![\w&])")


@lru_cache(maxsize=512)
def _hits(text: str) -> tuple[list[WordHit], list[WordHit]]:
    """(metric words, aggregate words) in ``text``; kept for the sentence's other figures."""
    keys = words_of("en")
    return split_hits([(keys.get(w) or keys.get(w[:-1]) or keys.get(w[:-2]) or (), m.start(), m.end())
                       for m in _pattern().finditer(lowered(text)) for w in (m.group().lower(),)])


# the economy as a whole ("the provincial economy", "economic growth"), not a part of it ("the
# digital economy", "the low-altitude economy")
_ECONOMY = re.compile(r"(?i:\b(?:the|its|their|overall|whole|provincial|national|regional|local|city's|province's|"
                      r"country's|\w+['’]s|largest|biggest)\s+(?:\w+\s+)?economy\b|\beconomic growth\b|\bGDP\b)")
_INDUSTRY_WORD = re.compile(r"(?i:\b(?:industry|industries|sector|manufacturing)\b)")


def figure_text(local: str, after: str, q: Quantity) -> tuple[FigureText, int]:
    """The sentence before the number (``local``) and the words after it up to the clause's end
    (a conversion in brackets skipped: the second value is where they start in ``after``); the
    measure of a percentage is read in the number's own clause."""
    starts = list(_CLAUSE_START.finditer(local))
    clause = local[starts[-1].end():] if starts else local
    aside = _ASIDE.match(after)
    skipped = aside.end() if aside else 0
    rest = after[skipped:]
    end = _CLAUSE_END.search(rest)
    tail = rest[: end.start()] if end else rest
    measure = None
    if q.unit == "%":
        if _CONTRIBUTION.search(clause):
            measure = "contribution"  # a share of some growth: no metric has it
        elif _SHARE_AFTER.match(rest) or (_LEVEL_OF_A_RATE.search(clause) and _SHARE.search(clause)):
            measure = "share"
        elif q.change or _GROWTH.search(clause[-60:]) or _GROWTH.search(tail[:30]) or _BY_END.search(clause):
            measure = "growth"
        elif _SHARE.search(clause):
            measure = "share"
    read = FigureText(local, tail, q.unit, measure, economy=bool(_ECONOMY.search(local + after)),
                      industry_subject=bool(_INDUSTRY_WORD.search(clause)))
    return read, skipped


def metric(sentence: str, start: int, end: int, q: Quantity, unit: str,
           industries: list[WordHit]) -> tuple[str, str | None]:
    """(metric, industry) of the figure whose number is ``q``, at ``start``-``end`` of ``sentence``;
    ``industries`` are the sentence's industries, at their places in it. The metric comes from
    the words of the number's own clause (a count's from the noun after it, when that names one), the
    industry from the sentence."""
    local = sentence[:start]
    read, skipped = figure_text(local, sentence[end:], q)
    tail = (end + skipped, end + skipped + len(read.after))
    found, aggregates_found = _hits(sentence)
    metric_hits, aggregate_hits = placed(found, (start, end), tail), placed(aggregates_found, (start, end), tail)
    starts = list(_CLAUSE_START.finditer(local))
    clause_start = starts[-1].end() if starts else 0
    metric_hits = [h for h in metric_hits if h.start >= clause_start]
    if unit == "count" and any(h.start >= start for h in metric_hits):
        metric_hits = [h for h in metric_hits if h.start >= start]
    return decide(read, unit, metric_hits, aggregate_hits, industries, (start, end), tail)


def names_a_metric(text: str) -> bool:
    """Whether ``text`` has any metric's words."""
    return bool(_hits(text)[0])

