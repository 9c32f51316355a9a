"""``nqpf index ...``: the composite index commands (thin: parse, call the library, print)."""

from __future__ import annotations

import sys
from functools import wraps

import click

from nqpf.cli import db_option, format_option, main
from nqpf.errors import NqpfError


@main.group("index")
def index_group() -> None:
    """Composite index of new quality productive forces per region and year."""


def panel_options(f):
    @click.option("--panel", "panel_path", default=None, metavar="PATH",
                  help="Long panel (CSV/Parquet): region, year, indicator, value, unit.")
    @click.option("--techme", "techme_dir", default=None, metavar="DIR",
                  help="The techme provincial S&T panel directory.")
    @click.option("--from-db", "from_db", is_flag=True, help="Figures stored in the database (see --db).")
    @click.option("--framework", "framework_path", default="default", show_default=True, metavar="FILE",
                  help="Framework YAML (dimensions, indicators, formulas, weights).")
    @click.option("--method", default="entropy-topsis", show_default=True,
                  help="WEIGHTS-AGGREGATION: weights equal|entropy|critic|pca|user, "
                       "aggregation arithmetic|geometric|topsis.")
    @click.option("--normalise", "normalisation", default="minmax", show_default=True,
                  type=click.Choice(["minmax", "zscore", "rank", "distance_to_frontier"]))
    @click.option("--impute", "imputation", default="linear", show_default=True,
                  type=click.Choice(["none", "linear", "nearest"]))
    @click.option("--outliers", default="winsorise", show_default=True, type=click.Choice(["winsorise", "none"]))
    @click.option("--years", default=None, metavar="FIRST-LAST", help="Year range, e.g. 2015-2023.")
    @db_option
    @wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    parts = text.replace("–", "-").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1]))
    except ValueError:
        raise NqpfError(f"--years '{text}' is not FIRST-LAST, e.g. 2015-2023") from None
    if first > last:
        raise NqpfError(f"--years {text} is an empty year range")
    return first, last


def _compute(panel_path, techme_dir, from_db, framework_path, method, normalisation, imputation, outliers,
             years, db):
    """Load the panel and framework and compute the index: shared by every index command."""
    from nqpf.analysis.framework import load_framework
    from nqpf.analysis.index import IndexOptions, compute_index, parse_method, prepare
    from nqpf.analysis.panel import read_figures, read_long, read_techme

    sources = [s for s in (panel_path, techme_dir, from_db or None) if s]
    if len(sources) != 1:
        raise NqpfError("give exactly one of --panel PATH, --techme DIR or --from-db")
    framework = load_framework(framework_path)
    if panel_path:
        panel, label = read_long(panel_path), panel_path
    elif techme_dir:
        panel, label = read_techme(techme_dir), f"techme:{techme_dir}"
    else:
        from nqpf.store import open_database

        with open_database(db) as con:
            panel, label = read_figures(con, framework.from_db), "database figures"
    weights, aggregation = parse_method(method)
    options = IndexOptions(weights, aggregation, normalisation, imputation, outliers)
    table = prepare(framework, panel, _years(years))
    empty = [i.id for i in framework.indicators if i.id in table and table[i.id].isna().all()]
    for indicator in empty:
        # e.g. a yearbook series that ends before the window: the index is computed from the others
        click.echo(f"warning: indicator {indicator} has no value in {years or 'the panel'}: left out of the index",
                   err=True)
    if empty:
        framework = framework.without(set(empty))
        table = table[[i.id for i in framework.indicators]]
    return compute_index(table, framework, options), table, label


def _store(result, label: str, db: str | None) -> str:
    from nqpf.store import open_database
    from nqpf.store.index_results import run_id, store_run

    scores = result.scores
    first, last = int(scores["year"].min()), int(scores["year"].max())
    options = vars(result.options) if hasattr(result.options, "__dict__") else {}
    rid = run_id(framework=result.framework.name, method=result.options.method, options=options, years=(first, last),
                 panel=label)
    dims = [d.id for d in result.framework.dimensions]
    dimension_of = {i.id: i.dimension for i in result.framework.indicators}
    with open_database(db, write=True) as con:
        return store_run(
            con, {"run_id": rid, "framework": result.framework.name, "method": result.options.method,
                  "options": options, "first_year": first, "last_year": last, "panel": label},
            scores[["region", "year", "score", "rank", "coverage"]].to_dict("records"),
            [{"region": r["region"], "year": r["year"], "dimension": d, "score": r[d]}
             for r in scores.to_dict("records") for d in dims],
            [{"indicator": k, "dimension": dimension_of[k], "weight": float(v)} for k, v in result.weights.items()])


