"""Bounded answers on a region with thousands of figures: a region's profile and an industry's
figures come in pages, facts are cut in the database, and search takes ``%`` and ``_`` literally."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.api.deps import MAX_LIMIT
from nqpf.cli import main

BULK = 150
SPECIAL = [
    {"id": "percent", "title": "Growth of 5%", "text": "Anhui's output grew 5% in 2023, the bureau said."},
    {"id": "underscore", "title": "file_name", "text": "The plan was code-named Anhui_2024 by the province."},
    {"id": "backslash", "title": "Paths", "text": "Anhui kept its data under C:\\data\\plans in 2023."},
]


def _corpus() -> list[dict]:
    bulk = [{"id": f"bulk-{d}", "title": f"Anhui report {d}", "published": "2024-05-01",
             "text": " ".join(f"In {2015 + i % 9}, Anhui's widget {d}-{i} output reached {d + i + 3} billion yuan."
                              for i in range(12)) + " Anhui will support humanoid robots."}
            for d in range(BULK)]
    return bulk + SPECIAL


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("paging")
    (root / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in _corpus()), encoding="utf-8")
    db = str(root / "paging.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(root / "corpus.jsonl"), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    app = create_app(db)
    yield TestClient(app)
    app.state.db.close()


def _walk(client: TestClient, url: str, section: str | None = None) -> tuple[int, list[dict]]:
    """Every item of a paginated answer, page by page with the largest pages allowed."""
    items: list[dict] = []
    total = None
    while total is None or len(items) < total:
        body = client.get(url, params={"limit": MAX_LIMIT, "offset": len(items)}).json()
        page = body[section] if section else body
        total = page["total"]
        assert page["items"], f"{url}: page at offset {len(items)} of {total} is empty"
        items += page["items"]
    return total, items


def _key(fact: dict) -> tuple:
    return fact["doc_id"], fact["ev_start"], fact["indicator"], fact["value"], fact["unit"], fact["year"]


def test_api_paging_region_profile_is_bounded(client):
    response = client.get("/api/regions/Anhui")
    assert response.status_code == 200
    profile = response.json()
    figures = profile["figures"]
    assert figures["total"] > 1000 and len(figures["items"]) == figures["limit"] == 50
    assert len(response.content) < 64_000  # a region with thousands of figures: one page each, not everything
    for section in ("priorities", "quotes", "organizations"):
        assert set(profile[section]) == {"total", "limit", "offset", "items"}
        assert len(profile[section]["items"]) <= 50


def test_api_paging_region_pages_cover_every_figure_once(client):
    total, figures = _walk(client, "/api/regions/Anhui", "figures")
    facts_total, facts = _walk(client, "/api/facts?region=Anhui")
    assert total == facts_total == len(figures)
    assert len({_key(f) for f in figures}) == total  # no figure twice across pages
    assert {_key(f) for f in figures} == {_key(f) for f in facts}


def test_api_paging_region_limit_is_bounded_and_documented(client):
    response = client.get(f"/api/regions/Anhui?limit={MAX_LIMIT + 1}")
    assert response.status_code == 422 and f"less than or equal to {MAX_LIMIT}" in response.json()["error"]
    parameters = client.get("/openapi.json").json()["paths"]["/api/regions/{name}"]["get"]["parameters"]
    limit = next(p for p in parameters if p["name"] == "limit")
    assert limit["schema"]["maximum"] == MAX_LIMIT and any(p["name"] == "offset" for p in parameters)


def test_api_paging_industry_figures_are_pages(client):
    body = client.get("/api/industries/humanoid_robots?limit=3").json()
    assert "340000" in {r["code"] for r in body["regions"]}
    assert len(body["figures"]["items"]) <= 3 and body["figures"]["limit"] == 3


@pytest.mark.parametrize("q", ["%", "_", "5%", "i_2", "\\", "%2024"])
def test_api_paging_search_takes_wildcards_literally(client, q):
    expected = {d["id"] for d in _corpus() if q.lower() in (d["title"] + " " + d["text"]).lower()}
    listed = client.get("/api/documents", params={"q": q, "limit": MAX_LIMIT}).json()
    assert listed["total"] == len(expected)
    assert {d["name"] for d in listed["items"]} == expected
    found = client.get("/api/search", params={"q": q}).json()
    assert {d["name"] for d in found["documents"]} == expected
    for fact in found["facts"]:
        assert q.lower() in (fact["evidence"] + " " + str(fact["label"])).lower(), fact
