"""The canonical metric of a figure (``metrics.yaml``: stable IDs) and the industry it is about.

A figure keeps ``indicator`` in the text's words; ``metric`` makes figures comparable: the same
metric, region and year is the same quantity. The metric is chosen among those whose measure fits
the figure (an amount of money is a level, a percentage a growth rate or a share, a count a count)
by the metric's words nearest to the number: its own ("GDP growth", 研发投入强度) or, for a
growth rate or a share, its base metric's ("output value grew 12 percent" is ``output_value_growth``).
No words, or no fitting metric, give ``other``: honest, where a guess would be wrong.

The words of each language are matched by that language's grammar (``grammar/en/metrics.py``,
``grammar/zh/metrics.py``); this module decides which metric and industry they make.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from nqpf.data import load_yaml

OTHER = "other"
MONEY = frozenset(("CNY", "USD", "EUR", "HKD"))


@dataclass(frozen=True)
class Metric:
    id: str
    measure: str  # level | growth | share | change | count
    units: frozenset[str]
    takes_industry: bool
    words: dict[str, tuple[str, ...]]  # by language: en, zh


@cache
def load_metrics() -> dict[str, Metric]:
    """Every metric of the package's ``metrics.yaml`` by ID, in the file's order."""
    raw = load_yaml("metrics.yaml")
    out = {}
    for mid, spec in raw["metrics"].items():
        units = spec.get("unit", [])
        units = frozenset([units] if isinstance(units, str) else units)
        if units & {"CNY", "USD"}:
            units |= MONEY
        out[mid] = Metric(mid, spec["measure"], units, bool(spec.get("industry")),
                          {"en": tuple(spec.get("en", [])), "zh": tuple(spec.get("zh", []))})
    return out


@cache
def load_aggregates() -> dict[str, dict[str, tuple[str, ...]]]:
    """The industry aggregates a figure may be about (high-tech manufacturing, 战略性新兴产业, ...)."""
    raw = load_yaml("metrics.yaml")
    return {aid: {"en": tuple(spec.get("en", [])), "zh": tuple(spec.get("zh", []))}
            for aid, spec in raw.get("aggregates", {}).items()}


@cache
def words_of(language: str) -> dict[str, tuple[str, ...]]:
    """Every metric's and aggregate's word in ``language`` ("en", "zh"), lowercased, with the IDs it names."""
    keys: dict[str, list[str]] = {}
    for mid, metric in load_metrics().items():
        for word in metric.words[language]:
            keys.setdefault(word.lower(), []).append(mid)
    for aid, words in load_aggregates().items():
        for word in words[language]:
            keys.setdefault(word.lower(), []).append(aid)
    return {w: tuple(ids) for w, ids in keys.items()}


def lowered(text: str) -> str:
    """``text`` lowercased where that keeps every character's place (a few letters lowercase to two)."""
    low = text.lower()
    return low if len(low) == len(text) else text


@dataclass(frozen=True)
class WordHit:
    """A metric's (or aggregate's) word in the text a figure is read from."""

    key: str  # the metric or aggregate ID
    start: int
    end: int


def split_hits(found: list[tuple[tuple[str, ...], int, int]]) -> tuple[list[WordHit], list[WordHit]]:
    """(metric hits, aggregate hits) of the words found: (the IDs a word names, start, end) each."""
    aggregates = load_aggregates()
    metric_hits: list[WordHit] = []
    aggregate_hits: list[WordHit] = []
    for ids, start, end in found:
        for key in ids:
            (aggregate_hits if key in aggregates else metric_hits).append(WordHit(key, start, end))
    return metric_hits, aggregate_hits


@dataclass(frozen=True)
class FigureText:
    """What a figure's metric is read from: the sentence up to the number (``before``, its end at the
    number), the words after it up to the clause's end, and the grammar's reading of the number: a
    percentage's measure, and whether the sentence is about the economy as a whole or the clause
    names an industry as its subject ("the equipment manufacturing industry grew 9.1 percent")."""

    before: str
    after: str
    unit: str
    measure: str | None  # a percentage's: "growth", "share", "contribution" (to some growth), or None
    economy: bool = False
    industry_subject: bool = False


def placed(hits: list[WordHit], number: tuple[int, int], tail: tuple[int, int], *,
           beyond: bool = False) -> list[WordHit]:
    """Hits found in a whole sentence at their places in a figure's text (:class:`FigureText`): the
    sentence before the number (``number``'s start) as it is, then the tail (``tail``: its start and
    end in the sentence) right after it; a hit anywhere else is not in the figure's text, unless
    ``beyond`` keeps those after the tail too (in the same places after it as in the sentence)."""
    start, _ = number
    tail_start, tail_end = tail
    out = []
    for h in hits:
        if h.end <= start:
            out.append(h)
        elif tail_start <= h.start and (h.end <= tail_end or beyond):
            out.append(WordHit(h.key, h.start - tail_start + start, h.end - tail_start + start))
    return out


