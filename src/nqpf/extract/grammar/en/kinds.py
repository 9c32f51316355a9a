"""English cues for a figure's kind and year: targets ("aims to", "is projected to"), plans
("will invest", "plans"), "by 2035", periods ("during the 2020-24 period ... from X to Y") and
totals over a span of years ("over the past two years"). Used by ``nqpf.extract.figures``."""

from __future__ import annotations

import re

from nqpf.extract.grammar.en.time import PLAN_NAMES, is_past, tense, words

_TARGET = re.compile(
    r"(?i:\b(?:aims?|aiming|targets?|targeted|goals?|strives?|striving|seeks?|"
    r"(?:remains?|stays?) committed to|will (?:exceed|reach|surpass|"
    r"top|rise|grow|increase|account)|to (?:exceed|reach|surpass)|(?:is|are) expected to|projected to|forecast to|"
    r"(?:has |have )?(?:projected|anticipated|forecast)|expects? (?:a |an |its )?(?:\w+ )?(?:growth|rate|GDP)|"
    r"set (?:a|an|its|their) (?:\w+ ){0,3}?targets?|to set aside|plans? to (?:achieve|reach|exceed|raise|increase|"
    r"grow|hit|lift|keep))\b)"
)
_PLAN = re.compile(
    r"(?i:\b(?:plans?|planned|planning|will|would|shall|to be (?:built|invested|launched)|designed to|scheduled|"
    r"set to|proposed|budgeted|earmarked|allocate[sd]?)\b)"
)
_FUTURE_PLAN = re.compile(r"(?i:\b(?:will|shall|plans? to|planning to|is to|are to|to be)\b)")
# "projects with a total investment of ...": a plan, unless the sentence reports them as done
_PROJECTS_INVESTMENT = re.compile(r"(?i:\bprojects?\b.{0,80}\binvestment\b)")
_BY_YEAR = re.compile(r"(?i:\bby (?:the end of )?(?P<year>(?:19|20)\d\d)\b)")
CLAUSE_CUT = re.compile(r",\s+|;\s+|\s+[–—-]\s+|\s+(?:when|while|whereas|given)\s+")
_PERIOD_YEARS = re.compile(r"(?<!\d)(?P<start>(?:19|20)\d\d)\s*[-–]\s*(?P<end>(?:19|20)?\d\d)(?!\d)(?:\s+period|\))")
_FROM_BEFORE = re.compile(r"(?i:\bfrom\s+(?:about\s+|around\s+|nearly\s+|over\s+)?$)")
_TO_BEFORE = re.compile(r"(?i:\bfrom\b.{1,80}?\bto\s+(?:about\s+|around\s+|nearly\s+|over\s+)?$)")
_SPAN_OF_YEARS = re.compile(
    r"(?i:\b(?:over|in|during|for|within) the (?:past|last|previous|coming|next) (?:\w+ )?(?:years?|decades?)\b|"
    r"\bsince (?:the|its|their)\b|\ban accumulated\b|\bcumulative (?:total|investment|output)\b|\ba total of\b|"
    r"\btotal investment\b|"
    r"\b(?:spanning|over|lasting) (?:two|three|four|five|six|seven|eight|nine|ten|\d+) years\b|"
    r"\bso far\b)"
)
_PRESENT_VERB = re.compile(r"(?i:\b(?:has|have|is|are)\b)")
_MEASURED_YEARS = re.compile(r"(?i:\b(?:average|life expectancy|schooling|education|lifespan|age)\b)")
_INDEX_WORDS = re.compile(r"(?i:\b(?:index|ratio|score|coefficient|multiplier|number of)\b)")
_PREDICATE_BEFORE = re.compile(
    r"(?i:\b(?:was|is|were|are|at|to|of|reached|hit|stood at|exceeded|exceeds|surpassed|topped|totaled|totalled)\s+$)"
)


def measures_years(sentence: str) -> bool:
    """A number of years is a figure only as a measured quantity ("average life expectancy of 79 years")."""
    return bool(_MEASURED_YEARS.search(sentence))


def index_value(sentence: str, local: str) -> bool:
    """A bare number is a figure as the value of an index or ratio ("the index stood at 52.1")."""
    return bool(_INDEX_WORDS.search(sentence) and _PREDICATE_BEFORE.search(local))


def without_plan_names(sentence: str) -> str:
    return PLAN_NAMES.sub(" ", sentence)


# "It took just 13 months to reach 10 missions": an infinitive of result after a past verb
_RESULT_INFINITIVE_BEFORE = re.compile(r"(?i:\b(?:took|needed|managed)\b[^,;]{0,60}$)")


