"""Near-duplicate clusters over the stored corpus and corroboration counts for facts.

A fact's corroboration is the number of independent sources that state it. Two statements come
from the same source when their documents are near-duplicates (one MinHash cluster) or when the
sentence itself is the same copied text: two articles sharing a syndicated paragraph count once
for what that paragraph says, and twice for what they each say in their own words.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from dataclasses import dataclass
from math import floor, log10

import duckdb
import numpy as np

from nqpf.errors import NqpfError
from nqpf.scale.minhash import DEFAULT_THRESHOLD, clusters, signature
from nqpf.store.database import describe
from nqpf.store.schema import insert_columns

_NON_WORD = re.compile(r"\W+")


@dataclass
class DuplicateSummary:
    documents: int
    clusters: int
    duplicates: int  # documents that are near-copies of another

    def line(self) -> str:
        return (f"near-duplicates: {self.duplicates} of {self.documents} documents are copies "
                f"({self.clusters} distinct sources)")


def _normal(text: str | None) -> str:
    return _NON_WORD.sub(" ", (text or "").lower()).strip()


def _significant(value: float, digits: int = 4) -> float:
    if value == 0 or not np.isfinite(value):
        return value
    return round(value, digits - 1 - floor(log10(abs(value))))


def add_signatures(con: duckdb.DuckDBPyConnection, signatures: dict[str, np.ndarray]) -> None:
    """Store precomputed signatures (from workers) for documents that have none."""
    if signatures:
        ids = list(signatures)
        insert_columns(con, "doc_signatures", [ids, [signatures[i].tolist() for i in ids]])


def update_duplicates(con: duckdb.DuckDBPyConnection, *, threshold: float = DEFAULT_THRESHOLD,
                      batch: int = 2000) -> DuplicateSummary:
    """Sign new documents, recluster the corpus and recount corroboration, in one transaction."""
    try:
        con.execute("BEGIN TRANSACTION")
        missing = con.execute("SELECT d.id FROM documents d ANTI JOIN doc_signatures s ON s.doc_id = d.id"
                              ).fetchall()
        ids = [r[0] for r in missing]
        for start in range(0, len(ids), batch):
            chunk = ids[start:start + batch]
            texts = con.execute("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?))", [chunk]).fetchall()
            add_signatures(con, {doc_id: signature(text) for doc_id, text in texts})
        stored = con.execute("SELECT doc_id, minhash FROM doc_signatures ORDER BY doc_id").fetchall()
        cluster_of = clusters(((d, np.asarray(v, dtype=np.uint64)) for d, v in stored), threshold=threshold)
        con.execute("CREATE OR REPLACE TEMP TABLE cluster_map AS SELECT unnest(?) AS id, unnest(?) AS cluster",
                    [list(cluster_of), list(cluster_of.values())])
        con.execute("UPDATE documents SET cluster_id = m.cluster FROM cluster_map m WHERE documents.id = m.id")
        for table, key in (("priorities", _priority_key), ("figures", _figure_key), ("quotes", _quote_key)):
            _corroborate(con, table, key)
        con.execute("COMMIT")
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):  # a failed BEGIN or COMMIT leaves nothing to roll back
            con.execute("ROLLBACK")
        raise NqpfError(f"could not update near-duplicates: {describe(err)}") from None
    distinct = len(set(cluster_of.values()))
    return DuplicateSummary(len(cluster_of), distinct, len(cluster_of) - distinct)


def _priority_key(row: tuple) -> tuple:
    return row[3], row[4]


def _figure_key(row: tuple) -> tuple:
    return row[3], row[4], row[5], _significant(row[6])


def _quote_key(row: tuple) -> tuple:
    return row[3], _normal(row[4])[:200]


_KEY_COLUMNS = {
    "priorities": "t.region, t.industry",
    "figures": "t.region, t.unit, t.year, t.value",
    "quotes": "t.speaker, t.text",
}


def _corroborate(con: duckdb.DuckDBPyConnection, table: str, key) -> None:
    found = con.execute(f"""SELECT t.rowid, coalesce(d.cluster_id, d.id), t.evidence, {_KEY_COLUMNS[table]}
                            FROM {table} t JOIN documents d ON d.id = t.doc_id""").fetchall()
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for row in found:
        groups[key(row)].append(row)
    rowids, counts = [], []
    for rows in groups.values():
        n = _independent_sources([(r[1], _normal(r[2])) for r in rows])
        rowids += [r[0] for r in rows]
        counts += [n] * len(rows)
    con.execute("CREATE OR REPLACE TEMP TABLE corroboration_map AS SELECT unnest(?) AS rid, unnest(?) AS n",
                [rowids, counts])
    con.execute(f"UPDATE {table} SET corroboration = m.n FROM corroboration_map m WHERE {table}.rowid = m.rid")


def _independent_sources(occurrences: list[tuple[str, str]]) -> int:
    """Connected components of occurrences linked by a shared cluster or a shared sentence."""
    parent = list(range(len(occurrences)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of: dict[tuple[str, str], int] = {}
    for i, (cluster, sentence) in enumerate(occurrences):
        for link in (("c", cluster), ("s", sentence)):
            if link in first_of:
                parent[find(i)] = find(first_of[link])
            else:
                first_of[link] = i
    return len({find(i) for i in range(len(occurrences))})
