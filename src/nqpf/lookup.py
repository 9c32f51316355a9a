"""Turning what a user types (a region or industry name, code or alias) into a stable ID,
with suggestions when the name is unknown or ambiguous."""

from __future__ import annotations

from functools import cache

from nqpf.errors import NqpfError
from nqpf.extract import gazetteer
from nqpf.extract.gazetteer import CHINA, region_name

_CHINA_NAMES = {"cn", "china", "中国", "全国", "national", "prc"}


def _close_matches(word: str, names: list[str], n: int, cutoff: float) -> list[str]:
    import difflib  # only for a name not found: a command given a known name starts without it

    return difflib.get_close_matches(word, names, n=n, cutoff=cutoff)


@cache
def _region_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for d in gazetteer.load_divisions():
        for name in (d.name_en, d.name_zh, *d.aliases):
            names.setdefault(name.lower(), d.code)
    return names


def _describe(code: str) -> str:
    if code == CHINA:
        return "China (CN)"
    d = gazetteer.division(code)
    if d.parent:
        return f"{d.name_en} ({code}, {gazetteer.division(d.parent).name_en})"
    return f"{d.name_en} ({code})"


def _one_of(options: list[str]) -> str:
    return options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]


def resolve_region(name: str) -> str:
    """The region code for ``name`` (English or Chinese name, alias or code; any case)."""
    text = name.strip()
    if text.lower() in _CHINA_NAMES:
        return CHINA
    found = gazetteer.lookup(text)
    codes = list(dict.fromkeys(d.code for d in found))
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        exact = [c for c in codes if gazetteer.division(c).name_en.lower() == text.lower()
                 and gazetteer.division(c).level == "province"]
        if len(exact) == 1 and len(codes) == 2 and any(gazetteer.division(c).parent == exact[0] for c in codes):
            return exact[0]  # "Jilin" is the province; the city is "Jilin City"
        raise NqpfError(f"region '{name}' is ambiguous: did you mean {_one_of([_describe(c) for c in codes])}? "
                        "Give the code to choose.")
    close = _close_matches(text.lower(), list(_region_names()), n=6, cutoff=0.75)
    suggestions = list(dict.fromkeys(_region_names()[c] for c in close))[:3]
    hint = f": did you mean {_one_of([_describe(c) for c in suggestions])}?" if suggestions else \
        "; use an English or Chinese name, or a GB/T 2260 code such as 340000"
    raise NqpfError(f"unknown region '{name}'{hint}")


def resolve_industry(name: str) -> str:
    """The taxonomy ID for ``name`` (ID, English alias or Chinese name; any case)."""
    from nqpf.extract.taxonomy import load_industries, lookup_industry  # the region commands do without it

    found = lookup_industry(name)
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        raise NqpfError(f"industry '{name}' is ambiguous: did you mean {_one_of([i.id for i in found])}?")
    names = {}
    for ind in load_industries().values():
        for alias in (ind.id, *ind.aliases):
            names.setdefault(alias.lower(), ind.id)
    close = _close_matches(name.lower().replace("_", " "), list(names), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(names[c] for c in close))[:3]
    hint = f": did you mean {_one_of(suggestions)}?" if suggestions else \
        "; see `nqpf industry --list` for the IDs"
    raise NqpfError(f"unknown industry '{name}'{hint}")


def region_label(code: str) -> str:
    """'Anhui (340000)', for tables."""
    return f"{region_name(code)} ({code})"


def resolve_metric(name: str) -> str:
    """The metric ID (``metrics.yaml``) for ``name``: an ID, or one of a metric's English or Chinese
    words when only one metric has it (any case)."""
    from nqpf.extract.metrics import load_metrics

    metrics = load_metrics()
    text = name.strip().lower()
    if text in metrics or text == "other":
        return text
    named = [m.id for m in metrics.values() if text in {w.lower() for ws in m.words.values() for w in ws}]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NqpfError(f"metric '{name}' is ambiguous: did you mean {_one_of(named)}?")
    close = _close_matches(text.replace(" ", "_"), list(metrics), n=3, cutoff=0.6)
    hint = f": did you mean {_one_of(close)}?" if close else "; the IDs are those of metrics.yaml, such as gdp_growth"
    raise NqpfError(f"unknown metric '{name}'{hint}")


def resolve_subject(name: str) -> str:
    """What a figure can be about: a taxonomy industry (as :func:`resolve_industry`) or one of
    ``metrics.yaml``'s aggregates (``high_tech_manufacturing``, 战略性新兴产业)."""
    from nqpf.extract.metrics import load_aggregates

    text = name.strip().lower()
    for aid, words in load_aggregates().items():
        if text == aid or text in {w.lower() for ws in words.values() for w in ws}:
            return aid
    return resolve_industry(name)
