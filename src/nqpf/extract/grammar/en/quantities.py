"""English quantities: money, shares, counts, areas and physical amounts, with approximators,
ranges and signed changes, in the language of economic reporting.

Written by hand rather than with quantulum3: on this genre quantulum3 reads "5G" and "2023" as
quantities, misses "RMB 30 billion" and converts neither mu nor "a trillion yuan" (the peer
baseline built on it scores 0.26 figures F1 on the seeds). Each rule is about a phrasing; the
phrasings are listed with their values in ``quantities.corpus.yaml`` beside this file.
"""

from __future__ import annotations

import re

from nqpf.extract.grammar.en.time import MONTHS
from nqpf.extract.quantity_types import MU_M2, Quantity

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "a hundred": 100, "one hundred": 100, "a thousand": 1000, "a": 1,
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}
APPROX = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "close to": "about", "an estimated": "about", "approx.": "about",
    "over": "over", "more than": "over", "above": "over", "exceeding": "over", "in excess of": "over",
    "at least": "over", "no less than": "over", "upwards of": "over", "beyond": "over", "surpassing": "over",
    "less than": "under", "under": "under", "below": "under", "fewer than": "under", "up to": "under",
    "no more than": "under", "at most": "under",
}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD = (rf"(?:(?:{_TENS})(?:-(?:{_UNITS}))?|a dozen|a hundred|one hundred|a thousand|two|three|four|five|six|"
         r"seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
         # "a" counts only before a scale word ("a trillion yuan"); a lone "one" only after a counting
         # verb ("cultivate one advanced model"), which _read checks
         r"one|a(?=[\s-]+(?:thousand|million|billion|trillion)\b))")
# A leading zero marks a code (phone numbers, "0551"); "@" an e-mail address.
# The lookahead on first letters rejects most word starts before the alternation is tried.
NUMBER_RE = re.compile(
    rf"(?<![\w.,@])(?=[\dtTfFsSeEnNaAoO])(?:(?P<num>(?!0\d){_NUM})(?![\w]|\.\d)|(?P<word>(?i:{_WORD}))(?![\w]))"
)
_ONE_COUNT = re.compile(
    r"(?i:\b(?:build|built|building|establish(?:ed|ing)?|cultivate[sd]?|cultivating|nurture[sd]?|nurturing|"
    r"foster(?:ed|ing)?|launch(?:ed|ing)?|open(?:ed|ing)?|add(?:ed|ing)?|create[sd]?|creating|set up|setting up|"
    r"attract(?:ed|ing)?|host(?:s|ed|ing)?|introduce[sd]?|introducing|develop(?:ed|ing)?|construct(?:ed|ing)?|"
    r"complete[sd]?|completing|has|have|had|with|only)\s+)$"
)

_APPROX_PHRASES = ("about", "around", "approximately", "roughly", "some", "nearly", "almost", "close to",
                   "an estimated", "over", "more than", "above", "exceeding", "surpassing", "in excess of", "at least",
                   "no less than", "upwards of", "less than", "under", "below", "fewer than", "up to", "no more than",
                   "at most")
