"""Start-up of short commands: the wall time of read commands as a user runs them, each in a new
process, on a database of 20,000 generated documents (as `nqpf ingest` stores them); and the floor
under them, Python importing DuckDB's engine and opening a connection, which no nqpf code
can go below.

Usage: python bench/startup.py [--db PATH] [--runs 15] [--src DIR]
``--src`` runs another checkout's ``src`` (on ``PYTHONPATH``) in turn with this one, to compare two
versions in the same minutes: the machine's speed drifts more than the difference.
``--techme`` (default: ``../shared/data/techme`` beside the checkout, where there is one) also times
``nqpf index compute`` on that panel, and the same computation run again in a process that has
already run it once (imports done): the difference is the command's start-up.
Targets (growth issue): ``nqpf region NAME`` <= 0.15 s wall on the 20k database; ``nqpf index compute``
<= 0.4 s plus its computation.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import generate  # noqa: E402

COMMANDS = {
    "nqpf region Anhui": ["region", "Anhui"],
    "nqpf region 340000 --format json": ["region", "340000", "--format", "json"],
    "nqpf regions": ["regions"],
    "nqpf industry nev": ["industry", "nev"],
}
FLOOR = "import _duckdb; _duckdb.connect(':memory:')"
INDEX = ["index", "compute", "--years", "2015-2023", "--no-store"]
# the index command twice in one process, printing the second run's seconds: its computation without imports
WARM = """
import contextlib, io, sys, time
from nqpf.cli import main
def run():
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(sys.argv[1:])
        except SystemExit as done:
            assert not done.code, done.code
run()
start = time.perf_counter()
run()
print(time.perf_counter() - start)
"""
SHARED_TECHME = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "techme"


def build(db: str, n_docs: int) -> None:
    """``n_docs`` generated documents ingested by one ``nqpf ingest`` into ``db``."""
    corpus = Path(db).with_suffix(".jsonl")
    corpus.write_text("".join(json.dumps(record) + "\n" for record, _ in generate(n_docs)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "nqpf", "ingest", str(corpus), "--db", db], check=True,
                   stdout=subprocess.DEVNULL)
    corpus.unlink()


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None,
                        help="Database to time on, generated there if there is none (default: a temporary one).")
    parser.add_argument("--docs", type=int, default=20_000, help="Documents of the generated database.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--src", default=None, help="Another checkout's src directory, timed in turn.")
    parser.add_argument("--techme", default=str(SHARED_TECHME) if SHARED_TECHME.is_dir() else None,
                        help="A TechMe panel directory, to time `nqpf index compute` on (default: ../shared's).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "startup.duckdb")
        if not Path(db).exists():
            build(db, args.docs)
        versions = {"this": dict(os.environ)}
        if args.src:
            versions["other"] = {**os.environ, "PYTHONPATH": str(Path(args.src).resolve())}
        runs: dict[tuple[str, str], list[float]] = {}
        programs = {**{label: [sys.executable, "-m", "nqpf", *cmd, "--db", db] for label, cmd in COMMANDS.items()},
                    "floor: Python, DuckDB's engine, a connection": [sys.executable, "-c", FLOOR]}
        index_label = "nqpf index compute (TechMe panel, 2015-2023)"
        if args.techme:
            programs[index_label] = [sys.executable, "-m", "nqpf", *INDEX, "--techme", args.techme]
        # these machines set PYTHONDONTWRITEBYTECODE, so a module edited since `make` compiled it would be
        # compiled again in every run (~0.1 s for a few modules): bring each version's bytecode up to date
        import nqpf

        for src in [Path(nqpf.__file__).resolve().parents[1], *([Path(args.src)] if args.src else [])]:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
        for env in versions.values():  # once each, so that every file is in the page cache
            for program in programs.values():
                wall(program, env)
        for _ in range(args.runs):
            for label, program in programs.items():
                for version, env in versions.items():
                    runs.setdefault((label, version), []).append(wall(program, env))
    print(f"{'command':52} {'version':8} {'median s':>9} {'min s':>7}")
    for (label, version), times in runs.items():
        print(f"{label:52} {version:8} {statistics.median(times):9.3f} {min(times):7.3f}")
    if args.techme:
        for version, env in versions.items():
            warm = [float(subprocess.run([sys.executable, "-c", WARM, *INDEX, "--techme", args.techme], env=env,
                                         check=True, capture_output=True, text=True).stdout)
                    for _ in range(max(3, args.runs // 3))]
            wall_median = statistics.median(runs[(index_label, version)])
            print(f"{'  its computation, imports done':52} {version:8} {statistics.median(warm):9.3f} {min(warm):7.3f}"
                  f"   start-up: {wall_median - statistics.median(warm):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
