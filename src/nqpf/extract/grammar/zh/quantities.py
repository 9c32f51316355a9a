"""Chinese quantities: amounts in 元/亿元/万亿元, shares, percentage points, counts with any
measure word (3500家, 13条, 三大产业, 十项), areas in 亩, physical amounts (万吨, 万千瓦), growth
as 倍, approximators (约, 超过, 多, 左右, 以上, 以内, 不到) and signed declines (下降2%).

Chinese numerals are read with cn2an (a kept library, rather than a hand-written table). Not
figures: years and dates, durations (连续48个月, 五年来), ordinals and ranks (第3个, 前十),
numbers inside short quoted names (“新三样”, “20+8”), sizes (8英寸) and model names (运20, C919).
Each phrasing is listed with its value in ``quantities.corpus.yaml`` beside this file.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nqpf.extract.quantity_types import MU_M2, Quantity

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
NUMBER_RE = re.compile(
    r"(?<![\d.A-Za-z])(?<!\d,)(?P<num>\d+(?:,\d{3}(?![\d]))*(?:\.\d+)?)"
    rf"|(?P<cn>[{_CN_DIGITS}]*[一二两三四五六七八九十][{_CN_DIGITS}]*)"
    r"|(?P<bare>[百千万]亿|千万|百万)(?=元|美元)"
)
_SCALES = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5,
           "万": 1e4}
_SCALE = re.compile(r"\s?(?P<more>[多余])?(?P<scale>万亿|千亿|百亿|十亿|千万|百万|十万|亿|万)")
_MORE = re.compile(r"[多余]")
_MONEY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR"}
_UNIT = re.compile(
    r"\s?(?P<unit>美元|港元|港币|欧元|元(?:人民币)?|人民币|%|％|个百分点|百分点|倍|平方公里|平方千米|平方米|平米|亩|公顷|"
    r"千瓦时|万千瓦|千瓦|吉瓦时|吉瓦|兆瓦时|兆瓦|瓦|度电|度|吨标准煤|吨|公斤|千克|斤|立方米|千升|标准箱|标箱|公里|千米|"
    r"GWh|GW|MWh|MW|kWh|kW|TEU|EFLOPS|PFLOPS|PF|P(?![A-Za-z]))(?P<per>/(?:年|人|吨|亩|户|小时))?"
)
_AREA = {"平方公里": 1e6, "平方千米": 1e6, "平方米": 1.0, "平米": 1.0, "亩": MU_M2, "公顷": 1e4}
# Any measure word makes a count; after a Chinese numeral only the common ones do, because
# 三次会议, 二轮承包, 四中全会 are ordinals without 第.
_MEASURE = re.compile(
    r"\s?(?P<mw>个|项|家|条|座|所|台(?!阶)|处|位|件|颗|批|种|类|支|只|辆|艘|架|名|人次|人|户|次|张|块|栋|套|根|份|例|篇|部|款|"
    r"片|场|方面|大|宗|头|株)"
)
_MEASURE_AFTER_NUMERAL = frozenset(
    "个 项 家 条 座 所 台 处 位 件 颗 批 种 类 支 只 辆 艘 架 名 大 方面 场 张 套 片 部 款".split()
)
# Words after a number that make it a date, a duration, an ordinal, a size or a label, never a figure.
_NOT_FIGURE_AFTER = re.compile(
    r"\s?(?:年|个月|个工作日|个季度|月|日|号|时|点(?!\d)|周|天|小时|分钟|秒|季度|世纪|届|期|版|代|轮|级|层|楼|线|路|英寸|寸|纳米|"
    r"微米|毫米|岁|位数|强|名单)"
)
_RANGE_MONTH = re.compile(r"\s?[-—–~～至到]\s?\d{1,2}\s?月")
_RANGE = re.compile(r"\s?(?:%|％)?\s?[-—–~～至]\s?(?P<num2>\d+(?:\.\d+)?)")
_PP_LIST = re.compile(r"个(?:[和、与及]\s?\d+(?:\.\d+)?个)+百分点")
_APPROX_AFTER = re.compile(r"\s?(?P<approx>左右|上下|以上|以内|以下|之内|多)")
_APPROX_AFTER_MAP = {"左右": "about", "上下": "about", "以上": "over", "多": "over", "以内": "under", "以下": "under",
                     "之内": "under"}
_APPROX_BEFORE = re.compile(r"(?P<approx>大约|约|将近|接近|近|超过|超|逾|突破|不少于|不低于|不到|不足|少于)$")
_APPROX_BEFORE_MAP = {"大约": "about", "约": "about", "将近": "about", "接近": "about", "近": "about",
                      "超过": "over", "超": "over", "逾": "over", "突破": "over", "不少于": "over", "不低于": "over",
                      "不到": "under", "不足": "under", "少于": "under"}
_DOWN_BEFORE = re.compile(r"(?:下降|减少|降低|下滑|回落|减|降)(?:了)?$")
_UP_BEFORE = re.compile(r"(?:增长|增加|提高|提升|上升|上涨|扩大|增|涨)(?:了)?$")
_GROWTH_BEFORE = re.compile(r"(?:增长|增加|提高|提升|扩大|增)(?:了)?$")
# Amounts written without 元 ("GDP突破14万亿"): money when the clause is about a money indicator.
_MONEY_CONTEXT = re.compile(
    r"生产总值|GDP|经济总量|产值|营收|营业收入|收入|投资|增加值|销售额|交易额|成交额|进出口|出口额|进口额|零售总额|利润|税收|"
    r"市值|融资|贷款|存款|基金|资金|预算"
)
# Verbs that open a clause counting things ("新增高新技术企业1500"): a bare number at the clause's
# end counts the noun before it.
_COUNT_VERB = re.compile(r"新增|新认定|认定|培育|引进|建成|新建|累计|拥有|落地|签约|集聚|聚集|入驻|设立|组建")
_CLAUSE_END = re.compile(r"\s*(?:[，,、；;。：:)）]|$)")
_CLAUSE_START = re.compile(r"[，,；;。：:！!？?]")
_SHORT_QUOTE = re.compile(r"“[^“”\n]{1,15}”|「[^「」\n]{1,15}」|《[^《》\n]{1,60}》")
_PUNCT = re.compile(r"[，,。；;、！!？?]")
# A quoted amount (“增长5%左右”) is the speaker's figure, not a name.
_QUOTED_AMOUNT = re.compile(r"\d\s?(?:%|％|个百分点|万?亿?元)")
_DENOMINATOR = re.compile(r"每(?![年月季天日周])[^，,；;。]{0,4}$")
_RATIO_PAIR = re.compile(r"每[^，,；;。]{1,12}就有$")
_PARTY_CONGRESS = re.compile(r"(?:的|党)$")
_RANK_LIST_BEFORE = re.compile(r"(?:入选|跻身|进入|位列|全球|世界|全国|中国)$")
_RANK_CLAUSE = re.compile(r"排名|排位|位次|排行|提升|上升|前移|下降|后移")
# 前 before a number ranks or counts from the start (前十, 前三季度); 目前, 此前, 提前 are other words.
_RANK_BEFORE = re.compile(r"(?<![目此之以提当眼空史跟超领])前$|第$|排名$|星期$")



_COUNTED_SIZE_LEFT = re.compile(r"[\d个级]$")
_REPEATED_DIGIT = re.compile(r"([一二两三四五六七八九])\1")
_CONGRESS_AFTER = re.compile(r"大[和、精报以代会]")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
@lru_cache(maxsize=512)
def _cn_value(numeral: str) -> float | None:
    """三 -> 3, 一百亿 -> 1e10, 两 -> 2; None for what is not a numeral (十四五)."""
    import cn2an  # imported on first use: it costs 0.1 s, and English text never needs it

    try:
        return float(cn2an.cn2an(numeral, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _quoted(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Short quoted names and book titles, whose numbers are part of a name (“十四五”, 《…2024年…》)."""
    spans = [(m.start(), m.end()) for m in _SHORT_QUOTE.finditer(text, start, end)
             if m.group(0)[0] == "《" or not (_PUNCT.search(m.group(0)) or _QUOTED_AMOUNT.search(m.group(0)))]
    marks = [q.start() for q in re.finditer('"', text[start:end])]
    marks = [start + i for i in marks]
    for a, b in zip(marks[::2], marks[1::2], strict=False):  # ASCII quotes pair off in order
        if b - a <= 16 and not _PUNCT.search(text, a, b) and not _QUOTED_AMOUNT.search(text, a, b):
            spans.append((a, b + 1))
    return sorted(spans)