_APPROX_LEFT = re.compile(rf"(?i:(?P<approx>{'|'.join(_APPROX_PHRASES)})\s+)$")
_APPROX_LAST_WORDS = tuple(sorted({p.split()[-1] for p in _APPROX_PHRASES}))
_CURRENCY_LEFT = re.compile(r"(?P<cur>US\$|USD|HK\$|RMB|CNY|Rmb|¥|￥|\$|€|EUR)\s?$")
_BETWEEN_RIGHT = re.compile(rf"\s(?:and)\s(?P<num2>{_NUM})(?P<word2>)(?![\w])")
_SCALE_RIGHT = re.compile(r"[\s-]?(?P<scale>(?i:trillion|billion|million|thousand)|bn|mln|mn|tn|trn)(?![a-zA-Z])")
_RANGE_RIGHT = re.compile(rf"\s?(?:-|–|to)\s?(?:\$|RMB\s?)?(?:(?P<num2>{_NUM})|(?P<word2>(?i:{_WORD})))(?![\w])")
_FROM_LEFT = re.compile(r"(?i:\bfrom\s+(?:the\s+|its\s+|a\s+)?(?:current\s+|existing\s+|present\s+)?)$")
_PLUS_RIGHT = re.compile(r"-plus\b|\s?\+(?=\s)")
_UNIT_RIGHT = re.compile(
    r"(?:\s|-(?=[a-z]))?(?P<unit>"
    r"(?i:yuan|renminbi)|RMB|CNY|(?i:U\.?S\.? dollars|US dollars|dollars)|USD|(?i:euros?)|"
    r"(?i:percentage points?)|pp\b|(?i:per ?cent|pct)(?!age)|%|％|"
    r"(?i:mu)\b|(?i:hectares?)|ha\b|"
    r"(?i:square (?:meters|metres|meter|metre|kilometers|kilometres|kilometer|kilometre|km))|"
    r"sq\.? ?m\b|km2|km²|m2|m²|(?i:years?)\b)"
)
_UNIT_MAP = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY",
    "u.s. dollars": "USD", "us dollars": "USD", "u.s dollars": "USD", "dollars": "USD", "usd": "USD",
    "euro": "EUR", "euros": "EUR",
    "percent": "%", "per cent": "%", "pct": "%", "%": "%", "％": "%",
    "percentage point": "pp", "percentage points": "pp", "pp": "pp",
    "mu": "m2", "hectare": "m2", "hectares": "m2", "ha": "m2",
    "square kilometers": "m2", "square kilometres": "m2", "square kilometer": "m2", "square kilometre": "m2",
    "square km": "m2", "km2": "m2", "km²": "m2",
    "square meters": "m2", "square metres": "m2", "square meter": "m2", "square metre": "m2", "sq m": "m2",
    "sq.m": "m2", "sq. m": "m2", "sqm": "m2", "m2": "m2", "m²": "m2",
    "year": "years", "years": "years",
}
_AREA_FACTOR = {
    "mu": MU_M2, "hectare": 1e4, "hectares": 1e4, "ha": 1e4,
    "square kilometers": 1e6, "square kilometres": 1e6, "square kilometer": 1e6, "square kilometre": 1e6,
    "square km": 1e6, "km2": 1e6, "km²": 1e6,
}
_CURRENCY_MAP = {"US$": "USD", "USD": "USD", "$": "USD", "HK$": "HKD", "RMB": "CNY", "CNY": "CNY", "Rmb": "CNY",
                 "¥": "CNY", "￥": "CNY", "€": "EUR", "EUR": "EUR"}
_CHANGE_LEFT = re.compile(
    r"(?i:(?P<dir>up|down|increased?|increasing|rose|rising|grew|growing|growth|jumped|surged|climbed|gained|"
    r"expanded|fell|falling|dropped|declined?|decreased?|decrease|slid|shrank|contracted|plunged|slumped|"
    r"tumbled|dipped|cut|reduced|lowered|slashed)"
    r"(?:\s+(?:by|of|at))?(?:\s+(?:a|an))?(?:\s+year-on-year)?(?:\s+(?:about|around|nearly|over|more than|some))?\s*)$"
)
_DOWN = {"down", "fell", "falling", "dropped", "decline", "declined", "decreased", "decrease", "slid", "shrank",
         "contracted", "plunged", "slumped", "tumbled", "dipped", "cut", "reduced", "lowered", "slashed"}
