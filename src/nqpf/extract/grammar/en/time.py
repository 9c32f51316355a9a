"""English time expressions: years written as digits and how a sentence relates to them, relative
years ("last year"), per-year rates, tense cues, and what a sentence says about when it was
written (the lower bounds ``timeexpr.infer_published_year`` combines).

Cue words rather than a parser: the genre is formulaic, and tense is asked of every sentence.
"""

from __future__ import annotations

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

# A year is 19xx/20xx on its own: not inside a larger number, not a count ("2000 projects").
_YEAR = re.compile(r"(?<![\d.$-])(?<!\d,)(?P<year>(?:19|20)\d{2})(?![\d%])(?P<range>\s?[-–/]\s?\d{2,4})?")
_YEARISH = re.compile(r"(?:19|20)\d\d")
_NOT_YEAR_AFTER = re.compile(
    r"\s?(?:%|％|(?i:per ?cent|percent|yuan|units|people|projects|firms|companies|enterprises|kilometers|"
    r"kilometres|tons|tonnes|mu|hectares|households|vehicles|stations|jobs)\b)"
)
_DATE_AFTER_RANGE = re.compile(r"\s?[-–/]\s?\d{1,2}\b")
# Matched against the lower-cased sentence: an IGNORECASE alternation folds every character it tries.
_RELATIVE = re.compile(
    r"(?:\b(?P<last>(?:the )?same period (?:of )?last year|(?:compared (?:with|to)|than|over) last year|"
    r"last year|the previous year|a year earlier|a year ago)\b|"
    r"\b(?P<before_last>the year before last)\b|"
    r"\b(?P<this>this year|(?<!end of )the year(?!\s+(?:before|earlier|ago))|the new year|the current year|"
    r"so far this year|today|currently|last month|this month|earlier this month|last week|this week|recently|"
    r"at present|now)\b|\b(?P<next>next year|the coming year)\b)"
)
# "a year earlier" and "the previous year" name a comparison base, not the period a number describes
_COMPARISON_BASES = ("the previous year", "a year earlier", "a year ago", "the same period last year",
                     "same period last year", "the same period of last year", "same period of last year",
                     "compared with last year", "compared to last year", "than last year", "over last year")
_PER_YEAR = re.compile(
    r"(?i:\b(?:annually|per year|a year(?!\s+(?:earlier|ago|before|later))|each year|every year|per annum|"
    r"annual average)\b(?![-‑]))"
)
# Tense cues as word sets: a set lookup per word is several times faster than a long
# case-insensitive alternation, and tense is asked of every sentence.
PAST_VERBS = frozenset("""
was were had reached grew rose fell increased decreased expanded accounted generated hit totaled totalled
exceeded stood recorded saw posted jumped surged declined dropped climbed achieved became contributed
registered topped amounted attracted invested invited pledged introduced uttered listed produced sold
exported imported completed unveiled released launched spent built made won paid brought took gave held
kept met set earned raised delivered shipped
""".split())
# Verbs that report a quantity for a period: such a statement about a whole year is made after it.
_STATISTIC_VERBS = frozenset("""
was were had reached grew rose fell increased decreased expanded accounted generated hit totaled totalled
exceeded stood recorded saw posted jumped surged declined dropped climbed contributed registered topped
amounted attracted invested produced sold exported imported spent earned raised delivered shipped handled
surpassed achieved
""".split())
_FUTURE_WORDS = frozenset("will would shall plan plans planned aim aims aiming target targets goal expected seek seeks "
                          "strive strives intend intends".split())
_FUTURE_PHRASE = re.compile(r"(?i:\b(?:is to|are to|set to|by (?:19|20)\d{2})\b)")
# Future cues of a clause for dating the text: plan words and forecasts, not the noun "target" of a
# past sentence ("grew 6 percent in 2023, in line with its target" is a 2023 result).
_FORWARD_WORDS = frozenset("will would shall plan plans planned planning aim aims aiming expected expects expect "
                           "projected projects projection forecast forecasts anticipated anticipates seek seeks "
                           "strive strives striving intend intends intended targets targeted targeting goal goals "
                           "slated scheduled envisaged poised should must".split())
