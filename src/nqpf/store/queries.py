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
            SELECT p.industry, p.stage, p.year, p.corroboration, d.name AS document, p.doc_id, p.ev_start, p.ev_end,
                   p.evidence
            FROM priorities p JOIN documents d ON d.id = p.doc_id WHERE p.region = ?
            ORDER BY p.year DESC NULLS LAST, p.stage, p.industry, d.name""", [code]),
        "figures": rows(con, """
            SELECT f.indicator, f.value, f.unit, f.year, f.kind, f.approx, f.corroboration, d.name AS document,
                   f.doc_id, f.ev_start, f.ev_end, f.evidence
            FROM figures f JOIN documents d ON d.id = f.doc_id WHERE f.region = ?
            ORDER BY f.year DESC NULLS LAST, f.indicator, d.name""", [code]),
        "quotes": rows(con, """
            SELECT q.speaker, q.role, q.text, q.corroboration, d.name AS document, q.doc_id, q.ev_start, q.ev_end,
                   q.evidence
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
            SELECT f.region, r.name AS region_name, f.indicator, f.value, f.unit, f.year, f.kind, f.corroboration,
                   d.name AS document, f.doc_id, f.ev_start, f.ev_end, f.evidence
            FROM figures f JOIN documents d ON d.id = f.doc_id JOIN regions r ON r.code = f.region
            WHERE len(list_intersect(f.industries, ?)) > 0
            ORDER BY f.region, f.year DESC NULLS LAST""", [ids]),
    }


def _where(base: list[str], base_params: list, **equal: Any) -> tuple[str, list]:
    """A WHERE clause from fixed conditions and ``column=value`` filters that are not None."""
    clauses, params = list(base), list(base_params)
    for column, value in equal.items():
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(clauses) or "1 = 1", params


def priority_pairs(con: duckdb.DuckDBPyConnection, *, stage: str | None = None,
                   year: int | None = None) -> list[Row]:
    """(region, industry) pairs with the number of documents and the first year, for the analyses."""
    where, params = _where([], [], stage=stage or None, year=year)
    return rows(con, f"""
        SELECT region, industry, stage, count(DISTINCT doc_id) AS documents, min(year) AS since
        FROM priorities WHERE {where}
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
        "figures": "t.region, t.indicator, t.value, t.unit, t.year, t.kind, t.approx, t.industries, t.corroboration",
        "priorities": "t.region, t.industry, t.stage, t.year, t.corroboration",
        "quotes": "t.speaker, t.role, t.region, t.text, t.corroboration",
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


def documents(con: duckdb.DuckDBPyConnection, *, q: str | None = None, limit: int = 50,
              offset: int = 0) -> tuple[int, list[Row]]:
    """(total, page) of stored documents, newest first; ``q`` filters title and text."""
    where, params = "", []
    if q:
        where, params = "WHERE d.title ILIKE ? OR d.text ILIKE ?", [f"%{q}%", f"%{q}%"]
    total = con.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]
    page = rows(con, f"""
        SELECT d.id, d.name, d.title, d.published, d.language, d.source, d.cluster_id,
               (SELECT count(*) FROM priorities p WHERE p.doc_id = d.id) AS priorities,
               (SELECT count(*) FROM figures f WHERE f.doc_id = d.id) AS figures,
               (SELECT count(*) FROM quotes q WHERE q.doc_id = d.id) AS quotes
        FROM documents d {where} ORDER BY d.published DESC NULLS LAST, d.name LIMIT ? OFFSET ?""",
                [*params, limit, offset])
    return total, page


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    """One document with its text and every fact with its span, for annotation."""
    found = rows(con, "SELECT id, name, source, url, title, published, published_basis, language, text, "
                      "extractor_version, cluster_id FROM documents WHERE id = ? OR name = ? LIMIT 1", [doc_id, doc_id])
    if not found:
        raise NqpfError(f"no document '{doc_id}'")
    doc = found[0]
    key = [doc["id"]]
    doc["priorities"] = rows(con, "SELECT region, industry, stage, year, corroboration, ev_start, ev_end, evidence "
                                  "FROM priorities "
                                  "WHERE doc_id = ? ORDER BY ev_start", key)
    doc["figures"] = rows(con, "SELECT region, indicator, value, unit, year, kind, approx, industries, corroboration, "
                               "ev_start, ev_end, evidence FROM figures WHERE doc_id = ? ORDER BY ev_start", key)
    doc["quotes"] = rows(con, "SELECT speaker, role, region, text, corroboration, ev_start, ev_end, evidence "
                              "FROM quotes WHERE doc_id = ? ORDER BY ev_start", key)
    doc["organizations"] = rows(con, "SELECT name, region, ev_start, ev_end FROM organizations WHERE doc_id = ? "
                                     "ORDER BY ev_start", key)
    doc["regions"] = rows(con, "SELECT m.region AS code, r.name, m.mentions FROM mentions m "
                               "LEFT JOIN regions r ON r.code = m.region WHERE m.doc_id = ? "
                               "ORDER BY m.mentions DESC", key)
    return doc


