"""The composite index end to end: the techme panel with the default framework, long panels,
frameworks and bad input, through the CLI and the library."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from html.parser import HTMLParser

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main
from nqpf.composite.framework import load_framework
from nqpf.composite.index import IndexOptions, compute_index, prepare
from nqpf.composite.panel import read_long, read_techme
from nqpf.errors import NqpfError


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def techme(shared):
    return read_techme(str(shared / "data" / "techme"))


@pytest.fixture(scope="module")
def default_result(techme):
    framework = load_framework()
    return compute_index(prepare(framework, techme), framework)


def test_index_techme_scores_every_region_every_year_without_nan(default_result, techme):
    scores = default_result.scores
    assert scores["region"].nunique() == 31
    assert sorted(scores["year"].unique()) == list(range(2011, 2024))
    assert len(scores) == 31 * 13
    numeric = scores.drop(columns=["region"])
    assert not numeric.isna().any().any()
    assert ((scores["score"] >= 0) & (scores["score"] <= 1)).all()


def test_index_techme_ranks_beijing_and_guangdong_near_the_top(default_result):
    latest = default_result.ranking(2023)
    top5 = set(latest.head(5)["region"])
    assert {"110000", "440000"} <= top5, latest.head(8)
    assert latest["rank"].tolist() == sorted(latest["rank"].tolist())


@pytest.mark.parametrize("method", ["equal-arithmetic", "entropy-geometric", "critic-topsis", "pca-arithmetic"])
def test_index_every_method_gives_complete_scores(techme, method):
    framework = load_framework()
    weights, aggregation = method.split("-")
    result = compute_index(prepare(framework, techme, (2015, 2023)), framework,
                           IndexOptions(weights=weights, aggregation=aggregation))
    assert len(result.scores) == 31 * 9 and not result.scores["score"].isna().any()
    assert math.isclose(result.weights.sum(), 1.0)


def _panel(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "panel.csv"
    path.write_text("region,year,indicator,value,unit\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


FRAMEWORK = """
name: tiny
dimensions:
  - id: d1
    indicators:
      - {id: a, column: a, direction: benefit}
      - {id: b, column: b, direction: cost}
  - id: d2
    indicators:
      - {id: c, formula: "a / b", direction: benefit}
