"""Read queries over the store. Each returns plain rows (dicts) or a dict of row lists, ready for
the CLI, the API or the analysis stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from nqpf.errors import NqpfError
from nqpf.store.database import describe
from nqpf.store.schema import ALL_TABLES

Row = dict[str, Any]


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[Row]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def regions_overview(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Every region with documents: document, priority and figure counts, top three industries."""
    return rows(con, """
        WITH docs AS (
            SELECT region, doc_id FROM mentions UNION SELECT region, doc_id FROM priorities
            UNION SELECT region, doc_id FROM figures),
        d AS (SELECT region, count(DISTINCT doc_id) AS documents FROM docs GROUP BY region),
        p AS (SELECT region, count(*) AS priorities FROM priorities GROUP BY region),
        f AS (SELECT region, count(*) AS figures FROM figures GROUP BY region),
        ranked AS (
            SELECT region, industry, row_number() OVER (PARTITION BY region ORDER BY count(*) DESC, industry) AS rk
            FROM priorities GROUP BY region, industry),
        t AS (SELECT region, string_agg(industry, ', ' ORDER BY rk) AS top_industries
              FROM ranked WHERE rk <= 3 GROUP BY region)
        SELECT d.region AS code, r.name, r.level, d.documents, coalesce(p.priorities, 0) AS priorities,
               coalesce(f.figures, 0) AS figures, coalesce(t.top_industries, '') AS top_industries
        FROM d LEFT JOIN regions r ON r.code = d.region LEFT JOIN p USING (region)
        LEFT JOIN f USING (region) LEFT JOIN t USING (region)
        WHERE r.code IS NOT NULL
        ORDER BY priorities DESC, documents DESC, code""")


