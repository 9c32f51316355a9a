"""What the read commands ``nqpf regions``, ``nqpf region`` and ``nqpf industry`` print, as plain
functions of their parsed arguments. Nothing here imports click: ``nqpf.launch`` runs these commands
without it (click's import is a fifth of such a command's time), and ``nqpf.cli_query``'s click
commands call the same functions.
"""

from __future__ import annotations

from nqpf.cli_options import out, reader

_DETAIL_SECTIONS = ("priorities", "figures", "quotes", "organizations")
_FIGURE_COLUMNS = ["indicator", "metric", "value", "unit", "year", "kind", "approx", "corroboration", "document",
                   "evidence"]


def for_table(rows: list[dict], fmt: str, *, trend: bool = False) -> list[dict]:
    """In a table, a figure's value reads '868,000 count' and the unit column goes; ``trend``: the trend
    in words beside the latest value ('up from 3.4% (2023)')."""
    if fmt != "table":
        return rows
    from nqpf.output import format_value

    def trend_words(r: dict) -> str:
        if not r.get("trend"):
            return ""
        return f"{r['trend']} from {format_value(r['previous_value'], r['unit'])} ({r['previous_year']})"

    return [{**r, "value": format_value(r["value"], r["unit"]), **({"trend": trend_words(r)} if trend else {})}
            for r in rows]


def show_regions(db: str | None, fmt: str) -> None:
    """``nqpf regions``: every region with documents."""
    from nqpf.output import write_rows
    from nqpf.store.queries import regions_overview

    with reader(db) as con:
        write_rows(regions_overview(con), fmt, out())


def show_region(name: str, db: str | None, fmt: str, limit: int) -> None:
    """``nqpf region NAME``: the region's summary, then its sections (``limit`` rows of each in a table, 0 for all)."""
    from nqpf.lookup import region_label, resolve_region
    from nqpf.output import write_sections
    from nqpf.store.queries import region_page, region_profile
    from nqpf.store.side_by_side import side_by_side
    from nqpf.store.summary import metric_summary, priority_summary

    code = resolve_region(name)
    totals: dict[str, int] = {}
    paged = fmt == "table" and limit  # a page: a large region has thousands of rows, a terminal shows a few
    with reader(db) as con:
        profile, industries, latest = side_by_side(con, [
            (lambda c: region_page(c, code, limit=limit)) if paged else (lambda c: region_profile(c, code)),
            lambda c: priority_summary(c, code), lambda c: metric_summary(c, code)])
    if paged:
        totals = {section: profile[section]["total"] for section in _DETAIL_SECTIONS}
        profile.update({section: profile[section]["items"] for section in _DETAIL_SECTIONS})
    figure_columns = [c for c in _FIGURE_COLUMNS if not (fmt == "table" and c in ("unit", "approx"))]
    write_sections(
        f"{region_label(code)}: {profile['documents']} documents",
        {"industries": industries, "latest": for_table(latest, fmt, trend=True), "priorities": profile["priorities"],
         "figures": for_table(profile["figures"], fmt), "quotes": profile["quotes"],
         "organizations": profile["organizations"]},
        fmt, out(), extra={"region": profile["region"], "documents": profile["documents"]}, totals=totals,
        columns={"industries": ["industry", "name", "stage", "region_name", "first_year", "latest_year", "documents",
                                "corroboration"],
                 "latest": ["metric", "industry", "kind", "region_name", "value", "year", "trend", "documents",
                            "document", "evidence"],
                 "priorities": ["industry", "stage", "year", "corroboration", "document", "evidence"],
                 "figures": figure_columns,
                 "quotes": ["speaker", "role", "text", "document"],
                 "organizations": ["name", "documents"]} if fmt == "table" else None)


def show_industry(name: str | None, db: str | None, fmt: str, list_all: bool) -> None:
    """``nqpf industry NAME``: the regions that prioritise it, its latest figures; the taxonomy without a name."""
    from nqpf.extract.taxonomy import load_industries
    from nqpf.lookup import resolve_industry
    from nqpf.output import write_rows, write_sections
    from nqpf.store.queries import industry_view

    if list_all or not name:
        write_rows([{"id": i.id, "stage": i.stage, "sector": i.sector, "name": i.en, "name_zh": i.zh}
                    for i in load_industries().values()], fmt, out())
        return
    industry = resolve_industry(name)
    with reader(db) as con:
        view = industry_view(con, industry)
    info = view["industry"]
    write_sections(
        f"{info['id']} ({info['stage']}, sector {info['sector']}): prioritised by {len(view['regions'])} regions",
        {"regions": view["regions"], "latest": for_table(view["latest"], fmt, trend=True),
         "figures": for_table(view["figures"], fmt)}, fmt, out(),
        extra={"industry": info},
        columns={"regions": ["code", "name", "since", "latest_year", "documents", "corroboration", "industries"],
                 "latest": ["metric", "region_name", "kind", "value", "year", "trend", "documents", "document",
                            "evidence"],
                 "figures": ["region_name", "indicator", "value", "year", "kind", "document"]}
        if fmt == "table" else None)
