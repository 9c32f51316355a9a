"""The query commands of ``nqpf``: regions, a region, an industry, compare, the matrix, overlap,
series, conflicts, targets, diffusion and facts (thin: parse, call the store, print)."""

from __future__ import annotations

import click

from nqpf.cli_options import REGION_LIMIT, db_option, format_option, out, reader
from nqpf.cli_reads import for_table, show_industry, show_region, show_regions
from nqpf.errors import NqpfError


@click.command("regions")
@db_option
@format_option
def regions_cmd(db: str | None, fmt: str) -> None:
    """Every region with documents: counts of documents, priorities, figures; top industries.

    Example: nqpf regions --format csv
    """
    show_regions(db, fmt)


@click.command("region")
@click.argument("name")
@db_option
@format_option
@click.option("--limit", type=click.IntRange(min=0), default=REGION_LIMIT, show_default=True,
              help="Rows of each list (priorities, figures, quotes, organisations) in the table, newest first; "
                   "0 for all. JSON and CSV have every row.")
def region_cmd(name: str, db: str | None, fmt: str, limit: int) -> None:
    """A region's profile: first its summary (each industry once, with stage, first and latest year,
    documents and corroboration; the latest value of each metric with its trend), its cities' labelled by
    city; then its priorities, figures, quotes and organisations, each with its whole sentence.

    NAME is an English or Chinese name or a code: Anhui, 安徽, 340000, "Xi'an".

    Example: nqpf region Anhui --limit 10
    """
    show_region(name, db, fmt, limit)


@click.command("industry")
@click.argument("name", required=False)
@db_option
@format_option
@click.option("--list", "list_all", is_flag=True, help="List the taxonomy's industry IDs.")
def industry_cmd(name: str | None, db: str | None, fmt: str, list_all: bool) -> None:
    """Which regions prioritise an industry, since when, with the figures attached.

    NAME is an ID or alias from the taxonomy: 6g, "humanoid robots", NEV, 人工智能.

    Example: nqpf industry 6g
    """
    show_industry(name, db, fmt, list_all)


@click.command("compare")
@click.argument("names", nargs=-1, required=True)
@db_option
@format_option
def compare_cmd(names: tuple[str, ...], db: str | None, fmt: str) -> None:
    """Two or more regions side by side: industry portfolios (shared and distinct industries), the
    latest value of the key metrics, and the index sub-scores. A city is shown under its province's
    name, never summed into it.

    Example: nqpf compare Guangdong Jiangsu Shanghai
    """
    from nqpf.lookup import resolve_region
    from nqpf.output import format_value, write_sections
    from nqpf.portfolio.matrix import compare
    from nqpf.store.compare import index_subscores, key_metrics
    from nqpf.store.queries import priority_pairs

    if len(names) < 2:
        raise NqpfError("compare needs at least two regions")
    codes = list(dict.fromkeys(resolve_region(n) for n in names))
    with reader(db) as con:
        result = compare(priority_pairs(con), codes)
        metrics, index = key_metrics(con, codes), index_subscores(con, codes)
    label = {c: _compare_label(c) for c in codes}
    if fmt == "table":
        metric_rows = [{"metric": m["metric"], "industry": m["industry"] or "",
                        **{label[c]: f"{format_value(v['value'], m['unit'])} ({v['year']})" if v else "-"
                           for c, v in m["values"].items()}} for m in metrics]
    elif fmt == "csv":  # a value and its year a column each, for a spreadsheet
        metric_rows = [{"metric": m["metric"], "industry": m["industry"], "unit": m["unit"],
                        **{k: v for c, p in m["values"].items()
                           for k, v in ((c, p and p["value"]), (f"{c}_year", p and p["year"]))}} for m in metrics]
    else:
        metric_rows = metrics
    index_rows = [{"region": label[r["region"]] if fmt == "table" else r["region"],
                   **{k: v for k, v in r.items() if k != "region"}} for r in index]
    rows = [{"industry": r["industry"], "stage": r["stage"],
             **{label[c]: ("" if r[c] is None else (r[c] or "yes")) if fmt == "table" else r[c]
                for c in codes}} for r in result["industries"]]
    summary = [{"regions": " / ".join(label[c] for c in (p["region_a"], p["region_b"])),
                "jaccard": p["jaccard"]} for p in result["overlap"]]
    distinct = [{"region": label[c], "distinct": ", ".join(result["distinct"][c]) or "-"} for c in codes]
    write_sections("Portfolios of " + ", ".join(label[c] for c in codes)
                   + f"\nShared by all: {', '.join(result['shared']) or 'none'}",
                   {"industries": rows, "distinct": distinct, "overlap": summary, "metrics": metric_rows,
                    "index": index_rows}, fmt, out(),
                   extra={"regions": codes, "shared": result["shared"]})


