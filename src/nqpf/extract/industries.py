"""Industries named in a text: the matches of both language grammars (``grammar/en/industries.py``,
``grammar/zh/industries.py``) in text order, and the generic words a narrower industry of the same
sentence accounts for (``industry_generics.yaml``).

The taxonomy itself, and the ``IndustryMatch`` the grammars give, are in ``taxonomy.py``.
"""

from __future__ import annotations

import re
from functools import cache

from nqpf.data import load_yaml
from nqpf.extract.grammar.en import industries as en
from nqpf.extract.grammar.zh import industries as zh
from nqpf.extract.taxonomy import IndustryMatch


@cache
def _generics() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """{industry: (its generic words, lower-cased; the narrower industries they yield to)}."""
    raw = load_yaml("industry_generics.yaml")
    return {str(k): (frozenset(str(w).lower() for w in v["generic"]), frozenset(map(str, v["narrower"])))
            for k, v in raw.items()}


# "medical, collaborative and logistics robotics": a generic word after a list of kinds names those kinds
_KINDS_LISTED_BEFORE = re.compile(r"(?:,|\band\b|\bor\b|、|和|及)\s*[\w-]+\s*$")


def narrowed(matches: list[IndustryMatch], text: str) -> list[IndustryMatch]:
    """One sentence's industry matches (offsets into ``text``) without the generic words that a
    narrower industry named in the same sentence accounts for ("humanoid-robot products ... the
    zone's robotics ecosystem": humanoid robots only)."""
    generics = _generics()
    if len(matches) < 2 or not any(m.industry in generics for m in matches):
        return matches
    named = {m.industry for m in matches}
    return [m for m in matches
            if not (m.industry in generics and m.text.lower() in generics[m.industry][0]
                    and named & generics[m.industry][1]
                    and not _KINDS_LISTED_BEFORE.search(text, max(0, m.start - 30), m.start))]


def find_industries(text: str) -> list[IndustryMatch]:
    """Every taxonomy alias in ``text`` with its span, the longest (most specific) match winning."""
    out = en.find(text)
    chinese = zh.find(text)
    if chinese:
        out = sorted(out + chinese, key=lambda m: m.start)
    return out
