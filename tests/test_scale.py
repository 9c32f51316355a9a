"""Corpus scale: the Dask engine gives the local engine's facts, resumes after kill -9, finds
planted near-duplicates, and counts corroboration by independent sources."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from click.testing import CliRunner

from nqpf.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from make_corpus import generate  # noqa: E402

TABLES = {
    "documents": "id, name, title, published, text, cluster_id",
    "priorities": "doc_id, region, industry, stage, year, ev_start, ev_end, corroboration",
    "figures": "doc_id, region, indicator, value, unit, year, kind, approx, ev_start, ev_end, corroboration",
    "quotes": "doc_id, speaker, role, region, text, corroboration",
    "organizations": "doc_id, name, region, ev_start",
    "mentions": "doc_id, region, mentions",
}


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def corpus(path: Path, n: int, dup_share: float = 0.1) -> dict[str, dict]:
    truth = {}
    with path.open("w", encoding="utf-8") as out:
        for record, facts in generate(n, dup_share=dup_share, seed=7):
            out.write(json.dumps(record) + "\n")
            truth[record["id"]] = facts
    return truth


def contents(db: str) -> dict[str, list[tuple]]:
    con = duckdb.connect(db, read_only=True)
    try:
        # a fact stated by many rows keeps its count in fact_sources
        counted = "coalesce(t.corroboration, s.sources)"
        return {t: sorted(con.execute(f"SELECT {cols.replace('corroboration', counted)} FROM {t} t "
                                      f"LEFT JOIN fact_sources s ON s.fact_table = '{t}' AND s.fact_key = t.fact_key"
                                      if "corroboration" in cols else f"SELECT {cols} FROM {t}").fetchall(), key=repr)
                for t, cols in TABLES.items()}
    finally:
        con.close()


def test_scale_dask_two_workers_equals_local_engine(tmp_path, seeds):
    path = tmp_path / "corpus.jsonl"
    corpus(path, 120)
    with path.open("a", encoding="utf-8") as out:  # real articles too, not only templates
        for seed in seeds:
            out.write(json.dumps({"id": seed.stem, "text": seed.read_text(encoding="utf-8")}) + "\n")
    local, dask = str(tmp_path / "local.duckdb"), str(tmp_path / "dask.duckdb")
    assert nqpf("ingest", str(path), "--db", local)[0] == 0
    code, out, err = nqpf("ingest", str(path), "--db", dask, "--engine", "dask", "--workers", "2",
                          "--partition-size", "20000")
    assert code == 0, err
    assert "partitions:" in out and "(0 resumed)" in out
    assert contents(dask) == contents(local)


def test_scale_kill_9_then_rerun_finishes_with_the_same_database(tmp_path):
    path = tmp_path / "corpus.jsonl"
    corpus(path, 1500)
    db, shards = str(tmp_path / "killed.duckdb"), tmp_path / "shards"
    command = [sys.executable, "-m", "nqpf", "ingest", str(path), "--db", db, "--engine", "dask", "--workers", "2",
               "--shards", str(shards), "--partition-size", "30000"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    manifest = shards / "manifest.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if manifest.exists() and len(manifest.read_text().splitlines()) >= 3:
            break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)  # the client and its cluster's worker processes
    proc.wait()
    done = len(manifest.read_text().splitlines())
    assert done >= 3
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    resumed = int(rerun.stdout.split(" resumed)")[0].rsplit("(", 1)[1])
    assert resumed >= done  # finished partitions were not extracted again
    clean = str(tmp_path / "clean.duckdb")
    assert nqpf("ingest", str(path), "--db", clean)[0] == 0
    assert contents(db) == contents(clean)


def test_scale_planted_near_duplicates_are_found(tmp_path):
    path = tmp_path / "corpus.jsonl"
    truth = corpus(path, 600, dup_share=0.15)
    db = str(tmp_path / "dups.duckdb")
    assert nqpf("ingest", str(path), "--db", db)[0] == 0
    con = duckdb.connect(db, read_only=True)
    cluster = dict(con.execute("SELECT name, cluster_id FROM documents").fetchall())
    con.close()

    def origin(doc: str) -> str:
        while truth[doc]["dup_of"]:
            doc = truth[doc]["dup_of"]
        return doc

    stored = sorted(cluster)  # an exact copy of another document is stored once
    predicted = {(a, b) for a, b in itertools.combinations(stored, 2) if cluster[a] == cluster[b]}
    planted = {(a, b) for a, b in itertools.combinations(stored, 2) if origin(a) == origin(b)}
    assert len(planted) > 50
    true_positives = len(predicted & planted)
    assert true_positives / len(planted) >= 0.95  # recall
    assert true_positives / max(1, len(predicted)) >= 0.95  # precision


def test_scale_corroboration_on_the_seeds(tmp_path, shared):
    db = str(tmp_path / "seeds.duckdb")
    assert nqpf("ingest", str(shared / "seeds"), "--db", db)[0] == 0
    con = duckdb.connect(db, read_only=True)
    # 001 and 004 carry the same paragraph quoting Wei Jianguo: one source, stated twice
    wei = con.execute("""SELECT count(DISTINCT doc_id), max(coalesce(t.corroboration, s.sources)) FROM quotes t
                         LEFT JOIN fact_sources s ON s.fact_table = 'quotes' AND s.fact_key = t.fact_key
                         WHERE speaker = 'Wei Jianguo' AND text LIKE '%follow the path of rapid development%'
                         """).fetchone()
    assert wei == (2, 1)
    # Guangdong's 6G plans are reported in three articles in their own words: three sources
    six_g = con.execute("""SELECT count(DISTINCT doc_id), max(coalesce(t.corroboration, s.sources))
                           FROM priorities t LEFT JOIN fact_sources s
                           ON s.fact_table = 'priorities' AND s.fact_key = t.fact_key
                           WHERE region = '440000' AND industry = '6g'""").fetchone()
    assert six_g == (3, 3)
    clusters = con.execute("SELECT count(DISTINCT cluster_id) FROM documents").fetchone()[0]
    con.close()
    assert clusters == 5  # sharing paragraphs does not make two articles near-duplicates


def test_scale_parquet_input_and_an_existing_scheduler(tmp_path):
    import logging

    import pyarrow as pa
    import pyarrow.parquet as pq
    from dask.distributed import LocalCluster

    records = [record for record, _ in generate(60, dup_share=0.0, seed=11)]
    table = pa.table({"id": [r["id"] for r in records], "text": [r["text"] for r in records],
                      "published": [r["published"] for r in records]})
    parquet = tmp_path / "corpus.parquet"
    pq.write_table(table, parquet, row_group_size=20)  # three partitions
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    local = str(tmp_path / "local.duckdb")
    assert nqpf("ingest", str(jsonl), "--db", local)[0] == 0
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        db = str(tmp_path / "parquet.duckdb")
        code, out, err = nqpf("ingest", str(parquet), "--db", db, "--engine", "dask", "--scheduler",
                              cluster.scheduler_address)
    assert code == 0, err
    assert "partitions: 3 (0 resumed)" in out
    assert contents(db) == contents(local)


def test_scale_dask_refuses_stdin_with_a_clear_error(tmp_path):
    code, _, err = nqpf("ingest", "-", "--db", str(tmp_path / "x.duckdb"), "--engine", "dask")
    assert code == 1 and "not standard input" in err and err.count("\n") == 1


def test_partitions_are_sized_for_the_corpus_and_the_workers(tmp_path):
    from nqpf.scale.partitions import DEFAULT_PARTITION_BYTES, MIN_PARTITION_BYTES, plan

    big = tmp_path / "big.jsonl"
    line = json.dumps({"id": "x", "text": "Anhui will develop quantum computing. " * 25}) + "\n"
    with big.open("w", encoding="utf-8") as out:
        for n in range(10_000):
            out.write(line.replace('"x"', f'"d{n}"'))
    size = big.stat().st_size  # about 10 MB
    for workers in (1, 2, 3):
        parts = plan([str(big)], max_bytes=size, workers=workers).partitions
        assert len(parts) >= 4 * workers  # a 4 MiB cut made 3 partitions, one worker doing two
        assert all(p.size <= DEFAULT_PARTITION_BYTES + len(line) for p in parts)
        assert sum(p.size for p in parts) == size
    small = tmp_path / "small.jsonl"
    small.write_text(line * 100, encoding="utf-8")  # 100 KB: one partition, not eight slivers
    assert len(plan([str(small)], max_bytes=size, workers=2).partitions) == 1
    assert all(p.size >= MIN_PARTITION_BYTES for p in plan([str(big)], max_bytes=size, workers=64).partitions[:-1])
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_text(f"Text {n} about Hubei.", encoding="utf-8")
    assert len(plan([str(folder)], max_bytes=size, workers=2).partitions) == 5  # a file each, spread
    # sizes given are kept
    assert len(plan([str(big)], max_bytes=size, workers=2, partition_bytes=DEFAULT_PARTITION_BYTES).partitions) == 3
    assert len(plan([str(folder)], max_bytes=size, workers=2, files_per_partition=200).partitions) == 1


def test_dask_workers_make_the_band_keys_and_the_client_only_looks_them_up(tmp_path, monkeypatch):
    from nqpf.scale import incremental

    def not_here(*args, **kwargs):
        raise AssertionError("the client made band keys the workers should have made")

    path = tmp_path / "corpus.jsonl"
    corpus(path, 150, dup_share=0.2)
    local, dask = str(tmp_path / "local.duckdb"), str(tmp_path / "dask.duckdb")
    assert nqpf("ingest", str(path), "--db", local)[0] == 0
    monkeypatch.setattr(incremental, "band_keys", not_here)  # the client's process only
    code, out, err = nqpf("ingest", str(path), "--db", dask, "--engine", "dask", "--workers", "2")
    assert code == 0, err
    assert contents(dask)["documents"] == contents(local)["documents"]  # the same clusters
    con = duckdb.connect(dask, read_only=True)
    try:
        per_document = con.execute("SELECT count(*) / count(DISTINCT doc_id) FROM doc_bands").fetchone()[0]
    finally:
        con.close()
    assert per_document == 18  # datasketch's banding for 0.6 and 128 permutations
