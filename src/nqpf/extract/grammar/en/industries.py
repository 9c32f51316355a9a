"""English industry phrasings: taxonomy aliases read as word n-grams ("new energy storage",
"NEVs", "vehicle-road-cloud integration"), singular or plural, hyphen or space between words."""

from __future__ import annotations

import re
from functools import cache

from nqpf.extract.taxonomy import IndustryMatch, load_groups, load_industries

# Aliases are looked up as word n-grams in dictionaries rather than with one big regex
# alternation: with ~500 surface forms the alternation cost ~8 ms a document, the lookup ~0.5 ms.
_TOKEN = re.compile(r"[A-Za-z0-9]+\+?")


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def _variants(alias: str) -> set[str]:
    """Surface forms of an alias: as listed, singular/plural, hyphen or space between words."""
    forms = {alias}
    if not _is_acronym(alias):
        words = alias.split(" ")
        last = words[-1]
        if last.endswith("ies") and len(last) > 4:
            forms.add(" ".join([*words[:-1], last[:-3] + "y"]))
        elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
            forms.add(" ".join([*words[:-1], last[:-1]]))
        elif last[-1:].isalpha() and not last.endswith(("y", "s")):
            forms.add(" ".join([*words[:-1], last + "s"]))
    for form in list(forms):
        if "-" in form:
            forms.add(form.replace("-", " "))
        if " " in form:
            forms.add(form.replace(" ", "-", 1))
    return forms


def _key(form: str) -> str:
    return " ".join(_TOKEN.findall(form))


@cache
def _lexicon() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], dict[str, int]]:
    """(case-folded word forms, case-sensitive acronyms, longest form by first word); each form
    gives one industry, or the members of a named group ("the new three")."""
    words: dict[str, tuple[str, ...]] = {}
    acronyms: dict[str, tuple[str, ...]] = {}
    entries: list[tuple[set[str], tuple[str, ...]]] = [
        (({*ind.aliases, ind.en} if ind.is_sector else set(ind.aliases)), (ind.id,))
        for ind in load_industries().values()]
    entries += [(set(group.aliases), group.members) for group in load_groups()]
    for names, ids in entries:
        for alias in sorted(names):
            for form in sorted(_variants(alias)):
                key = _key(form)
                if not key:
                    continue
                if _is_acronym(form):
                    acronyms.setdefault(key, ids)
                else:
                    words.setdefault(key.lower(), ids)
                    if " " in key:
                        words.setdefault(key.lower().replace(" ", ""), ids)
    longest: dict[str, int] = {}
    for key in [*words, *acronyms]:
        parts = key.split()
        for first in {parts[0], parts[0].lower()}:
            longest[first] = max(longest.get(first, 0), len(parts))
    return words, acronyms, longest


def find(text: str) -> list[IndustryMatch]:
    """Every English alias in ``text``, the longest match at each word winning."""
    words, acronyms, longest = _lexicon()
    tokens = list(_TOKEN.finditer(text))
    raws = _TOKEN.findall(text)  # the same words again, as strings, without a Python step per word
    out: list[IndustryMatch] = []
    free = 0  # tokens before this one are part of a match already
    # Only tokens that can start an alias are looked at: one pass over the words in C speed, then
    # the phrase logic for the few candidates, instead of a Python loop step for every word.
    candidates = [i for i, raw in enumerate(raws) if raw in longest or raw.lower() in longest]
    for i in candidates:
        if i < free:
            continue
        first = tokens[i]
        most = max(longest.get(raws[i], 0), longest.get(raws[i].lower(), 0))
        if first.start() and text[first.start() - 1] in "-_":
            continue
        reach = 1
        # tokens i+reach-1 and i+reach are one phrase when only a space or a hyphen is between them
        while reach < most and i + reach < len(tokens) and \
                text[tokens[i + reach - 1].end():tokens[i + reach].start()] in (" ", "-"):
            reach += 1
        hit = None
        span = 1
        for n in range(reach, 0, -1):
            raw = " ".join(raws[i:i + n])
            hit = acronyms.get(raw) or words.get(raw.lower())
            if hit:
                span = n
                break
        if hit:
            last = tokens[i + span - 1]
            for industry in hit:
                match = IndustryMatch(first.start(), last.end(), industry, text[first.start():last.end()])
                if not (out and _abbreviates(text, out[-1], match)):
                    out.append(match)
            free = i + span
    return out


def _abbreviates(text: str, phrase: IndustryMatch, abbreviation: IndustryMatch) -> bool:
    """Whether ``abbreviation`` is the bracketed short form written right after ``phrase``:
    "embodied artificial intelligence (AI)" names one industry, not two."""
    return text[phrase.end:abbreviation.start] in (" (", "(") and text[abbreviation.end:abbreviation.end + 1] == ")" \
        and abbreviation.text.replace("s", "").isupper()
