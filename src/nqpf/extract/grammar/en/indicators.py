"""English: what a number measures, in the text's own words ("NEV output", "R&D spending share of
GDP"). Used by ``nqpf.extract.figures``."""

from __future__ import annotations

import re

from nqpf.extract.quantity_types import Quantity
from nqpf.extract.regions import regions_in
from nqpf.extract.timeexpr import PAST_VERBS

BASELINE_BEFORE = re.compile(r"(?i:\b(?:up|down|rising|rose|grew|increased|climbing|falling)\s+from\s+$|,\s+from\s+$)")
# the base's own time right after it: "up from 61 a year earlier", "from about 7,200 now"
BASELINE_TIME_AFTER = re.compile(r"(?i:\s+(?P<last>a year (?:earlier|ago|before)|the previous year|last year)\b|"
                                 r"\s+(?P<now>now|at present|currently|today)\b)")  # used with match()
_VERB_BEFORE = re.compile(
    r"(?i:\b(?:reached|reach|was|were|is|are|grew|grow|rose|increased|increase|accounted for|exceeds?|exceeded|hit|"
    r"totaled|totalled|generated|contributed|stood at|expanded|will exceed|amounted to|registered|recorded|"
    r"topped|tops|spent|invested|earned|raised|exported|imported|produced|sold|attracted|came to|comes to|"
    r"of|with)\b)"
)
_LEADING_JUNK = re.compile(r"^(?i:(?:the|a|an|its|their|his|her|this|these|and|while)\s+)+")
_CLAUSE_BREAK = re.compile(
    r"(?:[,;:]\s+|\s+[-–—]\s+|\(|\)|\bthat\s+(?!of\b)|\b(?:while|whereas|but|and)\s+(?=that of|its|the|their))"
)
_SCALED_BY = re.compile(
    r"(?i:\b(?:increase|raise|scale up|expand|boost|grow|cut|reduce|lift)\s+(?P<np>.{3,60}?)\s+(?:by|to)\s+$|"
    r"\b(?:putting|puts|bringing|brings|brought|pushing|pushes|pushed|taking|takes|took)\s+(?P<put>.{3,60}?)"
    r"\s+(?:at|to)\s+$)"  # "putting its R&D intensity at 2.8 percent"
)
_GROWING_BY = re.compile(
    r"(?i:(?P<np>[\w&'’ -]{3,80}?)\s+(?:grow|grows|growing|grew|increas(?:e|es|ing|ed)|ris(?:e|es|ing)|rose|"
    r"expand(?:s|ing|ed)?)\s+(?:by\s+)?$)"
)
_FUNCTION_WORDS = {"the", "a", "an", "its", "their", "his", "her", "of", "in", "with", "for", "on", "at", "to",
                   "percent", "cent", "covering", "and", "by", "from", "keep", "keeps", "kept", "make", "help"}
_CHANGE_NOUNS = {"increase", "growth", "rise", "decrease", "decline", "drop", "jump"}
_GENERIC_COUNTED = {"units", "unit", "pieces", "items", "sets", "times"}
_OF_AFTER = re.compile(r"^\s+(?:of|in)\s+(?P<np>(?:(?!(?:in|by|for|to|from|with|during|over|than|while|and|as|on|at)\b)"
                       r"[A-Za-z&'’-]+\s*){1,6})")
_TRAILING = re.compile(
    r"(?i:\s+(?:there|here|alone|so far|again|also|has|have|had|will|would|could|may|might|is|are|was|were|"
    r"(?:is|are) (?:expected|set|likely) to|expected to))+$"
)
_VERB_NOUN = {"invest": "investment", "produce": "production capacity", "spend": "spending", "export": "exports",
              "import": "imports", "launch": "launches", "build": "construction", "support": "support"}


