"""A database that ``nqpf serve`` holds open: every other nqpf command works through the server.

DuckDB lets one process open a file for writing, or any number of processes open it read-only,
never both. A server that only read would lock out every writer for as long as it runs, and one
that let writers in would have to close its connection and miss requests. So the server opens the
file for writing, once, and owns it: it writes a *sidecar* next to the file (``<db>.serving.json``:
its address, its process id and a secret token, readable by its user only), and a command that
finds a live server there sends its statements to it instead of opening the file.
:class:`RemoteConnection` stands in for the DuckDB connection in the library code, which stays the
same for both: ``execute`` and the ``fetch`` methods, with DuckDB's exception types. The server
runs each statement on a cursor of its own connection, so readers keep their snapshot while a
writer's transaction runs (DuckDB's MVCC), and it lets one writer at a time in (a second one waits).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb

TOKEN_HEADER = "X-Nqpf-Token"
_WAIT_NOTE_AFTER = 2.0  # seconds a writer waits for another before it says so


def sidecar_path(db_path: str | os.PathLike) -> Path:
    """Where the server of ``db_path`` says it is serving it."""
    return Path(f"{Path(db_path).resolve()}.serving.json")


def new_token() -> str:
    import secrets  # only a server needs one: every command's start-up opens a database through this module

    return secrets.token_urlsafe(24)


def write_sidecar(db_path: str, url: str, token: str) -> Path:
    """Say that this process serves ``db_path`` at ``url``: readable and writable by its user only,
    replaced in one rename so that a reader never sees half of it."""
    path = sidecar_path(db_path)
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": url, "pid": os.getpid(), "token": token}, f)
    os.replace(temp, path)
    return path


def remove_sidecar(db_path: str) -> None:
    """Take the sidecar away, if it is this process's."""
    path = sidecar_path(db_path)
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


def find_server(db_path: str) -> dict[str, Any] | None:
    """The server serving ``db_path`` (url, pid, token), or None. A sidecar left by a server that
    was killed (its process is gone) is not a server."""
    path = sidecar_path(db_path)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid, url, token = int(info["pid"]), str(info["url"]), str(info["token"])
    except FileNotFoundError:
        return None
    except PermissionError:
        raise NqpfError(f"{db_path}: it is served by another user's `nqpf serve` ({path} is not readable)") from None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # being written, or not ours to read: open the file as usual
    if pid == os.getpid() or not process_alive(pid):
        return None
    return {"url": url, "pid": pid, "token": token}


class RemoteConnection:
    """The part of DuckDB's connection that nqpf uses, run by the server of the database.

    One session on the server: its own cursor there (temporary tables and transactions are the
    session's, as with a connection), closed by :meth:`close`, or by the server when this process is gone.
    """

    remote = True

    def __init__(self, server: dict[str, Any], db_path: str, *, write: bool):
        import httpx

        self.db_path = db_path
        self.server_pid = server["pid"]
        # no timeout on reading: a statement (a rewrite of the fact tables) may take minutes
        self._http = httpx.Client(base_url=server["url"], headers={TOKEN_HEADER: server["token"]},
                                  timeout=httpx.Timeout(10.0, read=None), trust_env=False)
        self.description: list[tuple] | None = None
        self._session = self._open(write)

    def _post(self, path: str, payload: dict[str, Any]) -> Any:
        import httpx

        try:
            response = self._http.post(path, content=json.dumps(payload, default=_plain))
        except httpx.HTTPError as err:
            raise NqpfError(f"{self.db_path}: the server (PID {self.server_pid}) that serves it did not answer: "
                            f"{type(err).__name__}") from None
        if response.status_code == 200:
            import pickle  # here, not at the top: only a served database needs it

            return pickle.loads(response.content)  # noqa: S301  (from the server this user started, by its token)
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code == 400 and "duckdb" in body:
            raise duckdb.error_class(body["duckdb"])(body.get("error", ""))
        raise NqpfError(f"{self.db_path}: the server (PID {self.server_pid}) refused: "
                        f"{body.get('error') or response.status_code}")

    def _open(self, write: bool) -> str:
        started = time.monotonic()
        noted = False
        while True:
            answer = self._post("/api/_db/sessions", {"write": write, "pid": os.getpid()})
            if answer.get("session"):
                return answer["session"]
            if not noted and time.monotonic() - started > _WAIT_NOTE_AFTER:
                print(f"nqpf: {self.db_path}: waiting for another writer (PID {answer.get('writer_pid')}) "
                      "to finish", file=sys.stderr)
                noted = True

    def execute(self, sql: str, parameters: Any = None) -> RemoteConnection:
        self.description = self._post(f"/api/_db/sessions/{self._session}/execute",
                                      {"sql": sql, "parameters": parameters})
        return self

    def _fetch(self, how: str, size: int | None = None) -> Any:
        return self._post(f"/api/_db/sessions/{self._session}/fetch", {"how": how, "size": size})

    def fetchall(self) -> list[tuple]:
        return self._fetch("all")

    def fetchone(self) -> tuple | None:
        return self._fetch("one")

    def fetchmany(self, size: int = 1) -> list[tuple]:
        return self._fetch("many", size)

    def fetchnumpy(self) -> dict[str, Any]:
        return self._fetch("numpy")

    def close(self) -> None:
        import httpx

        if self._session:
            with contextlib.suppress(httpx.HTTPError):  # the server is gone: so is the session
                self._http.delete(f"/api/_db/sessions/{self._session}")
            self._session = ""
        self._http.close()

    def __enter__(self) -> RemoteConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _plain(value: Any) -> Any:
    """Parameters as JSON: numpy arrays and numbers as lists and numbers, dates as ISO text."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot send a {type(value).__name__} to the server")