_FORWARD_PHRASE = re.compile(r"(?i:\b(?:is to|are to|set to|on track to|target (?:of|for|to|is)|aim to)\b)")
_PRESENT_PERFECT = re.compile(r"(?i:\b(?:has|have)\s+(?:(?:also|already|just|now|so far|since|been)\s+)*[a-z]+)")
# Names that contain 'plan' are no plan: "the 14th Five-Year Plan (2021-25)"
PLAN_NAMES = re.compile(r"\b(?:\d+(?:st|nd|rd|th)\s+)?Five-Year Plans?\b|\bPlan period\b")
_HAS_BEEN = re.compile(r"(?i:\b(?:has|have|had) been\b)")
_WORDS = re.compile(r"[a-z]+")
_LOWER_WORDS = re.compile(r"(?<![A-Za-z])[a-z]+")
_NOT_PAST_ED = frozenset(["based", "advanced", "related", "united", "limited", "detailed", "skilled", "need",
                          "speed", "seed", "feed", "red", "bed", "hundred", "indeed", "proceed", "exceed",
                          "succeed", "embedded", "dedicated", "sophisticated", "integrated", "interested",
                          "expected", "planned", "proposed", "scheduled", "designed", "committed", "concerned",
                          "projected", "anticipated", "forecasted", "targeted", "slated", "envisaged"])
_ESTIMATE = re.compile(
    r"(?i:\b(?:is|are|was|were) estimated to have\b|\bestimated at\b|"
    r"\bpreliminary (?:estimates?|data|figures|statistics)\b)"
)
_MONTH_YEAR = re.compile(rf"(?<!\d )\b(?:{MONTHS})\.?\s+(?P<year>(?:19|20)\d{{2}})\b")
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}\s+(?:{MONTHS})\.?\s+(?P<y1>(?:19|20)\d{{2}})\b|\b(?:{MONTHS})\.?\s+\d{{1,2}},\s*(?P<y2>(?:19|20)\d{{2}})\b"
)
# A part of a year ("the first half of 2023", "January-May 2024") can be reported within that year.
_PART_OF_YEAR_BEFORE = re.compile(
    rf"(?i:\b(?:first|second|third|fourth|last|final)\s+(?:half|quarter|three quarters|two quarters|"
    rf"(?:\w+\s+)?months)\s+of\s+(?:the\s+year\s+)?$|\b(?:H[12]|Q[1-4])\s+$|(?:{MONTHS})\s?[-–]\s?(?:{MONTHS})\s+$)"
)
_CLAUSE_CUT = re.compile(r"[,;:()]\s*|\s+[-–—]\s+|\s+(?:while|whereas|but)\s+")
# The year a plan or target is for: "targets for 2024", "its 2025 action plan", "work report 2024".
_PLAN_FOR_YEAR = re.compile(
    r"(?i:(?:targets?|goals?|plans?|budget)\s+for\s+(?:the\s+year\s+)?(?P<a>(?:19|20)\d\d)\b|"
    r"\b(?P<b>(?:19|20)\d\d)\s+(?:[a-z]+\s+)?(?:plans?|targets?|goals?|budget|government work|work plan)\b|"
    r"\bwork report(?:\s+for)?\s+(?P<c>(?:19|20)\d\d)\b)"
)
_BARE_BY = re.compile(r"(?i:\bby\s+$)")
_PERIOD_TEXT = re.compile(r"(\d{4})\s?[-–/]\s?(\d{2,4})")


def words(sentence: str) -> set[str]:
    """The lower-cased words of ``sentence``."""
    return set(_WORDS.findall(sentence.lower()))


