"""Figures: numbers that state an economic, industrial or innovation quantity, with whose
quantity it is (region), what it measures (indicator), when (year) and how (actual/plan/target)."""

from __future__ import annotations

import re
from functools import lru_cache

from nqpf.extract.attribution import Attribution
from nqpf.extract.context import DocContext, SentenceFacts
from nqpf.extract.quantities import Quantity
from nqpf.extract.regions import regions_in
from nqpf.extract.timeexpr import (
    PAST_VERBS,
    YearRef,
    explicit_years,
    has_relative_year,
    is_per_year,
    is_target_met,
    relative_year,
    tense,
)
from nqpf.model import Figure

_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BASELINE_BEFORE = re.compile(r"(?i:\b(?:up|down|rising|rose|grew|increased|climbing|falling)\s+from\s+$)")
_MEASURED_YEARS = re.compile(r"(?i:\b(?:average|life expectancy|schooling|education|lifespan|age)\b)")
_INDEX_WORDS = re.compile(r"(?i:\b(?:index|ratio|score|coefficient|multiplier|number of)\b)")
_PREDICATE_BEFORE = re.compile(
    r"(?i:\b(?:was|is|were|are|at|to|of|reached|hit|stood at|exceeded|exceeds|surpassed|topped|totaled|totalled)\s+$)"
)
_TARGET = re.compile(
    r"(?i:\b(?:aims?|aiming|targets?|targeted|goals?|strives?|striving|seeks?|will (?:exceed|reach|surpass|"
    r"top|rise|grow|increase|account)|to (?:exceed|reach|surpass)|(?:is|are) expected to|projected to|forecast to|"
    r"(?:has |have )?(?:projected|anticipated|forecast)|expects? (?:a |an |its )?(?:\w+ )?(?:growth|rate|GDP)|"
    r"set (?:a|an|its|their) (?:\w+ ){0,3}?targets?|to set aside|plans? to (?:achieve|reach|exceed|raise|increase|"
    r"grow|hit|lift|keep))\b)"
    r"|目标|力争|确保"
)
# A past result in its own clause stays a result when the sentence also speaks of a target
# ("grew by 6 per cent in 2023, in line with its official target").
_PAST_RESULT = re.compile(r"(?i:\b(?:grew|rose|increased|expanded|reached|hit|jumped|surged|climbed|fell|dropped|"
                          r"declined|was|were|stood at|totalled|totaled|recorded|posted)\b)")
_CLAUSE_CUT = re.compile(r",\s+|;\s+|\s+[–—-]\s+|\s+(?:when|while|whereas|given)\s+")
# Names that contain 'plan' are no plan: "the 14th Five-Year Plan (2021-25)"
_PLAN_NAMES = re.compile(r"\b(?:\d+(?:st|nd|rd|th)\s+)?Five-Year Plans?\b|\bPlan period\b")
# 预计 states an estimate: for a finished year it is a result (预计2024年增长5.5%左右), not a target.
_ZH_ESTIMATE = re.compile(r"预计")
_ZH_BY_YEAR = re.compile(r"到(?P<year>20\d\d)年")
_BY_YEAR = re.compile(r"(?i:\bby (?:the end of )?(?P<year>(?:19|20)\d\d)\b)")
_PLAN = re.compile(
    r"(?i:\b(?:plans?|planned|planning|will|would|shall|to be (?:built|invested|launched)|designed to|scheduled|"
    r"set to|proposed|budgeted|earmarked|allocate[sd]?)\b|\bprojects?\b.{0,80}\binvestment\b)|"
    r"计划|将|(?<![虚模])拟|规划"
)
_VERB_BEFORE = re.compile(
    r"(?i:\b(?:reached|reach|was|were|is|are|grew|grow|rose|increased|increase|accounted for|exceeds?|exceeded|hit|"
    r"totaled|totalled|generated|contributed|stood at|expanded|will exceed|amounted to|registered|recorded|"
    r"topped|tops|spent|invested|earned|raised|exported|imported|produced|sold|attracted|of|with)\b)"
)
_LEADING_JUNK = re.compile(r"^(?i:(?:the|a|an|its|their|his|her|this|these|and|while)\s+)+")


