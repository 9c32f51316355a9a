"""User-written SQL: read-only, no other files, and bounded in time, memory and rows.

``open_database(sandbox=True)`` makes the connection read-only without file access and caps
DuckDB's memory; this module adds the wall-clock limit and the row cap, because a cross join
can run for days inside the memory limit and its rows would fill this process, not DuckDB's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
_FETCH = 10_000


@dataclass
class SqlResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool  # more rows than ``max_rows``; the rest were never fetched


def run_sql(con: duckdb.DuckDBPyConnection, query: str, *, timeout: float = DEFAULT_TIMEOUT,
            max_rows: int = DEFAULT_MAX_ROWS) -> SqlResult:
    """Run ``query`` on a sandboxed connection; stop it after ``timeout`` seconds, keep ``max_rows``.

    Raises ``NqpfError`` with one line for SQL errors, the time limit and the memory limit.
    """
    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        con.interrupt()

    timer = threading.Timer(timeout, stop)
    timer.daemon = True
    timer.start()
    try:
        cur = con.execute(query)
        if cur.description is None:
            return SqlResult([], [], False)
        rows: list[tuple] = []
        while len(rows) <= max_rows and (chunk := cur.fetchmany(min(_FETCH, max_rows + 1 - len(rows)))):
            rows.extend(chunk)
        return SqlResult([d[0] for d in cur.description], rows[:max_rows], len(rows) > max_rows)
    except duckdb.Error as err:
        if timed_out.is_set() or isinstance(err, duckdb.InterruptException):
            raise NqpfError(f"SQL stopped: it ran longer than the {timeout:g} s limit (set --timeout)") from None
        if isinstance(err, duckdb.OutOfMemoryException):
            limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
            raise NqpfError(f"SQL stopped: it needs more than the {limit} memory limit "
                            "(set --memory-limit)") from None
        raise NqpfError(f"SQL error: {describe(err)}") from None
    finally:
        timer.cancel()
