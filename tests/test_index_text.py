"""The index fed by text (issue 11, items 7 and 8): the default framework over stored figures,
the yearbook panel extended with newer years from text, coverage that tells observed from
imputed values, one year's ranking, integer ranks, and bad input named in one line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nqpf.cli import main

# 2024 R&D spending (billion yuan) and intensity (%) of four provinces, written for this test
RD_2024 = {"Guangdong": (510, 3.6), "Jiangsu": (459, 3.35), "Anhui": (142, 2.8), "Gansu": (30, 1.3)}
CODES = {"Guangdong": "440000", "Jiangsu": "320000", "Anhui": "340000", "Gansu": "620000"}


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def text_db(tmp_path_factory):
    """A database of one document per province, plus one that states only Hubei's R&D intensity."""
    corpus = tmp_path_factory.mktemp("corpus")
    for name, (spending, intensity) in RD_2024.items():
        (corpus / f"{name}.txt").write_text(
            f"date 2025-10-01\n{name} reports its research spending\n\n"
            f"{name} spent {spending} billion yuan on research and development in 2024. "
            f"Its R&D intensity reached {intensity} percent in 2024.\n", encoding="utf-8")
    (corpus / "hubei.txt").write_text("date 2025-10-02\nHubei research\n\n"
                                      "Hubei's R&D intensity reached 2.5 percent in 2024.\n", encoding="utf-8")
    db = str(tmp_path_factory.mktemp("db") / "text.duckdb")
    code, _, err = nqpf("ingest", str(corpus), "--db", db)
    assert code == 0, err
    return db


def _json(*args: str) -> tuple[list[dict], str]:
    code, out, err = nqpf("index", "compute", *args, "--no-store", "--format", "json")
    assert code == 0, err
    return json.loads(out), err


def test_default_framework_from_db_scores_the_provinces_the_texts_report(text_db):
    rows, err = _json("--from-db", "--db", text_db, "--method", "equal-arithmetic", "--outliers", "none")
    by_region = {r["region"]: r for r in rows}
    assert set(by_region) == {*CODES.values(), "420000"}
    # min-max by hand over the five provinces: intensity 1.3..3.6, spending 30..510 (Hubei has none)
    for name, (spending, intensity) in RD_2024.items():
        expected = ((intensity - 1.3) / (3.6 - 1.3) + (spending - 30) / (510 - 30)) / 2
        assert by_region[CODES[name]]["score"] == pytest.approx(expected, abs=1e-4)
        assert by_region[CODES[name]]["coverage"] == 1.0
    assert by_region["420000"]["coverage"] == 0.5  # one of the two indicators the texts fill
    assert [r["rank"] for r in sorted(rows, key=lambda r: r["rank"])] == [1, 2, 3, 4, 5]
    assert all(isinstance(r["rank"], int) for r in rows)
    assert "left out of the index" in err  # the yearbook's other indicators, in one warning line
    assert len([line for line in err.splitlines() if line.startswith("warning:")]) == 1


def test_from_db_marks_every_value_taken_from_text_with_its_document(text_db):
    rows, _ = _json("--from-db", "--db", text_db)
    guangdong = next(r for r in rows if r["region"] == "440000")
    used = {u["input"]: u for u in guangdong["from_text"]}
    assert used["rd_intensity"]["value"] == 3.6
    assert used["rd_spending"]["value"] == 510e9
    assert used["rd_intensity"]["sources"][0].endswith("Guangdong.txt")
    assert len(used["rd_intensity"]["documents"]) == 1


def test_from_db_leaves_out_a_region_year_with_too_little_known_and_says_so(text_db):
    rows, err = _json("--from-db", "--db", text_db, "--min-coverage", "0.6")
    assert "420000" not in {r["region"] for r in rows}
    note = next(line for line in err.splitlines() if line.startswith("note:"))
    assert "420000 2024 (50%)" in note and "left out" in note


def test_techme_from_db_extends_the_yearbook_with_newer_years_from_text(text_db, shared):
    techme = str(shared / "data" / "techme")
    rows, err = _json("--techme", techme, "--from-db", "--db", text_db, "--min-coverage", "0.1")
    years = {r["year"] for r in rows}
    assert min(years) == 2011 and max(years) == 2024
    latest = [r for r in rows if r["year"] == 2024]
    assert {r["region"] for r in latest} == set(CODES.values())  # 2 of 18 indicators from text
    assert "420000 2024 (6%)" in err  # Hubei's 1 of 18 is under even 10%
    assert all(r["from_text"] for r in latest)
    assert not any(r["from_text"] for r in rows if r["year"] == 2023)  # the yearbook's years stay its own
    guangdong = next(r for r in latest if r["region"] == "440000")
    assert guangdong["coverage"] < 0.2 and guangdong["imputed"] > 0.8  # the other indicators carried forward
    # at the default minimum coverage the 2024 rows are left out, and the note says why
    rows, err = _json("--techme", techme, "--from-db", "--db", text_db)
    assert max(r["year"] for r in rows) == 2023 and "2024" in err and "left out" in err


