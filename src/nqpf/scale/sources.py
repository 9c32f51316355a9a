"""How many independent sources state each fact: the corroboration counts.

Within one fact key (``KEYS``), two rows are linked when their documents are in one near-duplicate
cluster or their evidence sentences are the same normalised text, and the count is the number of
connected components. It is stored on each row of the key (``corroboration``), except for a key
with more than ``SPREAD_ROWS`` rows: its count is kept once, in ``fact_sources``, and its rows have
none (readers take either: ``store.lookups.sources_join``). A fact that thousands of rows state
gains a source with nearly every ingest, and rewriting all its rows made an ingest's cost grow with
the corpus; a key of few rows is cheap to rewrite, and reads find its count on the row. Every row
keeps its component's label, the smallest cluster id in it (``source_label``), so counting can go
two ways:

- ``recount``: from all the rows of some keys, in SQL. Needed when a component may have split (a
  document was removed and its cluster made again, or clusters were made with other parameters).
- ``add``: for the rows of documents that were just clustered, when nothing split. Components then
  only merge, so each new row links to the stored labels it reaches (through its cluster, its
  sentence, or the label it had before its cluster merged into another), and a key's count changes
  by the components that merged. This reads the rows of the keys concerned, never holds them: an
  ingest of k documents holds O(k) rows whatever the corpus, where a recount holds every row of
  every key they touch (a province and an industry: thousands of rows each in a large corpus).
"""

from __future__ import annotations

from nqpf.store import duckdb_engine as duckdb

# what makes two rows the same fact, as SQL over the fact table ``t``


def _normal(column: str) -> str:
    """SQL for a text lowered, with every run of non-word characters one space (Python's ``\\W``)."""
    return rf"trim(regexp_replace(lower(coalesce({column}, '')), '[^\pL\pN_]+', ' ', 'g'))"


def _significant(column: str, digits: int = 4) -> str:
    """SQL for a number rounded to ``digits`` significant digits (0, inf and NaN as they are)."""
    return (f"CASE WHEN {column} = 0 OR NOT isfinite({column}) THEN {column} "
            f"ELSE round({column}, ({digits - 1} - floor(log10(abs({column}))))::INTEGER) END")


KEYS = {
    "priorities": "{'region': t.region, 'industry': t.industry}",
    "figures": f"{{'region': t.region, 'unit': t.unit, 'year': t.year, 'value': {_significant('t.value')}}}",
    "quotes": f"{{'speaker': t.speaker, 'text': left({_normal('t.text')}, 200)}}",
}
# the stored fact and sentence keys are md5s of DuckDB's JSON of the key: made by another version
# of the keys or of DuckDB, they are made again and every fact is recounted (v2: rows keep labels)
KEYS_VERSION = f"keys=v2 duckdb={duckdb.__version__}"

# new rows (of one table, in one update) that ``add`` takes; more are recounted, in SQL that may
# spill to disk, rather than held in Python
ADD_LIMIT = 50_000
# a key with more rows than this keeps its count in fact_sources instead of on its rows
SPREAD_ROWS = 128


