"""Versions and removal of documents.

A document is one version of what its URL identifies (a file without one: its source path and
name; standard input: only its text). When a newer version is stored (the same URL, changed
text), the older one is superseded: it stays listed in ``nqpf history`` with its facts kept as
lines (``superseded_facts``), but its facts leave the fact tables, so queries, the index and the
pages count only the current version. ``nqpf forget`` removes a document, or every version of a
URL, with all its facts. Either way, in the same transaction, the fact keys the removed rows had
go to ``pending_recount`` and the members of their near-duplicate clusters are unclustered, so
the next near-duplicate update (``corroboration.update_duplicates``, which every ingest runs)
clusters them again and recounts every fact that lost a statement.
"""

from __future__ import annotations

import contextlib
from typing import Any

from nqpf.errors import NqpfError
from nqpf.scale.sources import KEYS
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe
from nqpf.store.schema import FACT_TABLES

IDENTITY = "coalesce(d.url, CASE WHEN d.source <> '<stdin>' THEN d.source || '#' || d.name END)"

# one line per fact, as `nqpf history` compares versions
_FACT_LINES = {
    "priorities": "'priority ' || t.region || ' ' || t.industry || coalesce(' ' || t.year, '')",
    "figures": "'figure ' || t.region || ' ' || coalesce(t.metric, t.indicator) || coalesce(' ' || t.industry, '') || "
               "coalesce(' ' || t.year, '') || ' ' || t.kind || ' ' || t.value || ' ' || t.unit",
    "quotes": "'quote ' || t.speaker || ': ' || left(t.text, 80)",
    "organizations": "'organization ' || t.name",
}


def supersede_old_versions(con: duckdb.DuckDBPyConnection) -> int:
    """Mark every current document that a later-stored one with the same identity replaces, and
    take its facts out; returns how many were superseded. One transaction."""
    return _in_transaction(con, "supersede old versions", lambda: _supersede(con))


def _supersede(con: duckdb.DuckDBPyConnection) -> int:
    pairs = con.execute(f"""
        WITH current AS (SELECT d.id, {IDENTITY} AS identity, d.ingested_at FROM documents d
                         WHERE d.superseded_by IS NULL AND {IDENTITY} IS NOT NULL),
        latest AS (SELECT identity, arg_max(id, (ingested_at, id)) AS id FROM current GROUP BY identity
                   HAVING count(*) > 1)
        SELECT c.id, l.id FROM current c JOIN latest l USING (identity) WHERE c.id <> l.id""").fetchall()
    if not pairs:
        return 0
    old = [a for a, _ in pairs]
    _archive(con, old)
    _remove_facts(con, old)
    con.execute("""UPDATE documents SET superseded_by = m.new FROM (SELECT unnest(?) AS old, unnest(?) AS new) m
                   WHERE documents.id = m.old""", [old, [b for _, b in pairs]])
    return len(old)


class UnknownDocument(NqpfError):
    """No stored document has the id, name or URL asked for."""


def forget(con: duckdb.DuckDBPyConnection, target: str) -> list[str]:
    """Remove the document ``target`` (an id, a name, or a URL: every version of it) with all its
    facts, in one transaction; returns the ids removed, or NqpfError when nothing matches."""
    ids = _documents_of(con, target)

    def run() -> list[str]:
        _remove_facts(con, ids)
        for table in ("superseded_facts", "doc_signatures", "doc_bands"):
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
        con.execute("UPDATE documents SET superseded_by = NULL WHERE superseded_by IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?))", [ids])
        return ids

    return _in_transaction(con, f"forget {target}", run)


def forget_and_recount(con: duckdb.DuckDBPyConnection, target: str, *, bounded: bool = True) -> list[str]:
    """:func:`forget`, then the clusters the removed documents were in and the corroboration of what
    they stated counted again, and the fact tables kept in region order: what `nqpf forget` and the
    API's forget do. ``bounded`` as for :func:`~nqpf.scale.corroboration.update_duplicates`."""
    from nqpf.scale.corroboration import stored_threshold, update_duplicates
    from nqpf.store.layout import keep_region_order

    removed = forget(con, target)
    update_duplicates(con, threshold=stored_threshold(con), bounded=bounded)
    keep_region_order(con, rewritten=False, bounded=bounded)
    return removed


