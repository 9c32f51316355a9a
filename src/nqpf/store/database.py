"""Opening the database file, with every failure turned into one clear sentence."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.schema import migrate, schema_version

DB_ENV = "NQPF_DB"
DEFAULT_DB = "nqpf.duckdb"


def default_db_path() -> str:
    """``$NQPF_DB`` or ``./nqpf.duckdb``."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


SANDBOX_MEMORY = "1GB"
T = TypeVar("T")
CORRUPT = "not a DuckDB database, or it is corrupt"


def open_database(path: str | None = None, *, write: bool = False, sandbox: bool = False,
                  memory_limit: str = SANDBOX_MEMORY, served: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (``write``: create or migrate) the database at ``path``.

    A reader never creates a file. ``sandbox`` gives a read-only connection that cannot touch
    any other file (no COPY, ATTACH, read_csv, extensions, no spilling to a temporary
    directory) and holds at most ``memory_limit``: for user-written SQL.

    While ``nqpf serve`` holds the file, the connection is a :class:`~nqpf.store.remote.RemoteConnection`
    that runs every statement in the server (``served``: the server itself opening it).
    """
    path = path or default_db_path()
    from nqpf.store.remote import RemoteConnection, find_server

    server = find_server(path)
    if server is not None:
        where = f"`nqpf serve` (PID {server['pid']}) at {server['url']}"
        if served:
            raise NqpfError(f"{path}: it is already served by {where}")
        if sandbox:
            raise NqpfError(f"{path}: it is served by {where}, and `nqpf sql` needs the file to itself; "
                            "stop the server, or query through its API")
        return RemoteConnection(server, path, write=write)  # type: ignore[return-value]
    if not write and not Path(path).exists():
        raise NqpfError(f"{path}: no database here; create one with `nqpf ingest PATH --db {path}`")
    if write and Path(path).exists() and not os.access(path, os.W_OK):
        raise NqpfError(f"{path}: the database file is read-only")
    if write and not Path(path).exists() and not os.access(Path(path).resolve().parent, os.W_OK):
        raise NqpfError(f"{path}: cannot create the database: the directory is not writable")
    config = {"enable_external_access": False, "memory_limit": memory_limit, "temp_directory": ""} \
        if sandbox else {}
    try:
        con = duckdb.connect(path, read_only=not write, config=config)
    except duckdb.Error as err:
        raise NqpfError(f"{path}: {_unchanged(describe(err))}") from None
    try:
        if write:
            migrate(con)
        else:
            version = schema_version(con)
            from nqpf.store.schema import SCHEMA_VERSION

            if version > SCHEMA_VERSION:
                raise NqpfError(f"it has schema version {version}, newer than this nqpf understands "
                                f"({SCHEMA_VERSION}); upgrade nqpf to use it")
            if version < SCHEMA_VERSION:
                raise NqpfError(f"it has schema version {version}; run `nqpf reprocess` once to migrate it")
    except NqpfError as err:
        con.close()
        raise NqpfError(f"{path}: {err}") from None
    except duckdb.Error as err:
        con.close()
        raise NqpfError(f"{path}: {_unchanged(describe(err))}") from None
    return con


def _unchanged(reason: str) -> str:
    # Only said while opening: once a run has committed batches, "nothing was changed" would be false.
    return f"{reason}; nothing was changed" if reason == CORRUPT else reason


def describe(err: BaseException) -> str:
    """DuckDB's message, reduced to what a user can act on."""
    text = str(err)
    if "Conflicting lock" in text or "Could not set lock" in text:
        pid = re.search(r"PID (\d+)", text)
        return "the database is in use by another process" + (f" (PID {pid.group(1)})" if pid else "") + \
            "; wait for it to finish"
    if "not a valid DuckDB database" in text or "Invalid Input Error: The file" in text or \
            "Corrupt database" in text or "checksum" in text.lower():
        return CORRUPT
    if "No space left" in text or "disk is full" in text.lower():
        return "the disk is full; the last batch was rolled back, stored data is intact"
    if "Cannot execute statement" in text and "read-only" in text:
        return "this connection is read-only: statements that change data are refused"
    if "Permission denied" in text:
        return "permission denied"
    return text.splitlines()[0]


# DuckDB keeps every block it reads cached up to its memory limit (80% of RAM by default), so a pass
# over the tables would hold memory that grows with them. Under a limit, it evicts them and spills
# its temporary tables instead; the allowance per document is for the primary-key indexes (of
# documents and doc_signatures), which must stay in memory.
MEMORY_BASE = 128 * 2**20
MEMORY_PER_DOCUMENT = 512


def within_memory(con: duckdb.DuckDBPyConnection, run: Callable[[], T], *, bounded: bool = True) -> T:
    """``run()`` (one transaction, rolled back when it fails) under a memory limit that grows with
    the documents stored, not with the tables' size (``bounded``: False for a served database,
    whose memory limit is its server's, shared by the requests it answers).

    The limit is an estimate: if ``run`` exceeds it, it runs again under DuckDB's own limit rather
    than fail the command that needed it."""
    if not bounded or getattr(con, "remote", False):
        return run()
    before = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    try:
        # lowering the limit fails too when more than the new limit is held and cannot be evicted
        con.execute(f"SET memory_limit = '{(MEMORY_BASE + MEMORY_PER_DOCUMENT * documents) // 2**20}MB'")
        return run()
    except duckdb.OutOfMemoryException:
        con.execute(f"SET memory_limit = '{before}'")
        return run()
    finally:
        con.execute(f"SET memory_limit = '{before}'")
