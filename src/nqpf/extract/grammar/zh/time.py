"""Chinese time expressions: years (2023年, also right after an ASCII comma), periods
(2021年到2024年), relative years (今年, 去年, 前年, 一年来, 刚刚过去的一年), tense cues, the
preliminary estimate 预计, and what a sentence says about when it was written.

A year is 19xx/20xx followed by 年, or in a date (2025-12-10); a number with a unit or measure
word (2000PF, 2000个, 1900亿元, 1900万户) is never a year.
"""

from __future__ import annotations

import re

_YEAR = re.compile(
    r"(?<![\d.])(?<!\d,)(?P<year>(?:19|20)\d{2})(?:(?P<nian>\s?年)|(?P<date>[-/.](?:0?[1-9]|1[0-2])(?![\d]))|"
    r"(?=[\u4e00-\u9fff]))"
)
_PERIOD = re.compile(
    r"(?<![\d.])(?P<y1>(?:19|20)\d{2})\s?年?\s?(?:[-–—~～至到]|——)\s?(?P<y2>(?:19|20)?\d{2})\s?年"
)
# The word right after "2025" that makes it a count or an amount, not a year.
_UNIT_AFTER = re.compile(r"[万亿千百个家项条座所台处位件颗批种类名人户次元%％]")
_RELATIVE = re.compile(
    r"(?P<base>[比较同与])?(?P<word>去年|上年|今年|本年|明年|来年|前年|当前|目前|刚刚过去的一年|过去的一年|过去一年|"
    r"(?<![十百千两二三四五六七八九\d])一年来)(?P<same>同期)?"
)
_OFFSETS = {"去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1, "来年": 1, "前年": -2, "当前": 0, "目前": 0,
            "刚刚过去的一年": -1, "过去的一年": -1, "过去一年": -1, "一年来": -1}
# Plan and forecast cues. 拟 inside 虚拟/模拟 and 要 inside 主要/重要/需要 are other words.
_FUTURE = re.compile(
    r"将(?!近)|计划|(?<![虚模])拟|力争|目标|预计|规划|到20\d\d年|(?<![主重需只纲必概摘])要(?![素求闻点])|确保"
)
_PAST = re.compile(r"达到|实现|完成|同比增长|增长了|比上年|较上年|全年")
_ESTIMATE = re.compile(r"预计(?!将|到|在|于|今后|未来|明年|下一步|\d{4}年底前)")
_ESTIMATE_FULL_YEAR = re.compile(r"预计[^，,；;。]{0,12}全年|全年[^，,；;。]{0,6}预计")
# Statements of a quantity (a result for the period) as opposed to events ("启动", "发布").
_STATISTIC = re.compile(
    r"\d[\d.,]*\s?(?:%|％|个百分点|万|亿|元|倍|家|个|项|人|户|辆|座|条|件|颗|台|吨|千瓦)|增长|下降|增加|减少|提高|突破"
)
_PART_OF_YEAR_AFTER = re.compile(
    r"^\s?年?\s?(?:\d{1,2}\s?月|[一二三四1-4]\s?季度|上半年|下半年|前[一二三四五六七八九十\d]+(?:个月|季度)|"
    r"\d{1,2}\s?[-—–~至]\s?\d{1,2}\s?月|[1-9一二三四五六七八九十]+(?:至|到|-|—)[1-9一二三四五六七八九十]+月)"
)
_REVIEW_OF_YEAR = re.compile(r"^\s?年?\s?(?:和“?[^”\s]{0,8}”?)?(?:工作)?回顾")
_REVIEW_BEFORE = re.compile(r"(?:回顾|刚刚过去的|过去的)$")
_PLAN_FOR_YEAR = re.compile(
    r"^\s?年?\s?(?:的)?(?:经济社会发展|发展|全省|全市|全区)?(?:主要|重点)?(?:预期)?(?:目标|任务|工作|计划|政府工作报告)|"
    r"^\s?年?\s?[,，]?\s?要"
)
_CLAUSE_CUT = re.compile(r"[,，;；:：。!！?？]")
_TIME_WORDS = re.compile(r"[截至到在于从自底末前初年月日\d\s]")






_SENTENCE_END = re.compile(r"[。；;!！?？]")
_PLAN_WORDS = re.compile(r"将|计划|力争|目标|规划")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日")
def tense(sentence: str) -> str:
    """``future`` when a plan or forecast cue is present, ``past`` for result cues, else ``present``."""
    if _FUTURE.search(sentence):
        return "future"
    return "past" if _PAST.search(sentence) else "present"


def is_future(sentence: str) -> bool:
    """A plan or forecast cue: 将, 计划, 拟, 力争, 目标, 预计, 规划, 到2027年, 要, 确保."""
    return bool(_FUTURE.search(sentence))


def may_be_relative(sentence: str) -> bool:
    """A cheap test before the relative-year alternation."""
    return "年" in sentence or "当前" in sentence or "目前" in sentence


def relative_offset(sentence: str) -> tuple[int, bool] | None:
    """The first relative year as an offset from the publication year, and whether it names the
    period itself: 比上年 and 去年同期 are comparison bases, not the period a number describes."""
    first_base = None
    for m in _RELATIVE.finditer(sentence):
        offset = _OFFSETS[m.group("word")]
        if offset == -1 and m.group("word") in ("去年", "上年") and (m.group("base") or m.group("same")):
            first_base = first_base or (offset, False)
            continue
        return offset, True
    return first_base


_TARGET_MET = re.compile(r"(?:完成|实现|达成|超额完成)[^，,；;。]{0,16}目标")


def target_met(sentence: str) -> bool:
    """顺利完成全年主要目标任务: the targets were met, so the sentence's figures are results."""
    return bool(_TARGET_MET.search(sentence))


