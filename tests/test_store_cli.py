"""The database through the CLI: ingest once, query by region, industry and year, errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main
from nqpf.store import SCHEMA_VERSION


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared) -> str:
    path = str(tmp_path_factory.mktemp("db") / "seeds.duckdb")
    code, out, err = nqpf("ingest", str(shared / "seeds"), "--db", path)
    assert code == 0, err
    first, second = out.splitlines()
    assert first.startswith("documents: 5 new, 0 unchanged, 0 failed; facts added: ")
    assert second == "near-duplicates: 0 of 5 documents are copies (5 distinct sources)"
    return path


def test_store_region_profile_has_anhui_nev_output_with_its_sentence(db):
    code, out, _ = nqpf("region", "Anhui", "--db", db, "--format", "json")
    profile = json.loads(out)
    assert code == 0 and profile["region"]["code"] == "340000"
    nev = [f for f in profile["figures"] if f["value"] == 868000]
    assert len(nev) == 1
    assert (nev[0]["unit"], nev[0]["year"], nev[0]["kind"]) == ("count", 2023, "actual")
    assert "868,000 units" in nev[0]["evidence"]


def test_store_industry_6g_lists_guangdong_and_shanghai(db):
    code, out, _ = nqpf("industry", "6g", "--db", db, "--format", "json")
    regions = {r["code"] for r in json.loads(out)["regions"]}
    assert code == 0 and {"440000", "310000"} <= regions


def test_store_reingest_stores_nothing_twice(db, shared):
    before = duckdb.connect(db, read_only=True).execute("SELECT count(*) FROM figures").fetchone()[0]
    code, out, _ = nqpf("ingest", str(shared / "seeds"), "--db", db)
    after = duckdb.connect(db, read_only=True).execute("SELECT count(*) FROM figures").fetchone()[0]
    assert code == 0 and out.splitlines()[0] == "documents: 0 new, 5 unchanged, 0 failed; facts added: 0"
    assert before == after


QUERIES = [
    ["regions"], ["region", "Guangdong"], ["region", "广东"], ["region", "440000"], ["industry", "humanoid robots"],
    ["compare", "Guangdong", "Jiangsu", "Shanghai"], ["matrix"], ["matrix", "--stage", "future", "--year", "2024"],
    ["overlap"], ["overlap", "--crowded", "--method", "cosine"], ["facts", "--region", "Anhui", "--year", "2023"],
    ["facts", "--type", "priorities", "--industry", "nev"], ["facts", "--unit", "%", "--kind", "actual"],
    ["facts", "--type", "quotes"], ["sql", "SELECT region, count(*) AS n FROM priorities GROUP BY 1"],
]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a))
def test_store_every_query_in_every_format(db, args, fmt):
    code, out, err = nqpf(*args, "--db", db, "--format", fmt)
    assert code == 0, err
    assert out.strip()
    if fmt == "json":
        assert json.loads(out)
    elif fmt == "csv":
        table = list(csv.reader(io.StringIO(out)))
        assert len(table) >= 2 and all(len(r) == len(table[0]) for r in table)
    else:
        assert "Traceback" not in out and not out.lstrip().startswith(("{", "["))


def test_store_matrix_counts_documents(db):
    _, out, _ = nqpf("matrix", "--db", db, "--format", "json")
    guangdong = next(r for r in json.loads(out) if r["code"] == "440000")
    assert guangdong["6g"] == 3 and guangdong["quantum"] == 2


def test_store_overlap_finds_the_most_crowded_industries(db):
    _, out, _ = nqpf("overlap", "--crowded", "--db", db, "--format", "json")
    crowded = json.loads(out)
    assert crowded[0]["regions"] >= crowded[-1]["regions"]
    six_g = next(c for c in crowded if c["industry"] == "6g")
    assert set(six_g["region_codes"]) == {"310000", "440000"}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_store_export_writes_every_table(db, tmp_path, fmt):
    code, out, _ = nqpf("export", str(tmp_path / "out"), "--db", db, "--format", fmt)
    assert code == 0
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == sorted(f"{t}.{fmt}" for t in ("documents", "regions", "industries", "mentions", "priorities",
                                                  "figures", "quotes", "organizations", "index_runs",
                                                  "index_scores", "index_subscores", "index_weights",
                                                  "index_intervals", "doc_signatures"))
    con = duckdb.connect()
    reader = {"parquet": "read_parquet", "csv": "read_csv_auto", "jsonl": "read_json_auto"}[fmt]
    n = con.execute(f"SELECT count(*) FROM {reader}('{tmp_path / 'out' / ('figures.' + fmt)}')").fetchone()[0]
    assert n == duckdb.connect(db, read_only=True).execute("SELECT count(*) FROM figures").fetchone()[0]
    # each exported fact carries its count of sources (Guangdong's 6G plans: three articles of their own)
    six_g = con.execute(f"SELECT DISTINCT corroboration FROM {reader}('{tmp_path / 'out' / ('priorities.' + fmt)}') "
                        "WHERE region = '440000' AND industry = '6g'").fetchall()
    assert six_g == [(3,)]


def test_store_counts_kept_apart_read_as_counts_on_rows(tmp_path, db, shared, monkeypatch):
    """A fact stated by many rows keeps its count once (fact_sources): every reader gives it as before."""
    from nqpf.scale import sources

    monkeypatch.setattr(sources, "SPREAD_ROWS", 0)  # every key kept apart
    apart = str(tmp_path / "apart.duckdb")
    assert nqpf("ingest", str(shared / "seeds"), "--db", apart)[0] == 0

    def read(path: str) -> dict:
        _, out, _ = nqpf("region", "Guangdong", "--db", path, "--format", "json")
        found = json.loads(out)
        _, facts, _ = nqpf("facts", "--type", "quotes", "--db", path, "--format", "json")
        return {"priorities": sorted((r["industry"], r["evidence"], r["corroboration"]) for r in found["priorities"]),
                "industries": [(r["industry"], r["corroboration"]) for r in found["industries"]],
                "quotes": sorted((r["speaker"], r["text"], r["corroboration"]) for r in json.loads(facts))}

    assert read(apart) == read(db)
    assert any(c == 3 for _, _, c in read(apart)["priorities"])
    con = duckdb.connect(apart, read_only=True)
    assert con.execute("SELECT count(*) FROM priorities WHERE corroboration IS NOT NULL").fetchone()[0] == 0
    con.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["region", "Shanxii"], "did you mean Shanxi (140000) or Shaanxi (610000)?"),
        (["region", "Suzhou"], "is ambiguous: did you mean Suzhou (320500, Jiangsu) or Suzhou (341300, Anhui)?"),
        (["industry", "robot"], "unknown industry 'robot': did you mean industrial_robots?"),
        (["compare", "Anhui"], "compare needs at least two regions"),
        (["sql", "DELETE FROM figures"], "read-only"),
        (["sql", "COPY figures TO 'leak.csv'"], "file system operations are disabled"),
        (["sql", "ATTACH 'other.duckdb'"], "file system operations are disabled"),
        (["sql", "SELECT * FROM read_csv('/etc/passwd')"], "file system operations are disabled"),
        (["sql", "SELEC 1"], "SQL error"),
    ],
)
def test_store_bad_arguments_get_one_clear_line(db, args, message):
    code, out, err = nqpf(*args, "--db", db)
    assert code == 1
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def _assert_untouched(path: Path, args: list[str], message: str) -> None:
    before = path.read_bytes()
    for command in (args, ["regions"]):
        code, _, err = nqpf(*command, "--db", str(path))
        assert code == 1 and message in err and err.count("\n") == 1, err
    assert path.read_bytes() == before


def test_store_corrupt_file_is_refused_and_kept(tmp_path, shared):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(os.urandom(20000))
    _assert_untouched(junk, ["ingest", str(shared / "seeds")], "not a DuckDB database, or it is corrupt")


def test_store_newer_schema_is_refused_and_kept(tmp_path, shared, db):
    newer = tmp_path / "newer.duckdb"
    newer.write_bytes(Path(db).read_bytes())
    con = duckdb.connect(str(newer))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    _assert_untouched(newer, ["ingest", str(shared / "seeds")], "schema version 99, newer than this nqpf")


def test_store_locked_database_is_a_clear_error(db):
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({db!r}); "
                               "print('ready', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        code, _, err = nqpf("regions", "--db", db)
        assert code == 1 and "in use by another process" in err
    finally:
        holder.kill()
        holder.wait()


def test_store_missing_database_is_not_created_by_a_query(tmp_path):
    code, _, err = nqpf("regions", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no database here" in err and not (tmp_path / "none.duckdb").exists()


def test_store_reprocess_reextracts_outdated_documents(tmp_path, db):
    copy = tmp_path / "old.duckdb"
    copy.write_bytes(Path(db).read_bytes())
    con = duckdb.connect(str(copy))
    figures = con.execute("SELECT count(*) FROM figures").fetchone()[0]
    con.execute("UPDATE documents SET extractor_version = 'old' WHERE name LIKE '000%'")
    con.close()
    code, out, _ = nqpf("reprocess", "--db", str(copy))
    assert code == 0 and out.startswith("documents: 1 re-extracted, 4 already current")
    con = duckdb.connect(str(copy), read_only=True)
    assert con.execute("SELECT count(*) FROM figures").fetchone()[0] == figures
    assert con.execute("SELECT count(DISTINCT extractor_version) FROM documents").fetchone()[0] == 1


def _corpus(tmp_path: Path, seeds: list[Path], copies: int) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for n in range(copies):
            seed = seeds[n % len(seeds)]
            text = seed.read_text(encoding="utf-8") + f"\nCopy {n}."
            out.write(json.dumps({"id": f"{seed.stem}-{n}", "text": text}) + "\n")
    return corpus


def _counts(path: str) -> dict[str, int]:
    con = duckdb.connect(path, read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("documents", "mentions", "priorities", "figures", "quotes", "organizations")}
    finally:
        con.close()


def test_store_kill_9_during_ingest_then_rerun_gives_clean_counts(tmp_path, seeds):
    corpus = _corpus(tmp_path, seeds, 400)
    clean, killed = str(tmp_path / "clean.duckdb"), str(tmp_path / "killed.duckdb")
    command = [sys.executable, "-m", "nqpf", "ingest", str(corpus), "--batch-size", "10", "--db"]
    subprocess.run([*command, clean], check=True, capture_output=True)
    proc = subprocess.Popen([*command, killed], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if Path(killed).exists() and time.time() > deadline - 57:  # let it commit a few batches
            break
    proc.kill()
    proc.wait()
    partial = _counts(killed)
    assert partial["documents"] < 400, "the ingest finished before it could be killed"
    con = duckdb.connect(killed, read_only=True)
    orphans = con.execute("""SELECT count(*) FROM (SELECT doc_id FROM figures UNION ALL SELECT doc_id FROM priorities
                             UNION ALL SELECT doc_id FROM mentions) f
                             WHERE doc_id NOT IN (SELECT id FROM documents)""").fetchone()[0]
    factless = con.execute("SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM mentions)").fetchone()[0]
    con.close()
    assert orphans == 0 and factless == 0
    subprocess.run([*command, killed], check=True, capture_output=True)
    assert _counts(killed) == _counts(clean)


def test_store_full_disk_is_a_clear_error_and_keeps_stored_data(tiny_disk, tmp_path, seeds):
    db = str(tiny_disk / "full.duckdb")
    code, _, err = nqpf("ingest", str(seeds[0].parent), "--db", db)
    assert code == 0, err
    code, _, err = nqpf("ingest", str(_corpus(tmp_path, seeds, 300)), "--db", db, "--batch-size", "20")
    assert code == 1 and "disk is full" in err and err.count("\n") == 1
    code, out, _ = nqpf("sql", "SELECT count(*) AS n FROM documents", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["n"] >= 5


def test_store_old_schema_migrates_forward_and_keeps_data(tmp_path, db, shared):
    old = tmp_path / "v1.duckdb"
    old.write_bytes(Path(db).read_bytes())
    con = duckdb.connect(str(old))
    for table in ("index_runs", "index_scores", "index_subscores", "index_weights", "doc_signatures", "doc_bands",
                  "watch_seen", "superseded_facts", "pending_recount", "index_intervals", "fact_sources"):
        con.execute(f"DROP TABLE {table}")
    for table, column in (("documents", "cluster_id"), ("documents", "superseded_by"), ("priorities", "corroboration"),
                          ("figures", "corroboration"), ("quotes", "corroboration"), ("figures", "metric"),
                          ("figures", "industry"),
                          *((t, c) for t in ("priorities", "figures", "quotes")
                            for c in ("fact_key", "sentence_key", "source_label"))):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("UPDATE documents SET extractor_version = 'nqpf-extract/0.2.0'")  # as stored before metrics
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    con.close()
    code, _, err = nqpf("regions", "--db", str(old))
    assert code == 1 and "schema version 1" in err  # a reader never migrates
    code, out, err = nqpf("ingest", str(shared / "seeds"), "--db", str(old))
    assert code == 0 and "0 new, 5 unchanged" in out, err
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == documents
    # the upgrade's first ingest gave every stored document its band keys and clusters, so later
    # ingests only look up the new documents' keys
    assert con.execute("SELECT count(DISTINCT doc_id) FROM doc_bands").fetchone()[0] == documents
    assert con.execute("SELECT count(*) FROM documents WHERE cluster_id IS NULL").fetchone()[0] == 0
    # and counted every fact's sources, on its rows or once in fact_sources, never both
    for table in ("priorities", "figures", "quotes"):
        assert con.execute(f"SELECT count(*) FROM {table} t LEFT JOIN fact_sources s ON s.fact_table = '{table}' "
                           "AND s.fact_key = t.fact_key WHERE coalesce(t.corroboration, s.sources) IS NULL "
                           "OR coalesce(t.corroboration, s.sources) < 1 "
                           "OR (t.corroboration IS NOT NULL AND s.sources IS NOT NULL)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM (SELECT fact_table, fact_key FROM fact_sources GROUP BY ALL "
                       "HAVING count(*) > 1)").fetchone()[0] == 0
    # the figures stored before have no metric yet; reprocess extracts them again and fills it in
    assert con.execute("SELECT count(*) FROM figures WHERE metric IS NOT NULL").fetchone()[0] == 0
    con.close()
    code, out, err = nqpf("reprocess", "--db", str(old))
    assert code == 0, err
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("SELECT count(*) FROM figures WHERE metric IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM figures WHERE metric = 'rd_intensity'").fetchone()[0] >= 1
    assert con.execute("SELECT count(*) FROM index_scores").fetchone()[0] == 0
