"""Quotes: every named person whose words the document reports, direct or indirect."""

from __future__ import annotations

import re

from nqpf.extract import gazetteer
from nqpf.extract.context import DocContext
from nqpf.extract.regions import CHINA, regions_in
from nqpf.model import Quote

_SPEECH = (
    r"(?:said|says|say|told|tells|added|adds|noted|notes|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
    r"pointed out|highlighted|stated|explained|predicted|believes|believed|warned|urged|remarked|wrote|"
    r"expressed|argued|observed|suggested|insisted|acknowledged|commented|announced|underlined|"
    r"underscored|reiterated|called for|asserted|maintained|according to)"
)
_NAME = r"(?P<name>[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*(?: (?:Jr|Sr)\.?)?)"
_TOKEN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*(?: (?:Jr|Sr)\.?)?$")
# "... ," said Wu Jiang, general manager of ...
_SAID_NAME = re.compile(
    rf"\b(?:said|says|added|noted|explained|stressed|wrote|asked|continued|(?i:according to))\s+{_NAME}"
)
# Wei Jianguo, former vice-minister of commerce, said: / Party chief Huang Kunming said at ...
_NAME_SAID = re.compile(
    rf"{_NAME}(?P<appos>(?:,\s+(?:who\s+)?[^,;\"“”]{{2,160}}){{0,3}},|\s+(?:of|at|from|with)\s+(?:the\s+)?"
    rf"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|the))*)?\s+(?:also\s+|further\s+|then\s+|once\s+)?"
    rf"(?:has\s+|had\s+)?{_SPEECH}\b"
)
_PRONOUN_SAID = re.compile(rf"(?:^|[,“\"]\s*|\.\s+)(?P<pron>he|she|He|She)\s+(?:also\s+|further\s+)?{_SPEECH}\b")
# Not people: words that make a capitalised run an organisation, a place or a title.
_NOT_PERSON = {
    "Province", "City", "Government", "University", "Party", "Committee", "Group", "Co", "Ltd", "Securities",
    "Agency", "Bureau", "Ministry", "Daily", "Times", "News", "Report", "Plan", "Conference", "Center",
    "Centre", "Institute", "School", "Council", "Congress", "Bank", "Commission", "Association",
    "Federation", "Chinese", "China", "The", "Company", "Corporation", "Inc", "Club", "Xinhua", "Global",
    "State", "National", "Central", "People", "Office", "Department", "Administration", "Court",
    "Industry", "Industries", "Technology", "Technologies", "Motors", "Holdings", "Consultancy",
    "Statistics", "Financial", "Economic", "Economics", "Research", "Media", "Press", "Post", "Reuters",
    "Bloomberg", "Analysts", "Experts", "Officials", "Insiders", "Sources", "Data", "Meanwhile",
    "However", "According", "This", "That", "These", "Those", "It", "They", "We", "I", "In", "On", "At",
    "As", "But", "And", "Also", "Some", "Many", "Others", "Such", "If", "When", "While",
}
_TITLE_WORDS = {
    "President", "Premier", "Vice", "Chairman", "Chairwoman", "Governor", "Mayor", "Minister", "Secretary",
    "Dr", "Professor", "Prof", "Mr", "Mrs", "Ms", "Chief", "General", "Director", "Dean", "Executive",
    "Deputy", "Former", "Senior", "Economist", "Analyst", "Spokesperson", "Spokesman", "Spokeswoman", "CEO",
    "Chinese", "Party", "Ambassador", "Commissioner", "Head", "Lawmaker", "Legislator", "Founder",
}

_PARAGRAPH_REACH = 2000  # characters either side of an attribution


def extract_quotes(ctx: DocContext) -> list[Quote]:
    """One quote per attribution, speakers given by their full name at first mention."""
    full_names: list[str] = []
    roles: dict[str, str | None] = {}
    out: list[Quote] = []
    last_speaker: str | None = None
    for sf in ctx.sentences:
        s = sf.text
        found: list[tuple[int, str, str | None]] = []
        for rx in (_SAID_NAME, _NAME_SAID):
            for m in rx.finditer(s):
                name, title = _split_title(m.group("name"))
                if not name:
                    continue
                role = title
                appos = m.groupdict().get("appos")
                if appos:
                    role = appos.strip(" ,").removeprefix("who is ").removeprefix("who ").strip() or role
                elif rx is _SAID_NAME:
                    tail = s[m.end():]
                    rm = re.match(r",\s+([^,;.\"“”]{2,160}?)(?:,|\.|$|;)", tail)
                    role = rm.group(1).strip() if rm else role
                elif role is None:
                    lead = s[: m.start("name")]
                    tm = re.search(r"((?:[A-Z][\w-]*\s+|[a-z][\w-]*\s+){1,3})$", lead)
                    if tm and any(w.strip() in _TITLE_WORDS or w.strip().lower() in {"chief", "secretary"}
                                  for w in tm.group(1).split()):
                        role = tm.group(1).strip()
                found.append((m.start("name"), name, role))
        for m in _PRONOUN_SAID.finditer(s):
            if last_speaker:
                found.append((m.start("pron"), last_speaker, None))
        seen_here: set[str] = set()
        for _, name, role in sorted(found):
            full = _resolve(name, full_names)
            if full is None or full in seen_here:
                continue
            seen_here.add(full)
            if full not in roles or (roles[full] is None and role):
                roles[full] = role
            last_speaker = full
            region = _role_region(role)
            out.append(Quote(full, roles.get(full), region, _quoted_text(ctx, sf), ctx.sentence_evidence(sf)))
        for m in re.finditer(_NAME, s):
            name = _clean_name(m.group("name"))
            if name and " " in name and name not in full_names and _looks_like_person(name):
                full_names.append(name)
    return out


def _split_title(name: str) -> tuple[str | None, str | None]:
    """'Chinese Premier Li Qiang' -> ('Li Qiang', 'Chinese Premier'); (None, None) if not a person."""
    words = name.split()
    title: list[str] = []
    while words and words[0].rstrip(".") in _TITLE_WORDS:
        title.append(words.pop(0))
    if not words or any(w.rstrip(".") in _NOT_PERSON for w in words):
        return None, None
    return " ".join(words), " ".join(title) or None


def _clean_name(name: str) -> str | None:
    return _split_title(name)[0]


def _looks_like_person(name: str) -> bool:
    return bool(_TOKEN_NAME.match(name)) and not gazetteer.lookup(name)


def _resolve(name: str, full_names: list[str]) -> str | None:
    """A short form ("Pan", "Xi") resolves to the latest full name containing it."""
    if " " in name:
        if not _looks_like_person(name):
            return None
        if name not in full_names:
            full_names.append(name)
        return name
    for full in reversed(full_names):
        parts = full.split()
        if name == parts[0] or name == parts[-1] or name in parts:
            return full
    return None


def _role_region(role: str | None) -> str | None:
    if not role:
        return None
    for r in regions_in(role):
        if not r.in_org and r.code != CHINA:
            return r.code
    return None


def _quoted_text(ctx: DocContext, sf) -> str:
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
