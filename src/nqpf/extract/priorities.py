"""Priorities: a government (a region's, or the central one) plans, supports, fosters or has
cultivated an industry. An achievement ("output reached ...") is a figure, not a priority, and a
company's own project is not its region's priority."""

from __future__ import annotations

import re

from nqpf.extract.attribution import Attribution
from nqpf.extract.context import DocContext, SentenceFacts
from nqpf.extract.grammar.en import triggers as en
from nqpf.extract.grammar.zh import triggers as zh
from nqpf.extract.sections import Frame
from nqpf.extract.taxonomy import IndustryMatch, load_industries
from nqpf.extract.text import Sentence
from nqpf.extract.timeexpr import explicit_years, has_relative_year, relative_year, tense
from nqpf.model import Priority

_TIME_HINT = re.compile(r"\d|(?i:year)")
_LIST_SENTENCE_NEXT = re.compile(r"^(?:These|Those|Such)\b")
_CAPITALISED_WORDS = re.compile(r"^(?:[A-Z][a-z]+|and|of|the|for)(?:[\s-]+(?:[A-Z][a-z]+|and|of|the|for))*$")


_CLAUSE_SPLIT = re.compile(r",\s+(?:while|whereas)\s+|;\s+|,\s+and\s+(?=[A-Z][a-z]+\s+(?:has|have|will|plans|pledged|"
                           r"vowed|aims|is|said))")


def _clauses(ctx: DocContext) -> list[tuple[int, SentenceFacts]]:
    """Sentences cut at ", while" and ";", with their sentence's index: each clause of a compound
    sentence has its own actor ("Hefei launched a fund ..., while Chongqing pledged to build ...")."""
    out: list[tuple[int, SentenceFacts]] = []
    for index, sf in enumerate(ctx.sentences):
        cuts = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(sf.text)]
        # "廊坊提出培育…，唐山明确推动…，沧州将重点发展…": a region opening a clause is its subject
        cuts += [r.start - sf.sentence.start for r in sf.regions if r.start > sf.sentence.start and
                 ctx.text[r.start - 1] in "，；" and zh.opens_clause(ctx.text[r.end:r.end + 6])]
        cuts = sorted(set(cuts)) + [len(sf.text)]
        if len(cuts) == 2:
            out.append((index, sf))
            continue
        for a, b in zip(cuts, cuts[1:], strict=False):
            start, end = sf.sentence.start + a, sf.sentence.start + b
            piece = Sentence(start, end, ctx.text[start:end], sf.sentence.paragraph)
            out.append((index, SentenceFacts(
                piece, [r for r in sf.regions if start <= r.start < end],
                [m for m in sf.industries if start <= m.start < end],
                [q for q in sf.quantities if start <= q.start < end],
            )))
    return out


def _next_starts_list_reference(ctx: DocContext, sf: SentenceFacts) -> bool:
    following = ctx.next_sentence(sf.sentence.end)
    return following is not None and bool(_LIST_SENTENCE_NEXT.match(following.text))


def _first_trigger(sentence: str) -> re.Match[str] | None:
    """The first trigger word of either language's grammar."""
    english = en.first_trigger(sentence)
    chinese = zh.first_trigger(sentence)
    if english and chinese:
        return english if english.start() < chinese.start() else chinese
    return english or chinese


