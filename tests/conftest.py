"""Shared fixtures: the reference material beside the checkout (../shared)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"reference material not found at {SHARED}: CI checks it out beside the repo")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    return sorted((shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, shared) -> str:
    """A database of the seeds, one hostile document and an index run, for the API and pages."""
    from click.testing import CliRunner

    from nqpf.cli import main

    root = tmp_path_factory.mktemp("web")
    (root / "hostile.txt").write_text("date 2024-05-01\n<script>alert('x')</script> Hubei will support "
                                      "humanoid robots.\n", encoding="utf-8")
    db = str(root / "web.duckdb")
    runner = CliRunner()
    for args in (["ingest", str(shared / "seeds"), str(root / "hostile.txt"), "--db", db],
                 ["index", "compute", "--techme", str(shared / "data" / "techme"), "--years", "2019-2023",
                  "--db", db]):
        result = runner.invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MB filesystem (tmpfs); skipped where this process may not mount one."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root): full-disk test not run")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)
