"""A document's title is its headline, never the page furniture printed above it."""

from __future__ import annotations

import pytest

from nqpf.ingest import title_from_text


@pytest.mark.parametrize(("text", "title"), [
    ("Skip to main content\nHome / Business / Policies\n\nProvinces unveil chip plans\nBody.",
     "Provinces unveil chip plans"),
    ("Global Edition\nBusiness\nNewspapers in English\nHefei bets on quantum\nText.", "Hefei bets on quantum"),
    ("E-mail desk@example.com Phone 0551-000\n\nAnhui grows emerging industries\n", "Anhui grows emerging industries"),
    ("当前位置:首页 > 新闻 > 经济\n2024-05-17 作者: 来源: 某报\n山东培育新动能\n正文", "山东培育新动能"),
    ("下一篇\n放大+ 缩小- 默认o\n深圳加快形成新质生产力\n", "深圳加快形成新质生产力"),
    ("date 2025-01-20 Coastal provinces set out plans\nBody.", "Coastal provinces set out plans"),
])
def test_titles_skip_page_furniture(text, title):
    assert title_from_text(text) == title