def read_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure-like Chinese quantity in ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    quotes = _quoted(text, start, end)
    qi = 0
    out: list[Quantity] = []
    skip_until = -1
    for m in NUMBER_RE.finditer(text, start, end):
        if m.start() < skip_until:
            continue
        while qi < len(quotes) and quotes[qi][1] <= m.start():
            qi += 1
        if qi < len(quotes) and quotes[qi][0] <= m.start():
            continue
        q = _read(text, m, end)
        if q is not None:
            out.append(q)
            skip_until = q.end
    return out


def _skip(text: str, m: re.Match[str], left: str) -> bool:
    """Ordinals, ranks, denominators, ratios, set names, dates and model names."""
    if _RANK_BEFORE.search(left) or _DENOMINATOR.search(left) or _RATIO_PAIR.search(left):
        return True
    nxt = text[m.end():m.end() + 1]
    if left[-1:] in ("+", "×", "/", ":", "：", "-", "—", "~") and m.group("num") or nxt in ("+", "×", "/", ":"):
        return True
    if m.group("num") and (nxt.isascii() and nxt.isalpha() and not _UNIT.match(text, m.end())):
        return True  # 5G, 2000PF is read below as PF; C919 and 问界M9 never start here
    return bool(_NOT_FIGURE_AFTER.match(text, m.end()) or _RANGE_MONTH.match(text, m.end()))


