"""The REST API and pages in-process (FastAPI's TestClient) over a database of the seeds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.api.deps import MAX_LIMIT


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db))


def test_api_region_profile_has_the_nev_figure_with_its_span(client):
    profile = client.get("/api/regions/安徽").json()
    assert profile["region"]["code"] == "340000"
    nev = next(f for f in profile["figures"]["items"] if f["value"] == 868000)
    assert (nev["unit"], nev["year"], nev["kind"]) == ("count", 2023, "actual")
    doc = client.get(f"/api/documents/{nev['doc_id']}").json()
    assert doc["text"][nev["ev_start"]:nev["ev_end"]] == nev["evidence"]
    assert profile["index"] and {"year", "score", "rank", "dimensions"} <= set(profile["index"][0])


@pytest.mark.parametrize(
    ("url", "check"),
    [
        ("/api/regions?limit=5", lambda j: j["total"] >= 10 and len(j["items"]) == 5),
        ("/api/industries/6g", lambda j: {"440000", "310000"} <= {r["code"] for r in j["regions"]}),
        ("/api/industries?stage=future", lambda j: all(i["stage"] == "future" for i in j["items"])),
        ("/api/facts?region=Guangdong&unit=%25&limit=3", lambda j: len(j["items"]) == 3
         and all(f["region"] == "440000" and f["unit"] == "%" for f in j["items"])),
        ("/api/facts?type=priorities&industry=humanoid%20robots", lambda j: {f["region"] for f in j["items"]}
         >= {"440000", "420000"}),
        ("/api/facts?year=2023&kind=actual&limit=2&offset=2", lambda j: j["offset"] == 2 and len(j["items"]) == 2),
        ("/api/documents?q=Volkswagen", lambda j: j["total"] >= 2),
        ("/api/matrix?stage=future", lambda j: j["cells"]["440000"]["6g"] >= 2),
        ("/api/overlap?method=cosine&limit=3", lambda j: len(j["pairs"]["items"]) == 3 and j["crowded"]),
        ("/api/index?region=Beijing", lambda j: {r["year"] for r in j["items"]} == set(range(2019, 2024))),
        ("/api/search?q=868,000", lambda j: any(f["kind"] == "figure" for f in j["facts"])),
    ],
)
def test_api_endpoints(client, url, check):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert check(response.json())


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (f"/api/facts?limit={MAX_LIMIT + 1}", 422, f"limit: Input should be less than or equal to {MAX_LIMIT}"),
        ("/api/facts?year=soon", 422, "year: Input should be a valid integer"),
        ("/api/facts?unit=furlongs", 422, "unit: Input should be"),
        ("/api/regions/Shanxii", 404, "did you mean Shanxi (140000) or Shaanxi (610000)?"),
        ("/api/industries/robot", 404, "did you mean industrial_robots?"),
        ("/api/documents/nope", 404, "no document 'nope'"),
        ("/api/search", 422, "q: Field required"),
    ],
)
def test_api_bad_requests_get_a_message_a_person_understands(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status and message in body["error"]


def test_pages_escape_document_text(client):
    docs = client.get("/api/documents?q=alert").json()["items"]
    page = client.get(f"/document/{docs[0]['id']}", headers={"accept": "text/html"}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


@pytest.mark.parametrize("url", ["/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
                                 "/docs-assets/../../../../etc/passwd", "/assets/../pyproject.toml"])
def test_pages_serve_no_file_outside_their_assets(client, url):
    response = client.get(url)
    assert response.status_code == 404 and "root:" not in response.text


@pytest.mark.parametrize("url", ["/", "/?measure=index", "/?measure=rd_share&stage=future", "/region/Anhui",
                                 "/region/440000", "/industry/nev", "/search?q=Guangdong",
                                 "/document/000_1f45bd4cffb75365", "/docs"])
def test_pages_render(client, url):
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code == 200 and "<html" in response.text
    assert "cdn." not in response.text.split("</head>")[0]  # nothing loaded from the internet


def test_pages_unknown_region_is_a_page_not_a_crash(client):
    response = client.get("/region/Atlantis", headers={"accept": "text/html"})
    assert response.status_code == 404 and "unknown region" in response.text


def test_api_openapi_lists_every_endpoint(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/regions", "/api/regions/{name}", "/api/industries", "/api/industries/{name}", "/api/facts",
            "/api/documents", "/api/documents/{doc_id}", "/api/matrix", "/api/overlap", "/api/index",
            "/api/search"} <= paths