def _compare_label(code: str) -> str:
    """'Anhui (340000)'; a city with its province: 'Hefei (340100, Anhui)'."""
    from nqpf.extract import gazetteer
    from nqpf.extract.gazetteer import region_name
    from nqpf.lookup import region_label

    province = gazetteer.province_of(code) if code.isdigit() else code
    return region_label(code) if province == code else f"{region_name(code)} ({code}, {region_name(province)})"


@click.command("matrix")
@db_option
@format_option
@click.option("--stage", type=click.Choice(["emerging", "future"]), default=None)
@click.option("--year", type=int, default=None, help="Only priorities stated for this year.")
def matrix_cmd(db: str | None, fmt: str, stage: str | None, year: int | None) -> None:
    """The region × industry priority matrix (cells: number of documents).

    Example: nqpf matrix --stage future
    """
    from nqpf.extract.gazetteer import region_name
    from nqpf.output import write_rows
    from nqpf.portfolio.matrix import matrix
    from nqpf.store.queries import priority_pairs

    with reader(db) as con:
        regions, industries, cells = matrix(priority_pairs(con, stage=stage, year=year))
    rows = [{"code": r, "region": region_name(r),
             **{i: cells[r].get(i, "" if fmt == "table" else 0) for i in industries}} for r in regions]
    write_rows(rows, fmt, out(), columns=["code", "region", *industries])


@click.command("overlap")
@db_option
@format_option
@click.option("--method", type=click.Choice(["jaccard", "cosine"]), default="jaccard", show_default=True)
@click.option("--crowded", is_flag=True, help="Only the most crowded industries.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows per list.")
def overlap_cmd(db: str | None, fmt: str, method: str, crowded: bool, top: int) -> None:
    """How alike regions' portfolios are, and which industries most regions pile into.

    Example: nqpf overlap --method cosine
    """
    from nqpf.lookup import region_label
    from nqpf.output import write_rows, write_sections
    from nqpf.portfolio.matrix import crowded as crowded_industries
    from nqpf.portfolio.matrix import overlap
    from nqpf.store.queries import priority_pairs

    with reader(db) as con:
        pairs = priority_pairs(con)
    crowd = crowded_industries(pairs)[:top]
    if crowded:
        write_rows(crowd, fmt, out())
        return
    similar = [{"region_a": region_label(p["region_a"]), "region_b": region_label(p["region_b"]),
                "similarity": p["similarity"], "shared": p["shared"]} for p in overlap(pairs, method=method)[:top]]
    write_sections(f"Portfolio overlap ({method})", {"pairs": similar, "crowded_industries": crowd}, fmt, out())