def is_future(sentence: str, sentence_words: set[str]) -> bool:
    """Plan or forecast cues: "will", "aims", "is expected to", "by 2027"."""
    return bool(sentence_words & _FUTURE_WORDS) or bool(_FUTURE_PHRASE.search(sentence))


def is_past(sentence: str, sentence_words: set[str]) -> bool:
    """Past-tense cues: a listed past verb, "has been", or a regular -ed form."""
    if sentence_words & PAST_VERBS or _HAS_BEEN.search(sentence):
        return True
    # regular past forms ("handled", "doubled"); adjectives and plan words are listed out
    return any(w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED for w in sentence_words)


def tense(sentence: str) -> str:
    """``future``, ``past`` or ``present``."""
    # "the 13th Five-Year Plan period" names a period; it plans nothing
    unnamed = PLAN_NAMES.sub(" ", sentence)
    if is_future(unnamed, words(unnamed)):
        return "future"
    # "has attracted", "have built": a state as of now, not a past period
    simple = _PRESENT_PERFECT.sub(" ", unnamed)
    simple_words = words(simple)
    if simple != unnamed and not simple_words & PAST_VERBS and not _HAS_BEEN.search(simple):
        # beside a present perfect, a regular -ed form is a participle: "led by 8 academicians,
        # has built ..., with over 6,000 patents granted"
        return "present"
    if is_past(simple, simple_words):
        return "past"
    return "present"


def may_be_relative(sentence: str) -> bool:
    """A cheap test before the relative-year alternation, which most sentences would fail."""
    lower = sentence.lower()
    return any(w in lower for w in ("year", "today", "current", "now", "present", "month", "week", "recent"))


def relative_offset(sentence: str) -> tuple[int, bool] | None:
    """The first relative year of ``sentence`` as an offset from the publication year, and whether
    it names the period itself (``False`` for a comparison base such as "a year earlier")."""
    first_base = None
    for m in _RELATIVE.finditer(sentence.lower()):
        if m.group("last"):
            if m.group("last") in _COMPARISON_BASES:
                first_base = first_base or (0, False)
                continue
            return -1, True
        if m.group("before_last"):
            return -2, True
        if m.group("next"):
            return 1, True
        return 0, True
    return first_base


_PRESENT_WORDS = frozenset(("today", "currently", "now", "at present", "recently"))
# "By late September", "as of October 8", "in the first half": a date within a year the sentence does
# not name, so the publication's, never the last year an earlier paragraph named ("May" the verb aside)
_WITHIN_A_YEAR = re.compile(
    rf"\b(?:(?:early|mid|late|end)[- ])?(?:(?:{MONTHS.replace('May|', '')})\b\.?|(?<=\b(?:in|by|of) )May\b)"
    rf"(?!\s*\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:19|20)\d\d)(?!\s+(?:19|20)\d\d)|"
    r"\bthe first (?:half|quarter|three quarters|(?:\w+ )?months)\b(?!\s+of\s+(?:19|20)\d\d)")


def within_an_unnamed_year(sentence: str) -> bool:
    """Whether the sentence dates its numbers by a month or a part of a year, with no year."""
    return bool(_WITHIN_A_YEAR.search(sentence))


def present_only(sentence: str) -> bool:
    """Whether the sentence's only relative times are words of the present ("now", "currently")."""
    found = [m.group("this") for m in _RELATIVE.finditer(sentence.lower())]
    return bool(found) and all(f in _PRESENT_WORDS for f in found)


def is_estimate(sentence: str) -> bool:
    """A preliminary estimate of a result ("is estimated to have grown"), not a forecast."""
    return bool(_ESTIMATE.search(sentence))


_TARGET_MET = re.compile(
    r"(?i:\b(?:met|achieved|fulfilled|exceeded|surpassed|beat|hit|in line with)\s+(?:(?:its|their|the|this|last)\s+)?"
    r"(?:[\w'’-]+\s+){0,3}(?:targets?|goals?)\b)"
)


