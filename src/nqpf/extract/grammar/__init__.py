"""Language grammars, one module per language and kind of fact (the layout of Duckling's
``<Dimension>/<LANG>/Rules.hs``): ``grammar/en/quantities.py``, ``grammar/zh/quotes.py``...

Each module produces the language-neutral value types of ``nqpf.extract`` and has a corpus beside
it, ``<module>.corpus.yaml``: real phrasings with the values they must give, and phrasings that must
give nothing. ``tests/test_grammar_corpora.py`` reads every corpus. Its ``entry:`` is a view in the
grammar module when the view calls only that grammar, else in ``nqpf.extract.corpus_views`` (a
grammar never imports the neutral modules that call it). A corpus file looks like::

    entry: nqpf.extract.grammar.zh.quantities:corpus_view   # text -> list of dicts
    cases:
      - text: 新增高新技术企业3500家
        expect: [{value: 3500, unit: count}]       # each dict a subset of one result, in order
      - text: 第3个
        expect: []                                  # must give nothing
"""

from __future__ import annotations

from pathlib import Path


def corpus_files() -> list[Path]:
    """Every grammar corpus shipped with the package (beside the grammar modules)."""
    root = Path(__file__).parent
    return sorted(p for lang in ("en", "zh") for p in (root / lang).iterdir() if p.name.endswith(".corpus.yaml"))
