"""Extraction quality on the development sets, scored by ../shared/tools/score.py as `make eval` does.

The floors are the scores the extractor has reached, so that no change lowers one unnoticed; issue
10's and 11's bars (tools/eval_dev.py BARS) are the goal and replace a floor as soon as it is reached.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from eval_dev import evaluate, table  # noqa: E402

FLOORS = {
    "seeds": {"regions": 1.00, "priorities": 1.00, "figures": 1.00, "figures_strict": 0.97, "figures_metric": 0.84,
              "quotes": 1.00},
    # figures_metric: issue 11's bars (0.80, 0.75) are reached; the floors are the level reached
    "dev English": {"regions": 0.99, "priorities": 0.94, "figures": 0.95, "figures_strict": 0.75,
                    "figures_metric": 0.81, "quotes": 0.99},
    "dev Chinese": {"regions": 0.99, "priorities": 0.94, "figures": 0.98, "figures_strict": 0.91,
                    "figures_metric": 0.80, "quotes": 0.99},
    "dev work reports": {"regions": 0.99, "priorities": 0.97, "key_figures": 0.99},
    # texts written for nqpf (tests/written): no bar, the level reached
    "written English": {"regions": 0.99, "priorities": 0.97, "figures": 0.96, "figures_strict": 0.83,
                        "figures_metric": 0.78, "quotes": 0.99},
    "written Chinese": {"regions": 0.97, "priorities": 0.94, "figures": 0.95, "figures_strict": 0.81,
                        "figures_metric": 0.75, "quotes": 0.99},
    # a second round, scored when written and not tuned on: a measure of text the rules have not seen
    "written English 2": {"regions": 0.99, "priorities": 0.93, "figures": 0.85, "figures_strict": 0.74, "quotes": 0.99},
    "written Chinese 2": {"regions": 0.99, "priorities": 0.87, "figures": 0.98, "figures_strict": 0.73,
                          "figures_metric": 0.80, "quotes": 0.99},
}

@pytest.fixture(scope="module")
def scores(shared):
    found = evaluate(shared)
    print("\n" + table(found))
    return found


@pytest.mark.parametrize(("name", "task"), [(n, t) for n, row in FLOORS.items() for t in row])
def test_dev_scores_hold_their_floor(scores, name, task):
    floor = FLOORS[name][task]
    assert scores[name][task] >= floor, f"{name} {task}: {scores[name][task]:.3f} < {floor:.2f}\n{table(scores)}"

