"""``nqpf index ...``: the composite index commands (thin: parse, call the library, print)."""

from __future__ import annotations

import sys
from functools import wraps

import click

from nqpf.cli_options import db_option, format_option
from nqpf.errors import NqpfError


@click.group("index")
def index_group() -> None:
    """Composite index of new quality productive forces per region and year."""


def panel_options(f):
    @click.option("--panel", "panel_path", default=None, metavar="PATH",
                  help="Long panel (CSV/Parquet): region, year, indicator, value, unit.")
    @click.option("--techme", "techme_dir", default=None, metavar="DIR",
                  help="The techme provincial S&T panel directory.")
    @click.option("--from-db", "from_db", is_flag=True,
                  help="Figures stored in the database (see --db): alone, or extending --techme/--panel with "
                       "newer years.")
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
    @click.option("--min-coverage", "min_coverage", type=click.FloatRange(0, 1), default=0.5, show_default=True,
                  help="Leave out a region-year with a smaller share of its indicators observed (not imputed).")
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
             years, min_coverage, db):
    """Load the panel and framework and compute the index: shared by every index command. Returns
    the result, the indicator table, the panel's label and the values taken from stored text."""
    from nqpf.composite.framework import load_framework
    from nqpf.composite.index import IndexOptions, compute_index, parse_method, prepare
    from nqpf.composite.panel import read_long, read_techme

    if bool(panel_path) + bool(techme_dir) > 1 or not (panel_path or techme_dir or from_db):
        raise NqpfError("give one of --panel PATH or --techme DIR, --from-db, or one of them with --from-db")
    framework = load_framework(framework_path)
    panel, label, text = None, "database figures", None
    if panel_path:
        panel, label = read_long(panel_path), panel_path
    elif techme_dir:
        panel, label = read_techme(techme_dir), f"techme:{techme_dir}"
    if from_db:
        from nqpf.composite import text_panel
        from nqpf.store import open_database

        with open_database(db) as con:
            text = text_panel.read_figures(con, framework)
        if panel is None:
            panel = text
        else:
            panel, text = text_panel.extend(panel, text)
            label += " + database figures"
        if text.empty:
            click.echo("warning: no stored figure maps to an input of the framework"
                       + (" in a year after the panel's" if label != "database figures" else ""), err=True)
        elif years is None and framework.years and int(text["year"].max()) > framework.years[1]:
            # the framework's window ends where the yearbook does; text may report later years
            years = f"{framework.years[0]}-{int(text['year'].max())}"
    weights, aggregation = parse_method(method)
    options = IndexOptions(weights, aggregation, normalisation, imputation, outliers, min_coverage)
    table = prepare(framework, panel, _years(years), partial=from_db)
    empty = [i.id for i in framework.indicators if i.id in table and table[i.id].isna().all()]
    if empty:
        # e.g. a yearbook series that ends before the window: the index is computed from the others
        which = f"indicator {empty[0]} has" if len(empty) == 1 else f"{len(empty)} indicators have"
        click.echo(f"warning: {which} no value in {years or 'the panel'}, left out of the index: "
                   f"{', '.join(empty)}", err=True)
        framework = framework.without(set(empty))
        table = table[[i.id for i in framework.indicators]]
    result = compute_index(table, framework, options)
    if result.left_out:
        shown = ", ".join(f"{r['region']} {r['year']} ({r['coverage']:.0%})" for r in result.left_out[:8])
        more = f" and {len(result.left_out) - 8} more" if len(result.left_out) > 8 else ""
        click.echo(f"note: {len(result.left_out)} region-year(s) left out, with under {min_coverage:.0%} of the "
                   f"{len(framework.indicators)} indicators observed (--min-coverage): {shown}{more}", err=True)
    return result, table, label, text


def _from_text(result, text) -> dict[tuple[str, int], list[dict]]:
    """The values of each scored region-year that came from stored text, with their documents."""
    if text is None or text.empty:
        return {}
    scored = set(zip(result.scores["region"], result.scores["year"], strict=True))
    out: dict[tuple[str, int], list[dict]] = {}
    for r in text.to_dict("records"):
        if (r["region"], int(r["year"])) in scored:
            out.setdefault((r["region"], int(r["year"])), []).append(
                {"input": r["input"], "value": r["value"], "unit": r["unit"], "documents": r["documents"],
                 "sources": r["sources"]})
    return out


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