def indicator(local: str, after: str, q: Quantity, previous: str | None) -> str:
    """What the number measures: ``local`` is the sentence before it, ``after`` the rest."""
    if (local.rstrip().endswith("(") or BASELINE_BEFORE.search(local)) and previous:
        return previous  # "489.6 billion yuan (about 68.9 billion U.S. dollars)", "up from 620 billion"
    head = _CLAUSE_BREAK.split(local)[-1]
    phrase = ""
    verbs = list(_VERB_BEFORE.finditer(head))
    verb = verbs[-1] if verbs else None
    if verb is not None and verb.group(0).lower() not in ("of", "with"):
        phrase = head[: verb.start()]
        if not phrase.strip() and ", " in local:
            # "R&D intensity, the ratio of ... to GDP, rose to 2.68 percent": the subject before the aside
            phrase = local.split(", ")[0]
    elif (vm := _SCALED_BY.search(local)):
        phrase = vm.group("np") or vm.group("put")
    elif (gm := _GROWING_BY.search(head)):
        phrase = _tail_np(gm.group("np"))
    elif local.rstrip().endswith(" of"):
        phrase = _np_before_of(head)
        if phrase and phrase.lower().split()[-1] in _CHANGE_NOUNS and previous:
            phrase = previous
    elif (vm := re.search(r"\b(invest|produce|spend|export|import|launch|build|support)(?:s|ing)?\s+$", local)):
        phrase = _VERB_NOUN[vm.group(1)]
    phrase = _clean_phrase(phrase)
    if phrase.lower().startswith("that of ") and previous:
        base = previous.removesuffix(" growth").split(" of ")[0]
        phrase = f"{base} of {phrase[8:]}"
    if q.unit in ("%", "pp") and (om := _OF_AFTER.match(after)) and not q.change:
        share = "share of " + _clean_phrase(om.group("np"))
        phrase = f"{phrase} {share}" if phrase else share
    elif q.unit in ("CNY", "USD") and (sm := re.match(r"^\s+on\s+(?P<np>(?:(?!(?:in|by|for|to|from|with|during|"
                                                       r"over|than|while|as|at)\b)[A-Za-z&'’-]+\s*){1,5})", after)):
        phrase = f"{phrase or 'spending'} on {_clean_phrase(sm.group('np'))}".strip()
    elif q.unit in ("CNY", "USD") and (im := re.match(r"^\s+in\s+(revenue|sales|investment|output|exports|profits?)",
                                                       after)):
        phrase = f"{phrase} {im.group(1)}".strip()
    if q.unit == "count" and q.counted_noun and q.counted_noun.split()[-1] not in _GENERIC_COUNTED:
        phrase = _clean_phrase(q.counted_noun) or phrase
    elif not phrase and q.counted_noun:
        phrase = _clean_phrase(q.counted_noun)
    if not phrase and q.unit in ("CNY", "USD") and (nm := re.match(r"^\s+([a-z][a-z-]+)\b", after)) and \
            nm.group(1) not in _FUNCTION_WORDS:
        phrase = nm.group(1)  # "a 10-billion-yuan fund"
    if q.unit == "pp" and not phrase and previous:
        phrase = f"{previous.removesuffix(' growth')} growth gap"
    if q.change:
        if not phrase and previous:
            phrase = previous.removesuffix(" growth")
        if not phrase.endswith("growth"):
            phrase = f"{phrase} growth".strip()
    return (phrase or q.unit)[:80]


def _np_before_of(local: str) -> str:
    """'with 55 percent of the total investment of' -> 'total investment'."""
    return _tail_np(local.rstrip()[:-3])


def _tail_np(text: str) -> str:
    """The noun phrase that ends ``text``: its last words up to a function word or a verb."""
    words: list[str] = re.findall(r"[\w&'’-]+", text)
    kept: list[str] = []
    for w in reversed(words[-5:]):
        if w.lower() in _FUNCTION_WORDS or w[:1].isdigit() or w.lower() in PAST_VERBS:
            break
        kept.insert(0, w)
    return " ".join(kept)


_OWNER_PREFIX = re.compile(r"^.*(?:'s|’s)\s+")
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z' ]+\s*(?:--|—)\s*")
_TIME_WORDS = re.compile(r"(?i:\b(?:in|by|for|of|during)\s+(?:19|20)\d\d\b|\blast year\b|\bthis year\b|\bthe year\b)")
_TRAILING_PREPOSITIONS = re.compile(r"(?i:\s+(?:in|of|for|at|from|by|to|on))+$")


def _clean_phrase(phrase: str) -> str:
    phrase = _OWNER_PREFIX.sub("", phrase.strip())
    phrase = _DATELINE_PREFIX.sub("", phrase)  # a dateline
    for r in reversed(regions_in(phrase)):
        if r.start == 0 or r.end == len(phrase):  # the region is the owner, not the measure
            phrase = (phrase[: r.start] + phrase[r.end:]).strip()
    phrase = _TIME_WORDS.sub("", phrase)
    phrase = _TRAILING.sub("", phrase.strip(" ,-–"))
    phrase = _TRAILING_PREPOSITIONS.sub("", phrase)
    phrase = _LEADING_JUNK.sub("", phrase.strip(" ,-–"))
    phrase = re.sub(r"^(?:[A-Z][a-z]+ing|[a-z]+ing)\s+(?:an?|the)\s+", "", phrase)
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,-–")
    return "" if len(phrase.split()) > 9 else phrase