def set_keys(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Give the rows that have none their fact and sentence keys."""
    con.execute(f"""UPDATE {table} t SET fact_key = md5_number(to_json({KEYS[table]})),
        sentence_key = md5_number({_normal('t.evidence')}) WHERE fact_key IS NULL""")


def count(con: duckdb.DuckDBPyConnection, table: str, *, everything: bool) -> None:
    """Bring the counts and labels of ``table`` up to date after the documents in the temp table
    ``changed_docs`` (``id``, ``merged``: only moved by a cluster merge) were clustered, and the rows
    of the keys in ``pending_recount`` lost a statement. ``everything``: recount every key."""
    set_keys(con, table)
    if everything:
        con.execute(f"DELETE FROM fact_sources WHERE fact_table = '{table}'")
        recount(con, table, f"SELECT fact_key FROM {table}")
        return
    # the rows of the changed documents, the key numbered densely (Python sees small ints, not md5s)
    con.execute(f"""CREATE OR REPLACE TEMP TABLE fresh AS
        SELECT t.doc_id, t.fact_key AS gid, dense_rank() OVER (ORDER BY t.fact_key) AS g,
               coalesce(d.cluster_id, d.id) AS cluster, t.sentence_key AS sentence, t.source_label AS old, c.moved
        FROM {table} t JOIN (SELECT id, bool_and(merged) AS moved FROM changed_docs GROUP BY id) c ON c.id = t.doc_id
        JOIN documents d ON d.id = t.doc_id""")
    # a row clustered again that had a label lost its cluster to a removal: its component may split
    con.execute(f"""CREATE OR REPLACE TEMP TABLE recount_keys AS
        SELECT fact_key AS gid FROM pending_recount WHERE fact_table = '{table}'
        UNION SELECT gid FROM fresh WHERE old IS NOT NULL AND NOT moved""")
    con.execute("DELETE FROM fresh WHERE gid IN (SELECT gid FROM recount_keys)")
    if con.execute("SELECT count(*) FROM fresh").fetchone()[0] > ADD_LIMIT:
        con.execute("INSERT INTO recount_keys SELECT DISTINCT gid FROM fresh")
        con.execute("DELETE FROM fresh")
    if con.execute("SELECT count(*) FROM recount_keys").fetchone()[0]:
        recount(con, table, "SELECT gid FROM recount_keys")
    add(con, table)
    con.execute("DROP TABLE fresh")
    con.execute("DROP TABLE recount_keys")


def recount(con: duckdb.DuckDBPyConnection, table: str, keys: str) -> None:
    """Count the keys that the query ``keys`` selects again from all their rows.

    Clusters take the smallest label reachable through a sentence they share, until no label
    changes (as many rounds as the longest chain of clusters linked by sentences, one or two in
    practice)."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE occurrences AS
        SELECT t.doc_id, t.fact_key AS gid, coalesce(d.cluster_id, d.id) AS cluster, t.sentence_key AS sentence
        FROM {table} t JOIN documents d ON d.id = t.doc_id WHERE t.fact_key IN ({keys})""")
    # only a sentence that two clusters share can join them: the others change no label, and leaving
    # them out leaves the rounds below a small table (the sentences syndicated copies share)
    con.execute("""CREATE OR REPLACE TEMP TABLE links AS
        SELECT gid, sentence, cluster FROM (SELECT DISTINCT gid, sentence, cluster FROM occurrences)
        QUALIFY count(*) OVER (PARTITION BY gid, sentence) > 1""")
    con.execute("""CREATE OR REPLACE TEMP TABLE labels AS
        SELECT DISTINCT gid, cluster, cluster AS label FROM occurrences""")
    while True:
        changed = con.execute("""
            WITH by_sentence AS (
                SELECT k.gid, k.sentence, min(l.label) AS label
                FROM links k JOIN labels l USING (gid, cluster) GROUP BY ALL),
            reached AS (
                SELECT k.gid, k.cluster, min(s.label) AS label
                FROM links k JOIN by_sentence s USING (gid, sentence) GROUP BY ALL)
            UPDATE labels SET label = r.label FROM reached r
            WHERE labels.gid = r.gid AND labels.cluster = r.cluster AND r.label < labels.label""").fetchone()[0]
        if not changed:
            break
    con.execute(f"""UPDATE {table} SET source_label = m.label FROM (
            SELECT DISTINCT o.doc_id, o.gid, l.label FROM occurrences o JOIN labels l USING (gid, cluster)) m
        WHERE {table}.doc_id = m.doc_id AND {table}.fact_key = m.gid
          AND {table}.source_label IS DISTINCT FROM m.label""")
    con.execute("CREATE OR REPLACE TEMP TABLE counts AS SELECT gid, count(DISTINCT label) AS sources "
                "FROM labels GROUP BY gid")
    # a key without rows any more keeps no count
    con.execute(f"""DELETE FROM fact_sources WHERE fact_table = '{table}' AND fact_key IN ({keys})
                    AND fact_key NOT IN (SELECT gid FROM counts)""")
    _store(con, table)
    for temp in ("occurrences", "links", "labels"):
        con.execute(f"DROP TABLE {temp}")


def add(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Link the rows in the temp table ``fresh`` into the stored components of their keys.

    Nodes are a key's clusters; a stored component stands as the node of its label (a cluster of
    that key, the smallest in it), so linking a new row to a label merges it with the whole component."""
    stored = f"{table} t WHERE t.doc_id NOT IN (SELECT id FROM changed_docs)"
    # the stored documents of the new rows' clusters, and their rows, picked first: joining the
    # documents to the whole fact table instead cost a batch a scan that grew with the corpus
    edges = con.execute(f"""
        WITH mates AS (SELECT id, cluster_id FROM documents WHERE cluster_id IN (SELECT cluster FROM fresh)
                       AND id NOT IN (SELECT id FROM changed_docs)),
        mate_rows AS (SELECT doc_id, fact_key, source_label FROM {table} WHERE doc_id IN (SELECT id FROM mates))
        SELECT DISTINCT f.g, f.cluster, t.source_label, true FROM fresh f JOIN (SELECT * FROM {stored}) t
            ON t.fact_key = f.gid AND t.sentence_key = f.sentence
        UNION SELECT DISTINCT f.g, f.cluster, t.source_label, true FROM fresh f
            JOIN mates m ON m.cluster_id = f.cluster JOIN mate_rows t ON t.doc_id = m.id AND t.fact_key = f.gid
        UNION SELECT DISTINCT g, cluster, old, true FROM fresh WHERE old IS NOT NULL
        UNION SELECT DISTINCT a.g, a.cluster, b.cluster, false FROM fresh a JOIN fresh b
            ON a.g = b.g AND a.sentence = b.sentence AND a.cluster < b.cluster""").fetchall()
    nodes = con.execute("SELECT DISTINCT g, cluster FROM fresh").fetchall()
    if not nodes:
        return
    parent = {node: node for node in nodes}

    def find(node: tuple[int, str]) -> tuple[int, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    labels: dict[int, set[str]] = {}  # the stored components each key's new rows reach
    for g, cluster, other, is_label in edges:
        if is_label:
            labels.setdefault(g, set()).add(other)
        a, b = find((g, cluster)), find((g, other))
        if a != b:  # the root is always the smallest node of its set: the component's label
            parent[max(a, b)] = min(a, b)
    roots: dict[int, set[str]] = {}
    for node in list(parent):
        roots.setdefault(node[0], set()).add(find(node)[1])
    relabel = [(g, label, find((g, label))[1]) for g, found in labels.items() for label in found
               if find((g, label))[1] != label]
    con.execute("CREATE OR REPLACE TEMP TABLE new_labels AS SELECT unnest(?) AS g, unnest(?) AS cluster, "
                "unnest(?) AS label", [[g for g, _ in nodes], [c for _, c in nodes], [find(n)[1] for n in nodes]])
    if relabel:
        con.execute("CREATE OR REPLACE TEMP TABLE relabel AS SELECT unnest(?) AS g, unnest(?) AS old, "
                    "unnest(?) AS new", [list(column) for column in zip(*relabel, strict=True)])
        con.execute(f"""UPDATE {table} SET source_label = m.new FROM (
                SELECT DISTINCT f.gid, r.old, r.new FROM relabel r JOIN fresh f USING (g)) m
            WHERE {table}.fact_key = m.gid AND {table}.source_label = m.old""")
        con.execute("DROP TABLE relabel")
    con.execute(f"""UPDATE {table} SET source_label = m.label FROM (
            SELECT DISTINCT f.doc_id, f.gid, n.label FROM fresh f JOIN new_labels n USING (g, cluster)) m
        WHERE {table}.doc_id = m.doc_id AND {table}.fact_key = m.gid""")
    # a key's count: what it was, less the stored components its new rows reached, plus what they became
    gs = sorted(roots)
    change = [len(roots[g]) - len(labels.get(g, ())) for g in gs]
    con.execute("CREATE OR REPLACE TEMP TABLE source_change AS SELECT unnest(?) AS g, unnest(?) AS change",
                [gs, change])
    # every key of the new rows, changed or not: the new rows have no count yet
    con.execute(f"""CREATE OR REPLACE TEMP TABLE counts AS
        SELECT k.gid, coalesce(o.sources, r.sources, 0) + s.change AS sources
        FROM (SELECT DISTINCT g, gid FROM fresh) k JOIN source_change s USING (g)
        LEFT JOIN fact_sources o ON o.fact_table = '{table}' AND o.fact_key = k.gid
        LEFT JOIN (SELECT fact_key, max(corroboration) AS sources FROM {table}
                   WHERE fact_key IN (SELECT gid FROM fresh) GROUP BY fact_key) r ON r.fact_key = k.gid""")
    _store(con, table)
    for temp in ("new_labels", "source_change"):
        con.execute(f"DROP TABLE {temp}")


def _store(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Store the counts in the temp table ``counts`` (``gid``, ``sources``): on the rows of each key, or
    in ``fact_sources`` for a key kept there or grown past ``SPREAD_ROWS`` rows (whose rows then lose
    theirs). Either way a row's count is ``coalesce(corroboration, fact_sources.sources)``."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE apart AS
        SELECT c.gid, c.sources FROM counts c
        WHERE c.gid IN (SELECT fact_key FROM fact_sources WHERE fact_table = '{table}')
           OR c.gid IN (SELECT fact_key FROM {table} WHERE fact_key IN (SELECT gid FROM counts)
                        GROUP BY fact_key HAVING count(*) > {SPREAD_ROWS})""")
    con.execute(f"DELETE FROM fact_sources WHERE fact_table = '{table}' AND fact_key IN (SELECT gid FROM apart)")
    con.execute(f"INSERT INTO fact_sources SELECT '{table}', gid, sources FROM apart")
    con.execute(f"""UPDATE {table} SET corroboration = NULL
                    WHERE fact_key IN (SELECT gid FROM apart) AND corroboration IS NOT NULL""")
    # by key, not by row id: all rows of a key get the same count, and DuckDB updates through a join on
    # row ids about 30 times slower
    con.execute(f"""UPDATE {table} SET corroboration = c.sources
        FROM (SELECT * FROM counts WHERE gid NOT IN (SELECT gid FROM apart)) c
        WHERE {table}.fact_key = c.gid AND {table}.corroboration IS DISTINCT FROM c.sources""")
    con.execute("DROP TABLE apart")
    con.execute("DROP TABLE counts")
