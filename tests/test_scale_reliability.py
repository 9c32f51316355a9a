"""The Dask engine under bad conditions: edited inputs, leftover shards, full disks, failing
workers, lone surrogates and named pipes. Each test is what a user sees: the CLI's output and
what the database holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from make_corpus import generate  # noqa: E402


def nqpf(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def nqpf_process(*args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    """The real command in its own process group, so that stderr holds everything the workers print
    too, and a hang is a failure rather than a stuck test run."""
    proc = subprocess.Popen([sys.executable, "-m", "nqpf", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"nqpf {' '.join(args)} did not finish in {timeout} s")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def records(n: int, seed: int = 3) -> list[dict]:
    return [record for record, _ in generate(n, dup_share=0.0, seed=seed)]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def stored_texts(db: str) -> set[str]:
    con = duckdb.connect(db, read_only=True)
    try:
        return {r[0] for r in con.execute("SELECT text FROM documents").fetchall()}
    finally:
        con.close()


def table(db: str, sql: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return sorted(con.execute(sql).fetchall(), key=repr)
    finally:
        con.close()


def same_length_edit(path: Path, line: int) -> str:
    """Change one letter of one record's text; the file keeps its length, so only content can tell."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    text = rows[line - 1]["text"]
    at = text.index("Report")
    rows[line - 1]["text"] = text[:at] + "Rexort" + text[at + 6:]
    write_jsonl(path, rows)
    return rows[line - 1]["text"]


DASK = ("--engine", "dask", "--workers", "1")


def test_scale_edited_input_is_extracted_again(tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(12))
    db = str(tmp_path / "edit.duckdb")
    code, out, err = nqpf("ingest", str(corpus), "--db", db, *DASK)
    assert code == 0 and "12 new" in out, err
    edited = same_length_edit(corpus, 5)
    code, out, err = nqpf("ingest", str(corpus), "--db", db, *DASK)
    assert code == 0, err
    assert "1 new, 11 unchanged" in out
    assert edited in stored_texts(db)


def test_scale_leftover_shard_of_an_edited_input_is_not_resumed(tmp_path, monkeypatch):
    from nqpf.errors import NqpfError
    from nqpf.scale import engine

    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(12))
    db, shards = tmp_path / "rebuilt.duckdb", str(tmp_path / "shards")

    def load_fails(*args, **kwargs):
        raise NqpfError("the load was interrupted")

    with monkeypatch.context() as patch:  # a run that extracted everything but never loaded: shards are left
        patch.setattr(engine, "load_shards", load_fails)
        assert nqpf("ingest", str(corpus), "--db", str(db), "--shards", shards, *DASK)[0] == 1
    edited = same_length_edit(corpus, 5)
    db.unlink()  # the database is deleted and rebuilt from the edited corpus
    code, out, err = nqpf("ingest", str(corpus), "--db", str(db), "--shards", shards, *DASK)
    assert code == 0, err
    assert "(0 resumed)" in out
    assert stored_texts(str(db)) == {r["text"] for r in map(json.loads, corpus.read_text().splitlines())}
    assert edited in stored_texts(str(db))


def test_scale_skipped_documents_are_checked_against_the_database_loaded(tmp_path, monkeypatch):
    """Workers do not extract documents the database already has; a shard made that way for a
    database since deleted must not be resumed for a new one, or those documents would be lost."""
    from nqpf.errors import NqpfError
    from nqpf.scale import engine

    rows = records(40)
    half, full = write_jsonl(tmp_path / "half.jsonl", rows[:20]), write_jsonl(tmp_path / "full.jsonl", rows)
    db, shards = tmp_path / "first.duckdb", str(tmp_path / "shards")
    assert nqpf("ingest", str(half), "--db", str(db))[0] == 0

    def load_fails(*args, **kwargs):
        raise NqpfError("the load was interrupted")

    with monkeypatch.context() as patch:
        patch.setattr(engine, "load_shards", load_fails)
        assert nqpf("ingest", str(full), "--db", str(db), "--shards", shards, *DASK)[0] == 1
    db.unlink()
    code, _, err = nqpf("ingest", str(full), "--db", str(db), "--shards", shards, *DASK)
    assert code == 0, err
    assert stored_texts(str(db)) == {r["text"] for r in rows}


