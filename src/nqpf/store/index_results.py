"""Index results in the database, so the dashboard and SQL users can read them. A run is
identified by what produced it; storing the same run again replaces it in one transaction."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe
from nqpf.store.schema import INDEX_TABLES, insert_columns


def run_id(**identity: Any) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode()).hexdigest()[:16]


def store_run(con: duckdb.DuckDBPyConnection, run: dict[str, Any], scores: list[dict[str, Any]],
              subscores: list[dict[str, Any]], weights: list[dict[str, Any]]) -> str:
    """Write one index run (plain rows) atomically; returns its id."""
    rid = run["run_id"]
    try:
        con.execute("BEGIN TRANSACTION")
        for table in INDEX_TABLES:
            con.execute(f"DELETE FROM {table} WHERE run_id = ?", [rid])
        con.execute("INSERT INTO index_runs (run_id, framework, method, options, first_year, last_year, panel) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [rid, run["framework"], run["method"], json.dumps(run["options"]), run["first_year"],
                     run["last_year"], run["panel"]])
        for table, rows, names in (("index_scores", scores, ("region", "year", "score", "rank", "coverage")),
                                   ("index_subscores", subscores, ("region", "year", "dimension", "score")),
                                   ("index_weights", weights, ("indicator", "dimension", "weight"))):
            if rows:
                insert_columns(con, table, [[rid] * len(rows), *[[r[n] for r in rows] for n in names]])
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise NqpfError(f"could not store the index run: {describe(err)}") from None
    return rid


def store_intervals(con: duckdb.DuckDBPyConnection, run_id: str, rows: list[dict[str, Any]], draws: int) -> None:
    """Replace the rank intervals of ``run_id`` with ``rows`` (region, year, median_rank, p05, p95)."""
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM index_intervals WHERE run_id = ?", [run_id])
        names = ("region", "year", "median_rank", "p05", "p95")
        insert_columns(con, "index_intervals", [[run_id] * len(rows), *[[r[n] for r in rows] for n in names],
                                                [draws] * len(rows)])
        con.execute("COMMIT")
    except duckdb.Error as err:
        con.execute("ROLLBACK")
        raise NqpfError(f"could not store the rank intervals: {describe(err)}") from None
