"""The server's side of :mod:`nqpf.store.remote`: the sessions other nqpf commands run their
statements in while this server holds the database.

Not part of the public API (left out of the OpenAPI document): each call must carry the token of
the server's sidecar, which only its user can read. A session is a cursor of the server's
connection. One session at a time may write: a writer waits for the one before it, so that two
ingests never conflict on the same rows; readers never wait. A session whose process has gone
(killed, crashed) is closed by the server, which rolls back what it left open.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import re
import secrets
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.remote import TOKEN_HEADER, process_alive

router = APIRouter(prefix="/api/_db", include_in_schema=False)

WRITE_WAIT = 5.0  # seconds a request to open a writing session waits before answering "not yet"
REAP_EVERY = 1.0
WRITER_NICENESS = 10
IDLE_LIMIT = 3600.0  # a session unused this long is closed even if its process lives
# statements after which what readers see may have changed (outside a transaction; COMMIT inside one)
_READ_ONLY = re.compile(
    r"\s*(?:SELECT|WITH|FROM|SHOW|DESCRIBE|EXPLAIN|PRAGMA\s+table_info|VALUES|COPY\s*\(\s*SELECT)\b", re.I)
_BEGIN = re.compile(r"\s*BEGIN\b", re.I)
_END = re.compile(r"\s*(?:COMMIT|END|ROLLBACK|ABORT)\b", re.I)


@dataclass
class Session:
    cursor: duckdb.DuckDBPyConnection
    write: bool
    pid: int
    used: float = field(default_factory=time.monotonic)
    in_transaction: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sessions:
    """The open sessions of one server, and the one writer among them."""

    def __init__(self, cursor_factory, on_change) -> None:
        self._cursor = cursor_factory
        self._on_change = on_change
        self._sessions: dict[str, Session] = {}
        self._lock = threading.Lock()
        self._writer_free = threading.Condition(self._lock)
        self._writer: str | None = None
        self._stop = threading.Event()
        # the writers' statements run on a thread of their own at a lower priority, so that on a
        # busy machine the requests' queries (on the usual worker threads) get the cores first; DuckDB
        # runs a statement on its caller's thread (the server sets threads = 1)
        self.writer_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nqpf-writer",
                                              initializer=_lower_priority)
        self._reaper = threading.Thread(target=self._reap, name="nqpf-sessions", daemon=True)
        self._reaper.start()

    def open(self, write: bool, pid: int) -> tuple[str | None, int | None]:
        """A new session's id, or (None, the writer's pid) if another writer kept it for ``WRITE_WAIT``."""
        sid = secrets.token_hex(16)
        with self._lock:
            if write:
                deadline = time.monotonic() + WRITE_WAIT
                while self._writer is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None, self._sessions[self._writer].pid
                    self._writer_free.wait(left)
                self._writer = sid
            self._sessions[sid] = Session(self._cursor(), write, pid)
        return sid, None

    def get(self, sid: str) -> Session | None:
        with self._lock:
            session = self._sessions.get(sid)
        if session is not None:
            session.used = time.monotonic()
        return session

    def execute(self, session: Session, sql: str, parameters: Any) -> Any:
        if not session.write and not _READ_ONLY.match(sql):
            # as a read-only connection of the file's own would: a reader never writes past the writer
            raise duckdb.InvalidInputException("Cannot execute statement: this session is read-only")
        with session.lock:
            try:
                session.cursor.execute(sql, parameters)
            finally:
                if session.write:
                    self._after(session, sql)
            description = session.cursor.description
            # the column types as their names: DuckDB's type objects do not travel
            return None if description is None else [(d[0], str(d[1]), *d[2:]) for d in description]

    def _after(self, session: Session, sql: str) -> None:
        if _BEGIN.match(sql):
            session.in_transaction = True
        elif _END.match(sql):
            session.in_transaction = False
            self._on_change(at_once=False)
        elif not session.in_transaction and not _READ_ONLY.match(sql):
            self._on_change(at_once=False)

    def fetch(self, session: Session, how: str, size: int | None) -> Any:
        with session.lock:
            cur = session.cursor
            if how == "one":
                return cur.fetchone()
            if how == "many":
                return cur.fetchmany(size or 1)
            if how == "numpy":
                return cur.fetchnumpy()
            return cur.fetchall()

    def close(self, sid: str) -> None:
        with self._lock:
            session = self._sessions.pop(sid, None)
            if session is None:
                return
            if self._writer == sid:
                self._writer = None
                self._writer_free.notify_all()
        with session.lock, contextlib.suppress(duckdb.Error):
            if session.in_transaction:
                session.cursor.execute("ROLLBACK")  # a writer that died in a transaction leaves nothing
            session.cursor.close()
        if session.write:
            self._on_change()

    def close_all(self) -> None:
        self._stop.set()
        for sid in list(self._sessions):
            self.close(sid)
        self.writer_pool.shutdown(wait=False, cancel_futures=True)

    def _reap(self) -> None:
        while not self._stop.wait(REAP_EVERY):
            now = time.monotonic()
            with self._lock:
                gone = [sid for sid, s in self._sessions.items()
                        if not process_alive(s.pid) or (now - s.used > IDLE_LIMIT and not s.lock.locked())]
            for sid in gone:
                self.close(sid)


@contextlib.contextmanager
def writing(sessions: Sessions) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of a writing session of the server's own, for a write the API itself makes (forget);
    :class:`~nqpf.api.deps.Busy` if another writer keeps the database for ``WRITE_WAIT``."""
    from nqpf.api.deps import Busy

    sid, writer_pid = sessions.open(True, os.getpid())
    if sid is None:
        raise Busy(f"another nqpf command (PID {writer_pid}) is writing to the database; try again when it ends")
    session = sessions.get(sid)
    try:
        with session.lock:
            yield session.cursor
    finally:
        sessions.close(sid)


