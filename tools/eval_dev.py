"""Score extraction on every development set at once: seeds, dev English, dev Chinese, work reports.

Texts are read from their files as a user would (the work reports from their .docx), extracted
with the installed nqpf, and scored with ../shared/tools/score.py. Prints one table: each set's F1
per task, with the bar issues 10 and 11 set beside it.

Usage: python tools/eval_dev.py [--shared ../shared] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
TASKS = ("regions", "priorities", "figures", "figures_strict", "figures_metric", "quotes", "key_figures")
# The bars of issue 10 on the dev sets (key_figures is recall; the rest F1), and issue 11's for the
# canonical metric of figures.
BARS = {
    "seeds": {"regions": 0.95, "priorities": 0.85, "figures": 0.90, "figures_strict": 0.75, "quotes": 0.90},
    "dev English": {"regions": 0.97, "priorities": 0.85, "figures": 0.85, "figures_strict": 0.75,
                    "figures_metric": 0.80, "quotes": 0.90},
    "dev Chinese": {"regions": 0.95, "priorities": 0.80, "figures": 0.80, "figures_strict": 0.70,
                    "figures_metric": 0.75, "quotes": 0.80},
    "dev work reports": {"regions": 0.90, "priorities": 0.80, "key_figures": 0.85},
}


WRITTEN = Path(__file__).resolve().parents[1] / "tests" / "written"


def _sets(shared: Path) -> dict[str, tuple[list[Path], list[Path]]]:
    """Each set's inputs and gold files: the shared development corpus, then the texts written for
    nqpf (``tests/written``), which no bar is set for."""
    texts, gold = shared / "dev" / "texts", shared / "dev" / "gold"
    reports = shared / "dev" / "work-reports"
    return {
        "seeds": (sorted((shared / "seeds").glob("*.txt")), sorted((shared / "gold" / "seeds").glob("*.json"))),
        "dev English": (sorted(texts.glob("d[0-9]*.txt")), sorted(gold.glob("d[0-9]*.json"))),
        "dev Chinese": (sorted(texts.glob("dz*.txt")), sorted(gold.glob("dz*.json"))),
        "dev work reports": (sorted(reports.glob("*.docx")), sorted((reports / "gold").glob("*.json"))),
        "written English": (sorted((WRITTEN / "en" / "texts").glob("*.txt")),
                            sorted((WRITTEN / "en" / "gold").glob("*.json"))),
        "written Chinese": (sorted((WRITTEN / "zh" / "texts").glob("*.txt")),
                            sorted((WRITTEN / "zh" / "gold").glob("*.json"))),
        "written English 2": (sorted((WRITTEN / "en2" / "texts").glob("*.txt")),
                              sorted((WRITTEN / "en2" / "gold").glob("*.json"))),
        "written Chinese 2": (sorted((WRITTEN / "zh2" / "texts").glob("*.txt")),
                              sorted((WRITTEN / "zh2" / "gold").glob("*.json"))),
    }


def evaluate(shared: Path = SHARED) -> dict[str, dict[str, float]]:
    """{set: {task: score}} for every set whose material is present."""
    scores: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (inputs, golds) in _sets(shared).items():
            if not inputs or not golds:
                continue
            pred = Path(tmp) / "pred.jsonl"
            gold_dir = Path(tmp) / name.replace(" ", "_")
            gold_dir.mkdir()
            for g in golds:
                (gold_dir / g.name).symlink_to(g.resolve())
            with open(pred, "w", encoding="utf-8") as out:
                subprocess.run([sys.executable, "-m", "nqpf", "extract", *map(str, inputs), "--format", "jsonl"],
                               stdout=out, stderr=subprocess.DEVNULL, check=False)
            done = subprocess.run([sys.executable, str(shared / "tools" / "score.py"), str(pred), str(gold_dir),
                                   "--json"], capture_output=True, text=True, check=True)
            result = json.loads(done.stdout)
            scores[name] = {t: result[t]["recall" if t == "key_figures" else "f1"] for t in TASKS
                            if result[t]["tp"] + result[t]["fp"] + result[t]["fn"]}
    return scores


def table(scores: dict[str, dict[str, float]]) -> str:
    """A Markdown table: score (bar) per set and task; a score under its bar is marked."""
    lines = ["| set | " + " | ".join(TASKS) + " |", "| --- |" + " --- |" * len(TASKS)]
    for name, row in scores.items():
        cells = []
        for task in TASKS:
            if task not in row:
                cells.append("—")
                continue
            bar = BARS.get(name, {}).get(task)
            mark = "" if bar is None or row[task] >= bar else " ✗"
            cells.append(f"{row[task]:.3f}" + (f" (≥ {bar:.2f}{mark})" if bar is not None else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.shared / "tools" / "score.py").exists():
        print(f"eval: no {args.shared}/tools/score.py: the reference material must sit beside the checkout",
              file=sys.stderr)
        return 1
    scores = evaluate(args.shared)
    print(json.dumps(scores, indent=2) if args.json else table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
