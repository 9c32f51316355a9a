"""The ``nqpf`` program runs the plain read commands without click (``nqpf.launch``): what it prints,
its errors and exit status must be click's, byte for byte, and everything else goes to click."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from nqpf.launch import plain_form
from nqpf.store import duckdb_engine
from nqpf.store.side_by_side import side_by_side

DOCUMENTS = [
    ("ah-2024", "2024-02-01", "Anhui will develop new energy vehicles and quantum technology. "
                              "Anhui produced 1.68 million new energy vehicles in 2024, up from 868,000 in 2023. "
                              '"We will build a world-class NEV cluster," said Wang Qingxian, governor of Anhui.'),
    ("hf-2024", "2024-03-01", "Hefei will support the low-altitude economy with 2 billion yuan in 2024."),
    ("gd-2024", "2024-04-01", "Guangdong's R&D intensity reached 3.6 percent in 2024."),
]
CLICK = "import sys; from nqpf.cli import main; sys.argv[0] = 'nqpf'; main()"


def _nqpf(args: list[str], *, program: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "120"}
    env.pop("NQPF_DB", None)
    return subprocess.run([sys.executable, *program, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("launch")
    (root / "docs.jsonl").write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n"
                                             for i, p, t in DOCUMENTS), encoding="utf-8")
    path = str(root / "l.duckdb")
    done = _nqpf(["ingest", str(root / "docs.jsonl"), "--db", path], program=["-m", "nqpf"])
    assert done.returncode == 0, done.stderr
    return path


@pytest.mark.parametrize("args", [
    ["regions"], ["regions", "--format", "csv"],
    ["region", "Anhui"], ["region", "安徽", "--limit", "1"], ["region", "--limit=0", "340000"],
    ["region", "Anhui", "--format=json"], ["region", "Anhui", "--format", "csv", "--limit", "2"],
    ["industry", "nev"], ["industry", "nev", "--format", "json"], ["industry"], ["industry", "--list"],
    ["region", "Atlantis"], ["industry", "no-such-industry"],
])
def test_plain_read_commands_print_what_click_prints(db, args):
    launched = _nqpf([*args, "--db", db], program=["-m", "nqpf"])
    clicked = _nqpf([*args, "--db", db], program=["-c", CLICK])
    assert (launched.returncode, launched.stdout, launched.stderr) == (
        clicked.returncode, clicked.stdout, clicked.stderr)
    assert "Traceback" not in launched.stderr
    if args[1:2] not in (["Atlantis"], ["no-such-industry"]):
        assert launched.returncode == 0 and launched.stdout


def test_a_missing_database_is_one_line_from_both(tmp_path):
    args = ["region", "Anhui", "--db", str(tmp_path / "none.duckdb")]
    launched, clicked = _nqpf(args, program=["-m", "nqpf"]), _nqpf(args, program=["-c", CLICK])
    assert launched.returncode == clicked.returncode != 0
    assert launched.stderr == clicked.stderr and len(launched.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.duckdb").exists()


def test_plain_read_commands_do_not_import_click(db):
    done = _nqpf(["region", "Anhui", "--db", db], program=["-X", "importtime", "-m", "nqpf"])
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")}
    assert "nqpf.store.queries" in imported
    assert not {m for m in imported if re.fullmatch(r"click(\..*)?", m)}
    helped = _nqpf(["region", "--help"], program=["-X", "importtime", "-m", "nqpf"])
    assert "Usage:" in helped.stdout and re.search(r"\|\s+click$", helped.stderr, re.M)


@pytest.mark.parametrize("args", [
    [], ["--help"], ["--debug", "region", "Anhui"], ["region"], ["region", "Anhui", "Hefei"], ["region", "--help"],
    ["region", "Anhui", "--limit", "-1"], ["region", "Anhui", "--limit", "x"], ["region", "Anhui", "--limit"],
    ["region", "Anhui", "--limit", "٣"], ["region", "Anhui", "--format", "xml"], ["region", "Anhui", "--dbx", "p"],
    ["region", "Anhui", "--"], ["regions", "Anhui"], ["industry", "--list=yes"], ["industry", "a", "b"],
    ["ingest", "x.jsonl"], ["compare", "Anhui", "Hefei"],
])
def test_everything_outside_the_plain_forms_is_clicks(args):
    assert plain_form(args) is None


def test_plain_forms_and_their_defaults():
    assert plain_form(["region", "Anhui"]) == ("show_region", {"name": "Anhui", "db": None, "fmt": "table",
                                                               "limit": 50})
    assert plain_form(["region", "--limit=7", "Anhui", "--db", "x.duckdb", "--format", "csv"]) == (
        "show_region", {"name": "Anhui", "db": "x.duckdb", "fmt": "csv", "limit": 7})
    assert plain_form(["industry"]) == ("show_industry", {"name": None, "db": None, "fmt": "table",
                                                          "list_all": False})
    assert plain_form(["industry", "--list", "nev"])[1]["list_all"] is True
    assert plain_form(["regions", "--db=a b.duckdb"]) == ("show_regions", {"db": "a b.duckdb", "fmt": "table"})


def test_side_by_side_equals_one_after_the_other_and_raises_the_first_error(tmp_path):
    con = duckdb_engine.connect(str(tmp_path / "s.duckdb"))
    con.execute("CREATE TABLE t AS SELECT range AS i FROM range(1000)")
    calls = [lambda c: c.execute("SELECT sum(i) FROM t").fetchone()[0],
             lambda c: c.execute("SELECT count(*) FROM t WHERE i % 7 = 0").fetchone()[0],
             lambda c: c.execute("SELECT max(i) FROM t").fetchone()[0]]
    assert side_by_side(con, calls) == [call(con) for call in calls] == [499500, 143, 999]
    with pytest.raises(duckdb_engine.CatalogException, match="missing_one"):
        side_by_side(con, [calls[0], lambda c: c.execute("SELECT * FROM missing_one"),
                           lambda c: c.execute("SELECT * FROM missing_two")])
    assert side_by_side(con, calls[:1]) == [499500]
    con.close()


def test_index_commands_end_at_once_with_clicks_output_and_their_results_stored(shared, tmp_path):
    db = str(tmp_path / "i.duckdb")
    args = ["index", "compute", "--techme", str(shared / "data" / "techme"), "--years", "2022-2023", "--format",
            "csv"]
    launched = _nqpf([*args, "--db", db], program=["-m", "nqpf"])
    clicked = _nqpf([*args, "--no-store"], program=["-c", CLICK])
    assert launched.returncode == clicked.returncode == 0, launched.stderr
    assert launched.stdout == clicked.stdout and launched.stdout.count("\n") > 31
    stored = _nqpf(["sql", "SELECT count(*) AS runs FROM index_runs", "--db", db, "--format", "json"],
                   program=["-m", "nqpf"])
    assert json.loads(stored.stdout) == [{"runs": 1}]
    missing = _nqpf(["index", "compute", "--techme", str(tmp_path / "none"), "--no-store"], program=["-m", "nqpf"])
    assert missing.returncode == 1 and missing.stderr.startswith("Error: ") and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
