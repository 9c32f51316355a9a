"""Series of one metric across regions and years: what ``nqpf series`` and ``/api/series`` show.

A line is one (region, industry, kind, unit): a plan is never joined to an actual, nor yuan to
dollars. A point is one year of a line: the value most of its documents state (values within 0.5%
of each other are one value), how many documents state it, and how many different values the
documents give for it (more than one: a disagreement to look at, not to average away).
"""

from __future__ import annotations

from typing import Any

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.lookups import Row, where_equal

SAME_VALUE = 0.005  # relative: two figures this close state the same value


def _consolidated(values: list[tuple[float, int]]) -> tuple[float, int, int, int]:
    """(value most documents state, its documents, all documents, distinct values) of ``values``:
    (value, documents stating it) pairs, merged where they lie within ``SAME_VALUE`` of each other
    as :func:`same_value_groups` merges them; of groups stated equally often, the lowest.

    One pass over the sorted pairs instead of building the groups: a series over every region
    consolidates thousands of points."""
    best_total, shown = -1, 0.0
    anchor: float | None = None
    total = top_documents = everything = groups = 0
    top_value = 0.0
    for value, documents in sorted(values):
        if anchor is None or abs(value - anchor) > SAME_VALUE * max(abs(anchor), 1e-9):
            if anchor is not None and total > best_total:
                best_total, shown = total, top_value
            anchor, total, top_value, top_documents = value, 0, value, -1
            groups += 1
        total += documents
        everything += documents
        if documents > top_documents:
            top_value, top_documents = value, documents
    if total > best_total:
        best_total, shown = total, top_value
    return shown, best_total, everything, groups


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
    """Every conflict of :func:`conflicts_page` (same filters), in order."""
    return conflicts_page(con, metric=metric, region=region, industry=industry, spans=spans)[1]


def conflicts_page(con: duckdb.DuckDBPyConnection, *, metric: str | None = None, region: str | None = None,
                   industry: str | None = None, spans: bool = False, limit: int | None = None,
                   offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """(how many, the page from ``offset`` of at most ``limit``) of the facts that documents state
    with different values: the same region, metric, industry, year, kind and unit, values more than
    0.5% apart, one document's value not another's. Each ``{"region", "region_name", "metric",
    "industry", "year", "kind", "unit", "values": [{"value", "documents": [names], "evidence"}]}``,
    the value most documents state first; in order of region, metric, industry, kind, unit, year.
    ``other`` is no metric: figures under it are not one quantity. ``metric``, ``region`` and
    ``industry`` (the figures' own industry, exactly) narrow them; with ``spans`` each value also
    has ``"sentences": [{"document", "doc_id", "ev_start"}]``, one a document, for links to the sentence.

    Which facts conflict is decided from their values and document ids alone, in one aggregate;
    names, sentences and positions are read for the page's facts only."""
    where, params = where_equal(["f.metric IS NOT NULL", "f.metric <> 'other'", "f.year IS NOT NULL"], [],
                                **{"f.metric": metric or None, "f.region": region or None,
                                   "f.industry": industry or None})
    # The HAVING clause is the exact condition for values in two groups (see same_value_groups). Where
    # every document states one value, two groups are two documents disagreeing: the values are
    # read only for the facts where a document states several (most facts need no Python step).
    candidates = con.execute(f"""
        SELECT region, metric, industry, kind, unit, year,
               CASE WHEN count(*) > count(DISTINCT doc_id) THEN list(value) END,
               CASE WHEN count(*) > count(DISTINCT doc_id) THEN list(doc_id) END
        FROM figures f WHERE {where} GROUP BY ALL
        HAVING count(DISTINCT doc_id) > 1
           AND max(value) - min(value) > {SAME_VALUE} * greatest(abs(min(value)), 1e-9)
        ORDER BY region, metric, industry NULLS FIRST, kind, unit, year""", params).fetchall()
    keys = [key for *key, values, docs in candidates
            if values is None or _disagree(list(zip(values, docs, strict=True)))]
    chosen = keys[offset:offset + limit] if limit is not None else keys[offset:]
    return len(keys), _described(con, chosen, spans) if chosen else []


def _disagree(stated: list[tuple[float, str]]) -> bool:
    """Whether two of the value groups of ``stated`` ((value, doc_id) pairs) come from different
    documents: one document naming two things alike is no disagreement."""
    sources = [{doc for _, doc in g} for g in same_value_groups(stated)]
    return any(a.isdisjoint(b) for i, a in enumerate(sources) for b in sources[i + 1:])


def _described(con: duckdb.DuckDBPyConnection, keys: list[list], spans: bool) -> list[dict[str, Any]]:
    """The conflicts of ``keys`` ((region, metric, industry, kind, unit, year) lists) with their values,
    documents and sentences, in the order of ``keys``."""
    wanted = [dict(zip(("region", "metric", "industry", "kind", "unit", "year"), k, strict=True)) for k in keys]
    found = con.execute("""
        WITH k AS (SELECT unnest(?, recursive := true))
        SELECT f.region, r.name, f.metric, f.industry, f.kind, f.unit, f.year, f.value, d.name, min(f.evidence),
               d.id, arg_min(f.ev_start, f.evidence)
        FROM figures f JOIN k ON f.region = k.region AND f.metric = k.metric AND f.kind = k.kind
             AND f.year = k.year AND f.industry IS NOT DISTINCT FROM k.industry AND f.unit IS NOT DISTINCT FROM k.unit
        JOIN regions r ON r.code = f.region JOIN documents d ON d.id = f.doc_id
        GROUP BY ALL ORDER BY d.name""", [wanted]).fetchall()
    stated: dict[tuple, list[tuple[float, tuple[str, str, str, int]]]] = {}
    names: dict[str, str] = {}
    for region_code, name, metric_id, industry_, kind, unit, year, value, document, evidence, doc_id, start in found:
        names[region_code] = name
        key = (region_code, metric_id, industry_, kind, unit, year)
        stated.setdefault(key, []).append((value, (document, evidence, doc_id, start)))
    out = []
    for key in map(tuple, keys):
        region_code, metric_id, industry_, kind, unit, year = key
        groups = same_value_groups(stated[key])
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
