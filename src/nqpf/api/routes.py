"""The JSON API: every list is paginated (``limit`` up to ``MAX_LIMIT``, ``offset``) and
wrapped as ``{"total", "limit", "offset", "items"}``; field names follow the extraction contract.
Every error has the shape of :class:`~nqpf.api.deps.ErrorBody`, and the schema says which
endpoints answer 404."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic import StringConstraints

from nqpf.api.deps import (
    MAX_LIMIT,
    Blocks,
    Cursor,
    Forbidden,
    Limit,
    Memo,
    NotFound,
    Offset,
    Text,
    Year,
    error_response,
    industry_id,
    metric_id,
    region_code,
    single_valued_query,
    subject_id,
)
from nqpf.errors import NqpfError
from nqpf.store import documents as stored
from nqpf.store import queries
from nqpf.store.remote import TOKEN_HEADER

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(single_valued_query)],
                   responses=error_response(422, "Invalid parameters: the message names each one and why"))
UNKNOWN_REGION = error_response(404, "Unknown region (the message suggests the closest names)")
UNKNOWN_INDUSTRY = error_response(404, "Unknown industry (the message suggests the closest IDs)")
UNKNOWN_DOCUMENT = error_response(404, "No document with this id or name")
UNKNOWN_FILTER = error_response(404, "Unknown region or industry in a filter")


RegionName = Annotated[str, Path(min_length=1, max_length=100, description="English or Chinese name, or code",
                                  openapi_examples={"name": {"value": "Anhui"}, "Chinese": {"value": "广东"},
                                                    "code": {"value": "310000"}})]
IndustryName = Annotated[str, Path(min_length=1, max_length=100, description="Taxonomy ID or alias",
                                   openapi_examples={"id": {"value": "nev"}, "alias": {"value": "humanoid robots"}})]


def page(items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The page of ``items`` from ``offset``, for lists that are small and whole in memory."""
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


@router.get("/regions", summary="Regions with documents, priorities, figures and top industries")
def regions(con: Cursor, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    return page(queries.regions_overview(con), limit, offset)


@router.get("/regions/{name}", summary="One region's profile (name, Chinese name or code)",
            description="Priorities, figures, quotes and organisations, each section a page "
                        "`{total, limit, offset, items}` cut by the same `limit` and `offset`; the index scores "
                        "of the latest run come whole (one row a year). For every figure of a region, page "
                        "through `/api/facts?region=`.",
            responses=UNKNOWN_REGION)
def region(con: Cursor, memo: Memo, name: RegionName,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per section, at most {MAX_LIMIT}.")]
           = 50, offset: Offset = 0) -> dict[str, Any]:
    code = region_code(name)
    profile = queries.region_page(con, code, limit=limit, offset=offset, memo=memo)
    profile["index"] = queries.index_scores(con, region=code, memo=memo)
    return profile


@router.get("/industries", summary="The taxonomy with how many regions prioritise each industry")
def industries(con: Cursor, limit: Limit = 100, offset: Offset = 0,
               stage: Literal["emerging", "future"] | None = None) -> dict[str, Any]:
    counts = dict(con.execute("SELECT industry, count(DISTINCT region) FROM priorities GROUP BY 1").fetchall())
    items = [{**r, "regions": counts.get(r["id"], 0)}
             for r in queries.rows(con, "SELECT id, stage, sector, name, name_zh FROM industries ORDER BY stage, id")
             if stage is None or r["stage"] == stage]
    return page(items, limit, offset)


@router.get("/industries/{name}", summary="Which regions prioritise an industry, since when, with figures",
            description="Every region prioritising it; its figures as a page `{total, limit, offset, items}`.",
            responses=UNKNOWN_INDUSTRY)
def industry(con: Cursor, memo: Memo, name: IndustryName, limit: Limit = 50,
             offset: Offset = 0) -> dict[str, Any]:
    return queries.industry_page(con, industry_id(name), limit=limit, offset=offset, memo=memo)


@router.get("/facts", summary="Facts filtered by region, industry, year, unit, kind and metric",
            responses=UNKNOWN_FILTER,
            description="A filter on a field the type of fact does not have (a priority's unit, a quote's year) "
                        "matches nothing: the page is empty and `note` says why.")
def facts(con: Cursor, memo: Memo, type: Literal["figures", "priorities", "quotes", "organizations"] = "figures",
          region: Text = None, industry: Text = None, year: Year = None,
          unit: Literal["CNY", "USD", "%", "pp", "count", "m2", "years", "number"] | None = None,
          kind: Literal["actual", "plan", "target"] | None = None, metric: Text = None, limit: Limit = 50,
          offset: Offset = 0) -> dict[str, Any]:
    given = {"region": region, "industry": industry, "year": year, "unit": unit, "kind": kind, "metric": metric}
    missing = [name for name, value in given.items() if value is not None and name not in queries.FACT_FILTERS[type]]
    filters = {"region": region_code(region) if region else None,
               "industry": industry_id(industry) if industry else None, "year": year, "unit": unit,
               "fact_kind": kind, "metric": metric_id(metric) if metric else None}
    if missing:
        return {"total": 0, "limit": limit, "offset": offset, "items": [],
                "note": f"{type} have no {' or '.join(missing)}: no {type} match that filter"}
    total, items = queries.facts_page(con, type, limit=limit, offset=offset, memo=memo, **filters)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/series/{metric}", summary="One metric by year: a line per region, industry, kind and unit",
            responses=error_response(404, "Unknown metric, region or industry (the message suggests the closest)"))
