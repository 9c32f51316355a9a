"""Regions side by side in numbers: what ``nqpf compare`` adds to the portfolios.

Each region's value is its own: a province's figures never include its cities' (the texts state
both, and adding Hefei's output to Anhui's would count it twice); a city is shown beside its
province, labelled with it.
"""

from __future__ import annotations

from typing import Any

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.queries import index_scores
from nqpf.store.series import series

# the economy-wide metrics an analyst compares first
KEY_METRICS = ("gdp_growth", "rd_intensity", "high_tech_enterprises")
# metrics about an industry: compared for the industries every region reports
INDUSTRY_METRICS = ("output", "output_value")


def key_metrics(con: duckdb.DuckDBPyConnection, codes: list[str]) -> list[dict[str, Any]]:
    """Rows ``{"metric", "industry", "unit", "values": {code: point or None}}``: the latest actual
    value of each key metric for each region (a point: year, value, sources), and of the industry
    metrics for every industry that all the regions report. A metric no region reports is left out."""
    out = []
    for metric in (*KEY_METRICS, *INDUSTRY_METRICS):
        lines = series(con, metric, regions=codes, kind="actual")
        about_industry = metric in INDUSTRY_METRICS
        keys: dict[tuple[str | None, str], dict[str, Any]] = {}
        for line in lines:
            if (line["industry"] is not None) != about_industry:
                continue
            latest = line["points"][-1]
            keys.setdefault((line["industry"], line["unit"]), {})[line["region"]] = {
                "year": latest["year"], "value": latest["value"], "sources": latest["sources"]}
        for (industry, unit), values in keys.items():
            if about_industry and len(values) < len(codes):
                continue
            out.append({"metric": metric, "industry": industry, "unit": unit,
                        "values": {c: values.get(c) for c in codes}})
    return out


def index_subscores(con: duckdb.DuckDBPyConnection, codes: list[str]) -> list[dict[str, Any]]:
    """Each region's latest score, rank and dimension sub-scores in the latest stored index run
    (none when no index was computed or the region is not in it, as a city is not)."""
    out = []
    for code in codes:
        scores = index_scores(con, region=code)
        if scores:
            latest = scores[0]  # the latest year first
            out.append({"region": code, "year": latest["year"], "score": latest["score"],
                        "rank": int(latest["rank"]), **dict(latest["dimensions"] or {})})
    return out