def _lower_priority() -> None:
    # Linux gives each thread a nice value of its own (setpriority on its thread id); elsewhere this
    # would lower the whole server's, so it is left alone
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WRITER_NICENESS)


def token_is_valid(request: Request, token: str | None) -> bool:
    """Whether ``token`` is the token of this server's sidecar."""
    return bool(token) and secrets.compare_digest(token, request.app.state.token)


def authorised(request: Request) -> bool:
    """Whether ``request`` carries the token of this server's sidecar in its header."""
    return token_is_valid(request, request.headers.get(TOKEN_HEADER))


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)


def _answer(value: Any) -> Response:
    # pickle, not JSON: rows keep DuckDB's own Python types (128-bit sums, decimals, dates, lists,
    # numpy arrays), exactly as a local connection returns them
    return Response(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), media_type="application/x-python-pickle")


def _duckdb_error(err: duckdb.Error) -> JSONResponse:
    return JSONResponse({"duckdb": type(err).__name__, "error": str(err)}, status_code=400)


async def _body(request: Request) -> dict[str, Any]:
    import json

    try:
        payload = json.loads(await request.body())
    except ValueError:
        payload = None
    return payload if isinstance(payload, dict) else {}


@router.post("/sessions")
async def open_session(request: Request) -> Response:
    if not authorised(request):
        return _refuse(403, "a valid token is needed")
    payload = await _body(request)
    from starlette.concurrency import run_in_threadpool

    sid, writer_pid = await run_in_threadpool(request.app.state.sessions.open, bool(payload.get("write")),
                                              int(payload.get("pid") or 0))
    return _answer({"session": sid, "writer_pid": writer_pid})


async def _in_session(request: Request, sid: str, call) -> Response:
    """``call(sessions, session, payload)`` on a worker thread (a statement may run for minutes), its
    answer pickled, a DuckDB error as its type and message."""
    from starlette.concurrency import run_in_threadpool

    if not authorised(request):
        return _refuse(403, "a valid token is needed")
    sessions: Sessions = request.app.state.sessions
    session = sessions.get(sid)
    if session is None:
        return _refuse(404, "no such session (closed, or the server restarted)")
    payload = await _body(request)
    try:
        if session.write:
            return _answer(await asyncio.wrap_future(sessions.writer_pool.submit(call, sessions, session, payload)))
        return _answer(await run_in_threadpool(call, sessions, session, payload))
    except duckdb.Error as err:
        return _duckdb_error(err)


@router.post("/sessions/{sid}/execute")
async def execute(request: Request, sid: str) -> Response:
    return await _in_session(request, sid, lambda s, session, payload: s.execute(
        session, str(payload.get("sql", "")), payload.get("parameters")))


@router.post("/sessions/{sid}/fetch")
async def fetch(request: Request, sid: str) -> Response:
    return await _in_session(request, sid, lambda s, session, payload: s.fetch(
        session, str(payload.get("how", "all")), payload.get("size")))


@router.delete("/sessions/{sid}")
async def close_session(request: Request, sid: str) -> Response:
    if not authorised(request):
        return _refuse(403, "a valid token is needed")
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(request.app.state.sessions.close, sid)
    return _answer({"closed": sid})
