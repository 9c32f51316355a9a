"""Series of one metric across regions and years: what ``nqpf series`` and ``/api/series`` show.

A line is one (region, industry, kind, unit): a plan is never joined to an actual, nor yuan to
dollars. A point is one year of a line: the value most of its documents state (values within 0.5%
of each other are one value), how many documents state it, and how many different values the
documents give for it (more than one: a disagreement to look at, not to average away).
"""

from __future__ import annotations

from typing import Any

import duckdb

from nqpf.store.lookups import Row, where_equal

SAME_VALUE = 0.005  # relative: two figures this close state the same value


def _consolidated(values: list[tuple[float, int]]) -> tuple[float, int, int, int]:
    """(value most documents state, its documents, all documents, distinct values) of ``values``:
    (value, documents stating it) pairs, merged where they lie within ``SAME_VALUE`` of each other."""
    groups = same_value_groups(values)
    best = max(groups, key=lambda g: (sum(d for _, d in g), -g[0][0]))
    shown = max(best, key=lambda p: p[1])[0]
    return shown, sum(d for _, d in best), sum(d for g in groups for _, d in g), len(groups)


def series(con: duckdb.DuckDBPyConnection, metric: str, *, regions: list[str] | None = None,
           industry: str | None = None, kind: str | None = None) -> list[dict[str, Any]]:
    """The lines of ``metric``, each ``{"region", "region_name", "industry", "kind", "unit", "points"}``
    with points ``{"year", "value", "sources", "documents", "values"}`` in order of year; lines in
    order of region, industry, kind and unit. ``regions`` and ``industry`` (an ID or aggregate) and
    ``kind`` narrow them."""
    base, base_params = (["f.metric = ?", "f.year IS NOT NULL", "f.region IN (SELECT unnest(?))"],
                         [metric, regions]) if regions else (["f.metric = ?", "f.year IS NOT NULL"], [metric])
    where, params = where_equal(base, base_params, **{"f.industry": industry or None, "f.kind": kind or None})
    found = con.execute(f"""
        WITH v AS (SELECT f.region, f.industry, f.kind, f.unit, f.year, f.value, count(DISTINCT f.doc_id) AS documents
                   FROM figures f WHERE {where} GROUP BY ALL)
        SELECT region, industry, kind, unit, year, list(value), list(documents)
        FROM v GROUP BY ALL ORDER BY region, industry NULLS FIRST, kind, unit, year""", params).fetchall()
    names = dict(con.execute("SELECT code, name FROM regions WHERE code IN (SELECT unnest(?))",
                             [list({r[0] for r in found})]).fetchall()) if found else {}
    lines: dict[tuple, dict[str, Any]] = {}
    for region, industry, kind, unit, year, values, documents in found:
        line = lines.get((region, industry, kind, unit))
        if line is None:
            line = lines[(region, industry, kind, unit)] = {"region": region, "region_name": names.get(region),
                                                             "industry": industry, "kind": kind, "unit": unit,
                                                             "points": []}
        if len(values) == 1:  # most years: one value, nothing to weigh
            value, sources, stated, distinct = values[0], documents[0], documents[0], 1
        else:
            value, sources, stated, distinct = _consolidated(list(zip(values, documents, strict=True)))
        line["points"].append({"year": year, "value": value, "sources": sources, "documents": stated,
                               "values": distinct})
    return list(lines.values())


def series_rows(lines: list[dict[str, Any]]) -> list[Row]:
    """The lines as one row a point (for CSV and for a long table)."""
    return [{**{k: v for k, v in line.items() if k != "points"}, **point} for line in lines for point in line["points"]]


def series_table(lines: list[dict[str, Any]]) -> list[Row]:
    """The lines as a region × year table: a row a line (its region, and its industry, kind and unit
    where the lines differ in them), a cell a year's (value, unit, documents stating it, values given)."""
    differ = [k for k in ("industry", "kind", "unit") if len({str(line[k]) for line in lines}) > 1]
    years = sorted({p["year"] for line in lines for p in line["points"]})
    table = []
    for line in lines:
        row: Row = {"region": line["region_name"], **{k: line[k] for k in differ}}
        row.update({str(year): None for year in years})
        for p in line["points"]:
            row[str(p["year"])] = (p["value"], line["unit"], p["sources"], p["values"])
        table.append(row)
    return table


def same_value_groups(values: list[tuple[float, Any]]) -> list[list[tuple[float, Any]]]:
    """``values`` ((value, payload) pairs) in groups of values within ``SAME_VALUE`` of each other."""
    groups: list[list[tuple[float, Any]]] = []
    for value, payload in sorted(values, key=lambda p: p[0]):
        if groups and abs(value - groups[-1][0][0]) <= SAME_VALUE * max(abs(groups[-1][0][0]), 1e-9):
            groups[-1].append((value, payload))
        else:
            groups.append([(value, payload)])
    return groups


