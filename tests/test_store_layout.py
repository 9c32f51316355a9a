"""The fact tables as ingest leaves them (in region order, rewritten only as the corpus grows), and the
read memo the server keeps: the same answers as the queries it saves."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main
from nqpf.store import documents as stored
from nqpf.store import open_database, queries
from nqpf.store.memo import ReadMemo
from nqpf.store.schema import FACT_TABLES


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def stored_regions(db: str, table: str) -> list[str]:
    """A table's regions in the order its rows are stored (a scan with no ORDER BY keeps it)."""
    con = duckdb.connect(db, read_only=True)
    try:
        con.execute("SET threads = 1")
        # NULL (a quote with no region) as the highest value: DuckDB sorts it last
        return [r[0] for r in con.execute(f"SELECT coalesce(region, '~') FROM {table}").fetchall()]
    finally:
        con.close()


def jsonl(path, docs: list[tuple[str, str]]) -> str:
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs), encoding="utf-8")
    return str(path)


PLACES = ["Anhui", "Zhejiang", "Guangdong", "Sichuan", "Hubei", "Beijing"]


def articles(start: int, n: int) -> list[tuple[str, str]]:
    """Short articles, each about one province (in turn), with a figure and a priority."""
    return [(f"a{k}", f"{PLACES[k % len(PLACES)]} will develop humanoid robots. {PLACES[k % len(PLACES)]}'s "
                      f"output of new energy vehicles reached {100 + k} billion yuan in 2024.")
            for k in range(start, start + n)]


def test_ingest_leaves_every_fact_table_in_region_order(tmp_path, shared):
    db = str(tmp_path / "n.duckdb")
    assert nqpf("ingest", str(shared / "seeds"), "--db", db)[0] == 0
    assert nqpf("ingest", jsonl(tmp_path / "a.jsonl", articles(0, 60)), "--db", db)[0] == 0
    for table in FACT_TABLES:
        regions = stored_regions(db, table)
        assert regions, table
        assert regions == sorted(regions), table


def test_a_few_documents_more_are_appended_and_a_quarter_more_rewrites_the_tables(tmp_path):
    db = str(tmp_path / "n.duckdb")
    assert nqpf("ingest", jsonl(tmp_path / "a.jsonl", articles(0, 40)), "--db", db)[0] == 0
    assert stored_regions(db, "figures") == sorted(stored_regions(db, "figures"))
    # two more documents: appended after the ordered rows, no rewrite of everything for them
    assert nqpf("ingest", jsonl(tmp_path / "b.jsonl", articles(40, 2)), "--db", db)[0] == 0
    regions = stored_regions(db, "figures")
    assert regions != sorted(regions) and regions[:-2] == sorted(regions[:-2])
    # pages read through the server's memo (which narrows an industry's page to its regions' rows)
    # are the queries' pages in this order too
    con, memo = open_database(db), ReadMemo()
    try:
        for industry in ("nev", "humanoid_robots", "new_energy"):
            for limit, offset in ((1, 0), (3, 5), (10, 36), (50, 0)):
                assert queries.industry_page(con, industry, limit=limit, offset=offset, memo=memo) == \
                    queries.industry_page(con, industry, limit=limit, offset=offset), (industry, limit, offset)
    finally:
        con.close()
    # then as many again as the database holds: the tables are rewritten in region order
    assert nqpf("ingest", jsonl(tmp_path / "c.jsonl", articles(42, 40)), "--db", db)[0] == 0
    regions = stored_regions(db, "figures")
    assert len(regions) == 82 and regions == sorted(regions)
    # and what the queries answer does not depend on the order
    code, out, _ = nqpf("region", "Anhui", "--db", db, "--format", "json")
    assert code == 0 and len(json.loads(out)["figures"]) == 14


@pytest.fixture(scope="module")
def con(tmp_path_factory, shared):
    path = str(tmp_path_factory.mktemp("memo") / "seeds.duckdb")
    assert nqpf("ingest", str(shared / "seeds"), str(shared / "dev" / "texts"), "--db", path)[0] == 0
    connection = open_database(path)
    yield connection
    connection.close()


def test_memo_answers_equal_the_queries_for_every_region_industry_and_page(con):
    memo = ReadMemo()
    regions = [r[0] for r in con.execute("SELECT DISTINCT region FROM mentions JOIN regions ON code = region "
                                         "ORDER BY 1").fetchall()]
    industries = [r[0] for r in con.execute("SELECT id FROM industries ORDER BY 1").fetchall()]
    assert len(regions) > 20 and len(industries) > 40
    for _ in range(2):  # the second round is answered from what the first kept
        for code in regions:
            for limit, offset in ((3, 0), (3, 3), (50, 0)):
                assert queries.region_page(con, code, limit=limit, offset=offset, memo=memo) == \
                    queries.region_page(con, code, limit=limit, offset=offset), code
            for kind, filters in (("figures", {}), ("figures", {"year": 2024}), ("figures", {"unit": "CNY"}),
                                  ("figures", {"fact_kind": "target", "year": 2025}), ("priorities", {"year": 2025}),
                                  ("quotes", {}), ("organizations", {})):
                assert queries.facts_page(con, kind, limit=5, region=code, memo=memo, **filters) == \
                    queries.facts_page(con, kind, limit=5, region=code, **filters), (code, kind, filters)
            assert queries.index_scores(con, region=code, memo=memo) == queries.index_scores(con, region=code)
        for industry in industries:
            for limit, offset in ((4, 2), (1, 0), (3, 7), (50, 0), (2, 13)):
                assert queries.industry_page(con, industry, limit=limit, offset=offset, memo=memo) == \
                    queries.industry_page(con, industry, limit=limit, offset=offset), (industry, limit, offset)
            assert queries.facts_page(con, "priorities", limit=5, industry=industry, memo=memo) == \
                queries.facts_page(con, "priorities", limit=5, industry=industry)
        for q in ("billion", "robot", "Anhui", "%", "no such words here"):
            assert stored.search(con, q, limit=7, memo=memo) == stored.search(con, q, limit=7)
    assert len(memo) > len(regions)


def test_memo_keeps_at_most_its_bound_least_recently_used_out_first():
    memo = ReadMemo(max_entries=3)
    computed = []

    def value(key):
        def compute():
            computed.append(key)
            return key * 10
        return compute

    assert [memo.get(k, value(k)) for k in (1, 2, 3, 1, 4)] == [10, 20, 30, 10, 40]
    assert computed == [1, 2, 3, 4] and len(memo) == 3
    assert memo.get(2, value(2)) == 20 and computed[-1] == 2  # 2 was the least recently used: gone
    found = memo.get_many([1, 4, 5], lambda missing: {k: k * 10 for k in missing if k != 5})
    assert found == {1: 10, 4: 40} and len(memo) == 3