def series(con: Cursor, metric: Annotated[str, Path(min_length=1, max_length=100, description="A metrics.yaml ID",
                                                     openapi_examples={"id": {"value": "gdp_growth"}})],
           region: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=100)]] | None,
                             Query(max_length=40, description="Name or code; repeat for more regions")] = None,
           industry: Text = None,
           kind: Literal["actual", "plan", "target"] | None = None) -> dict[str, Any]:
    from nqpf.store.series import series as metric_series

    codes = [region_code(r) for r in region] if region else None
    return {"metric": metric_id(metric), "lines": metric_series(con, metric_id(metric), regions=codes,
                                                                 industry=subject_id(industry) if industry else None,
                                                                 kind=kind)}


@router.get("/conflicts", summary="Facts that documents state with different values",
            responses=error_response(404, "Unknown metric or region (the message suggests the closest)"))
def conflicts(con: Cursor, metric: Text = None, region: Text = None, limit: Limit = 50,
              offset: Offset = 0) -> dict[str, Any]:
    from nqpf.store.series import conflicts_page

    total, items = conflicts_page(con, metric=metric_id(metric) if metric else None,
                                  region=region_code(region) if region else None, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/targets", summary="Targets and sized plans against their outcomes: met, missed, pending",
            responses=error_response(404, "Unknown metric or region (the message suggests the closest)"))
def targets(con: Cursor, region: Text = None, year: Year = None, metric: Text = None, limit: Limit = 50,
            offset: Offset = 0) -> dict[str, Any]:
    from nqpf.store.targets import targets as against_outcomes

    found = against_outcomes(con, region=region_code(region) if region else None, year=year,
                             metric=metric_id(metric) if metric else None)
    return page(found, limit, offset)


@router.get("/diffusion/{name}", summary="When each region first prioritised an industry; the first movers",
            responses=UNKNOWN_INDUSTRY)
def diffusion(con: Cursor, name: IndustryName, by: Literal["year", "month"] = "year") -> dict[str, Any]:
    from nqpf.store.diffusion import diffusion as first_dated

    industry = industry_id(name)
    return {"industry": industry, **first_dated(con, industry, by=by)}


