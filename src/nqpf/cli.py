"""The ``nqpf`` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from nqpf import __version__
from nqpf.errors import NqpfError
from nqpf.model import Extraction, ReadError


class _Group(click.Group):
    """Turns every failure into one line on stderr: no traceback reaches a user."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NqpfError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.status)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.exit(1)
        except Exception as err:  # a bug: say so in one line, the traceback only on request
            if ctx.params.get("debug") or ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: internal error: {type(err).__name__}: {err} (rerun with --debug)", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="nqpf")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """nqpf: source-linked facts about China's new quality productive forces."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl is the extraction contract; table is for people.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this (default 20 MB, or $NQPF_MAX_BYTES).")
def extract(paths: tuple[str, ...], fmt: str, max_bytes: int | None) -> None:
    """Extract regions, priorities, figures, quotes and organisations from documents.

    PATHS are files (text in any common encoding, HTML, PDF, JSONL corpora), directories
    (read recursively) or - for standard input.

    Example: nqpf extract article.html --format table
    """
    from nqpf.extract.pipeline import extract as extract_document
    from nqpf.ingest import max_bytes_from_env, read_inputs
    from nqpf.output import write_results

    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    failures = 0

    def results() -> Iterator[Extraction]:
        nonlocal failures
        for item in read_inputs(paths, max_bytes=limit, stdin=sys.stdin.buffer):
            if isinstance(item, ReadError):
                failures += 1
                click.echo(f"nqpf: {item.source}: {item.reason}", err=True)
                continue
            yield extract_document(item)

    write_results(results(), fmt, sys.stdout)
    sys.exit(1 if failures else 0)


# ---- the database -------------------------------------------------------------------------

def db_option(f):
    return click.option("--db", "db", default=None, metavar="PATH",
                        help="Database file (default ./nqpf.duckdb, or $NQPF_DB).")(f)


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="table is for people; json and csv for programs.")(f)


def _out():
    return sys.stdout


