"""``nqpf region`` opens with its summary: each industry once (its cities' labelled), the latest value
of each metric with its trend, then the sentences whole; over documents written here."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nqpf.cli import main

DOCUMENTS = [
    ("gd-2023", "2023-03-01", "Guangdong will develop new energy vehicles. "
                              "Guangdong's R&D intensity reached 3.4 percent in 2023."),
    ("gd-2024", "2024-03-01", "Guangdong will support new energy vehicles in 2024. "
                              "Guangdong's R&D intensity reached 3.6 percent in 2024, far above the national average "
                              "of the economy as a whole and of every neighbouring province."),
    ("sz-2024", "2024-04-01", "Shenzhen will develop the low-altitude economy."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("region-summary")
    (root / "docs.jsonl").write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n"
                                             for i, p, t in DOCUMENTS), encoding="utf-8")
    path = str(root / "s.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(root / "docs.jsonl"), "--db", path], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def test_cli_region_summary_comes_first(db):
    result = CliRunner().invoke(main, ["region", "Guangdong", "--db", db])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines.index("Industries (2):") < lines.index("Latest (1):") < lines.index("Priorities (2):")
    assert "nev new energy vehicles emerging Guangdong 2023 2024 2 2" in lines  # once, not once a sentence
    assert any(line.startswith("low_altitude_economy low-altitude economy emerging Shenzhen 2024 2024 1")
               for line in lines)
    latest = next(line for line in lines if line.startswith("rd_intensity"))
    assert "3.6% 2024 up from 3.4% (2023)" in latest
    # the sentence whole, its number included, however long it is
    assert latest.endswith("Guangdong's R&D intensity reached 3.6 percent in 2024, far above the national "
                           "average of the economy as a whole and of every neighbouring province.")


def test_cli_region_summary_in_json(db):
    result = CliRunner().invoke(main, ["region", "广东", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(r["industry"], r["first_year"], r["latest_year"], r["documents"]) for r in found["industries"]] == [
        ("nev", 2023, 2024, 2), ("low_altitude_economy", 2024, 2024, 1)]
    assert [(m["metric"], m["value"], m["previous_value"], m["trend"]) for m in found["latest"]] == [
        ("rd_intensity", 3.6, 3.4, "up")]
