"""The pages that put stored answers side by side: compare (2 to 4 regions), ranking (the latest
index run's ranks for a year) and the facts browser (the filters of ``nqpf facts``, paged).

Filters arrive as a form sends them, as text, empty when not filled in; a value that names nothing
gets the site's error page saying why (422 for a malformed value, 404 for an unknown name)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from nqpf.api.deps import Cursor, Memo
from nqpf.errors import NqpfError
from nqpf.lookup import resolve_industry, resolve_metric, resolve_region
from nqpf.portfolio.matrix import compare
from nqpf.store import queries
from nqpf.store.compare import index_subscores, key_metrics
from nqpf.web.render import render, render_error
from nqpf.web.validate import Filter, choice_filter, page_filter, year_filter

router = APIRouter()
MAX_COMPARED = 4
FACTS_PER_PAGE = 100
UNITS = ("CNY", "USD", "%", "pp", "count", "m2", "years", "number")
FIGURE_KINDS = ("actual", "plan", "target")


class _NotFound(NqpfError):
    status = 404


def _resolved(resolve: Any, text: str | None) -> str | None:
    """``resolve(text)`` for a filled-in filter; its unknown-name error a 404."""
    if text is None or not text.strip():
        return None
    try:
        return resolve(text)
    except NqpfError as err:
        raise _NotFound(str(err)) from None


def _compared_codes(text: str | None) -> list[str]:
    """The regions a compare form names (commas between them, either width); [] for an empty form."""
    names = [n.strip() for n in re.split(r"[,，、]", text or "") if n.strip()]
    if not names:
        return []
    codes = list(dict.fromkeys(_resolved(resolve_region, n) for n in names))
    if not 2 <= len(codes) <= MAX_COMPARED:
        raise NqpfError(f"compare 2 to {MAX_COMPARED} different regions, such as 'Guangdong, Jiangsu'; "
                        f"'{text}' names {len(codes)}")
    return codes


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, con: Cursor, regions: Filter = None) -> HTMLResponse:
    """2 to 4 regions side by side: portfolios, the latest key metrics, the index sub-scores."""
    try:
        codes = _compared_codes(regions)
    except NqpfError as err:
        return render_error(request, 404 if isinstance(err, _NotFound) else 422, str(err))
    context: dict[str, Any] = {"asked": regions or "", "codes": codes}
    if codes:
        portfolio = compare(queries.priority_pairs(con), codes)
        subscores = index_subscores(con, codes)
        dimensions = sorted({k for r in subscores for k in r} - {"region", "year", "score", "rank"})
        context.update(portfolio=portfolio, metrics=key_metrics(con, codes), subscores=subscores,
                       dimensions=dimensions,
                       subscore_chart=[{"name": r["region"], "x": dimensions, "y": [r[d] for d in dimensions]}
                                       for r in subscores])
    return render(request, "compare.html", **context)


@router.get("/ranking", response_class=HTMLResponse)
def ranking_page(request: Request, con: Cursor, memo: Memo, year: Filter = None) -> HTMLResponse:
    """The latest stored index run's ranks for a year (default: its latest), with their sub-scores."""
    try:
        wanted = year_filter(year)
    except NqpfError as err:
        return render_error(request, 422, str(err))
    every = queries.index_scores(con, memo=memo)
    years = sorted({r["year"] for r in every}, reverse=True)
    if wanted is not None and wanted not in years:
        return render_error(request, 404, f"the index has no scores for {wanted}: it covers "
                                          f"{', '.join(map(str, sorted(years))) or 'no year (run nqpf index compute)'}")
    shown = wanted if wanted is not None else (years[0] if years else None)
    ranked = sorted((r for r in every if r["year"] == shown), key=lambda r: r["rank"])
    runs = queries.index_runs(con)
    dimensions = sorted({d for r in ranked for d in (r["dimensions"] or {})})
    return render(request, "ranking.html", ranked=ranked, years=years, year=shown, run=runs[0] if runs else None,
                  dimensions=dimensions,
                  chart={"year": shown, "regions": [r["region"] for r in ranked], "names": [r["name"] for r in ranked],
                         "scores": [r["score"] for r in ranked], "ranks": [int(r["rank"]) for r in ranked]})


FACT_COLUMNS = {
    "figures": ("region", "indicator", "metric", "industry", "value", "year", "kind", "corroboration"),
    "priorities": ("region", "industry", "stage", "year", "corroboration"),
    "quotes": ("region", "speaker", "role", "text", "corroboration"),
    "organizations": ("region", "name"),
}


@router.get("/facts", response_class=HTMLResponse)
def facts_page(request: Request, con: Cursor, memo: Memo, type: Filter = None, region: Filter = None,  # noqa: A002
               industry: Filter = None, year: Filter = None, unit: Filter = None, kind: Filter = None,
               metric: Filter = None, page: Filter = None) -> HTMLResponse:
    """Facts of one type, filtered as ``nqpf facts`` filters them, a page of 100 at a time."""
    asked = {"type": type or "figures", "region": region or "", "industry": industry or "", "year": year or "",
             "unit": unit or "", "kind": kind or "", "metric": metric or ""}
    try:
        fact_type = choice_filter("type", type, queries.FACT_KINDS) or "figures"
        filters = {"year": year_filter(year), "unit": choice_filter("unit", unit, UNITS),
                   "fact_kind": choice_filter("kind", kind, FIGURE_KINDS)}
        number = page_filter(page)
    except NqpfError as err:
        return render_error(request, 422, str(err))
    try:
        filters.update(region=_resolved(resolve_region, region), industry=_resolved(resolve_industry, industry),
                       metric=_resolved(resolve_metric, metric))
    except NqpfError as err:
        return render_error(request, 404, str(err))
    try:
        total, found = queries.facts_page(con, fact_type, limit=FACTS_PER_PAGE, offset=(number - 1) * FACTS_PER_PAGE,
                                          memo=memo, **filters)
    except NqpfError as err:  # a filter this type of fact has no field for (a unit for quotes)
        return render_error(request, 422, str(err).removeprefix("--"))
    pages = max(1, -(-total // FACTS_PER_PAGE))
    return render(request, "facts.html", asked=asked, fact_type=fact_type, total=total, found=found,
                  columns=FACT_COLUMNS[fact_type], page=number, pages=pages, types=queries.FACT_KINDS,
                  units=UNITS, kinds=FIGURE_KINDS,
                  query={k: v for k, v in asked.items() if v and k != "page"})
