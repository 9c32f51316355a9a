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


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, str]]:
    # One alternation, longest forms first, so "new energy storage" wins over "new energy" and
    # "new energy vehicle" over both. Acronyms match case-sensitively ("AI", "ICs"), words do not.
    surface: dict[str, str] = {}
    for ind in load_industries().values():
        names = {*ind.aliases, ind.en} if ind.is_sector else set(ind.aliases)
        for alias in names:
            for form in _variants(alias):
                key = form if _is_acronym(form) else form.lower()
                # a leaf's alias never yields to its own sector's ("battery" stays power_batteries)
                surface.setdefault(key, ind.id)
    parts = []
    for key in sorted(surface, key=len, reverse=True):
        body = re.escape(key).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        parts.append(body if _is_acronym(key) else "(?i:" + body + ")")
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")
    return pattern, surface


def find_industries(text: str) -> list[IndustryMatch]:
    """Every taxonomy alias in ``text`` with its span, most specific (longest) match first."""
    pattern, surface = _matcher()
    out = []
    for m in pattern.finditer(text):
        raw = m.group(0)
        norm = re.sub(r"[\s-]+", " ", raw)
        industry = None
        for key in (raw, norm, raw.lower(), norm.lower()):
            if key in surface:
                industry = surface[key]
                break
        if industry is None:
            industry = _resolve_loose(raw, surface)
        if industry:
            out.append(IndustryMatch(m.start(), m.end(), industry, raw))
    return out


def _resolve_loose(raw: str, surface: dict[str, str]) -> str | None:
    squash = re.sub(r"[\s-]+", "", raw.lower())
    for key, ind in surface.items():
        if re.sub(r"[\s-]+", "", key.lower()) == squash:
            return ind
    return None
