"""The pages a person sees: the map and matrix, a region, an industry, a document, search and targets
(compare, ranking and the facts browser are in ``browse``). Every number links to its document,
scrolled to its sentence. How text from documents is escaped: ``render``."""

from __future__ import annotations

import csv
import html
import json
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from nqpf.api.deps import Blocks, Cursor, Memo, industry_id, region_code, single_valued_query
from nqpf.errors import NqpfError
from nqpf.extract.gazetteer import region_name
from nqpf.lookup import resolve_metric, resolve_region
from nqpf.store import documents as stored
from nqpf.store import queries
from nqpf.store.diffusion import diffusion
from nqpf.store.series import conflicts_page
from nqpf.store.summary import city_facts, metric_summary, priority_summary
from nqpf.store.targets import target_metrics, targets
from nqpf.web import browse
from nqpf.web.charts import diffusion_chart, industry_series_charts, region_charts
from nqpf.web.render import render, render_error
from nqpf.web.render import templates as templates  # re-exported: the app renders errors with it
from nqpf.web.validate import Filter, year_filter

__all__ = ["render_error", "router"]

router = APIRouter(include_in_schema=False, dependencies=[Depends(single_valued_query)])
router.include_router(browse.router)
MAX_CHARTS = 12
MAX_ROWS = 300


@cache
def tile_grid() -> list[dict[str, Any]]:
    """The map's squares: each province-level division's code, grid row and column, and name."""
    text = files("nqpf.data").joinpath("tile_grid.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [{"code": r["code"], "row": int(r["row"]), "col": int(r["col"]), "name": region_name(r["code"])}
            for r in rows]


MEASURE_TITLES = {"priorities": "Priorities stated", "documents": "Documents published", "figures": "Figures stated",
                  "index": "Composite index score", "rd_share": "R&D spending, % of GDP"}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, con: Cursor,
         measure: Literal["priorities", "documents", "figures", "index", "rd_share"] = "priorities",
         stage: Literal["emerging", "future"] | None = None, year: Filter = None) -> HTMLResponse:
    """The map (a measure per province, for one year or all) and the region x industry matrix."""
    from nqpf.portfolio.matrix import crowded, matrix

    try:
        wanted = year_filter(year)
    except NqpfError as err:
        return render_error(request, 422, str(err))
    years = queries.measure_years(con, measure)
    if measure == "index" and wanted is None and years:
        wanted = years[0]  # a score is of one year: the latest, and the title says which
    values = queries.region_measure(con, measure, wanted)
    shown = [values[t["code"]] for t in tile_grid() if t["code"] in values]
    top = max(shown, default=0) or 1
    tiles = [{**t, "value": values.get(t["code"]), "shade": round(max(values.get(t["code"]) or 0, 0) / top, 3)}
             for t in tile_grid()]
    pairs = queries.priority_pairs(con, stage=stage)
    regions_, industries_, cells = matrix(pairs)
    most = max((v for c in cells.values() for v in c.values()), default=1)
    title = MEASURE_TITLES[measure] + (f", {wanted}" if wanted is not None else ", all years")
    return render(request, "home.html", tiles=tiles, measure=measure, stage=stage, regions=regions_,
                  industries=industries_, cells=cells, most=most, crowded=crowded(pairs)[:12],
                  documents=stored.documents(con, limit=1)[0], years=years, year=wanted, map_title=title,
                  legend={"low": min(shown, default=0), "high": max(shown, default=0), "count": len(shown)})


@router.get("/region/{name}", response_class=HTMLResponse)
def region_page(request: Request, con: Cursor, memo: Memo, name: str) -> HTMLResponse:
    """A region: its summary (each industry once, the latest value of each metric), its charts, then
    the sentences, its cities' labelled by city."""
    code = region_code(name)
    profile = queries.region_page(con, code, limit=MAX_ROWS, memo=memo)
    by_industry: dict[str, list[dict]] = {}
    for p in profile["priorities"]["items"]:
        by_industry.setdefault(p["industry"], []).append(p)
    index = queries.index_scores(con, region=code, memo=memo)
    city_priorities = city_facts(con, code, "priorities", limit=MAX_ROWS)
    city_figures = city_facts(con, code, "figures", limit=MAX_ROWS)
    return render(request, "region.html", profile=profile, code=code, by_industry=by_industry, max_rows=MAX_ROWS,
                  industries=priority_summary(con, code), latest=metric_summary(con, code),
                  city_priorities=city_priorities, city_figures=city_figures,
                  charts=region_charts(con, code, top=MAX_CHARTS), index=index,
                  **_conflicts(con, region=code),
                  index_series=[{"year": r["year"], "score": r["score"], **dict(r["dimensions"] or {})}
                                for r in index])