def extract_figures(ctx: DocContext, who: Attribution | None = None) -> list[Figure]:
    """Every figure in the document, in text order; ``who`` decides whose each one is."""
    who = who or Attribution.of(ctx)
    section_frames = who.sections
    out: list[Figure] = []
    last_year_in_paragraph: dict[int, int] = {}
    last_past_year: int | None = None
    plan_year: int | None = None
    for i, sf in enumerate(ctx.sentences):
        has_digit = _DIGIT.search(sf.text) is not None
        years = [y for y in explicit_years(sf.text) if y.year is not None and y.relation in ("in", "by")] \
            if has_digit else []
        rel = relative_year(sf.text, ctx.published_year)
        if not sf.quantities and not years and rel is None:
            continue
        sentence_tense = tense(sf.text)
        for q in sf.quantities:
            if not _is_figure(sf, q):
                continue
            region = who.figure_owner(i, q.start, q.end, q.unit)
            if region is None:
                continue
            frame = section_frames[i]
            kind = _clause_kind(sf, q, ctx.published_year, sentence_tense)
            if _BASELINE_BEFORE.search(sf.text[: q.start - sf.sentence.start]):
                kind = "actual"  # "up from about 620 billion yuan in 2024": the starting point
            estimate = _ZH_ESTIMATE.search(sf.text) is not None and kind == "actual"
            if frame.targets_from is not None and q.start >= frame.targets_from and not estimate:
                kind = "target"  # the targets paragraph: 主要预期目标是：…
            year = _year(ctx, sf, q, years, rel, kind, sentence_tense,
                         last_year_in_paragraph.get(sf.sentence.paragraph), last_past_year, plan_year,
                         frame.year if (frame.review or kind != "actual") else None,
                         _estimate_year(ctx) if estimate else None)
            unit = q.unit
            if unit == "number" and re.search(r"(?i:\bnumber of\b)", sf.text[: q.start - sf.sentence.start]):
                unit = "count"
            indicator = _indicator(sf, q, out[-1].indicator if out else None)
            out.append(Figure(
                region=region, indicator=indicator, value=round(q.value, 6), unit=unit, year=year,
                kind=kind, approx=q.approx, evidence=ctx.sentence_evidence(sf),
                industries=list(dict.fromkeys(m.industry for m in sf.industries)),
            ))
        explicit = [y.year for y in years if y.relation == "in"]
        if sentence_tense == "future" and (explicit or (rel is not None and has_relative_year(sf.text))):
            plan_year = explicit[0] if explicit else rel  # the year the document's plans are for
        if explicit or (rel is not None and has_relative_year(sf.text)):
            year_here = explicit[-1] if explicit else rel
            last_year_in_paragraph[sf.sentence.paragraph] = year_here
            if sentence_tense == "past":
                last_past_year = year_here
    return out


def _is_figure(sf: SentenceFacts, q: Quantity) -> bool:
    if q.unit == "years":
        return bool(_MEASURED_YEARS.search(sf.text))
    if q.unit == "number" and q.counted_noun:
        return True  # a physical amount ("100 million kilowatts")
    if q.unit == "number":
        local = sf.text[: q.start - sf.sentence.start]
        return bool(_INDEX_WORDS.search(sf.text) and _PREDICATE_BEFORE.search(local))
    return q.unit not in ("EUR", "HKD")  # the contract's units have no place for them


def _estimate_year(ctx: DocContext) -> int | None:
    """The year a bare 预计 estimates: the finished year, in a report of the year's first months."""
    published = ctx.document.published or ""
    if ctx.published_year is None:
        return None
    early = len(published) >= 7 and published[5:7].isdigit() and int(published[5:7]) <= 3
    return ctx.published_year - 1 if early or len(published) == 4 else ctx.published_year


def _clause_kind(sf: SentenceFacts, q: Quantity, published_year: int | None, sentence_tense: str) -> str:
    """The sentence's kind, unless the number's own clause reports a past result without a cue of its own."""
    kind = _kind(sf.text, published_year, sentence_tense)
    if kind == "actual":
        return kind
    pos = q.start - sf.sentence.start
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(sf.text)] + [len(sf.text)]
    clause = next((sf.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if a <= pos < b), sf.text)
    if clause != sf.text and _PAST_RESULT.search(clause) and _kind(clause, published_year, "past") == "actual" \
            and tense(clause) == "past":
        return "actual"
    return kind


@lru_cache(maxsize=4096)  # asked once per number, and a sentence often holds several
def _kind(sentence: str, published_year: int | None, sentence_tense: str) -> str:
    sentence = _PLAN_NAMES.sub(" ", sentence)
    if is_target_met(sentence):
        return "actual"  # "met its growth target, with GDP expanding 5.4 percent"
    if _TARGET.search(sentence):
        return "target"
    zh_by = _ZH_BY_YEAR.search(sentence)
    if zh_by and published_year and int(zh_by.group("year")) > published_year:
        return "target"  # 到2027年: ahead of the publication date
    by = _BY_YEAR.search(sentence)
    if by and (int(by.group("year")) > published_year if published_year else sentence_tense != "past"):
        return "target"  # "by 2035" ahead of the publication date
    if _PLAN.search(sentence):
        return "plan"
    return "actual"