def test_scale_shards_are_deleted_once_loaded(tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(30))
    db = tmp_path / "clean.duckdb"
    code, _, err = nqpf("ingest", str(corpus), "--db", str(db), *DASK, "--partition-size", "4096")
    assert code == 0, err
    assert not Path(f"{db}.shards").exists()  # the default work area is gone
    own = tmp_path / "mine"
    own.mkdir()
    (own / "notes.txt").write_text("not nqpf's\n", encoding="utf-8")
    code, _, err = nqpf("ingest", str(corpus), "--db", str(tmp_path / "other.duckdb"), "--shards", str(own), *DASK)
    assert code == 0, err
    assert sorted(p.name for p in own.iterdir()) == ["notes.txt"]  # only nqpf's own files are removed


def test_scale_full_disk_under_the_database_is_one_clear_line(tiny_disk, tmp_path, seeds):
    db = str(tiny_disk / "full.duckdb")
    assert nqpf("ingest", str(seeds[0].parent), "--db", db)[0] == 0
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(300))
    done = nqpf_process("ingest", str(corpus), "--db", db, *DASK, "--shards", str(tmp_path / "shards"))
    assert done.returncode == 1, done.stderr
    assert "the disk is full" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    code, out, _ = nqpf("sql", "SELECT count(*) AS n FROM documents", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)[0]["n"] >= 5  # what was stored before is intact


def test_scale_full_disk_under_the_shards_is_one_clear_line(tiny_disk, tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(1500))
    db = str(tmp_path / "db.duckdb")
    done = nqpf_process("ingest", str(corpus), "--db", db, *DASK, "--shards", str(tiny_disk / "shards"),
                        "--partition-size", "200000")
    assert done.returncode == 1, done.stderr
    assert "the disk is full" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def in_process_scheduler():
    """A cluster whose worker runs in this process, so that a test can patch what it runs."""
    import logging

    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.WARNING) as cluster:
        yield cluster.scheduler_address


def test_scale_failing_worker_is_one_line_without_traceback(tmp_path, monkeypatch, capfd, in_process_scheduler):
    from nqpf.extract import pipeline

    def broken(document):
        raise RuntimeError("extractor bug")

    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(5))
    monkeypatch.setattr(pipeline, "extract", broken)
    code, _, err = nqpf("ingest", str(corpus), "--db", str(tmp_path / "w.duckdb"), "--engine", "dask",
                        "--scheduler", in_process_scheduler)
    assert code == 2
    assert err.count("\n") == 1 and "a Dask worker failed on" in err and "RuntimeError: extractor bug" in err, err
    printed = capfd.readouterr().err
    assert "Traceback" not in printed and "Compute Failed" not in printed


def test_scale_input_edited_while_being_read_is_not_stored_under_its_old_content(tmp_path, monkeypatch,
                                                                                in_process_scheduler):
    from nqpf.scale import worker

    rows = records(6)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows[:5])
    read_partition = worker.read_partition

    def edited_meanwhile(part):
        with corpus.open("a", encoding="utf-8") as f:
            f.write(json.dumps(rows[5]) + "\n")
        yield from read_partition(part)

    db = str(tmp_path / "e.duckdb")
    with monkeypatch.context() as patch:
        patch.setattr(worker, "read_partition", edited_meanwhile)
        code, _, err = nqpf("ingest", str(corpus), "--db", db, "--engine", "dask", "--scheduler", in_process_scheduler)
    assert code == 1
    assert err == f"nqpf: {corpus}: changed while nqpf was reading it; run the ingest again\n"
    assert stored_texts(db) == set()
    code, out, err = nqpf("ingest", str(corpus), "--db", db, "--engine", "dask", "--scheduler", in_process_scheduler)
    assert code == 0 and "6 new" in out, err
    assert stored_texts(db) == {r["text"] for r in rows}


