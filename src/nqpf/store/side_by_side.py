"""The read queries of one command run side by side, each on a cursor of its own.

DuckDB releases the GIL while a statement runs, and a short statement keeps one core busy for most of
its time (binding, planning, a pipeline over a few thousand rows). ``nqpf region``'s page and two
summaries take ~55 ms one after the other on the 2-core machine and ~30 ms side by side: the largest
part of the command's time that is nqpf's own, not Python's or DuckDB's start.

Threads by hand rather than ``concurrent.futures``: its import (it imports ``logging``) costs 13-17 ms,
half of what running side by side saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from nqpf.store import duckdb_engine as duckdb


def side_by_side(con: duckdb.DuckDBPyConnection, calls: Sequence[Callable[[Any], Any]]) -> list[Any]:
    """``[call(cursor) for call in calls]``, the calls running at once, each on its own cursor of ``con``
    (one transaction each: read queries only). The first call's error, if any, is raised once all are done.
    A served database's connection (no cursors: its server runs the statements) runs them in turn."""
    if not isinstance(con, duckdb.DuckDBPyConnection) or len(calls) < 2:
        return [call(con) for call in calls]
    results: list[Any] = [None] * len(calls)
    errors: list[tuple[int, BaseException]] = []

    def run(i: int, cursor: duckdb.DuckDBPyConnection) -> None:
        try:
            results[i] = calls[i](cursor)
        except BaseException as err:  # noqa: BLE001 - handed to the caller's thread below
            errors.append((i, err))
        finally:
            cursor.close()

    threads = [threading.Thread(target=run, args=(i, con.cursor()), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise min(errors, key=lambda e: e[0])[1]
    return results
