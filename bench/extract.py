"""Extraction throughput: the five seeds repeated in one process; documents/s and peak RSS.

Usage: python bench/extract.py [--seeds ../shared/seeds] [--docs 1000]
Target (issue 2): >= 100 documents/s on one core, peak RSS <= 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from nqpf.extract.pipeline import extract
from nqpf.model import Document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default=str(Path(__file__).resolve().parents[2] / "shared" / "seeds"))
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args(argv)
    paths = sorted(Path(args.seeds).glob("*.txt"))
    if not paths:
        print(f"bench: no seed files in {args.seeds}", file=sys.stderr)
        return 1
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in paths]
    docs = max(args.docs, 200)
    # warm-up: compiles the matchers once, as a long-running process would
    extract(Document("warm", "warm", texts[0][1]))
    start = time.perf_counter()
    facts = 0
    for n in range(docs):
        stem, text = texts[n % len(texts)]
        # a distinct text each time so no cache can help
        result = extract(Document(f"{stem}-{n}", stem, f"{text}\nCopy {n}."))
        facts += len(result.priorities) + len(result.figures) + len(result.quotes)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"extract: {docs} documents in {elapsed:.2f} s = {docs / elapsed:.1f} documents/s "
          f"({facts} facts), peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