def _progress(enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(desc=desc, unit=" docs", disable=not enabled, file=sys.stderr, leave=False, dynamic_ncols=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process; dask: partitions on a Dask distributed cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="dask: worker processes of a LocalCluster (default 2).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="dask: an existing scheduler, tcp://host:8786.")
@click.option("--shards", default=None, metavar="DIR",
              help="dask: where Parquet shards and the manifest go (default DB.shards).")
@click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="local: documents per transaction.")
@click.option("--partition-size", type=click.IntRange(min=1024), default=4 * 1024 * 1024, show_default=True,
              help="dask: bytes of JSONL per partition.")
@click.option("--dup-threshold", type=click.FloatRange(0.05, 0.99), default=None,
              help="Estimated Jaccard similarity above which documents are near-duplicates (default 0.6).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this (default 20 MB, or $NQPF_MAX_BYTES).")
def ingest(paths: tuple[str, ...], db: str | None, engine: str, workers: int | None, scheduler: str | None,
           shards: str | None, batch_size: int, partition_size: int, dup_threshold: float | None,
           max_bytes: int | None) -> None:
    """Extract documents and store them with their facts; documents already stored are skipped.
    Then marks near-duplicate documents, counts each fact's independent sources and keeps the
    fact tables in region order (the order the region queries read fastest).

    Example: nqpf ingest ../shared/seeds --db nqpf.duckdb
    Example: nqpf ingest corpus.jsonl --engine dask --workers 2
    """
    from nqpf.ingest import max_bytes_from_env, read_inputs
    from nqpf.scale.corroboration import update_duplicates
    from nqpf.scale.minhash import DEFAULT_THRESHOLD, signature
    from nqpf.store import default_db_path, open_database
    from nqpf.store.layout import keep_region_order
    from nqpf.store.writer import ingest as ingest_documents

    if engine == "local" and (workers or scheduler or shards):
        raise NqpfError("--workers, --scheduler and --shards go with --engine dask")
    if workers and scheduler:
        raise NqpfError("use --scheduler or --workers, not both")
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    path = db or default_db_path()
    con = open_database(path, write=True)
    try:
        if engine == "dask":
            from nqpf.scale.engine import ingest_dask

            summary = ingest_dask(list(paths), con, shards or f"{path}.shards", workers=workers, scheduler=scheduler,
                                  max_bytes=limit, partition_bytes=partition_size, progress=sys.stderr.isatty(),
                                  on_error=lambda source, reason: click.echo(f"nqpf: {source}: {reason}", err=True))
        else:
            bar = _progress(sys.stderr.isatty(), "ingest")
            try:
                summary = ingest_documents(
                    con, read_inputs(paths, max_bytes=limit, stdin=sys.stdin.buffer), batch_size=batch_size,
                    on_error=lambda e: click.echo(f"nqpf: {e.source}: {e.reason}", err=True), on_document=bar.update,
                    signer=signature)
            finally:
                bar.close()
        duplicates = update_duplicates(con, threshold=dup_threshold or DEFAULT_THRESHOLD)
        keep_region_order(con)
    finally:
        con.close()
    click.echo(summary.line())
    click.echo(duplicates.line())
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
@click.option("--all", "force", is_flag=True, help="Re-extract every document, not only outdated ones.")
def reprocess(db: str | None, force: bool) -> None:
    """Re-extract stored documents made by another extractor version.

    Example: nqpf reprocess --db nqpf.duckdb
    """
    from nqpf.scale.corroboration import update_duplicates
    from nqpf.store import open_database
    from nqpf.store.layout import keep_region_order
    from nqpf.store.writer import reprocess as reprocess_documents

    con = open_database(db, write=True)
    bar = _progress(sys.stderr.isatty(), "reprocess")
    try:
        summary = reprocess_documents(con, force=force, on_document=bar.update)
        if summary.new:
            update_duplicates(con)
            keep_region_order(con, rewritten=True)
    finally:
        bar.close()
        con.close()
    click.echo(f"documents: {summary.new} re-extracted, {summary.unchanged} already current; "
               f"facts stored: {summary.facts}")


def _reader(db: str | None):
    from nqpf.store import open_database

    return open_database(db)


@main.command("regions")
@db_option
@format_option
def regions_cmd(db: str | None, fmt: str) -> None:
    """Every region with documents: counts of documents, priorities, figures; top industries.

    Example: nqpf regions --format csv
    """
    from nqpf.output import write_rows
    from nqpf.store.queries import regions_overview

    with _reader(db) as con:
        write_rows(regions_overview(con), fmt, _out())


_FIGURE_COLUMNS = ["indicator", "metric", "value", "unit", "year", "kind", "approx", "corroboration", "document",
                   "evidence"]


def _for_table(rows: list[dict], fmt: str) -> list[dict]:
    """In a table, a figure's value reads '868,000 count' and the unit column goes."""
    if fmt != "table":
        return rows
    from nqpf.output import format_value

    return [{**r, "value": format_value(r["value"], r["unit"])} for r in rows]


@main.command("region")
@click.argument("name")
@db_option
@format_option
def region_cmd(name: str, db: str | None, fmt: str) -> None:
    """A region's profile: priorities, figures, quotes, organisations, each with its sentence.

    NAME is an English or Chinese name or a code: Anhui, 安徽, 340000, "Xi'an".

    Example: nqpf region Anhui
    """
    from nqpf.lookup import region_label, resolve_region
    from nqpf.output import write_sections
    from nqpf.store.queries import region_profile

    code = resolve_region(name)
    with _reader(db) as con:
        profile = region_profile(con, code)
    figure_columns = [c for c in _FIGURE_COLUMNS if not (fmt == "table" and c in ("unit", "approx"))]
    write_sections(
        f"{region_label(code)}: {profile['documents']} documents",
        {"priorities": profile["priorities"], "figures": _for_table(profile["figures"], fmt),
         "quotes": profile["quotes"], "organizations": profile["organizations"]},
        fmt, _out(), extra={"region": profile["region"], "documents": profile["documents"]},
        columns={"priorities": ["industry", "stage", "year", "corroboration", "document", "evidence"],
                 "figures": figure_columns,
                 "quotes": ["speaker", "role", "text", "document"],
                 "organizations": ["name", "documents"]} if fmt == "table" else None)


@main.command("industry")
@click.argument("name", required=False)
@db_option
@format_option
@click.option("--list", "list_all", is_flag=True, help="List the taxonomy's industry IDs.")
def industry_cmd(name: str | None, db: str | None, fmt: str, list_all: bool) -> None:
    """Which regions prioritise an industry, since when, with the figures attached.

    NAME is an ID or alias from the taxonomy: 6g, "humanoid robots", NEV, 人工智能.

    Example: nqpf industry 6g
    """
    from nqpf.extract.taxonomy import load_industries
    from nqpf.lookup import resolve_industry
    from nqpf.output import write_rows, write_sections
    from nqpf.store.queries import industry_view

    if list_all or not name:
        write_rows([{"id": i.id, "stage": i.stage, "sector": i.sector, "name": i.en, "name_zh": i.zh}
                    for i in load_industries().values()], fmt, _out())
        return
    industry = resolve_industry(name)
    with _reader(db) as con:
        view = industry_view(con, industry)
    info = view["industry"]
    write_sections(
        f"{info['id']} ({info['stage']}, sector {info['sector']}): prioritised by {len(view['regions'])} regions",
        {"regions": view["regions"], "figures": _for_table(view["figures"], fmt)}, fmt, _out(),
        extra={"industry": info},
        columns={"regions": ["code", "name", "since", "documents", "industries"],
                 "figures": ["region_name", "indicator", "value", "year", "kind", "document"]}
        if fmt == "table" else None)


@main.command("compare")
@click.argument("names", nargs=-1, required=True)
@db_option
@format_option
def compare_cmd(names: tuple[str, ...], db: str | None, fmt: str) -> None:
    """Two or more regions side by side: industry portfolios (shared and distinct industries), the
    latest value of the key metrics, and the index sub-scores. A city is shown under its province's
    name, never summed into it.

    Example: nqpf compare Guangdong Jiangsu Shanghai
    """
    from nqpf.analysis.portfolio import compare
    from nqpf.lookup import resolve_region
    from nqpf.output import format_value, write_sections
    from nqpf.store.compare import index_subscores, key_metrics
    from nqpf.store.queries import priority_pairs

    if len(names) < 2:
        raise NqpfError("compare needs at least two regions")
    codes = list(dict.fromkeys(resolve_region(n) for n in names))
    with _reader(db) as con:
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
                    "index": index_rows}, fmt, _out(),
                   extra={"regions": codes, "shared": result["shared"]})


