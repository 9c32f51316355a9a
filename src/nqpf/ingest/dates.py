"""Publication dates: from metadata values and from explicit datelines in the text.

Only dates written in the input count; nothing here ever falls back to today.
"""

from __future__ import annotations

import datetime as dt
import re

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_DATELINE_WINDOW = 400
_DATE_LINE_WINDOW = 10  # lines

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# Any word here, checked against _MONTHS afterwards: far faster than a 20-way alternation.
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"

_DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", re.I)
_DATELINES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"),
    re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
)

# A date labelled as the publication date, with a two-digit year ("Pub Date:24-02-22 11:19").
_LABELLED_SHORT = re.compile(
    r"(?i:\b(?:pub(?:lished|lication)?\s*date|published|updated|posted|release date)\s*[:：]\s*)"
    r"(?P<year>\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?![\d-])"
)
# A photo caption's date is when the photo was taken, not when the text was published.
_CAPTION = re.compile(
    r"(?i:\bphotos?\b|\bpictured\b|\bimage\b|\bVCG\b|\bIC photo\b|\bfile photo\b|\bshows\b)|图为|图片|摄影|\S摄(?:\s|$)"
)
# A date inside a long prose line ("At 7:26 am on December 26, 2025, a rocket took off") dates an
# event; a dateline stands on a short line or opens one.
_PROSE_LINE = 160
_DATELINE_LEAD = 40
_EVENT_LEAD = re.compile(r"(?i:\b(?:on|at|in|since|by|from|until|till|before|after|of)\s+$)|[.!?]")
_YEAR = re.compile(r"\d{4}")
_ISO_YEAR = re.compile(r"(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_ISO_DAY = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ZH_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")


def published_from_text(text: str) -> str | None:
    """Return the date of an explicit ``date YYYY-MM-DD`` line or an early dateline, as YYYY-MM-DD.

    The ``date`` line is looked for in the first lines; datelines such as
    ``10:27, January 16, 2025``, ``16 January 2025``, ``2025-01-16`` or
    ``Pub Date:24-02-22`` only in the first 400 characters, where a byline puts
    them. A photo caption's date ("... on December 12, 2025 Photo: VCG") and a
    date inside a long line of prose (an event's date) are not datelines.
    """
    for line in text.split("\n", _DATE_LINE_WINDOW)[:_DATE_LINE_WINDOW]:
        match = _DATE_LINE.match(line)
        if match:
            found = _from_match(match)
            if found:
                return found
    head = text[:_DATELINE_WINDOW]
    if not _YEAR.search(head) and not _LABELLED_SHORT.search(head):
        return None  # every dateline has a year; most texts are rejected here cheaply
    candidates = [match for pattern in _DATELINES for match in pattern.finditer(head)]
    for match in sorted(candidates, key=lambda m: m.start()):
        if not _is_dateline(text, match.start()):
            continue
        found = _from_match(match)
        if found:
            return found
    if (match := _LABELLED_SHORT.search(head)) is not None:
        return _ymd("20" + match["year"], match["month"], match["day"])
    return None


def _is_dateline(text: str, pos: int) -> bool:
    """Whether the date at ``pos`` stands where a byline puts it: not in a photo caption, and on a
    short line or at the start of one."""
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if _CAPTION.search(line):
        return False
    if len(line.strip()) <= _PROSE_LINE:
        return True
    lead = text[line_start:pos]
    # "BEIJING, March 05, 2025 (GLOBE NEWSWIRE) --" opens a line; "At 7:26 am on December 26, 2025" is an event
    return len(lead) <= _DATELINE_LEAD and not _EVENT_LEAD.search(lead)


def normalise_published(value: object) -> str | None:
    """Normalise a metadata date to ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; junk gives None.

    Accepts ISO dates and datetimes, ``YYYY/MM/DD``, ``YYYYMMDD``, a bare year
    (string or int), Chinese ``2024年2月18日`` and English month-name dates.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"{value:04d}" if _MIN_YEAR <= value <= _MAX_YEAR else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    if match := _ISO_DAY.fullmatch(value) or _COMPACT_DAY.fullmatch(value):
        return _ymd(*match.groups()[:3])
    if match := _ISO_MONTH.fullmatch(value):
        return _ym(*match.groups())
    if match := _ISO_YEAR.fullmatch(value):
        return match[1] if _MIN_YEAR <= int(match[1]) <= _MAX_YEAR else None
    for pattern in _DATELINES:
        if (match := pattern.search(value)) and (found := _from_match(match)):
            return found
    if match := _ZH_MONTH.search(value):
        return _ym(*match.groups())
    return None


def _from_match(match: re.Match[str]) -> str | None:
    month = match["month"]
    month_number = _MONTHS.get(month.lower()) if month.isalpha() else int(month)
    if month_number is None:
        return None
    return _ymd(match["year"], str(month_number), match["day"])


def _ymd(year: str, month: str, day: str) -> str | None:
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:  # 2024-02-30 and the like are not dates
        return None
    return date.isoformat() if _MIN_YEAR <= date.year <= _MAX_YEAR else None


def _ym(year: str, month: str) -> str | None:
    if _MIN_YEAR <= int(year) <= _MAX_YEAR and 1 <= int(month) <= 12:
        return f"{int(year):04d}-{int(month):02d}"
    return None