def _by_document(used: list[dict]) -> str:
    """'rd_intensity, rd_spending (doc 5256…); gdp (doc 5ccc…)': a table cell of the inputs from text."""
    inputs: dict[str, list[str]] = {}
    for u in used:
        inputs.setdefault(", ".join(u["documents"]), []).append(u["input"])
    return "; ".join(f"{', '.join(names)} (doc {docs})" for docs, names in inputs.items())


def _span(scores) -> str:
    first, last = int(scores["year"].min()), int(scores["year"].max())
    return str(first) if first == last else f"{first}-{last}"


def _named(rows):
    from nqpf.extract.gazetteer import region_name

    return [{"region": r["region"], "name": region_name(r["region"]), **{k: v for k, v in r.items() if k != "region"}}
            for r in rows]


@index_group.command("compute")
@panel_options
@format_option
@click.option("--year", type=int, default=None, help="Show this year's ranking only (all years are stored).")
@click.option("--no-store", is_flag=True, help="Do not write the results into the database.")
def compute_cmd(fmt, year, no_store, **kwargs) -> None:
    """Scores and ranks per region and year, with every dimension's sub-score.

    Example: nqpf index compute --techme ../shared/data/techme --method entropy-topsis --years 2015-2023
    """
    from nqpf.output import write_rows

    result, _, label, text = _compute(**kwargs)
    scores = result.scores
    if year is not None:
        scores = scores[scores["year"] == year]
        if scores.empty:
            raise NqpfError(f"no index scores for {year}: the scores cover {_span(result.scores)}")
    rows = scores.sort_values(["year", "rank"], ascending=[False, True]).round(4).to_dict("records")
    from_text = _from_text(result, text)
    if text is not None:
        for r in rows:
            used = from_text.get((r["region"], r["year"]), [])
            r["from_text"] = used if fmt == "json" else _by_document(used)
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
    from nqpf.composite.audit import audit
    from nqpf.output import write_sections

    result, table, _, _ = _compute(**kwargs)
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
@click.option("--no-store", is_flag=True, help="Do not write the run and its rank intervals into the database.")
def uncertainty_cmd(fmt, draws, seed, year, no_store, **kwargs) -> None:
    """Monte Carlo over method choices and weight noise: median rank and 5-95% interval; Sobol indices.

    Example: nqpf index uncertainty --techme ../shared/data/techme --draws 1000
    """
    from nqpf.composite.uncertainty import run_uncertainty
    from nqpf.output import write_sections

    result, _, label, _ = _compute(**kwargs)
    if year is not None and year not in set(result.scores["year"]):
        raise NqpfError(f"no index scores for {year}: the scores cover {_span(result.scores)}")
    unc = run_uncertainty(result, draws=draws, seed=seed)
    ranks = unc.ranks
    if not no_store:  # the run with its intervals, for the ranking page
        from nqpf.store import open_database
        from nqpf.store.index_results import store_intervals

        rid = _store(result, label, kwargs["db"])
        with open_database(kwargs["db"], write=True) as con:
            store_intervals(con, rid, ranks[["region", "year", "median_rank", "p05", "p95"]].to_dict("records"), draws)
        click.echo(f"stored index run {rid} with its rank intervals ({draws} draws)", err=True)
    if year is not None:
        shown = ranks[ranks["year"] == year]
    else:
        shown = ranks if fmt != "table" else ranks[ranks["year"] == int(ranks["year"].max())]
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
    from nqpf.composite.regional import regional_inequality
    from nqpf.output import write_sections

    result, _, _, _ = _compute(**kwargs)
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
    from nqpf.composite.regional import regional_inequality
    from nqpf.composite.report import write_report
    from nqpf.composite.uncertainty import run_uncertainty

    result, _, label, _ = _compute(**kwargs)
    unc = run_uncertainty(result, draws=draws)
    write_report(out_path, result, unc, regional_inequality(result), label)
    click.echo(f"wrote {out_path}")