@router.get("/documents", summary="Stored documents, newest first; q filters title and text")
def documents(con: Cursor, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    total, items = stored.documents(con, q=q, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/documents/{doc_id}", summary="One document with its text and every fact's span",
            responses=UNKNOWN_DOCUMENT)
def document(con: Cursor, doc_id: Annotated[str, Path(min_length=1, max_length=200)]) -> dict[str, Any]:
    try:
        return stored.document(con, doc_id)
    except NqpfError as err:
        raise NotFound(str(err)) from None


@router.get("/history", summary="The versions of a document, oldest first, and what changed in their facts",
            responses=UNKNOWN_DOCUMENT)
def history(con: Cursor, target: Annotated[str, Query(min_length=1, max_length=2000,
                                                      description="The document's URL, id or name")],
            limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    from nqpf.scale.versions import history as versions

    try:
        return page(versions(con, target), limit, offset)
    except NqpfError as err:
        raise NotFound(str(err)) from None


FORGET_ERRORS = {**UNKNOWN_DOCUMENT,
                 **error_response(403, f"No token, or not this server's: the `{TOKEN_HEADER}` header must carry the "
                                       "token in the sidecar file `nqpf serve` writes beside the database "
                                       "(`<db>.serving.json`, readable by its user only)"),
                 **error_response(409, "Another nqpf command is writing to the database: try again when it ends")}


@router.delete("/documents", summary="Remove a document (or every version of a URL) and all its facts",
               description="As `nqpf forget`: one transaction, then the corroboration of what it stated is counted "
                           "again. Needs the server's token.", responses=FORGET_ERRORS)
def forget_document(request: Request, target: Annotated[str, Query(min_length=1, max_length=2000,
                                                                   description="The document's id, name or URL")],
                    token: Annotated[str | None, Header(alias=TOKEN_HEADER, description="The server's token")] = None
                    ) -> dict[str, Any]:
    from nqpf.api.sessions import token_is_valid, writing
    from nqpf.scale.versions import UnknownDocument, forget_and_recount

    if not token_is_valid(request, token):
        raise Forbidden(f"forgetting a document needs the server's token in the {TOKEN_HEADER} header")
    with writing(request.app.state.sessions) as con:
        try:
            # the server's memory is shared by the requests it answers: no bound of the update's own
            return {"forgotten": forget_and_recount(con, target, bounded=False)}
        except UnknownDocument as err:
            raise NotFound(str(err)) from None


@router.get("/matrix", summary="Region × industry priority matrix (cells: documents)")
def matrix(con: Cursor, stage: Literal["emerging", "future"] | None = None, year: Year = None) -> dict[str, Any]:
    from nqpf.portfolio.matrix import matrix as build

    regions_, industries_, cells = build(queries.priority_pairs(con, stage=stage, year=year))
    return {"regions": regions_, "industries": industries_, "cells": cells}


@router.get("/overlap", summary="Portfolio similarity of region pairs and the most crowded industries")
def overlap(con: Cursor, method: Literal["jaccard", "cosine"] = "jaccard", limit: Limit = 50,
            offset: Offset = 0) -> dict[str, Any]:
    from nqpf.portfolio.matrix import crowded
    from nqpf.portfolio.matrix import overlap as pairs

    data = queries.priority_pairs(con)
    return {"pairs": page(pairs(data, method=method), limit, offset), "crowded": crowded(data)[:limit]}


@router.get("/index", summary="Composite index scores of the latest stored run (or run_id)",
            responses=error_response(404, "Unknown region in the filter"))
def index(con: Cursor, run_id: Annotated[str | None, Query(max_length=64)] = None, region: Text = None,
          year: Year = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    code = region_code(region) if region else None
    return {"runs": queries.index_runs(con), **page(queries.index_scores(con, run_id=run_id, region=code, year=year),
                                                    limit, offset)}


@router.get("/search", summary="Free-text search over documents and facts")
def search(con: Cursor, memo: Memo, blocks: Blocks, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Limit = 50) -> dict[str, Any]:
    return stored.search(con, q, limit=limit, memo=memo, blocks=blocks)
