"""Fact tables stored in region order.

Nearly every read selects one region's rows: a region's profile, the facts filtered by region,
the CLI's ``region`` and ``facts --region``. DuckDB skips the parts of a table whose min/max
statistics exclude the region asked for, but only when the region's rows sit together: in the order
ingest appends them (document after document) every part of a table holds every region, and each
such query reads the whole table. So the fact tables are rewritten in region order after the runs
that store documents. A rewrite costs a pass over the tables, so it happens once the rows appended
since the last one reach a quarter of what the tables held then: with the corpus growing, each row
is rewritten a bounded number of times on average, and a run that adds a few documents to a large
database adds no rewrite. Rows appended since stay readable; they only cost the read a few more parts.
"""

from __future__ import annotations

import contextlib

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe, within_memory
from nqpf.store.schema import FACT_TABLES

GROWTH_BEFORE_REWRITE = 0.25
_ROWS_KEY = "fact_rows_in_region_order"


def fact_rows(con: duckdb.DuckDBPyConnection) -> int:
    """All rows of the fact tables."""
    return con.execute("SELECT " + " + ".join(f"(SELECT count(*) FROM {t})" for t in FACT_TABLES)).fetchone()[0]


def keep_region_order(con: duckdb.DuckDBPyConnection, *, rewritten: bool = False, bounded: bool = True) -> bool:
    """Rewrite the fact tables in region order if enough rows were appended since the last rewrite
    (``rewritten``: rows were replaced in place, as ``reprocess`` does, so do it anyway). One
    transaction: interrupted, the tables stay as they were. Returns whether it rewrote them.
    ``bounded`` as for :func:`~nqpf.store.database.within_memory`."""
    total = fact_rows(con)
    row = con.execute("SELECT value FROM meta WHERE key = ?", [_ROWS_KEY]).fetchone()
    ordered = int(row[0]) if row else 0
    if not rewritten and (total == ordered or total - ordered <= GROWTH_BEFORE_REWRITE * ordered):
        return False
    try:
        within_memory(con, lambda: _rewrite(con, total), bounded=bounded)
    except duckdb.Error as err:
        raise NqpfError(f"could not rewrite the fact tables in region order: {describe(err)}; "
                        "the stored documents and facts are kept as they were") from None
    return True


def _rewrite(con: duckdb.DuckDBPyConnection, total: int) -> None:
    try:
        con.execute("BEGIN TRANSACTION")
        for table in FACT_TABLES:
            # doc_id and position after region: the same stored rows always get the same order
            order = "region, doc_id" + (", ev_start, ev_end" if table != "mentions" else "")
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {table} ORDER BY {order}")
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_ROWS_KEY, str(total)])
        con.execute("COMMIT")
    except duckdb.Error:
        with contextlib.suppress(duckdb.Error):  # a failed BEGIN or COMMIT leaves nothing to roll back
            con.execute("ROLLBACK")
        raise
