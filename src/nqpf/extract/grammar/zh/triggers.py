"""Chinese words that make a statement about an industry a plan or a priority (加快发展, 培育壮大,
前瞻布局…), a subject that makes it someone else's project, and the words of last year's results.
Used by ``nqpf.extract.priorities``."""

from __future__ import annotations

import re

TRIGGER = re.compile(r"发展|培育|支持|布局|打造|加快|推动|推进|壮大|聚焦|重点|规划|计划|大力|建设|做强|做优|"
                     r"抢占|前瞻|谋划|扶持|引育|攻关")
# a company, institute or person as the subject makes it their own project, not the region's plan
_OTHER_SUBJECT = re.compile(r"(?:公司|集团|企业|股份|有限|大学|学院|研究院|研究所|实验室|专家|学者|记者|"
                            r"董事长|总经理|委员|代表)")
_RESULT = re.compile(r"增长|增至|达到|达|突破|超过|新增|建成|实现|提升至|居全国|位居")
_PLAN_VERB = re.compile(r"将|要|计划|拟|力争|规划|着力|加快建设|布局|大力发展|加快发展|培育|打造|支持|壮大|聚焦")


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
    if reports_results(text):
        out.append({"results": True})
    return out
