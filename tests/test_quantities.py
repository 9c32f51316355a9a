"""Quantities in the language of economic reporting: value in base units, unit, approximator."""

import pytest

from nqpf.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("a total investment of 489.6 billion yuan", 489.6e9, "CNY", None),
        ("reached 1.8 trillion yuan ($245.6 billion) in 2024", 1.8e12, "CNY", None),
        ("worth RMB 30 billion", 30e9, "CNY", None),
        ("with an investment of over 30 billion yuan", 30e9, "CNY", "over"),
        ("some 150 billion yuan this year", 150e9, "CNY", "about"),
        ("about 68.9 billion U.S. dollars", 68.9e9, "USD", "about"),
        ("US$1.2 million in funding", 1.2e6, "USD", None),
        ("55 percent of the total", 55, "%", None),
        ("grew 4.5 per cent", 4.5, "%", None),
        ("a 5.2% rise", 5.2, "%", None),
        ("7.3 percentage points faster", 7.3, "pp", None),
        ("support five future industries", 5, "count", None),
        ("3.38 million 5G stations", 3.38e6, "count", None),
        ("868,000 units", 868000, "count", None),
        ("nearly 200 mature clusters", 200, "count", "about"),
        ("fewer than 40 firms", 40, "count", "under"),
        ("an area of 347 mu", 347 * 666.67, "m2", None),
        ("about 23.1 hectares", 231000, "m2", "about"),
        ("1.7 billion square meters of separators", 1.7e9, "m2", None),
        ("12 square kilometres of land", 12e6, "m2", None),
        ("产量达到86.8万辆", 868000, "count", None),
        ("投资4896亿元", 489.6e9, "CNY", None),
        ("增长60.5%", 60.5, "%", None),
    ],
)
def test_quantities_value_unit_approx(text, value, unit, approx):
    found = find_quantities(text)
    assert found, f"no quantity in {text!r}"
    q = found[0]
    assert q.value == pytest.approx(value, rel=1e-6)
    assert (q.unit, q.approx) == (unit, approx)


@pytest.mark.parametrize(
    ("text", "value", "change"),
    [
        ("NEV output reached 868,000 units, up 60.5 percent year on year", 60.5, "up"),
        ("exports fell 3.2 percent", -3.2, "down"),
        ("an increase of 8.1 per cent over the previous year", 8.1, "up"),
    ],
)
def test_quantities_growth(text, value, change):
    q = [q for q in find_quantities(text) if q.unit == "%"][0]
    assert (q.value, q.change) == (value, change)


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, the economy grew.",  # a year
        "on May 29 and Oct 18",  # dates
        "published on 18 November 2024",
        "10:27, January 16, 2025",
        "the 14th Five-Year Plan period",  # ordinal
        "6G and 5G networks",  # numbers inside names
        "chairman of 48 Group Club",
        "the Two Sessions",
        "high-value invention patents per 10,000 people",  # a denominator
        "over the next few months and 30 days",  # durations
        "the municipality's three leading industries",  # a reference, not a statement
    ],
)
def test_quantities_not_figures(text):
    assert [q.text for q in find_quantities(text) if q.unit != "years"] == []


def test_quantities_duration_is_years():
    q = find_quantities("over the next five to 10 years")[0]
    assert (q.value, q.value_max, q.unit) == (5, 10, "years")