# "slashing shipping costs by 70 percent": a verb, its object, then "by" and the number
_VERB_OBJECT_BY = re.compile(
    r"(?i:\b(?P<verb>slash(?:es|ed|ing)?|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|"
    r"decreas(?:e|es|ed|ing)|trim(?:s|med|ming)?|curb(?:s|ed|ing)?|rais(?:e|es|ed|ing)|boost(?:s|ed|ing)?|"
    r"lift(?:s|ed|ing)?|increas(?:e|es|ed|ing))\s+(?:[\w&'’-]+\s+){1,6}?by\s+(?:about\s+|around\s+|nearly\s+|"
    r"over\s+|more than\s+|some\s+)?)$"
)
_DOWN_STEMS = ("slash", "cut", "reduc", "lower", "decreas", "trim", "curb")
_DATE_CONTEXT_LEFT = re.compile(rf"(?:\b(?:{MONTHS})\.?\s+|\b(?:{MONTHS})\.? \d{{1,2}},\s*)$")
_DATE_CONTEXT_RIGHT = re.compile(rf"^(?:\s+(?:{MONTHS})\b|(?:st|nd|rd|th)\b|:\d\d|/\d)")
_ORDINAL_RIGHT = re.compile(r"^(?:st|nd|rd|th)\b")
_DURATION_RIGHT = re.compile(
    r"^\s?(?:-|\s)?(?i:months?|weeks?|days?|hours?|minutes?|decades?|quarters?|centuries|century|degrees?)\b"
)
# A span counted back from now or run without a break is the period of a total, never a measure:
# "over the past three years", "for 6 consecutive quarters", "nine straight years".
_SPAN_LEFT = re.compile(r"(?i:\b(?:past|last|previous|recent|preceding)\s+)$")
_SPAN_RIGHT = re.compile(
    r"^\s?(?:-|\s)?(?i:(?:consecutive|straight|successive|running)\s+)(?i:years?|months?|quarters?|weeks?|days?|"
    r"sessions?|times?|terms?|seasons?)\b"
)
_NAME_RIGHT = re.compile(r"^\s?(?:-\s?)?[A-Z][a-z]")
_NAME_LEFT = re.compile(r"\b(?P<word>[A-Z][A-Za-z]+)[ -]$")
# Capitalised words before a number that begin a sentence or a phrase, not a name ("With over 50 ...").
_NOT_NAME_WORDS = {
    "with", "in", "by", "over", "about", "some", "the", "of", "and", "for", "at", "to", "from", "nearly", "more",
    "around", "as", "since", "another", "only", "just", "all", "its", "their", "these", "those", "last", "this",
    "next", "after", "before", "during", "among", "including", "between", "than", "total", "almost", "roughly",
    "approximately", "altogether", "currently", "now", "today", "meanwhile", "overall", "each", "every", "top",
    "on", "into", "under", "above", "below", "less", "fewer", "exceeding", "up", "down", "like", "while",
    "when", "where", "here", "there", "it", "they", "we", "he", "she", "our", "his", "her", "within", "through",
}
_PER_LEFT = re.compile(r"(?i:\b(?:per|every|each|out of))\s+$")
_DETERMINER_LEFT = re.compile(r"(?i:\b(?:the|its|their|these|those|his|her|our)\s+|'s\s+|’s\s+)$")
_RANK_LEFT = re.compile(r"(?i:\b(?:top|no\.|number|ranked|ranking|ranks|rank)\s+)$")
# Set names: "the new three sectors", "the old three", 'the "two sessions"'.
_SET_NAME_LEFT = re.compile(r"(?i:\b(?:new|old)\s+)$")
_TWO_SESSIONS = re.compile(r"(?i:^\s+sessions\b)")
# "one in four", "3 in 10": a proportion, not a count ("210 in 2023" is a count in a year)
_ONE_IN = re.compile(r"(?i:^\s+in\s+(?:every\s+)?"
                     r"(?:(?!(?:19|20)\d\d\b)\d+|two|three|four|five|six|seven|eight|nine|ten)\b)")
_IN_LEFT = re.compile(rf"(?i:\b(?:\d+|{_UNITS}|ten)\s+in\s+(?:every\s+)?)$")
_OF_SET = re.compile(r"(?i:^\s+of\s+(?:the|its|their|these|those|all|them)\b)")
_OF_LEFT = re.compile(rf"(?i:\b(?:\d+|{_UNITS}|ten)\s+of\s+(?:the|its|their|these|those|all)\s+)$")
_NOUN_RIGHT = re.compile(r"^\s+(?:[a-z][a-z-]+)")
_HYPHEN_ADJECTIVE = re.compile(r"-(?i:(?:thousand|million|billion|trillion)-)?(?P<what>[A-Za-z]+)\b")
_COUNT_LEFT = re.compile(rf"(?i:\b(?:\d+|{_UNITS}|ten|{_TENS}|several|dozens of|hundreds of)\s+)$")
_PHYSICAL_WORDS = re.compile(
    r"(?i:(?:kilo|mega|giga|tera)?watts?(?:-hours?)?|kwh|mwh|gwh|kw|mw|gw|tonnes?|tons?|barrels?|cubic|litres?|"
    r"liters?|kilometers?|kilometres?|km|kilograms?|kg|teu|teus|flops|petaflops|exaflops|eflops|pflops)$"
)
# Capitalised words that may follow a count without making it part of a name ("100 Chinese firms").
_NOT_NOUNS = {
    "while", "and", "or", "in", "on", "at", "by", "to", "of", "for", "from", "with", "as", "than", "the", "a",
    "an", "which", "that", "is", "was", "were", "are", "respectively", "last", "this", "year", "compared",
    "according", "over", "after", "before", "since", "during", "per", "when", "if", "but", "so", "into",
}
_PHYSICAL = re.compile(
    r"(?i:(?:kilo|mega|giga|tera)?watts?(?:-hours?)?\b|kwh|mwh|gwh|kw\b|mw\b|gw\b|tonnes?|tons?\b|barrels?|"
    r"cubic|litres?|liters?|kilometers?|kilometres?|km\b|kilograms?|kg\b|metric tons?|(?:peta|exa|e|p)?flops\b)"
)
_CAPITALISED_OK = {"Chinese", "China"}
_STOP = (r"(?:in|of|for|to|by|with|from|at|on|that|which|including|across|into|this|last|since|during|as|than|"
         r"were|was|are|is|has|have|had|will)\b")