def test_compute_year_shows_one_years_ranking(shared):
    rows, _ = _json("--techme", str(shared / "data" / "techme"), "--year", "2022")
    assert {r["year"] for r in rows} == {2022}
    assert sorted(r["rank"] for r in rows) == list(range(1, 32))
    code, _, err = nqpf("index", "compute", "--techme", str(shared / "data" / "techme"), "--year", "1990",
                        "--no-store")
    assert code == 1 and "no index scores for 1990" in err and "2011-2023" in err


def test_uncertainty_for_a_year_without_scores_says_so_and_exits_1(shared):
    code, out, err = nqpf("index", "uncertainty", "--techme", str(shared / "data" / "techme"), "--years",
                          "2021-2023", "--draws", "20", "--year", "2019")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == ["Error: no index scores for 2019: the scores cover 2021-2023"]


def test_coverage_counts_imputed_values_as_imputed(tmp_path):
    panel = tmp_path / "panel.csv"
    lines = ["region,year,indicator,value,unit"]
    for n, region in enumerate(["Anhui", "Jiangsu", "Hubei"]):
        for year in (2021, 2022, 2023):
            lines.append(f"{region},{year},a,{10 + n + year % 10}")
            if not (region == "Anhui" and year == 2022):  # one gap, filled by interpolation
                lines.append(f"{region},{year},b,{5 + n * 2 + year % 10}")
    panel.write_text("\n".join(lines) + "\n", encoding="utf-8")
    framework = tmp_path / "framework.yaml"
    framework.write_text("name: two\ndimensions:\n  - id: d\n    indicators:\n"
                         "      - {id: a, column: a}\n      - {id: b, column: b}\n", encoding="utf-8")
    rows, _ = _json("--panel", str(panel), "--framework", str(framework), "--method", "equal-arithmetic")
    gap = next(r for r in rows if r["region"] == "340000" and r["year"] == 2022)
    assert (gap["coverage"], gap["imputed"]) == (0.5, 0.5)
    assert all((r["coverage"], r["imputed"]) == (1.0, 0.0) for r in rows if r is not gap)


@pytest.mark.parametrize(("rule", "message"), [
    ("{input: rd_intensity, metric: rd_intensty, unit: '%'}",
     "from_db rule for input rd_intensity: unknown metric 'rd_intensty': did you mean rd_intensity?"),
    ("{input: nothing, metric: gdp}", "from_db rule for input nothing: the framework has no input"),
    ("{input: rd_intensity, metric: revenue, industry: [robotz]}", "from_db rule for input rd_intensity: "),
    ("{input: rd_intensity}", "give exactly one of 'metric' or 'pattern'"),
])
def test_a_from_db_rule_that_maps_to_no_metric_is_named(tmp_path, text_db, rule, message):
    framework = tmp_path / "framework.yaml"
    framework.write_text("name: rules\ndimensions:\n  - id: d\n    indicators:\n"
                         "      - {id: rd_intensity, column: rd_intensity}\n"
                         f"from_db:\n  - {rule}\n", encoding="utf-8")
    code, out, err = nqpf("index", "compute", "--from-db", "--db", text_db, "--framework", str(framework),
                          "--no-store")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(framework) in lines[0]


def test_uncertainty_stores_rank_intervals_that_the_ranking_page_shows(tmp_path, shared):
    import re

    import duckdb
    from fastapi.testclient import TestClient

    from nqpf.api import create_app

    db = str(tmp_path / "intervals.duckdb")
    code, _, err = nqpf("index", "uncertainty", "--techme", str(shared / "data" / "techme"), "--years", "2021-2023",
                        "--draws", "40", "--db", db)
    assert code == 0, err
    assert "with its rank intervals (40 draws)" in err
    con = duckdb.connect(db, read_only=True)
    try:
        rows = con.execute("""SELECT s.rank, i.p05, i.p95 FROM index_scores s JOIN index_intervals i
                              USING (run_id, region, year) WHERE s.year = 2023""").fetchall()
    finally:
        con.close()
    assert len(rows) == 31 and all(1 <= p05 <= p95 <= 31 for _, p05, p95 in rows)
    client = TestClient(create_app(db, cache_mb=0))
    page = client.get("/ranking", headers={"accept": "text/html"}).text
    client.app.state.db.close()
    shown = re.findall(r'<td class="interval">(\d+)–(\d+)</td>', page)
    assert len(shown) == 31 and '<td class="interval">not computed' not in page
