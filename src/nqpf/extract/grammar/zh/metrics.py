"""Chinese: the words that name a figure's metric (地区生产总值, 高新技术企业, 研发投入强度) and
whether a percentage is a growth rate or a share. Used by ``nqpf.extract.figures`` through
``nqpf.extract.metrics``, which decides."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from nqpf.extract.industries import find_industries
from nqpf.extract.metrics import FigureText, WordHit, decide, lowered, placed, split_hits, words_of
from nqpf.extract.quantity_types import Quantity

_CLAUSE = re.compile(r"[，,；;：:。！？!?（）()、]")
_GROWTH = re.compile(r"增长|增速|增幅|涨幅|提高|提升|下降|降低|减少|同比|年均|增加(?!值)|上涨|回落")
# 研发经费投入强度提高到1.95%: the rate's level, not its growth
_LEVEL_OF_A_RATE = re.compile(r"(?:到|至|为|达到?)$")
_SHARE = re.compile(r"占|比重|比例|强度|[^增]率|覆盖")


@cache
def _pattern() -> re.Pattern[str]:
    """One pattern for every metric and aggregate word, longest first (matched in lowercased text)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words_of("zh"), key=len, reverse=True)))


@lru_cache(maxsize=512)
def _hits(text: str) -> tuple[list[WordHit], list[WordHit]]:
    """(metric words, aggregate words) in ``text``; kept for the sentence's other figures."""
    keys = words_of("zh")
    return split_hits([(keys.get(m.group(), ()), m.start(), m.end()) for m in _pattern().finditer(lowered(text))])


# the economy as a whole (经济增长, 全省经济), not a part of it (数字经济, 低空经济, 枢纽经济区)
_ECONOMY = re.compile(r"经济(?:增长|增速|总量|运行|发展|目标)|(?:全省|全市|全区|我省|我市|地区|整体|宏观)经济|"
                      r"GDP|生产总值")
_INDUSTRY_WORD = re.compile(r"产业|制造业|行业")


def figure_text(local: str, after: str, q: Quantity) -> FigureText:
    """The sentence before the number (``local``) and the words after it up to the clause's end; the
    measure of a percentage is read in the number's own clause."""
    clause = _CLAUSE.split(local)[-1]
    tail = _CLAUSE.split(after)[0]
    measure = None
    if q.unit == "%":
        if "贡献" in clause:
            measure = "contribution"  # a share of some growth: no metric has it
        elif _LEVEL_OF_A_RATE.search(clause) and _SHARE.search(clause):
            measure = "share"
        elif q.change or _GROWTH.search(clause[-12:]):
            measure = "growth"
        elif _SHARE.search(clause):
            measure = "share"
        elif _GROWTH.search(clause):
            measure = "growth"
    return FigureText(local, tail, q.unit, measure, economy=bool(_ECONOMY.search(local + after)),
                      industry_subject=bool(_INDUSTRY_WORD.search(clause)))


_ITEM_BREAK = re.compile(r"、|和|及|与")
_LIST_CLAUSE = re.compile(r"[，,；;：:。！？!?（）()]")  # a clause, its lists kept whole
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _respective(local: str) -> str | None:
    """For a number in a list after 分别 (新能源汽车、服务机器人产量分别增长104.2%、36%), the words its
    own item gives: the item whose place in its list the number has, with the list's shared metric
    word (产量) when the item has none of its own; None for a number in no such list."""
    at = local.rfind("分别")
    if at < 0 or _LIST_CLAUSE.search(local[at:]):
        return None
    numbers_before = local[at + 2:]
    verb = re.split(r"\d", numbers_before, maxsplit=1)[0]  # the words before its first number
    place = len(_NUMBER.findall(numbers_before))
    items = [i for i in _ITEM_BREAK.split(_LIST_CLAUSE.split(local[:at])[-1]) if i.strip()]
    if place >= len(items) or len(items) < 2:
        return None
    item = items[place]
    if not _hits(item)[0]:
        shared = _hits(items[-1])[0]
        if not shared:
            return None  # a list of places (唐山、邯郸分别为6%和5.8%): each is an owner, not a metric
        item += items[-1][min(h.start for h in shared):]
    return item + verb


def metric(sentence: str, start: int, end: int, q: Quantity, unit: str,
           industries: list[WordHit]) -> tuple[str, str | None]:
    """(metric, industry) of the figure whose number is ``q``, at ``start``-``end`` of ``sentence``;
    ``industries`` are the sentence's industries, at their places in it."""
    local = sentence[:start]
    read = figure_text(local, sentence[end:], q)
    own = _respective(local)
    if own is None:
        tail = (end, end + len(read.after))
        found, aggregates_found = _hits(sentence)
        metric_hits = placed(found, (start, end), tail)
        aggregate_hits = placed(aggregates_found, (start, end), tail)
    else:  # the item's words stand for the sentence's: its metric and industries are found in them
        read = figure_text(own, sentence[end:], q)
        metric_hits, aggregate_hits = _hits(own + read.after)
        # placed as if the item stood at the sentence's start, the number right after it
        start, end, tail = len(own), len(own), (len(own), len(own) + len(read.after))
        industries = [WordHit(m.industry, m.start, m.end) for m in find_industries(own)]
    if read.after.startswith("的") and any(h.start >= len(read.before) for h in metric_hits):
        # 总规模50亿元的产业基金: the number measures the noun it modifies
        metric_hits = [h for h in metric_hits if h.start >= len(read.before)]
    return decide(read, unit, metric_hits, aggregate_hits, industries, (start, end), tail)


def names_a_metric(text: str) -> bool:
    """Whether ``text`` has any metric's words."""
    return bool(_hits(text)[0])