def _named(rows):
    from nqpf.extract.regions import region_name

    return [{"region": r["region"], "name": region_name(r["region"]), **{k: v for k, v in r.items() if k != "region"}}
            for r in rows]


@index_group.command("compute")
@panel_options
@format_option
@click.option("--no-store", is_flag=True, help="Do not write the results into the database.")
def compute_cmd(fmt, no_store, **kwargs) -> None:
    """Scores and ranks per region and year, with every dimension's sub-score.

    Example: nqpf index compute --techme ../shared/data/techme --method entropy-topsis --years 2015-2023
    """
    from nqpf.output import write_rows

    result, _, label = _compute(**kwargs)
    rows = result.scores.sort_values(["year", "rank"], ascending=[False, True]).round(4).to_dict("records")
    write_rows(_named(rows), fmt, sys.stdout)
    if not no_store:
        rid = _store(result, label, kwargs["db"])
        click.echo(f"stored index run {rid} ({len(rows)} region-years)", err=True)


@index_group.command("audit")
@panel_options
@format_option
def audit_cmd(fmt, **kwargs) -> None:
    """Indicator statistics, correlations, Cronbach's alpha, and rank shifts when an indicator is dropped.

    Example: nqpf index audit --techme ../shared/data/techme
    """
    from nqpf.analysis.audit import audit
    from nqpf.output import write_sections

    result, table, _ = _compute(**kwargs)
    report = audit(result, table)
    write_sections(f"Audit of {result.framework.name} ({result.options.method})", {
        "indicators": report.indicators.round(4).to_dict("records"),
        "correlations": report.correlations.reset_index(names="indicator").to_dict("records"),
        "correlation_with_aggregates": report.with_aggregates.to_dict("records"),
        "cronbach_alpha": report.alpha.to_dict("records"),
        "drop_one_indicator": report.drop_one.to_dict("records"),
    }, fmt, sys.stdout)


@index_group.command("uncertainty")
@panel_options
@format_option
@click.option("--draws", type=click.IntRange(min=10), default=1000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--year", type=int, default=None, help="Year to show in the table (default the latest).")
def uncertainty_cmd(fmt, draws, seed, year, **kwargs) -> None:
    """Monte Carlo over method choices and weight noise: median rank and 5-95% interval; Sobol indices.

    Example: nqpf index uncertainty --techme ../shared/data/techme --draws 1000
    """
    from nqpf.analysis.uncertainty import run_uncertainty
    from nqpf.output import write_sections

    result, _, _ = _compute(**kwargs)
    unc = run_uncertainty(result, draws=draws, seed=seed)
    ranks = unc.ranks
    shown = ranks if fmt != "table" else ranks[ranks["year"] == (year or int(ranks["year"].max()))]
    write_sections(f"Uncertainty of {result.options.method}: {draws} draws", {
        "ranks": _named(shown.sort_values(["year", "median_rank"]).round(2).to_dict("records")),
        "sensitivity": unc.sensitivity.to_dict("records"),
    }, fmt, sys.stdout)


@index_group.command("inequality")
@panel_options
@format_option
@click.option("--groups", type=click.Choice(["region4", "region3"]), default="region4", show_default=True,
              help="NBS four regions, or the three belts.")
def inequality_cmd(fmt, groups, **kwargs) -> None:
    """Gini, Theil and Dagum decompositions over regions, Moran's I, obstacle degree, per year.

    Example: nqpf index inequality --techme ../shared/data/techme
    """
    from nqpf.analysis.regional import regional_inequality
    from nqpf.output import write_sections

    result, _, _ = _compute(**kwargs)
    report = regional_inequality(result, groups=groups)
    write_sections(f"Regional inequality of {result.options.method} scores ({groups})", report, fmt, sys.stdout)


@index_group.command("report")
@panel_options
@click.option("--out", "out_path", required=True, metavar="FILE", help="HTML file to write.")
@click.option("--draws", type=click.IntRange(min=10), default=500, show_default=True)
def report_cmd(out_path, draws, **kwargs) -> None:
    """A self-contained HTML report: ranking, scores over time, rank intervals, inequality.

    Example: nqpf index report --techme ../shared/data/techme --out report.html
    """
    from nqpf.analysis.regional import regional_inequality
    from nqpf.analysis.report import write_report
    from nqpf.analysis.uncertainty import run_uncertainty

    result, _, label = _compute(**kwargs)
    unc = run_uncertainty(result, draws=draws)
    write_report(out_path, result, unc, regional_inequality(result), label)
    click.echo(f"wrote {out_path}")