def test_scale_documents_skipped_by_a_false_match_are_extracted_after_all(tmp_path, monkeypatch, seeds,
                                                                         in_process_scheduler):
    """Workers skip documents whose 64-bit id prefix is stored; a prefix that matched by chance
    must not lose the document: the client checks each skipped id and has it extracted."""
    from nqpf.scale import worker

    db = str(tmp_path / "p.duckdb")
    assert nqpf("ingest", str(seeds[0]), "--db", db)[0] == 0  # something stored, so workers get ids
    monkeypatch.setattr(worker, "_probably_stored", lambda known, doc_id: known is not None)
    rows = records(8)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", rows)
    code, out, err = nqpf("ingest", str(corpus), "--db", db, "--engine", "dask", "--scheduler", in_process_scheduler)
    assert code == 0 and "8 new" in out, err
    assert {r["text"] for r in rows} <= stored_texts(db)


def test_scale_resumed_partition_still_reports_its_bad_records(tmp_path, monkeypatch):
    from nqpf.errors import NqpfError
    from nqpf.scale import engine

    lines = [json.dumps(r) for r in records(6)]
    lines[3] = "not json"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db, shards = str(tmp_path / "r.duckdb"), str(tmp_path / "shards")

    def load_fails(*args, **kwargs):
        raise NqpfError("the load was interrupted")

    with monkeypatch.context() as patch:
        patch.setattr(engine, "load_shards", load_fails)
        assert nqpf("ingest", str(corpus), "--db", db, "--shards", shards, *DASK)[0] == 1
    code, out, err = nqpf("ingest", str(corpus), "--db", db, "--shards", shards, *DASK)
    assert "(1 resumed)" in out and "5 new, 0 unchanged, 1 failed" in out
    assert code == 1 and err.startswith(f"nqpf: {corpus}:4: line 4 is not JSON") and err.count("\n") == 1, err


@pytest.mark.parametrize("field", ["text", "title", "id"])
def test_scale_lone_surrogate_is_one_bad_record(tmp_path, field):
    rows = records(40)
    lines = [json.dumps(r) for r in rows]
    bad = json.loads(lines[29])
    bad.setdefault(field, "x")
    lines[29] = json.dumps(bad).replace(json.dumps(bad[field]), json.dumps(bad[field])[:-1] + '\\ud800"', 1)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    code, out, err = nqpf("ingest", str(corpus), "--db", db, *DASK, "--partition-size", "4096")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"nqpf: {corpus}:30: ") and "not valid Unicode" in err, err
    assert "partitions: " in out and "39 new" in out  # the rest of that partition is stored too
    assert len(stored_texts(db)) == 39


def test_scale_errors_name_the_line_of_the_file_not_of_the_partition(tmp_path):
    lines = [json.dumps(r) for r in records(40)]
    lines[29] = '{"id": "cut short", "text": "Anhui will'
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = nqpf("ingest", str(corpus), "--db", str(tmp_path / "l.duckdb"), *DASK, "--partition-size", "4096")
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"nqpf: {corpus}:30: line 30 is not JSON"), err


def test_scale_fifo_argument_is_refused_not_waited_for(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(5))
    db = str(tmp_path / "f.duckdb")
    done = nqpf_process("ingest", str(fifo), str(corpus), "--db", db, *DASK, timeout=120)
    assert done.returncode == 1
    assert done.stderr == f"nqpf: {fifo}: not a regular file or directory (a FIFO)\n"
    assert "5 new" in done.stdout


def test_scale_fifo_inside_a_directory_is_skipped_with_a_line(tmp_path, seeds):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "article.txt").write_text(seeds[0].read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    db = str(tmp_path / "d.duckdb")
    done = nqpf_process("ingest", str(folder), "--db", db, *DASK, timeout=120)
    assert done.returncode == 1
    assert done.stderr == f"nqpf: {folder / 'pipe.txt'}: skipped: a FIFO, not a regular file\n"
    assert "1 new" in done.stdout
