"""The names a page shows for the IDs the store keeps: industries from the taxonomy (English, and
Chinese beside it), regions in English and Chinese, metrics by their first English words."""

from __future__ import annotations

import re
from typing import Any

from nqpf.extract import gazetteer
from nqpf.extract.gazetteer import region_name
from nqpf.extract.metrics import load_metrics
from nqpf.extract.taxonomy import load_industries


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def industry_en(industry: Any) -> str:
    """An industry's English name from the taxonomy, capitalised ('New energy vehicles'); an ID the
    taxonomy does not know is shown as it is."""
    found = load_industries().get(str(industry))
    # an aggregate of metrics.yaml (high_tech_manufacturing) is no taxonomy industry: its ID in words
    return _capitalised(found.en if found else str(industry).replace("_", " "))


def industry_zh(industry: Any) -> str:
    """An industry's Chinese name from the taxonomy ('' for an ID it does not know)."""
    found = load_industries().get(str(industry))
    return found.zh if found else ""


# the endings of a province-level name that its short form drops (广东省 -> 广东, 内蒙古自治区 -> 内蒙古)
_ZH_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")


def region_zh(code: Any) -> str:
    """A region's Chinese name ('' for China as a whole's foreign partners and unknown codes)."""
    text = str(code)
    if text == gazetteer.CHINA:
        return "中国"
    try:
        return gazetteer.division(text).name_zh if text.isdigit() else ""
    except KeyError:
        return ""


def region_zh_short(code: Any) -> str:
    """A province's short Chinese name, as on a map tile: 广东, 内蒙古, 香港."""
    name = region_zh(code)
    for suffix in _ZH_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def region_city_of(code: Any) -> str:
    """'' for a province or China; for a city or county, its province's English name (for labels)."""
    text = str(code)
    if not text.isdigit():
        return ""
    try:
        province = gazetteer.province_of(text)
    except KeyError:
        return ""
    return region_name(province) if province != text else ""




def metric_name(metric: Any) -> str:
    """A metric's first English words from ``metrics.yaml`` ('GDP growth'); an unknown ID in words."""
    found = load_metrics().get(str(metric))
    words = found.words.get("en") if found else None
    return _capitalised(words[0] if words else str(metric).replace("_", " "))


# the last syllable of the long one-word province names (Heilong|jiang, Guang|dong, Chong|qing)
_FINAL_SYLLABLE = re.compile(r"(?<=[a-z])(?=(?:jiang|dong|qing|ning|hai|jing|zhou|chuan|xia|nan|bei|xi)$)")


def tile_label(name: str) -> str:
    """A name for a map square as narrow as a phone makes it: a long word gets a soft hyphen before its
    last syllable, so 'Heilongjiang' breaks as 'Heilong-jiang' instead of being cut off."""
    return " ".join(_FINAL_SYLLABLE.sub("\u00ad", w, count=1) if len(w) > 7 else w for w in name.split(" "))