def _compare_label(code: str) -> str:
    """'Anhui (340000)'; a city with its province: 'Hefei (340100, Anhui)'."""
    from nqpf.extract import gazetteer
    from nqpf.extract.regions import region_name
    from nqpf.lookup import region_label

    province = gazetteer.province_of(code) if code.isdigit() else code
    return region_label(code) if province == code else f"{region_name(code)} ({code}, {region_name(province)})"


@main.command("matrix")
@db_option
@format_option
@click.option("--stage", type=click.Choice(["emerging", "future"]), default=None)
@click.option("--year", type=int, default=None, help="Only priorities stated for this year.")
def matrix_cmd(db: str | None, fmt: str, stage: str | None, year: int | None) -> None:
    """The region × industry priority matrix (cells: number of documents).

    Example: nqpf matrix --stage future
    """
    from nqpf.analysis.portfolio import matrix
    from nqpf.extract.regions import region_name
    from nqpf.output import write_rows
    from nqpf.store.queries import priority_pairs

    with _reader(db) as con:
        regions, industries, cells = matrix(priority_pairs(con, stage=stage, year=year))
    rows = [{"code": r, "region": region_name(r),
             **{i: cells[r].get(i, "" if fmt == "table" else 0) for i in industries}} for r in regions]
    write_rows(rows, fmt, _out(), columns=["code", "region", *industries])


