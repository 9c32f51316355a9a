"""One FastAPI app: the JSON API under /api, the pages, offline API docs. It holds its database
for every nqpf command that writes to it meanwhile (``api/sessions.py``); its own routes only
read, except forget with the server's token, and it serves no file but its own static assets.
Every error, whatever raised it, has one shape (:class:`~nqpf.api.deps.ErrorBody`); successful
answers are kept in a bounded cache (``cache.py``) until a write ends."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from nqpf import __version__
from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb


class Database:
    """The app's one connection to its database, opened for writing: the server owns the file
    while it runs, and other nqpf commands send their statements to it (``api/sessions.py``,
    ``store/remote.py``). Each request gets its own cursor (DuckDB cursors are safe to use from
    the worker threads FastAPI runs handlers in), and all share a memo of answers
    (:mod:`nqpf.store.memo`) and the skip index of free-text search (:mod:`nqpf.store.search_blocks`,
    built in the background). When a write ends, both are dropped, and so is everything told by
    :meth:`on_change`; the skip index is built again once writes have paused."""

    REBUILD_AFTER = 2.0  # seconds without writes before the search skip index is built again
    COALESCE = 1.0  # at most this long between a writer's statement and its effect on the answers

    def __init__(self, path: str):
        from nqpf.store import open_database
        from nqpf.store.memo import ReadMemo
        from nqpf.store.search_blocks import BackgroundSearchBlocks

        self.path = path
        self._con = open_database(path, write=True, served=True)
        # Requests run concurrently, one query each on its own worker thread: DuckDB's own threads on
        # top of those would only contend for the same cores.
        self._con.execute("SET threads = 1")
        # GLOBAL: a cursor is a connection of its own, and takes the database's settings, not this
        # connection's. A page is a top-N of 50 rows, at DuckDB's default threshold for late
        # materialization, which then reads the 50 rows again by row id: a second pass that costs about
        # as much as the first.
        self._con.execute("SET GLOBAL late_materialization_max_rows = 0")
        self._lock = threading.Lock()
        self.opened = 0  # cursors handed out: the requests that reached the database
        self.memo = ReadMemo()
        self._listeners: list = []
        self.search_blocks = BackgroundSearchBlocks(self._con)
        self._rebuild: threading.Timer | None = None
        self._pending: threading.Timer | None = None

    def on_change(self, listener) -> None:
        """Call ``listener()`` whenever a write has ended."""
        self._listeners.append(listener)

    def changed(self, *, at_once: bool = True) -> None:
        """A write has ended: what was kept of earlier answers is no longer true. ``at_once=False``
        (a statement of a writer still at work) drops it within ``COALESCE`` seconds instead, once for
        all the statements meanwhile: a long ingest commits many, and each drop costs the next
        request of every page its queries."""
        if at_once:
            self._forget_answers()
            return
        with self._lock:
            if self._pending is None:
                self._pending = threading.Timer(self.COALESCE, self._forget_answers)
                self._pending.daemon = True
                self._pending.start()

    def _forget_answers(self) -> None:
        with self._lock:
            if self._pending is not None:
                self._pending.cancel()
                self._pending = None
            self.memo.clear()
            for listener in self._listeners:
                listener()
            old, self.search_blocks = self.search_blocks, _NoBlocks()
            if self._rebuild is not None:
                self._rebuild.cancel()
            self._rebuild = threading.Timer(self.REBUILD_AFTER, self._build_blocks)
            self._rebuild.daemon = True
            self._rebuild.start()
        old.stop()

    def _build_blocks(self) -> None:
        from nqpf.store.search_blocks import BackgroundSearchBlocks

        with self._lock:
            if isinstance(self.search_blocks, _NoBlocks):
                self.search_blocks = BackgroundSearchBlocks(self._con)

    def close(self) -> None:
        with self._lock:
            for timer in (self._rebuild, self._pending):
                if timer is not None:
                    timer.cancel()
        self.search_blocks.stop()
        self._con.close()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor, for one request; the caller closes it."""
        with self._lock:
            cur = self._con.cursor()
            self.opened += 1
        return cur


class _NoBlocks:
    """No search skip index (while writes go on): searches read every row."""

    def ready(self) -> None:
        return None

    def stop(self) -> None:
        pass


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(p) for p in e.get("loc", []) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}".strip(": "))
    return "; ".join(parts) or "invalid request"


CACHE_ENV = "NQPF_CACHE_MB"
DEFAULT_CACHE_MB = 64


def create_app(db_path: str, *, cache_mb: float | None = None) -> FastAPI:
    """The app over the database at ``db_path`` (opened read-only, once), keeping up to ``cache_mb``
    MB of responses (default ``$NQPF_CACHE_MB`` or 64; 0 keeps none)."""
    from nqpf.api.cache import ResponseCache, ResponseStore
    from nqpf.api.routes import router as api_router
    from nqpf.web.pages import router as page_router

    if cache_mb is None:
        try:
            cache_mb = float(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_MB)
        except ValueError:
            raise NqpfError(f"${CACHE_ENV} must be a number of megabytes (0 for no cache), "
                            f"not '{os.environ[CACHE_ENV]}'") from None

    app = FastAPI(title="nqpf", version=__version__, docs_url=None, redoc_url=None,
                  description="Source-linked facts about China's new quality productive forces: regions, "
                              "priorities, figures, quotes, organisations, and a composite index.")
    from nqpf.api.sessions import Sessions
    from nqpf.store.remote import new_token

    app.state.db = Database(db_path)
    app.state.token = new_token()  # for the sidecar: the writers' sessions, and forget
    app.state.sessions = Sessions(app.state.db.cursor, app.state.db.changed)

    @app.exception_handler(NqpfError)
    async def nqpf_error(request: Request, err: NqpfError) -> Response:
        status = getattr(err, "status", 1)
        status = status if status >= 400 else 422
        return _error(request, status, str(err))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, err: RequestValidationError) -> Response:
        return _error(request, 422, _validation_message(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException) -> Response:
        # Starlette's own 404 (no route, no static file) and 405 (route exists, method does not)
        message = err.detail
        if err.status_code == 404 and message == "Not Found":
            message = f"no page or endpoint at {request.url.path}"
        elif err.status_code == 405:
            # Starlette names the methods of the first route of the path only; a path can have more
            # (GET and DELETE /api/documents)
            allowed = _allowed_methods(request) or (err.headers or {}).get("Allow", "GET")
            err.headers = {**(err.headers or {}), "Allow": allowed}
            message = f"method {request.method} is not allowed on {request.url.path}; use {allowed}"
        return _error(request, err.status_code, message, headers=err.headers)

    @app.exception_handler(Exception)
    async def internal(request: Request, err: Exception) -> Response:  # last resort, logged by uvicorn
        return _error(request, 500, "internal error")

    # Swagger UI 5 as fastapi-offline ships it (4.x, as swagger-ui-bundle had it, cannot read the
    # OpenAPI 3.1 FastAPI writes): the files only, served from this app, nothing from a CDN
    from importlib.util import find_spec

    swagger = Path(find_spec("fastapi_offline").origin).parent / "static"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="nqpf API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css", swagger_favicon_url="")

    app.mount("/docs-assets", StaticFiles(directory=swagger), name="docs-assets")
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parents[1] / "web" / "static"),
              name="static")
    plotly_js = Path(__import__("plotly").__file__).parent / "package_data" / "plotly.min.js"

    @app.get("/assets/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        return FileResponse(plotly_js, media_type="application/javascript",
                            headers={"Cache-Control": "max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    from nqpf.api.sessions import router as sessions_router

    app.include_router(api_router)
    app.include_router(sessions_router)
    app.include_router(page_router)
    app.state.cache = ResponseStore(int(cache_mb * 1024 * 1024))
    app.state.db.on_change(app.state.cache.clear)
    app.add_middleware(ResponseCache, store=app.state.cache)
    return app


def _allowed_methods(request: Request) -> str:
    """Every method some route of ``request``'s path answers, as an ``Allow`` header lists them."""
    from starlette.routing import Match

    def leaves(routes):  # FastAPI keeps an included router whole: its routes are inside
        for route in routes:
            inner = getattr(route, "original_router", None)
            yield from leaves(inner.routes) if inner is not None else (route,)

    methods: set[str] = set()
    for route in leaves(request.app.router.routes):
        own = getattr(route, "methods", None)
        if own and route.matches({**request.scope, "method": next(iter(own))})[0] == Match.FULL:
            methods |= set(own)
    return ", ".join(sorted(methods))


def _error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """One error shape: JSON for the API, a small page for a person."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status, headers=headers)
    from nqpf.web.pages import render_error

    response = render_error(request, status, message)
    response.headers.update(headers or {})
    return response