def is_estimate(sentence: str) -> bool:
    """预计 for a result ("预计地区生产总值增长6%左右"), not 预计将 / 预计到2027年 (a forecast)."""
    return bool(_ESTIMATE.search(sentence))


def explicit_years(sentence: str) -> list[tuple[int, int, int | None, str]]:
    """(start, end, year, relation) for every year; ``year`` is None for a period (2021年到2024年)."""
    if "年" not in sentence and "-" not in sentence and "/" not in sentence and not _YEAR.search(sentence):
        return []
    out: list[tuple[int, int, int | None, str]] = []
    taken = -1
    for m in _PERIOD.finditer(sentence):
        out.append((m.start(), m.end(), None, "period"))
        taken = max(taken, m.end())
    periods = [(a, b) for a, b, _, _ in out]
    for m in _YEAR.finditer(sentence):
        if any(a <= m.start() < b for a, b in periods):
            continue
        if not m.group("nian") and not m.group("date") and _UNIT_AFTER.match(sentence, m.end()):
            continue
        year = int(m.group("year"))
        relation = _relation(sentence, m) if (m.group("nian") or m.group("date")) else "name"
        out.append((m.start(), m.end(), year, relation))
    out.sort()
    return out


def _relation(sentence: str, m: re.Match[str]) -> str:
    before = sentence[max(0, m.start() - 4):m.start()]
    after = sentence[m.end():m.end() + 6]
    if before.endswith("自") or after.startswith(("以来", "起", "开始")) or \
            (before.endswith("从") and not after.startswith("的")):
        return "since"
    if before.endswith(("比", "较", "与", "同")) or \
            (before.endswith(("是", "为", "相当于")) and after.startswith("的")):
        return "since"  # a comparison base ("比2022年增长", "是2014年的5.2倍")
    if before.endswith(("到", "至", "截止")) and not after.startswith("的"):
        return "by"  # 到2027年 / 截至2024年底: a deadline or an as-of date; 增长到2023年的 is the value's year
    if after.startswith(("前", "底前", "末前")):
        return "by"  # 2025年底前
    return "in"


def year_bounds(sentence: str) -> list[tuple[tuple[int, int, int | None, str], tuple[int, bool] | None]]:
    """Each year of ``sentence`` with the earliest publication year it allows and whether that
    bound also estimates the publication year (an event's year does not), or None.

    - A review of a year (2024年工作回顾, 刚刚过去的2025年) or a whole-year result
      (2023年,福建省地区生产总值5.4万亿元; 预计全年经济增速5%左右) is written after that year.
    - A part of a year (2025年10月, 2024年前三季度), an event (2021年,上海发布《规划》) or the
      year a plan is for (2025年主要目标任务, 2024年要...) allows that same year.
    - A deadline (到2027年), a forecast (将突破) or a comparison base (比2022年) says nothing.
    - A period reported as done (2021年到2024年年均增速...) ends by then.
    """
    refs = explicit_years(sentence)
    return [(ref, _bound(sentence, ref)) for ref in refs]


def _clause(sentence: str, start: int, end: int) -> str:
    a = 0
    for m in _CLAUSE_CUT.finditer(sentence, 0, start):
        a = m.end()
    cut = _CLAUSE_CUT.search(sentence, end)
    clause = sentence[a:cut.start() if cut else len(sentence)]
    if not _TIME_WORDS.sub("", clause.replace(sentence[start:end], "", 1)).strip():
        # "2023年," or "截至2024年底," opens the sentence: the year scopes over all of it
        stop = _SENTENCE_END.search(sentence[end:])
        clause = sentence[a:end + stop.start() if stop else len(sentence)]
    return clause


def _bound(sentence: str, ref: tuple[int, int, int | None, str]) -> tuple[int, bool] | None:
    start, end, year, relation = ref
    after = sentence[end:end + 30]
    if relation == "period":
        m = _PERIOD.match(sentence, start)
        if m is None or is_future(sentence[:start] + sentence[end:]):
            return None
        tail = m.group("y2")
        return (int(tail) if len(tail) == 4 else int(m.group("y1")) // 100 * 100 + int(tail)), True
    if year is None or relation in ("name", "since"):
        return None
    if _REVIEW_OF_YEAR.match(after) or _REVIEW_BEFORE.search(sentence[max(0, start - 6):start]):
        return year + 1, True
    if _PLAN_FOR_YEAR.match(after):
        return year, True
    clause = _clause(sentence, start, end)
    rest = clause.replace(sentence[start:end], "", 1)
    if is_estimate(clause) and not _PLAN_WORDS.search(clause):
        return (year + 1, True) if _ESTIMATE_FULL_YEAR.search(clause) else (year, True)
    if relation == "by" and not _STATISTIC.search(rest):
        return None
    if is_future(clause):
        return None
    statistic = bool(_STATISTIC.search(rest))
    if _PART_OF_YEAR_AFTER.match(after):
        return year, statistic
    if statistic:
        return year + 1, True
    return year, False


def date_bounds(sentence: str) -> list[tuple[int, bool]]:
    """Full dates (2026年1月6日) are on or before publication."""
    return [(int(m.group(1)), True) for m in _FULL_DATE.finditer(sentence)]


def corpus_view(text: str) -> list[dict]:
    """Years with the publication bound each gives, the relative year and the estimate cue."""
    out: list[dict] = [{"year": year, "relation": relation, "bound": bound[0] if bound else None,
                        "estimate_of_publication": bound[1] if bound else None}
                       for (_, _, year, relation), bound in year_bounds(text)]
    rel = relative_offset(text) if may_be_relative(text) else None
    if rel is not None:
        out.append({"relative": rel[0], "period": rel[1]})
    if is_estimate(text):
        out.append({"estimate": True})
    return out