def target_met(sentence: str) -> bool:
    """"met its growth target", "in line with its official target": a past target, so the
    sentence's figures are results."""
    return bool(_TARGET_MET.search(sentence))


def is_per_year(fragment: str) -> bool:
    """"annually", "a year", "per annum": a rate per year, which has no single year."""
    return bool(_PER_YEAR.search(fragment))


def explicit_years(sentence: str) -> list[tuple[int, int, int | None, str]]:
    """(start, end, year, relation) for every year written as digits; ``year`` is None for a period."""
    if _YEARISH.search(sentence) is None:
        return []  # most sentences name no year; this test is far cheaper than the full pattern
    out: list[tuple[int, int, int | None, str]] = []
    for m in _YEAR.finditer(sentence):
        if _NOT_YEAR_AFTER.match(sentence, m.end()):
            continue  # "2000 projects": a count
        year = int(m.group("year"))
        end = m.end()
        if m.group("range"):
            tail = int(re.sub(r"\D", "", m.group("range")))
            last = (year // 100 * 100 + tail) if tail < 100 else tail
            if year < last <= year + 30 and not _DATE_AFTER_RANGE.match(sentence, m.end()):
                out.append((m.start(), end, None, "period"))
                continue
            end = m.start("range")  # "2024-01-23": a date in 2024
        out.append((m.start(), end, year, _relation(sentence, m.start(), end)))
    return out


_WHEN_AFTER = re.compile(r"^,?\s+when\b")
_SINCE_BEFORE = re.compile(r"\b(?:since|from|after|compared with|than in)\s+(?:the end of\s+)?$")
_BY_BEFORE = re.compile(r"\bby\s+(?:the end of\s+)?$|\bby (?:the )?end of\s+$")
_NAME_AFTER = re.compile(r"^\s+[A-Z][a-z]+\s+(?!Government|Work|Plan)")
_IN_BEFORE = re.compile(r"\b(?:in|for|of)\s+(?:the\s+)?$")


def _relation(sentence: str, start: int, end: int) -> str:
    before = sentence[max(0, start - 25):start].lower()
    after = sentence[end:end + 25]
    if _WHEN_AFTER.match(after):
        return "in"  # "the high base from 2023, when the industries grew 8 percent": that clause is 2023's
    if _SINCE_BEFORE.search(before):
        return "since"
    if _BY_BEFORE.search(before):
        return "by"
    if _NAME_AFTER.match(after) and not _IN_BEFORE.search(before):
        return "name"  # "the 2023 Global Industrial Internet Conference"
    return "in"


def _plain_words(text: str) -> set[str]:
    """Words not written with a capital inside the sentence: "the 14th Five-Year Plan" is a name."""
    found = set(_LOWER_WORDS.findall(text))
    first = _WORDS.match(text.lstrip().lower())
    return found | {first.group(0)} if first else found


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around ``sentence[start:end]``, cut at commas, dashes and "while"."""
    a = 0
    for m in _CLAUSE_CUT.finditer(sentence, 0, start):
        a = m.end()
    cut = _CLAUSE_CUT.search(sentence, end)
    return sentence[a:cut.start() if cut else len(sentence)]


def year_bounds(sentence: str) -> list[tuple[tuple[int, int, int | None, str], tuple[int, bool] | None]]:
    """Each explicit year of ``sentence`` with the earliest publication year it allows and whether
    that bound also estimates the publication year (an event's year does not: "founded in 1997"
    is true of a text of any later year), or None.

    - A whole year reported with a statistic ("exports grew 6 percent in 2023", "by the end of
      2023 the province had ...") is written after that year: the bound is the next year.
    - An event in a year ("the policy introduced in 2024", "started construction in 2009") or a
      part of a year ("the first half of 2024") can be written in that same year.
    - A year a plan or target is for ("targets for 2025", "its 2025 action plan") is written in
      that year at the earliest; a future year a forecast or goal reaches ("projected ... around
      2030", "aims to ... by 2027") says nothing about when the text was written.
    - A period that the text reports as done ("progress during 2021-25") ends by then.
    """
    refs = explicit_years(sentence)
    if not refs:
        return []
    sentence_words = words(sentence)
    sentence_forward = bool(_plain_words(sentence) & _FORWARD_WORDS or _FORWARD_PHRASE.search(sentence))
    sentence_past = is_past(sentence, sentence_words) and not sentence_forward
    sentence_statistic = bool(sentence_words & _STATISTIC_VERBS)
    planned = {int(y) for m in _PLAN_FOR_YEAR.finditer(sentence) for y in m.groups() if y}
    return [(ref, _bound(sentence, ref, sentence_past, sentence_statistic, planned)) for ref in refs]


def _bound(sentence: str, ref: tuple[int, int, int | None, str], sentence_past: bool,
           sentence_statistic: bool, planned: set[int]) -> tuple[int, bool] | None:
    start, end, year, relation = ref
    if year in planned and relation not in ("name", "since"):
        return year, True
    clause = _clause(sentence, start, end)
    clause_words = words(clause)
    if _plain_words(clause) & _FORWARD_WORDS or _FORWARD_PHRASE.search(clause):
        return None
    if relation == "by" and _BARE_BY.search(sentence, max(0, start - 4), start) and \
            "had" not in words(sentence):
        return None  # "by 2035": a goal's year, unless "By 2024, the city had hosted ..."
    past = is_past(clause, clause_words) or sentence_past
    if relation == "period":
        m = _PERIOD_TEXT.match(sentence, start, end)
        if m is None or not past:
            return None
        tail = int(m.group(2))
        return ((int(m.group(1)) // 100 * 100 + tail) if tail < 100 else tail), True
    if year is None or relation in ("name", "since"):
        return None
    if not past:
        return None
    # a clause that is only the year ("In 2023, exports grew ...") takes its sentence's verb
    only_year = not (clause_words - {"in", "the", "of", "during", "for", "year", "end", "by", "as", "first",
                                     "second", "half", "quarter", "quarters", "three", "months"})
    statistic = relation == "by" or bool(clause_words & _STATISTIC_VERBS) or (only_year and sentence_statistic)
    if _PART_OF_YEAR_BEFORE.search(sentence[max(0, start - 40):start]):
        return year, statistic
    if statistic:
        return year + 1, True
    return year, False


def date_bounds(sentence: str) -> list[tuple[int, bool]]:
    """Lower bounds from dates: a full date ("December 12, 2025") is on or before publication; a
    month with its year ("in June 2023"), which news style writes only for another year, before it."""
    if _YEARISH.search(sentence) is None:
        return []
    out = [(int(m.group("y1") or m.group("y2")), True) for m in _FULL_DATE.finditer(sentence)]
    if _MONTH_YEAR.search(sentence):
        sentence_words = words(sentence)
        future = is_future(sentence, sentence_words)
        past = is_past(sentence, sentence_words) and not future
        for m in _MONTH_YEAR.finditer(sentence):
            if past or not future:
                out.append((int(m.group("year")) + 1, True))
    return out


def corpus_view(text: str) -> list[dict]:
    """Years with the publication bound each gives, then the relative year, as the corpus compares them."""
    out: list[dict] = [{"year": year, "relation": relation, "bound": bound[0] if bound else None,
                        "estimate_of_publication": bound[1] if bound else None}
                       for (_, _, year, relation), bound in year_bounds(text)]
    rel = relative_offset(text) if may_be_relative(text) else None
    if rel is not None:
        out.append({"relative": rel[0], "period": rel[1]})
    out.append({"tense": tense(text)})
    if within_an_unnamed_year(text):
        out.append({"within_a_year": True})
    return out