def _read(text: str, m: re.Match[str], limit: int) -> Quantity | None:  # noqa: C901 - one reading, step by step
    start = m.start()
    left = text[max(0, start - 60):start]
    if _skip(text, m, left):
        return None
    num, cn, bare = m.group("num"), m.group("cn"), m.group("bare")
    if num:
        value = float(num.replace(",", ""))
    elif bare:
        if _COUNTED_SIZE_LEFT.search(left):
            return None  # 3个万亿元台阶: the steps are counted, 万亿元 names their size
        value = _SCALES[bare]
    else:
        if cn == "一" or _REPEATED_DIGIT.search(cn):
            return None  # 一 is mostly an article (一批, 一个, 统一, 唯一一个); a count of one is written 1
        found = _cn_value(cn)
        if found is None:
            return None
        value = found
    pos = m.end()
    approx = None
    scaled = bool(bare) or (cn is not None and cn[-1] in "万亿")
    if num and (sm := _SCALE.match(text, pos)) is not None:
        value = round(value * _SCALES[sm.group("scale")], 4)
        approx = "over" if sm.group("more") else None
        pos, scaled = sm.end(), True
    if (mm := _MORE.match(text, pos)) is not None:
        approx = "over"  # 3800多亿元, 100多家, 1万多家
        pos = mm.end()
    value_max = None
    if num and (rm := _RANGE.match(text, pos)) is not None:
        value_max = float(rm.group("num2")) * (value / base if (base := float(num.replace(",", ""))) else 1.0)
        pos = rm.end()
        if _NOT_FIGURE_AFTER.match(text, pos):
            return None  # 2021—2025年: a period
    unit, counted, pos = _unit(text, m, pos, left, value, scaled)
    if unit is None:
        return None
    if unit == "m2":
        factor = next((f for w, f in _AREA.items() if w in text[m.end():pos]), 1.0)
        value *= factor
        value_max = value_max * factor if value_max is not None else None
    change = None
    qstart = start
    am = _APPROX_BEFORE.search(left)
    if am:
        approx = _APPROX_BEFORE_MAP[am.group("approx")]
        qstart = start - len(am.group(0))
    before = left[: len(left) - len(am.group(0))] if am else left
    if unit == "times":
        if not _GROWTH_BEFORE.search(before):
            unit = "number"  # 是2014年的5.2倍: a multiple, not a growth rate
        else:
            unit, value, change = "%", value * 100, "up"  # 增长1.3倍 = +130 %
            value_max = value_max * 100 if value_max is not None else None
    if unit in ("%", "pp") and change is None:
        if _DOWN_BEFORE.search(before):
            change = "down"
            value = -value
            value_max = -value_max if value_max is not None else None
        elif _UP_BEFORE.search(before):
            change = "up"
    if (ap := _APPROX_AFTER.match(text, pos)) is not None and ap.end() <= limit:
        approx = _APPROX_AFTER_MAP[ap.group("approx")]
        pos = ap.end()
    return Quantity(qstart, pos, value, unit, approx, text[qstart:pos], value_max, change, counted)


