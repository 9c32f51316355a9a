"""Time in a sentence: explicit years, relative years, per-year rates, tense; and a publication
year read off the text when no metadata gives one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nqpf.extract.quantities import MONTHS

_YEAR = re.compile(r"(?<![\d.,$-])(?P<year>(?:19|20)\d{2})(?![\d%])(?P<range>\s?[-–/]\s?\d{2,4})?")
_RELATIVE = re.compile(
    r"(?i:\b(?P<last>last year|the previous year|a year earlier|a year ago)\b|"
    r"\b(?P<this>this year|(?<!end of )the year(?!\s+(?:before|earlier|ago))|the new year|the current year|"
    r"so far this year|today|currently|last month|this month|earlier this month|last week|this week|recently|"
    r"at present|now)\b|\b(?P<next>next year|the coming year)\b)|"
    r"(?P<zhlast>去年|上年)|(?P<zhnext>明年)|(?P<zhthis>今年|本年|当前|目前)"
)
_PER_YEAR = re.compile(
    r"(?i:\b(?:annually|per year|a year(?!\s+(?:earlier|ago|before|later))|each year|every year|per annum|"
    r"annual average)\b(?![-‑]))"
)
# Tense cues as word sets: a set lookup per word is several times faster than a long
# case-insensitive alternation, and tense is asked of every sentence.
PAST_VERBS = _PAST_WORDS = frozenset("""
was were had reached grew rose fell increased decreased expanded accounted generated hit totaled totalled
exceeded stood recorded saw posted jumped surged declined dropped climbed achieved became contributed
registered topped amounted attracted invested invited pledged introduced uttered listed produced sold
exported imported completed unveiled released launched spent built made won paid brought took gave held
kept met set earned raised delivered shipped
""".split())
_FUTURE_WORDS = frozenset("will would shall plan plans planned aim aims aiming target targets goal expected seek seeks "
                          "strive strives intend intends".split())
_FUTURE_PHRASE = re.compile(
    r"(?i:\b(?:is to|are to|set to|by (?:19|20)\d{2})\b)|将|计划|拟|力争|目标|预计|规划|到20\d\d年"
)
_ZH_PAST = re.compile(r"达到|实现|完成|同比增长|增长了|比上年|较上年|全年")
_PRESENT_PERFECT = re.compile(r"(?i:\b(?:has|have)\s+(?:(?:also|already|just|now|so far|since|been)\s+)*[a-z]+)")
_HAS_BEEN = re.compile(r"(?i:\b(?:has|have|had) been\b)")
_WORDS = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


def _words(sentence: str) -> set[str]:
    return set(_WORDS.findall(sentence.lower()))


def _is_future(sentence: str, words: set[str]) -> bool:
    return bool(words & _FUTURE_WORDS) or bool(_FUTURE_PHRASE.search(sentence))


_NOT_PAST_ED = frozenset(["based", "advanced", "related", "united", "limited", "detailed", "skilled", "need",
                          "speed", "seed", "feed", "red", "bed", "hundred", "indeed", "proceed", "exceed",
                          "succeed", "embedded", "dedicated", "sophisticated", "integrated", "interested",
                          "expected", "planned", "proposed", "scheduled", "designed", "committed", "concerned"])


def _is_past(sentence: str, words: set[str]) -> bool:
    if words & _PAST_WORDS or _HAS_BEEN.search(sentence) or _ZH_PAST.search(sentence):
        return True
    # regular past forms ("handled", "doubled"); adjectives and plan words are listed out
    return any(w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED for w in words)


_MONTH_YEAR = re.compile(rf"(?<!\d )\b(?:{MONTHS})\.?\s+(?P<year>(?:19|20)\d{{2}})\b")
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})\.?\s+(?P<y1>(?:19|20)\d{{2}})\b|\b(?:{MONTHS})\.?\s+\d{{1,2}},\s*(?P<y2>(?:19|20)\d{{2}})\b"
)


@dataclass(frozen=True)
class YearRef:
    start: int
    end: int
    year: int | None  # None for a period ("2021-25")
    relation: str  # in | by | since | for | name | period


def explicit_years(sentence: str) -> list[YearRef]:
    """Years written as digits, with how the sentence relates to them."""
    out = []
    for m in _YEAR.finditer(sentence):
        before = sentence[max(0, m.start() - 25):m.start()].lower()
        after = sentence[m.end():m.end() + 25]
        if m.group("range"):
            out.append(YearRef(m.start(), m.end(), None, "period"))
            continue
        year = int(m.group("year"))
        if re.search(r"\b(?:since|from|after|compared with|than in)\s+(?:the end of\s+)?$", before):
            relation = "since"
        elif re.search(r"\bby\s+(?:the end of\s+)?$", before) or re.search(r"\bby (?:the )?end of\s+$", before):
            relation = "by"
        elif re.match(r"^\s+[A-Z][a-z]+\s+(?!Government|Work|Plan)", after) and \
                not re.search(r"\b(?:in|for|of)\s+(?:the\s+)?$", before):
            relation = "name"  # "the 2023 Global Industrial Internet Conference"
        else:
            relation = "in"
        out.append(YearRef(m.start(), m.end(), year, relation))
    return out


def relative_year(sentence: str, published_year: int | None) -> int | None:
    """The year a relative phrase names ("last year" in 2024 -> 2023), or None."""
    if published_year is None or not _may_be_relative(sentence):
        return None
    m = _RELATIVE.search(sentence)
    if not m:
        return None
    if m.group("last") and m.group("last").lower() in ("the previous year", "a year earlier", "a year ago"):
        return None  # a comparison base, not the period the number describes
    if m.group("last") or m.group("zhlast"):
        return published_year - 1
    if m.group("next") or m.group("zhnext"):
        return published_year + 1
    return published_year


def _may_be_relative(sentence: str) -> bool:
    # a cheap test first: the alternation below is costly and most sentences hold none of these
    lower = sentence.lower()
    return any(word in lower for word in ("year", "today", "current", "now", "present", "month", "week", "recent",
                                          "年", "目前", "当前"))


def has_relative_year(sentence: str) -> bool:
    if not _may_be_relative(sentence):
        return False
    m = _RELATIVE.search(sentence)
    return bool(m) and not (m.group("last") or "").lower().startswith(("the previous", "a year"))


def is_per_year(fragment: str) -> bool:
    return bool(_PER_YEAR.search(fragment))


def tense(sentence: str) -> str:
    """``future``, ``past`` or ``present``: cue words, not a parser."""
    words = _words(sentence)
    if _is_future(sentence, words):
        return "future"
    # "has attracted", "have built": a state as of now, not a past period
    simple = _PRESENT_PERFECT.sub(" ", sentence)
    if _is_past(simple, _words(simple)):
        return "past"
    return "present"


def infer_published_year(sentences: list[str]) -> int | None:
    """A lower bound on the publication year from what the text treats as past.

    A full-year statistic ("In 2023, investment grew ...") or a month written with its year
    ("in June 2023", which news style does only for other years) is reported after that year;
    "targets for 2024" or "the 2024 plan" are written in 2024 at the earliest. The latest such
    bound is the estimate; without any, the year stays unknown.
    """
    best: int | None = None

    def bump(year: int) -> None:
        nonlocal best
        best = year if best is None else max(best, year)

    for s in sentences:
        for m in _FULL_DATE.finditer(s):
            bump(int(m.group("y1") or m.group("y2")))
        if _DIGIT.search(s) is None:
            continue
        words = _words(s)
        future = _is_future(s, words)
        past = _is_past(s, words) and not future
        for m in _MONTH_YEAR.finditer(s):
            if past or not future:
                bump(int(m.group("year")) + 1)
        for ref in explicit_years(s):
            if ref.year is None or ref.relation in ("name", "since"):
                continue
            if past and ref.relation in ("in", "by"):
                bump(ref.year + 1)
            elif re.search(rf"(?i:\b(?:targets?|goals?|plans?)\s+for\s+{ref.year}\b|\b{ref.year}\s+(?:plans?|"
                           rf"targets?|work plan|government work))", s):
                bump(ref.year)
    return best
