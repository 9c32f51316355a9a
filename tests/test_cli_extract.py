"""The ``nqpf extract`` command as a user runs it: scores on the seeds, formats, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NQPF = [sys.executable, "-m", "nqpf"]
THRESHOLDS = {"regions": 0.95, "priorities": 0.85, "figures": 0.90, "figures_strict": 0.75, "quotes": 0.90}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([*NQPF, *args], input=stdin, capture_output=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def seed_scores(shared, seeds, tmp_path_factory):
    out = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    done = run("extract", *map(str, seeds), "--format", "jsonl")
    assert done.returncode == 0, done.stderr.decode()
    out.write_bytes(done.stdout)
    scored = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(out),
                             str(shared / "gold" / "seeds"), "--json"], capture_output=True, check=True)
    return json.loads(scored.stdout)


@pytest.mark.parametrize("task", sorted(THRESHOLDS))
def test_cli_extract_meets_seed_thresholds(seed_scores, task):
    assert seed_scores["docs_predicted"] == 5
    assert seed_scores[task]["f1"] >= THRESHOLDS[task], seed_scores[task]


def test_cli_extract_jsonl_follows_the_contract(seeds):
    done = run("extract", str(seeds[0]))
    record = json.loads(done.stdout.decode().splitlines()[0])
    for key in ("doc_id", "source", "title", "published", "language", "regions", "priorities", "figures",
                "quotes", "organizations"):
        assert key in record
    text = seeds[0].read_text(encoding="utf-8")
    for kind in ("priorities", "figures", "quotes"):
        for fact in record[kind]:
            ev = fact["evidence"]
            assert text[ev["start"]:ev["end"]] == ev["text"], (kind, fact)
    anhui_nev = [f for f in record["figures"] if f["region"] == "340000" and f["value"] == 868000]
    assert anhui_nev and anhui_nev[0]["year"] == 2023 and anhui_nev[0]["kind"] == "actual"


def test_cli_extract_table_has_a_section_per_document(seeds):
    done = run("extract", str(seeds[0]), str(seeds[3]), "--format", "table")
    out = done.stdout.decode()
    assert done.returncode == 0
    assert out.count("\n== ") + out.startswith("== ") == 2
    assert "Guangdong" in out and "6g" in out and "Priorities" in out and "Figures" in out


def test_cli_extract_json_is_one_array(seeds):
    done = run("extract", *map(str, seeds[:2]), "--format", "json")
    assert [d["doc_id"] for d in json.loads(done.stdout)] == [seeds[0].stem, seeds[1].stem]


def test_cli_extract_reads_stdin():
    done = run("extract", "-", stdin=b"date 2024-03-01\nShanxi plans to develop hydrogen energy this year.\n")
    record = json.loads(done.stdout)
    assert record["published"] == "2024-03-01"
    assert [(p["region"], p["industry"], p["year"]) for p in record["priorities"]] == [("140000", "hydrogen", 2024)]


def test_cli_extract_unknown_date_leaves_relative_years_unresolved():
    done = run("extract", "-", stdin=b"Last year, Hubei's output of chips rose 20 percent.\n")
    record = json.loads(done.stdout)
    assert record["published"] is None
    assert [(f["region"], f["value"], f["year"]) for f in record["figures"]] == [("420000", 20.0, None)]


def _bad_inputs(tmp: Path) -> dict[str, str]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "junk.bin").write_bytes(bytes(range(256)) * 8 + b"\x00\x00\xff\xfe\x00")
    (tmp / "bad.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntruncated")
    (tmp / "corpus.jsonl").write_text('{"id": "ok", "text": "Fujian will support hydrogen."}\nnot json\n')
    return {
        str(tmp / "missing.txt"): "no such file",
        str(tmp / "empty.txt"): "empty",
        str(tmp / "junk.bin"): "binary",
        str(tmp / "bad.pdf"): "PDF",
        str(tmp / "corpus.jsonl") + ":2": "not JSON",
    }


def test_cli_extract_bad_inputs_one_line_each_and_exit_1(tmp_path, seeds):
    expected = _bad_inputs(tmp_path)
    inputs = [p for p in expected if not p.endswith(":2")] + [str(tmp_path / "corpus.jsonl"), str(seeds[0])]
    done = run("extract", *inputs)
    err = done.stderr.decode()
    assert done.returncode == 1
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == len(expected), err
    for source, reason in expected.items():
        assert any(source in line and reason.lower() in line.lower() for line in lines), (source, err)
    ids = [json.loads(line)["doc_id"] for line in done.stdout.decode().splitlines()]
    assert ids == ["ok", seeds[0].stem]  # every good input still processed


def test_cli_extract_malformed_html_still_extracts(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><div><p>Sichuan has cultivated a new display industry<p>unclosed <b>tags")
    done = run("extract", str(page))
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["priorities"][0]["industry"] == "new_display"


def test_cli_extract_size_limit_is_a_clear_error(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Anhui will develop new materials. " * 2000)
    done = run("extract", str(big), "--max-bytes", "1000")
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1 and "limit" in done.stderr.decode()


def test_cli_extract_demo_corpus_runs_clean():
    corpus = Path(__file__).resolve().parents[1] / "demo" / "corpus"
    done = run("extract", str(corpus), "--format", "table")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().count("== ") >= 4