# The noun a bare count counts: lower-case words, an acronym ("500 AI companies", "AI-related"), or a
# short quoted modifier ('12 "little giant" clusters').
_COUNTED = re.compile(
    rf"^\s+((?:(?!{_STOP})(?:\d[\d,.]*[\w&-]*|[a-z][\w&-]*|[A-Z]{{2,}}[\w&+-]*|[\"“][^\"”\n]{{1,30}}[\"”])\s*){{1,6}})"
)
_NUMBER_OF_LEFT = re.compile(r"(?i:\b(?:number|total) of\b)")
_SHORT_QUOTE = re.compile(r"[\"“][^\"“”\n]{1,40}[\"”]")
_AMOUNT_UNITS = frozenset({"CNY", "USD", "EUR", "HKD", "m2"})
_BASE_UNITS = frozenset({"count", "CNY", "USD", "m2"})
_BASE_BETWEEN = re.compile(r"[^.;:]{0,50}?,\s+(?:up|down)\s+from\s+(?:about\s+|around\s+|nearly\s+|some\s+)?|"
                           r"[^.;:]{0,50}?,\s+compared (?:with|to)\s+(?:about\s+|around\s+|nearly\s+)?")
_TO_BETWEEN = re.compile(r"\s+to\s+(?:about\s+|around\s+|over\s+|more than\s+|nearly\s+)?")
_SENTENCE_PUNCT = re.compile(r"[.!?;:]\s|,\s")
_QUOTED_AMOUNT = re.compile(r"(?i:\d\s?(?:%|percent|per cent|yuan|dollars|billion|million|trillion)\b)")
_UNIT_AFTER_YEAR = re.compile(
    r"^\s?(?:%|％|(?i:per ?cent|percent|yuan|units|people|projects|firms|companies|enterprises))"
)
_TIME_LEFT = re.compile(r"[:/]$")
_TIME_RIGHT = re.compile(r"^[:/]\d")
_RANGE_TAIL_LEFT = re.compile(r"\d[-–]$")
_SYSTEM_LEFT = re.compile(r"\+\s?$")
_SYSTEM_RIGHT = re.compile(r"^\s?[+×]\s?\d")
_SCALE_AFTER_ONE = re.compile(r"^[\s-]+(?i:thousand|million|billion|trillion)\b")
_NEXT_WORDS = re.compile(r"^\s+((?:[a-z][\w-]*\s*){1,4})")
_BETWEEN_LEFT = re.compile(r"(?i:between)\s+$")
_NEXT_WORD = re.compile(r"^[\s-]*([A-Za-z]+)")
_SENTENCE_END = re.compile(r"[.;!?]\s")
_CLAUSE_PUNCT = re.compile(r"[,;.]")
_SET_NOUN = re.compile(
    r"\s+(?:\d[\d,]*\s+)?((?:(?!(?:in|of|for|to|by|with|from|at|on|are|is|were|was|have|has)\b)[a-z][\w-]*\s*){1,4})"
)


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _word_value(word: str) -> float:
    word = word.lower()
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    tens, _, unit = word.partition("-")
    return float(WORD_NUMBERS[tens] + WORD_NUMBERS.get(unit, 0))


# The patterns above that end in "$" test the last words before a number. Searched from this many
# characters before the end only (the look-behind of \\b still sees the character before), they cost
# a fraction of a search that tries every position of the 60-character context.
_LEFT_REACH = 40


