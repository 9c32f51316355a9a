"""Near-duplicate clusters kept up to date one chunk of new documents at a time.

Stored state: ``doc_signatures`` (MinHash values), ``doc_bands`` (one row per document and LSH
band: ``key``, ``doc_id``) and ``documents.cluster_id``. A document whose ``cluster_id`` is NULL
has not been clustered yet. For the others the invariant is: ``cluster_id`` is the smallest
document id of its connected component in the graph whose edges join documents that share a band
key and whose estimated Jaccard similarity reaches the threshold. That is the definition
``minhash.clusters`` computes from scratch, so clustering the corpus in any number of chunks
gives the same ids.

A chunk of k new documents reads their signatures (or texts, to sign them), the band rows that
share one of their keys, the signatures of those candidates and nothing else; it writes k × bands
band rows and the cluster ids of the new documents and of the clusters they merge.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from nqpf.scale.bands import band_keys, similar
from nqpf.scale.minhash import NUM_PERM
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.schema import insert_columns

CHUNK = 2000


def unclustered(con: duckdb.DuckDBPyConnection, limit: int) -> list[str]:
    """The first ``limit`` current documents, by id, that have no cluster yet (a superseded version
    is in no cluster)."""
    rows = con.execute("SELECT id FROM documents WHERE cluster_id IS NULL AND superseded_by IS NULL ORDER BY id "
                       "LIMIT ?", [limit]).fetchall()
    return [r[0] for r in rows]


def _signatures(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, np.ndarray]:
    # one flat uint64 array for the whole chunk instead of 128 Python ints per document
    flat = con.execute("SELECT doc_id, unnest(minhash) AS v FROM doc_signatures WHERE doc_id IN (SELECT unnest(?))",
                       [ids]).fetchnumpy()
    matrix = flat["v"].astype(np.uint64).reshape(-1, NUM_PERM)
    return dict(zip(flat["doc_id"][::NUM_PERM].tolist(), matrix, strict=True))


def _sign_missing(con: duckdb.DuckDBPyConnection, ids: list[str], have: dict[str, np.ndarray],
                  signer: Callable[[str], np.ndarray]) -> None:
    missing = [i for i in ids if i not in have]
    if not missing:
        return
    texts = con.execute("SELECT id, text FROM documents WHERE id IN (SELECT unnest(?))", [missing]).fetchall()
    signed = {doc_id: np.asarray(signer(text), dtype=np.uint64) for doc_id, text in texts}
    insert_columns(con, "doc_signatures", [list(signed), [v.tolist() for v in signed.values()]])
    have.update(signed)


def cluster_chunk(con: duckdb.DuckDBPyConnection, ids: list[str], *, threshold: float,
                  signer: Callable[[str], np.ndarray]) -> None:
    """Cluster the unclustered documents ``ids`` into the stored clusters; the documents whose
    cluster id is set or changed are added to the temp table ``changed_docs`` (``merged``: only
    moved into another cluster by a merge)."""
    sigs = _signatures(con, ids)
    _sign_missing(con, ids, sigs, signer)
    ids = [i for i in ids if i in sigs]
    # keys the Dask workers made with the signatures are stored already: only the others are made here
    banded = {r[0] for r in con.execute("SELECT DISTINCT doc_id FROM doc_bands WHERE doc_id IN (SELECT unnest(?))",
                                         [ids]).fetchall()}
    con.execute("CREATE OR REPLACE TEMP TABLE chunk_bands AS SELECT key, doc_id FROM doc_bands "
                "WHERE doc_id IN (SELECT unnest(?))", [sorted(banded)])
    unbanded = [i for i in ids if i not in banded]
    if unbanded:
        keys = band_keys(np.stack([sigs[i] for i in unbanded]), threshold)
        bands = keys.shape[1]
        # handed to DuckDB once and copied from the chunk's table: converting the Python lists costs
        # more than the insert (~65 ms a thousand documents)
        insert_columns(con, "chunk_bands", [keys.reshape(-1).tolist(), [i for i in unbanded for _ in range(bands)]])
        con.execute("INSERT INTO doc_bands SELECT key, doc_id FROM chunk_bands WHERE doc_id IN (SELECT unnest(?))",
                    [unbanded])
    # candidates: clustered documents, or this chunk's (the only unclustered ones with bands)
    pairs = con.execute("""
        SELECT DISTINCT n.doc_id, o.doc_id, d.cluster_id
        FROM chunk_bands n JOIN doc_bands o ON o.key = n.key AND o.doc_id <> n.doc_id
        JOIN documents d ON d.id = o.doc_id""").fetchall()
    con.execute("DROP TABLE chunk_bands")
    chunk = set(ids)
    pairs = [(a, b, c) for a, b, c in pairs if c is not None or b in chunk]
    outside = sorted({b for _, b, c in pairs if b not in chunk})
    sigs.update(_signatures(con, outside))
    if pairs:
        left = np.stack([sigs[a] for a, _, _ in pairs])
        right = np.stack([sigs[b] for _, b, _ in pairs])
        edges = [p for p, keep in zip(pairs, similar(left, right, threshold), strict=True) if keep]
    else:
        edges = []
    _merge(con, ids, edges)


def _merge(con: duckdb.DuckDBPyConnection, ids: list[str], edges: list[tuple[str, str, str | None]]) -> None:
    # nodes: this chunk's documents, and each stored cluster touched, by its id (its smallest
    # member); a root is always the smallest node of its set, so it is the new cluster id
    parent: dict[str, str] = {i: i for i in ids}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, cluster in edges:
        ra, rb = find(a), find(cluster if cluster is not None else b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    chunk = set(ids)
    merged = {old: find(old) for old in parent if old not in chunk and find(old) != old}
    insert_columns(con, "changed_docs", [ids, [False] * len(ids)])
    if merged:
        con.execute("CREATE OR REPLACE TEMP TABLE merge_map AS SELECT unnest(?) AS old, unnest(?) AS new",
                    [list(merged), list(merged.values())])
        con.execute("INSERT INTO changed_docs SELECT id, true FROM documents JOIN merge_map m ON cluster_id = m.old")
        con.execute("UPDATE documents SET cluster_id = m.new FROM merge_map m WHERE documents.cluster_id = m.old")
    con.execute("CREATE OR REPLACE TEMP TABLE cluster_map AS SELECT unnest(?) AS id, unnest(?) AS cluster",
                [ids, [find(i) for i in ids]])
    con.execute("UPDATE documents SET cluster_id = m.cluster FROM cluster_map m WHERE documents.id = m.id")