def _unit(text: str, m: re.Match[str], pos: int, left: str, value: float,
          scaled: bool) -> tuple[str | None, str | None, int]:
    """The unit after the number (and its scale), with the counted measure word and the new end."""
    cn = m.group("cn")
    um = _UNIT.match(text, pos)
    if um:
        unit = um.group("unit")
        end = um.end()
        if unit.startswith("元") or unit in _MONEY:
            return _MONEY.get(unit, "CNY"), None, end
        if unit in ("%", "％"):
            return "%", None, end
        if unit in ("个百分点", "百分点"):
            return "pp", None, end
        if unit == "倍":
            return "times", None, end
        if unit in _AREA:
            return "m2", None, end
        return "number", text[um.start("unit"):end], end  # a physical amount (万吨, 万千瓦, 吨/年, PF)
    if text.startswith("个", pos) and _PP_LIST.match(text, pos):
        return "pp", None, pos + 1  # 分别提高3.2个和2个百分点
    mw = _MEASURE.match(text, pos)
    if mw:
        word = mw.group("mw")
        if cn is not None and word not in _MEASURE_AFTER_NUMERAL:
            return None, None, pos
        if word == "大" and (m.group("num") or _PARTY_CONGRESS.search(left) or _RANK_LIST_BEFORE.search(left) or
                            _CONGRESS_AFTER.match(text, mw.start("mw"))):
            return None, None, pos  # 党的二十大, 入选全球十大品牌: a congress, a ranking list
        if word == "位" and _RANK_CLAUSE.search(_CLAUSE_START.split(left)[-1]):
            return None, None, pos  # 全国排名46位、82位, 分别提升6位: places in a ranking
        if word == "类" and left.endswith("劣"):
            return None, None, pos  # 劣五类水体: a quality class
        return "count", word, mw.end()
    if scaled:
        if text.startswith("级", pos):
            return None, None, pos  # 培育1个400亿级产业名镇: a size class
        # a scale but no unit: money when the clause (or, for 亿, the sentence) is about money
        # (人均地区生产总值突破5万, GDP突破14万亿), else a count (23万)
        clause = _CLAUSE_START.split(left)[-1]
        sentence = _SENTENCE_END.split(left)[-1]
        money = _MONEY_CONTEXT.search(clause) or (value >= 1e8 and _MONEY_CONTEXT.search(sentence))
        return ("CNY" if money else "count"), None, pos
    if m.group("num") and _CLAUSE_END.match(text, pos) and _COUNT_VERB.search(_CLAUSE_START.split(left)[-1]):
        return "count", None, pos  # 新增高新技术企业1500,培育瞪羚企业50
    return None, None, pos


def corpus_view(text: str) -> list[dict]:
    """What the grammar reads in ``text``, as the corpus test compares it."""
    return [{"value": q.value, "unit": q.unit, "approx": q.approx, "value_max": q.value_max,
             "counted_noun": q.counted_noun, "change": q.change} for q in read_quantities(text)]
