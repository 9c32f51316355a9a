"""Whose a fact is: the one place that decides the region owning a figure, the government acting in
a priority, and the region of a quote, for every language.

Document-level state comes first: the **focus region** (what the document is about: its title or
headline, the province a work report is of, the region most of its mentions name), which is the
fallback for a clause that names no region, and for 'we', 'the province', 全省, 我市. Region mentions
used as a comparison frame or an adjective ('the national average', 'second nationwide',
高于全国平均水平, 'national-level') never own a fact. The words behind these decisions live in the
language grammars, ``grammar/en/attribution.py`` and ``grammar/zh/attribution.py``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from nqpf.extract import sections as report_sections
from nqpf.extract.context import DocContext, SentenceFacts
from nqpf.extract.grammar.en import attribution as en
from nqpf.extract.grammar.zh import attribution as zh
from nqpf.extract.regions import CHINA, RegionMention, regions_in

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ADJACENT_PARENT = re.compile(
    r"^(?:,\s*|\s+in\s+)(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|central)\s+"
    r"China's\s+)?$", re.I
)
_ZH_DATELINE_AFTER = re.compile(r"\s*\d{1,2}月\d{1,2}日(?:电|讯)")
_MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
_HEAD_LINES = 3
_LOOKBACK = 5  # sentences an implicit subject may reach back before the focus takes over
_HEADLINE_CHARS = 160
_RECENT = 8  # sentences back in which an anaphor looks for a region of its level
_SPEAKER_REACH = 3  # sentences back in which a first person looks for who is speaking


@lru_cache(maxsize=4096)
def _grammar(text: str):
    return zh if _CJK.search(text) else en


def province_of(code: str) -> str:
    return code[:2] + "0000" if code.isdigit() else code


def _fits(code: str, level: str) -> bool:
    if not code.isdigit():
        return False
    if level == "province":
        return code.endswith("0000") and code not in _MUNICIPALITIES
    if level == "city":
        return (code.endswith("00") and not code.endswith("0000")) or code in _MUNICIPALITIES
    return True


@dataclass
class Attribution:
    """Ownership decisions for one document; build once with ``Attribution.of(ctx)``."""

    ctx: DocContext
    focus: str | None
    frames: set[int]  # start offsets of mentions used as a frame or adjective
    salient: list[str | None] = field(default_factory=list)  # the region each sentence is about
    speakers: list[str | None] = field(default_factory=list)  # whose a 'we' in each sentence is
    sections: list[report_sections.Frame] = field(default_factory=list)  # the report section each sentence is in

    @classmethod
    def of(cls, ctx: DocContext) -> Attribution:
        who = cls(ctx, None, {r.start for r in ctx.regions if _is_frame(ctx.text, r)})
        who.salient = [who._salient(sf) for sf in ctx.sentences]
        who.focus = who._focus()
        who.speakers = who._speakers()
        who.sections = report_sections.frames(ctx)
        return who

    # ---- mentions ------------------------------------------------------------------------

    def usable(self, r: RegionMention) -> bool:
        """A mention that may own a fact: not part of a name, a dateline or a frame."""
        if r.in_org or r.dateline or r.start in self.frames:
            return False
        if r.code == CHINA and r.text == "China" and \
                en.end_of_a_name(self.ctx.text[max(0, r.start - 60):r.start]):
            return False
        return not (r.code != CHINA and _ZH_DATELINE_AFTER.match(self.ctx.text, r.end))

    def _salient(self, sf: SentenceFacts) -> str | None:
        """The region a sentence is about: its first usable mention that is not a place-in."""
        for r in sf.regions:
            if self.usable(r) and not r.locative and not r.based:
                if r.code == CHINA and en.is_weak_china(r.text):
                    continue
                return r.code
        return None

    def _focus(self) -> str | None:
        """What the document is about: the first region its title or headline names, else the region
        most of its mentions name (at least twice and twice the next one), else the country."""
        ctx = self.ctx
        lines = [line.strip() for line in ctx.text.split("\n", 12)[:12] if line.strip()][:_HEAD_LINES]
        # a headline is short and ends without a full stop; the first body sentence is no headline
        head = [ctx.document.title or ""] + [line for line in lines if len(line) <= _HEADLINE_CHARS and
                                             not line.endswith((".", "。"))]
        for line in head:
            found = [r for r in regions_in(line) if not (r.in_org or r.dateline) and not _is_frame(line, r)]
            named = [r for r in found if r.code != CHINA and r.code.isdigit()]
            if named:
                return named[0].code
            if line and _grammar(line).central_actor(line) and not _grammar(line).central_reference(line):
                return CHINA  # "工业和信息化部等七部门印发《……》", "State Council unveils ...": a central text
        counts = Counter(r.code for r in ctx.regions if self.usable(r) and r.code.isdigit())
        ranked = counts.most_common(2)
        if ranked:
            top, n = ranked[0]
            second = ranked[1][1] if len(ranked) > 1 else 0
            if n >= 2 and n >= 2 * second:
                return top
        if any(r.code == CHINA and self.usable(r) for r in ctx.regions):
            return CHINA
        return counts.most_common(1)[0][0] if counts else None

    def collapse(self, mentions: list[RegionMention]) -> list[RegionMention]:
        """Drop a province written right after one of its cities ("Changzhou, Jiangsu Province")."""
        out: list[RegionMention] = []
        for r in mentions:
            if out and r.level == "province" and out[-1].level == "prefecture" and \
                    out[-1].code[:2] == r.code[:2] and _ADJACENT_PARENT.match(self.ctx.text[out[-1].end:r.start]):
                continue
            out.append(r)
        return out

    # ---- resolution ----------------------------------------------------------------------

    def resolve_level(self, index: int, level: str) -> str | None:
        """An anaphor of ``level`` ('province', 'city', 'self'): a speaker's title region in the sentence,
        else the focus if it has that level, else the latest region of that level in the sentences
        before, else the focus (or the focus city's province)."""
        focus = self.focus if self.focus != CHINA else None
        if level == "self":
            return focus
        titled = self.titled_region(index, level)
        if titled:
            return titled  # "Wang Lin, governor of Hubei, told ... that the province aims ..."
        if focus and _fits(focus, level):
            # A report or press conference about one place: its anaphors mean that place.
            return focus
        for j in range(index, max(-1, index - _RECENT), -1):
            code = self.salient[j] if j < len(self.salient) else None
            if code and code != CHINA and _fits(code, level):
                return code
        if focus and level == "province":
            return province_of(focus)
        return focus

    def titled_region(self, index: int, level: str) -> str | None:
        """The region of a speaker's title in sentence ``index`` ("governor of Hubei"), if it has ``level``."""
        if index >= len(self.ctx.sentences):
            return None
        text = self.ctx.text
        for r in self.ctx.sentences[index].regions:
            if r.code != CHINA and _fits(r.code, level) and _grammar(r.text) is en and en.speaker_title(
                    text[max(0, r.start - 60):r.start], text[r.end:r.end + 30]):
                return r.code
        return None

    def implicit_owner(self, index: int) -> str | None:
        """A clause with no region: the place the sentences just before were about (a city inside a
        province they name wins), else the focus. The country is not carried over into a document
        about one region: 'China's coal supply ...' does not make the next sentence national."""
        named_focus = self.focus not in (None, CHINA)
        paragraph = self.ctx.sentences[index].sentence.paragraph
        for j in range(index - 1, max(-1, index - 1 - _LOOKBACK), -1):
            found = [r for r in self.collapse([r for r in self.ctx.sentences[j].regions if self.usable(r)])
                     if not (named_focus and r.code == CHINA) and not self._venue(r) and not self._described(r)]
            if not found:
                continue
            if named_focus and self.ctx.sentences[j].sentence.paragraph != paragraph and \
                    all(r.code != self.focus and province_of(r.code) == self.focus for r in found):
                return self.focus  # a new paragraph after one about its cities is about the province again
            provinces = {r.code[:2] for r in found if r.level == "province"}
            for r in found:
                if r.level == "prefecture" and r.code[:2] in provinces:
                    return r.code
            return found[0].code if found[0].code != CHINA or len(found) == 1 else found[-1].code
        return self.focus

    def figure_owner(self, index: int, q_start: int, q_end: int, unit: str) -> str | None:
        """The region whose quantity the number at ``q_start:q_end`` of sentence ``index`` is."""
        sf = self.ctx.sentences[index]
        text = self.ctx.text
        grammar = _grammar(sf.text)
        mentions = self.collapse([r for r in sf.regions if self.usable(r)])
        if unit == "count" and grammar.counts_provinces(text[q_end:q_end + 24]) and \
                not any(r.end <= q_start for r in mentions):
            return CHINA  # "at least six provinces, including Guangdong, ...": a count over the country
        # "outpacing the 4.6 per cent growth in Guangzhou": the region right after a rate owns it
        if grammar is en:
            for r in mentions:
                if q_end <= r.start <= q_end + 40 and en.owns_growth_before(text[q_end:r.start]):
                    return r.code
        # a region after a share is the whole the share is of ("70 percent of Zhejiang's total"):
        # it owns the share only when nothing else in the sentence does
        wholes = [r for r in mentions if unit in ("%", "pp") and r.start >= q_end and grammar is en and
                  en.share_of(text[max(sf.sentence.start, r.start - 12):r.start])]
        mentions = [r for r in mentions if r not in wholes]
        weak = [r for r in mentions + wholes if r.code == CHINA and en.is_weak_china(r.text)]
        if self.focus not in (None, CHINA):
            wholes = [r for r in wholes if r not in weak]  # "23.4% of the national exports" in a regional text
        named = [r for r in mentions if r not in weak]
        if not named and self.focus in (None, CHINA):
            named = weak  # 'national' owns a figure only in a text about the country
        elif not named:
            named = [r for r in weak if r.end <= q_start or en.spread_nationwide(r.text)]
        local = text[sf.sentence.start:q_start]
        anaphor = grammar.anaphor_level(local)
        if anaphor and grammar is en and unit in ("%", "pp") and \
                en.share_of(local[max(0, anaphor[1] - 12):anaphor[1]]):
            anaphor = None  # "14.9 percent of the province's GDP": the whole, not the owner
        before = [r for r in named if r.end <= q_start]
        if before:
            actors = [r for r in before if not r.locative or (grammar is en and en.absolute_subject(
                text[max(sf.sentence.start, r.start - 8):r.start], text[r.end:r.end + 20]))] or before
            last = actors[-1]
            if anaphor and sf.sentence.start + anaphor[1] > last.end:
                return self.resolve_level(index, anaphor[0]) or last.code
            return last.code
        if anaphor:
            return self.resolve_level(index, anaphor[0])
        if grammar is en and en.first_person(local):
            # "We have built seven clusters ..., and Changsha's ...": the speaker's, whoever comes later
            return self.speaker_region(index) if not en.our_country(local) else CHINA
        after = [r for r in named if r.start >= q_end] or wholes
        if after:
            return after[0].code
        if grammar is en and en.pronoun_continues_actor(sf.text) and en.document_subject(sf.text) and self.focus:
            return self.focus  # "The plan sets a goal of lifting the digital economy to 60 percent"
        if grammar.national_source(sf.text):
            return CHINA  # a national body's statistic: "According to the National Bureau of Statistics"
        owner = self.implicit_owner(index)
        if owner is None and any(r.code == CHINA for r in self.ctx.regions):
            return CHINA
        return owner


    def _described(self, r: RegionMention) -> bool:
        """'two fields where Zhuzhou and Changsha lead': a region in a relative clause describes."""
        text = self.ctx.text
        return _grammar(text[r.start:r.end]) is en and en.describes_setting(text[max(0, r.start - 60):r.start])

    def _venue(self, r: RegionMention) -> bool:
        """Where a meeting sat (在南昌开幕, "held in Beijing"): no topic for the sentences after it."""
        text = self.ctx.text
        grammar = _grammar(text[r.start:r.end])
        return grammar.venue(text[max(0, r.start - 16):r.start], text[r.end:r.end + 12])

    def figure_owners(self, index: int, q_start: int, q_end: int, unit: str) -> list[str]:
        """Every region whose quantity the number is: the owner, and the regions listed with it as one
        subject (平顶山、南阳、商丘等地为6.5%左右; "set by Guangzhou and Shanghai of 5 per cent")."""
        owner = self.figure_owner(index, q_start, q_end, unit)
        if owner is None:
            return []
        sf = self.ctx.sentences[index]
        text = self.ctx.text
        grammar = _grammar(sf.text)
        before: list[RegionMention] = []
        ends: list[int] = []  # where each listed item ends: after the province that places a city in it
        for r in sf.regions:
            if r.end > q_start or not self.usable(r):
                continue
            if before and r.code == province_of(before[-1].code) and grammar.locates(text[ends[-1]:r.start]):
                ends[-1] = r.end  # "Changsha in Central China's Hunan Province": one item
                continue
            before.append(r)
            ends.append(r.end)
        at = next((n for n in range(len(before) - 1, -1, -1) if before[n].code == owner), None)
        if at is None:
            return [owner]

        def listed_together(n: int) -> bool:
            # "Suzhou, Jiangsu province's output": a city and its province are one place, not a list
            a, b = before[n], before[n + 1]
            return grammar.coordinated(text[ends[n]:b.start]) and b.code != province_of(a.code) and \
                a.code != province_of(b.code)

        first = last = at
        while last + 1 < len(before) and listed_together(last):
            last += 1
        while first > 0 and listed_together(first - 1):
            first -= 1
        if first == last or last != len(before) - 1:
            return [owner]
        listed = list(dict.fromkeys(r.code for r in before[first:last + 1]))
        if grammar.respectively(sf.text):
            # "洛阳、安阳分别增长6%、7%", "Beijing and Shanghai grew 5.2 and 5.0 percent respectively": in order
            after = [q.start for q in sf.quantities if q.start >= ends[last]]
            k = after.index(q_start) if q_start in after else len(listed)
            return [listed[k]] if k < len(listed) else [owner]
        subject = not text[sf.sentence.start:before[first].start].strip()
        return listed if grammar.owner_reaches(text[ends[last]:q_start], subject=subject) else [owner]

    def clause_actors(self, index: int, sf: SentenceFacts, limit: int, previous_actor: str | None,
                      previous_topic: str | None) -> list[str]:
        """The governments a clause is about when they are the subject or the agent; ``limit`` is the
        offset of the clause's first trigger word (an actor named later is an object). Several when
        the subject lists them ("five provinces, including Shanghai, Guangdong and Zhejiang, ...")."""
        text = self.ctx.text
        grammar = _grammar(sf.text)
        head = text[sf.sentence.start:limit]
        usable = [r for r in sf.regions if r.start < limit and self.usable(r)]
        for n, r in enumerate(usable):
            before = text[max(sf.sentence.start, r.start - 60):r.start]
            if grammar is en and en.group_listing(before):
                return list(dict.fromkeys(m.code for m in usable[n:] if m.code != CHINA))
            if grammar is en and (en.governed_place(before[-40:]) or en.apposition_of(before)):
                return [r.code]  # "authorities in Shenzhen", "the government of Hubei", "the province of Shanxi"
            if r.locative or r.based:
                continue
            if r.possessive and not _names_a_plan(text[r.end:r.end + 80]):
                continue
            if r.code == CHINA and not _china_is_actor(text, r):
                continue
            if grammar is en and en.relative_clause_subject(before):
                continue  # "In the NEV field, where China holds an edge, Guangdong ...": a description
            nxt = usable[n + 1] if n + 1 < len(usable) else None
            if grammar is en and nxt and re.fullmatch(r"\s+and\s+", text[r.end:nxt.start]) and \
                    en.subject_before_verb(text[nxt.end:nxt.end + 60]):
                return [r.code, nxt.code]  # "Guangdong and Shanghai are gearing up ..."
            return [r.code]
        if grammar.central_actor(head) and not grammar.central_reference(head):
            return [CHINA]
        if grammar is en and en.pronoun_continues_actor(sf.text):
            actor = previous_topic or previous_actor
            if actor is None and not en.bare_pronoun(sf.text):
                actor = self.focus  # "The city ...", "Its work report ..." with no region before: the text's
            return [actor] if actor else []
        anaphor = grammar.anaphor_level(head)
        if anaphor:
            if grammar is zh and anaphor[0] == "self" and zh.our_country(head):
                return [CHINA]
            actor = self.speaker_region(index) if anaphor[0] == "self" else self.resolve_level(index, anaphor[0])
            return [actor] if actor else []
        if grammar is en and en.first_person(head):
            actor = CHINA if en.our_country(head) else self.speaker_region(index)
            return [actor] if actor else []
        if grammar is en and en.central_agent(sf.text):
            return [CHINA]  # "... by the Chinese government" as the agent of a passive
        if grammar is zh and zh.our_country(head):
            return [CHINA]
        if grammar is en:
            # "Focusing on ..., Shanghai must ...", "..., with Beijing targeting ...": a subject after a
            # fronted phrase; "Guangdong and Shanghai are gearing up ...": each of coordinated subjects
            late = [r for r in sf.regions if r.start >= limit and self.usable(r) and not r.based and r.code != CHINA]
            for n, r in enumerate(late):
                before = text[max(sf.sentence.start, r.start - 8):r.start]
                after = text[r.end:r.end + 60]
                if en.absolute_subject(before, after) or (not r.locative and en.subject_before_verb(after)):
                    return [r.code]
                nxt = late[n + 1] if n + 1 < len(late) else None
                if nxt and not r.locative and re.fullmatch(r"\s+and\s+", text[r.end:nxt.start]) and \
                        en.subject_before_verb(text[nxt.end:nxt.end + 60]):
                    return [r.code, nxt.code]
        return []

    def speaker_region(self, index: int) -> str | None:
        """Whose 'we' sentence ``index`` speaks with (see ``_speakers``)."""
        return self.speakers[index] if index < len(self.speakers) else self.focus

    def _speakers(self) -> list[str | None]:
        """For each sentence, whose a 'we' in it would be: a central leader named just before speaks
        for the country ("the work report delivered by Premier Li Qiang ... We will ..."); with no one
        named, the voice of the last 'we' goes on (excerpts of one report, each followed by a local
        official's comment); else the focus region."""
        out: list[str | None] = []
        last: str | None = None
        first = [_grammar(sf.text) is en and en.first_person(sf.text) for sf in self.ctx.sentences]
        if not any(first):
            return [self.focus] * len(first)
        sentences = self.ctx.sentences
        voices: dict[int, str | None] = {}  # who speaks in a sentence: "central", "regional" or None

        def voice_of(j: int) -> str | None:
            if j not in voices:
                text = sentences[j].text
                english = _grammar(text) is en
                voices[j] = "regional" if english and en.regional_speaker(text) else \
                    "central" if english and en.central_speaker(text) else None
            return voices[j]

        for index in range(len(sentences)):
            voice = None
            # a speaker only matters where a 'we' follows within reach
            window = range(index - 1, max(-1, index - 1 - _SPEAKER_REACH), -1) if first[index] else ()
            for j in window:
                if voice_of(j):
                    voice = CHINA if voice_of(j) == "central" else self.focus
                    break
            voice = voice or last or self.focus
            out.append(voice)
            if first[index]:
                last = voice
        return out


_PLAN_NOUN_AFTER = re.compile(
    r"^(?:'s|’s)\s+(?:\w+\s+){0,3}?(?:priorit(?:y|ies)|plans?|blueprint|strateg(?:y|ies)|agenda|goals?|"
    r"focus|government|work report|policies|policy|development plan|(?:pillar|key|strategic|priority)\s+"
    r"industr(?:y|ies))\b", re.I
)
# "Shanghai's Pudong New Area will ...": a district's government acts for its region
_SUB_AREA_AFTER = re.compile(r"^(?:'s|’s)\s+(?:[A-Z][\w-]*\s+){1,4}(?:Area|District|Zone|County|Park)\b")


def _names_a_plan(tail: str) -> bool:
    """'Anhui's plan', 'Shanghai's Pudong New Area': a possessive that still makes an actor."""
    return bool(_PLAN_NOUN_AFTER.match(tail) or _SUB_AREA_AFTER.match(tail))


def _china_is_actor(text: str, r: RegionMention) -> bool:
    word = text[r.start:r.end]
    if word == "全国":
        return False  # 全国 qualifies (全国30%以上, 全国高校, 全国首创); the centre acts as 国家, 国务院, 党中央
    if word == "Chinese":
        return bool(re.match(r"\s+(?:government|authorities|President|leadership|Premier|State Council)",
                             text[r.end:r.end + 20]))
    return word not in ("national", "nationwide")


def _is_frame(text: str, r: RegionMention) -> bool:
    word = text[r.start:r.end]
    before, after = text[max(0, r.start - 40):r.start], text[r.end:r.end + 40]
    grammar = zh if _CJK.search(word) else en
    return grammar.is_comparison_frame(word, before, after)
