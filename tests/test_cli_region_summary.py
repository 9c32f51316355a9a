"""``nqpf region`` opens with its summary: each industry once (its cities' labelled), the latest value
of each metric with its trend, then the sentences whole; over documents written here."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nqpf.cli import main

DOCUMENTS = [
    ("gd-2023", "2023-03-01", "Guangdong will develop new energy vehicles. "
                              "Guangdong's R&D intensity reached 3.4 percent in 2023."),
    ("gd-2024", "2024-03-01", "Guangdong will support new energy vehicles in 2024. "
                              "Guangdong's R&D intensity reached 3.6 percent in 2024, far above the national average "
                              "of the economy as a whole and of every neighbouring province."),
    ("sz-2024", "2024-04-01", "Shenzhen will develop the low-altitude economy."),
]


def ingested(root, documents: list[tuple[str, str, str]]) -> str:
    """A database of ``documents`` (id, published, text), ingested as a user does."""
    (root / "docs.jsonl").write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n"
                                             for i, p, t in documents), encoding="utf-8")
    path = str(root / "s.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(root / "docs.jsonl"), "--db", path], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return ingested(tmp_path_factory.mktemp("region-summary"), DOCUMENTS)


def test_cli_region_summary_comes_first(db):
    result = CliRunner().invoke(main, ["region", "Guangdong", "--db", db])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines.index("Industries (2):") < lines.index("Latest (1):") < lines.index("Priorities (2):")
    assert "nev new energy vehicles emerging Guangdong 2023 2024 2 2" in lines  # once, not once a sentence
    assert any(line.startswith("low_altitude_economy low-altitude economy emerging Shenzhen 2024 2024 1")
               for line in lines)
    latest = next(line for line in lines if line.startswith("rd_intensity"))
    assert "3.6% 2024 up from 3.4% (2023)" in latest
    # the sentence whole, its number included, however long it is
    assert latest.endswith("Guangdong's R&D intensity reached 3.6 percent in 2024, far above the national "
                           "average of the economy as a whole and of every neighbouring province.")


def test_cli_region_table_shows_the_newest_rows_of_each_list_and_says_how_many_more(db):
    result = CliRunner().invoke(main, ["region", "Guangdong", "--db", db, "--limit", "1"])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert "Industries (2):" in lines  # the summary is never cut
    start = lines.index("Figures (1 of 2):")
    assert lines[start + 2].startswith("R&D intensity rd_intensity 3.6% 2024")  # the newest first
    assert lines[start + 3] == "... 1 more (--limit 0 shows them all)"
    whole = CliRunner().invoke(main, ["region", "Guangdong", "--db", db, "--limit", "0"])
    assert "Figures (2):" in whole.output and "more (--limit 0" not in whole.output
    as_json = json.loads(CliRunner().invoke(main, ["region", "Guangdong", "--db", db, "--limit", "1",
                                                   "--format", "json"]).output)
    assert len(as_json["figures"]) == 2  # a program gets every row
    bad = CliRunner().invoke(main, ["region", "Guangdong", "--db", db, "--limit", "-1"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_cli_region_summary_in_json(db):
    result = CliRunner().invoke(main, ["region", "广东", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(r["industry"], r["first_year"], r["latest_year"], r["documents"]) for r in found["industries"]] == [
        ("nev", 2023, 2024, 2), ("low_altitude_economy", 2024, 2024, 1)]
    assert [(m["metric"], m["value"], m["previous_value"], m["trend"]) for m in found["latest"]] == [
        ("rd_intensity", 3.6, 3.4, "up")]


INDUSTRY_DOCUMENTS = [
    ("gd-nev-2023", "2023-02-01", "Guangdong will develop new energy vehicles. "
                                  "The output of new energy vehicles in Guangdong grew by 30 percent in 2023."),
    ("gd-nev-2024", "2024-02-01", "Guangdong will develop new energy vehicles. Charging stations now line every "
                                  "expressway of the Pearl River Delta, and its ports ship cars abroad. "
                                  "The output of new energy vehicles in Guangdong grew by 25 percent in 2024."),
    ("ah-nev-2024", "2024-02-10", "Anhui will develop new energy vehicles."),
]


@pytest.fixture(scope="module")
def industry_db(tmp_path_factory) -> str:
    return ingested(tmp_path_factory.mktemp("industry-summary"), INDUSTRY_DOCUMENTS)


def test_cli_industry_summary_comes_first(industry_db):
    result = CliRunner().invoke(main, ["industry", "NEV", "--db", industry_db])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines.index("Regions (2):") < lines.index("Latest (1):") < lines.index("Figures (2):")
    # each region once: first and latest year, documents, sources
    # (a priority's year is part of what it states: 2023's and 2024's are one source each)
    assert "440000 Guangdong 2023 2024 2 1 nev" in lines
    assert "340000 Anhui 2024 2024 1 1 nev" in lines
    latest = next(line for line in lines if line.startswith("output_growth"))
    assert "Guangdong actual 25% 2024 down from 30% (2023)" in latest
    assert latest.endswith("The output of new energy vehicles in Guangdong grew by 25 percent in 2024.")


def test_industry_page_opens_with_its_summary(industry_db):
    from fastapi.testclient import TestClient

    from nqpf.api import create_app

    app = create_app(industry_db)
    try:
        page = TestClient(app).get("/industry/nev").text
        api = TestClient(app).get("/api/industries/nev").json()
    finally:
        app.state.sessions.close_all()
        app.state.db.close()
    assert page.index('id="summary-regions"') < page.index('id="summary-metrics"') < page.index('id="diffusion"')
    assert "↓ from 30%" in page
    assert [(m["region"], m["metric"], m["value"], m["trend"]) for m in api["latest"]] == [
        ("440000", "output_growth", 25.0, "down")]
    assert {(r["code"], r["since"], r["latest_year"], r["corroboration"]) for r in api["regions"]} == {
        ("440000", 2023, 2024, 1), ("340000", 2024, 2024, 1)}