def search(con: duckdb.DuckDBPyConnection, q: str, *, limit: int = 50) -> dict[str, list[Row]]:
    """Documents whose title or text, and facts whose sentence, contain ``q`` (case-insensitive)."""
    like = f"%{q}%"
    _, docs = documents(con, q=q, limit=limit)
    found = rows(con, """
        SELECT 'figure' AS kind, f.region, f.indicator AS label, f.value, f.unit, f.year, d.id AS doc_id,
               d.name AS document, f.ev_start, f.evidence FROM figures f JOIN documents d ON d.id = f.doc_id
        WHERE f.evidence ILIKE ? OR f.indicator ILIKE ?
        UNION ALL
        SELECT 'priority', p.region, p.industry, NULL, NULL, p.year, d.id, d.name, p.ev_start, p.evidence
        FROM priorities p JOIN documents d ON d.id = p.doc_id WHERE p.evidence ILIKE ? OR p.industry ILIKE ?
        UNION ALL
        SELECT 'quote', q.region, q.speaker, NULL, NULL, NULL, d.id, d.name, q.ev_start, q.evidence
        FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE q.evidence ILIKE ? OR q.speaker ILIKE ?
        ORDER BY 1, 2 LIMIT ?""", [like, like, like, like, like, like, limit])
    return {"documents": docs, "facts": found}


def index_runs(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(con, "SELECT run_id, created_at, framework, method, options, first_year, last_year, panel "
                     "FROM index_runs ORDER BY created_at DESC")


def index_scores(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None, region: str | None = None,
                 year: int | None = None) -> list[Row]:
    """Scores of a run (default: the latest), with dimension sub-scores as a mapping."""
    runs = index_runs(con)
    if not runs:
        return []
    rid = run_id or runs[0]["run_id"]
    where, params = _where(["s.run_id = ?"], [rid], **{"s.region": region or None, "s.year": year})
    return rows(con, f"""
        SELECT s.run_id, s.region, r.name, s.year, s.score, s.rank, s.coverage,
               map(list(u.dimension ORDER BY u.dimension), list(u.score ORDER BY u.dimension)) AS dimensions
        FROM index_scores s JOIN regions r ON r.code = s.region
        LEFT JOIN index_subscores u ON u.run_id = s.run_id AND u.region = s.region AND u.year = s.year
        WHERE {where}
        GROUP BY s.run_id, s.region, r.name, s.year, s.score, s.rank, s.coverage
        ORDER BY s.year DESC, s.rank""", params)


MEASURES = ("priorities", "documents", "figures", "index", "rd_share")


def region_measure(con: duckdb.DuckDBPyConnection, measure: str) -> dict[str, float]:
    """A value per region for the map: counts, the latest index score, or the latest R&D share of GDP."""
    if measure not in MEASURES:
        raise NqpfError(f"unknown measure '{measure}': use one of {', '.join(MEASURES)}")
    if measure == "index":
        latest = index_scores(con)
        if not latest:
            return {}
        year = max(r["year"] for r in latest)
        return {r["region"]: r["score"] for r in latest if r["year"] == year}
    sql = {
        "priorities": "SELECT region, count(*) FROM priorities GROUP BY 1",
        "documents": "SELECT region, count(DISTINCT doc_id) FROM mentions GROUP BY 1",
        "figures": "SELECT region, count(*) FROM figures GROUP BY 1",
        "rd_share": """SELECT region, arg_max(value, year) FROM figures
                       WHERE unit = '%' AND year IS NOT NULL AND (indicator ILIKE '%R&D%' OR
                             indicator ILIKE '%research and development%') AND indicator ILIKE '%GDP%'
                       GROUP BY 1""",
    }[measure]
    return {code: float(v) for code, v in con.execute(sql).fetchall()}