def _tail(left: str) -> int:
    return max(0, len(left) - _LEFT_REACH)


def _is_year(num: str, right: str) -> bool:
    if "," in num or "." in num or not (1900 <= int(num) <= 2100):
        return False
    return not _UNIT_AFTER_YEAR.match(right)


def read_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure-like English quantity in ``text[start:end]``, with offsets into ``text``.

    Dates, years, ordinals, ranks, name parts and spans counted back ("over the past three years")
    are left out. Other durations ("five to 10 years") come back with unit ``years``; whether such a
    number is a figure ("average schooling of 11 years") depends on the sentence, so the caller decides.
    """
    end = len(text) if end is None else end
    has_quotes = text.find('"', start, end) >= 0 or text.find("“", start, end) >= 0
    quotes = _short_quotes(text, start, end) if has_quotes else []
    qi = 0
    out: list[Quantity] = []
    skip_until = -1
    for m in NUMBER_RE.finditer(text, start, end):
        if m.start() < skip_until:
            continue
        while qi < len(quotes) and quotes[qi][1] <= m.start():
            qi += 1
        if qi < len(quotes) and quotes[qi][0] < m.start():
            continue  # a number inside a quoted name ('the "two sessions"')
        q = _read(text, m)
        if q is None:
            continue
        if out and q.unit == "count" and q.counted_noun is None and out[-1].unit in _AMOUNT_UNITS and \
                _TO_BETWEEN.fullmatch(text, out[-1].end, q.start):
            # "from 3 trillion yuan to 5 trillion": the second amount is in the unit of the first
            q = Quantity(q.start, q.end, q.value, out[-1].unit, q.approx, q.text, None, q.change, None)
        elif out and q.unit == "number" and q.counted_noun is None and out[-1].unit in _BASE_UNITS and \
                _BASE_BETWEEN.fullmatch(text, out[-1].end, q.start):
            # "300 robotics companies, up from 210 in 2023": the base is counted in the unit of the figure
            q = Quantity(q.start, q.end, q.value, out[-1].unit, q.approx, q.text, None, None, out[-1].counted_noun)
        out.append(q)
        skip_until = q.end
    return out


def _short_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted names of up to six words ('the "new three sectors"'); a longer quote is reported speech."""
    out = []
    for m in _SHORT_QUOTE.finditer(text, start, end):
        inner = m.group(0)[1:-1]
        if inner[0].isspace() or inner[-1].isspace():
            continue  # the stretch between a closing and an opening quote
        if len(inner.split()) <= 6 and not _SENTENCE_PUNCT.search(inner) and not _QUOTED_AMOUNT.search(inner):
            out.append((m.start(), m.end()))  # a quoted amount ('"about 5 percent"') is the speaker's figure
    return out


def _skip_number(left: str, right: str) -> bool:
    """Digits that are a date, a time, a fraction, half of a year range or part of a system's name."""
    if _ORDINAL_RIGHT.match(right) or _DATE_CONTEXT_RIGHT.match(right) or _DATE_CONTEXT_LEFT.search(left, _tail(left)):
        return True
    if _TIME_LEFT.search(left) or _TIME_RIGHT.match(right):  # times, fractions, URLs
        return True
    if _RANGE_TAIL_LEFT.search(left):  # second half of a range like 2021-25, read with the first
        return True
    return bool(_SYSTEM_LEFT.search(left) or _SYSTEM_RIGHT.match(right))  # "1+15" names a system


def _skip_word(word: str, left: str, right: str) -> bool:
    """Word numbers that name a set ("the new three sectors", "the two sessions") or rank ("top ten")."""
    if word in {"a dozen", "a hundred", "a thousand"} and not _NOUN_RIGHT.match(right):
        return True
    if _SET_NAME_LEFT.search(left, _tail(left)) or (word == "two" and _TWO_SESSIONS.match(right)):
        return True
    return word == "one" and not _SCALE_AFTER_ONE.match(right) and \
        not _is_one_count(left, right)


def _is_one_count(left: str, right: str) -> bool:
    """"cultivate one advanced foundational model": a lone "one" after a counting verb counts its noun."""
    if not _ONE_COUNT.search(left):
        return False
    m = _NEXT_WORDS.match(right)
    return m is not None and any(w in _SINGULAR_HEADS for w in m.group(1).split())


