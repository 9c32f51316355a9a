"""The seed articles repeated to N documents, each made distinct so that no cache helps;
shared by the extraction and ingest benchmarks."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", default=str(DEFAULT_SEEDS))
    parser.add_argument("--docs", type=int, default=1000)


def repeated(seeds_dir: str, n: int) -> Iterator[tuple[str, str]]:
    """(id, text) for ``n`` documents cycling through the seeds; empty if there are none."""
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(Path(seeds_dir).glob("*.txt"))]
    for i in range(n if texts else 0):
        stem, text = texts[i % len(texts)]
        yield f"{stem}-{i}", f"{text}\nCopy {i}."
