"""Chinese section headings and paragraph openings that set a stretch of a report's time and kind:
"一、2024年工作回顾" (the review: last year's results, actual), "二、2025年主要目标任务" and
"三、2025年重点工作" (this year's targets and plans), 主要预期目标 (the targets paragraph),
过去一年/一年来 (a paragraph about last year). Used by ``nqpf.extract.sections``."""

from __future__ import annotations

import re

_NUMERAL = "[一二三四五六七八九十]{1,3}"
_HEADING = re.compile(rf"^[\s　]*(?:{_NUMERAL}、|[（(]{_NUMERAL}[）)]|第{_NUMERAL}部分)")
# （一）锚定目标攻坚…: a sub-heading names a theme of its section, and changes the section's time only
# when it names a year (（三）今年工作安排 does)
_SUB_HEADING = re.compile(rf"^[\s　]*[（(]{_NUMERAL}[）)]")
_THIS_YEAR = re.compile(r"今年|本年|明年")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_REVIEW = re.compile(r"回顾|工作总结|过去[一的]年|一年来|成绩")
_FORWARD = re.compile(r"目标|任务|安排|重点工作|总体要求|工作部署|关于\d{4}年")
_TARGETS = re.compile(r"主要预期目标|预期目标是|预期目标为|主要目标是|主要目标为|预期目标建议为")
_REVIEW_OPENING = re.compile(r"^[\s　—-]*(?:过去一年|过去的一年|刚刚过去的一年|一年来|回顾\d{4}年)")
_MAX_HEADING = 40


def heading(line: str, published_year: int | None) -> tuple[str, int | None] | None:
    """('review' | 'forward', year) for a section heading line, else None."""
    text = line.strip(" \t　")
    if len(text) > _MAX_HEADING or not (_HEADING.match(line) or text.endswith(("回顾", "工作回顾"))):
        return None
    year_match = _YEAR.search(text)
    year = int(year_match.group(1)) if year_match else None
    if year is None and _SUB_HEADING.match(line) and not _THIS_YEAR.search(text):
        return None
    if _REVIEW.search(text):
        return "review", year or (published_year - 1 if published_year else None)
    if _FORWARD.search(text) or (year and published_year and year >= published_year):
        return "forward", year or published_year
    return None


_TARGET_SECTION = re.compile(r"目标")


def targets_section(heading_text: str) -> bool:
    """二、2025年主要目标任务: the section's numbers are targets."""
    return bool(_TARGET_SECTION.search(heading_text))


def targets_paragraph(text: str) -> bool:
    """主要预期目标是：…: every number after the cue in this paragraph is a target."""
    return bool(_TARGETS.search(text))


def targets_position(text: str) -> int | None:
    m = _TARGETS.search(text)
    return m.end() if m else None


# 实现上述目标，要重点抓好以下工作: a targets section turns to its tasks, whose numbers are this year's
# plans unless they say otherwise (力争…, 确保…)
_TASKS_OPENING = re.compile(r"(?:抓好|做好)[^。，,]{0,12}(?:工作|任务)[：:。]?\s*$")


def tasks_opening(text: str) -> bool:
    return bool(_TASKS_OPENING.search(text.strip()))


def review_opening(text: str) -> bool:
    """过去一年，…/一年来，…: a paragraph about last year."""
    return bool(_REVIEW_OPENING.match(text))


def corpus_view(text: str) -> list[dict]:
    """For the corpus: a heading's role and year (publication year 2025), or the paragraph cue."""
    out: list[dict] = []
    found = heading(text, 2025)
    if found:
        out.append({"section": found[0], "year": found[1]})
    if targets_paragraph(text):
        out.append({"targets": True})
    if review_opening(text):
        out.append({"review_paragraph": True})
    if tasks_opening(text):
        out.append({"tasks": True})
    return out