@main.command("overlap")
@db_option
@format_option
@click.option("--method", type=click.Choice(["jaccard", "cosine"]), default="jaccard", show_default=True)
@click.option("--crowded", is_flag=True, help="Only the most crowded industries.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows per list.")
def overlap_cmd(db: str | None, fmt: str, method: str, crowded: bool, top: int) -> None:
    """How alike regions' portfolios are, and which industries most regions pile into.

    Example: nqpf overlap --method cosine
    """
    from nqpf.analysis.portfolio import crowded as crowded_industries
    from nqpf.analysis.portfolio import overlap
    from nqpf.lookup import region_label
    from nqpf.output import write_rows, write_sections
    from nqpf.store.queries import priority_pairs

    with _reader(db) as con:
        pairs = priority_pairs(con)
    crowd = crowded_industries(pairs)[:top]
    if crowded:
        write_rows(crowd, fmt, _out())
        return
    similar = [{"region_a": region_label(p["region_a"]), "region_b": region_label(p["region_b"]),
                "similarity": p["similarity"], "shared": p["shared"]} for p in overlap(pairs, method=method)[:top]]
    write_sections(f"Portfolio overlap ({method})", {"pairs": similar, "crowded_industries": crowd}, fmt, _out())


@main.command("series")
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
    with _reader(db) as con:
        lines = series(con, metric_id, regions=codes, industry=subject, kind=kind)
    if fmt == "json":
        import json

        json.dump({"metric": metric_id, "lines": lines}, _out(), ensure_ascii=False, indent=2)
        _out().write("\n")
    elif fmt == "csv":
        write_rows(series_rows(lines), fmt, _out())
    else:
        _out().write(f"{metric_id}: {len(lines)} line{'s' if len(lines) != 1 else ''}\n")
        table = series_table(lines)
        shown = [{k: (format_value(v[0], v[1]) + f" [{v[2]}]" + ("*" if v[3] > 1 else "")) if isinstance(v, tuple)
                  else ("" if v is None else v) for k, v in row.items()} for row in table]
        write_rows(shown, fmt, _out())


@main.command("conflicts")
@db_option
@format_option
@click.option("--metric", default=None, help="A metric ID of metrics.yaml.")
@click.option("--region", default=None, help="Name or code.")
def conflicts_cmd(db, fmt, metric, region) -> None:
    """Facts that documents state with different values (the same region, metric, industry, year,
    kind and unit, more than 0.5% apart): each value with the documents that give it.

    Example: nqpf conflicts --metric gdp_growth
    """
    from nqpf.lookup import resolve_metric, resolve_region
    from nqpf.output import format_value, write_rows
    from nqpf.store.series import conflicts

    metric_id = resolve_metric(metric) if metric else None
    code = resolve_region(region) if region else None
    with _reader(db) as con:
        found = conflicts(con, metric=metric_id, region=code)
    if fmt == "json":
        import json

        json.dump(found, _out(), ensure_ascii=False, indent=2)
        _out().write("\n")
        return
    rows = [{"region": c["region_name"], "metric": c["metric"], "industry": c["industry"], "year": c["year"],
             "kind": c["kind"], "value": format_value(v["value"], c["unit"]) if fmt == "table" else v["value"],
             "unit": c["unit"], "documents": ", ".join(v["documents"]), "evidence": v["evidence"]}
            for c in found for v in c["values"]]
    if fmt == "table":
        _out().write(f"{len(found)} conflict{'s' if len(found) != 1 else ''}\n")
        rows = [{k: v for k, v in r.items() if k != "unit"} for r in rows]
    write_rows(rows, fmt, _out())


