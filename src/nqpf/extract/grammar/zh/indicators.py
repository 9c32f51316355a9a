"""Chinese: what a number measures, in the text's own words (新能源汽车产量, 地区生产总值).
Used by ``nqpf.extract.figures``."""

from __future__ import annotations

import re

from nqpf.extract.quantity_types import Quantity
from nqpf.extract.regions import regions_in


def indicator(local: str, q: Quantity, previous: str | None) -> str:
    """Chinese: the words between the clause start (less its place names) and the verb."""
    clause = re.split(r"[，,；;：:。（(]", local)[-1]
    if q.change or re.search(r"(?:增长|增加|提高|下降|减少)(?:了)?$", clause):
        return f"{previous} growth" if previous else "growth"
    clause = re.sub(r"(?:达到|达|为|突破|超过|超|实现|完成|约|近|逾|共|累计)+$", "", clause)
    for r in regions_in(clause):
        clause = clause.replace(r.text, "")
    clause = re.sub(r"^\d{4}年|^(?:今年|去年|全年|前三季度|上半年)", "", clause).strip()
    return clause[:40] or (previous or q.unit)
