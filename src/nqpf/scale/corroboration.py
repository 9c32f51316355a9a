"""Near-duplicate clusters over the stored corpus and corroboration counts for facts.

A fact's corroboration is the number of independent sources that state it. Two statements come
from the same source when their documents are near-duplicates (one MinHash cluster) or when the
sentence itself is the same copied text: two articles sharing a syndicated paragraph count once
for what that paragraph says, and twice for what they each say in their own words.

An update touches only what new documents change: they are clustered into the stored clusters
(``incremental``), and the facts of documents whose cluster was set or changed are counted into
the stored counts (``sources``).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nqpf.errors import NqpfError
from nqpf.scale.bands import parameters
from nqpf.scale.incremental import CHUNK, cluster_chunk, unclustered
from nqpf.scale.minhash import DEFAULT_THRESHOLD, signature
from nqpf.scale.sources import KEYS, KEYS_VERSION, count
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe, within_memory
from nqpf.store.schema import insert_columns

PARAMETERS_KEY = "near_duplicate_parameters"
_KEYS_VERSION_KEY = "fact_key_parameters"


@dataclass
class DuplicateSummary:
    documents: int
    clusters: int
    duplicates: int  # documents that are near-copies of another

    def line(self) -> str:
        return (f"near-duplicates: {self.duplicates} of {self.documents} documents are copies "
                f"({self.clusters} distinct sources)")


def add_signatures(con: duckdb.DuckDBPyConnection, signatures: dict[str, np.ndarray]) -> None:
    """Store precomputed signatures (from workers) for documents that have none."""
    if signatures:
        ids = list(signatures)
        insert_columns(con, "doc_signatures", [ids, [signatures[i].tolist() for i in ids]])


def stored_threshold(con: duckdb.DuckDBPyConnection) -> float:
    """The threshold the stored clusters were made with (the default for a database without any)."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", [PARAMETERS_KEY]).fetchone()
    found = re.search(r"threshold=([0-9.]+)", row[0]) if row else None
    return float(found.group(1)) if found else DEFAULT_THRESHOLD


def update_duplicates(con: duckdb.DuckDBPyConnection, *, threshold: float = DEFAULT_THRESHOLD,
                      batch: int = CHUNK, signer: Callable[[str], np.ndarray] = signature,
                      bounded: bool = True) -> DuplicateSummary:
    """Cluster the documents not clustered yet into the stored clusters and recount the
    corroboration of the facts this changes, in one transaction.

    ``bounded``: under a memory limit of its own (the default, except for a served database, whose
    memory is its server's, shared by the requests it answers: not this update's to lower).

    A database clustered with another threshold (or banding) is clustered again from scratch.
    """
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be between 0 and 1, not {threshold}")
    return within_memory(con, lambda: _update(con, threshold, batch, signer), bounded=bounded)


def _update(con: duckdb.DuckDBPyConnection, threshold: float, batch: int,
            signer: Callable[[str], np.ndarray]) -> DuplicateSummary:
    try:
        con.execute("BEGIN TRANSACTION")
        wanted = parameters(threshold)
        stored = con.execute("SELECT value FROM meta WHERE key = ?", [PARAMETERS_KEY]).fetchone()
        if stored is None or stored[0] != wanted:
            # band keys and clusters made for other parameters (or by a version without band keys)
            con.execute("DELETE FROM doc_bands")
            con.execute("UPDATE documents SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [PARAMETERS_KEY, wanted])
        # a changed document was clustered (new, or its cluster made again), or only moved (merged: True)
        con.execute("CREATE OR REPLACE TEMP TABLE changed_docs (id VARCHAR, merged BOOLEAN)")
        keys = con.execute("SELECT value FROM meta WHERE key = ?", [_KEYS_VERSION_KEY]).fetchone()
        everything = keys is None or keys[0] != KEYS_VERSION
        if everything:
            for table in KEYS:
                con.execute(f"UPDATE {table} SET fact_key = NULL, sentence_key = NULL WHERE fact_key IS NOT NULL")
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_KEYS_VERSION_KEY, KEYS_VERSION])
        while ids := unclustered(con, batch):
            cluster_chunk(con, ids, threshold=threshold, signer=signer)
        for table in KEYS:
            count(con, table, everything=everything)
        con.execute("DELETE FROM pending_recount")
        # a cluster's id is one of its documents: counting those needs no set of all cluster ids
        documents, distinct = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE cluster_id = id OR cluster_id IS NULL) FROM documents "
            "WHERE superseded_by IS NULL").fetchone()
        con.execute("DROP TABLE changed_docs")
        con.execute("COMMIT")
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):  # a failed BEGIN or COMMIT leaves nothing to roll back
            con.execute("ROLLBACK")
        if isinstance(err, duckdb.OutOfMemoryException):
            raise  # within_memory runs it again without the bound
        raise NqpfError(f"could not update near-duplicates: {describe(err)}") from None
    return DuplicateSummary(documents, distinct, documents - distinct)
