"""Chinese cues for a figure's kind and year: targets (目标, 力争, 确保), plans (计划, 将, 拟, 规划),
到2027年, 预计 (an estimate), 2014年的 (the number's own year) and totals over a span (以来, 十年来,
近五年). Used by ``nqpf.extract.figures``."""

from __future__ import annotations

import re

# 将突破, 将达到: a level the region commits to reach is a target; 将新建 (an action and its size) a plan
_TARGET = re.compile(r"目标|力争|确保|将(?:突破|达到|超过|提高到|提升至|提升到)")
_PLAN = re.compile(r"计划|将|(?<![虚模])拟|规划")
_BY_YEAR = re.compile(r"到(?P<year>20\d\d)年")
# 预计 states an estimate: for a finished year it is a result (预计2024年增长5.5%左右), not a target.
_ESTIMATE = re.compile(r"预计")
_YEAR_OF = re.compile(r"((?:19|20)\d\d)年(?:末|底)?的(?:[约近超]|超过)?$")
_SPAN_OF_YEARS = re.compile(r"(?<!年)以来|(?<!\d)(?:[2-9]|\d\d)年来|[两二三四五六七八九十]+年来|"
                            r"近(?:[两二三四五六七八九十]|\d+)年")


# A clause that opens with a verb of intent (打造2个万亿级产业集群, 聚焦七大未来产业, 实施100个项目) states a
# plan, unless it says the thing is done (已, 了, 建成, 累计, 完成). 培育, 引进 and 新建 are left out: a
# review lists its results with them (培育瞪羚企业50家).
_PLAN_VERB_CLAUSE = re.compile(r"(?:^|[，,；;：:、])\s*[\u4e00-\u9fff]{0,4}?(?:要|还将|并|同时|即)?"
                               r"(?:打造|聚焦|实施|谋划|布局)[^，,；;。]*$")
_DONE = re.compile(r"已|了|建成|累计|完成|实现|达到|成为")


# A report on a government work report, published in the year's first months (the two sessions),
# reviews the year just finished: its results with no year are that year's, unless stated as now.
_WORK_REPORT = re.compile(r"工作报告")
_NOW = re.compile(r"目前|当前|现有|如今|截至目前|眼下|已经")
# 增加到761万户, 已经达到350家: the level a span of years ends at (a stock), not a total over the span
_REACHED = re.compile(r"(?:(?:增加|增长|提高|提升|上升|扩大)(?:到|至)|增至|达到|达)了?(?:[约近超]|超过)?$")


def cites_work_report(text: str) -> bool:
    return bool(_WORK_REPORT.search(text))


def states_now(clause: str) -> bool:
    """目前, 现有, 如今: a stock as of publication, whatever year the document reviews."""
    return bool(_NOW.search(clause))


def reaches_level(local: str) -> bool:
    """Whether the text before a number ends with the level it reaches (增加到, 达到, 增至)."""
    return bool(_REACHED.search(local))


def reports_done(sentence: str) -> bool:
    """已, 了, 建成, 累计: the sentence tells what is done."""
    return bool(_DONE.search(sentence))


def plan_clause(local: str) -> bool:
    """Whether the clause that ends at a number (``local``: the sentence up to it) opens with a plan verb."""
    m = _PLAN_VERB_CLAUSE.search(local)
    return m is not None and not _DONE.search(local[m.start():])


def target(sentence: str) -> bool:
    return bool(_TARGET.search(sentence))


def plan(sentence: str) -> bool:
    return bool(_PLAN.search(sentence))


def by_year(sentence: str) -> int | None:
    """到2027年."""
    m = _BY_YEAR.search(sentence)
    return int(m.group("year")) if m else None


def estimate(sentence: str) -> bool:
    return bool(_ESTIMATE.search(sentence))


def year_of(local: str) -> int | None:
    """由2014年的643亿元…: the year written right before the number, with 的."""
    m = _YEAR_OF.search(local)
    return int(m.group(1)) if m else None


def span(clause: str) -> bool:
    """A total over a span of years: 十年来, 近五年, 党的十八大以来 (一年来 is last year, not a span)."""
    return bool(_SPAN_OF_YEARS.search(clause))


def corpus_view(text: str) -> list[dict]:
    """For the corpus: the kind and year cues of a sentence."""
    out: list[dict] = []
    if target(text):
        out.append({"target": True})
    if plan(text):
        out.append({"plan": True})
    if by_year(text):
        out.append({"by": by_year(text)})
    if estimate(text):
        out.append({"estimate": True})
    if plan_clause(text):
        out.append({"plan_clause": True})
    found = year_of(text)
    if found:
        out.append({"year_of": found})
    if span(text):
        out.append({"span": True})
    if cites_work_report(text):
        out.append({"work_report": True})
    if states_now(text):
        out.append({"now": True})
    if reaches_level(text):
        out.append({"reaches": True})
    return out
