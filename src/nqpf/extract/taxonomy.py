"""The industry taxonomy (stable IDs from ``industries.yaml``): its industries and named groups, and
``IndustryMatch``, the value both language grammars give for an industry named in a text.

The matching is per language (``grammar/en/industries.py`` reads word n-grams,
``grammar/zh/industries.py`` runs of Chinese characters), and ``industries.py`` merges the two;
the grammars read the taxonomy from here, which imports neither of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from nqpf.data import load_yaml


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
    raw = load_yaml("industries.yaml")
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
    raw = load_yaml("industries.yaml")
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
