"""Quantities in running text: money, shares, counts, areas and physical amounts, with
approximators, ranges and signed changes.

This module holds the language-neutral value type and hands each stretch of text to the grammar
of its language (``grammar/en/quantities.py``, ``grammar/zh/quantities.py``). A document may mix
scripts, so the choice is made line by line: a line written mostly in Chinese characters goes to
the Chinese grammar, any other line to the English one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MU_M2 = 666.67

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_LINE = re.compile(r"[^\n]+")


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


def is_chinese(text: str) -> bool:
    """Whether ``text`` is written mostly in Chinese characters (a Latin acronym or two may occur)."""
    if _CJK.search(text) is None:
        return False
    cjk = sum(len(run) for run in _CJK_RUN.findall(text))
    # a Chinese character carries about a word; an English word about five letters
    return cjk * 3 >= sum(len(run) for run in _LATIN_RUN.findall(text))


def find_quantities(text: str) -> list[Quantity]:
    """Every figure-like quantity in ``text``, in text order, with dates, years, ordinals and name
    parts left out.

    Durations ("five to 10 years") come back with unit ``years``; whether such a number is a
    figure ("average schooling of 11 years") depends on the sentence, so the caller decides.
    """
    from nqpf.extract.grammar.en import quantities as en
    from nqpf.extract.grammar.zh import quantities as zh

    if _CJK.search(text) is None:
        return en.read_quantities(text)
    out: list[Quantity] = []
    for line in _LINE.finditer(text):
        grammar = zh if is_chinese(line.group(0)) else en
        out.extend(grammar.read_quantities(text, line.start(), line.end()))
    return out