def _read(text: str, m: re.Match[str]) -> Quantity | None:  # noqa: C901 - one reading, step by step
    start, end = m.start(), m.end()
    num, word = m.group("num"), m.group("word")
    left, right = text[max(0, start - 60):start], text[end:end + 80]
    lower_word = word.lower() if word else ""
    if num and _skip_number(left, right):
        return None
    if word and _skip_word(lower_word, left, right):
        return None
    tail = _tail(left)
    if _RANK_LEFT.search(left, tail) or _ONE_IN.match(right) or _IN_LEFT.search(left, tail) or _SPAN_RIGHT.match(right):
        return None  # "top ten", "one in four", "for 6 consecutive quarters"
    if _OF_LEFT.search(left, _tail(left)):
        return None  # "37 of the 41 categories": the whole set is not the figure
    value = _to_float(num) if num else _word_value(lower_word)
    cur = None
    qstart = start
    cm = _CURRENCY_LEFT.search(left, _tail(left))
    if cm:
        cur = _CURRENCY_MAP.get(cm.group("cur"))
        qstart = start - (len(left) - cm.start())
        left = left[: cm.start()]
    approx = None
    # the pattern is tried only when the text before the number ends in one of its last words
    am = _APPROX_LEFT.search(left, _tail(left)) if left.rstrip()[-16:].lower().endswith(_APPROX_LAST_WORDS) \
        else None
    if am:
        approx = APPROX[am.group("approx").lower()]
        qstart = qstart - (len(left) - am.start())
        left = left[: am.start()]
    pos = end
    value_max = None
    from_to = None
    if _FROM_LEFT.search(left, _tail(left)):  # "from 25 to 50 EFLOPS": two figures, the first in the unit of the second
        from_to = _RANGE_RIGHT.match(text, pos)
    else:
        rm = _RANGE_RIGHT.match(text, pos)
        if rm is None and _BETWEEN_LEFT.search(left, _tail(left)):
            rm = _BETWEEN_RIGHT.match(text, pos)
        if rm and not (num and _is_year(num, "")):
            value_max = _to_float(rm.group("num2")) if rm.group("num2") else _word_value(rm.group("word2"))
            pos = rm.end()
    scale = 1.0
    sm = _SCALE_RIGHT.match(text, pos)
    if sm:
        scale = SCALES[sm.group("scale").lower()]
        pos = sm.end()
    if (pm := _PLUS_RIGHT.match(text, pos)) is not None:  # "400-plus firms"
        approx = approx or "over"
        pos = pm.end()
    elif value_max is None and (hm := _HYPHEN_ADJECTIVE.match(text, pos)) is not None and \
            (_COUNT_LEFT.search(left, _tail(left)) or _PHYSICAL_WORDS.match(hm.group("what"))):
        # "four 1-million-kilowatt solar power bases", "two 100-billion-yuan milestones": the count is
        # the figure and the compound only classifies; "a 10-million-kilowatt base" names a class
        return None
    unit = None
    raw_unit = None
    um = _UNIT_RIGHT.match(text, pos)
    if um:
        raw_unit = um.group("unit")
        key = re.sub(r"\s+", " ", raw_unit.lower())
        unit = _UNIT_MAP.get(key) or _UNIT_MAP.get(raw_unit)
        pos = um.end()
    if cur and unit in (None, "CNY", "USD"):
        unit = cur if unit is None else unit
    right_after = text[pos:pos + 40]
    if num and unit is None and scale == 1.0 and _is_year(num, right_after):
        return None
    if unit is None and cur is None and scale == 1.0 and from_to is not None and \
            (second := _second_of_from_to(text, from_to)) is not None:
        value *= second.value / (_to_float(from_to.group("num2")) if from_to.group("num2")
                                 else _word_value(from_to.group("word2")))
        return Quantity(qstart, pos, value, second.unit, approx, text[qstart:pos], None, None, second.counted_noun)
    if unit is None and scale == 1.0 and _DURATION_RIGHT.match(right_after):
        return None
    if unit == "years" and _SPAN_LEFT.search(left, _tail(left)):
        return None  # "over the past three years": the span of a total
    if unit is None and cur is None:
        if _PER_LEFT.search(left, _tail(left)):
            return None  # a denominator ("per 10,000 people")
        name_right = _NAME_RIGHT.match(right_after)
        next_word = _NEXT_WORD.match(right_after)
        name_left = _NAME_LEFT.search(left, _tail(left))
        if name_left and name_left.group("word").lower() in _NOT_NAME_WORDS:
            name_left = None
        if (name_right and next_word and next_word.group(1) not in _CAPITALISED_OK) or name_left:
            return None  # part of a name ("48 Group Club", "Industry 4.0", "Two Sessions")
        if word and _DETERMINER_LEFT.search(left, _tail(left)):
            return None  # a reference, not a statement ("the municipality's three leading industries")
    factor = _AREA_FACTOR.get(raw_unit.lower() if raw_unit else "", 1.0)
    value = value * scale * factor
    if value_max is not None:
        value_max = value_max * scale * factor
    counted = None
    if unit is None:
        wide_left = text[max(0, start - 160):start]
        wide_left = _SENTENCE_END.split(wide_left)[-1]
        unit, counted = _count_or_amount(text, pos, wide_left, scale)
    change = _change(text, qstart, unit)
    if change == "down":
        value = -value
        value_max = -value_max if value_max is not None else None
    return Quantity(qstart, pos, value, unit, approx, text[qstart:pos], value_max, change, counted)


