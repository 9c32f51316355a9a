"""Extraction time against input length: it must be linear whatever the line structure.

Two series: the seeds repeated to 1, 4 and 16 MB, once as written and once with every newline
turned into a space (one 16 MB line); and one work report concatenated 1x to 64x. For each
size it prints seconds, microseconds per character and the ratio to the smallest size's rate
(1.0 is linear; a quadratic loop shows as a ratio that grows with the size).

Usage: python bench/longtext.py [--seeds ../shared/seeds] [--report ../shared/dev/work-reports/anhui-2025.docx]
       [--sizes-mb 1,4,16] [--copies 1,4,16,64]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from nqpf.extract.pipeline import extract
from nqpf.ingest import read_inputs
from nqpf.model import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _seconds(text: str) -> float:
    start = time.perf_counter()
    extract(Document("long", "bench", text))
    return time.perf_counter() - start


def _series(label: str, texts: list[tuple[str, str]]) -> float:
    """Prints one line per text; returns the worst ratio of per-character time to the first's."""
    base = None
    worst = 1.0
    for name, text in texts:
        seconds = _seconds(text)
        rate = seconds / len(text) * 1e6
        base = base or rate
        worst = max(worst, rate / base)
        print(f"{label:<28} {name:>8} {len(text):>12,} chars {seconds:8.2f} s {rate:8.3f} us/char "
              f"x{rate / base:5.2f}")
    return worst


def _repeat_to(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(SHARED / "seeds"))
    parser.add_argument("--report", default=str(SHARED / "dev" / "work-reports" / "anhui-2025.docx"))
    parser.add_argument("--sizes-mb", default="1,4,16")
    parser.add_argument("--copies", default="1,4,16,64")
    args = parser.parse_args(argv)
    seeds = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(args.seeds).glob("*.txt")))
    if not seeds:
        print(f"bench: no seed files in {args.seeds}", file=sys.stderr)
        return 1
    extract(Document("warm", "warm", seeds))  # compiles the matchers once, as a long-running process would
    sizes = [float(s) for s in args.sizes_mb.split(",")]
    worst = 0.0
    for label, body in (("seeds, with newlines", seeds), ("seeds, one line", seeds.replace("\n", " "))):
        worst = max(worst, _series(label, [(f"{s:g} MB", _repeat_to(body, int(s * 1_000_000))) for s in sizes]))
    report = next((d for d in read_inputs([args.report]) if isinstance(d, Document)), None)
    if report is None:
        print(f"bench: cannot read the work report {args.report}", file=sys.stderr)
    else:
        copies = [int(c) for c in args.copies.split(",")]
        worst = max(worst, _series("work report, concatenated", [(f"{c}x", "\n".join([report.text] * c))
                                                                for c in copies]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"longtext: worst per-character slowdown x{worst:.2f} against the smallest input; peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
