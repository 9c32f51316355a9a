"""Figures stored in the database as a panel for the index.

A framework's ``from_db`` rules say which stored figures may stand in for which of its inputs:
``{input: rd_intensity, metric: rd_intensity, unit: "%"}`` (a canonical metric of
``metrics.yaml``, optionally ``industry: [...]`` for the subjects it may be about; without it the
figure must be about the whole economy), or, for hand-made frameworks, ``pattern:`` a regex over
the figure's indicator words. Only actual figures of a province with a year count; a city is never
summed into its province.

Several documents may state one value (a region, input and year): values within 0.5% of each other
are one value, the value most documents state wins (ties: the latest document), and every value
keeps the documents that state it, so the index can say which of its numbers came from text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from nqpf.composite.framework import Framework
from nqpf.composite.panel import COLUMNS
from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.series import same_value_groups

TEXT_COLUMNS = [*COLUMNS, "input", "documents", "sources"]
_PROVINCE = "__0000"  # LIKE pattern of a province code


@dataclass(frozen=True)
class Rule:
    input: str
    indicator: str  # the panel indicator the value fills: the input's column, or the input's own name
    unit: str | None
    metric: str | None = None
    industries: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None


def rules(framework: Framework) -> list[Rule]:
    """The framework's ``from_db`` rules, checked: an input, a metric or an industry the rule names
    that does not exist is an error naming the rule."""
    from nqpf.lookup import resolve_metric, resolve_subject

    if not framework.from_db:
        raise NqpfError(f"{framework.source}: the framework has no from_db rules mapping stored figures to "
                        "its inputs")
    columns = {i.column for i in framework.indicators if i.column}
    out = []
    for raw in framework.from_db:
        name = raw.get("input") if isinstance(raw, dict) else None
        where = f"{framework.source}: from_db rule for input {name}"
        if not name:
            raise NqpfError(f"{framework.source}: every from_db rule needs an 'input'")
        if name not in framework.inputs and name not in columns:
            raise NqpfError(f"{where}: the framework has no input or indicator column {name}")
        if ("metric" in raw) == ("pattern" in raw):
            raise NqpfError(f"{where}: give exactly one of 'metric' or 'pattern'")
        spec = framework.inputs.get(name, {})
        indicator = spec.get("column", name)
        unit = raw.get("unit")
        try:
            if "pattern" in raw:
                out.append(Rule(name, indicator, unit, pattern=re.compile(str(raw["pattern"]), re.I)))
                continue
            metric = resolve_metric(str(raw["metric"]))
            wanted = raw.get("industry") or []
            industries = tuple(resolve_subject(str(i)) for i in ([wanted] if isinstance(wanted, str) else wanted))
        except NqpfError as err:
            raise NqpfError(f"{where}: {err}") from None
        except re.error as err:
            raise NqpfError(f"{where}: pattern is not a valid regex ({err})") from None
        out.append(Rule(name, indicator, unit, metric=metric, industries=industries))
    return out


def read_figures(con: duckdb.DuckDBPyConnection, framework: Framework) -> pd.DataFrame:
    """The stored figures that the framework's rules map to its inputs, as a long panel with the
    framework input it fills, and the documents (ids) and sources (URLs or paths) that state it
    (``TEXT_COLUMNS``)."""
    found: dict[tuple[str, int, str, str], list[tuple[float, tuple[str, str, str]]]] = {}
    units: dict[str, str] = {}
    for rule in rules(framework):
        for region, year, value, unit, doc_id, source, published, indicator in _stored(con, rule):
            if rule.pattern is not None and not rule.pattern.search(indicator or ""):
                continue
            key = (region, int(year), rule.indicator, rule.input)
            found.setdefault(key, []).append((float(value), (doc_id, source, published or "")))
            units[rule.indicator] = unit
    rows = []
    for (region, year, indicator, name), values in sorted(found.items()):
        best = max(same_value_groups(values),
                   key=lambda g: (len({doc for _, (doc, _, _) in g}), max(p for _, (_, _, p) in g)))
        stated = pd.Series([v for v, _ in best]).mode()
        rows.append((region, year, indicator, float(stated.iloc[0]), units[indicator], name,
                     sorted({doc for _, (doc, _, _) in best}), sorted({src for _, (_, src, _) in best if src})))
    return pd.DataFrame(rows, columns=TEXT_COLUMNS)


def _stored(con: duckdb.DuckDBPyConnection, rule: Rule) -> list[tuple]:
    where = ["f.kind = 'actual'", "f.year IS NOT NULL", "f.value IS NOT NULL", f"f.region LIKE '{_PROVINCE}'"]
    params: list = []
    if rule.unit:
        where.append("f.unit = ?")
        params.append(rule.unit)
    if rule.metric is not None:
        where.append("f.metric = ?")
        params.append(rule.metric)
        if rule.industries:
            where.append("f.industry IN (SELECT unnest(?))")
            params.append(list(rule.industries))
        else:
            where.append("f.industry IS NULL")
    return con.execute(f"""
        SELECT f.region, f.year, f.value, f.unit, f.doc_id, coalesce(d.url, d.source, d.name), d.published,
               f.indicator
        FROM figures f JOIN documents d ON d.id = f.doc_id
        WHERE {' AND '.join(where)}""", params).fetchall()


def extend(panel: pd.DataFrame, text: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The yearbook ``panel`` with the text's values of each indicator for the years after the
    panel's last one of it, and those values (the ones the index takes from text)."""
    last = panel.groupby("indicator")["year"].max()
    after = text["indicator"].map(last)
    newer = text[after.isna() | (text["year"] > after)]
    return pd.concat([panel, newer[COLUMNS]], ignore_index=True), newer.reset_index(drop=True)