def _year(ctx: DocContext, sf: SentenceFacts, q: Quantity, years, rel, kind, sentence_tense,
          paragraph_year, last_past_year, plan_year, section_year=None, estimate_year=None) -> int | None:
    after = re.split(r"[,;:()]", sf.text[q.end - sf.sentence.start:], maxsplit=1)[0]
    clause = _clause_of(sf, q)
    if clause is not None:
        local_years = [y for y in explicit_years(clause[2]) if y.year is not None and y.relation in ("in", "by")]
        local_rel = relative_year(clause[2], ctx.published_year)
        if local_years:
            years = [YearRef(y.start + clause[0], y.end + clause[0], y.year, y.relation) for y in local_years]
        elif local_rel is not None and has_relative_year(clause[2]):
            return local_rel
    if is_per_year(after) or re.search(r"\(\s*\d{4}\s*[-–]\s*\d{2,4}\s*\)|\bperiod\b", sf.text) and \
            is_per_year(sf.text):
        return None
    local = sf.text[:q.start - sf.sentence.start]
    span = _PERIOD_YEARS.search(sf.text)
    if span and not years:
        # "During the 2020-24 period, GDP surged from 638.4 billion yuan to 858.9 billion yuan"
        start, end = int(span["start"]), _full_year(span["start"], span["end"])
        if _FROM_BEFORE.search(local):
            return start
        if _TO_BEFORE.search(local):
            return end
    own_clause = clause[2] if clause is not None else sf.text
    if not years and rel is None and _SPAN_OF_YEARS.search(own_clause):
        return None  # a total over a span: "over the past two years", "since its inception", "accumulated"
    own_year = _ZH_YEAR_OF.search(local)
    if own_year:
        return int(own_year.group(1))  # 由2014年的643亿元增长到2023年的1880.5亿元: each its own year
    if years:
        pos, end = q.start - sf.sentence.start, q.end - sf.sentence.start
        # "reach 1.5 trillion yuan by 2025 and 3.5 trillion yuan by 2035": a year right after wins
        following = [y for y in years if end <= y.start <= end + 30]
        if following:
            return following[0].year
        return min(years, key=lambda y: abs(y.start - pos)).year
    if rel is not None and not _present_in_own_clause(sf, q):
        return rel
    if estimate_year is not None:
        return estimate_year
    if section_year is not None:
        return section_year  # the review's year for results, this year's for a report's plans
    if kind in ("plan", "target"):
        return plan_year or ctx.published_year
    if sentence_tense == "past":
        return paragraph_year or last_past_year or ctx.published_year
    if _CJK.search(sf.text):
        return paragraph_year or ctx.published_year
    return ctx.published_year  # a stock stated in the present: as of publication


_PERIOD_YEARS = re.compile(r"(?<!\d)(?P<start>(?:19|20)\d\d)\s*[-–]\s*(?P<end>(?:19|20)?\d\d)(?!\d)(?:\s+period|\))")
_ZH_YEAR_OF = re.compile(r"((?:19|20)\d\d)年(?:末|底)?的(?:[约近超]|超过)?$")
_FROM_BEFORE = re.compile(r"(?i:\bfrom\s+(?:about\s+|around\s+|nearly\s+|over\s+)?$)")
_TO_BEFORE = re.compile(r"(?i:\bfrom\b.{1,80}?\bto\s+(?:about\s+|around\s+|nearly\s+|over\s+)?$)")
_SPAN_OF_YEARS = re.compile(
    r"(?i:\b(?:over|in|during|for|within) the (?:past|last|previous|coming|next) (?:\w+ )?(?:years?|decades?)\b|"
    r"\bsince (?:the|its|their)\b|\ban accumulated\b|\bcumulative (?:total|investment|output)\b|\ba total of\b|"
    r"\bso far\b)"
    r"|(?<!年)以来|(?<!\d)(?:[2-9]|\d\d)年来|[两二三四五六七八九十]+年来|近(?:[两二三四五六七八九十]|\d+)年"
)


def _present_in_own_clause(sf: SentenceFacts, q: Quantity) -> bool:
    """'... has reached 60%, with batteries achieving 10 billion yuan last year': the year of another
    clause does not date a stock the number's own clause states in the present."""
    pos = q.start - sf.sentence.start
    cuts = [0] + [m.end() for m in _CLAUSE_CUT.finditer(sf.text)] + [len(sf.text)]
    clause = next((sf.text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if a <= pos < b), sf.text)
    return clause != sf.text and not has_relative_year(clause) and not explicit_years(clause) and \
        tense(clause) == "present" and bool(re.search(r"(?i:\b(?:has|have|is|are)\b)", clause))


