"""Time as a reader of the text sees it: which years a sentence names, what "last year" or 去年 is,
when a text must have been written, and which date is the publication date."""

import pytest

from nqpf.extract.pipeline import extract
from nqpf.extract.timeexpr import (
    estimate_is_actual,
    explicit_years,
    infer_published_year,
    is_target_met,
    relative_year,
    tense,
)
from nqpf.ingest.dates import published_from_text
from nqpf.model import Document


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["In 2023, the province's exports grew 6 percent."], 2024),
        (["By the end of 2023, the province had 452,000 charging piles."], 2024),
        (["Local governments unveiled their growth targets for 2024 in January."], 2024),
        # an event's year bounds the date but does not estimate it
        (["In 2009, the country's first large wind power base started construction."], None),
        (["In 2009, the base started construction.", "In 2023, its output rose 12 percent."], 2024),
        (["The support policy introduced in 2024 further boosts the zone.",
          "Quantum technology was a highlight of the city's government work report 2024."], 2024),
        # a future target year says nothing about when the text was written
        (["The zone is preparing for 6G's projected commercial rollout around 2030."], None),
        (["The province should take the lead in reaching that level by 2035."], None),
        (["The city aims to double its computing power by 2027."], None),
        (["The region made notable progress during the 14th Five-Year Plan period (2021-25)."], 2025),
        # Chinese: a year after an ASCII comma, a review heading, numbers with units are no years
        (["深圳市市长在政府工作报告中指出,2023年深圳市地区生产总值为34606.40亿元,同比增长6%。"], 2024),
        (["一、2024年工作回顾", "全省地区生产总值增长5.8%。", "二、2025年主要目标任务"], 2025),
        (["总算力突破7000PF、增长34.6%,智能算力达2000PF。"], None),
        (["四川已前瞻布局2000个基础研究项目,技术合同成交额突破1900亿元。"], None),
        (["2024年,湖南预计全年经济增速5%左右,总量为5.3万亿元左右。"], 2025),
        (["到2027年,全市算力规模将达到10EFLOPS。"], None),
    ],
)
def test_time_publication_year_from_the_text(sentences, expected):
    assert infer_published_year(sentences) == expected


def test_time_years_in_chinese_text():
    after_ascii_comma = "报告指出,2022年,辽宁省战略性新兴产业实现增加值2212.2亿元"
    assert [(y.year, y.relation) for y in explicit_years(after_ascii_comma)] == [(2022, "in")]
    assert explicit_years("已前瞻布局2000个基础研究项目,经营主体突破1900万户,突破1900亿元") == []
    assert [(y.year, y.relation) for y in explicit_years("2021年到2024年年均增速高于GDP年均增速0.5个百分点")] == \
        [(None, "period")]
    assert [(y.year, y.relation) for y in explicit_years("国家高新技术企业2023年超2.4万家,是2014年的5.2倍")] == \
        [(2023, "in"), (2014, "since")]
    assert [(y.year, y.relation) for y in explicit_years("到2027年,产业规模将突破万亿元")] == [(2027, "by")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("去年全省地区生产总值增长5.8%", 2024),
        ("前年启动的项目已经投产", 2023),
        ("刚刚过去的一年,全省地区生产总值增长5.1%", 2024),
        ("一年来,全省万亿级产业增至6个", 2024),
        ("今年前三季度全市规上工业增加值同比增长8.1%", 2025),
        ("规上工业增加值比去年同期提高2.4个百分点", None),  # a comparison base, not a period
        ("十年来,经营主体数量增加到761万户", None),
        ("Tianjin's GDP grew 5.1 percent last year.", 2024),
        ("Revenue doubled from the year before last.", 2023),
        ("Retail sales rose 5.1 percent from a year earlier in the first half of this year.", 2025),
    ],
)
def test_time_relative_years(sentence, expected):
    assert relative_year(sentence, 2025) == expected


def test_time_estimates_of_a_finished_year_are_results():
    assert estimate_is_actual("预计地区生产总值增长6%左右", 2025, 2026)
    assert estimate_is_actual("The economy is estimated to have grown 5.2 percent.", 2024, 2025)
    assert not estimate_is_actual("预计地区生产总值增长6%左右", 2026, 2026)  # this year's: a forecast
    assert not estimate_is_actual("产业规模预计将突破万亿元", 2025, 2026)
    assert not estimate_is_actual("地区生产总值增长5.5%左右", 2024, 2025)


def test_time_met_targets_and_tense_cues():
    assert is_target_met("The city's economy grew by 6 per cent in 2023, in line with its official target.")
    assert is_target_met("顺利完成全年经济社会发展主要目标任务")
    assert not is_target_met("经济社会发展的主要预期目标是：地区生产总值增长5.5%以上")
    assert tense("山东在区块链、虚拟现实等24个重点领域均有积极布局") != "future"  # 拟 inside 虚拟 is no plan
    assert tense("今年将加快发展新能源汽车") == "future"
    assert tense("主要污染物排放强度为全国平均水平的60%") != "future"  # 要 inside 主要 is no plan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A view of the launch center in Hainan, on December 12, 2025 Photo: VCG\nBody.", None),
        ("Workers at a plant in Chongqing, July 20, 2023. (Photo/Xinhua)\nChongqing - The report said.", None),
        ("E-mail x@163.com\n\nTitle\n\nPub Date:24-02-22 11:19 Source:english.anhuinews.com\n\nBody.", "2024-02-22"),
        ("Title\n\nBEIJING, March 05, 2025 (GLOBE NEWSWIRE) -- In a confirmation of its position as a primary "
         "driver of China's economic growth, the province's gross domestic product grew by 5.8 percent.", "2025-03-05"),
        ("At 7:26 am on December 26, 2025, a carrier rocket took off from the commercial launch site as a column "
         "of fire and smoke billowed into the morning sky, before delivering a group of satellites into orbit.", None),
        ("Title\n10:27, January 16, 2025 By A Reporter ( Global Times\nBody.", "2025-01-16"),
    ],
)
def test_time_publication_date_is_never_a_photo_caption(text, expected):
    assert published_from_text(text) == expected


def test_time_chinese_review_year_and_counts_end_to_end():
    text = ("湖南省省长作政府工作报告。\n"
            "2023年,湖南省地区生产总值增长4.6%,新增高新技术企业1500家。\n"
            "智能算力达2000PF,全省13条重点产业链全面起势。\n")
    result = extract(Document("t", "t", text))
    assert result.published == "2024"  # from the 2023 results, not from "2000PF"
    got = [(f.region, f.value, f.unit, f.year) for f in result.figures if f.unit != "number"]
    assert got[:2] == [("430000", 4.6, "%", 2023), ("430000", 1500, "count", 2023)]
    assert ("430000", 13, "count") in [(r, v, u) for r, v, u, _ in got]
