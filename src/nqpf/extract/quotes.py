"""Quotes: every named person whose words the document reports, direct or indirect, in any language.

The phrasings that say who spoke live in the language grammars, ``grammar/en/quotes.py`` and
``grammar/zh/quotes.py``, which give the ``Speech`` and ``Person`` of ``quote_types.py``; this
module picks the grammar sentence by sentence (a document may mix scripts), keeps what the document
has said so far (full names, roles, the last speaker) and turns each attribution into a ``Quote``
with its words, region and evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType

from nqpf.extract.context import DocContext, SentenceFacts, build_context
from nqpf.extract.grammar.en import quotes as en
from nqpf.extract.grammar.zh import quotes as zh
from nqpf.extract.quote_types import Speech
from nqpf.extract.regions import CHINA, regions_in
from nqpf.model import Document, Evidence, Quote

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_PARAGRAPH_REACH = 2000  # characters either side of an attribution
_INDENT = 8  # blanks before a paragraph's first sentence (the text's own indentation)
_ADJACENT = 3  # characters between a Chinese attribution and the quotation it introduces or follows
# A place in a role is the speaker's region when it heads a government office ("Hubei Governor",
# "Jilin Provincial Bureau of Statistics"), not when it names a company or a university.
_GOVERNMENT_AFTER = re.compile(
    r"^[\s-]+(?:Provincial|Municipal|Province|City|Autonomous|Regional|Party|Government|People's|Governor|"
    r"Vice|Mayor|Deputy|Department|Bureau|Commission|Committee|Development|Office|Administration)\b"
)
_BASED_IN = re.compile(r"\bbased\s+in\s+(?:the\s+)?$")
# 浙江大学教授, 上海银行行长: the place names an institution (regions_in marks no Chinese organisation).
_ORG_AFTER_ZH = re.compile(r"^[省市]?(?:大学|学院|集团|公司|银行|研究院|医院|日报|电视台|广播电视台|证券|交易所|"
                           r"股份|实业|控股|商会|协会|学会)")


def grammar_for(text: str) -> ModuleType:
    """The grammar of a sentence: Chinese when Han characters carry it, else English."""
    if not _HAN.search(text):
        return en
    return zh if len(_HAN.findall(text)) * 3 >= len(_LATIN.findall(text)) else en


def extract_quotes(ctx: DocContext) -> list[Quote]:
    """One quote per attribution, speakers given by their full name at first mention."""
    return list(_quotes(ctx, None))


def quotes_in_text(text: str, language: str | None = None) -> list[Quote]:
    """The quotes of a bare text (a grammar corpus phrasing); ``language`` ("en", "zh") forces a grammar."""
    grammar = {"en": en, "zh": zh}[language] if language else None
    return list(_quotes(build_context(Document("corpus", "corpus", text)), grammar))


def _quotes(ctx: DocContext, forced: ModuleType | None) -> Iterator[Quote]:
    known: list[str] = []  # full names in order of first mention
    roles: dict[str, str | None] = {}
    last_speaker: str | None = None
    for sf in ctx.sentences:
        grammar = forced or grammar_for(sf.text)
        found = grammar.speeches(sf.text)
        line_start, line_end = ctx.line_bounds(sf.sentence.start, sf.sentence.end)
        if sf.sentence.start - line_start <= _INDENT and not ctx.text[line_start:sf.sentence.start].strip():
            label = grammar.speaker_label(sf.text)
            if label is not None:
                found = [label]
        seen_here: set[str] = set()
        for speech in sorted(found, key=lambda sp: sp.start):
            if speech.speaker is None:
                full = last_speaker
            else:
                full = grammar.resolve(speech.speaker, known)
                if full is not None and full not in known:
                    known.append(full)
            if full is None or full in seen_here:
                continue
            seen_here.add(full)
            if full not in roles or (roles[full] is None and speech.role):
                roles[full] = speech.role
            last_speaker = full
            role = roles.get(full)
            words, evidence = _words(ctx, sf, speech, grammar, line_end)
            yield Quote(full, role, _role_region(role), words, evidence)
        for person in grammar.people(sf.text):
            if person.name not in known:
                known.append(person.name)
            if person.role and roles.get(person.name) is None:
                roles[person.name] = person.role


def _words(ctx: DocContext, sf: SentenceFacts, speech: Speech, grammar: ModuleType,
           line_end: int) -> tuple[str, Evidence]:
    """The quoted words of an attribution and the evidence span behind them."""
    base = sf.sentence.start
    if speech.label:
        rest = ctx.text[base + speech.end:min(line_end, base + speech.end + _PARAGRAPH_REACH)].strip()
        if rest:
            return rest, ctx.sentence_evidence(sf)
        answer = ctx.next_sentence(sf.sentence.end)
        if answer is None:
            return sf.text, ctx.sentence_evidence(sf)
        answer_start, answer_end = ctx.line_bounds(answer.sentence.start, answer.sentence.end)
        return ctx.text[answer_start:answer_end].strip(), ctx.evidence(sf.sentence.start, answer.sentence.end)
    if grammar is zh:
        adjacent = _adjacent_quotation(ctx, base + speech.start, base + speech.end)
        return adjacent or speech.words or sf.text, ctx.sentence_evidence(sf)
    return _paragraph_quotations(ctx, sf), ctx.sentence_evidence(sf)


def _adjacent_quotation(ctx: DocContext, start: int, end: int) -> str | None:
    """The quotation right after ``说:``, else the one right before ``张林介绍`` on the same line; either
    may span sentences."""
    around = ctx.quotes_within(max(0, start - _PARAGRAPH_REACH), end + _PARAGRAPH_REACH)
    for a, b in around:
        if 0 <= a - end <= _ADJACENT:
            return ctx.text[a + 1:b - 1].strip()
    for a, b in around:
        if 0 <= start - b <= _ADJACENT and "\n" not in ctx.text[b:start]:
            return ctx.text[a + 1:b - 1].strip()
    return None


def _paragraph_quotations(ctx: DocContext, sf: SentenceFacts) -> str:
    """The words in quotation marks around the attribution, else the reported sentence."""
    para_start, para_end = ctx.line_bounds(sf.sentence.start, sf.sentence.end)
    # A text without line breaks is one "paragraph": reach only as far as a real paragraph would,
    # or every attribution would collect every quotation of the document.
    para_start = max(para_start, sf.sentence.start - _PARAGRAPH_REACH)
    para_end = min(para_end, sf.sentence.end + _PARAGRAPH_REACH)
    quoted = [ctx.text[a + 1:b - 1] for a, b in ctx.quotes_within(para_start, para_end)
              if len(ctx.text[a:b].split()) >= 4]
    if quoted:
        return " ".join(q.strip(" ,") for q in quoted)
    return sf.text


def _role_region(role: str | None) -> str | None:
    """The region a speaker's title names: "governor of Hubei", "Hubei Governor", 江苏省发展改革委副主任."""
    if not role:
        return None
    for r in regions_in(role):
        # where an employer sits ("Beijing-based", "an economist based in Beijing") is not whom one speaks for
        if r.code == CHINA or r.based or _BASED_IN.search(role, 0, r.start):
            continue
        after = role[r.end:]
        if (not r.in_org or _GOVERNMENT_AFTER.match(after)) and not _ORG_AFTER_ZH.match(after):
            return r.code
    return None