def _full_year(start: str, end: str) -> int:
    """'2020-24' ends in 2024."""
    return int(end) if len(end) == 4 else int(start[:2] + end)


def _clause_of(sf: SentenceFacts, q: Quantity) -> tuple[int, int, str] | None:
    """The clause of a compound sentence that holds ``q`` ("Today, there are 10 ..., and ... by 2023")."""
    pos = q.start - sf.sentence.start
    cuts = [0] + [m.end() for m in re.finditer(r",\s+(?:and|while|but|whereas)\s+|;\s+", sf.text)] + [len(sf.text)]
    if len(cuts) <= 2:
        return None
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a <= pos < b:
            return a, b, sf.text[a:b]
    return None


_CLAUSE_BREAK = re.compile(
    r"(?:[,;:]\s+|\s+[-–—]\s+|\(|\)|\bthat\s+(?!of\b)|\b(?:while|whereas|but|and)\s+(?=that of|its|the|their))"
)
_SCALED_BY = re.compile(
    r"(?i:\b(?:increase|raise|scale up|expand|boost|grow|cut|reduce|lift)\s+(?P<np>.{3,60}?)\s+(?:by|to)\s+$)"
)
_GROWING_BY = re.compile(
    r"(?i:(?P<np>[\w&'’ -]{3,80}?)\s+(?:grow|grows|growing|grew|increas(?:e|es|ing|ed)|ris(?:e|es|ing)|rose|"
    r"expand(?:s|ing|ed)?)\s+(?:by\s+)?$)"
)
_FUNCTION_WORDS = {"the", "a", "an", "its", "their", "his", "her", "of", "in", "with", "for", "on", "at", "to",
                   "percent", "cent", "covering", "and", "by", "from", "keep", "keeps", "kept", "make", "help"}
_CHANGE_NOUNS = {"increase", "growth", "rise", "decrease", "decline", "drop", "jump"}
_GENERIC_COUNTED = {"units", "unit", "pieces", "items", "sets", "times"}
_OF_AFTER = re.compile(r"^\s+(?:of|in)\s+(?P<np>(?:(?!(?:in|by|for|to|from|with|during|over|than|while|and|as|on|at)\b)"
                       r"[A-Za-z&'’-]+\s*){1,6})")
_TRAILING = re.compile(
    r"(?i:\s+(?:there|here|alone|so far|again|also|has|have|had|will|would|could|may|might|is|are|was|were|"
    r"(?:is|are) (?:expected|set|likely) to|expected to))+$"
)
_VERB_NOUN = {"invest": "investment", "produce": "production capacity", "spend": "spending", "export": "exports",
              "import": "imports", "launch": "launches", "build": "construction", "support": "support"}


def _zh_indicator(local: str, q: Quantity, previous: str | None) -> str:
    """Chinese: the words between the clause start (less its place names) and the verb."""
    clause = re.split(r"[，,；;：:。（(]", local)[-1]
    if q.change or re.search(r"(?:增长|增加|提高|下降|减少)(?:了)?$", clause):
        return f"{previous} growth" if previous else "growth"
    clause = re.sub(r"(?:达到|达|为|突破|超过|超|实现|完成|约|近|逾|共|累计)+$", "", clause)
    for r in regions_in(clause):
        clause = clause.replace(r.text, "")
    clause = re.sub(r"^\d{4}年|^(?:今年|去年|全年|前三季度|上半年)", "", clause).strip()
    return clause[:40] or (previous or q.unit)


