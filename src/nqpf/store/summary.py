"""A region's summary, what its page and ``nqpf region`` open with (and an industry's latest figures, for
its page and ``nqpf industry``): each industry it prioritises once
(stage, first and latest year, documents, corroboration), and the latest value of each metric with
the value of the year before it. A province's summary includes its cities' and counties' facts, each
row labelled with the region it is about (a city's facts are never added into the province's).
"""

from __future__ import annotations

import duckdb

from nqpf.store.lookups import Row, name_documents, rows, sources_join

# the region and the divisions under it (a province's cities and their counties; a city's counties)
_WITHIN = """(SELECT code FROM regions WHERE code = $code OR parent = $code
              OR parent IN (SELECT code FROM regions WHERE parent = $code))"""


def priority_summary(con: duckdb.DuckDBPyConnection, code: str) -> list[Row]:
    """One row per (region, industry) of ``code`` and the regions under it: ``region``, ``region_name``,
    ``industry``, ``name`` (the industry's), ``stage``, ``first_year``, ``latest_year``, ``documents`` and
    ``corroboration`` (the most independent sources any of its sentences has); the region's own first,
    most documents first."""
    return rows(con, f"""
        SELECT p.region, r.name AS region_name, p.industry, coalesce(i.name, '') AS name,
               any_value(p.stage) AS stage, min(p.year) AS first_year, max(p.year) AS latest_year,
               count(DISTINCT p.doc_id) AS documents, max(coalesce(p.corroboration, s.sources)) AS corroboration
        FROM priorities p JOIN regions r ON r.code = p.region LEFT JOIN industries i ON i.id = p.industry
        {sources_join("priorities", "p")}
        WHERE p.region IN {_WITHIN}
        GROUP BY p.region, r.name, p.industry, i.name
        ORDER BY p.region <> $code, documents DESC, latest_year DESC NULLS LAST, p.industry, p.region""",
                {"code": code})


def metric_summary(con: duckdb.DuckDBPyConnection, code: str) -> list[Row]:
    """The latest year of each line (region, metric, industry, kind, unit) of ``code`` and the regions
    under it: ``value`` (the value most documents state that year; the smaller at a tie), ``year``,
    ``documents``, the year before it with a value (``previous_year``, ``previous_value``) and
    ``trend`` ('up', 'down', 'same' or None), and the sentence of the latest value (``doc_id``,
    ``ev_start``, ``evidence``, ``document``). Figures without a canonical metric or year are left out."""
    return _latest(con, f"f.region IN {_WITHIN}", "l.region <> $code, l.region, l.metric", {"code": code})


def industry_metric_summary(con: duckdb.DuckDBPyConnection, industries: list[str]) -> list[Row]:
    """:func:`metric_summary` of the figures about one of ``industries`` (an industry, or a sector's
    leaves), in every region: a line per region, metric, industry, kind and unit."""
    return _latest(con, "f.industry IN (SELECT unnest($industries))", "l.metric, l.region",
                   {"industries": industries})


def _latest(con: duckdb.DuckDBPyConnection, where: str, order: str, params: dict) -> list[Row]:
    # the sentence of a value: its first in the first document stating it, found by one join of the
    # latest lines with the figures (a lateral lookup a line, or carrying every sentence through the
    # aggregate, costs twice the whole query)
    found = rows(con, f"""
        WITH v AS (
            SELECT f.region, f.metric, f.industry, f.kind, f.unit, f.year, f.value,
                   count(DISTINCT f.doc_id) AS documents, min(f.doc_id) AS doc_id
            FROM figures f
            WHERE {where} AND f.year IS NOT NULL AND f.metric IS NOT NULL AND f.metric <> 'other'
            GROUP BY ALL),
        p AS (SELECT * FROM v QUALIFY row_number() OVER (
                PARTITION BY region, metric, industry, kind, unit, year ORDER BY documents DESC, value) = 1),
        l AS (SELECT *, lead(year) OVER w AS previous_year, lead(value) OVER w AS previous_value,
                     row_number() OVER w AS recency
              FROM p WINDOW w AS (PARTITION BY region, metric, industry, kind, unit ORDER BY year DESC))
        SELECT l.region, r.name AS region_name, l.metric, l.industry, l.kind, l.unit, l.year, l.value, l.documents,
               l.previous_year, l.previous_value, l.doc_id, s.ev_start, s.evidence, NULL AS document
        FROM l JOIN regions r ON r.code = l.region
        JOIN (SELECT f.doc_id, f.region, f.metric, f.industry, f.kind, f.unit, f.year, f.value,
                     min(f.ev_start) AS ev_start, arg_min(f.evidence, f.ev_start) AS evidence
              FROM figures f WHERE {where} GROUP BY ALL) s
          ON s.doc_id = l.doc_id AND s.region = l.region AND s.metric = l.metric AND s.year = l.year
             AND s.value = l.value AND s.kind IS NOT DISTINCT FROM l.kind AND s.unit IS NOT DISTINCT FROM l.unit
             AND s.industry IS NOT DISTINCT FROM l.industry
        WHERE l.recency = 1
        ORDER BY {order}, l.industry NULLS FIRST, l.kind, l.unit, l.region""", params)
    for r in found:
        before = r["previous_value"]
        r["trend"] = None if before is None else "up" if r["value"] > before else \
            "down" if r["value"] < before else "same"
    name_documents(con, found)
    return found


def city_facts(con: duckdb.DuckDBPyConnection, code: str, kind: str, *, limit: int) -> tuple[int, list[Row]]:
    """(total, first ``limit``) of the priorities or figures of the regions under ``code`` (its
    cities and counties), each with ``region`` and ``region_name``, latest first."""
    if kind not in ("priorities", "figures"):
        raise ValueError(f"kind must be 'priorities' or 'figures', not {kind!r}")
    columns = "t.industry, t.stage, t.year" if kind == "priorities" else \
        "t.indicator, t.metric, t.industry, t.value, t.unit, t.year, t.kind"
    under = _WITHIN + " AND t.region <> $code"
    total = con.execute(f"SELECT count(*) FROM {kind} t WHERE t.region IN {under}", {"code": code}).fetchone()[0]
    found = rows(con, f"""
        SELECT t.region, r.name AS region_name, {columns}, coalesce(t.corroboration, s.sources) AS corroboration,
               NULL AS document, t.doc_id, t.ev_start, t.evidence
        FROM {kind} t JOIN regions r ON r.code = t.region {sources_join(kind)}
        WHERE t.region IN {under}
        ORDER BY t.year DESC NULLS LAST, t.region, t.rowid LIMIT {int(limit)}""", {"code": code}) if total else []
    name_documents(con, found)
    return total, found