@click.command("series")
@db_option
@format_option
@click.argument("metric")
@click.option("--region", "regions", multiple=True, help="Name or code; give it again for more regions.")
@click.option("--industry", default=None, help="Taxonomy ID, alias or aggregate (high_tech_manufacturing).")
@click.option("--kind", type=click.Choice(["actual", "plan", "target"]), default=None)
def series_cmd(db, fmt, metric, regions, industry, kind) -> None:
    """One metric by region and year: a line for each region, industry, kind and unit, never a plan
    joined to an actual; each value with the number of documents that state it in brackets ("*":
    the documents give more than one value for that year).

    Example: nqpf series rd_intensity --region Guangdong --region Jiangsu
    """
    from nqpf.lookup import resolve_metric, resolve_region, resolve_subject
    from nqpf.output import format_value, write_rows
    from nqpf.store.series import series, series_rows, series_table

    metric_id = resolve_metric(metric)
    codes = [resolve_region(r) for r in regions] or None
    subject = resolve_subject(industry) if industry else None
    with reader(db) as con:
        lines = series(con, metric_id, regions=codes, industry=subject, kind=kind)
    if fmt == "json":
        import json

        json.dump({"metric": metric_id, "lines": lines}, out(), ensure_ascii=False, indent=2)
        out().write("\n")
    elif fmt == "csv":
        write_rows(series_rows(lines), fmt, out())
    else:
        out().write(f"{metric_id}: {len(lines)} line{'s' if len(lines) != 1 else ''}\n")
        table = series_table(lines)
        shown = [{k: (format_value(v[0], v[1]) + f" [{v[2]}]" + ("*" if v[3] > 1 else "")) if isinstance(v, tuple)
                  else ("" if v is None else v) for k, v in row.items()} for row in table]
        write_rows(shown, fmt, out())