def _indicator(sf: SentenceFacts, q: Quantity, previous: str | None) -> str:
    """What the number measures, in the text's own words."""
    local = sf.text[: q.start - sf.sentence.start]
    if _CJK.search(local[-12:]):
        return _zh_indicator(local, q, previous)
    after = sf.text[q.end - sf.sentence.start:]
    if (local.rstrip().endswith("(") or _BASELINE_BEFORE.search(local)) and previous:
        return previous  # "489.6 billion yuan (about 68.9 billion U.S. dollars)", "up from 620 billion"
    head = _CLAUSE_BREAK.split(local)[-1]
    phrase = ""
    verbs = list(_VERB_BEFORE.finditer(head))
    verb = verbs[-1] if verbs else None
    if verb is not None and verb.group(0).lower() not in ("of", "with"):
        phrase = head[: verb.start()]
        if not phrase.strip() and ", " in local:
            # "R&D intensity, the ratio of ... to GDP, rose to 2.68 percent": the subject before the aside
            phrase = local.split(", ")[0]
    elif (vm := _SCALED_BY.search(local)):
        phrase = vm.group("np")
    elif (gm := _GROWING_BY.search(head)):
        phrase = _tail_np(gm.group("np"))
    elif local.rstrip().endswith(" of"):
        phrase = _np_before_of(head)
        if phrase and phrase.lower().split()[-1] in _CHANGE_NOUNS and previous:
            phrase = previous
    elif (vm := re.search(r"\b(invest|produce|spend|export|import|launch|build|support)(?:s|ing)?\s+$", local)):
        phrase = _VERB_NOUN[vm.group(1)]
    phrase = _clean_phrase(phrase)
    if phrase.lower().startswith("that of ") and previous:
        base = previous.removesuffix(" growth").split(" of ")[0]
        phrase = f"{base} of {phrase[8:]}"
    if q.unit in ("%", "pp") and (om := _OF_AFTER.match(after)) and not q.change:
        share = "share of " + _clean_phrase(om.group("np"))
        phrase = f"{phrase} {share}" if phrase else share
    elif q.unit in ("CNY", "USD") and (sm := re.match(r"^\s+on\s+(?P<np>(?:(?!(?:in|by|for|to|from|with|during|"
                                                       r"over|than|while|as|at)\b)[A-Za-z&'’-]+\s*){1,5})", after)):
        phrase = f"{phrase or 'spending'} on {_clean_phrase(sm.group('np'))}".strip()
    elif q.unit in ("CNY", "USD") and (im := re.match(r"^\s+in\s+(revenue|sales|investment|output|exports|profits?)",
                                                       after)):
        phrase = f"{phrase} {im.group(1)}".strip()
    if q.unit == "count" and q.counted_noun and q.counted_noun.split()[-1] not in _GENERIC_COUNTED:
        phrase = _clean_phrase(q.counted_noun) or phrase
    elif not phrase and q.counted_noun:
        phrase = _clean_phrase(q.counted_noun)
    if not phrase and q.unit in ("CNY", "USD") and (nm := re.match(r"^\s+([a-z][a-z-]+)\b", after)) and \
            nm.group(1) not in _FUNCTION_WORDS:
        phrase = nm.group(1)  # "a 10-billion-yuan fund"
    if q.unit == "pp" and not phrase and previous:
        phrase = f"{previous.removesuffix(' growth')} growth gap"
    if q.change:
        if not phrase and previous:
            phrase = previous.removesuffix(" growth")
        if not phrase.endswith("growth"):
            phrase = f"{phrase} growth".strip()
    return (phrase or q.unit)[:80]


def _np_before_of(local: str) -> str:
    """'with 55 percent of the total investment of' -> 'total investment'."""
    return _tail_np(local.rstrip()[:-3])


def _tail_np(text: str) -> str:
    """The noun phrase that ends ``text``: its last words up to a function word or a verb."""
    words = re.findall(r"[\w&'’-]+", text)
    kept: list[str] = []
    for w in reversed(words[-5:]):
        if w.lower() in _FUNCTION_WORDS or w[:1].isdigit() or w.lower() in PAST_VERBS:
            break
        kept.insert(0, w)
    return " ".join(kept)


def _clean_phrase(phrase: str) -> str:
    phrase = re.sub(r"^.*(?:'s|’s)\s+", "", phrase.strip())
    phrase = re.sub(r"^[A-Z][A-Z' ]+\s*(?:--|—)\s*", "", phrase)  # a dateline
    for r in reversed(regions_in(phrase)):
        if r.start == 0 or r.end == len(phrase):  # the region is the owner, not the measure
            phrase = (phrase[: r.start] + phrase[r.end:]).strip()
    phrase = re.sub(r"(?i:\b(?:in|by|for|of|during)\s+(?:19|20)\d\d\b|\blast year\b|\bthis year\b|\bthe year\b)",
                    "", phrase)
    phrase = _TRAILING.sub("", phrase.strip(" ,-–"))
    phrase = re.sub(r"(?i:\s+(?:in|of|for|at|from|by|to|on))+$", "", phrase)
    phrase = _LEADING_JUNK.sub("", phrase.strip(" ,-–"))
    phrase = re.sub(r"^(?:[A-Z][a-z]+ing|[a-z]+ing)\s+(?:an?|the)\s+", "", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,-–")
    return "" if len(phrase.split()) > 9 else phrase
