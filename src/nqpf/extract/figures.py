"""Figures: numbers that state an economic, industrial or innovation quantity, with whose
quantity it is (region), what it measures (indicator), when (year) and how (actual/plan/target)."""

from __future__ import annotations

import re
from functools import lru_cache

from nqpf.extract.attribution import Attribution
from nqpf.extract.context import DocContext, SentenceFacts
from nqpf.extract.grammar.en import attribution as en_attribution
from nqpf.extract.grammar.en import indicators as en_indicators
from nqpf.extract.grammar.en import kinds as en_kinds
from nqpf.extract.grammar.en import metrics as en_metrics
from nqpf.extract.grammar.en import time as en_time
from nqpf.extract.grammar.zh import attribution as zh_attribution
from nqpf.extract.grammar.zh import indicators as zh_indicators
from nqpf.extract.grammar.zh import kinds as zh_kinds
from nqpf.extract.grammar.zh import metrics as zh_metrics
from nqpf.extract.metrics import OTHER, WordHit
from nqpf.extract.quantity_types import Quantity
from nqpf.extract.timeexpr import (
    YearRef,
    explicit_years,
    has_relative_year,
    is_per_year,
    is_target_met,
    present_only,
    relative_year,
    tense,
)
from nqpf.model import Figure

_DIGIT = re.compile(r"\d")
_CLAUSE_BREAK = re.compile(r"[,;]\s")
_COMPOUND_CUT = re.compile(r",\s+(?:and|while|but|whereas)\s+|;\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def extract_figures(ctx: DocContext, who: Attribution | None = None) -> list[Figure]:
    """Every figure in the document, in text order; ``who`` decides whose each one is."""
    who = who or Attribution.of(ctx)
    section_frames = who.sections
    out: list[Figure] = []
    last_year_in_paragraph: dict[int, int] = {}
    last_past_year: int | None = None
    plan_year: int | None = None
    last_by_year: int | None = None
    listed_kind: tuple[int, str] | None = None  # (paragraph, kind) of a list cut at semicolons
    listed_metric: tuple[int, Figure] | None = None  # (paragraph, last figure) of such a list
    reviewed_year = _reviewed_year(ctx)
    for i, sf in enumerate(ctx.sentences):
        has_digit = _DIGIT.search(sf.text) is not None
        years = [y for y in explicit_years(sf.text) if y.year is not None and y.relation in ("in", "by")] \
            if has_digit else []
        rel = relative_year(sf.text, ctx.published_year)
        if not sf.quantities and not years and rel is None:
            continue
        sentence_tense = tense(sf.text)
        previous: tuple[Quantity, Figure] | None = None
        for q in sf.quantities:
            if not _is_figure(sf, q):
                continue
            owners = who.figure_owners(i, q.start, q.end, q.unit)
            if not owners:
                continue
            frame = section_frames[i]
            local = sf.text[:q.start - sf.sentence.start]
            kind = _clause_kind(sf, q, ctx.published_year, sentence_tense)
            base_time = None
            if en_indicators.BASELINE_BEFORE.search(local):
                kind = "actual"  # "up from about 620 billion yuan in 2024": the starting point
                base_time = en_indicators.BASELINE_TIME_AFTER.match(sf.text, q.end - sf.sentence.start)
            if kind == "actual" and not frame.review and zh_kinds.plan_clause(local):
                kind = "plan"  # 打造2个万亿级产业集群
            if kind == "actual" and not frame.review and frame.year is not None and not years and \
                    not zh_kinds.estimate(sf.text):
                # 三、2025年重点工作: a report's tasks for the year, in the imperative; a rate among them
                # (工业投资增长10%以上) is one it commits to reach
                kind = "target" if q.unit in ("%", "pp") else "plan"
            if kind == "actual" and q.unit in ("CNY", "USD") and \
                    en_kinds.sizes_a_fund(local, sf.text[q.end - sf.sentence.start:]):
                kind = "plan"  # "has launched a 10-billion-yuan fund": the sum it is to invest
            if kind == "actual" and listed_kind is not None and listed_kind[0] == sf.sentence.paragraph and \
                    not zh_kinds.reports_done(sf.text):
                kind = listed_kind[1]  # "目标分别为6.5%以上和6.5%左右；邢台、衡水等地为6.5%左右；": one list
            if q.unit == "count" and kind == "plan" and _counts_regions(ctx.text[q.end:q.end + 24]):
                kind = "actual"  # "At least five provinces ... proposed plans": how many did, a fact
            estimate = zh_kinds.estimate(sf.text) and kind == "actual"
            if frame.targets_from is not None and q.start >= frame.targets_from and not estimate:
                kind = "target"  # the targets paragraph: 主要预期目标是：…
            year = _year(ctx, sf, q, years, rel, kind, sentence_tense,
                         last_year_in_paragraph.get(sf.sentence.paragraph), last_past_year, plan_year,
                         frame.year if (frame.review or kind != "actual") else None,
                         _estimate_year(ctx) if estimate else None, reviewed_year)
            if base_time is not None and ctx.published_year is not None:
                year = ctx.published_year - (1 if base_time.group("last") else 0)  # "up from 61 a year earlier"
            elif last_by_year is not None and not years and en_kinds.by_then(sf.text):
                year = last_by_year  # "by 2027 ... R&D intensity is to reach 3.2 percent by then"
            if previous is not None and _is_conversion(sf, previous[0], q):
                kind, year = previous[1].kind, previous[1].year  # "638.4 billion yuan ($89.9 billion)"
            unit = q.unit
            if unit == "number" and re.search(r"(?i:\bnumber of\b)", local):
                unit = "count"
            indicator = _indicator(sf, q, out[-1].indicator if out else None)
            industries = list(dict.fromkeys(m.industry for m in sf.industries))
            metric: str | None
            metric, industry = _metric(sf, q, unit)
            if metric == OTHER and listed_metric is not None and listed_metric[0] == sf.sentence.paragraph and \
                    listed_metric[1].unit == unit and not _names_a_metric(sf.text):
                # "目标分别为6.5%以上和6.5%左右；邢台、衡水等地为6.5%左右；": the list's metric goes on
                metric, industry = listed_metric[1].metric, listed_metric[1].industry
            for owner in owners:
                out.append(Figure(
                    region=owner, indicator=indicator, value=round(q.value, 6), unit=unit, year=year,
                    kind=kind, approx=q.approx, evidence=ctx.sentence_evidence(sf), industries=industries,
                    metric=metric, industry=industry,
                ))
            previous = (q, out[-1])
        # a sentence cut at a semicolon hands its kind to the items that follow in its paragraph
        if sf.text.endswith(("；", ";")):
            if out and out[-1].evidence.start == ctx.sentence_evidence(sf).start:
                listed_metric = (sf.sentence.paragraph, out[-1])
            own = _kind(sf.text, ctx.published_year, sentence_tense)
            if own != "actual" or listed_kind is None or listed_kind[0] != sf.sentence.paragraph:
                listed_kind = (sf.sentence.paragraph, own) if own != "actual" else None
        else:
            listed_kind = None
            listed_metric = None
        by_here = en_kinds.by_year(sf.text) if has_digit else None
        if by_here:
            last_by_year = by_here
        explicit = [y.year for y in years if y.relation == "in" and y.year is not None]
        if sentence_tense == "future" and (explicit or (rel is not None and has_relative_year(sf.text))):
            plan_year = explicit[0] if explicit else rel  # the year the document's plans are for
        year_here = explicit[-1] if explicit else rel if rel is not None and has_relative_year(sf.text) else None
        if year_here is not None:
            last_year_in_paragraph[sf.sentence.paragraph] = year_here
            # a present perfect dates its results too: "has risen, with output reaching X in 2023"
            if sentence_tense == "past" or (explicit and sentence_tense == "present"):
                last_past_year = year_here
    return out


_CURRENCIES = frozenset(("CNY", "USD", "EUR", "HKD"))
_CONVERSION_BETWEEN = re.compile(r"^\s*[(（]\s*(?:about\s+|around\s+|nearly\s+|some\s+)?$", re.I)


def _is_conversion(sf: SentenceFacts, before: Quantity, q: Quantity) -> bool:
    """A sum in another currency in brackets right after a sum: the same amount, so the same year."""
    if before.unit not in _CURRENCIES or q.unit not in _CURRENCIES or before.unit == q.unit:
        return False
    between = sf.text[before.end - sf.sentence.start:q.start - sf.sentence.start]
    return bool(_CONVERSION_BETWEEN.match(between))


def _is_figure(sf: SentenceFacts, q: Quantity) -> bool:
    if q.unit == "years":
        return en_kinds.measures_years(sf.text)
    if q.unit == "number" and q.counted_noun:
        return True  # a physical amount ("100 million kilowatts")
    if q.unit == "number":
        local = sf.text[: q.start - sf.sentence.start]
        return en_kinds.index_value(sf.text, local)
    return q.unit not in ("EUR", "HKD")  # the contract's units have no place for them


def _counts_regions(after: str) -> bool:
    """'five provinces', 六个省份: the number counts the country's regions (that plan something or not)."""
    return en_attribution.counts_provinces(after) or zh_attribution.counts_provinces(after)


def _reviewed_year(ctx: DocContext) -> int | None:
    """The finished year a Chinese report on a government work report reviews, when it is published in
    the year's first months (the month known): the year of its results that name none."""
    published = ctx.document.published or ""
    early = len(published) >= 7 and published[5:7].isdigit() and int(published[5:7]) <= 3
    if not early or ctx.published_year is None or not zh_kinds.cites_work_report(ctx.text):
        return None
    return ctx.published_year - 1


def _estimate_year(ctx: DocContext) -> int | None:
    """The year a bare 预计 estimates: the finished year, in a report of the year's first months."""
    published = ctx.document.published or ""
    if ctx.published_year is None:
        return None
    early = len(published) >= 7 and published[5:7].isdigit() and int(published[5:7]) <= 3
    return ctx.published_year - 1 if early or len(published) == 4 else ctx.published_year


def _clauses(sf: SentenceFacts, q: Quantity, cut: re.Pattern[str]) -> tuple[list[tuple[int, int]], int]:
    """The spans of ``sf``'s clauses, cut after each match of ``cut``, and the index of ``q``'s."""
    pos = q.start - sf.sentence.start
    cuts = [0] + [m.end() for m in cut.finditer(sf.text)] + [len(sf.text)]
    spans = list(zip(cuts, cuts[1:], strict=False))
    return spans, next((k for k, (a, b) in enumerate(spans) if a <= pos < b), len(spans) - 1)


def _clause_kind(sf: SentenceFacts, q: Quantity, published_year: int | None, sentence_tense: str) -> str:
    """The sentence's kind, unless the number's own clause reports a past result without a cue of its own."""
    kind = _kind(sf.text, published_year, sentence_tense)
    if kind == "actual":
        return kind
    spans, at = _clauses(sf, q, en_kinds.CLAUSE_CUT)
    if len(spans) == 1:
        return kind
    clause = sf.text[slice(*spans[at])]
    if en_kinds.past_result(clause) and _kind(clause, published_year, "past") == "actual" and tense(clause) == "past":
        return "actual"
    if at and en_kinds.verbless_change(clause):
        # "produced 953,000 cars last year, up 90 percent, and aims ...": the change of that result
        before = sf.text[slice(*spans[at - 1])]
        if en_kinds.past_result(before) and _kind(before, published_year, "past") == "actual":
            return "actual"
    return kind


@lru_cache(maxsize=4096)  # asked once per number, and a sentence often holds several
def _kind(sentence: str, published_year: int | None, sentence_tense: str) -> str:
    """A sentence's kind from the cues of both grammars (a Chinese sentence may quote English words)."""
    sentence = en_kinds.without_plan_names(sentence)
    if is_target_met(sentence):
        return "actual"  # "met its growth target, with GDP expanding 5.4 percent"
    if en_kinds.target(sentence) or zh_kinds.target(sentence):
        return "target"
    zh_by = zh_kinds.by_year(sentence)
    if zh_by and published_year and zh_by > published_year:
        return "target"  # 到2027年: ahead of the publication date
    if en_kinds.plan(sentence) or zh_kinds.plan(sentence):
        return "plan"  # "will build 10 incubators by 2027": a planned action, whatever its deadline
    by = en_kinds.by_year(sentence)
    if by and (by > published_year if published_year else sentence_tense != "past"):
        return "target"  # "by 2035" ahead of the publication date
    return "actual"


def _year(ctx: DocContext, sf: SentenceFacts, q: Quantity, years, rel, kind, sentence_tense,
          paragraph_year, last_past_year, plan_year, section_year=None, estimate_year=None,
          reviewed_year=None) -> int | None:
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
    period = en_kinds.period(sf.text)
    if period and not years:
        # "During the 2020-24 period, GDP surged from 638.4 billion yuan to 858.9 billion yuan"
        end_of = en_kinds.period_end(local)
        if end_of:
            return period[0] if end_of == "from" else period[1]
    own_clause = clause[2] if clause is not None else sf.text
    if not years and rel is None and (en_kinds.span(own_clause) or zh_kinds.span(own_clause)) and \
            not zh_kinds.reaches_level(local):
        return None  # a total over a span: "over the past two years", "since its inception", 十年来
    own_year = zh_kinds.year_of(local)
    if own_year:
        return own_year  # 由2014年的643亿元增长到2023年的1880.5亿元: each its own year
    if years and rel is not None and has_relative_year(after) and not explicit_years(after):
        return rel  # "around 4.5 percent of its GDP this year, up from 3.41 percent in 2014"
    if years and rel is not None and all(y.start >= q.end - sf.sentence.start for y in years) and \
            has_relative_year(local) and not explicit_years(local) and \
            _CLAUSE_BREAK.search(sf.text, q.end - sf.sentence.start, years[0].start):
        # "This year we will start a 1.8-billion-yuan base, which will ... by 2027", "Chongqing now has
        # 7,900 firms, twice the number at the end of 2020": the year of a later clause is another's
        return rel
    if years:
        pos, end = q.start - sf.sentence.start, q.end - sf.sentence.start
        # "reach 1.5 trillion yuan by 2025 and 3.5 trillion yuan by 2035": a year right after wins
        following = [y for y in years if end <= y.start <= end + 30]
        if following:
            return following[0].year
        return min(years, key=lambda y: abs(y.start - pos)).year
    if rel is not None and not _present_in_own_clause(sf, q) and not _present_elsewhere(sf, q):
        return rel
    if estimate_year is not None:
        return estimate_year
    if section_year is not None:
        return section_year  # the review's year for results, this year's for a report's plans
    if kind == "target" and not _CJK.search(sf.text):
        return plan_year
    if kind in ("plan", "target"):
        return plan_year or ctx.published_year
    if sentence_tense == "past":
        # "By late September ... reached", "is now supplied": the year of the text, not of an earlier paragraph
        dated_now = en_time.within_an_unnamed_year(sf.text) or has_relative_year(sf.text)
        return paragraph_year or (None if dated_now else last_past_year) or ctx.published_year
    if _CJK.search(sf.text):
        if paragraph_year is None and reviewed_year is not None and not zh_kinds.states_now(sf.text):
            return reviewed_year
        return paragraph_year or ctx.published_year
    return ctx.published_year  # a stock stated in the present: as of publication




def _present_elsewhere(sf: SentenceFacts, q: Quantity) -> bool:
    """'the industry, now the province's largest, saw revenue climb 12.4 percent': a 'now' of another
    clause describes, it does not date the number."""
    if not present_only(sf.text):
        return False
    spans, at = _clauses(sf, q, _CLAUSE_BREAK)
    return not has_relative_year(sf.text[slice(*spans[at])])


def _present_in_own_clause(sf: SentenceFacts, q: Quantity) -> bool:
    """'... has reached 60%, with batteries achieving 10 billion yuan last year': the year of another
    clause does not date a stock the number's own clause states in the present."""
    spans, at = _clauses(sf, q, en_kinds.CLAUSE_CUT)
    clause = sf.text[slice(*spans[at])]
    return clause != sf.text and not has_relative_year(clause) and not explicit_years(clause) and \
        tense(clause) == "present" and en_kinds.present_statement(clause)


def _clause_of(sf: SentenceFacts, q: Quantity) -> tuple[int, int, str] | None:
    """The clause of a compound sentence that holds ``q`` ("Today, there are 10 ..., and ... by 2023")."""
    spans, at = _clauses(sf, q, _COMPOUND_CUT)
    if len(spans) == 1:
        return None
    a, b = spans[at]
    return a, b, sf.text[a:b]


def _names_a_metric(text: str) -> bool:
    return (zh_metrics if _CJK.search(text) else en_metrics).names_a_metric(text)


def _metric(sf: SentenceFacts, q: Quantity, unit: str) -> tuple[str, str | None]:
    """The canonical metric of the figure and the industry it is about (``nqpf.extract.metrics``),
    from the words of its sentence around its number (the sentence's industries found once, for the
    whole document)."""
    start, end = q.start - sf.sentence.start, q.end - sf.sentence.start
    industries = [WordHit(m.industry, m.start - sf.sentence.start, m.end - sf.sentence.start) for m in sf.industries]
    grammar = zh_metrics if _CJK.search(sf.text[max(0, start - 12):start]) else en_metrics
    return grammar.metric(sf.text, start, end, q, unit, industries)


def _indicator(sf: SentenceFacts, q: Quantity, previous: str | None) -> str:
    """What the number measures, in the text's own words, by the grammar of the words before it."""
    local = sf.text[: q.start - sf.sentence.start]
    if _CJK.search(local[-12:]):
        return zh_indicators.indicator(local, q, previous)
    return en_indicators.indicator(local, sf.text[q.end - sf.sentence.start:], q, previous)
