"""The data behind the charts of the industry page, shaped for app.js from the store's answers: a
chart per metric, kind and unit with a line per region (``store.series``), and how many regions had
prioritised the industry by each year (``store.diffusion``).

Only numbers, years, reference names (regions, metric IDs) and words of our own reach a chart; the
page puts them in a JSON block (``tojson``) and app.js escapes them again for Plotly."""

from __future__ import annotations

from typing import Any

from nqpf.output import format_value
from nqpf.store import duckdb_engine as duckdb
from nqpf.store import queries
from nqpf.store.series import series, series_metrics
from nqpf.web.names import industry_en, metric_name


def _documents(n: int) -> str:
    return f"{n} document{'s' if n != 1 else ''}"


def _hover(name: str, year: int, point: dict[str, Any], unit: str) -> str:
    """What a point says when hovered: whose, when, the value, and how many documents state it."""
    by = _documents(point["sources"]) if point["sources"] == point["documents"] else \
        f"{point['sources']} of {_documents(point['documents'])}"
    text = f"{name}, {year}: {format_value(point['value'], unit)} · stated by {by}"
    if point["values"] > 1:  # a disagreement: the reader should know the point is one of several values
        text += f"; the documents give {point['values']} different values"
    return text


def industry_series_charts(con: duckdb.DuckDBPyConnection, industry: str, *, top: int) -> list[dict[str, Any]]:
    """Up to ``top`` charts of the figures about ``industry`` (their own industry, exactly): one per
    metric, kind and unit, so that a plan is never joined to an actual nor yuan to dollars; in each,
    ``{"title", "metric", "kind", "unit", "lines": [{"name", "x", "y", "text"}]}``, a line per region
    with its years (integers), values and hover texts. Metrics with the most figures come first."""
    charts: list[dict[str, Any]] = []
    for metric in series_metrics(con, industry=industry):
        by_chart: dict[tuple[str, str], dict[str, Any]] = {}
        for line in series(con, metric, industry=industry):
            key = (line["kind"], line["unit"])
            chart = by_chart.get(key)
            if chart is None:
                chart = by_chart[key] = {"title": f"{metric_name(metric)} · {line['kind']} ({line['unit']})",
                                         "metric": metric,
                                         "kind": line["kind"], "unit": line["unit"], "lines": []}
            name = line["region_name"] or line["region"]
            chart["lines"].append({"name": name, "x": [p["year"] for p in line["points"]],
                                   "y": [p["value"] for p in line["points"]],
                                   "text": [_hover(name, p["year"], p, line["unit"]) for p in line["points"]]})
        charts.extend(by_chart.values())
        if len(charts) >= top:
            break
    return charts[:top]


def diffusion_chart(found: dict[str, Any]) -> dict[str, Any]:
    """The cumulative count of ``found`` (:func:`nqpf.store.diffusion.diffusion` by year) as a chart's
    ``{"x": years, "y": regions, "text": hover texts}``."""
    points = found["cumulative"]
    return {"x": [int(p["period"]) for p in points], "y": [p["regions"] for p in points],
            "text": [f"by {p['period']}: {p['regions']} region{'s' if p['regions'] != 1 else ''} "
                     f"({p['new_regions']} new)" for p in points]}


def region_charts(con: duckdb.DuckDBPyConnection, code: str, *, top: int) -> list[dict[str, Any]]:
    """:func:`nqpf.store.queries.region_charts` as a list of ``{"title", "x", "y", "text"}``, the
    metric and industry of each title by name ('R&D intensity · actual (%)')."""
    out = []
    for key, line in queries.region_charts(con, code, top=top).items():
        head, _, unit = key.rpartition(" (")
        parts = head.split(" · ")
        named = [metric_name(parts[0]), *(industry_en(p) for p in parts[1:-1]), parts[-1]]
        out.append({"title": " · ".join(named) + f" ({unit}", **line})
    return out
