"""Reading stored documents: the list (newest first, filtered by words), one document with every fact
and its span, and free-text search over documents and facts."""

from __future__ import annotations

from typing import Any

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.lookups import Row, name_documents, rows, sources_join
from nqpf.store.memo import ReadMemo
from nqpf.store.search_blocks import SearchBlocks, condition


def _containing(columns: tuple[str, ...], q: str) -> tuple[str, list[str]]:
    """(condition, parameters): one of ``columns`` contains ``q`` literally, in any case. ``%`` and ``_``
    in a user's query are characters to find, not wildcards; the ESCAPE clause that this takes is
    only written when ``q`` has one, since DuckDB matches an unescaped ILIKE pattern twice as fast."""
    if "%" in q or "_" in q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        test = "ILIKE ? ESCAPE '\\'"
    else:
        pattern, test = f"%{q}%", "ILIKE ?"  # DuckDB's LIKE has no escape character unless one is given
    return "(" + " OR ".join(f"{c} {test}" for c in columns) + ")", [pattern] * len(columns)


def _with_fact_counts(con: duckdb.DuckDBPyConnection, docs: list[Row]) -> list[Row]:
    """``docs`` with their numbers of priorities, figures and quotes, counted for these documents only."""
    ids = [d["id"] for d in docs]
    if not ids:
        return docs
    tables = ("priorities", "figures", "quotes")
    found = con.execute(" UNION ALL ".join(f"SELECT '{t}', doc_id, count(*) FROM {t} WHERE doc_id IN "
                                           "(SELECT unnest($ids)) GROUP BY doc_id" for t in tables),
                        {"ids": ids}).fetchall()
    counts = {(table, doc_id): n for table, doc_id, n in found}
    return [{**d, **{t: counts.get((t, d["id"]), 0) for t in tables}} for d in docs]


_DOCUMENT_COLUMNS = "d.id, d.name, d.title, d.published, d.language, d.source, d.cluster_id"
_DOCUMENT_ORDER = "d.published DESC NULLS LAST, d.name, d.id"


def documents(con: duckdb.DuckDBPyConnection, *, q: str | None = None, limit: int = 50,
              offset: int = 0) -> tuple[int, list[Row]]:
    """(total, page) of stored documents, newest first; ``q`` filters title and text (literally, any case)."""
    where, params = "", []
    if q:
        match, params = _containing(("d.title", "d.text"), q)
        where = f"WHERE {match}"
    total = con.execute(f"SELECT count(*) FROM documents d {where}", params).fetchone()[0]
    if total <= offset:
        return total, []
    page = rows(con, f"SELECT {_DOCUMENT_COLUMNS} FROM documents d {where} ORDER BY {_DOCUMENT_ORDER} "
                     "LIMIT ? OFFSET ?", [*params, limit, offset])
    return total, _with_fact_counts(con, page)


def document(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, Any]:
    """One document with its text and every fact with its span, for annotation."""
    found = rows(con, "SELECT id, name, source, url, title, published, published_basis, language, text, "
                      "extractor_version, cluster_id FROM documents WHERE id = ? OR name = ? LIMIT 1", [doc_id, doc_id])
    if not found:
        raise NqpfError(f"no document '{doc_id}'")
    doc = found[0]
    key = [doc["id"]]
    counted = "coalesce(t.corroboration, s.sources) AS corroboration"
    doc["priorities"] = rows(con, f"SELECT t.region, t.industry, t.stage, t.year, {counted}, t.ev_start, t.ev_end, "
                                  f"t.evidence FROM priorities t {sources_join('priorities')} "
                                  "WHERE t.doc_id = ? ORDER BY t.ev_start", key)
    doc["figures"] = rows(con, "SELECT t.region, t.indicator, t.metric, t.industry, t.value, t.unit, t.year, t.kind, "
                               f"t.approx, t.industries, {counted}, t.ev_start, t.ev_end, t.evidence "
                               f"FROM figures t {sources_join('figures')} WHERE t.doc_id = ? ORDER BY t.ev_start", key)
    doc["quotes"] = rows(con, f"SELECT t.speaker, t.role, t.region, t.text, {counted}, t.ev_start, t.ev_end, "
                              f"t.evidence FROM quotes t {sources_join('quotes')} "
                              "WHERE t.doc_id = ? ORDER BY t.ev_start", key)
    doc["organizations"] = rows(con, "SELECT name, region, ev_start, ev_end FROM organizations WHERE doc_id = ? "
                                     "ORDER BY ev_start", key)
    doc["regions"] = rows(con, "SELECT m.region AS code, r.name, m.mentions FROM mentions m "
                               "LEFT JOIN regions r ON r.code = m.region WHERE m.doc_id = ? "
                               "ORDER BY m.mentions DESC", key)
    return doc