@click.command("conflicts")
@db_option
@format_option
@click.option("--metric", default=None, help="A metric ID of metrics.yaml.")
@click.option("--region", default=None, help="Name or code.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
def conflicts_cmd(db, fmt, metric, region, limit) -> None:
    """Facts that documents state with different values (the same region, metric, industry, year,
    kind and unit, more than 0.5% apart): each value with the documents that give it.

    Example: nqpf conflicts --metric gdp_growth
    """
    from nqpf.lookup import resolve_metric, resolve_region
    from nqpf.output import format_value, write_rows
    from nqpf.store.series import conflicts_page

    metric_id = resolve_metric(metric) if metric else None
    code = resolve_region(region) if region else None
    with reader(db) as con:
        total, found = conflicts_page(con, metric=metric_id, region=code, limit=limit)
    if total > len(found):
        click.echo(f"the first {len(found)} of {total} conflicts (--limit)", err=True)
    if fmt == "json":
        import json

        json.dump(found, out(), ensure_ascii=False, indent=2)
        out().write("\n")
        return
    rows = [{"region": c["region_name"], "metric": c["metric"], "industry": c["industry"], "year": c["year"],
             "kind": c["kind"], "value": format_value(v["value"], c["unit"]) if fmt == "table" else v["value"],
             "unit": c["unit"], "documents": ", ".join(v["documents"]), "evidence": v["evidence"]}
            for c in found for v in c["values"]]
    if fmt == "table":
        out().write(f"{len(found)} conflict{'s' if len(found) != 1 else ''}\n")
        rows = [{k: v for k, v in r.items() if k != "unit"} for r in rows]
    write_rows(rows, fmt, out())


@click.command("targets")
@db_option
@format_option
@click.option("--region", default=None, help="Name or code.")
@click.option("--year", type=int, default=None)
@click.option("--metric", default=None, help="A metric ID of metrics.yaml.")
def targets_cmd(db, fmt, region, year, metric) -> None:
    """Targets and sized plans against the outcomes stored for the same region, metric, industry and
    year: met, missed, pending (its year not over) or no outcome yet, with the gap and both sentences.

    Example: nqpf targets --year 2025 --metric gdp_growth
    """
    from nqpf.lookup import resolve_metric, resolve_region
    from nqpf.output import format_value, write_rows
    from nqpf.store.targets import targets

    code = resolve_region(region) if region else None
    metric_id = resolve_metric(metric) if metric else None
    with reader(db) as con:
        found = targets(con, region=code, year=year, metric=metric_id)
    if fmt == "table":
        counts = {s: sum(t["status"] == s for t in found) for s in ("met", "missed", "pending", "no outcome yet")}
        out().write(f"{len(found)} targets: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "\n")
        found = [{"region": t["region_name"], "metric": t["metric"], "industry": t["industry"], "year": t["year"],
                  "kind": t["kind"], "target": format_value(t["target"], t["unit"]),
                  "outcome": "" if t["outcome"] is None else format_value(t["outcome"], t["unit"]),
                  "status": t["status"], "target sentence": t["target_evidence"]} for t in found]
    write_rows(found, fmt, out())


@click.command("diffusion")
@db_option
@format_option
@click.argument("industry")
@click.option("--by", type=click.Choice(["year", "month"]), default="year", show_default=True)
def diffusion_cmd(db, fmt, industry, by) -> None:
    """When each region first prioritised INDUSTRY (its first dated document), how many regions had
    by each year or month, and the first movers; undated documents are left out and counted.

    Example: nqpf diffusion humanoid_robots --by month
    """
    from nqpf.lookup import resolve_industry
    from nqpf.output import write_sections
    from nqpf.store.diffusion import diffusion

    industry_id = resolve_industry(industry)
    with reader(db) as con:
        found = diffusion(con, industry_id, by=by)
    movers = ", ".join(found["first_movers"]) or "none"
    write_sections(f"Diffusion of {industry_id}: {len(found['regions'])} regions, first movers {movers}; "
                   f"{found['undated']} undated documents left out",
                   {"cumulative": found["cumulative"], "regions": found["regions"]}, fmt, out(),
                   extra={"industry": industry_id, "first_movers": found["first_movers"], "undated": found["undated"]})


@click.command("facts")
@db_option
@format_option
@click.option("--type", "kind", type=click.Choice(["figures", "priorities", "quotes", "organizations"]),
              default="figures", show_default=True)
@click.option("--region", default=None, help="Name or code.")
@click.option("--industry", default=None, help="ID or alias (a sector includes its leaves).")
@click.option("--year", type=int, default=None)
@click.option("--unit", type=click.Choice(["CNY", "USD", "%", "pp", "count", "m2", "years", "number"]),
              default=None)
@click.option("--kind", "fact_kind", type=click.Choice(["actual", "plan", "target"]), default=None)
@click.option("--metric", default=None, help="A metric ID of metrics.yaml (figures only), such as gdp_growth.")
@click.option("--limit", type=click.IntRange(min=1), default=None)
def facts_cmd(db, fmt, kind, region, industry, year, unit, fact_kind, metric, limit) -> None:
    """Facts filtered by region, industry, year, unit, kind and metric, each with its document and sentence.

    Example: nqpf facts --region Anhui --unit CNY --kind plan
    """
    from nqpf.lookup import resolve_industry, resolve_metric, resolve_region
    from nqpf.output import write_rows
    from nqpf.store.queries import facts

    code = resolve_region(region) if region else None
    industry_id = resolve_industry(industry) if industry else None
    metric_id = resolve_metric(metric) if metric else None
    with reader(db) as con:
        found = facts(con, kind, region=code, industry=industry_id, year=year, unit=unit, fact_kind=fact_kind,
                      metric=metric_id, limit=limit)
    columns = list(found[0]) if found else []
    if fmt == "table":
        found = for_table(found, fmt) if kind == "figures" else found
        columns = [c for c in columns if c not in ("doc_id", "ev_start", "ev_end", "unit", "industries")]
    write_rows(found, fmt, out(), columns=columns or None)


COMMANDS = [regions_cmd, region_cmd, industry_cmd, compare_cmd, matrix_cmd, overlap_cmd, series_cmd, conflicts_cmd,
            targets_cmd, diffusion_cmd, facts_cmd]
