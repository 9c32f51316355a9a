"""Chinese words that make a statement about an industry a plan or a priority (加快发展, 培育壮大,
前瞻布局…), a subject that makes it someone else's project, and the words of last year's results.
Used by ``nqpf.extract.priorities``."""

from __future__ import annotations

import re

TRIGGER = re.compile(r"发展|培育|支持|布局|打造|加快|推动|推进|壮大|聚焦|重点|规划|计划|大力|建设|新建|做强|做优|"
                     r"抢占|前瞻|谋划|扶持|引育|攻关")
# a company, institute or person as the subject makes it their own project, not the region's plan
_OTHER_SUBJECT = re.compile(r"(?:公司|集团|企业|股份|有限|大学|学院|研究院|研究所|实验室|专家|学者|记者|"
                            r"董事长|总经理|委员|代表)")
_RESULT = re.compile(r"增长|增至|达到|达|突破|超过|新增|建成|实现|提升至|居全国|位居")
_PLAN_VERB = re.compile(r"将|要|计划|拟|力争|规划|着力|加快建设|布局|大力发展|加快发展|培育|打造|支持|壮大|聚焦")


_OPENS_CLAUSE = re.compile(r"(?:市|省)?(?:提出|明确|将|要|还将|则|也将|计划|着力|聚焦|重点|大力|加快|围绕|依托|获批)")


# 人形机器人创新中心, 集成电路研究院: an industry word at the head of an institution's name
_INSTITUTION_AFTER = re.compile(r"(?:产业)?(?:创新中心|研究院|研究所|实验室|协会|学会|联盟|商会|公司|集团|有限公司)")


def names_an_institution(text: str, end: int) -> bool:
    """Whether the industry word ending at ``end`` of ``text`` heads an institution's name."""
    return bool(_INSTITUTION_AFTER.match(text, end))


def opens_clause(after_region: str) -> bool:
    """'，沧州将重点发展…': the region right after a comma is the subject of a clause of its own."""
    return bool(_OPENS_CLAUSE.match(after_region))


# 依托可再生能源优势, 拥有完整的…产业链: what a place has to build on, not what it plans
_DESCRIPTIVE = re.compile(r"依托[^，,。；;]{0,20}?(?:优势|基础|资源)|拥有[^，,。；;]{0,30}")


def descriptive_spans(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the phrases of ``sentence`` that describe a place's assets rather than plan anything."""
    return [m.span() for m in _DESCRIPTIVE.finditer(sentence)]


_CLAUSE = re.compile(r"[^，,；;]+")


def result_clauses(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of ``sentence`` (between commas and semicolons) that state a result and
    nothing planned (计算机整机、集成电路产量分别增长28.8%; 新增可再生能源装机1004万千瓦): an industry
    there is what grew, not what the region means to grow, whatever another clause of the sentence plans."""
    return [m.span() for m in _CLAUSE.finditer(sentence)
            if _RESULT.search(m.group(0)) and not TRIGGER.search(m.group(0))]


def first_trigger(sentence: str) -> re.Match[str] | None:
    return TRIGGER.search(sentence)


def other_subject(head: str) -> bool:
    """A company, institute or person before the trigger: their own project, not the region's plan."""
    return bool(_OTHER_SUBJECT.search(head))


def reports_results(sentence: str) -> bool:
    """一年来，…产值增长33%: last year's results, with no plan verb."""
    return bool(_RESULT.search(sentence)) and not _PLAN_VERB.search(sentence)


def corpus_view(text: str) -> list[dict]:
    """For the corpus: the first trigger word, another subject before it, and results wording."""
    found = first_trigger(text)
    out: list[dict] = []
    if found:
        out.append({"trigger": found.group(0)})
        if other_subject(text[:found.start()]):
            out.append({"other_subject": True})
    out.extend({"descriptive": text[a:b]} for a, b in descriptive_spans(text))
    out.extend({"result_clause": text[a:b]} for a, b in result_clauses(text) if (a, b) != (0, len(text)))
    if reports_results(text):
        out.append({"results": True})
    return out
