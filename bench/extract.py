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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_corpus import add_arguments, repeated  # noqa: E402

from nqpf.extract.pipeline import extract  # noqa: E402
from nqpf.model import Document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    corpus = list(repeated(args.seeds, max(args.docs, 200)))
    if not corpus:
        print(f"bench: no seed files in {args.seeds}", file=sys.stderr)
        return 1
    docs = len(corpus)
    # warm-up: compiles the matchers once, as a long-running process would
    extract(Document("warm", "warm", corpus[0][1]))
    start = time.perf_counter()
    facts = 0
    for doc_id, text in corpus:
        result = extract(Document(doc_id, "seeds", text))
        facts += len(result.priorities) + len(result.figures) + len(result.quotes)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"extract: {docs} documents in {elapsed:.2f} s = {docs / elapsed:.1f} documents/s "
          f"({facts} facts), peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
