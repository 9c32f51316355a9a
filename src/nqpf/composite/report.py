"""A self-contained HTML report of an index run: ranking, scores over time, rank intervals and
the inequality decomposition. Charts are plotly, with plotly.js embedded once so the page
works offline."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from nqpf.composite.index import IndexResult
from nqpf.composite.uncertainty import UncertaintyResult
from nqpf.errors import NqpfError
from nqpf.extract.gazetteer import region_name


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(r.get(c)))}</td>" for c in columns) + "</tr>"
                   for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def write_report(path: str, result: IndexResult, uncertainty: UncertaintyResult,
                 inequality: dict[str, list[dict[str, Any]]], panel_label: str) -> None:
    """Write the report to ``path``."""
    import plotly.graph_objects as go
    from plotly.offline import get_plotlyjs

    scores = result.scores.copy()
    scores["name"] = scores["region"].map(region_name)
    latest = int(scores["year"].max())
    ranking = scores[scores["year"] == latest].sort_values("rank")
    dims = [d.id for d in result.framework.dimensions]

    over_time = go.Figure()
    for name, group in scores.sort_values("year").groupby("name"):
        over_time.add_trace(go.Scatter(x=group["year"], y=group["score"], mode="lines", name=name))
    over_time.update_layout(title="Index score over time", xaxis_title="year", yaxis_title="score", height=520)

    ranks = uncertainty.ranks[uncertainty.ranks["year"] == latest].sort_values("median_rank")
    names = ranks["region"].map(region_name)
    intervals = go.Figure(go.Scatter(
        x=ranks["median_rank"], y=names, mode="markers", name="median rank",
        error_x={"type": "data", "symmetric": False, "array": ranks["p95"] - ranks["median_rank"],
                 "arrayminus": ranks["median_rank"] - ranks["p05"]}))
    intervals.add_trace(go.Scatter(x=ranks["nominal_rank"], y=names, mode="markers", name="nominal rank",
                                   marker={"symbol": "x"}))
    intervals.update_layout(title=f"Rank intervals {latest} (5-95%, {uncertainty.draws} draws)",
                            xaxis_title="rank", height=700, yaxis={"autorange": "reversed"})

    dagum = inequality.get("dagum", [])
    decomposition = go.Figure()
    for part in ("within", "net_between", "transvariation"):
        decomposition.add_trace(go.Bar(x=[r["year"] for r in dagum], y=[r.get(part) for r in dagum], name=part))
    decomposition.update_layout(barmode="stack", title="Dagum Gini decomposition by year", height=420)

    charts = "".join(fig.to_html(full_html=False, include_plotlyjs=False) for fig in
                     (over_time, intervals, decomposition))
    o = result.options
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nqpf index report: {html.escape(result.framework.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:auto;padding:1em}}
table{{border-collapse:collapse;font-size:.9em;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.2em .5em}}
th{{background:#f3f3f3}}</style>
<script>{get_plotlyjs()}</script></head><body>
<h1>New quality productive forces index</h1>
<p>Framework <b>{html.escape(result.framework.name)}</b>; data {html.escape(panel_label)};
weights {o.weights}, aggregation {o.aggregation}, normalisation {o.normalisation} (pooled over years),
imputation {o.imputation}, outliers {o.outliers}.</p>
<h2>Ranking {latest}</h2>
{_table(ranking.round(4).to_dict("records"), ["rank", "name", "region", "score", *dims, "coverage"])}
{charts}
<h2>Sensitivity of ranks to method choices (Sobol indices)</h2>
{_table(uncertainty.sensitivity.to_dict("records"), ["factor", "first_order", "total"])}
<h2>Inequality</h2>
{_table(dagum, list(dagum[0]) if dagum else [])}
<h2>Weights</h2>
{_table([{"indicator": k, "weight": round(float(v), 4)} for k, v in result.weights.items()],
        ["indicator", "weight"])}
</body></html>"""
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as err:
        raise NqpfError(f"{path}: cannot write the report: {err.strerror}") from None