@main.command("targets")
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
    with _reader(db) as con:
        found = targets(con, region=code, year=year, metric=metric_id)
    if fmt == "table":
        counts = {s: sum(t["status"] == s for t in found) for s in ("met", "missed", "pending", "no outcome yet")}
        _out().write(f"{len(found)} targets: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + "\n")
        found = [{"region": t["region_name"], "metric": t["metric"], "industry": t["industry"], "year": t["year"],
                  "kind": t["kind"], "target": format_value(t["target"], t["unit"]),
                  "outcome": "" if t["outcome"] is None else format_value(t["outcome"], t["unit"]),
                  "status": t["status"], "target sentence": t["target_evidence"]} for t in found]
    write_rows(found, fmt, _out())


@main.command("diffusion")
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
    with _reader(db) as con:
        found = diffusion(con, industry_id, by=by)
    movers = ", ".join(found["first_movers"]) or "none"
    write_sections(f"Diffusion of {industry_id}: {len(found['regions'])} regions, first movers {movers}; "
                   f"{found['undated']} undated documents left out",
                   {"cumulative": found["cumulative"], "regions": found["regions"]}, fmt, _out(),
                   extra={"industry": industry_id, "first_movers": found["first_movers"], "undated": found["undated"]})


@main.command("facts")
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
    with _reader(db) as con:
        found = facts(con, kind, region=code, industry=industry_id, year=year, unit=unit, fact_kind=fact_kind,
                      metric=metric_id, limit=limit)
    columns = list(found[0]) if found else []
    if fmt == "table":
        found = _for_table(found, fmt) if kind == "figures" else found
        columns = [c for c in columns if c not in ("doc_id", "ev_start", "ev_end", "unit", "industries")]
    write_rows(found, fmt, _out(), columns=columns or None)


_MEMORY_SIZE = r"\d+(?:\.\d+)?\s*(?:[KMGT]i?B)"


def _memory_size(ctx, param, value: str) -> str:
    import re

    if not re.fullmatch(_MEMORY_SIZE, value.strip(), flags=re.I):
        raise click.BadParameter(f"{value!r} is not a memory size such as 500MB or 2GB")
    return value.strip()


@main.command("sql")
@click.argument("query")
@db_option
@format_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--memory-limit", default="1GB", show_default=True, callback=_memory_size,
              help="Most memory DuckDB may use for the query.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Print at most this many rows.")
def sql_cmd(query: str, db: str | None, fmt: str, timeout: float, memory_limit: str, max_rows: int) -> None:
    """Read-only SQL for power users: no writes, no other files, limited in time and memory.

    Example: nqpf sql "SELECT region, count(*) FROM figures GROUP BY 1 ORDER BY 2 DESC"
    """
    from nqpf.output import write_rows
    from nqpf.store import open_database
    from nqpf.store.sandbox import run_sql

    con = open_database(db, sandbox=True, memory_limit=memory_limit)
    try:
        result = run_sql(con, query, timeout=timeout, max_rows=max_rows)
    finally:
        con.close()
    write_rows([dict(zip(result.columns, r, strict=True)) for r in result.rows], fmt, _out(),
               columns=result.columns)
    if result.truncated:
        click.echo(f"nqpf: output stopped at {max_rows:,} rows (set --max-rows for more)", err=True)


@main.command("export")
@click.argument("directory")
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True)
def export_cmd(directory: str, db: str | None, fmt: str) -> None:
    """Write every table to DIRECTORY as Parquet, CSV or JSON lines.

    Example: nqpf export out/ --format csv
    """
    from nqpf.store.queries import export

    with _reader(db) as con:
        written = export(con, directory, fmt)
    click.echo(f"wrote {len(written)} tables to {directory}")


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; 127.0.0.1 keeps it local.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_cmd(db: str | None, host: str, port: int) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard, read-only.

    Example: nqpf serve --db nqpf.duckdb --port 8000
    """
    import uvicorn

    from nqpf.api import create_app

    app = create_app(db or _default_db())
    if not _is_loopback(host):
        click.echo(f"nqpf: warning: {host} is reachable from other machines and the server has no "
                   "authentication; anyone who can reach it can read the database", err=True)
    click.echo(f"nqpf: serving {db or _default_db()} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")  # uvloop and httptools when installed


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _default_db() -> str:
    from nqpf.store import default_db_path

    return default_db_path()


from nqpf import cli_index  # noqa: E402,F401  registers `nqpf index ...` on main
