"""The value a quantities grammar gives, whatever the language (the ``Types.hs`` of Duckling's
layout), and the conversions the grammars share.

``grammar/en/quantities.py`` and ``grammar/zh/quantities.py`` produce these; ``quantities.py``
chooses the grammar of each line and is imported by the rest of ``nqpf.extract``. Kept apart from
it so that the grammars import their value type without importing the module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass

MU_M2 = 666.67  # square metres in a mu (亩), the area unit of Chinese land figures, in either language


@dataclass(frozen=True)
class Quantity:
    """A number in the text with its unit, as the contract's figures need it."""

    start: int
    end: int
    value: float
    unit: str  # CNY USD EUR HKD % pp count m2 years number
    approx: str | None
    text: str
    value_max: float | None = None
    change: str | None = None  # "up" or "down" when the number is a change ("up 60.5 percent")
    counted_noun: str | None = None  # the noun a bare count counts ("868,000 units" -> "units")