@router.get("/industry/{name}", response_class=HTMLResponse)
def industry_page(request: Request, con: Cursor, memo: Memo, name: str) -> HTMLResponse:
    """An industry: which regions prioritise it and since when, how that spread, its figures."""
    industry = industry_id(name)
    view = queries.industry_page(con, industry, limit=MAX_ROWS, memo=memo)
    spread = diffusion(con, industry, by="year")
    return render(request, "industry.html", view=view, max_rows=MAX_ROWS, diffusion=spread,
                  diffusion_chart=diffusion_chart(spread),
                  series_charts=industry_series_charts(con, industry, top=MAX_CHARTS),
                  **_conflicts(con, industry=industry))


def _conflicts(con: Cursor, **about: str) -> dict[str, Any]:
    """The first page of a page's conflicts (``conflicts``) and how many there are (``conflicts_total``)."""
    total, found = conflicts_page(con, spans=True, limit=MAX_ROWS, **about)
    return {"conflicts": found, "conflicts_total": total}


STATUSES = ("met", "missed", "pending", "no outcome yet")


@router.get("/targets", response_class=HTMLResponse)
def targets_page(request: Request, con: Cursor, region: Filter = None, year: Filter = None,
                 metric: Filter = None) -> HTMLResponse:
    """Targets against outcomes, narrowed by region, year and metric. A field left empty (as a form
    sends it) does not narrow; a value that names nothing gets the error page, saying why."""
    try:
        wanted_year = year_filter(year)
    except NqpfError as err:
        return render_error(request, 422, str(err))
    try:
        code = resolve_region(region) if region else None
        metric_ = resolve_metric(metric) if metric else None
    except NqpfError as err:
        return render_error(request, 404, str(err))
    found = targets(con, region=code, year=wanted_year, metric=metric_, spans=True)
    counts = {s: sum(t["status"] == s for t in found) for s in STATUSES}
    return render(request, "targets.html", found=found, counts=counts, max_rows=MAX_ROWS,
                  asked={"region": region or "", "year": year or "", "metric": metric or ""},
                  metrics=target_metrics(con))


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, con: Cursor, doc_id: str) -> HTMLResponse:
    try:
        doc = stored.document(con, doc_id)
    except NqpfError as err:
        return render_error(request, 404, str(err))
    return render(request, "document.html", doc=doc, body=annotate(doc))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, con: Cursor, memo: Memo, blocks: Blocks,
                q: Annotated[str, Query(min_length=1, max_length=200)]) -> HTMLResponse:
    return render(request, "search.html", q=q, results=stored.search(con, q, memo=memo, blocks=blocks))


def annotate(doc: dict[str, Any]) -> str:
    """The document text as HTML with each fact's sentence marked and clickable; all text escaped.

    Facts share sentences, so marks are made per distinct span, carrying every fact in it;
    organisation names nest inside their sentences.
    """
    text = doc["text"]
    spans: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for kind in ("priorities", "figures", "quotes", "organizations"):
        for fact in doc[kind]:
            fields = {k: v for k, v in fact.items() if k not in ("evidence", "ev_start", "ev_end")}
            spans.setdefault((fact["ev_start"], fact["ev_end"]), []).append({"fact": kind, **fields})
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    pos = 0
    stack: list[int] = []
    for start, end in ordered:
        while stack and stack[-1] <= start:
            out.append(html.escape(text[pos:stack[-1]]) + "</mark>")
            pos = stack.pop()
        if stack and end > stack[-1]:
            continue  # crosses an open mark: cannot nest, leave it unmarked
        out.append(html.escape(text[pos:start]))
        facts = spans[(start, end)]
        kinds = sorted({f["fact"] for f in facts})
        out.append(f'<mark id="ev-{start}" class="fact {" ".join(kinds)}" tabindex="0" '
                   f"data-facts='{html.escape(json.dumps(facts, default=str), quote=True)}'>")
        pos = start
        stack.append(end)
    while stack:
        end = stack.pop()
        out.append(html.escape(text[pos:end]) + "</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)