"""


def _tiny(tmp_path, text: str = FRAMEWORK) -> str:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _tiny_rows() -> list[str]:
    rows = []
    for n, region in enumerate(["Anhui", "广东", "310000", "Shaanxi"]):
        for year in (2022, 2023):
            rows += [f"{region},{year},a,{10 + n * 3 + year % 2}", f"{region},{year},b,{5 + n}"]
    return rows


def test_index_long_panel_accepts_names_and_codes(tmp_path):
    panel = read_long(_panel(tmp_path, _tiny_rows()))
    assert sorted(panel["region"].unique()) == ["310000", "340000", "440000", "610000"]
    code, out, err = nqpf("index", "compute", "--panel", _panel(tmp_path, _tiny_rows()), "--framework",
                          _tiny(tmp_path), "--method", "equal-arithmetic", "--format", "json", "--no-store")
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 8 and {"d1", "d2", "score", "rank"} <= set(rows[0])


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["Atlantis,2023,a,1"], "row 2: unknown region 'Atlantis'"),
        (["Anhui,2023,a,1", "Anhui,2023,a,2"], "row 3: duplicate value for (340000, 2023, a)"),
        (["Anhui,2023,a,lots"], "row 2: value 'lots' is not a number"),
    ],
)
def test_index_bad_panel_rows_are_named(tmp_path, rows, message):
    with pytest.raises(NqpfError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_long(_panel(tmp_path, rows))


@pytest.mark.parametrize(
    ("framework", "message"),
    [
        (FRAMEWORK.replace("column: b,", "column: zz,"), "reads 'zz'"),
        (FRAMEWORK.replace('"a / b"', '"a / q"'), "unknown input(s) q"),
        (FRAMEWORK.replace("direction: benefit}\n      - {id: b", "direction: benefit, weight: 0.7}\n"
                                                                    "      - {id: b")
         .replace("direction: cost}", "direction: cost, weight: 0.2}"), "weights sum to 0.9, not 1"),
    ],
)
def test_index_bad_frameworks_are_named(tmp_path, framework, message):
    code, _, err = nqpf("index", "compute", "--panel", _panel(tmp_path, _tiny_rows()), "--framework",
                        _tiny(tmp_path, framework), "--no-store")
    assert code == 1 and message in err and str(tmp_path) in err and err.count("\n") == 1


def test_index_constant_indicator_is_named(tmp_path):
    rows = [r if r.split(",")[2] != "b" else ",".join([*r.split(",")[:3], "5"]) for r in _tiny_rows()]
    code, _, err = nqpf("index", "compute", "--panel", _panel(tmp_path, rows), "--framework", _tiny(tmp_path),
                        "--no-store")
    assert code == 1 and "constant" in err and "b" in err


def test_index_empty_year_range_is_an_error(tmp_path):
    code, _, err = nqpf("index", "compute", "--panel", _panel(tmp_path, _tiny_rows()), "--framework",
                        _tiny(tmp_path), "--years", "2023-2020", "--no-store")
    assert code == 1 and "empty year range" in err


def test_index_negative_values_under_geometric_are_refused(tmp_path):
    rows = [r.replace(",a,10", ",a,-10") for r in _tiny_rows()]
    code, _, err = nqpf("index", "compute", "--panel", _panel(tmp_path, rows), "--framework", _tiny(tmp_path),
                        "--method", "equal-geometric", "--normalise", "distance_to_frontier", "--outliers", "none",
                        "--no-store")
    assert code == 1 and "positive" in err


@pytest.fixture(scope="module")
def techme_dir(shared):
    return str(shared / "data" / "techme")


def test_index_compute_stores_results_atomically(tmp_path, techme_dir):
    db = str(tmp_path / "index.duckdb")
    for _ in range(2):  # the same run stored twice is stored once
        code, out, err = nqpf("index", "compute", "--techme", techme_dir, "--years", "2020-2023", "--db", db,
                              "--format", "csv")
        assert code == 0, err
    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT count(*) FROM index_runs").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM index_scores").fetchone()[0] == 31 * 4
    assert con.execute("SELECT count(DISTINCT dimension) FROM index_subscores").fetchone()[0] == 3


def test_index_one_year_leaves_out_an_indicator_with_no_value_in_it(techme_dir):
    # the techme panel's paper counts end before 2023: one year alone must still give a ranking
    code, out, err = nqpf("index", "compute", "--techme", techme_dir, "--years", "2023", "--no-store",
                          "--format", "json")
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "sci_papers" in warnings[0] and "left out" in warnings[0]
    scores = json.loads(out)
    assert {s["year"] for s in scores} == {2023} and len(scores) == 31
    assert sorted(s["rank"] for s in scores) == list(range(1, 32))


@pytest.mark.parametrize("command", [["audit"], ["uncertainty", "--draws", "60"], ["inequality"]])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_index_analysis_commands_in_every_format(techme_dir, command, fmt):
    code, out, err = nqpf("index", *command, "--techme", techme_dir, "--years", "2019-2023", "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        assert json.loads(out)
    else:
        assert len(out.splitlines()) > 5


def test_index_report_is_self_contained_html(tmp_path, techme_dir):
    out = tmp_path / "report.html"
    code, _, err = nqpf("index", "report", "--techme", techme_dir, "--years", "2019-2023", "--out", str(out),
                        "--draws", "40")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    sources = []

    class Scripts(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in ("script", "link", "img", "iframe"):
                sources.extend(v for k, v in attrs if k in ("src", "href"))

    Scripts().feed(page)
    assert sources == []  # nothing is fetched: the page works offline
    assert "Ranking 2023" in page and "Beijing" in page and "Dagum" in page


FROM_DB_FRAMEWORK = """
name: from-text
dimensions:
  - id: innovation
    indicators:
      - {id: rd_intensity, column: rd_intensity, unit: "%", direction: benefit}
      - {id: hitech_growth, column: hitech_growth, unit: "%", direction: benefit}
from_db:
  - {input: rd_intensity, pattern: "R&D intensity", unit: "%"}
  - {input: hitech_growth, pattern: "high-tech .*growth", unit: "%"}
"""


def test_index_from_db_uses_stored_figures(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    figures = {"Beijing": (6.73, 12.1), "Jiangsu": (3.29, 9.0), "Anhui": (2.69, 15.2), "Gansu": (1.32, 4.1)}
    for n, (name, (rd, growth)) in enumerate(figures.items()):
        (corpus / f"{n}.txt").write_text(f"date 2024-03-01\n{name}'s R&D intensity reached {rd} percent in 2023. "
                                         f"{name}'s high-tech industry revenue grew by {growth} percent in 2023.\n")
    db = str(tmp_path / "text.duckdb")
    assert nqpf("ingest", str(corpus), "--db", db)[0] == 0
    framework = _tiny(tmp_path, FROM_DB_FRAMEWORK)
    code, out, err = nqpf("index", "compute", "--from-db", "--db", db, "--framework", framework,
                          "--method", "equal-arithmetic", "--outliers", "none", "--format", "json")
    assert code == 0, err
    scores = {r["region"]: r["score"] for r in json.loads(out)}
    # min-max by hand: Beijing rd (6.73-1.32)/(6.73-1.32) = 1, growth (12.1-4.1)/(15.2-4.1) = 0.7207
    assert scores["110000"] == pytest.approx((1 + 8 / 11.1) / 2, abs=1e-4)
    assert scores["620000"] == 0


def test_index_commands_are_listed_and_suggested_in_a_fresh_process():
    # a new process: in this one another test may have run an index command, loading its module
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "nqpf", *args], capture_output=True, text=True, timeout=120)

    listed = run("--help")
    assert listed.returncode == 0 and re.search(r"^\s+index\s+Composite index", listed.stdout, re.M)
    mistyped = run("inde")
    assert mistyped.returncode == 2
    assert "No such command 'inde'" in mistyped.stderr and "'index'" in mistyped.stderr
    assert run("index", "compute", "--help").returncode == 0
