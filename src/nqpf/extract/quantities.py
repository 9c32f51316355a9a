"""Quantities in running text: money, shares, counts, areas and physical amounts, with
approximators, ranges and signed changes.

This module hands each stretch of text to the grammar of its language (``grammar/en/quantities.py``,
``grammar/zh/quantities.py``), which gives the language-neutral ``Quantity`` of ``quantity_types.py``.
A document may mix scripts, so the choice is made line by line: a line written mostly in Chinese
characters goes to the Chinese grammar, any other line to the English one.
"""

from __future__ import annotations

import re

from nqpf.extract.grammar.en import quantities as en
from nqpf.extract.grammar.zh import quantities as zh
from nqpf.extract.quantity_types import Quantity

_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_LINE = re.compile(r"[^\n]+")


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
    if _CJK.search(text) is None:
        return en.read_quantities(text)
    out: list[Quantity] = []
    for line in _LINE.finditer(text):
        grammar = zh if is_chinese(line.group(0)) else en
        out.extend(grammar.read_quantities(text, line.start(), line.end()))
    return out
