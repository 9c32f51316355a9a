"""Organisations: capitalised names ending in an organisation word, with the region the text
puts them in (a place in the name, "X-based", or "in <city>" in the same sentence)."""

from __future__ import annotations

import re

from nqpf.extract.context import DocContext
from nqpf.extract.regions import CHINA, regions_in
from nqpf.model import Organization

_ORG_WORD = (
    r"(?:Co\.?,? Ltd\.?|Co\.|Ltd\.?|Inc\.?|Corp\.?|Corporation|Company|Group|University|Institute|Academy|"
    r"Securities|Bank|Bureau|Ministry|Commission|Agency|Association|Federation|Council|Committee|Center|"
    r"Centre|School|Club|Administration|Office|Exchange|Fund|Motors|Automobile|Holdings|Technology|"
    r"Technologies|Robotics|Media|Daily|Times)"
)
_NAME = re.compile(
    rf"(?<![A-Za-z])(?P<name>(?:[A-Z][\w&'’.-]*|of|and|for|the|de)(?:\s+(?:[A-Z][\w&'’.-]*|of|and|for|the|de))*?"
    rf"\s+{_ORG_WORD})(?![a-z])"
)
# A sentence without any organisation word holds no name: tested first, as one literal alternation,
# since the name pattern tries every capitalised word of the sentence.
_ANY_ORG_WORD = re.compile(rf"\s{_ORG_WORD}(?![a-z])")
_BASED = re.compile(r"(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)-?based\s+(?:[a-z-]+\s+){0,3}$")


def extract_organizations(ctx: DocContext) -> list[Organization]:
    """Each organisation once, with its region when the text gives one."""
    out: dict[str, Organization] = {}
    for sf in ctx.sentences:
        if _ANY_ORG_WORD.search(sf.text) is None:
            continue
        for m in _NAME.finditer(sf.text):
            name = re.sub(r"^(?:(?:The|the|of|and|for|In|At|By|From|With|As)\s+)+", "", m.group("name")).strip()
            if len(name.split()) < 2 or name in out:
                continue
            region = _region(name, sf.text[: m.start()], sf.text[m.end():])
            start = sf.sentence.start + m.start() + m.group("name").find(name)
            out[name] = Organization(name, region, ctx.evidence(start, start + len(name)))
    return list(out.values())


def _region(name: str, before: str, after: str) -> str | None:
    inside = [r for r in regions_in(name) if r.code != CHINA]
    if inside:
        return inside[0].code
    based = _BASED.search(before)
    if based:
        found = [r for r in regions_in(based.group("place")) if r.code != CHINA]
        if found:
            return found[0].code
    near = re.match(r"^[^.;]{0,40}?\bin\s+(?P<place>[A-Z][\w'’]+(?:\s[A-Z][a-z]+)?)", after)
    if near:
        found = [r for r in regions_in(near.group("place")) if r.code != CHINA]
        if found:
            return found[0].code
    return None
