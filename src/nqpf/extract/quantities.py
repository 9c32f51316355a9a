"""Quantities in running text: money, shares, counts, areas, with approximators and ranges.

Written by hand rather than with quantulum3: on this genre quantulum3 reads "5G" and "2023" as
quantities, misses "RMB 30 billion" and converts neither mu nor Chinese 万/亿 (the peer baseline
built on it scores 0.26 figures F1 on the seeds). The rules below are about the language of
economic reporting, not about any one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MU_M2 = 666.67
WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
}
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
    "万": 1e4, "亿": 1e8, "万亿": 1e12, "千": 1e3, "百万": 1e6, "千万": 1e7,
}
APPROX = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "close to": "about", "an estimated": "about", "approx.": "about",
    "over": "over", "more than": "over", "above": "over", "exceeding": "over", "in excess of": "over",
    "at least": "over", "no less than": "over", "upwards of": "over", "beyond": "over",
    "less than": "under", "under": "under", "below": "under", "fewer than": "under", "up to": "under",
    "no more than": "under", "at most": "under",
    "约": "about", "近": "about", "超过": "over", "逾": "over", "超": "over", "以上": "over", "不到": "under",
}
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|a dozen|a hundred|one hundred|a thousand|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"  # noqa: E501
NUMBER_RE = re.compile(
    rf"(?<![\d.,A-Za-z])(?P<zh>\d+(?:\.\d+)?)(?=[万亿千百个%％])"
    rf"|(?<![\w.,])(?:(?P<num>{_NUM})(?![\w]|\.\d)|(?P<word>(?i:{_WORD}))(?![\w]))"
)

_APPROX_LEFT = re.compile(
    r"(?i:(?P<approx>about|around|approximately|roughly|some|nearly|almost|close to|an estimated|over|more than|"
    r"above|exceeding|in excess of|at least|no less than|upwards of|less than|under|below|fewer than|up to|"
    r"no more than|at most)\s+)$"
)
_APPROX_ZH_LEFT = re.compile(r"(?P<approx>约|近|超过|逾|超)$")
_CURRENCY_LEFT = re.compile(r"(?P<cur>US\$|USD|HK\$|RMB|CNY|Rmb|¥|￥|\$|€|EUR)\s?$")
_BETWEEN_RIGHT = re.compile(rf"\s(?:and)\s(?P<num2>{_NUM})(?P<word2>)(?![\w])")
_SCALE_RIGHT = re.compile(r"[\s-]?(?P<scale>(?i:trillion|billion|million|thousand)|bn|mln|mn|tn|trn|万亿|千万|百万|万|亿)(?![a-zA-Z])")  # noqa: E501
_RANGE_RIGHT = re.compile(rf"\s?(?:-|–|to)\s?(?:\$|RMB\s?)?(?:(?P<num2>{_NUM})|(?P<word2>(?i:{_WORD})))(?![\w])")
_UNIT_RIGHT = re.compile(
    r"(?:\s|-(?=[a-z]))?(?P<unit>"
    r"(?i:yuan|renminbi)|RMB|CNY|(?i:U\.?S\.? dollars|US dollars|dollars)|USD|(?i:euros?)|"
    r"(?i:percentage points?)|pp\b|(?i:per ?cent|pct)(?!age)|%|％|"
    r"(?i:mu)\b|(?i:hectares?)|ha\b|"
    r"(?i:square (?:meters|metres|meter|metre|kilometers|kilometres|kilometer|kilometre|km))|"
    r"sq\.? ?m\b|km2|km²|m2|m²|(?i:years?)\b|"
    r"亿元|万元|元|美元|个百分点|平方公里|平方米|亩|公顷)"
)
_UNIT_MAP = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "元": "CNY", "亿元": "CNY", "万元": "CNY",
    "u.s. dollars": "USD", "us dollars": "USD", "u.s dollars": "USD", "dollars": "USD", "usd": "USD",
    "美元": "USD", "euro": "EUR", "euros": "EUR",
    "percent": "%", "per cent": "%", "pct": "%", "%": "%", "％": "%",
    "percentage point": "pp", "percentage points": "pp", "pp": "pp", "个百分点": "pp",
    "mu": "m2", "亩": "m2", "hectare": "m2", "hectares": "m2", "ha": "m2", "公顷": "m2",
    "square kilometers": "m2", "square kilometres": "m2", "square kilometer": "m2", "square kilometre": "m2",
    "square km": "m2", "km2": "m2", "km²": "m2", "平方公里": "m2",
    "square meters": "m2", "square metres": "m2", "square meter": "m2", "square metre": "m2", "sq m": "m2",
    "sq.m": "m2", "sq. m": "m2", "sqm": "m2", "m2": "m2", "m²": "m2", "平方米": "m2",
    "year": "years", "years": "years",
}
_AREA_FACTOR = {
    "mu": MU_M2, "亩": MU_M2, "hectare": 1e4, "hectares": 1e4, "ha": 1e4, "公顷": 1e4,
    "square kilometers": 1e6, "square kilometres": 1e6, "square kilometer": 1e6, "square kilometre": 1e6,
    "square km": 1e6, "km2": 1e6, "km²": 1e6, "平方公里": 1e6,
}
_CURRENCY_MAP = {"US$": "USD", "USD": "USD", "$": "USD", "HK$": "HKD", "RMB": "CNY", "CNY": "CNY", "Rmb": "CNY",
                 "¥": "CNY", "￥": "CNY", "€": "EUR", "EUR": "EUR"}
_CHANGE_LEFT = re.compile(
    r"(?i:(?P<dir>up|down|increased?|increasing|rose|rising|grew|growing|growth|jumped|surged|climbed|gained|"
    r"expanded|fell|falling|dropped|declined?|decreased?|decrease|slid|shrank|contracted)"
    r"(?:\s+(?:by|of|at))?(?:\s+(?:a|an))?(?:\s+year-on-year)?(?:\s+(?:about|around|nearly|over|more than|some))?\s*)$"
)
_DOWN = {"down", "fell", "falling", "dropped", "decline", "declined", "decreased", "decrease", "slid", "shrank",
         "contracted"}
_DATE_CONTEXT_LEFT = re.compile(rf"(?:\b(?:{MONTHS})\.?\s+|\b(?:{MONTHS})\.? \d{{1,2}},\s*)$")
_DATE_CONTEXT_RIGHT = re.compile(rf"^(?:\s+(?:{MONTHS})\b|(?:st|nd|rd|th)\b|:\d\d|/\d|\s?(?:年|月|日|号))")
_ORDINAL_RIGHT = re.compile(r"^(?:st|nd|rd|th)\b")
_DURATION_RIGHT = re.compile(
    r"^\s?(?:-|\s)?(?i:months?|weeks?|days?|hours?|minutes?|decades?|quarters?|centuries|century)\b"
)
_NAME_RIGHT = re.compile(r"^\s?(?:-\s?)?[A-Z][a-z]")
_NAME_LEFT = re.compile(r"[A-Z][A-Za-z]+[ -]$")
_PER_LEFT = re.compile(r"(?i:\bper|every|each|out of)\s+$")
_DETERMINER_LEFT = re.compile(r"(?i:\b(?:the|its|their|these|those|his|her|our)\s+|'s\s+|’s\s+)$")
_NOUN_RIGHT = re.compile(r"^\s+(?:[a-z][a-z-]+)")
# Capitalised words that may follow a count without making it part of a name ("100 Chinese firms").
_NOT_NOUNS = {
    "while", "and", "or", "in", "on", "at", "by", "to", "of", "for", "from", "with", "as", "than", "the", "a",
    "an", "which", "that", "is", "was", "were", "are", "respectively", "last", "this", "year", "compared",
    "according", "over", "after", "before", "since", "during", "per", "when", "if", "but", "so", "into",
}
_PHYSICAL = re.compile(
    r"(?i:(?:kilo|mega|giga|tera)?watts?(?:-hours?)?\b|kwh|mwh|gwh|kw\b|mw\b|gw\b|tonnes?|tons?\b|barrels?|"
    r"cubic|litres?|liters?|kilometers?|kilometres?|km\b|kilograms?|kg\b)"
)
_CAPITALISED_OK = {"Chinese", "China"}


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


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _word_value(word: str) -> float:
    word = word.lower()
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    tens, _, unit = word.partition("-")
    return float(WORD_NUMBERS[tens] + WORD_NUMBERS.get(unit, 0))


def _is_year(num: str, right: str) -> bool:
    if "," in num or "." in num or not (1900 <= int(num) <= 2100):
        return False
    return not re.match(r"^\s?(?:%|％|(?i:per ?cent|percent|yuan|units|people|projects|firms|companies|enterprises))", right)  # noqa: E501


def find_quantities(text: str) -> list[Quantity]:
    """Every figure-like quantity in ``text``, with dates, years, ordinals and name parts left out.

    Durations ("five to 10 years") come back with unit ``years``; whether such a number is a
    figure ("average schooling of 11 years") depends on the sentence, so the caller decides.
    """
    out: list[Quantity] = []
    skip_until = -1
    for m in NUMBER_RE.finditer(text):
        if m.start() < skip_until:
            continue
        q = _read_quantity(text, m)
        if q is not None:
            out.append(q)
            skip_until = q.end
    return out


def _read_quantity(text: str, m: re.Match[str]) -> Quantity | None:
    start, end = m.start(), m.end()
    num, word, zh = m.group("num"), m.group("word"), m.group("zh")
    left, right = text[max(0, start - 60):start], text[end:end + 80]
    if num and not zh:
        if _ORDINAL_RIGHT.match(right) or _DATE_CONTEXT_RIGHT.match(right) or _DATE_CONTEXT_LEFT.search(left):
            return None
        if re.search(r"[:/]$", left) or re.match(r"^[:/]\d", right):  # times, fractions, URLs
            return None
        if re.search(r"\d[-–]$", left):  # second half of a range like 2021-25, read with the first
            return None
    value = _to_float(num or zh) if (num or zh) else _word_value(word)
    if word and word.lower() in {"a dozen", "a hundred", "a thousand"} and not _NOUN_RIGHT.match(right):
        return None
    # currency or approximator written before the number
    cur = None
    qstart = start
    cm = _CURRENCY_LEFT.search(left)
    if cm:
        cur = _CURRENCY_MAP.get(cm.group("cur"))
        qstart = start - (len(left) - cm.start())
        left = left[: cm.start()]
    approx = None
    am = _APPROX_LEFT.search(left) or _APPROX_ZH_LEFT.search(left)
    if am:
        approx = APPROX[am.group("approx").lower()]
        qstart = qstart - (len(left) - am.start())
        left = left[: am.start()]
    pos = end
    value_max = None
    rm = _RANGE_RIGHT.match(text, pos)
    if rm is None and re.search(r"(?i:between)\s+$", left):
        rm = _BETWEEN_RIGHT.match(text, pos)
    if rm and not (num and _is_year(num, "")):
        value_max = _to_float(rm.group("num2")) if rm.group("num2") else _word_value(rm.group("word2"))
        pos = rm.end()
    scale = 1.0
    sm = _SCALE_RIGHT.match(text, pos)
    if sm:
        token = sm.group("scale")
        scale = SCALES[token.lower()] if token.isascii() else SCALES[token]
        pos = sm.end()
    unit = None
    raw_unit = None
    um = _UNIT_RIGHT.match(text, pos)
    if um:
        raw_unit = um.group("unit")
        key = re.sub(r"\s+", " ", raw_unit.lower())
        unit = _UNIT_MAP.get(key) or _UNIT_MAP.get(raw_unit)
        pos = um.end()
        if raw_unit in ("亿元", "万元"):
            scale *= SCALES[raw_unit[0]]
    if cur and unit in (None, "CNY", "USD"):
        unit = cur if unit is None else unit
    right_after = text[pos:pos + 40]
    if num and not zh and unit is None and scale == 1.0 and _is_year(num, right_after):
        return None
    if unit is None and scale == 1.0 and _DURATION_RIGHT.match(right_after):
        return None
    if unit is None and cur is None:
        if _PER_LEFT.search(left):
            return None  # a denominator ("per 10,000 people")
        name_right = _NAME_RIGHT.match(right_after)
        next_word = re.match(r"^[\s-]*([A-Za-z]+)", right_after)
        if (name_right and next_word and next_word.group(1) not in _CAPITALISED_OK) or _NAME_LEFT.search(left):
            return None  # part of a name ("48 Group Club", "Industry 4.0", "Two Sessions")
        if word and _DETERMINER_LEFT.search(left):
            return None  # a reference, not a statement ("the municipality's three leading industries")
    factor = _AREA_FACTOR.get(raw_unit.lower() if raw_unit else "", _AREA_FACTOR.get(raw_unit or "", 1.0))
    value = value * scale * factor
    if value_max is not None:
        value_max = value_max * scale * factor
    counted = None
    if unit is None:
        nm = re.match(r"^\s+((?:(?!(?:in|of|for|to|by|with|from|at|on|that|which|including|across|into|this|"
                      r"last|since|during|as|than|were|was|are|is|has|have|had|will)\b)[a-z0-9][\w&-]*\s*){1,6})",
                      text[pos:pos + 80])
        if nm and nm.group(1).split()[0] in _NOT_NOUNS:
            nm = None
        if nm:
            words = nm.group(1).split()
            # the counted noun ends at its first plural ("provincial-level regions pledged ...")
            head = next((k for k, w in enumerate(words) if w.endswith("s") and not w.endswith("ss")), None)
            counted_text = " ".join(words[: head + 1] if head is not None else words[:3])
        if nm and _PHYSICAL.match(nm.group(1)):
            unit = "number"  # a physical amount ("100 million kilowatts"): the contract has no unit for it
            counted = nm.group(1).split()[0]
        elif nm or zh:
            unit = "count"
            counted = counted_text if nm else None
        else:
            unit = "count" if scale != 1.0 else "number"
    cm2 = _CHANGE_LEFT.search(text[max(0, qstart - 60):qstart])
    change = None
    if cm2 and unit in ("%", "pp"):
        change = "down" if cm2.group("dir").lower() in _DOWN else "up"
        if change == "down":
            value = -value
            value_max = -value_max if value_max is not None else None
    return Quantity(qstart, pos, value, unit, approx, text[qstart:pos], value_max, change, counted)
