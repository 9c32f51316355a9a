"""Policy diffusion: when each region first prioritised an industry, and how many had by each year
or month; the first movers. Read from the publication dates of the documents that state the
priority; a priority only undated documents state is left out, and counted.
"""

from __future__ import annotations

from typing import Any

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.lookups import rows


def diffusion(con: duckdb.DuckDBPyConnection, industry: str, *, by: str = "year") -> dict[str, Any]:
    """``{"regions": [...], "cumulative": [...], "first_movers": [...], "undated": n}`` for the
    industry (a sector: any of its leaves). A region: its first dated document
    (``first_published``, ``document``) and how many documents state the priority; the cumulative
    count of regions by ``by`` ("year" or "month", a date with no month counting in its year only
    by year); the first movers are the regions of the earliest period."""
    if by not in ("year", "month"):
        raise ValueError(f"by must be year or month, not {by!r}")
    industries = [r[0] for r in con.execute("SELECT id FROM industries WHERE id = ? OR sector = ?",
                                            [industry, industry]).fetchall()]
    found = rows(con, """
        WITH p AS (SELECT DISTINCT p.region, p.doc_id FROM priorities p WHERE p.industry IN (SELECT unnest(?))),
        dated AS (SELECT p.region, d.name, d.published, d.published_year,
                         CASE WHEN length(d.published) >= 7 THEN substr(d.published, 1, 7) END AS month
                  FROM p JOIN documents d ON d.id = p.doc_id WHERE d.published_year IS NOT NULL)
        SELECT dated.region, r.name AS region_name,
               arg_min(dated.published, (dated.published_year, coalesce(dated.month, '9999'), dated.published,
                                         dated.name)) AS first_published,
               min(dated.published_year) AS first_year,
               arg_min(dated.month, (dated.published_year, coalesce(dated.month, '9999'), dated.published,
                                     dated.name)) AS first_month,
               arg_min(dated.name, (dated.published_year, coalesce(dated.month, '9999'), dated.published,
                                    dated.name)) AS document,
               count(DISTINCT dated.name) AS documents
        FROM dated JOIN regions r ON r.code = dated.region
        GROUP BY dated.region, r.name
        ORDER BY first_year, coalesce(first_month, '9999'), first_published, dated.region""", [industries])
    undated = con.execute("""
        SELECT count(DISTINCT p.doc_id) FROM priorities p JOIN documents d ON d.id = p.doc_id
        WHERE p.industry IN (SELECT unnest(?)) AND d.published_year IS NULL""", [industries]).fetchone()[0]
    periods: dict[str, int] = {}
    for r in found:
        period = str(r["first_year"]) if by == "year" else (r["first_month"] or str(r["first_year"]))
        periods[period] = periods.get(period, 0) + 1
    cumulative, total = [], 0
    for period in sorted(periods):
        total += periods[period]
        cumulative.append({"period": period, "new_regions": periods[period], "regions": total})
    first = cumulative[0]["period"] if cumulative else None
    movers = [r["region_name"] for r in found
              if first is not None and (str(r["first_year"]) if by == "year" else
                                        (r["first_month"] or str(r["first_year"]))) == first]
    return {"regions": [{k: v for k, v in r.items() if k != "first_month"} for r in found],
            "cumulative": cumulative, "first_movers": movers, "undated": undated}
