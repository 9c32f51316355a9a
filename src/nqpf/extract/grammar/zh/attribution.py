"""Chinese words that decide whose a fact is: 全省/我市/该省 anaphors, 全国 comparison frames,
central actors. Used by ``nqpf.extract.attribution``."""

from __future__ import annotations

import re

# 全省/我省/本省/该省 (province), 全市/我市/本市/该市 (city or municipality), 全区/自治区 (autonomous region).
_ANAPHOR = re.compile(r"(?P<word>(?:全|我|本|该|这个)(?P<level>省|市|区|自治区)|我们|我国)")
# 全国 used as a frame or rank (居全国第2位, 高于全国平均水平, 与全国一致, 占全国, 全国首个), as the whole of a share
# (贡献了全国38.7%的增量) or inside a word (全国产化, 全国人大) is never the owner of the clause's fact.
_FRAME_BEFORE = re.compile(r"(?:居|位居|位列|位于|列|高于|低于|快于|慢于|超过|超出|占|领跑|领先|比|较|排名|跻身|"
                           r"进入|在|于|成为|是|与|同)$")
_FRAME_AFTER = re.compile(r"^(?:第|平均|前列|首|领先|同类|之首|之最|同期|水平|增速|增幅|[一二三四五六七八九十]+[强大]|"
                          r"\d+强|产化|人大|政协|性|范围|层面|统一|各地|各省|[\d.]+%|[^，,。；;]{0,8}?(?:第[一二三四五六七八九十\d]|"
                          r"前列|首位|首个|首家|领先|之首|最高|最大|第一))")
_CENTRAL_ACTOR = re.compile(r"(?:党中央|国务院|中央政府|国家发展改革委|国家发改委|工业和信息化部|工信部|科技部|"
                            r"中共中央|中央经济工作会议提出|国家层面)")
_CENTRAL_REFERENCE = re.compile(r"(?:贯彻|落实|按照|根据|依据|遵循|学习|深入学习)[^，,。；;]{0,20}$")
_CN_WORDS = ("中国", "全国", "我国")
_NATIONAL_SOURCE = re.compile(r"(?:国家统计局|海关总署|工业和信息化部|工信部|国家发展改革委|国家发改委|"
                              r"国家能源局|国务院新闻办)[^，,。；;]{0,12}(?:数据|统计|显示|发布|公布)")


def national_source(clause: str) -> bool:
    """国家统计局数据显示: a national body's statistic."""
    return bool(_NATIONAL_SOURCE.search(clause))


def anaphor_level(clause: str) -> tuple[str, int] | None:
    """('province' | 'city' | 'self', position) of 全省/我市/该省... or 我们 in ``clause``."""
    for m in _ANAPHOR.finditer(clause):
        word = m.group("word")
        if word == "我国":
            continue
        if word == "我们":
            return "self", m.start()
        level = m.group("level")
        if level == "区" and not word.startswith(("全", "我", "本")):
            continue  # 该区 is a district: too small to own a provincial figure
        return ("province" if level in ("省", "自治区", "区") else "city"), m.start()
    return None


def our_country(clause: str) -> bool:
    return "我国" in clause


def central_actor(text: str) -> bool:
    return bool(_CENTRAL_ACTOR.search(text))


def central_reference(before: str) -> bool:
    return bool(_CENTRAL_REFERENCE.search(before))


def is_comparison_frame(word: str, before: str, after: str) -> bool:
    """全国 as a frame or rank, 中国 in a zone or company name before （...）."""
    if word not in _CN_WORDS:
        return False
    if word == "全国" and (_FRAME_AFTER.match(after) or _FRAME_BEFORE.search(before)):
        return True
    # 中国（安徽）自贸试验区: a zone's name; 中国特色社会主义, 中国式现代化: an adjective of a doctrine
    return word == "中国" and bool(re.match(r"^(?:[（(]|特色|式)", after))


_COORDINATOR = re.compile(r"^\s*(?:、|和|及|与|以及)\s*$")
# from the last listed region to its number: the predicate only (等地为, 分别为, 增长), no other clause
_OWNER_REACH = re.compile(r"^[^，,；;。：:（(]{0,16}$")


def coordinated(between: str) -> bool:
    """'、', '和' between two region names: one list."""
    return bool(_COORDINATOR.match(between))


def locates(between: str) -> bool:
    """Chinese names a city with its province before it (湖南长沙), never after: no apposition to skip."""
    return False


def owner_reaches(between: str, *, subject: bool = False) -> bool:
    """Whether the words from a listed region to a number leave the list its subject (等地为6.5%)."""
    return bool(_OWNER_REACH.match(between))


def respectively(sentence: str) -> bool:
    """分别: the listed subjects take the listed numbers in order."""
    return "分别" in sentence


_VENUE_BEFORE = re.compile(r"(?:在|于)$")
_VENUE_AFTER = re.compile(r"^(?:市|省)?(?:隆重)?(?:开幕|召开|举行|闭幕|举办)")


def venue(before: str, after: str) -> bool:
    """在南昌开幕, 于北京召开: the place a meeting sat, not what the text is about."""
    return bool(_VENUE_BEFORE.search(before) and _VENUE_AFTER.match(after))


_PROVINCES_AFTER = re.compile(r"(?:个)?(?:省份|省区市|省（区、市）|省\(区、市\)|省市区)")


def counts_provinces(after: str) -> bool:
    """20个省份, 12个省（区、市）: a count of the country's provinces."""
    return bool(_PROVINCES_AFTER.match(after))
