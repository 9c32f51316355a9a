"""The pages a person sees. Every number links to its document, scrolled to its sentence."""

from __future__ import annotations

import csv
import html
import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from nqpf.api.routes import Cursor, industry_id, region_code
from nqpf.errors import NqpfError
from nqpf.extract.regions import region_name
from nqpf.output import format_value
from nqpf.store import queries

router = APIRouter(include_in_schema=False)
MAX_CHARTS = 12
MAX_ROWS = 300
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["value"] = lambda f: format_value(f["value"], f["unit"])
templates.env.filters["region_name"] = region_name
templates.env.globals["measures"] = queries.MEASURES


@cache
def tile_grid() -> list[dict[str, Any]]:
    text = files("nqpf.data").joinpath("tile_grid.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [{"code": r["code"], "row": int(r["row"]), "col": int(r["col"]), "name": region_name(r["code"])}
            for r in rows]


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, context, status_code=status)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, con: Cursor,
         measure: Literal["priorities", "documents", "figures", "index", "rd_share"] = "priorities",
         stage: Literal["emerging", "future"] | None = None) -> HTMLResponse:
    from nqpf.analysis.portfolio import crowded, matrix

    values = queries.region_measure(con, measure)
    top = max(values.values(), default=0) or 1
    tiles = [{**t, "value": values.get(t["code"]), "shade": round((values.get(t["code"]) or 0) / top, 3)}
             for t in tile_grid()]
    pairs = queries.priority_pairs(con, stage=stage)
    regions_, industries_, cells = matrix(pairs)
    most = max((v for c in cells.values() for v in c.values()), default=1)
    return render(request, "home.html", tiles=tiles, measure=measure, stage=stage, regions=regions_,
                  industries=industries_[:30], cells=cells, most=most, crowded=crowded(pairs)[:12],
                  documents=queries.documents(con, limit=1)[0])


@router.get("/region/{name}", response_class=HTMLResponse)
def region_page(request: Request, con: Cursor, name: str) -> HTMLResponse:
    code = region_code(name)
    profile = queries.region_profile(con, code)
    by_stage: dict[str, list[dict]] = {}
    for p in profile["priorities"]:
        by_stage.setdefault(p["stage"], []).append(p)
    series: dict[str, dict[str, list]] = {}
    for f in profile["figures"]:
        if f["year"] is not None:
            key = f"{f['indicator']} ({f['unit']})"
            series.setdefault(key, {"x": [], "y": []})
            series[key]["x"].append(f["year"])
            series[key]["y"].append(f["value"])
    # the indicators with the most years, so a busy region's page stays quick to draw
    ranked = sorted((k for k, v in series.items() if len(set(v["x"])) >= 2),
                    key=lambda k: (-len(set(series[k]["x"])), k))
    charts = {}
    for k in ranked[:MAX_CHARTS]:
        points = sorted(zip(series[k]["x"], series[k]["y"], strict=True))
        charts[k] = {"x": [p[0] for p in points], "y": [p[1] for p in points]}
    index = queries.index_scores(con, region=code)
    total_figures = len(profile["figures"])
    profile["figures"] = profile["figures"][:MAX_ROWS]
    return render(request, "region.html", profile=profile, code=code, by_stage=by_stage, total_figures=total_figures,
                  max_rows=MAX_ROWS,
                  charts_json=json.dumps(charts), index=index,
                  index_json=json.dumps([{"year": r["year"], "score": r["score"], **dict(r["dimensions"] or {})}
                                         for r in index]))


@router.get("/industry/{name}", response_class=HTMLResponse)
def industry_page(request: Request, con: Cursor, name: str) -> HTMLResponse:
    view = queries.industry_view(con, industry_id(name))
    return render(request, "industry.html", view=view)


@router.get("/document/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, con: Cursor, doc_id: str) -> HTMLResponse:
    try:
        doc = queries.document(con, doc_id)
    except NqpfError as err:
        return render_error(request, 404, str(err))
    return render(request, "document.html", doc=doc, body=annotate(doc))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, con: Cursor,
                q: Annotated[str, Query(min_length=1, max_length=200)]) -> HTMLResponse:
    return render(request, "search.html", q=q, results=queries.search(con, q))


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