def region_profile(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    """One region: its priorities, figures, quotes and organisations, each with document and sentence."""
    region = rows(con, "SELECT code, name, name_zh, level, parent FROM regions WHERE code = ?", [code])
    if not region:
        raise NqpfError(f"region {code} is not in the reference table")
    return {
        "region": region[0],
        "documents": con.execute("SELECT count(DISTINCT doc_id) FROM mentions WHERE region = ?",
                                 [code]).fetchone()[0],
        "priorities": rows(con, """
            SELECT p.industry, p.stage, p.year, d.name AS document, p.doc_id, p.ev_start, p.ev_end, p.evidence
            FROM priorities p JOIN documents d ON d.id = p.doc_id WHERE p.region = ?
            ORDER BY p.year DESC NULLS LAST, p.stage, p.industry, d.name""", [code]),
        "figures": rows(con, """
            SELECT f.indicator, f.value, f.unit, f.year, f.kind, f.approx, d.name AS document, f.doc_id,
                   f.ev_start, f.ev_end, f.evidence
            FROM figures f JOIN documents d ON d.id = f.doc_id WHERE f.region = ?
            ORDER BY f.year DESC NULLS LAST, f.indicator, d.name""", [code]),
        "quotes": rows(con, """
            SELECT q.speaker, q.role, q.text, d.name AS document, q.doc_id, q.ev_start, q.ev_end, q.evidence
            FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE q.region = ?
            ORDER BY q.speaker, d.name""", [code]),
        "organizations": rows(con, """
            SELECT o.name, count(DISTINCT o.doc_id) AS documents
            FROM organizations o WHERE o.region = ? GROUP BY o.name ORDER BY documents DESC, o.name""", [code]),
    }


def industry_view(con: duckdb.DuckDBPyConnection, industry: str) -> dict[str, Any]:
    """Which regions prioritise ``industry`` (a sector includes its leaves), since when, with figures."""
    info = rows(con, "SELECT id, stage, sector, name, name_zh FROM industries WHERE id = ?", [industry])
    if not info:
        raise NqpfError(f"industry {industry} is not in the reference table")
    ids = [r[0] for r in con.execute("SELECT id FROM industries WHERE id = ? OR sector = ?",
                                     [industry, industry]).fetchall()]
    return {
        "industry": info[0],
        "regions": rows(con, """
            SELECT p.region AS code, r.name, min(p.year) AS since, count(DISTINCT p.doc_id) AS documents,
                   string_agg(DISTINCT p.industry, ', ') AS industries
            FROM priorities p JOIN regions r ON r.code = p.region
            WHERE p.industry IN (SELECT unnest(?))
            GROUP BY p.region, r.name ORDER BY since NULLS LAST, documents DESC, code""", [ids]),
        "figures": rows(con, """
            SELECT f.region, r.name AS region_name, f.indicator, f.value, f.unit, f.year, f.kind,
                   d.name AS document, f.doc_id, f.ev_start, f.ev_end, f.evidence
            FROM figures f JOIN documents d ON d.id = f.doc_id JOIN regions r ON r.code = f.region
            WHERE len(list_intersect(f.industries, ?)) > 0
            ORDER BY f.region, f.year DESC NULLS LAST""", [ids]),
    }


def priority_pairs(con: duckdb.DuckDBPyConnection, *, stage: str | None = None,
                   year: int | None = None) -> list[Row]:
    """(region, industry) pairs with the number of documents and the first year, for the analyses."""
    where, params = ["1 = 1"], []
    if stage:
        where.append("stage = ?")
        params.append(stage)
    if year is not None:
        where.append("year = ?")
        params.append(year)
    return rows(con, f"""
        SELECT region, industry, stage, count(DISTINCT doc_id) AS documents, min(year) AS since
        FROM priorities WHERE {' AND '.join(where)}
        GROUP BY region, industry, stage ORDER BY region, industry""", params)


FACT_KINDS = ("figures", "priorities", "quotes", "organizations")


def facts(con: duckdb.DuckDBPyConnection, kind: str = "figures", *, region: str | None = None,
          industry: str | None = None, year: int | None = None, unit: str | None = None,
          fact_kind: str | None = None, limit: int | None = None, offset: int = 0) -> list[Row]:
    """Facts of one kind, filtered; every row names its document and carries its evidence."""
    if kind not in FACT_KINDS:
        raise NqpfError(f"unknown fact type '{kind}': use one of {', '.join(FACT_KINDS)}")
    where, params = ["1 = 1"], []
    if region:
        where.append("t.region = ?")
        params.append(region)
    if industry:
        ids = [r[0] for r in con.execute("SELECT id FROM industries WHERE id = ? OR sector = ?",
                                         [industry, industry]).fetchall()]
        if kind == "figures":
            where.append("len(list_intersect(t.industries, ?)) > 0")
        elif kind == "priorities":
            where.append("t.industry IN (SELECT unnest(?))")
        else:
            raise NqpfError(f"--industry filters figures and priorities, not {kind}")
        params.append(ids)
    for column, value in (("year", year), ("unit", unit), ("kind", fact_kind)):
        if value is None:
            continue
        if kind == "figures" or (kind == "priorities" and column == "year"):
            where.append(f"t.{column} = ?")
            params.append(value)
        else:
            raise NqpfError(f"--{column} filters figures{' and priorities' if column == 'year' else ''}, "
                            f"not {kind}")
    columns = {
        "figures": "t.region, t.indicator, t.value, t.unit, t.year, t.kind, t.approx, t.industries",
        "priorities": "t.region, t.industry, t.stage, t.year",
        "quotes": "t.speaker, t.role, t.region, t.text",
        "organizations": "t.name, t.region",
    }[kind]
    order = {"figures": "t.region, t.year DESC NULLS LAST, t.indicator", "priorities": "t.region, t.industry",
             "quotes": "t.speaker", "organizations": "t.name"}[kind]
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    return rows(con, f"""
        SELECT {columns}, d.name AS document, t.doc_id, t.ev_start, t.ev_end, t.evidence
        FROM {kind} t JOIN documents d ON d.id = t.doc_id
        WHERE {' AND '.join(where)} ORDER BY {order}, d.name{page}""", params)


def run_sql(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], list[tuple]]:
    """Run user SQL on a sandboxed connection (see ``open_database(sandbox=True)``)."""
    try:
        cur = con.execute(query)
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.Error as err:
        raise NqpfError(f"SQL error: {describe(err)}") from None


EXPORT_FORMATS = ("parquet", "csv", "jsonl")


def export(con: duckdb.DuckDBPyConnection, directory: str, fmt: str) -> list[str]:
    """Write every table to ``directory`` (created if needed); returns the files written."""
    if fmt not in EXPORT_FORMATS:
        raise NqpfError(f"unknown export format '{fmt}': use {', '.join(EXPORT_FORMATS)}")
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise NqpfError(f"{directory}: cannot create the export directory: {err.strerror}") from None
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}[fmt]
    written = []
    for table in ALL_TABLES:
        path = out / f"{table}.{fmt}"
        try:
            con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(str(path))}' ({options})")
        except duckdb.Error as err:
            raise NqpfError(f"{path}: {describe(err)}") from None
        written.append(str(path))
    return written


def _quote(path: str) -> str:
    return path.replace("'", "''")
