"""Targets against outcomes: every stored target (and sized plan) of a region, paired with the
outcome stored for the same region, metric, industry, unit and year.

A target is met when the outcome reaches it (within 0.5%, as figures that state the same value),
or stays under it for the metrics whose targets are ceilings (the unemployment rate, consumer
prices, energy use per unit of GDP). A target without an outcome is pending while its year runs
and "no outcome yet" after.
"""

from __future__ import annotations

import datetime
from typing import Any

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.lookups import where_equal
from nqpf.store.series import SAME_VALUE, same_value_groups

# the metrics whose target is a ceiling: "CPI growth of around 2%", "unemployment within 5.5%",
# "energy use per unit of GDP down 2.5%" (a decline is negative: -3 reaches -2.5)
CEILINGS = frozenset(("urban_unemployment_rate", "cpi_growth", "energy_intensity_change"))


def _status(metric: str, target: float, outcome: float | None, year: int, this_year: int) -> str:
    if outcome is None:
        return "pending" if year >= this_year else "no outcome yet"
    slack = SAME_VALUE * max(abs(target), 1e-9)
    if metric in CEILINGS:
        return "met" if outcome <= target + slack else "missed"
    return "met" if outcome >= target - slack else "missed"


def targets(con: duckdb.DuckDBPyConnection, *, region: str | None = None, year: int | None = None,
            metric: str | None = None, this_year: int | None = None, spans: bool = False) -> list[dict[str, Any]]:
    """Each target or sized plan with its outcome: ``{"region", "region_name", "metric", "industry",
    "year", "kind", "unit", "target", "target_document", "target_evidence", "outcome",
    "outcome_documents", "outcome_evidence", "gap", "status"}``; the outcome is the value most
    documents state. In order of region, metric, industry and year. With ``spans``, where the two
    sentences are, for links to them: ``"target_doc_id"``, ``"target_ev_start"``,
    ``"outcome_doc_id"`` and ``"outcome_ev_start"`` (the outcome's the sentence of
    ``outcome_evidence``; None without an outcome)."""
    this_year = this_year or datetime.date.today().year
    where, params = where_equal(["f.metric IS NOT NULL", "f.metric <> 'other'", "f.year IS NOT NULL"], [],
                                **{"f.region": region, "f.year": year, "f.metric": metric})
    rows = con.execute(f"""
        SELECT f.region, r.name, f.metric, f.industry, f.year, f.kind, f.unit, f.value, d.name, min(f.evidence),
               d.id, arg_min(f.ev_start, f.evidence)
        FROM figures f JOIN regions r ON r.code = f.region JOIN documents d ON d.id = f.doc_id
        WHERE {where}
        GROUP BY ALL ORDER BY f.region, f.metric, f.industry NULLS FIRST, f.year, f.kind DESC, f.value, d.name""",
                       params).fetchall()
    outcomes: dict[tuple, list[tuple[float, tuple[str, str, str, int]]]] = {}
    wanted = []
    for code, name, metric_id, industry, year_, kind, unit, value, document, evidence, doc_id, start in rows:
        key = (code, metric_id, industry, unit, year_)
        if kind == "actual":
            outcomes.setdefault(key, []).append((value, (document, evidence, doc_id, start)))
        else:
            wanted.append((key, name, kind, value, document, evidence, doc_id, start))
    out = []
    seen = set()
    for key, name, kind, value, document, evidence, doc_id, start in wanted:
        if (key, kind, value) in seen:
            continue  # the same target in several documents: once, with the first
        seen.add((key, kind, value))
        code, metric_id, industry, unit, year_ = key
        stated = outcomes.get(key)
        outcome = documents = outcome_evidence = None
        where_stated: tuple[str | None, int | None] = (None, None)
        if stated:
            best = max(same_value_groups(stated), key=lambda g: (len({p[0] for _, p in g}), -g[0][0]))
            outcome, documents, outcome_evidence = best[0][0], sorted({p[0] for _, p in best}), best[0][1][1]
            where_stated = (best[0][1][2], best[0][1][3])
        pair = {"region": code, "region_name": name, "metric": metric_id, "industry": industry, "year": year_,
                "kind": kind, "unit": unit, "target": value, "target_document": document,
                "target_evidence": evidence, "outcome": outcome, "outcome_documents": documents,
                "outcome_evidence": outcome_evidence,
                "gap": None if outcome is None else round(outcome - value, 6),
                "status": _status(metric_id, value, outcome, year_, this_year)}
        if spans:
            pair.update(target_doc_id=doc_id, target_ev_start=start, outcome_doc_id=where_stated[0],
                        outcome_ev_start=where_stated[1])
        out.append(pair)
    return out


def target_metrics(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The metrics that have a target or sized plan stored, for a page to offer as a filter."""
    return [r[0] for r in con.execute("""
        SELECT DISTINCT metric FROM figures
        WHERE kind <> 'actual' AND metric IS NOT NULL AND metric <> 'other' AND year IS NOT NULL
        ORDER BY metric""").fetchall()]
