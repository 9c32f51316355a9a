"""The time and kind a stretch of a document sets for the numbers in it: a work report's review of
last year (results, actual), its targets paragraph and its plans for this year. Each sentence gets
a ``Frame``; figures use it when the sentence itself says nothing. The phrasings are in the
language grammars (``grammar/zh/sections.py``, ``grammar/en/sections.py``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nqpf.extract.context import DocContext
from nqpf.extract.grammar.en import sections as en
from nqpf.extract.grammar.zh import sections as zh


@dataclass(frozen=True)
class Frame:
    """What the surrounding section says about a sentence's numbers."""

    review: bool = False  # a stretch about the finished year: results are actual
    year: int | None = None  # the year the section is about
    targets_from: int | None = None  # absolute offset after which numbers are targets (主要预期目标是：)


NONE = Frame()
_CJK = re.compile(r"[\u4e00-\u9fff]")


def frames(ctx: DocContext) -> list[Frame]:
    """One ``Frame`` per sentence of ``ctx``, in order."""
    out: list[Frame] = []
    section: Frame = NONE
    paragraph: int | None = None
    paragraph_frame: Frame = NONE
    has_cjk = ctx.document.language == "zh" or _CJK.search(ctx.text, 0, 2000) is not None
    for sf in ctx.sentences:
        if not has_cjk:
            if sf.sentence.paragraph != paragraph:
                paragraph = sf.sentence.paragraph
                found = en.heading(sf.text, ctx.published_year)
                if found:  # "2024 in review", "2025 targets": a heading line over the lines after it
                    role, year = found
                    targets = sf.sentence.end if role == "forward" and en.targets_section(sf.text) else None
                    section = Frame(review=role == "review", year=year, targets_from=targets)
            out.append(section)
            continue
        if sf.sentence.paragraph != paragraph:
            paragraph = sf.sentence.paragraph
            found = zh.heading(sf.text, ctx.published_year)
            if found:
                role, year = found
                targets = sf.sentence.end if role == "forward" and zh.targets_section(sf.text) else None
                section = Frame(review=role == "review", year=year, targets_from=targets)
                paragraph_frame = section
            elif zh.review_opening(sf.text) and not section.review:
                year = ctx.published_year - 1 if ctx.published_year else None
                paragraph_frame = Frame(review=True, year=year)
            elif section.targets_from is not None and zh.tasks_opening(sf.text):
                section = paragraph_frame = Frame(review=False, year=section.year)  # the tasks after the targets
            else:
                paragraph_frame = section
        position = zh.targets_position(sf.text)
        if position is not None:
            paragraph_frame = Frame(review=False, year=section.year if not section.review else None,
                                    targets_from=sf.sentence.start + position)
        out.append(paragraph_frame)
    return out