def history(con: duckdb.DuckDBPyConnection, target: str) -> list[dict[str, Any]]:
    """The versions of what ``target`` (an id, a name or a URL) identifies, oldest first, each with
    its facts and what changed from the version before (``added``, ``removed``)."""
    ids = _documents_of(con, target)
    versions = con.execute("""SELECT id, name, coalesce(url, source), title, published, ingested_at::VARCHAR,
                                     superseded_by FROM documents WHERE id IN (SELECT unnest(?))
                              ORDER BY ingested_at, id""", [ids]).fetchall()
    out: list[dict[str, Any]] = []
    before: set[str] = set()
    for doc_id, name, where, title, published, ingested, superseded_by in versions:
        facts = set(_fact_lines(con, doc_id)) if superseded_by is None else {
            r[0] for r in con.execute("SELECT fact FROM superseded_facts WHERE doc_id = ?", [doc_id]).fetchall()}
        out.append({"version": len(out) + 1, "id": doc_id, "name": name, "source": where, "title": title,
                    "published": published, "ingested_at": ingested,
                    "status": "current" if superseded_by is None else f"superseded by {superseded_by}",
                    "facts": len(facts), "added": sorted(facts - before) if out else [],
                    "removed": sorted(before - facts)})
        before = facts
    return out


def _documents_of(con: duckdb.DuckDBPyConnection, target: str) -> list[str]:
    """The ids ``target`` names: a document id, name or URL, with every version of its identity."""
    found = [r[0] for r in con.execute(f"""
        WITH named AS (SELECT {IDENTITY} AS identity, d.id FROM documents d
                       WHERE d.id = $1 OR d.name = $1 OR d.url = $1)
        SELECT d.id FROM documents d WHERE d.id IN (SELECT id FROM named)
           OR {IDENTITY} IN (SELECT identity FROM named WHERE identity IS NOT NULL)
        ORDER BY d.id""", [target]).fetchall()]
    if not found:
        raise UnknownDocument(f"no document with id, name or URL '{target}'")
    return found


def _fact_lines(con: duckdb.DuckDBPyConnection, doc_id: str) -> list[str]:
    return [r[0] for table, line in _FACT_LINES.items()
            for r in con.execute(f"SELECT {line} FROM {table} t WHERE t.doc_id = ?", [doc_id]).fetchall()
            if r[0] is not None]


def _archive(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    for table, line in _FACT_LINES.items():
        con.execute(f"""INSERT INTO superseded_facts SELECT t.doc_id, {line} FROM {table} t
                        WHERE t.doc_id IN (SELECT unnest(?)) AND {line} IS NOT NULL""", [ids])


def _remove_facts(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Delete the facts of ``ids``, leaving their fact keys to be recounted, and unclustering the
    members of their clusters (which may fall apart without them)."""
    for table in KEYS:
        con.execute(f"""INSERT INTO pending_recount
            SELECT '{table}', coalesce(t.fact_key, md5_number(to_json({KEYS[table]})))
            FROM {table} t WHERE t.doc_id IN (SELECT unnest(?))""", [ids])
    for table in FACT_TABLES:
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
    con.execute("""UPDATE documents SET cluster_id = NULL WHERE cluster_id IN (
                       SELECT cluster_id FROM documents WHERE id IN (SELECT unnest(?)) AND cluster_id IS NOT NULL)""",
                [ids])
    # a removed document is no candidate copy of anything: its band keys go (its signature stays,
    # for a superseded version; unclustered() passes superseded documents by)
    con.execute("DELETE FROM doc_bands WHERE doc_id IN (SELECT unnest(?))", [ids])


def _in_transaction(con: duckdb.DuckDBPyConnection, what: str, run):
    try:
        con.execute("BEGIN TRANSACTION")
        result = run()
        con.execute("COMMIT")
        return result
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise NqpfError(f"could not {what}: {describe(err)}; nothing was changed") from None
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise

