"""What the JSON API and the pages share: the one error shape and its exceptions, the request
dependencies (a cursor of the read-only database, the memo, the search skip index), the common
parameter types, and names resolved to IDs with a 404 and suggestions. Kept apart from ``app``
(which includes both routers) so that neither router imports the app."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

from nqpf import lookup
from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.memo import ReadMemo
from nqpf.store.search_blocks import SearchBlocks


class NotFound(NqpfError):
    status = 404


class BadRequest(NqpfError):
    status = 422


class Forbidden(NqpfError):
    status = 403


class Busy(NqpfError):
    status = 409


class ErrorBody(BaseModel):
    """Every error the app returns, whatever its cause (404, 405, 422, 500)."""

    ok: bool = Field(False, description="Always false")
    error: str = Field(description="What went wrong, worded for a person")
    status: int = Field(description="The HTTP status, repeated")


def error_response(status: int, description: str) -> dict[int | str, dict]:
    """An OpenAPI ``responses`` entry for an error ``status`` in the one error shape."""
    return {status: {"model": ErrorBody, "description": description}}


MAX_LIMIT = 500


# The dependencies are coroutines: FastAPI runs a plain function's on a worker thread, and each such
# hop costs about as much as a page's query. None of them waits on anything.
# the parameters that are lists, given once per item (``/api/series/gdp?region=Anhui&region=Hubei``)
REPEATABLE = {"/api/series/": ("region",)}


async def single_valued_query(request: Request) -> None:
    """Refuse a query parameter given twice (``?limit=1&limit=2``): which one was meant is a guess."""
    counts = Counter(name for name, _ in request.query_params.multi_items())
    lists = next((names for prefix, names in REPEATABLE.items() if request.url.path.startswith(prefix)), ())
    repeated = sorted(name for name, n in counts.items() if n > 1 and name not in lists)
    if repeated:
        raise BadRequest("; ".join(f"{name}: given {counts[name]} times; give it once" for name in repeated))


async def cursor(request: Request) -> AsyncIterator[duckdb.DuckDBPyConnection]:
    """A cursor of the app's read-only database for one request."""
    cur = request.app.state.db.cursor()
    try:
        yield cur
    finally:
        cur.close()


async def memo(request: Request) -> ReadMemo:
    """The app's memo of answers that cannot change while it runs."""
    return request.app.state.db.memo


async def search_blocks(request: Request) -> SearchBlocks | None:
    """The app's skip index of free-text search, once built (None before: searches read every row)."""
    return request.app.state.db.search_blocks.ready()


Cursor = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]
Memo = Annotated[ReadMemo, Depends(memo)]
Blocks = Annotated[SearchBlocks | None, Depends(search_blocks)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]


def _found(resolve: Callable[[str], str], name: str) -> str:
    """``resolve(name)``, its unknown-name error (with suggestions) a :class:`NotFound`."""
    try:
        return resolve(name)
    except NqpfError as err:
        raise NotFound(str(err)) from None


def region_code(name: str) -> str:
    """The code of a region as a user names it; :class:`NotFound` with suggestions otherwise."""
    return _found(lookup.resolve_region, name)


def metric_id(name: str) -> str:
    """The ID of a metric as a user names it; :class:`NotFound` with suggestions otherwise."""
    return _found(lookup.resolve_metric, name)


def subject_id(name: str) -> str:
    """An industry or aggregate as a user names it; :class:`NotFound` with suggestions otherwise."""
    return _found(lookup.resolve_subject, name)


def industry_id(name: str) -> str:
    """The ID of an industry as a user names it; :class:`NotFound` with suggestions otherwise."""
    return _found(lookup.resolve_industry, name)