def target(sentence: str) -> bool:
    return any(not (m.group().lower().startswith("to ") and _RESULT_INFINITIVE_BEFORE.search(sentence[:m.start()]))
               for m in _TARGET.finditer(sentence))


def plan(sentence: str) -> bool:
    return bool(_PLAN.search(sentence)) or bool(_PROJECTS_INVESTMENT.search(sentence)) and tense(sentence) != "past"


_BY_THEN = re.compile(r"(?i:\bby (?:then|that time|that year|the same year)\b)")


# "a 10-billion-yuan (US$1.37 billion) fund", "a fund of 20 billion yuan": the sum a fund or a
# programme is to spend, a plan however the fund's launch is told
_FUND_AFTER = re.compile(r"(?i:^(?:\s*\([^)]{0,40}\))?[\s-]+(?:\w+[\s-]+){0,4}?(?:funds?|vouchers?|"
                         r"voucher (?:program|programme|scheme)|subsidy (?:pool|program|programme))\b)")
_FUND_BEFORE = re.compile(r"(?i:\b(?:funds?|vouchers?|programmes?|programs?)\s+(?:of|worth|totall?ing|"
                          r"with a (?:size|scale|capital) of)\s+(?:about\s+|around\s+|some\s+)?(?:RMB\s?|US\$|\$)?$)")


def sizes_a_fund(before: str, after: str) -> bool:
    """Whether the sum between ``before`` and ``after`` is the size of a fund or programme."""
    return bool(_FUND_AFTER.match(after) or _FUND_BEFORE.search(before[-60:]))


def by_then(sentence: str) -> bool:
    """'by then': the deadline the text named last."""
    return bool(_BY_THEN.search(sentence))


def by_year(sentence: str) -> int | None:
    """'by 2035', 'by the end of 2027'."""
    m = _BY_YEAR.search(sentence)
    return int(m.group("year")) if m else None


_VERBLESS_CHANGE = re.compile(r"(?i:^\s*(?:up|down|an? (?:increase|rise|drop|decline|fall|jump) of)\s)")


def verbless_change(clause: str) -> bool:
    """'up 90 percent', 'a rise of 5 percent': a change with no verb, which qualifies the clause before."""
    return bool(_VERBLESS_CHANGE.match(clause))


def past_result(clause: str) -> bool:
    """A clause reporting a result: a past verb of its own ("grew", "produced", "was"). A past result
    in its own clause stays a result when the sentence also speaks of a target ("grew by 6 per cent
    in 2023, in line with its official target")."""
    return is_past(clause, words(clause))


def present_statement(clause: str) -> bool:
    return bool(_PRESENT_VERB.search(clause))


def period(sentence: str) -> tuple[int, int] | None:
    """'the 2020-24 period', '(2021-25)': its first and last years."""
    m = _PERIOD_YEARS.search(sentence)
    if not m:
        return None
    start, end = m.group("start"), m.group("end")
    return int(start), int(end) if len(end) == 4 else int(start[:2] + end)


def period_end(local: str) -> str | None:
    """Which end of 'from X to Y' the number just after ``local`` is: 'from' or 'to'."""
    if _FROM_BEFORE.search(local):
        return "from"
    if _TO_BEFORE.search(local):
        return "to"
    return None


def span(clause: str) -> bool:
    """A total over a span of years: 'over the past two years', 'since its inception', 'so far'; a
    project's total investment, unless the clause plans it ("will launch 200 projects with a total
    investment of ...": this year's plan)."""
    m = _SPAN_OF_YEARS.search(clause)
    if m and m.group().lower() == "total investment" and _FUTURE_PLAN.search(clause):
        return bool(_SPAN_OF_YEARS.search(clause, m.end()))
    return bool(m)


def corpus_view(text: str) -> list[dict]:
    """For the corpus: the kind cues of a sentence and its period."""
    out: list[dict] = []
    sentence = without_plan_names(text)
    if target(sentence):
        out.append({"target": True})
    if plan(sentence):
        out.append({"plan": True})
    if by_year(sentence):
        out.append({"by": by_year(sentence)})
    if by_then(sentence):
        out.append({"by_then": True})
    for m in re.finditer(r"\d[\d.,]*(?:-| )(?:billion|million)(?:-| )yuan", sentence):
        if sizes_a_fund(sentence[:m.start()], sentence[m.end():]):
            out.append({"fund_size": m.group()})
    found = period(text)
    if found:
        out.append({"period": list(found)})
    if span(text):
        out.append({"span": True})
    return out
