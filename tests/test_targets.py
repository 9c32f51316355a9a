"""Targets against outcomes (`nqpf targets`, `/api/targets`): the 2025 targets of the provincial
work reports in ../shared/dev, paired with 2025 outcomes stated by documents written here."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.cli import main
from nqpf.store import open_database
from nqpf.store.targets import targets

# outcomes of 2025, as a statistics release in January 2026 would state them (invented values)
OUTCOMES = [
    ("out-anhui", "2026-01-20", "Anhui's GDP grew 5.6 percent in 2025, the provincial statistics bureau said."),
    ("out-beijing", "2026-01-21", "Beijing's GDP grew 4.9 percent in 2025, official data showed."),
    ("out-zhejiang", "2026-01-22", "浙江省2025年地区生产总值增长5.5%。"),
]


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared) -> str:
    root = tmp_path_factory.mktemp("targets")
    outcomes = root / "outcomes.jsonl"
    outcomes.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in OUTCOMES),
                        encoding="utf-8")
    path = str(root / "targets.duckdb")
    code, _, err = nqpf("ingest", str(shared / "dev" / "work-reports"), str(outcomes), "--db", path)
    assert code == 0, err
    return path


def test_every_work_report_gives_its_province_s_2025_gdp_growth_target(db, shared):
    code, out, err = nqpf("targets", "--metric", "gdp_growth", "--year", "2025", "--db", db, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    by_region: dict[str, set[float]] = {}
    for t in found:
        by_region.setdefault(t["region"], set()).add(t["target"])
    assert len(by_region) == len(list((shared / "dev" / "work-reports").glob("*.docx")))  # each province once
    # the provinces with gold: the gold's 2025 GDP growth target is among the report's targets
    for gold_file in sorted((shared / "dev" / "work-reports" / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        wanted = [k for k in gold["key_figures"]
                  if k.get("metric") == "gdp_growth" and k["kind"] == "target" and k["year"] == 2025]
        for k in wanted:
            assert k["value"] in by_region[k["region"]], (gold_file.name, by_region.get(k["region"]))


def test_targets_meet_their_outcomes(db):
    con = open_database(db)
    try:
        found = {(t["region_name"], t["target"]): t for t in targets(con, metric="gdp_growth", year=2025,
                                                                       this_year=2026)}
        pending = targets(con, metric="gdp_growth", year=2025, region="320000", this_year=2025)
    finally:
        con.close()
    anhui = found[("Anhui", 5.5)]
    assert (anhui["status"], anhui["outcome"], anhui["gap"], anhui["outcome_documents"]) == \
        ("met", 5.6, 0.1, ["out-anhui"])
    assert "5.6 percent" in anhui["outcome_evidence"] and "5.5%" in anhui["target_evidence"]
    beijing = found[("Beijing", 5.0)]
    assert (beijing["status"], beijing["outcome"], beijing["gap"]) == ("missed", 4.9, -0.1)
    assert found[("Zhejiang", 5.5)]["status"] == "met"  # reached exactly
    assert found[("Jiangsu", 5.0)]["status"] == "no outcome yet"  # 2025 is over, no outcome stored
    assert [t["status"] for t in pending] == ["pending"]  # while 2025 runs


def test_a_ceiling_is_met_from_below(db):
    con = open_database(db)
    try:
        ceilings = [t for t in targets(con, metric="cpi_growth", year=2025) if t["region"] == "330000"]
    finally:
        con.close()
    assert ceilings and all(t["target"] == 2.0 for t in ceilings)


def test_the_cli_table_and_the_api(db):
    code, out, _ = nqpf("targets", "--region", "Anhui", "--metric", "gdp_growth", "--year", "2025", "--db", db)
    assert code == 0
    first, header, row = out.splitlines()[:3]
    assert first.startswith("1 targets: 1 met") and "status" in header and "met" in row and "5.6%" in row
    client = TestClient(create_app(db, cache_mb=0))
    answer = client.get("/api/targets", params={"region": "北京", "metric": "gdp_growth", "year": 2025}).json()
    assert answer["total"] == 1 and answer["items"][0]["status"] == "missed"
    assert client.get("/api/targets", params={"metric": "gdp_grow"}).status_code == 404
    client.app.state.db.close()
