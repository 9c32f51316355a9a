"""Incremental near-duplicates: however a corpus arrives (one ingest, fifty small ones, interrupted
by kill -9), the stored clusters and corroboration counts are those computed from scratch."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import numpy as np
import pytest
from click.testing import CliRunner

from nqpf.cli import main
from nqpf.scale.minhash import clusters

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from make_corpus import generate  # noqa: E402


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def shuffled_corpus(n: int, seed: int = 13) -> list[dict]:
    """Generated documents with a quarter planted near-copies, in random order: copies arrive
    before their originals, so later ingests merge clusters and change their ids."""
    rows = [record for record, _ in generate(n, dup_share=0.25, seed=seed)]
    random.Random(seed).shuffle(rows)
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


_WORD = re.compile(r"\W+")


def _normal(text: str | None) -> str:
    return _WORD.sub(" ", (text or "").lower()).strip()


def _significant(value: float) -> float:
    return value if value == 0 or not np.isfinite(value) else round(value, 3 - int(np.floor(np.log10(abs(value)))))


REFERENCE_KEYS = {
    "priorities": ("region, industry", lambda r: r),
    "figures": ("region, unit, year, value", lambda r: (*r[:3], _significant(r[3]))),
    "quotes": ("speaker, text", lambda r: (r[0], _normal(r[1])[:200])),
}


def from_scratch(db: str) -> dict[str, dict]:
    """Cluster ids by datasketch's LSH over every stored signature, and each fact's independent
    sources by union-find over its occurrences, in Python, as the first version computed them."""
    con = duckdb.connect(db, read_only=True)
    try:
        stored = con.execute("SELECT doc_id, minhash FROM doc_signatures ORDER BY doc_id").fetchall()
        cluster = clusters((d, np.asarray(v, dtype=np.uint64)) for d, v in stored)
        counts = {}
        for table, (columns, key) in REFERENCE_KEYS.items():
            rows = con.execute(f"SELECT doc_id, ev_start, ev_end, evidence, {columns} FROM {table}").fetchall()
            groups = defaultdict(list)
            for row in rows:
                groups[key(row[4:])].append(row)
            for group in groups.values():
                n = _sources([(cluster[r[0]], _normal(r[3])) for r in group])
                counts.update({(table, *r[:3], *r[4:]): n for r in group})
        return {"clusters": cluster, "corroboration": counts}
    finally:
        con.close()


def _sources(occurrences: list[tuple[str, str]]) -> int:
    parent = list(range(len(occurrences)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (cluster, sentence) in enumerate(occurrences):
        for link in (("c", cluster), ("s", sentence)):
            if link in first:
                parent[find(i)] = find(first[link])
            else:
                first[link] = i
    return len({find(i) for i in range(len(occurrences))})


def stored(db: str) -> dict[str, dict]:
    con = duckdb.connect(db, read_only=True)
    try:
        cluster = dict(con.execute("SELECT id, cluster_id FROM documents").fetchall())
        counts = {}
        for table, (columns, _) in REFERENCE_KEYS.items():
            # a fact is its document, evidence span and key: one sentence may state several
            counts.update({(table, *r[1:]): r[0] for r in con.execute(
                f"SELECT coalesce(t.corroboration, s.sources), doc_id, ev_start, ev_end, {columns} FROM {table} t "
                f"LEFT JOIN fact_sources s "
                f"ON s.fact_table = '{table}' AND s.fact_key = t.fact_key").fetchall()})
        return {"clusters": cluster, "corroboration": counts}
    finally:
        con.close()


def ingest_in_batches(tmp_path, db: str, rows: list[dict], size: int) -> None:
    """``rows`` ingested into ``db`` as a user would, ``size`` documents an ingest."""
    for start in range(0, len(rows), size):
        code, _, err = nqpf("ingest", str(write_jsonl(tmp_path / "batch.jsonl", rows[start:start + size])), "--db", db)
        assert code == 0, err


def keep_counts(monkeypatch, spread: str) -> None:
    """``apart``: keys of more than 3 rows keep their counts in fact_sources, moved there as they grow
    (by default only keys of more than 128 rows, which the corpora here do not have)."""
    from nqpf.scale import sources

    if spread == "apart":
        monkeypatch.setattr(sources, "SPREAD_ROWS", 3)


@pytest.mark.parametrize("spread", ["on rows", "apart"])
@pytest.mark.parametrize("path", ["add", "recount"])
@pytest.mark.parametrize("batches", [1, 50])
def test_scale_incremental_equals_from_scratch(tmp_path, monkeypatch, batches, path, spread):
    from nqpf.scale import sources

    if path == "recount":  # every update counts its keys again from all their rows
        monkeypatch.setattr(sources, "ADD_LIMIT", 0)
    keep_counts(monkeypatch, spread)
    rows = shuffled_corpus(400)
    db = str(tmp_path / "grown.duckdb")
    ingest_in_batches(tmp_path, db, rows, -(-len(rows) // batches))
    got, expected = stored(db), from_scratch(db)
    assert len(set(expected["clusters"].values())) < len(expected["clusters"]) - 50  # copies were planted
    assert got["clusters"] == expected["clusters"]
    assert got["corroboration"] == expected["corroboration"]
    assert any(n > 1 for n in got["corroboration"].values())
    con = duckdb.connect(db, read_only=True)
    apart = con.execute("SELECT count(*) FROM fact_sources").fetchone()[0]
    con.close()
    assert (apart > 0) == (spread == "apart")


def _clustered_copies(db: str) -> list[str]:
    """Documents of clusters of three or more, the cluster's own id first."""
    con = duckdb.connect(db, read_only=True)
    try:
        return [r[0] for r in con.execute("""
            SELECT id FROM documents WHERE cluster_id IN (
                SELECT cluster_id FROM documents GROUP BY cluster_id HAVING count(*) >= 3)
            ORDER BY id <> cluster_id, id""").fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("spread", ["on rows", "apart"])
def test_scale_forgetting_copies_splits_their_clusters_and_later_ingests_still_count_as_from_scratch(
        tmp_path, monkeypatch, spread):
    keep_counts(monkeypatch, spread)
    rows = shuffled_corpus(400, seed=5)
    db = str(tmp_path / "forgot.duckdb")
    ingest_in_batches(tmp_path, db, rows[:300], 60)
    copies = _clustered_copies(db)
    assert len(copies) >= 6
    for doc_id in copies[:4]:  # cluster ids go first: their clusters are made again, and may split
        code, out, err = nqpf("forget", doc_id, "--db", db)
        assert code == 0 and out.startswith("forgot 1 document"), err
    assert stored(db) == from_scratch(db)
    ingest_in_batches(tmp_path, db, rows[300:], 25)
    got, expected = stored(db), from_scratch(db)
    assert got == expected
    assert not set(copies[:4]) & set(got["clusters"])


@pytest.mark.parametrize("spread", ["on rows", "apart"])
@pytest.mark.parametrize("outdated", ["half", "all"])
def test_scale_reprocessing_keeps_the_counts_of_a_from_scratch_clustering(tmp_path, monkeypatch, outdated, spread):
    keep_counts(monkeypatch, spread)
    rows = shuffled_corpus(200, seed=8)
    db = str(tmp_path / "again.duckdb")
    ingest_in_batches(tmp_path, db, rows, 50)
    before = stored(db)
    if outdated == "half":  # as after an upgrade that changed the extraction of some documents only
        con = duckdb.connect(db)
        con.execute("UPDATE documents SET extractor_version = 'old' WHERE hash(id) % 2 = 0")
        con.close()
    code, out, err = nqpf("reprocess", *(["--all"] if outdated == "all" else []), "--db", db)
    assert code == 0, err
    after = stored(db)
    assert after == before == from_scratch(db)
    assert any(n > 1 for n in after["corroboration"].values())


def _text(rng: random.Random, words: int) -> str:
    pool = "river port grid fund rail park farm bank cloud chip tower bridge valley harbor forest lake".split()
    return " ".join(f"{rng.choice(pool)}{rng.randint(0, 999)}" for _ in range(words)) + "."


def test_scale_a_document_bridging_two_clusters_merges_them_and_recounts(tmp_path):
    """A and B share half their text (not near-duplicates); C contains nearly all of both, so
    all three become one source: a fact that A and B each state in their own words, and C does
    not state, goes from two sources to one."""
    rng = random.Random(2)
    x, y, z = _text(rng, 80), _text(rng, 170), _text(rng, 80)
    a_says, b_says = "Anhui plans to develop humanoid robots this year.", "Anhui will support humanoid robots."
    docs = {"a": f"{a_says}\n{x}\n{y}", "b": f"{y}\n{z}\n{b_says}", "c": f"{x}\n{y}\n{z}"}
    db = str(tmp_path / "bridge.duckdb")
    paths = {name: write_jsonl(tmp_path / f"{name}.jsonl", [{"id": name, "text": text}]) for name, text in docs.items()}

    def state() -> tuple[dict[str, str], list[int], dict[str, str]]:
        con = duckdb.connect(db, read_only=True)
        try:
            cluster = dict(con.execute("SELECT name, cluster_id FROM documents").fetchall())
            ids = dict(con.execute("SELECT name, id FROM documents").fetchall())
            counts = [r[0] for r in con.execute("""
                SELECT coalesce(p.corroboration, s.sources) FROM priorities p JOIN documents d ON d.id = p.doc_id
                LEFT JOIN fact_sources s ON s.fact_table = 'priorities' AND s.fact_key = p.fact_key
                WHERE region = '340000' AND industry = 'humanoid_robots' AND d.name IN ('a', 'b')""").fetchall()]
            return cluster, counts, ids
        finally:
            con.close()

    for name in ("a", "b"):
        assert nqpf("ingest", str(paths[name]), "--db", db)[0] == 0
    cluster, counts, ids = state()
    assert cluster["a"] != cluster["b"] and sorted(counts) == [2, 2]
    code, out, err = nqpf("ingest", str(paths["c"]), "--db", db)
    assert code == 0, err
    assert "2 of 3 documents are copies (1 distinct sources)" in out
    cluster, counts, ids = state()
    assert set(cluster.values()) == {min(ids.values())}
    assert sorted(counts) == [1, 1]
    assert stored(db) == from_scratch(db)
    # without C, A and B are two sources again: nothing C stated joins them, so only the split shows it
    code, out, err = nqpf("forget", ids["c"], "--db", db)
    assert code == 0, err
    cluster, counts, ids = state()
    assert cluster["a"] != cluster["b"] and sorted(counts) == [2, 2]
    assert stored(db) == from_scratch(db)


_INTERRUPTED = """
import pathlib, sys, time
from nqpf.scale import corroboration
from nqpf.store import writer
marker, phase = pathlib.Path(sys.argv[1]), sys.argv[2]
calls = {"n": 0}

def pause_after_second(real):
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            marker.touch()
            time.sleep(600)
        return result
    return wrapped

if phase == "storing":  # two batches of documents committed, none clustered yet
    writer._write = pause_after_second(writer._write)
else:  # in the clustering transaction, after two chunks of 40 documents
    unclustered = corroboration.unclustered
    corroboration.unclustered = lambda con, limit: unclustered(con, 40)
    corroboration.cluster_chunk = pause_after_second(corroboration.cluster_chunk)
from nqpf.cli import main
main(sys.argv[3:], prog_name="nqpf")
"""


@pytest.mark.parametrize("phase", ["storing", "clustering"])
def test_scale_kill_9_during_an_incremental_ingest_then_rerun_gives_the_uninterrupted_result(tmp_path, phase):
    rows = shuffled_corpus(360, seed=21)
    first, rest = write_jsonl(tmp_path / "first.jsonl", rows[:200]), write_jsonl(tmp_path / "rest.jsonl", rows[200:])
    db = str(tmp_path / "killed.duckdb")
    assert nqpf("ingest", str(first), "--db", db)[0] == 0
    marker = tmp_path / "paused"
    args = ["ingest", str(rest), "--db", db, "--batch-size", "40"]
    proc = subprocess.Popen([sys.executable, "-c", _INTERRUPTED, str(marker), phase, *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 120
    while not marker.exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert marker.exists(), proc.stderr.read().decode() if proc.poll() is not None else "never paused"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    code, out, err = nqpf(*args)
    assert code == 0, err
    clean = str(tmp_path / "clean.duckdb")
    for path in (first, rest):
        assert nqpf("ingest", str(path), "--db", clean)[0] == 0
    assert stored(db) == stored(clean) == from_scratch(clean)


def test_signatures_and_banding_equal_datasketchs():
    from datasketch import MinHash, MinHashLSH

    from nqpf.scale import minhash
    from nqpf.scale.bands import banding

    texts = ["Anhui will develop quantum computing and new energy vehicles in 2025.",
             "安徽省将加快发展量子科技和新能源汽车产业，力争产值增长百分之十。", "", "one two three",
             " ".join(f"word{n}" for n in range(3000))]
    for text in texts:
        reference = MinHash(num_perm=minhash.NUM_PERM, hashfunc=int, seed=1, scheme=minhash.SCHEME)
        reference.update_batch(minhash._shingle_hashes(text))
        assert (minhash.signature(text) == reference.hashvalues.astype(np.uint64)).all(), text[:20]
    lsh = MinHashLSH(threshold=minhash.DEFAULT_THRESHOLD, num_perm=minhash.NUM_PERM)
    assert banding(minhash.DEFAULT_THRESHOLD) == (lsh.b, lsh.r)
    assert banding(0.5) == (MinHashLSH(threshold=0.5, num_perm=minhash.NUM_PERM).b,
                            MinHashLSH(threshold=0.5, num_perm=minhash.NUM_PERM).r)


def test_an_update_that_runs_out_of_its_memory_bound_runs_again_without_it(tmp_path, monkeypatch):
    from nqpf.store import database

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{n}", "text": f"Anhui will develop quantum computing {n}. "
                                          f"Hefei produced {n} thousand vehicles in 2024."}) + "\n"
                              for n in range(60)), encoding="utf-8")
    # far too little for the update and for the rewrite in region order that follows it
    monkeypatch.setattr(database, "MEMORY_BASE", 256 * 1024)
    monkeypatch.setattr(database, "MEMORY_PER_DOCUMENT", 0)
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(tmp_path / "m.duckdb")])
    assert result.exit_code == 0, result.output
    assert "60 new" in result.stdout and "near-duplicates:" in result.stdout
