"""The benchmark scripts still run (on tiny sizes): `make bench` must not rot between releases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize(
    ("script", "args", "expect"),
    [
        ("extract.py", ["--docs", "200"], "documents/s"),
        ("ingest.py", ["--docs", "20"], "documents/s"),
        ("queries.py", ["--figures", "2000", "--priorities", "1000", "--runs", "1"], "worst median"),
        ("index.py", ["--draws", "20", "--runs", "2"], "index uncertainty"),
        ("make_corpus.py", ["5", "{tmp}/corpus.jsonl"], "wrote 5 documents"),
        ("longtext.py", ["--sizes-mb", "0.01,0.02", "--copies", "1,2"], "worst per-character slowdown"),
        ("web.py", ["--figures", "2000", "--priorities", "1000", "--requests", "5", "--load-requests", "40",
                    "--clients", "4", "--no-browser"], "requests from"),
        ("startup.py", ["--docs", "30", "--runs", "1"], "start-up:"),
    ],
)
def test_bench_scripts_run(tmp_path, seeds, script, args, expect):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if script in ("extract.py", "ingest.py"):
        args += ["--seeds", str(seeds[0].parent)]
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert expect in done.stdout