def _second_of_from_to(text: str, from_to: re.Match[str]) -> Quantity | None:
    """Y of "from X to Y", read on its own: X takes its unit and scale ("from 25 to 50 EFLOPS")."""
    m = NUMBER_RE.match(text, from_to.start("num2") if from_to.group("num2") else from_to.start("word2"))
    return _read(text, m) if m else None


def _count_or_amount(text: str, pos: int, left: str, scale: float) -> tuple[str, str | None]:
    """A bare number is a count of the noun after it, a physical amount, or a plain ``number``."""
    after = text[pos:pos + 80]
    if (om := _OF_SET.match(after)) is not None:
        # "Two of the cargo routes", "10 of them": the part is a count of the set's noun
        nm = _SET_NOUN.match(after, om.end())
        return "count", (nm.group(1).strip() if nm else om.group(0).split()[-1])
    nm = _COUNTED.match(after)
    if nm and nm.group(1).split()[0] in _NOT_NOUNS:
        nm = None
    if nm and _PHYSICAL.match(nm.group(1)):
        return "number", nm.group(1).split()[0]  # a physical amount ("100 million kilowatts")
    if nm and nm.group(1).startswith("times") and nm.group(1)[5:6] in ("", " "):
        return "number", "times"  # "3.53 times that of 2020": a multiple
    if nm:
        words = [w.strip("\"“”") for w in nm.group(1).split()]
        # the counted noun ends at its first plural ("provincial-level regions pledged ...")
        head = next((k for k, w in enumerate(words) if w.endswith("s") and not w.endswith("ss")), None)
        return "count", " ".join(words[: head + 1] if head is not None else words[:3])
    if scale != 1.0 or _NUMBER_OF_LEFT.search(left):
        return "count", None  # "more than 2 million", "the number of racks ... 260,000"
    return "number", None


def _change(text: str, qstart: int, unit: str) -> str | None:
    """``up`` or ``down`` when a share or rate is a change ("fell 3.2 percent", "cut costs by 70 percent")."""
    if unit not in ("%", "pp"):
        return None
    before = text[max(0, qstart - 80):qstart]
    cm = _CHANGE_LEFT.search(before[-60:])
    if cm:
        return "down" if cm.group("dir").lower() in _DOWN else "up"
    vm = _VERB_OBJECT_BY.search(before)
    if vm and not _CLAUSE_PUNCT.search(vm.group(0)):
        return "down" if vm.group("verb").lower().startswith(_DOWN_STEMS) else "up"
    return None


# Singular heads a lone "one" counts; anything else ("one major step", "one day") stays a word.
_SINGULAR_HEADS = {
    "model", "platform", "center", "centre", "base", "park", "zone", "cluster", "project", "fund", "lab",
    "laboratory", "hub", "company", "enterprise", "firm", "plant", "factory", "institute", "university", "line",
    "port", "station", "airport", "route", "system", "network", "program", "programme", "unicorn", "team",
}


def corpus_view(text: str) -> list[dict]:
    """What the grammar reads in ``text``, as the corpus test compares it."""
    return [{"value": q.value, "unit": q.unit, "approx": q.approx, "value_max": q.value_max,
             "counted_noun": q.counted_noun} for q in read_quantities(text)]