def conflicts(con: duckdb.DuckDBPyConnection, *, metric: str | None = None, region: str | None = None,
              industry: str | None = None, spans: bool = False) -> list[dict[str, Any]]:
    """The facts that documents state with different values: the same region, metric, industry, year,
    kind and unit, values more than 0.5% apart, one document's value not another's. Each
    ``{"region", "region_name", "metric", "industry", "year", "kind", "unit", "values": [{"value",
    "documents": [names], "evidence"}]}``, the value most documents state first. ``other`` is no
    metric: figures under it are not one quantity. ``metric``, ``region`` and ``industry`` (the
    figures' own industry, exactly) narrow them; with ``spans`` each value also has ``"sentences":
    [{"document", "doc_id", "ev_start"}]``, one a document, for links to the sentence."""
    where, params = where_equal(["f.metric IS NOT NULL", "f.metric <> 'other'", "f.year IS NOT NULL"], [],
                                **{"f.metric": metric or None, "f.region": region or None,
                                   "f.industry": industry or None})
    found = con.execute(f"""
        WITH k AS (SELECT region, metric, industry, kind, unit, year FROM figures f WHERE {where}
                   GROUP BY ALL HAVING max(value) > min(value))
        SELECT f.region, r.name, f.metric, f.industry, f.kind, f.unit, f.year, f.value, d.name, min(f.evidence),
               d.id, arg_min(f.ev_start, f.evidence)
        FROM figures f JOIN k ON f.region = k.region AND f.metric = k.metric AND f.kind = k.kind
             AND f.year = k.year AND f.industry IS NOT DISTINCT FROM k.industry AND f.unit IS NOT DISTINCT FROM k.unit
        JOIN regions r ON r.code = f.region JOIN documents d ON d.id = f.doc_id
        WHERE {where}
        GROUP BY ALL ORDER BY f.region, f.metric, f.industry NULLS FIRST, f.kind, f.unit, f.year, d.name""",
                        params * 2).fetchall()  # the conditions twice: in k, and on the rows joined to it
    stated: dict[tuple, list[tuple[float, tuple[str, str, str, int]]]] = {}
    names: dict[str, str] = {}
    for region_code, name, metric_id, industry_, kind, unit, year, value, document, evidence, doc_id, start in found:
        names[region_code] = name
        key = (region_code, metric_id, industry_, kind, unit, year)
        stated.setdefault(key, []).append((value, (document, evidence, doc_id, start)))
    out = []
    for (region_code, metric_id, industry_, kind, unit, year), values in stated.items():
        groups = same_value_groups(values)
        sources = [{p[0] for _, p in g} for g in groups]
        if not any(a.isdisjoint(b) for i, a in enumerate(sources) for b in sources[i + 1:]):
            continue  # one value (within 0.5%), or two things one document names alike: no disagreement
        groups.sort(key=lambda g: (-len({p[0] for _, p in g}), g[0][0]))
        conflict = {"region": region_code, "region_name": names[region_code], "metric": metric_id,
                    "industry": industry_, "year": year, "kind": kind, "unit": unit,
                    "values": [{"value": g[0][0], "documents": sorted({p[0] for _, p in g}),
                                "evidence": g[0][1][1]} for g in groups]}
        if spans:
            for shown, g in zip(conflict["values"], groups, strict=True):
                shown["sentences"] = _first_sentences([p for _, p in g])
        out.append(conflict)
    return out


def _first_sentences(stated: list[tuple[str, str, str, int]]) -> list[dict[str, Any]]:
    """Each document of ``stated`` ((name, evidence, doc_id, ev_start) tuples) once, with its first
    sentence, in order of name."""
    first: dict[str, tuple[str, str, str, int]] = {}
    for s in stated:
        if s[0] not in first or s[3] < first[s[0]][3]:
            first[s[0]] = s
    return [{"document": name, "doc_id": first[name][2], "ev_start": first[name][3]} for name in sorted(first)]


def series_metrics(con: duckdb.DuckDBPyConnection, *, industry: str) -> list[str]:
    """The metrics of the dated figures about ``industry`` (the figures' own industry, exactly), the
    metric with the most figures first: which :func:`series` an industry's page draws."""
    return [r[0] for r in con.execute("""
        SELECT metric FROM figures
        WHERE industry = ? AND metric IS NOT NULL AND metric <> 'other' AND year IS NOT NULL
        GROUP BY metric ORDER BY count(*) DESC, metric""", [industry]).fetchall()]
