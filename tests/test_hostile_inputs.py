"""Hostile and odd inputs to the local engine: each is one clear line, and every other input is kept.

Lone surrogates in JSONL, FIFOs and devices, control characters and undecodable bytes in file
names, HTML nested past the parser's limit, damaged DOCX files, and a corrupt database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

NQPF = [sys.executable, "-m", "nqpf"]


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command in its own process: a hang shows as a timeout, not a stuck test run."""
    return subprocess.run([*NQPF, *args], capture_output=True, text=True, timeout=timeout)


def _count(db: Path, table: str = "documents") -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def surrogate_corpus(tmp_path: Path) -> Path:
    good = [{"id": "a", "text": "Anhui's NEV output reached 100 billion yuan in 2024."},
            {"id": "c", "text": "Jiangsu will develop 6G networks in 2025."}]
    lines = [json.dumps(good[0]), '{"id": "b", "text": "Hefei \\ud800 will build chips."}',
             '{"id": "d", "text": "Shanghai AI.", "title": "broken \\udfff title"}', json.dumps(good[1])]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("batch_size", ["1", "100"])
def test_hostile_lone_surrogate_is_one_bad_record_and_the_batch_is_stored(tmp_path, surrogate_corpus, batch_size):
    db = tmp_path / "s.duckdb"
    done = run("ingest", str(surrogate_corpus), "--db", str(db), "--batch-size", batch_size)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"nqpf: {surrogate_corpus}:2: text is not valid Unicode: lone surrogate U+D800 at character 6",
        f"nqpf: {surrogate_corpus}:3: title is not valid Unicode: lone surrogate U+DFFF at character 7",
    ]
    assert done.stdout.splitlines()[0] == "documents: 2 new, 0 unchanged, 2 failed; facts added: 4"
    assert _count(db) == 2


