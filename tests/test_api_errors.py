"""Every error the app answers has one shape, ``{"ok": false, "error", "status"}``, whatever raised
it (a route, FastAPI's validation, Starlette's routing or static files), and the OpenAPI schema
documents the errors each endpoint can answer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from nqpf.api import create_app


@pytest.fixture(scope="module")
def client(web_db):
    app = create_app(web_db)
    yield TestClient(app)
    app.state.db.close()


def _assert_error(response, status: int, message: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"ok": False, "error": response.json()["error"], "status": status}
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    ("method", "url", "status", "message"),
    [
        ("POST", "/api/regions", 405, "method POST is not allowed on /api/regions; use GET"),
        ("DELETE", "/api/documents/nope", 405, "method DELETE is not allowed"),
        ("PUT", "/api/facts", 405, "use GET"),
        ("GET", "/api/nothing-here", 404, "no page or endpoint at /api/nothing-here"),
        ("GET", "/static/missing.css", 404, "no page or endpoint at /static/missing.css"),
        ("GET", "/api/regions?limit=1&limit=2", 422, "limit: given 2 times; give it once"),
        ("GET", "/api/facts?region=Anhui&year=2023&region=Hubei", 422, "region: given 2 times"),
        ("GET", "/api/search?q=a&q=b", 422, "q: given 2 times"),
        ("GET", "/api/regions/Anhui?offset=-1", 422, "offset: Input should be greater than or equal to 0"),
    ],
)
def test_api_errors_have_one_shape(client, method, url, status, message):
    _assert_error(client.request(method, url), status, message)


def test_api_errors_405_says_which_methods_are_allowed(client):
    response = client.post("/api/regions")
    assert response.headers["allow"] == "GET"
    # a path with two routes (list, and forget with the server's token) names both
    response = client.put("/api/documents")
    assert response.status_code == 405 and response.headers["allow"] == "DELETE, GET"
    assert response.json()["error"] == "method PUT is not allowed on /api/documents; use DELETE, GET"


def test_api_errors_pages_answer_a_person_with_a_page(client):
    response = client.get("/region/Anhui?x=1&x=2", headers={"accept": "text/html"})
    assert response.status_code == 422 and "<html" in response.text and "x: given 2 times" in response.text
    response = client.post("/", headers={"accept": "text/html"})
    assert response.status_code == 405 and "<html" in response.text


def test_api_errors_inapplicable_filter_matches_nothing_and_says_why(client):
    response = client.get("/api/facts?type=priorities&unit=USD")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 0 and body["items"] == [] and "priorities have no unit" in body["note"]


@pytest.fixture(scope="module")
def schema(client) -> dict:
    return client.get("/openapi.json").json()


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/regions/{name}", "/api/regions/Atlantis"),
        ("/api/industries/{name}", "/api/industries/steam_engines"),
        ("/api/documents/{doc_id}", "/api/documents/nope"),
        ("/api/facts", "/api/facts?region=Atlantis"),
        ("/api/facts", "/api/facts?industry=steam_engines"),
        ("/api/index", "/api/index?region=Atlantis"),
    ],
)
def test_api_errors_404s_are_in_the_schema(client, schema, path, url):
    _assert_error(client.get(url), 404, "")
    assert "404" in schema["paths"][path]["get"]["responses"]


def test_api_errors_schema_describes_every_error_in_the_one_shape(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/ErrorBody", (method, path, status)
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == {"ok", "error", "status"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # FastAPI's own 422 shape is not used
