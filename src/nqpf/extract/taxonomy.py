"""The industry taxonomy (stable IDs from ``industries.yaml``) and its alias matcher.

The matching itself is per language: ``grammar/en/industries.py`` reads word n-grams,
``grammar/zh/industries.py`` reads runs of Chinese characters; both give ``IndustryMatch``.
"""

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
    zh_aliases: tuple[str, ...] = ()  # Chinese phrasings besides ``zh`` (医疗器械 for 高端医疗器械)

    @property
    def is_sector(self) -> bool:
        return self.id == self.sector


@dataclass(frozen=True)
class IndustryMatch:
    start: int
    end: int
    industry: str
    text: str


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
                tuple(str(a) for a in sector.get("aliases", [])), tuple(str(a) for a in sector.get("zh_aliases", [])),
            )
            for leaf_id, leaf in (sector.get("leaves") or {}).items():
                leaf_id = str(leaf_id)
                aliases = tuple(str(a) for a in leaf.get("aliases", []))
                out[leaf_id] = Industry(
                    leaf_id, stage, sector_id, leaf.get("zh", ""), aliases[0] if aliases else leaf_id, aliases,
                    tuple(str(a) for a in leaf.get("zh_aliases", [])),
                )
    return out


@dataclass(frozen=True)
class IndustryGroup:
    """A fixed name for several industries at once ("the new three": NEVs, batteries, solar)."""

    id: str
    members: tuple[str, ...]
    aliases: tuple[str, ...]
    zh_aliases: tuple[str, ...]


@cache
def load_groups() -> tuple[IndustryGroup, ...]:
    """The named groups of ``industries.yaml`` (``groups:``), each member a taxonomy ID."""
    raw = yaml.safe_load(files("nqpf.data").joinpath("industries.yaml").read_text(encoding="utf-8"))
    industries = load_industries()
    out = []
    for group_id, group in (raw.get("groups") or {}).items():
        members = tuple(str(m) for m in group["members"])
        unknown = [m for m in members if m not in industries]
        if unknown:
            raise ValueError(f"industry group {group_id}: unknown members {unknown}")
        out.append(IndustryGroup(str(group_id), members, tuple(str(a) for a in group.get("aliases", [])),
                                 tuple(str(a) for a in group.get("zh_aliases", []))))
    return tuple(out)


def lookup_industry(name: str) -> list[Industry]:
    """Industries whose ID, English alias or Chinese name equals ``name`` (case-insensitive)."""
    key = name.strip().lower().replace("-", "_")
    industries = load_industries()
    if key in industries:
        return [industries[key]]
    folded = name.strip().lower()
    exact = [
        ind for ind in industries.values()
        if folded == ind.zh or any(folded == a.lower() for a in ind.aliases)
    ]
    return exact or [ind for ind in industries.values() if folded in ind.zh_aliases]


@cache
def _generics() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{industry: (its generic words, lower-cased; the narrower industries they yield to)}."""
    raw = yaml.safe_load(files("nqpf.data").joinpath("industry_generics.yaml").read_text(encoding="utf-8"))
    return {str(k): (frozenset(str(w).lower() for w in v["generic"]), frozenset(map(str, v["narrower"])))
            for k, v in raw.items()}


# "medical, collaborative and logistics robotics": a generic word after a list of kinds names those kinds
_KINDS_LISTED_BEFORE = re.compile(r"(?:,|\band\b|\bor\b|、|和|及)\s*[\w-]+\s*$")


def narrowed(matches: list[IndustryMatch], text: str) -> list[IndustryMatch]:
    """One sentence's industry matches (offsets into ``text``) without the generic words that a
    narrower industry named in the same sentence accounts for ("humanoid-robot products ... the
    zone's robotics ecosystem": humanoid robots only)."""
    generics = _generics()
    if len(matches) < 2 or not any(m.industry in generics for m in matches):
        return matches
    named = {m.industry for m in matches}
    return [m for m in matches
            if not (m.industry in generics and m.text.lower() in generics[m.industry][0]
                    and named & generics[m.industry][1]
                    and not _KINDS_LISTED_BEFORE.search(text, max(0, m.start - 30), m.start))]


def find_industries(text: str) -> list[IndustryMatch]:
    """Every taxonomy alias in ``text`` with its span, the longest (most specific) match winning."""
    from nqpf.extract.grammar.en import industries as en
    from nqpf.extract.grammar.zh import industries as zh

    out = en.find(text)
    chinese = zh.find(text)
    if chinese:
        out = sorted(out + chinese, key=lambda m: m.start)
    return out