def extract_priorities(ctx: DocContext, who: Attribution | None = None) -> list[Priority]:
    """Region -> industry priorities, one per (region, industry), the first evidence kept; ``who``
    decides whose each one is."""
    who = who or Attribution.of(ctx)
    section_frames = who.sections
    industries = load_industries()
    out: list[Priority] = []
    seen: set[tuple[str, str]] = set()
    previous_actor: str | None = None
    topic: str | None = None
    carried: list[IndustryMatch] = []
    previous_salient: str | None = None
    plan_year: int | None = None
    for index, sf in _clauses(ctx):
        frame = section_frames[index]
        described = [(sf.sentence.start + a, sf.sentence.start + b)
                     for a, b in (*en.descriptive_spans(sf.text), *zh.descriptive_spans(sf.text),
                                  *_results_stated(sf.text, frame))] if sf.industries else []
        mentions = [m for m in sf.industries if _is_plain_mention(ctx, m)
                    and not any(a <= m.start < b for a, b in described)] + carried
        carried = []
        trigger = _first_trigger(sf.text)
        if mentions and not trigger and _next_starts_list_reference(ctx, sf) and len(sf.text.split()) < 15:
            carried = mentions  # "AI, robots and BCI. These are regarded by the government as ..."
            continue
        if _TIME_HINT.search(sf.text) and (explicit_years(sf.text) or has_relative_year(sf.text)) and \
                tense(sf.text) == "future":
            plan_year = _year(ctx, sf)  # the year the document's plans are for
        limit = sf.sentence.start + (trigger.start() if trigger else len(sf.text))
        actors = who.clause_actors(index, sf, limit, previous_actor, previous_salient)
        actor = actors[0] if actors else None
        previous_salient = who.salient[index]
        previous_actor = actor
        if actor is not None:
            topic = actor
        if not mentions or not trigger:
            continue
        if frame.review and zh.reports_results(sf.text):
            continue  # 一年来，…产值增长33%: last year's results, not a plan
        if actor is None and not ctx.in_quote(sf.sentence.start) and en.carries_topic(sf.text):
            actors = [topic] if topic else []  # "Efforts will be put into ...": the government the text is about
        if not actors and who.focus and zh.first_trigger(sf.text) and not zh.other_subject(sf.text[:trigger.start()]):
            # Chinese plans leave the government subject out (将加快发展…, 培育壮大…): the document's region
            actors = [who.focus]
        year = _year(ctx, sf, plan_year if tense(sf.text) == "future" else None)
        for actor in actors:
            for m in mentions:
                key = (actor, m.industry)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Priority(actor, m.industry, industries[m.industry].stage, year,
                                    ctx.sentence_evidence(sf)))
    return out


def _results_stated(sentence: str, frame: Frame) -> list[tuple[int, int]]:
    """The clauses of ``sentence`` that report a result, not a target: in the plans of a work report,
    and in a clause of its own future (力争增长30%), a result verb is what the region aims at."""
    if not frame.review and frame.year is not None:
        return []  # a forward section: 建成超充站1000座 is this year's target
    return [(a, b) for a, b in zh.result_clauses(sentence) if tense(sentence[a:b]) != "future"]


def _is_plain_mention(ctx: DocContext, m: IndustryMatch) -> bool:
    """False for an alias inside a proper name ("Digital Economy ... Research Center", 人形机器人创新中心)."""
    if zh.names_an_institution(ctx.text, m.end) and ctx.text[max(0, m.start - 1):m.start] in ("省", "市", "区", "县"):
        return False  # 浙江省人形机器人创新中心: a named institution (建设人形机器人创新中心 is a plan)
    if m.text.isupper() or not m.text[:1].isupper():
        return True
    # Only the last character before the blanks matters; a search back to the line's start was
    # quadratic on text without newlines.
    i = m.start
    while i > 0 and ctx.text[i - 1] != "\n" and ctx.text[i - 1].isspace():
        i -= 1
    at_start = i == 0 or ctx.text[i - 1] in "\n.:!?\"“"
    words = [w for w in re.split(r"[\s-]+", m.text) if w]
    title_case = all(w[:1].isupper() or w in ("and", "of") for w in words) and len(words) > 1
    if at_start:
        nxt = re.match(r"\s+([A-Z][a-z]+)", ctx.text[m.end:m.end + 20])
        return not (title_case and nxt)
    if re.search(r"[A-Z][A-Za-z]+\s$", ctx.text[max(0, m.start - 20):m.start]):
        return False  # the last word of a name: "Unitree Robotics", "Horizon Robotics"
    return not (title_case or re.match(r"\s+[A-Z][a-z]+", ctx.text[m.end:m.end + 20]))


def _year(ctx: DocContext, sf: SentenceFacts, plan_year: int | None = None) -> int | None:
    years = [y.year for y in explicit_years(sf.text) if y.year is not None and y.relation in ("in", "for", "by")]
    if years:
        return years[0]
    rel = relative_year(sf.text, ctx.published_year)
    return rel if rel is not None else plan_year or ctx.published_year
