"""``nqpf compare`` in numbers (issue 11, item 5): the latest value of the key metrics side by side,
industry output where every region has it, the index sub-scores, and a city beside its province,
never summed into it. The database is built from documents written here, so every expected value
is known from the text."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nqpf.cli import main

DOCUMENTS = {
    "anhui.txt": "date 2025-01-20\nAnhui economy\n\nAnhui's GDP grew 5.8 percent in 2023.\n"
                 "Anhui produced 1.68 million new energy vehicles in 2024, and its GDP grew 5.9 percent in 2024.\n",
    "hefei.txt": "date 2025-01-22\nHefei cars\n\nHefei produced 1.38 million new energy vehicles in 2024.\n",
    "jiangsu.txt": "date 2025-01-25\nJiangsu economy\n\nJiangsu's GDP grew 5.8 percent in 2024. "
                   "Its R&D intensity reached 3.35 percent in 2024.\n"
                   "Jiangsu produced 900,000 new energy vehicles in 2024.\n",
}


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    path = str(tmp_path_factory.mktemp("db") / "compare.duckdb")
    assert nqpf("ingest", str(corpus), "--db", path)[0] == 0
    panel = corpus.parent / "panel.csv"
    lines = ["region,year,indicator,value"]
    for region, (a, b) in {"Anhui": (3, 5), "Jiangsu": (4, 2), "Gansu": (1, 1), "Hubei": (2, 4)}.items():
        lines += [f"{region},2023,a,{a}", f"{region},2023,b,{b}"]
    panel.write_text("\n".join(lines) + "\n", encoding="utf-8")
    framework = corpus.parent / "framework.yaml"
    framework.write_text("name: two\ndimensions:\n  - id: first\n    indicators:\n      - {id: a, column: a}\n"
                         "  - id: second\n    indicators:\n      - {id: b, column: b}\n", encoding="utf-8")
    code, _, err = nqpf("index", "compute", "--panel", str(panel), "--framework", str(framework), "--method",
                        "equal-arithmetic", "--outliers", "none", "--db", path)
    assert code == 0, err
    return path


def test_compare_gives_the_latest_key_metrics_side_by_side(db):
    code, out, err = nqpf("compare", "Anhui", "Jiangsu", "--db", db, "--format", "json")
    assert code == 0, err
    metrics = {(m["metric"], m["industry"]): m for m in json.loads(out)["metrics"]}
    growth = metrics[("gdp_growth", None)]["values"]
    assert (growth["340000"]["year"], growth["340000"]["value"]) == (2024, 5.9)  # the latest of 2023 and 2024
    assert growth["320000"]["value"] == 5.8
    assert metrics[("rd_intensity", None)]["values"] == {"340000": None, "320000": pytest.approx(
        {"year": 2024, "value": 3.35, "sources": 1})}
    nev = metrics[("output", "nev")]["values"]
    assert nev["340000"]["value"] == 1_680_000 and nev["320000"]["value"] == 900_000  # Hefei's not added in


def test_compare_shows_a_city_under_its_province_and_industry_output_only_where_all_have_it(db):
    code, out, err = nqpf("compare", "Anhui", "Hefei", "Jiangsu", "--db", db)
    assert code == 0, err
    assert "Hefei (340100, Anhui)" in out
    metrics_table = out[out.index("Metrics"):out.index("Index")]
    nev = next(line for line in metrics_table.splitlines() if "nev" in line)
    assert "1.68" in nev and "1.38" in nev and "900,000" in nev
    code, out, _ = nqpf("compare", "Hefei", "Gansu", "--db", db, "--format", "json")
    assert ("output", "nev") not in {(m["metric"], m["industry"]) for m in json.loads(out)["metrics"]}


def test_compare_gives_each_regions_index_sub_scores(db):
    code, out, err = nqpf("compare", "Anhui", "Jiangsu", "Hefei", "--db", db, "--format", "json")
    assert code == 0, err
    index = {r["region"]: r for r in json.loads(out)["index"]}
    assert set(index) == {"340000", "320000"}  # the city is not in the provincial index
    # min-max over four provinces: a 1..4, b 1..5; equal weights within and between dimensions
    assert index["340000"]["first"] == pytest.approx(2 / 3) and index["340000"]["second"] == pytest.approx(1.0)
    assert index["320000"]["first"] == pytest.approx(1.0) and index["320000"]["second"] == pytest.approx(0.25)
    assert (index["340000"]["rank"], index["320000"]["rank"]) == (1, 2)
    assert index["340000"]["score"] == pytest.approx((2 / 3 + 1) / 2)