# (table, alias, columns searched, kind, the columns a match returns: region, label, value, unit, year,
# doc_id, ev_start, evidence and its row id as ``pos``)
_SEARCHED_FACTS = (
    ("figures", "f", ("f.evidence", "f.indicator"), "figure",
     "f.region, f.indicator AS label, f.value, f.unit, f.year, f.doc_id, f.ev_start, f.evidence, f.rowid AS pos"),
    ("priorities", "p", ("p.evidence", "p.industry"), "priority",
     "p.region, p.industry AS label, NULL AS value, NULL AS unit, p.year, p.doc_id, p.ev_start, p.evidence, "
     "p.rowid AS pos"),
    ("quotes", "q", ("q.evidence", "q.speaker"), "quote",
     "q.region, q.speaker AS label, NULL AS value, NULL AS unit, NULL AS year, q.doc_id, q.ev_start, q.evidence, "
     "q.rowid AS pos"),
)


def search(con: duckdb.DuckDBPyConnection, q: str, *, limit: int = 50,
           memo: ReadMemo | None = None, blocks: SearchBlocks | None = None) -> dict[str, list[Row]]:
    """Documents whose title or text, and facts whose sentence, contain ``q`` (literally, any case);
    at most ``limit`` of each. ``blocks`` (a server's skip index) spares reading the rows that cannot
    match; the answer is the same without it."""

    def only(table: str, alias: str) -> str:
        return condition(blocks.ranges(table, q) if blocks else None, f"{alias}.rowid")

    match, params = _containing(("d.title", "d.text"), q)
    where = only("documents", "d")
    if where == "false":
        docs = []
    elif where == "true":
        docs = rows(con, f"SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE {match} "
                         f"ORDER BY {_DOCUMENT_ORDER} LIMIT ?", [*params, limit])
    else:
        # the matches of the blocks first, then their top (see _INDUSTRY_FIGURES_BETWEEN)
        docs = rows(con, f"WITH d AS MATERIALIZED (SELECT {_DOCUMENT_COLUMNS} FROM documents d WHERE {match} AND "
                         f"{where}) SELECT * FROM d ORDER BY {_DOCUMENT_ORDER} LIMIT ?", [*params, limit])
    # each kind is cut to its first ``limit`` matches in the order stored (by region: store/layout.py), then
    # sorted: a scan stops at the ``limit``-th match, where a sort would have had to read every one. A kind
    # whose table cannot hold ``q`` is left out of the query (planning it alone costs a millisecond).
    parts, part_params = [], []
    for table, alias, columns, label, select in _SEARCHED_FACTS:
        where = only(table, alias)
        if where == "false":
            continue
        match, params = _containing(columns, q)
        parts.append(f"SELECT * FROM (SELECT '{label}' AS kind, {select} FROM {table} {alias} "
                     f"WHERE {match} AND {where} LIMIT ?)")
        part_params += [*params, limit]
    found = rows(con, f"SELECT * EXCLUDE (pos) FROM ({' UNION ALL '.join(parts)}) "
                      "ORDER BY kind, region, doc_id, ev_start, pos LIMIT ?", [*part_params, limit]) if parts else []
    name_documents(con, found, memo=memo)
    return {"documents": _with_fact_counts(con, docs), "facts": found}
