"""Every grammar module's corpus: real phrasings give the values written beside them, and the
phrasings listed with an empty ``expect`` give nothing."""

from __future__ import annotations

import importlib
import math

import pytest
import yaml

from nqpf.extract.grammar import corpus_files


def _cases():
    for path in corpus_files():
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, case in enumerate(spec["cases"], start=1):
            yield pytest.param(spec["entry"], case, id=f"{path.parent.name}/{path.name.split('.')[0]}#{number}")


def _same(expected, actual) -> bool:
    if isinstance(expected, float | int) and not isinstance(expected, bool) and isinstance(actual, float | int):
        return math.isclose(expected, actual, rel_tol=1e-6, abs_tol=1e-9)
    return expected == actual


def _matches(expected: list[dict], actual: list[dict]) -> bool:
    """Each expected dict is a subset of a distinct result, in the same order."""
    i = 0
    for want in expected:
        while i < len(actual) and not all(_same(v, actual[i].get(k)) for k, v in want.items()):
            i += 1
        if i == len(actual):
            return False
        i += 1
    return True


def test_grammar_corpora_exist():
    langs = {p.parent.name for p in corpus_files()}
    assert langs == {"en", "zh"}, "every language has at least one grammar corpus"


@pytest.mark.parametrize(("entry", "case"), list(_cases()))
def test_grammar_corpus_case(entry, case):
    module, function = entry.split(":")
    view = getattr(importlib.import_module(module), function)
    actual = view(case["text"])
    expected = case["expect"]
    if not expected:
        assert actual == [], f"{case['text']!r} must give nothing, gave {actual}"
    else:
        assert _matches(expected, actual), f"{case['text']!r}: expected {expected}, got {actual}"
