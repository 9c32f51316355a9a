"""The pages a person sees. Every number links to its document, scrolled to its sentence.

Everything on a page that comes from a document (text, title, url, names, indicators, quotes) is
escaped for where it goes: Jinja's autoescape for HTML text and attributes, ``tojson`` (which
escapes ``<``, ``>``, ``&``, ``'`` and every non-ASCII character, U+2028/9 included) for JSON inside
a ``<script>``, ``path`` for a URL path segment; a document's own URL becomes a link only when it
is http(s) (``http_url``)."""

from __future__ import annotations

import csv
import html
import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from nqpf.api.deps import Blocks, Cursor, Memo, industry_id, region_code, single_valued_query
from nqpf.errors import NqpfError
from nqpf.extract.gazetteer import region_name
from nqpf.lookup import resolve_metric, resolve_region
from nqpf.output import format_value
from nqpf.store import documents as stored
from nqpf.store import queries
from nqpf.store.diffusion import diffusion
from nqpf.store.series import conflicts_page
from nqpf.store.targets import target_metrics, targets
from nqpf.web.charts import diffusion_chart, industry_series_charts

router = APIRouter(include_in_schema=False, dependencies=[Depends(single_valued_query)])
MAX_CHARTS = 12
MAX_ROWS = 300


def http_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL fit for a link, else None (``javascript:``, ``data:``,
    relative, or anything with spaces or control characters a browser might strip to find a scheme)."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def path_segment(value: Any) -> str:
    """``value`` quoted as one URL path segment (``/``, ``?``, ``#`` and quotes included)."""
    return quote(str(value), safe="")


def signed_gap(gap: float, unit: str) -> str:
    """An outcome less its target, signed: '+0.1 pp' (the difference of two percentages is in points),
    '-2 bn CNY'."""
    if unit in ("%", "pp"):
        return f"{gap:+g} pp"
    return ("+" if gap > 0 else "-" if gap < 0 else "") + format_value(abs(gap), unit)


# autoescape on for every template whatever its file name: pages show text from documents
templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                                   autoescape=True))
templates.env.filters["value"] = lambda f: format_value(f["value"], f["unit"])
templates.env.filters["in_unit"] = format_value
templates.env.filters["gap"] = signed_gap
templates.env.filters["http_url"] = http_url
templates.env.filters["path"] = path_segment
templates.env.filters["region_name"] = region_name
templates.env.globals["measures"] = queries.MEASURES


@cache
def tile_grid() -> list[dict[str, Any]]:
    text = files("nqpf.data").joinpath("tile_grid.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [{"code": r["code"], "row": int(r["row"]), "col": int(r["col"]), "name": region_name(r["code"])}
            for r in rows]


# Second line of defence behind escaping: a page runs only the scripts this site serves (app.js,
# plotly.js), so markup that ever slipped through could not run an inline script or handler.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context``, with the pages' security headers."""
    return templates.TemplateResponse(request, template, context, status_code=status, headers=PAGE_HEADERS)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, con: Cursor,
         measure: Literal["priorities", "documents", "figures", "index", "rd_share"] = "priorities",
         stage: Literal["emerging", "future"] | None = None) -> HTMLResponse:
    from nqpf.portfolio.matrix import crowded, matrix

    values = queries.region_measure(con, measure)
    top = max(values.values(), default=0) or 1
    tiles = [{**t, "value": values.get(t["code"]), "shade": round((values.get(t["code"]) or 0) / top, 3)}
             for t in tile_grid()]
    pairs = queries.priority_pairs(con, stage=stage)
    regions_, industries_, cells = matrix(pairs)
    most = max((v for c in cells.values() for v in c.values()), default=1)
    return render(request, "home.html", tiles=tiles, measure=measure, stage=stage, regions=regions_,
                  industries=industries_[:30], cells=cells, most=most, crowded=crowded(pairs)[:12],
                  documents=stored.documents(con, limit=1)[0])


@router.get("/region/{name}", response_class=HTMLResponse)
def region_page(request: Request, con: Cursor, memo: Memo, name: str) -> HTMLResponse:
    code = region_code(name)
    profile = queries.region_page(con, code, limit=MAX_ROWS, memo=memo)
    by_stage: dict[str, list[dict]] = {}
    for p in profile["priorities"]["items"]:
        by_stage.setdefault(p["stage"], []).append(p)
    index = queries.index_scores(con, region=code, memo=memo)
    return render(request, "region.html", profile=profile, code=code, by_stage=by_stage, max_rows=MAX_ROWS,
                  charts=queries.region_charts(con, code, top=MAX_CHARTS), index=index,
                  **_conflicts(con, region=code),
                  index_series=[{"year": r["year"], "score": r["score"], **dict(r["dimensions"] or {})}
                                for r in index])


@router.get("/industry/{name}", response_class=HTMLResponse)
def industry_page(request: Request, con: Cursor, memo: Memo, name: str) -> HTMLResponse:
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


Filter = Annotated[str | None, Query(max_length=100)]
STATUSES = ("met", "missed", "pending", "no outcome yet")


def _year(text: str) -> int:
    """The year a filter names; NqpfError (its message for the page) for anything else."""
    if not (text.strip().isdigit() and 1900 <= int(text) <= 2100):
        raise NqpfError(f"year must be a year from 1900 to 2100, such as 2025, not '{text}'")
    return int(text)


@router.get("/targets", response_class=HTMLResponse)
def targets_page(request: Request, con: Cursor, region: Filter = None, year: Filter = None,
                 metric: Filter = None) -> HTMLResponse:
    """Targets against outcomes, narrowed by region, year and metric. A field left empty (as a form
    sends it) does not narrow; a value that names nothing gets the error page, saying why."""
    try:
        wanted_year = _year(year) if year else None
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