def _fits(metric: Metric, unit: str, measure: str | None) -> bool:
    if unit == "%":
        return metric.measure == (measure or "growth") and "%" in metric.units
    if unit in MONEY:
        return metric.measure == "level" and unit in metric.units
    if unit in ("count", "number"):
        return unit in metric.units or (unit == "number" and "count" in metric.units and metric.measure == "count")
    return unit in metric.units


# the share a level's words name when it is not "<level>_share": R&D spending as a share of GDP
_SHARE_OF = {"rd_expenditure": "rd_intensity"}
# metrics that are only ever about an industry's part of the economy: without one named, the text's
# "value added" is of a sector the taxonomy does not have (第二产业, the chemical industry)
_NEEDS_INDUSTRY = frozenset(("value_added", "value_added_growth", "value_added_share"))


def _related(metric: Metric, unit: str, measure: str | None, metrics: dict[str, Metric]) -> str | None:
    """The metric a word names for a figure it does not fit as it is: the growth rate or share of a
    level (``output_value`` for a percentage -> ``output_value_growth``), or the level of a growth rate
    (经济增速 for an amount of money -> ``gdp``)."""
    if unit == "%" and metric.measure in ("level", "count"):
        if measure == "share" and metric.id in _SHARE_OF:
            return _SHARE_OF[metric.id]
        derived = f"{metric.id}_{measure or 'growth'}"
        return derived if derived in metrics else None
    if unit != "%" and metric.measure == "growth" and metric.id.endswith("_growth"):
        base = metrics.get(metric.id.removesuffix("_growth"))
        return base.id if base is not None and _fits(base, unit, None) else None
    return None


def choose(text: FigureText, hits: list[WordHit]) -> str:
    """The metric of a figure from the metric words found in its text (positions in ``before`` +
    ``after``, after starting at ``len(before)``): the fitting one nearest to the number, the longer
    word first at equal distance. Without any metric word, a growth rate whose clause names an
    industry is of its value added, and one in a sentence about the economy is GDP growth (the
    statistics' conventions); else ``other``."""
    metrics = load_metrics()
    number = len(text.before)
    best: tuple[int, int, bool, str] | None = None
    for hit in hits:
        metric = metrics.get(hit.key)
        if metric is None:
            continue
        direct = _fits(metric, text.unit, text.measure)
        candidate = metric.id if direct else _related(metric, text.unit, text.measure, metrics)
        if candidate is None:
            continue
        distance = number - hit.end if hit.end <= number else hit.start - number
        rank = (max(distance, 0), -(hit.end - hit.start), not direct, candidate)
        if best is None or rank < best:
            best = rank
    if best:
        return best[3]
    if text.unit == "%" and text.measure == "share" and text.industry_subject:
        return "value_added_share"  # an industry's share of GDP or of industry is of its value added
    if not hits and text.unit == "%" and text.measure == "growth":
        if text.industry_subject:
            return "value_added_growth"
        if text.economy:
            return "gdp_growth"
    return OTHER


def choose_industry(metric: str, text: FigureText, aggregates: list[WordHit], industries: list[WordHit],
                    sentence_industries: list[str]) -> str | None:
    """The industry a metric that takes one (or ``other``) is about: an aggregate or taxonomy industry
    named in the figure's sentence, the nearest before the number first; else the sentence's only
    industry. None for a metric of the whole economy."""
    spec = load_metrics().get(metric)
    if metric != OTHER and (spec is None or not spec.takes_industry):
        return None
    number = len(text.before)
    named = [h for h in aggregates + industries if h.end <= number + 1]
    if named:
        return max(named, key=lambda h: (h.end, h.end - h.start)).key
    after = [h for h in aggregates + industries if h.start >= number]
    if after:
        return min(after, key=lambda h: h.start).key
    unique = list(dict.fromkeys(sentence_industries))
    return unique[0] if len(unique) == 1 else None


def decide(read: FigureText, unit: str, metric_hits: list[WordHit], aggregate_hits: list[WordHit],
           industries: list[WordHit], number: tuple[int, int], tail: tuple[int, int]) -> tuple[str, str | None]:
    """(metric, industry) of a figure in the unit it is stored in: :func:`choose`, then
    :func:`choose_industry` among the sentence's ``industries`` (at their places in the sentence,
    ``number`` and ``tail`` as for :func:`placed`)."""
    read = replace(read, unit=unit)
    metric = choose(read, metric_hits)
    industry = choose_industry(metric, read, aggregate_hits, placed(industries, number, tail, beyond=True),
                               [h.key for h in industries])
    if metric in _NEEDS_INDUSTRY and industry is None:
        return OTHER, None
    return metric, industry
