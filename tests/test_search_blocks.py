"""The skip index of free-text search (store/search_blocks.py): a search answers the same with it as
without it, whatever the query, and it spares reading tables and blocks that cannot match."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nqpf.api import create_app
from nqpf.cli import main
from nqpf.store import documents as stored
from nqpf.store import open_database
from nqpf.store.memo import ReadMemo
from nqpf.store.search_blocks import SearchBlocks, Stopped

# Text whose case folding is not one ASCII letter for one: the Kelvin sign, a dotted capital I,
# the sharp s, accented capitals, full-width letters; and the characters LIKE treats specially.
UNICODE_TEXTS = [
    "Temperatures near 4 \u212aelvin were reached by a Hefei quantum computing laboratory in 2024.",
    "\u0130stanbul and Anhui signed a memorandum on new energy vehicles; STRASSE and Straße signs.",
    "\u00c9COLE Polytechnique and Zhejiang University will build an AI centre, investing 2 billion yuan.",
    "Ｆｕｌｌ-width ＡＩ text: Guangdong plans 100% growth_rate of 5_0 robots, 安徽省将发展人形机器人。",
]


def ingest(db: str, *paths: str) -> None:
    result = CliRunner().invoke(main, ["ingest", *paths, "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def con(tmp_path_factory, shared):
    root = tmp_path_factory.mktemp("search")
    (root / "unicode.jsonl").write_text("".join(json.dumps({"id": f"u{i}", "text": t}) + "\n"
                                                for i, t in enumerate(UNICODE_TEXTS)), encoding="utf-8")
    db = str(root / "search.duckdb")
    ingest(db, str(shared / "seeds"), str(shared / "dev" / "texts"), str(root / "unicode.jsonl"))
    connection = open_database(db)
    yield connection
    connection.close()


def queries_from(texts: list[str]) -> list[str]:
    """Words and pieces of words of the texts, in several cases, across word boundaries, in Chinese."""
    out = set()
    for text in texts:
        words = re.findall(r"\w+", text)
        for i in range(0, len(words), 37):
            w = words[i]
            out.update({w, w.lower(), w.upper(), w[1:4], " ".join(words[i:i + 2])})
        for m in list(re.finditer(r"[\u4e00-\u9fff]{2,6}", text))[::29]:
            out.add(m.group())
    return sorted(q for q in out if q)


SPECIAL = ["k", "kelvin", "\u212aelvin", "KELVIN", "istanbul", "\u0130stanbul", "i\u0307stanbul", "straße", "strasse",
           "STRASSE", "école", "ÉCOLE", "Ecole", "ａｉ", "ＡＩ", "ai", "100%", "%", "_", "growth_rate", "5_0", "a",
           "zz", "安徽省", "人形机器人", "no such words here at all", "Hefei quantum"]


def test_a_search_answers_the_same_with_the_skip_index_as_without(con):
    texts = [r[0] for r in con.execute("SELECT text FROM documents ORDER BY id").fetchall()]
    asked = queries_from(texts) + SPECIAL
    assert len(asked) > 300
    memo = ReadMemo()
    # small blocks, so that a table spans many of them; the default size, and a memory bound that
    # leaves most rows outside any block
    for blocks in (SearchBlocks(con, block_chars=400), SearchBlocks(con), SearchBlocks(con, max_mb=0.05)):
        for q in asked:
            assert stored.search(con, q, limit=7, memo=memo, blocks=blocks) == stored.search(con, q, limit=7), q


def test_the_index_spares_the_tables_and_blocks_that_cannot_hold_the_words(con):
    blocks = SearchBlocks(con, block_chars=400)
    assert blocks.blocks("documents") > 50 and blocks.blocks("figures") > 10
    # a phrase of one document's text is in few of the documents' blocks
    ranges = blocks.ranges("documents", "Hefei quantum computing laboratory")
    assert ranges is not None and 1 <= len(ranges) <= 3
    assert blocks.ranges("documents", "no such words here at all") == []
    # a word no speaker or quote has: the quotes table is not read at all
    assert blocks.ranges("quotes", "memorandum on new energy") == []
    # too short to filter, or cased letters the index does not fold: every row may match
    assert blocks.ranges("documents", "ai") is None and blocks.ranges("documents", "École") is None


def test_the_server_builds_the_index_in_the_background_and_answers_the_same(web_db):
    app = create_app(web_db, cache_mb=0)
    deadline = time.time() + 30
    while app.state.db.search_blocks.ready() is None and time.time() < deadline:
        time.sleep(0.05)
    assert app.state.db.search_blocks.ready() is not None
    # the same server as if the index were never built: every search reads every row
    app.state.db.search_blocks.ready = lambda: None
    without = TestClient(app)
    with_index = TestClient(create_app(web_db, cache_mb=0))
    for q in ("robot", "billion yuan", "<script>", "no such words here at all", "%", "人工智能"):
        for path in ("/api/search", "/search"):
            answer = with_index.get(path, params={"q": q, "limit": 5} if path.startswith("/api") else {"q": q})
            assert answer.status_code == 200
            assert answer.text == without.get(path, params={"q": q, "limit": 5} if path.startswith("/api")
                                              else {"q": q}).text, (path, q)


def test_a_build_stopped_before_its_end_is_never_used(con, web_db):
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        SearchBlocks(con, stop=stop)
    app = create_app(web_db, cache_mb=0)
    app.state.db.close()  # at once, the build perhaps not done: it ends, and the database closes
    client_answer = app.state.db.search_blocks.ready()
    assert client_answer is None or client_answer.blocks("figures") >= 1
