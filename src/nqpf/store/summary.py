"""A region's summary, what its page and ``nqpf region`` open with (and an industry's latest figures, for
its page and ``nqpf industry``): each industry it prioritises once
(stage, first and latest year, documents, corroboration), and the latest value of each metric with
the value of the year before it. A province's summary includes its cities' and counties' facts, each
row labelled with the region it is about (a city's facts are never added into the province's).
"""

from __future__ import annotations

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.lookups import Row, among_texts, name_documents, rows, sources_join, texts

# the region and the divisions under it (a province's cities and their counties; a city's counties)
_WITHIN = """(SELECT code FROM regions WHERE code = $code OR parent = $code
              OR parent IN (SELECT code FROM regions WHERE parent = $code))"""


def priority_summary(con: duckdb.DuckDBPyConnection, code: str) -> list[Row]:
    """One row per (region, industry) of ``code`` and the regions under it: ``region``, ``region_name``,
    ``industry``, ``name`` (the industry's), ``stage``, ``first_year``, ``latest_year``, ``documents`` and
    ``corroboration`` (the most independent sources any of its sentences has); the region's own first,
    most documents first."""
    # documents counted from one row a document (region, industry, document): DuckDB plans a
    # count(DISTINCT) with a second pass over the rows, a third of this query's time
    return rows(con, f"""
        WITH d AS (
            SELECT p.region, p.industry, any_value(p.stage) AS stage, min(p.year) AS first_year,
                   max(p.year) AS latest_year, max(coalesce(p.corroboration, s.sources)) AS corroboration
            FROM priorities p {sources_join("priorities", "p")}
            WHERE p.region IN {_WITHIN}
            GROUP BY p.region, p.industry, p.doc_id)
        SELECT d.region, r.name AS region_name, d.industry, coalesce(i.name, '') AS name,
               any_value(d.stage) AS stage, min(d.first_year) AS first_year, max(d.latest_year) AS latest_year,
               count(*) AS documents, max(d.corroboration) AS corroboration
        FROM d JOIN regions r ON r.code = d.region LEFT JOIN industries i ON i.id = d.industry
        GROUP BY d.region, r.name, d.industry, i.name
        ORDER BY d.region <> $code, documents DESC, latest_year DESC NULLS LAST, d.industry, d.region""",
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
    return _latest(con, f"f.industry IN {among_texts('$industries')}", "l.metric, l.region",
                   {"industries": texts(industries)})


def _latest(con: duckdb.DuckDBPyConnection, where: str, order: str, params: dict) -> list[Row]:
    # one row a document and value (d), its first sentence carried up to the value's lines (v): the
    # sentence of a value is its first in the first document stating it. Counting documents with a
    # count(DISTINCT), and finding the sentence by a second pass over the figures, cost a fifth more
    found = rows(con, f"""
        WITH d AS (
            SELECT f.region, f.metric, f.industry, f.kind, f.unit, f.year, f.value, f.doc_id,
                   min(f.ev_start) AS ev_start, arg_min(f.evidence, f.ev_start) AS evidence
            FROM figures f
            WHERE {where} AND f.year IS NOT NULL AND f.metric IS NOT NULL AND f.metric <> 'other'
            GROUP BY ALL),
        v AS (
            SELECT region, metric, industry, kind, unit, year, value, count(*) AS documents, min(doc_id) AS doc_id,
                   arg_min(ev_start, doc_id) AS ev_start, arg_min(evidence, doc_id) AS evidence
            FROM d GROUP BY region, metric, industry, kind, unit, year, value),
        p AS (SELECT * FROM v QUALIFY row_number() OVER (
                PARTITION BY region, metric, industry, kind, unit, year ORDER BY documents DESC, value) = 1),
        l AS (SELECT *, lead(year) OVER w AS previous_year, lead(value) OVER w AS previous_value,
                     row_number() OVER w AS recency
              FROM p WINDOW w AS (PARTITION BY region, metric, industry, kind, unit ORDER BY year DESC))
        SELECT l.region, r.name AS region_name, l.metric, l.industry, l.kind, l.unit, l.year, l.value, l.documents,
               l.previous_year, l.previous_value, l.doc_id, l.ev_start, l.evidence, NULL AS document
        FROM l JOIN regions r ON r.code = l.region
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
