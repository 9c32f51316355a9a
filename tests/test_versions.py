"""Versions and removal (issue 13, item 3): a corrected article (same URL, changed text) supersedes
the old one, so 120 and 125 billion yuan no longer both stand; `nqpf history` lists the versions
and what changed; `nqpf forget` removes a document and all its facts in one transaction, and the
corroboration of what it stated is counted again."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main

URL = "https://example.org/news/anhui-fund.html"


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def _fund(value: int, extra: str = "") -> dict:
    return {"id": "anhui-fund", "url": URL, "published": "2025-03-01",
            "text": f"Anhui will set up an industry fund of {value} billion yuan in 2025 to support quantum "
                    f"computing, the provincial government said.{extra}"}


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "versions.duckdb")
    other = {"id": "wire", "url": "https://example.org/wire/anhui.html", "published": "2025-03-02",
             "text": "Anhui will set up an industry fund of 120 billion yuan in 2025 to support quantum computing, "
                     "a news agency reported, quoting the provincial government."}
    code, _, err = nqpf("ingest", _jsonl(tmp_path / "v1.jsonl", [_fund(120), other]), "--db", path)
    assert code == 0, err
    return path


def _fund_values(db: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return sorted(con.execute("""SELECT f.value, coalesce(f.corroboration, s.sources), d.url
                                     FROM figures f JOIN documents d ON d.id = f.doc_id LEFT JOIN fact_sources s
                                     ON s.fact_table = 'figures' AND s.fact_key = f.fact_key
                                     WHERE f.metric = 'fund_size'""").fetchall())
    finally:
        con.close()


def test_a_corrected_article_supersedes_its_old_version(db, tmp_path):
    before = _fund_values(db)
    assert [(v, c) for v, c, _ in before] == [(120e9, 2), (120e9, 2)]  # two sources state 120 bn
    code, out, err = nqpf("ingest", _jsonl(tmp_path / "v2.jsonl", [_fund(125, " The sum was revised.")]), "--db", db)
    assert code == 0, err
    assert "1 earlier version(s) superseded" in out
    after = _fund_values(db)
    # the corrected article's 125 bn stands alone; the wire story's 120 bn has one source left
    assert sorted((v, c, u) for v, c, u in after) == [(120e9, 1, "https://example.org/wire/anhui.html"),
                                                       (125e9, 1, URL)]
    code, out, _ = nqpf("facts", "--type", "figures", "--metric", "fund_size", "--db", db, "--format", "json")
    assert sorted(f["value"] for f in json.loads(out)) == [120e9, 125e9]  # queries see the current version only


def test_history_lists_the_versions_and_what_changed(db, tmp_path):
    nqpf("ingest", _jsonl(tmp_path / "v2.jsonl", [_fund(125)]), "--db", db)
    code, out, err = nqpf("history", URL, "--db", db, "--format", "json")
    assert code == 0, err
    versions = json.loads(out)
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["status"].startswith("superseded by") and versions[1]["status"] == "current"
    assert any("125000000000" in f for f in versions[1]["added"])
    assert any("120000000000" in f for f in versions[1]["removed"])
    code, out, _ = nqpf("history", URL, "--db", db)
    assert code == 0 and "superseded by" in out and "current" in out
    code, _, err = nqpf("history", "https://example.org/nothing", "--db", db)
    assert code == 1 and "no document with id, name or URL" in err


def test_forget_removes_a_document_and_recounts_what_it_stated(db):
    code, out, err = nqpf("forget", URL, "--db", db)
    assert code == 0, err
    assert out.startswith("forgot 1 document")
    assert [(v, c) for v, c, _ in _fund_values(db)] == [(120e9, 1)]  # one source left
    con = duckdb.connect(db, read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents WHERE url = ?", [URL]).fetchone()[0] == 0
        for table in ("priorities", "figures", "mentions", "doc_signatures", "doc_bands"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
                               ).fetchone()[0] == 0, table
        assert con.execute("SELECT count(*) FROM pending_recount").fetchone()[0] == 0
    finally:
        con.close()
    code, _, err = nqpf("forget", URL, "--db", db)
    assert code == 1 and "no document with id, name or URL" in err


def test_the_api_serves_a_documents_history(db, tmp_path):
    from fastapi.testclient import TestClient

    from nqpf.api import create_app

    nqpf("ingest", _jsonl(tmp_path / "v2.jsonl", [_fund(125)]), "--db", db)
    client = TestClient(create_app(db, cache_mb=0))
    answer = client.get("/api/history", params={"target": URL}).json()
    assert answer["total"] == 2 and [v["status"] for v in answer["items"]][1] == "current"
    missing = client.get("/api/history", params={"target": "nothing-here"})
    assert missing.status_code == 404 and "no document" in missing.json()["error"]
    client.app.state.db.close()


def test_reprocess_leaves_a_superseded_version_superseded(db, tmp_path):
    nqpf("ingest", _jsonl(tmp_path / "v2.jsonl", [_fund(125)]), "--db", db)
    code, _, err = nqpf("reprocess", "--all", "--db", db)
    assert code == 0, err
    assert sorted(v for v, _, u in _fund_values(db) if u == URL) == [125e9]  # not 120 and 125 again
