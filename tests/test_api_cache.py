"""The response cache of the read-only app: the same URL gets the same bytes without running its
queries again; errors are never kept; the byte budget holds; ``NQPF_CACHE_MB=0`` turns it off."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.errors import NqpfError


@pytest.fixture()
def make_client(web_db):
    apps = []

    def make(**options) -> TestClient:
        app = create_app(web_db, **options)
        apps.append(app)
        return TestClient(app)

    yield make
    for app in apps:
        app.state.db.close()


def _queries(client: TestClient) -> int:
    """How many requests have reached the database."""
    return client.app.state.db.opened


@pytest.mark.parametrize("url", ["/api/regions/Anhui", "/api/facts?region=Guangdong&limit=3", "/region/Anhui",
                                 "/search?q=NEV"])
def test_api_cache_answers_a_repeated_url_without_its_queries(make_client, url):
    client = make_client(cache_mb=8)
    first = client.get(url)
    assert first.status_code == 200 and "x-nqpf-cache" not in first.headers
    before = _queries(client)
    again = client.get(url)
    assert again.headers["x-nqpf-cache"] == "hit" and _queries(client) == before
    assert again.content == first.content and again.headers["content-type"] == first.headers["content-type"]


@pytest.mark.parametrize("url", ["/api/regions/Atlantis", "/api/facts?limit=0", "/api/regions?limit=1&limit=2"])
def test_api_cache_never_keeps_an_error(make_client, url):
    client = make_client(cache_mb=8)
    assert client.get(url).status_code >= 400
    again = client.get(url)
    assert again.status_code >= 400 and "x-nqpf-cache" not in again.headers


def test_api_cache_stays_within_its_budget(make_client):
    client = make_client(cache_mb=1 / 16)  # 64 kB, at most 4 kB an answer
    urls = [f"/api/facts?limit=4&offset={i}" for i in range(80)]  # 1-3 kB each, well over 64 kB in all
    for url in urls:
        assert client.get(url).status_code == 200
    cache = client.app.state.cache
    assert 0 < cache.size <= cache.max_bytes and 0 < len(cache.entries) < len(urls)
    assert client.get(urls[-1]).headers.get("x-nqpf-cache") == "hit"  # the newest is kept
    assert "x-nqpf-cache" not in client.get(urls[0]).headers  # the oldest went first
    assert "x-nqpf-cache" not in client.get("/api/facts?limit=500").headers  # too big to keep at all
    assert "x-nqpf-cache" not in client.get("/api/facts?limit=500").headers


def test_api_cache_off_when_asked(make_client, monkeypatch):
    monkeypatch.setenv("NQPF_CACHE_MB", "0")
    client = make_client()
    client.get("/api/regions/Anhui")
    assert "x-nqpf-cache" not in client.get("/api/regions/Anhui").headers


def test_api_cache_size_must_be_a_number(web_db, monkeypatch):
    monkeypatch.setenv("NQPF_CACHE_MB", "lots")
    with pytest.raises(NqpfError, match=r"\$NQPF_CACHE_MB must be a number of megabytes"):
        create_app(web_db)


def test_api_cache_and_memo_follow_a_write_that_ends(web_db, tmp_path):
    """A writer's session ending drops the cached answers (the next request runs its queries and shows the
    new rows), while the memo keeps what no write changes: a document stored after it had every name is
    still named."""
    import os
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(web_db, db)
    app = create_app(str(db), cache_mb=8)
    client = TestClient(app)
    try:
        url = "/api/facts?type=priorities&region=Anhui&limit=500"
        before = client.get(url).json()
        assert client.get(url).headers["x-nqpf-cache"] == "hit"
        assert ("every document name",) in app.state.db.memo._entries
        sessions = app.state.sessions
        sid, _ = sessions.open(True, os.getpid())
        session = sessions.get(sid)
        sessions.execute(session, "INSERT INTO documents (id, name, source, text, extractor_version) VALUES "
                                  "('late', 'a-later-document', 'test', 'Anhui will grow quantum.', 'test')", None)
        sessions.execute(session, "INSERT INTO priorities (doc_id, region, industry, stage, year, ev_start, ev_end, "
                                  "evidence) VALUES ('late', '340000', 'quantum', 'future', 2026, 0, 24, "
                                  "'Anhui will grow quantum.')", None)
        sessions.close(sid)
        after = client.get(url)
        assert "x-nqpf-cache" not in after.headers
        assert after.json()["total"] == before["total"] + 1
        assert [i["document"] for i in after.json()["items"] if i["doc_id"] == "late"] == ["a-later-document"]
        assert ("every document name",) in app.state.db.memo._entries  # kept: names belong to their ids
    finally:
        app.state.sessions.close_all()
        app.state.db.close()
