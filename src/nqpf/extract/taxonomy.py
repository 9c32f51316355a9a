"""The industry taxonomy (stable IDs from ``industries.yaml``) and its alias matcher."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class Industry:
    id: str
    stage: str  # emerging | future
    sector: str  # the sector ID; equals ``id`` for a sector itself
    zh: str
    en: str
    aliases: tuple[str, ...]

    @property
    def is_sector(self) -> bool:
        return self.id == self.sector


@cache
def load_industries() -> dict[str, Industry]:
    """Every sector and leaf of the shipped taxonomy, keyed by ID."""
    raw = yaml.safe_load(files("nqpf.data").joinpath("industries.yaml").read_text(encoding="utf-8"))
    out: dict[str, Industry] = {}
    for stage, sectors in raw["stages"].items():
        for sector_id, sector in sectors.items():
            sector_id = str(sector_id)
            out[sector_id] = Industry(
                sector_id, stage, sector_id, sector.get("zh", ""), sector.get("en", sector_id),
                tuple(str(a) for a in sector.get("aliases", [])),
            )
            for leaf_id, leaf in (sector.get("leaves") or {}).items():
                leaf_id = str(leaf_id)
                aliases = tuple(str(a) for a in leaf.get("aliases", []))
                out[leaf_id] = Industry(
                    leaf_id, stage, sector_id, leaf.get("zh", ""), aliases[0] if aliases else leaf_id, aliases
                )
    return out


def lookup_industry(name: str) -> list[Industry]:
    """Industries whose ID, English alias or Chinese name equals ``name`` (case-insensitive)."""
    key = name.strip().lower().replace("-", "_")
    industries = load_industries()
    if key in industries:
        return [industries[key]]
    folded = name.strip().lower()
    return [
        ind for ind in industries.values()
        if folded == ind.zh or any(folded == a.lower() for a in ind.aliases)
    ]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _variants(alias: str) -> set[str]:
    """Surface forms of an alias: as listed, singular/plural, hyphen or space between words."""
    forms = {alias}
    if not _is_acronym(alias):
        words = alias.split(" ")
        last = words[-1]
        if last.endswith("ies") and len(last) > 4:
            forms.add(" ".join([*words[:-1], last[:-3] + "y"]))
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            forms.add(" ".join([*words[:-1], last[:-1]]))
        elif last[-1:].isalpha() and not last.endswith(("y", "s")):
            forms.add(" ".join([*words[:-1], last + "s"]))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
        if " " in form:
            forms.add(form.replace(" ", "-", 1))
    return forms


@dataclass(frozen=True)
class IndustryMatch:
    start: int
    end: int
    industry: str
    text: str


# Aliases are looked up as word n-grams in dictionaries rather than with one big regex
# alternation: with ~400 surface forms the alternation cost ~8 ms a document, the lookup ~0.5 ms.
_TOKEN = re.compile(r"[A-Za-z0-9]+\+?")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _key(form: str) -> str:
    return " ".join(_TOKEN.findall(form))


@cache
def _lexicon() -> tuple[dict[str, str], dict[str, str], dict[str, int], re.Pattern[str] | None]:
    """(case-folded word forms, case-sensitive acronyms, longest form by first word, Chinese pattern)."""
    words: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    chinese: dict[str, str] = {}
    for ind in load_industries().values():
        names = {*ind.aliases, ind.en} if ind.is_sector else set(ind.aliases)
        for alias in names:
            for form in _variants(alias):
                key = _key(form)
                if not key:
                    continue
                if _is_acronym(form):
                    acronyms.setdefault(key, ind.id)
                else:
                    # a leaf's alias never yields to its own sector's ("battery" stays power_batteries)
                    words.setdefault(key.lower(), ind.id)
                    if " " in key:
                        words.setdefault(key.lower().replace(" ", ""), ind.id)
        if ind.zh and _CJK.search(ind.zh):
            chinese.setdefault(ind.zh, ind.id)
            short = re.sub(r"(?:产业|业)$", "", ind.zh)  # 新能源汽车产业 is written 新能源汽车 as often
            if len(short) >= 2:
                chinese.setdefault(short, ind.id)
    longest: dict[str, int] = {}
    for key in [*words, *acronyms]:
        parts = key.split()
        for first in {parts[0], parts[0].lower()}:
            longest[first] = max(longest.get(first, 0), len(parts))
    zh = re.compile("|".join(re.escape(k) for k in sorted(chinese, key=len, reverse=True))) if chinese else None
    return words, acronyms, longest, zh


def find_industries(text: str) -> list[IndustryMatch]:
    """Every taxonomy alias in ``text`` with its span, the longest (most specific) match winning."""
    words, acronyms, longest, zh = _lexicon()
    tokens = list(_TOKEN.finditer(text))
    raws = [t.group(0) for t in tokens]
    # joined[k]: token k and k+1 are one phrase (only a space or a hyphen between them)
    joined = [text[a.end():b.start()] in (" ", "-") for a, b in zip(tokens, tokens[1:], strict=False)]
    out: list[IndustryMatch] = []
    i = 0
    while i < len(tokens):
        first = tokens[i]
        most = max(longest.get(raws[i], 0), longest.get(raws[i].lower(), 0))
        if not most or (first.start() and text[first.start() - 1] in "-_"):
            i += 1
            continue
        reach = 1
        while reach < most and i + reach < len(tokens) and joined[i + reach - 1]:
            reach += 1
        hit = None
        span = 1
        for n in range(reach, 0, -1):
            raw = " ".join(raws[i:i + n])
            hit = acronyms.get(raw) or words.get(raw.lower())
            if hit:
                span = n
                break
        if hit:
            last = tokens[i + span - 1]
            out.append(IndustryMatch(first.start(), last.end(), hit, text[first.start():last.end()]))
        i += span
    if zh is not None and _CJK.search(text):
        for m in zh.finditer(text):
            out.append(IndustryMatch(m.start(), m.end(), _zh_id(m.group(0)), m.group(0)))
        out.sort(key=lambda x: x.start)
    return out


@cache
def _zh_ids() -> dict[str, str]:
    ids: dict[str, str] = {}
    for ind in load_industries().values():
        if ind.zh:
            ids.setdefault(ind.zh, ind.id)
            ids.setdefault(re.sub(r"(?:产业|业)$", "", ind.zh), ind.id)
    return ids


def _zh_id(name: str) -> str:
    return _zh_ids()[name]
