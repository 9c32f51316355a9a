"""Comparable figures: `nqpf series`, `/api/series`, `nqpf facts --metric`, over documents written
here whose metrics, years and kinds are known."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.cli import main

DOCUMENTS = [
    ("a1", "2025-02-01", "Anhui's GDP grew 5.8 percent in 2024, the provincial statistics bureau said."),
    ("a2", "2025-02-03", "In 2024, Anhui's economy expanded by 5.8 percent, faster than the national rate."),
    ("a3", "2025-01-20", "Anhui aims for GDP growth of around 5.5 percent in 2025, the governor said."),
    ("j1", "2025-02-02", "Jiangsu's GDP grew 5.8 percent in 2024, official data showed."),
    ("j2", "2025-02-05", "Jiangsu's GDP grew 6.1 percent in 2024, according to a preliminary estimate."),
    ("g1", "2025-03-01", "Guangdong's R&D intensity reached 3.6 percent in 2024, the province said."),
    ("h1", "2025-01-15", "Hefei produced 1.4 million new energy vehicles in 2024."),
]


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("series")
    source = root / "docs.jsonl"
    source.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in DOCUMENTS),
                      encoding="utf-8")
    path = str(root / "series.duckdb")
    code, _, err = nqpf("ingest", str(source), "--db", path)
    assert code == 0, err
    return path


def lines_of(out: str) -> dict[tuple, dict]:
    return {(line["region_name"], line["kind"]): line for line in json.loads(out)["lines"]}


def test_series_joins_documents_that_state_one_value_and_counts_a_disagreement(db):
    code, out, err = nqpf("series", "gdp_growth", "--db", db, "--format", "json")
    assert code == 0, err
    lines = lines_of(out)
    anhui = lines[("Anhui", "actual")]["points"]
    assert [(p["year"], p["value"], p["sources"], p["values"]) for p in anhui] == [(2024, 5.8, 2, 1)]
    # the target is a line of its own, never joined to the outcome
    assert [(p["year"], p["value"]) for p in lines[("Anhui", "target")]["points"]] == [(2025, 5.5)]
    jiangsu = lines[("Jiangsu", "actual")]["points"]
    assert len(jiangsu) == 1 and jiangsu[0]["documents"] == 2 and jiangsu[0]["values"] == 2
    assert ("Guangdong", "actual") not in lines  # R&D intensity is another metric


def test_series_narrows_by_region_and_kind_and_prints_a_table(db):
    code, out, err = nqpf("series", "GDP growth", "--region", "Jiangsu", "--region", "安徽", "--kind", "actual",
                          "--db", db, "--format", "json")
    assert code == 0, err
    assert set(lines_of(out)) == {("Anhui", "actual"), ("Jiangsu", "actual")}
    code, out, _ = nqpf("series", "gdp_growth", "--region", "Anhui", "--db", db)
    assert code == 0
    assert "5.8% [2]" in out and "5.5% [1]" in out and "2024" in out.splitlines()[1]


def test_series_with_an_industry_and_as_csv(db):
    code, out, err = nqpf("series", "output", "--industry", "nev", "--db", db, "--format", "csv")
    assert code == 0, err
    rows = out.strip().splitlines()
    assert rows[0].startswith("region,region_name,industry,kind,unit,year,value")
    assert any(r.startswith("340100,Hefei,nev,actual,count,2024,1400000") for r in rows[1:]), rows


def test_an_unknown_metric_gets_one_line_with_a_suggestion(db):
    code, out, err = nqpf("series", "rd_intensty", "--db", db)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "rd_intensity" in err


def test_facts_filter_by_metric(db):
    code, out, err = nqpf("facts", "--metric", "rd_intensity", "--db", db, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert [(f["region"], f["value"], f["metric"]) for f in found] == [("440000", 3.6, "rd_intensity")]


def test_the_api_serves_series_and_says_which_metric_is_unknown(db):
    client = TestClient(create_app(db, cache_mb=0))
    answer = client.get("/api/series/gdp_growth", params=[("region", "Anhui"), ("region", "Jiangsu")])
    assert answer.status_code == 200
    body = answer.json()
    assert body["metric"] == "gdp_growth"
    assert {(line["region_name"], line["kind"]) for line in body["lines"]} == \
        {("Anhui", "actual"), ("Anhui", "target"), ("Jiangsu", "actual")}
    missing = client.get("/api/series/gdp_grwth")
    assert missing.status_code == 404 and missing.json()["ok"] is False and "gdp_growth" in missing.json()["error"]
    facts = client.get("/api/facts", params={"metric": "rd_intensity"}).json()
    assert facts["total"] == 1 and facts["items"][0]["metric"] == "rd_intensity"
    client.app.state.db.close()


def test_conflicts_list_the_values_documents_disagree_on(db):
    code, out, err = nqpf("conflicts", "--db", db, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    # Jiangsu's 2024 growth is stated as 5.8 and 6.1 by two documents; Anhui's 5.8 twice is no conflict
    assert [(c["region_name"], c["metric"], c["year"]) for c in found] == [("Jiangsu", "gdp_growth", 2024)]
    assert sorted((v["value"], tuple(v["documents"])) for v in found[0]["values"]) == [(5.8, ("j1",)), (6.1, ("j2",))]
    code, out, _ = nqpf("conflicts", "--metric", "rd_intensity", "--db", db)
    assert code == 0 and out.startswith("0 conflicts")
    client = TestClient(create_app(db, cache_mb=0))
    answer = client.get("/api/conflicts", params={"region": "Jiangsu"}).json()
    assert answer["total"] == 1 and answer["items"][0]["metric"] == "gdp_growth"
    assert client.get("/api/conflicts", params={"metric": "gdp_grwth"}).status_code == 404
    client.app.state.db.close()


PRIORITY_DOCUMENTS = [
    ("p1", "2024-03-05", "Guangdong will develop humanoid robots and build a training ground for them."),
    ("p2", "2024-03-20", "Beijing will support humanoid robots with a new innovation centre."),
    ("p3", "2024-07-01", "Guangdong plans to cultivate humanoid robots in Shenzhen and Dongguan."),
    ("p4", "2025-01-10", "Anhui will foster humanoid robots, the provincial government said."),
    ("p5", None, "Hubei will develop humanoid robots, according to a plan."),
]


@pytest.fixture(scope="module")
def priorities_db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("diffusion")
    source = root / "docs.jsonl"
    source.write_text("".join(json.dumps({"id": i, "text": t, **({"published": p} if p else {})}) + "\n"
                              for i, p, t in PRIORITY_DOCUMENTS), encoding="utf-8")
    path = str(root / "diffusion.duckdb")
    code, _, err = nqpf("ingest", str(source), "--db", path)
    assert code == 0, err
    return path


def test_diffusion_dates_each_region_s_first_priority_and_counts_the_undated(priorities_db):
    code, out, err = nqpf("diffusion", "humanoid robots", "--by", "month", "--db", priorities_db, "--format", "json")
    assert code == 0, err
    found = json.loads(out)
    assert [(r["region_name"], r["first_published"], r["documents"]) for r in found["regions"]] == \
        [("Guangdong", "2024-03-05", 2), ("Beijing", "2024-03-20", 1), ("Anhui", "2025-01-10", 1)]
    assert [(c["period"], c["new_regions"], c["regions"]) for c in found["cumulative"]] == \
        [("2024-03", 2, 2), ("2025-01", 1, 3)]
    assert found["first_movers"] == ["Guangdong", "Beijing"] and found["undated"] == 1
    code, out, _ = nqpf("diffusion", "humanoid_robots", "--db", priorities_db)
    assert code == 0 and "first movers Guangdong, Beijing" in out and "1 undated" in out
    client = TestClient(create_app(priorities_db, cache_mb=0))
    answer = client.get("/api/diffusion/humanoid_robots").json()
    assert [c["period"] for c in answer["cumulative"]] == ["2024", "2025"]
    assert client.get("/api/diffusion/humanoid_robts").status_code == 404
    client.app.state.db.close()


def test_conflicts_come_in_pages_that_add_up_to_the_whole_list(tmp_path):
    provinces = ["Jiangsu", "Anhui", "Fujian", "Hubei", "Sichuan"]  # in order of code
    records = [{"id": f"{p[:2]}{n}", "published": "2025-02-01",
                "text": f"{p}'s GDP grew {5.0 + n * 0.5 + i * 0.1:.1f} percent in 2024, officials said."}
               for i, p in enumerate(provinces) for n in range(2)]
    # one document stating two values, a second repeating one of them: no two documents disagree
    records += [{"id": "yn1", "published": "2025-02-01", "text": "Yunnan's GDP grew 5.0 percent in 2024. "
                 "In a revised count, Yunnan's GDP grew 5.3 percent in 2024."},
                {"id": "yn2", "published": "2025-02-02", "text": "Yunnan's GDP grew 5.0 percent in 2024."}]
    source = tmp_path / "docs.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "pages.duckdb")
    assert nqpf("ingest", str(source), "--db", db)[0] == 0
    code, out, err = nqpf("conflicts", "--db", db, "--format", "json")
    whole = json.loads(out)
    assert [c["region_name"] for c in whole] == provinces  # in order of region code; not Yunnan
    code, out, err = nqpf("conflicts", "--db", db, "--format", "json", "--limit", "2")
    assert [c["region_name"] for c in json.loads(out)] == provinces[:2]
    assert "the first 2 of 5 conflicts" in err
    client = TestClient(create_app(db, cache_mb=0))
    pages = [client.get("/api/conflicts", params={"limit": 2, "offset": offset}).json() for offset in (0, 2, 4)]
    assert {p["total"] for p in pages} == {5}
    assert [c for p in pages for c in p["items"]] == whole
    client.app.state.db.close()


def test_a_points_value_is_the_one_most_documents_state_as_the_groups_define_it():
    import random

    from nqpf.store.series import _consolidated, same_value_groups

    rng = random.Random(7)
    for _ in range(2000):
        values = [(rng.choice([5.0, 5.01, 5.02, 5.5, 6.0, -1.0, 0.0, 100.0, 100.4]) * rng.choice([1, 1, 1.003]),
                   rng.randint(1, 4)) for _ in range(rng.randint(1, 6))]
        groups = same_value_groups(values)
        best = max(groups, key=lambda g: (sum(d for _, d in g), -g[0][0]))  # most documents, then the lowest
        expected = (max(best, key=lambda p: p[1])[0], sum(d for _, d in best), sum(d for _, d in values), len(groups))
        assert _consolidated(values) == expected, values
