"""Read queries over the store. Each returns plain rows (dicts) or a dict of row lists, ready for
the CLI, the API or the analysis stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe
from nqpf.store.lookups import (
    Row,
    among_texts,
    name_documents,
    name_regions,
    region_count,
    remembered,
    rows,
    sources_join,
    texts,
    where_equal,
)
from nqpf.store.memo import ReadMemo
from nqpf.store.schema import ALL_TABLES, COUNTED_TABLES
from nqpf.store.summary import industry_metric_summary


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


# One region's sections: the rows of each, in a total order so that pages never overlap. ``document``
# (the document's name) is filled in afterwards for the rows of a page, by lookups.name_documents.
_REGION_SECTIONS = {
    "priorities": f"""
        SELECT t.industry, t.stage, t.year, coalesce(t.corroboration, s.sources) AS corroboration,
               NULL AS document, t.doc_id, t.ev_start, t.ev_end, t.evidence
        FROM priorities t {sources_join("priorities")} WHERE t.region = ?
        ORDER BY t.year DESC NULLS LAST, t.stage, t.industry, t.rowid""",
    "figures": f"""
        SELECT t.indicator, t.metric, t.industry, t.value, t.unit, t.year, t.kind, t.approx,
               coalesce(t.corroboration, s.sources) AS corroboration, NULL AS document, t.doc_id, t.ev_start,
               t.ev_end, t.evidence
        FROM figures t {sources_join("figures")} WHERE t.region = ?
        ORDER BY t.year DESC NULLS LAST, t.indicator, t.rowid""",
    "quotes": f"""
        SELECT t.speaker, t.role, t.text, coalesce(t.corroboration, s.sources) AS corroboration,
               NULL AS document, t.doc_id, t.ev_start, t.ev_end, t.evidence
        FROM quotes t {sources_join("quotes")} WHERE t.region = ? ORDER BY t.speaker, t.rowid""",
    "organizations": """
        SELECT o.name, count(DISTINCT o.doc_id) AS documents
        FROM organizations o WHERE o.region = ? GROUP BY o.name ORDER BY documents DESC, o.name""",
}


# the size of each section, in one query: a UNION of counts plans in a fraction of the time of one row of
# scalar subqueries (which DuckDB's join planner treats as a cross product of five)
_REGION_TOTALS = """
    SELECT 'documents', count(DISTINCT doc_id) FROM mentions WHERE region = $code
    UNION ALL SELECT 'priorities', count(*) FROM priorities WHERE region = $code
    UNION ALL SELECT 'figures', count(*) FROM figures WHERE region = $code
    UNION ALL SELECT 'quotes', count(*) FROM quotes WHERE region = $code
    UNION ALL SELECT 'organizations', count(DISTINCT name) FROM organizations WHERE region = $code"""
# the same for every region at once: one pass over each table, for a memo that keeps it
_EVERY_REGION_TOTALS = """
    SELECT region, 'documents', count(DISTINCT doc_id) FROM mentions GROUP BY region
    UNION ALL SELECT region, 'priorities', count(*) FROM priorities GROUP BY region
    UNION ALL SELECT region, 'figures', count(*) FROM figures GROUP BY region
    UNION ALL SELECT region, 'quotes', count(*) FROM quotes GROUP BY region
    UNION ALL SELECT region, 'organizations', count(DISTINCT name) FROM organizations GROUP BY region"""
_SECTIONS = ("documents", *_REGION_SECTIONS)


def _region_totals(con: duckdb.DuckDBPyConnection, code: str, memo: ReadMemo | None) -> dict[str, int]:
    """The size of each section of region ``code``; with a memo, counted for every region in one go."""
    if memo is None:
        return dict(con.execute(_REGION_TOTALS, {"code": code}).fetchall())

    def every() -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for region, section, n in con.execute(_EVERY_REGION_TOTALS).fetchall():
            totals.setdefault(region, dict.fromkeys(_SECTIONS, 0))[section] = n
        return totals

    return memo.get(("region totals",), every).get(code) or dict.fromkeys(_SECTIONS, 0)


def _window(limit: int | None, offset: int) -> str:
    return "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"


def _region_row(con: duckdb.DuckDBPyConnection, code: str, memo: ReadMemo | None = None) -> Row:
    region = remembered(memo, ("region", code), lambda: rows(
        con, "SELECT code, name, name_zh, level, parent FROM regions WHERE code = ?", [code]))
    if not region:
        raise NqpfError(f"region {code} is not in the reference table")
    return dict(region[0])


def region_profile(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, Any]:
    """One region: all its priorities, figures, quotes and organisations, each with document and sentence."""
    profile: dict[str, Any] = {"region": _region_row(con, code), "documents": con.execute(
        "SELECT count(DISTINCT doc_id) FROM mentions WHERE region = ?", [code]).fetchone()[0]}
    for section, sql in _REGION_SECTIONS.items():
        profile[section] = rows(con, sql, [code])
    name_documents(con, *(profile[section] for section in _REGION_SECTIONS))
    return profile


def region_page(con: duckdb.DuckDBPyConnection, code: str, *, limit: int, offset: int = 0,
                memo: ReadMemo | None = None) -> dict[str, Any]:
    """One region with each section cut to ``limit`` rows from ``offset``: the same keys as
    :func:`region_profile`, each section a page ``{"total", "limit", "offset", "items"}``."""
    profile: dict[str, Any] = {"region": _region_row(con, code, memo)}
    totals = _region_totals(con, code, memo)
    profile["documents"] = totals["documents"]
    for section, sql in _REGION_SECTIONS.items():
        items = rows(con, sql + _window(limit, offset), [code]) if totals[section] > offset else []
        profile[section] = {"total": totals[section], "limit": limit, "offset": offset, "items": items}
    name_documents(con, *(profile[section]["items"] for section in _REGION_SECTIONS), memo=memo)
    return profile


def region_charts(con: duckdb.DuckDBPyConnection, code: str, *, top: int) -> dict[str, dict[str, list]]:
    """A region's metrics with values in two or more years, the ``top`` with the most years first:
    ``{"metric · industry · kind (unit)": {"x": years, "y": values, "text": the text's words}}``, a line
    per metric, industry, kind and unit (a plan is never joined to an actual). A year's point is the
    value most documents state (the smaller at a tie), with the words its documents name it by."""
    found = con.execute("""
        WITH s AS (SELECT metric || coalesce(' · ' || industry, '') || ' · ' || kind
                          || ' (' || coalesce(unit, 'None') || ')' AS series, year, value, indicator, doc_id
                   FROM figures WHERE region = ? AND year IS NOT NULL AND metric IS NOT NULL AND metric <> 'other'),
        v AS (SELECT series, year, value, count(DISTINCT doc_id) AS documents,
                     string_agg(DISTINCT indicator, '; ' ORDER BY indicator) AS words
              FROM s GROUP BY series, year, value),
        p AS (SELECT series, year, value, words FROM v
              QUALIFY row_number() OVER (PARTITION BY series, year ORDER BY documents DESC, value) = 1),
        k AS (SELECT series, count(*) AS years FROM p GROUP BY series HAVING count(*) >= 2
              ORDER BY years DESC, series LIMIT ?)
        SELECT k.series, list(p.year ORDER BY p.year), list(p.value ORDER BY p.year), list(p.words ORDER BY p.year)
        FROM k JOIN p USING (series) GROUP BY k.series, k.years ORDER BY k.years DESC, k.series""",
                        [code, top]).fetchall()
    return {series: {"x": x, "y": y, "text": text} for series, x, y, text in found}


def _industry_ids(con: duckdb.DuckDBPyConnection, industry: str, memo: ReadMemo | None = None) -> list[str]:
    """The industry and, for a sector, its leaves."""
    return remembered(memo, ("industry ids", industry), lambda: [r[0] for r in con.execute(
        "SELECT id FROM industries WHERE id = ? OR sector = ?", [industry, industry]).fetchall()])


def _tagged_with_any(column: str, ids: list[str]) -> str:
    """A condition: the list ``column`` holds one of ``ids`` (one ``?`` each). One list_contains per ID is
    several times faster in DuckDB than list_has_any against a list parameter."""
    return "(" + " OR ".join(f"list_contains({column}, ?)" for _ in ids) + ")" if ids else "false"


_INDUSTRY_REGIONS = f"""
    SELECT p.region AS code, r.name, min(p.year) AS since, max(p.year) AS latest_year,
           count(DISTINCT p.doc_id) AS documents, max(coalesce(p.corroboration, s.sources)) AS corroboration,
           string_agg(DISTINCT p.industry, ', ' ORDER BY p.industry) AS industries
    FROM priorities p JOIN regions r ON r.code = p.region
    {sources_join("priorities", "p")}
    WHERE p.industry IN {among_texts()}
    GROUP BY p.region, r.name ORDER BY since NULLS LAST, documents DESC, code"""
# rowid last: a total order (so pages never overlap) that costs no column to sort on; region_name is
# filled in for the page's rows (lookups.name_regions), not joined: the join costs a fifth of the query
_INDUSTRY_FIGURE_COLUMNS = """f.region, NULL AS region_name, f.indicator, f.metric, f.industry, f.value, f.unit,
    f.year, f.kind, coalesce(f.corroboration, s.sources) AS corroboration, NULL AS document, f.doc_id, f.ev_start,
    f.ev_end, f.evidence"""
_INDUSTRY_FIGURES = f"""
    SELECT {_INDUSTRY_FIGURE_COLUMNS} FROM figures f {sources_join("figures", "f")}
    WHERE {{tagged}}
    ORDER BY f.region, f.year DESC NULLS LAST, f.indicator, f.rowid"""
# the same over the rows of a row-id range: its matches first, then their order. DuckDB 2.0's late
# materialization fails on a top-N over a scan filtered by row id (an internal error); a materialized
# CTE is a boundary it does not cross
_INDUSTRY_FIGURES_BETWEEN = f"""
    WITH f AS MATERIALIZED (SELECT *, rowid AS pos FROM figures f WHERE {{tagged}})
    SELECT {_INDUSTRY_FIGURE_COLUMNS} FROM f {sources_join("figures", "f")}
    ORDER BY f.region, f.year DESC NULLS LAST, f.indicator, f.pos"""


def _industry_row(con: duckdb.DuckDBPyConnection, industry: str, memo: ReadMemo | None = None) -> Row:
    info = remembered(memo, ("industry", industry), lambda: rows(
        con, "SELECT id, stage, sector, name, name_zh FROM industries WHERE id = ?", [industry]))
    if not info:
        raise NqpfError(f"industry {industry} is not in the reference table")
    return dict(info[0])


def industry_view(con: duckdb.DuckDBPyConnection, industry: str) -> dict[str, Any]:
    """Which regions prioritise ``industry`` (a sector includes its leaves), since when, with figures."""
    info = _industry_row(con, industry)
    ids = _industry_ids(con, industry)
    figures = rows(con, _INDUSTRY_FIGURES.format(tagged=_tagged_with_any("f.industries", ids)), ids)
    name_regions(con, figures, None)
    name_documents(con, figures)
    return {"industry": info, "regions": rows(con, _INDUSTRY_REGIONS, [texts(ids)]), "figures": figures,
            "latest": industry_metric_summary(con, ids)}


def _industry_figures_page(con: duckdb.DuckDBPyConnection, industry: str, tagged: str, ids: list[str],
                           limit: int, offset: int, memo: ReadMemo) -> tuple[int, list[Row]]:
    """(total, page) of an industry's figures, reading only the rows of the regions the page falls in.

    The page is ordered by region first, and the tables are stored in region order (store/layout.py):
    from a memo of the industry's figures per region (count, first and last row id), the page's
    regions are known, and their rows lie between two row ids, which DuckDB seeks to instead of
    testing the list column of every figure. Exact in any storage order: the regions bound the rows,
    the row ids only narrow the scan."""
    spans = remembered(memo, ("industry figures by region", industry), lambda: con.execute(
        f"SELECT region, count(*), min(rowid), max(rowid) FROM figures f WHERE {tagged} GROUP BY region "
        "ORDER BY region", ids).fetchall())
    total = sum(n for _, n, _, _ in spans)
    if total <= offset:
        return total, []
    before, covering = 0, []
    for span in spans:
        if before + span[1] <= offset and not covering:
            before += span[1]
            continue
        covering.append(span)
        if before + sum(n for _, n, _, _ in covering) >= offset + limit:
            break
    first, last = covering[0][0], covering[-1][0]
    low, high = min(s[2] for s in covering), max(s[3] for s in covering)
    narrowed = f"{tagged} AND f.region >= ? AND f.region <= ? AND f.rowid BETWEEN {int(low)} AND {int(high)}"
    return total, rows(con, _INDUSTRY_FIGURES_BETWEEN.format(tagged=narrowed) + _window(limit, offset - before),
                       [*ids, first, last])


def industry_page(con: duckdb.DuckDBPyConnection, industry: str, *, limit: int, offset: int = 0,
                  memo: ReadMemo | None = None) -> dict[str, Any]:
    """:func:`industry_view` with its figures cut to a page ``{"total", "limit", "offset", "items"}``
    (the regions are bounded by the reference table and come whole)."""
    info = _industry_row(con, industry, memo)
    ids = _industry_ids(con, industry, memo)
    tagged = _tagged_with_any("f.industries", ids)
    if memo is None:
        total = con.execute(f"SELECT count(*) FROM figures f WHERE {tagged}", ids).fetchone()[0]
        items = rows(con, _INDUSTRY_FIGURES.format(tagged=tagged) + _window(limit, offset), ids) \
            if total > offset else []
    else:
        total, items = _industry_figures_page(con, industry, tagged, ids, limit, offset, memo)
    name_regions(con, items, memo)
    name_documents(con, items, memo=memo)
    regions = remembered(memo, ("industry regions", industry), lambda: rows(con, _INDUSTRY_REGIONS, [texts(ids)]))
    latest = remembered(memo, ("industry latest", industry), lambda: industry_metric_summary(con, ids))
    return {"industry": info, "regions": [dict(r) for r in regions], "latest": [dict(r) for r in latest],
            "figures": {"total": total, "limit": limit, "offset": offset, "items": items}}


def priority_pairs(con: duckdb.DuckDBPyConnection, *, stage: str | None = None,
                   year: int | None = None) -> list[Row]:
    """(region, industry) pairs with the number of documents and the first year, for the analyses."""
    where, params = where_equal([], [], stage=stage or None, year=year)
    return rows(con, f"""
        SELECT region, industry, stage, count(DISTINCT doc_id) AS documents, min(year) AS since
        FROM priorities WHERE {where}
        GROUP BY region, industry, stage ORDER BY region, industry""", params)


FACT_KINDS = ("figures", "priorities", "quotes", "organizations")
# the filters each kind of fact has a field for (``kind`` is a figure's actual/plan/target)
FACT_FILTERS = {"figures": ("region", "industry", "year", "unit", "kind", "metric"),
                "priorities": ("region", "industry", "year"),
                "quotes": ("region",), "organizations": ("region",)}


def _facts_query(con: duckdb.DuckDBPyConnection, kind: str, *, region: str | None, industry: str | None,
                 year: int | None, unit: str | None, fact_kind: str | None, metric: str | None = None,
                 memo: ReadMemo | None = None) -> tuple[str, str, str, list]:
    """(columns, WHERE condition, ORDER BY, parameters) of a facts query over table ``kind`` as ``t``."""
    if kind not in FACT_KINDS:
        raise NqpfError(f"unknown fact type '{kind}': use one of {', '.join(FACT_KINDS)}")
    where, params = ["1 = 1"], []
    if region:
        where.append("t.region = ?")
        params.append(region)
    if industry:
        ids = _industry_ids(con, industry, memo)
        if kind == "figures":
            where.append(_tagged_with_any("t.industries", ids))
            params.extend(ids)
        elif kind == "priorities":
            where.append("t.industry IN (SELECT unnest(?))")
            params.append(ids)
        else:
            raise NqpfError(f"--industry filters figures and priorities, not {kind}")
    for column, value in (("year", year), ("unit", unit), ("kind", fact_kind), ("metric", metric)):
        if value is None:
            continue
        if kind == "figures" or (kind == "priorities" and column == "year"):
            where.append(f"t.{column} = ?")
            params.append(value)
        else:
            raise NqpfError(f"--{column} filters figures{' and priorities' if column == 'year' else ''}, "
                            f"not {kind}")
    columns = {
        "figures": "t.region, t.indicator, t.metric, t.industry, t.value, t.unit, t.year, t.kind, t.approx, "
                   "t.industries, coalesce(t.corroboration, s.sources) AS corroboration",
        "priorities": "t.region, t.industry, t.stage, t.year, coalesce(t.corroboration, s.sources) AS corroboration",
        "quotes": "t.speaker, t.role, t.region, t.text, coalesce(t.corroboration, s.sources) AS corroboration",
        "organizations": "t.name, t.region",
    }[kind]
    order = {"figures": "t.region, t.year DESC NULLS LAST, t.indicator", "priorities": "t.region, t.industry",
             "quotes": "t.speaker", "organizations": "t.name"}[kind]
    return columns, " AND ".join(where), f"{order}, t.rowid", params


def facts(con: duckdb.DuckDBPyConnection, kind: str = "figures", *, region: str | None = None,
          industry: str | None = None, year: int | None = None, unit: str | None = None,
          fact_kind: str | None = None, metric: str | None = None, limit: int | None = None, offset: int = 0,
          memo: ReadMemo | None = None) -> list[Row]:
    """Facts of one kind, filtered; every row names its document and carries its evidence."""
    columns, where, order, params = _facts_query(con, kind, region=region, industry=industry, year=year, unit=unit,
                                                 fact_kind=fact_kind, metric=metric, memo=memo)
    found = rows(con, f"""
        SELECT {columns}, NULL AS document, t.doc_id, t.ev_start, t.ev_end, t.evidence
        FROM {kind} t {sources_join(kind) if kind in COUNTED_TABLES else ""}
        WHERE {where} ORDER BY {order}{_window(limit, offset)}""", params)
    name_documents(con, found, memo=memo)
    return found


def facts_page(con: duckdb.DuckDBPyConnection, kind: str = "figures", *, limit: int, offset: int = 0,
               memo: ReadMemo | None = None, **filters: Any) -> tuple[int, list[Row]]:
    """(total, page) of :func:`facts`: the page is cut in the database, not after fetching everything."""
    given = {"region": None, "industry": None, "year": None, "unit": None, "fact_kind": None, "metric": None,
             **filters}
    _, where, _, params = _facts_query(con, kind, **given, memo=memo)
    if memo is not None and given["region"] and not given["industry"] and not given["metric"]:
        total = region_count(con, kind, given, memo)
    else:
        total = con.execute(f"SELECT count(*) FROM {kind} t WHERE {where}", params).fetchone()[0]
    items = facts(con, kind, limit=limit, offset=offset, memo=memo, **filters) if total > offset else []
    return total, items


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
        # a fact stated by many rows keeps its count once, in fact_sources; an exported row carries it
        select = f"SELECT t.* EXCLUDE (corroboration), coalesce(t.corroboration, s.sources) AS corroboration " \
                 f"FROM {table} t {sources_join(table)}" \
            if table in COUNTED_TABLES else f"SELECT * FROM {table}"
        try:
            # absolute: a served database runs the COPY in its server (``store/remote.py``)
            con.execute(f"COPY ({select}) TO '{_quote(str(path.resolve()))}' ({options})")
        except duckdb.Error as err:
            raise NqpfError(f"{path}: {describe(err)}") from None
        written.append(str(path))
    return written


def _quote(path: str) -> str:
    return path.replace("'", "''")


def index_runs(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(con, "SELECT run_id, created_at, framework, method, options, first_year, last_year, panel "
                     "FROM index_runs ORDER BY created_at DESC")


def index_scores(con: duckdb.DuckDBPyConnection, *, run_id: str | None = None, region: str | None = None,
                 year: int | None = None, memo: ReadMemo | None = None) -> list[Row]:
    """Scores of a run (default: the latest), with dimension sub-scores as a mapping."""
    if not run_id:
        # the latest run first, on its own: with none (a database no index was computed for) the
        # scores query, which costs several milliseconds to plan, is never run
        latest = remembered(memo, ("latest index run",), lambda: con.execute(
            "SELECT run_id FROM index_runs ORDER BY created_at DESC LIMIT 1").fetchone())
        if latest is None:
            return []
        run_id = latest[0]
    where, params = where_equal(["s.run_id = ?"], [run_id], **{"s.region": region or None, "s.year": year})
    return rows(con, f"""
        SELECT s.run_id, s.region, r.name, s.year, s.score, s.rank, s.coverage,
               map(list(u.dimension ORDER BY u.dimension), list(u.score ORDER BY u.dimension)) AS dimensions,
               any_value(i.p05) AS rank_p05, any_value(i.p95) AS rank_p95, any_value(i.draws) AS interval_draws
        FROM index_scores s JOIN regions r ON r.code = s.region
        LEFT JOIN index_subscores u ON u.run_id = s.run_id AND u.region = s.region AND u.year = s.year
        LEFT JOIN index_intervals i ON i.run_id = s.run_id AND i.region = s.region AND i.year = s.year
        WHERE {where}
        GROUP BY s.run_id, s.region, r.name, s.year, s.score, s.rank, s.coverage
        ORDER BY s.year DESC, s.rank""", params)


MEASURES = ("priorities", "documents", "figures", "index", "rd_share")


# what each measure counts or reads, and the year column that narrows it to one year
_MEASURE_SQL = {
    "priorities": ("SELECT region, count(*) FROM priorities {where} GROUP BY 1", "year"),
    "documents": ("SELECT m.region, count(DISTINCT m.doc_id) FROM mentions m JOIN documents d ON d.id = m.doc_id "
                  "{where} GROUP BY 1", "d.published_year"),
    "figures": ("SELECT region, count(*) FROM figures {where} GROUP BY 1", "year"),
    "rd_share": ("""SELECT region, arg_max(value, year) FROM figures
                    WHERE unit = '%' AND year IS NOT NULL AND (indicator ILIKE '%R&D%' OR
                          indicator ILIKE '%research and development%') AND indicator ILIKE '%GDP%' {and_where}
                    GROUP BY 1""", "year"),
}


def region_measure(con: duckdb.DuckDBPyConnection, measure: str, year: int | None = None) -> dict[str, float]:
    """A value per region for the map: counts (of facts stated for ``year``, or of documents published
    in it; all years by default), the index score of ``year`` (default: the latest year scored), or the
    R&D share of GDP in ``year`` (default: each region's latest)."""
    if measure not in MEASURES:
        raise NqpfError(f"unknown measure '{measure}': use one of {', '.join(MEASURES)}")
    if measure == "index":
        latest = index_scores(con)
        if not latest:
            return {}
        shown = year if year is not None else max(r["year"] for r in latest)
        return {r["region"]: r["score"] for r in latest if r["year"] == shown}
    sql, column = _MEASURE_SQL[measure]
    condition = f"{column} = ?" if year is not None else ""
    sql = sql.format(where=f"WHERE {condition}" if condition else "",
                     and_where=f"AND {condition}" if condition else "")
    return {code: float(v) for code, v in con.execute(sql, [year] if year is not None else []).fetchall()}


def measure_years(con: duckdb.DuckDBPyConnection, measure: str) -> list[int]:
    """The years the map can show ``measure`` for, latest first."""
    if measure not in MEASURES:
        raise NqpfError(f"unknown measure '{measure}': use one of {', '.join(MEASURES)}")
    if measure == "index":
        return sorted({r["year"] for r in index_scores(con)}, reverse=True)
    table, column = {"priorities": ("priorities", "year"), "figures": ("figures", "year"),
                     "documents": ("documents", "published_year"), "rd_share": ("figures", "year")}[measure]
    return [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL "
                                      f"ORDER BY 1 DESC").fetchall()]