def test_hostile_lone_surrogate_extract_goes_on_to_later_lines(surrogate_corpus):
    done = run("extract", str(surrogate_corpus), "--format", "jsonl")
    assert done.returncode == 1
    assert [json.loads(line)["doc_id"] for line in done.stdout.splitlines()] == ["a", "c"]
    assert "internal error" not in done.stderr and len(done.stderr.splitlines()) == 2


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_hostile_fifo_argument_is_refused_without_waiting(tmp_path, command):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    extra = ["--db", str(tmp_path / "f.duckdb")] if command == "ingest" else []
    done = run(command, str(fifo), *extra, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == f"nqpf: {fifo}: not a regular file or directory (a FIFO)"


def test_hostile_device_argument_is_refused():
    done = run("extract", "/dev/zero", timeout=60)
    assert (done.returncode, done.stderr.strip()) == (1, "nqpf: /dev/zero: not a regular file or directory (a device)")


def test_hostile_fifo_inside_a_directory_is_skipped_with_a_line(tmp_path, seeds):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_bytes(seeds[0].read_bytes())
    os.mkfifo(corpus / "stuck.txt")
    done = run("extract", str(corpus), "--format", "jsonl", timeout=60)
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr.strip() == f"nqpf: {corpus / 'stuck.txt'}: skipped: a FIFO, not a regular file"


def test_hostile_file_names_are_printed_escaped_and_stored_as_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    forged = "x\nnqpf: everything is fine: see.txt"
    (corpus / forged).write_text("", encoding="utf-8")  # empty: reported, with its name
    raw = os.fsencode(str(corpus)) + b"/caf\xff\x1b[31m.txt"
    with open(raw, "wb") as handle:
        handle.write(b"Hubei will support humanoid robots in 2025.")
    db = tmp_path / "n.duckdb"
    done = run("ingest", str(corpus), "--db", str(db))
    assert done.stderr.splitlines() == [f"nqpf: {corpus}/x\\nnqpf: everything is fine: see.txt: empty document"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT name, source FROM documents").fetchall() == [
            ("caf\\xff\\x1b[31m", f"{corpus}/caf\\xff\\x1b[31m.txt")]


def test_hostile_html_nested_past_the_parser_limit_says_so(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + "<p>Anhui will build 6G networks in 2025.</p>"
                    + "</div>" * 5000 + "</body></html>", encoding="utf-8")
    done = run("extract", str(page))
    assert done.returncode == 1
    assert done.stderr.strip() == f"nqpf: {page}: HTML is nested deeper than the parser's limit of 2048 levels; " \
                                  "no text read"


def test_hostile_html_nested_300_levels_is_still_read(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 300 + "<p>Anhui will build 6G networks in 2025.</p>"
                    + "</div>" * 300 + "</body></html>", encoding="utf-8")
    done = run("extract", str(page), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["priorities"][0]["region"] == "340000"


def test_hostile_damaged_docx_is_one_line_and_the_rest_is_read(tmp_path, seeds):
    import docx

    good = docx.Document()
    good.add_paragraph("2025年安徽省政府工作报告")
    good.add_paragraph("我们将加快发展人工智能、量子信息等产业。")
    good.save(tmp_path / "report.docx")
    data = (tmp_path / "report.docx").read_bytes()
    (tmp_path / "truncated.docx").write_bytes(data[: len(data) // 2])
    (tmp_path / "not-a-zip.docx").write_bytes(b"this is not a word document")
    done = run("extract", str(tmp_path), "--format", "jsonl")
    assert done.returncode == 1
    assert [json.loads(line)["title"] for line in done.stdout.splitlines()] == ["2025年安徽省政府工作报告"]
    named = sorted(line.split(": broken DOCX: ")[0] for line in done.stderr.splitlines())
    assert named == [f"nqpf: {tmp_path / 'not-a-zip.docx'}", f"nqpf: {tmp_path / 'truncated.docx'}"]


def test_hostile_corruption_found_mid_run_does_not_claim_nothing_changed(tmp_path, seeds, monkeypatch):
    """Corruption met by the second batch, after the first has committed: the message must say that
    the first batch stays (it does), never "nothing was changed"."""
    from nqpf.ingest import read_inputs
    from nqpf.store import open_database, writer

    calls = {"documents": 0}
    real_insert = writer.insert_columns

    def insert_failing_on_the_second_batch(con, table, *args):
        if table == "documents":
            calls["documents"] += 1
            if calls["documents"] == 2:
                raise duckdb.IOException("Corrupt database file: block checksum mismatch")
        return real_insert(con, table, *args)

    monkeypatch.setattr(writer, "insert_columns", insert_failing_on_the_second_batch)
    db = tmp_path / "c.duckdb"
    con = open_database(str(db), write=True)
    with pytest.raises(writer.NqpfError) as failure:
        writer.ingest(con, read_inputs([str(s) for s in seeds[:3]]), batch_size=1)
    con.close()
    assert "nothing was changed" not in str(failure.value)
    assert str(failure.value) == ("could not store a batch of 1 documents: not a DuckDB database, or it is corrupt; "
                                  "the 1 documents stored before it are kept")
    assert _count(db) == 1


def test_hostile_serve_on_a_public_address_warns_there_is_no_authentication(tmp_path, monkeypatch, seeds):
    from click.testing import CliRunner

    import nqpf.api.server
    from nqpf.cli import main

    db = tmp_path / "x.duckdb"
    assert run("ingest", str(seeds[0]), "--db", str(db)).returncode == 0
    served = []
    monkeypatch.setattr(nqpf.api.server, "serve", lambda db, host, port, **kwargs: served.append(host))
    stderr = {host: CliRunner().invoke(main, ["serve", "--db", str(db), "--host", host]).stderr
              for host in ("0.0.0.0", "192.0.2.7", "127.0.0.1", "::1", "localhost")}
    assert served == list(stderr)
    assert all("no authentication" in stderr[h] for h in ("0.0.0.0", "192.0.2.7"))
    assert all("no authentication" not in stderr[h] for h in ("127.0.0.1", "::1", "localhost"))
