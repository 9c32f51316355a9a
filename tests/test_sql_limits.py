"""`nqpf sql` is bounded: a time limit, a memory limit and a row cap, each with one clear line."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def db(tmp_path_factory, seeds) -> str:
    path = str(tmp_path_factory.mktemp("sql") / "seeds.duckdb")
    done = subprocess.run([sys.executable, "-m", "nqpf", "ingest", str(seeds[0]), "--db", path],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return path


def sql(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nqpf", "sql", *args, "--db", db], capture_output=True, text=True,
                          timeout=120)


def test_sql_a_query_past_the_memory_limit_stops_with_one_line(db):
    done = sql(db, "SELECT list(range) FROM range(2000000000)", "--memory-limit", "200MB")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: SQL stopped: it needs more than the ")
    assert done.stderr.rstrip().endswith("memory limit (set --memory-limit)") and len(done.stderr.splitlines()) == 1


def test_sql_a_query_past_the_time_limit_is_interrupted(db):
    done = sql(db, "SELECT count(*) FROM range(1000000) a, range(1000000) b", "--timeout", "1")
    assert (done.returncode, done.stderr) == (1, "Error: SQL stopped: it ran longer than the 1 s limit "
                                                 "(set --timeout)\n")


def test_sql_rows_past_the_cap_are_not_fetched_and_the_cut_is_said(db):
    done = sql(db, "SELECT 7 AS a FROM range(1000000) a, range(1000000) b", "--max-rows", "5",
               "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["a", "7", "7", "7", "7", "7"]
    assert done.stderr == "nqpf: output stopped at 5 rows (set --max-rows for more)\n"


def test_sql_a_bad_memory_limit_is_a_usage_error(db):
    done = sql(db, "SELECT 1", "--memory-limit", "lots")
    assert done.returncode == 2 and "'lots' is not a memory size such as 500MB or 2GB" in done.stderr


def test_sql_the_sandbox_creates_no_spill_files(db, tmp_path):
    from pathlib import Path

    sql(db, "SELECT * FROM range(30000000) ORDER BY random() LIMIT 1", "--memory-limit", "100MB")
    assert not Path(db + ".tmp").exists()