def test_quantities_range():
    q = find_quantities("growth of 5-10% is expected")[0]
    assert (q.value, q.value_max, q.unit) == (5, 10, "%")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English phrasings of the genre
        ("the province is home to 400-plus photonics firms", [(400, "count", "over")]),
        ("with the number of base stations exceeding 9,000", [(9000, "count", "over")]),
        ("37 of the 41 industrial categories", [(37, "count", None)]),
        ("Two of the cargo routes are flown by drones", [(2, "count", None)]),
        ("lift the number of pilot zones from the current 28 to 40", [(28, "count", None), (40, "count", None)]),
        ('cultivated 12 "little giant" clusters', [(12, "count", None)]),
        ("home to over 2,000 AI-related enterprises", [(2000, "count", "over")]),
        ("passed a milestone of one trillion yuan", [(1e12, "CNY", None)]),
        ("five pillar industries each worth a trillion yuan", [(5, "count", None), (1e12, "CNY", None)]),
        ("attract and cultivate one advanced foundation model", [(1, "count", None)]),
        ("90 universities and more than 1,500 research institutes", [(90, "count", None), (1500, "count", "over")]),
        ("slashing shipping costs by 70 percent", [(-70, "%", None)]),
        ("the share was down 3 percentage points", [(-3, "pp", None)]),
        ("an output of more than US$209 billion", [(209e9, "USD", "over")]),
        # Chinese: measure words, numerals, 倍, approximators after the number, signs, ASCII commas
        ("新增高新技术企业3500家、科技型中小企业7533家", [(3500, "count", None), (7533, "count", None)]),
        ("以集成电路、生物医药、人工智能三大产业为核心", [(3, "count", None)]),
        ("实施十项重大工程,打造五个千亿级产业集群", [(10, "count", None), (5, "count", None)]),
        ("集成电路产业规模突破千亿元", [(1e11, "CNY", "over")]),
        ("设立一百亿元产业基金", [(1e10, "CNY", None)]),
        ("新能源汽车产量同比增长1.3倍", [(130, "%", None)]),
        ("产值达到3800多亿元", [(3.8e11, "CNY", "over")]),
        ("固定资产投资增长5%左右", [(5, "%", "about")]),
        ("地区生产总值增长5.5%以上", [(5.5, "%", "over")]),
        ("城镇调查失业率控制在5%以内", [(5, "%", "under")]),
        ("单位地区生产总值能耗下降2%左右", [(-2, "%", "about")]),
        ("扩大有效投资,700个省重点项目完成投资9243.8亿元", [(700, "count", None), (924.38e9, "CNY", None)]),
        ("投资占比分别提高3.2个和2个百分点", [(3.2, "pp", None), (2, "pp", None)]),
        ("我们全省的地区生产总值连跨了3个万亿级的台阶,今年有信心突破14万亿",
         [(3, "count", None), (14e12, "CNY", "over")]),
        ("新增产能3095万吨/年,新增装机1004万千瓦", [(30.95e6, "number", None), (10.04e6, "number", None)]),
    ],
)
def test_quantities_genre_phrasings(text, expected):
    got = [(q.value, q.unit, q.approx) for q in find_quantities(text)]
    assert got == [(pytest.approx(v, rel=1e-6), u, a) for v, u, a in expected]


@pytest.mark.parametrize(
    "text",
    [
        "higher than the national average for 6 consecutive quarters",
        "ranked first for nine consecutive years",
        "over the past three years",
        "during the country's annual two sessions",
        "ranking second nationwide, one of the top ten zones",
        'The "new three sectors" has been a buzzword; the new three lead exports',
        "the first 10-million-kilowatt wind power base",
        "制造业投资连续48个月保持两位数增长,增速连续14个月高于全国",
        "增速居工业大省第1位,推动第3个园区建设,跃升至全国第二",
        "深入贯彻党的二十大精神,安徽省十四届人大三次会议开幕",
        "“新三样”出口增长,构建“20+8”产业集群",
        "2023年,1月20日上午,今年1—9月",
        "芯业时代8英寸半导体项目投产,运20、C919大飞机交付",
        "全国每出口4辆汽车就有1辆安徽造",
    ],
)
def test_quantities_genre_non_figures(text):
    assert [q.text for q in find_quantities(text)] == []


def test_quantities_mixed_scripts_each_line_by_its_grammar():
    text = "Suzhou is home to 2,000 AI firms.\n新增高新技术企业3500家。\n"
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(2000, "count"), (3500, "count")]
