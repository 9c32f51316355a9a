"""Extraction rules on sentences written for these tests (not from the seeds): the genre's
common constructions, so that a rule that only fits the seed articles fails here."""

import pytest

from nqpf.extract.pipeline import extract
from nqpf.model import Document


def run(text: str, published: str | None = "2025-03-01"):
    return extract(Document("t", "t", text, published=published))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zhejiang will focus on humanoid robots and new materials this year.",
         {("330000", "humanoid_robots"), ("330000", "new_materials")}),
        ("Authorities in Shenzhen have rolled out measures to support the low-altitude economy.",
         {("440300", "low_altitude_economy")}),
        ("Hubei Province has unveiled an action plan to develop the biomanufacturing industry.",
         {("420000", "biomanufacturing")}),
        ("The State Council issued guidelines to foster future industries such as quantum technology.",
         {("CN", "quantum")}),
        ("Chengdu, capital of Sichuan, said it would cultivate the commercial aerospace sector.",
         {("510100", "commercial_spaceflight")}),
        ("Shaanxi plans to expand photovoltaic capacity. The province will also support hydrogen energy.",
         {("610000", "photovoltaics"), ("610000", "hydrogen")}),
        # a speaker's title names the region, not the city where the words were said
        ("Wang Lin, governor of Hubei, told a press conference in Beijing that the province aims to double "
         "its output of humanoid robots.", {("420000", "humanoid_robots")}),
        # a comparison frame is not an actor; the subject listed with others is
        ("At least five provinces, including Shanghai and Zhejiang, proposed plans to boost integrated circuits.",
         {("310000", "integrated_circuits"), ("330000", "integrated_circuits")}),
        # achievements, companies and places-in are not priorities
        ("Jiangsu's output of industrial robots rose 12 percent last year.", set()),
        ("BYD, based in Shenzhen, will expand its battery plant.", set()),
        ("Shenzhen-based DJI plans to develop new drones.", set()),
        ("A forum on the digital economy was held in Hangzhou on Monday.", set()),
    ],
)
def test_priorities_on_genre_sentences(text, expected):
    assert {(p.region, p.industry) for p in run(text).priorities} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guangdong's GDP reached 14.16 trillion yuan in 2024, while Jiangsu's hit 13.7 trillion yuan.",
         [("440000", 14.16e12, "CNY", 2024, "actual"), ("320000", 13.7e12, "CNY", 2024, "actual")]),
        ("Hefei aims to raise its R&D intensity to 4 percent by 2027.",
         [("340100", 4, "%", 2027, "target")]),
        ("Sichuan plans to invest RMB 20 billion in the display industry next year.",
         [("510000", 20e9, "CNY", 2026, "plan")]),
        ("Last year, Hunan's exports grew by 6.1 percent.", [("430000", 6.1, "%", 2024, "actual")]),
        ("The country now has more than 4 million 5G base stations.", [("CN", 4e6, "count", 2025, "actual")]),
        ("Xi'an, the capital of Shaanxi Province, attracted 35 new projects in 2024.",
         [("610100", 35, "count", 2024, "actual")]),
        ("The park covers 1,200 mu.", []),  # no region anywhere: nothing to attribute
        ("Over the next five to 10 years, Fujian will remain focused on chips.", []),
    ],
)
def test_figures_on_genre_sentences(text, expected):
    got = [(f.region, f.value, f.unit, f.year, f.kind) for f in run(text).figures]
    assert got == [(r, pytest.approx(v), u, y, k) for r, v, u, y, k in expected]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ('"We will open the market wider," said Li Qiang, the Chinese premier.', ["Li Qiang"]),
        ("Professor Zhang Jun of Fudan University said the reform would help.", ["Zhang Jun"]),
        ("Chinese Premier Li Qiang said growth was stable. Li added that reform would continue.",
         ["Li Qiang", "Li Qiang"]),  # one quote per attribution, the short name resolved
        ("According to Wang Yi, a researcher at the academy, costs fell.", ["Wang Yi"]),
        ("Consultancy McKinsey & Co said in a report that demand rose.", []),
        ("Guangdong said it will build more charging piles.", []),
    ],
)
def test_quotes_on_genre_sentences(text, speakers):
    assert [q.speaker for q in run(text).quotes] == speakers


def test_regions_shaanxi_and_shanxi_are_never_confused():
    result = run("Shaanxi and Shanxi both border Henan; Xi'an is in Shaanxi.")
    assert {r.code for r in result.regions} == {"610000", "140000", "410000", "610100"}


def test_regions_person_names_are_not_places():
    result = run("Party chief Huang Kunming spoke in Guangzhou.")
    assert {r.code for r in result.regions} == {"440100"}


def test_regions_datelines_count_and_names_inside_organisations_do_not():
    result = run("HEFEI -- Two days later, Zhejiang University and the Shenzhen Stock Exchange met in Fujian.")
    assert {r.code for r in result.regions} == {"340100", "350000"}


def test_rules_dateline_city_is_not_the_actor_and_anaphors_find_their_level():
    text = ("HANGZHOU - East China's Zhejiang province will prioritize artificial intelligence next year.\n"
            "Hangzhou is home to many start-ups.\n"
            "Governor Wang Hao said the province would set up a 100-billion-yuan fund for embodied intelligence.\n"
            "The province's digital economy generated added value of 1.06 trillion yuan in the first three "
            "quarters of 2024.\n")
    result = run(text, published="2024-12-20")
    assert {(p.region, p.industry, p.year) for p in result.priorities} == {
        ("330000", "artificial_intelligence", 2025), ("330000", "embodied_intelligence", 2025)}
    assert [(f.region, f.value, f.unit, f.year, f.kind) for f in result.figures] == [
        ("330000", 100e9, "CNY", 2025, "plan"), ("330000", 1.06e12, "CNY", 2024, "actual")]
    assert [(q.speaker, q.role) for q in result.quotes] == [("Wang Hao", "Governor")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hubei aims to lift the output to 1 trillion yuan by 2027, up from about 620 billion yuan in 2024.",
         [(1e12, 2027, "target"), (620e9, 2024, "actual")]),
        ("Chengdu has attracted over 40 battery companies.", [(40, 2025, "actual")]),
        ("Sichuan said it will support hydrogen, investing more than 200 billion yuan this year.",
         [(200e9, 2025, "plan")]),
    ],
)
def test_rules_baselines_present_perfect_and_progressive_plans(text, expected):
    got = [(f.value, f.year, f.kind) for f in run(text).figures]
    assert got == [(pytest.approx(v), y, k) for v, y, k in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guangdong's pillar industries include electronic information and new energy vehicles.",
         {("440000", "next_gen_it"), ("440000", "nev")}),
        ("Shanghai's Pudong New Area will offer subsidies to humanoid robot companies.",
         {("310000", "humanoid_robots")}),
        ("Jiangsu released a plan listing artificial intelligence as a key industry for 2025.",
         {("320000", "artificial_intelligence")}),
    ],
)
def test_rules_pillar_industries_and_districts(text, expected):
    assert {(p.region, p.industry) for p in run(text).priorities} == expected


def test_rules_a_business_leaders_call_is_not_a_government_priority():
    text = ("Premier Li Qiang said China will foster commercial spaceflight.\n"
            "Speaking at the forum, Ma Huateng, chairman of Tencent, called for more support for artificial "
            "intelligence.\n")
    assert {(p.region, p.industry) for p in run(text).priorities} == {("CN", "commercial_spaceflight")}
    assert [q.speaker for q in run(text).quotes] == ["Li Qiang", "Ma Huateng"]


def test_rules_chinese_text():
    text = ("安徽省今年将加快发展新能源汽车、人工智能和量子科技。\n"
            "2024年，安徽省新能源汽车产量达到168.2万辆，增长76.2%。\n"
            "广东省计划投资1500亿元支持人形机器人和低空经济。\n"
            "去年，江苏省集成电路产业营收突破3000亿元。\n")
    result = run(text, published="2025-03-01")
    assert {(p.region, p.industry) for p in result.priorities} == {
        ("340000", "nev"), ("340000", "artificial_intelligence"), ("340000", "quantum"),
        ("440000", "humanoid_robots"), ("440000", "low_altitude_economy")}
    assert [(f.region, f.value, f.unit, f.year, f.kind) for f in result.figures] == [
        ("340000", pytest.approx(1682000), "count", 2024, "actual"), ("340000", 76.2, "%", 2024, "actual"),
        ("440000", pytest.approx(150e9), "CNY", 2025, "plan"), ("320000", pytest.approx(300e9), "CNY", 2024, "actual")]
    assert result.figures[0].indicator == "新能源汽车产量"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Henan's GDP reached 6.36 trillion yuan in 2024, up 5.1 percent from a year earlier.",
         [("410000", 6.36e12, "CNY", 2024, "GDP"), ("410000", 5.1, "%", 2024, "GDP growth")]),
        ("By the end of 2024, the number of 5G base stations in Henan exceeded 200,000.",
         [("410000", 200000, "count", 2024, "number of 5G base stations")]),
        ("Henan pledged to keep R&D spending growing by more than 10 percent in 2025.",
         [("410000", 10, "%", 2025, "R&D spending growth")]),
    ],
)
def test_rules_figure_years_and_indicators(text, expected):
    got = [(f.region, f.value, f.unit, f.year, f.indicator) for f in run(text).figures]
    assert got == [(r, pytest.approx(v), u, y, i) for r, v, u, y, i in expected]


def test_regions_names_after_a_brand_or_institution_are_not_places():
    result = run("Volkswagen Anhui and the Bank of Jiangsu met in Fujian. In Hubei, Governor Wang spoke.")
    assert {r.code for r in result.regions} == {"350000", "420000"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the region after a rate owns it, even after 'in', which elsewhere names a share's whole
        ("Ningbo's economy grew 5.9 percent in 2024, ahead of the 5.2 percent growth in Hangzhou.",
         [("330200", 5.9, "%", 2024, "actual"), ("330100", 5.2, "%", 2024, "actual")]),
        # a sum in another currency in brackets is the same sum: the same year and kind
        ("During the 2019-23 period, Xiamen's output climbed from 500 billion yuan ($70 billion) to 620 billion yuan.",
         [("350200", 500e9, "CNY", 2019, "actual"), ("350200", 70e9, "USD", 2019, "actual"),
          ("350200", 620e9, "CNY", 2023, "actual")]),
        # a commitment without a year is a target without a year
        ("Hunan remains committed to building clusters that include four industries each worth 1 trillion yuan.",
         [("430000", 4, "count", None, "target"), ("430000", 1e12, "CNY", None, "target")]),
        # a project's total investment belongs to no single year
        ("With total investment of 12 billion yuan, the Hainan port opened its second terminal.",
         [("460000", 12e9, "CNY", None, "actual")]),
        # "took ... to reach" reports a result, and a relative year right after the number beats the
        # year of its baseline
        ("It took Anhui only two years to reach 30 satellite launches.", [("340000", 30, "count", 2025, "actual")]),
        ("Jiangxi aims to spend about 3 percent of its GDP on R&D this year, up from 1.7 percent in 2018.",
         [("360000", 3, "%", 2025, "target"), ("360000", 1.7, "%", 2018, "actual")]),
    ],
)
def test_rules_rate_owners_conversions_commitments_and_totals(text, expected):
    got = [(f.region, f.value, f.unit, f.year, f.kind) for f in run(text).figures]
    assert got == [(r, pytest.approx(v), u, y, k) for r, v, u, y, k in expected]


def test_rules_a_present_perfect_with_participles_is_a_stock_of_now():
    text = ("In 2023, Liuzhou's battery output rose 20 percent.\n"
            "Its vehicle laboratory, led by 9 academicians, has built a research system, with over 3,000 "
            "patents granted.")
    got = [(f.value, f.year) for f in run(text, published="2024-06-01").figures]
    assert got == [(20, 2023), (9, 2024), (3000, 2024)]


def test_rules_a_present_perfect_with_a_dated_result_dates_the_next_past_sentence():
    text = ("Chongqing's car industry has climbed quickly, with output reaching 2.5 million units in 2023.\n"
            "Its car exports rose to 1.1 million units.")
    got = [(f.value, f.year) for f in run(text, published="2024-06-01").figures]
    assert got == [(2.5e6, 2023), (1.1e6, 2023)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # coordinated subjects each take the plan; a relative clause's region describes the setting
        ("In the battery field, where China leads the world, Fujian and Jiangxi are gearing up to expand "
         "power battery output.", {("350000", "power_batteries"), ("360000", "power_batteries")}),
        # a region group's members are its actors
        ("An economic circle that covers Sichuan and Chongqing is prioritizing connected vehicles.",
         {("510000", "intelligent_connected_vehicles"), ("500000", "intelligent_connected_vehicles")}),
        # what a place is home to, and the last word of a company's name, are no plan
        ("Ningbo, home to humanoid robot makers, has unveiled a plan to develop new materials.",
         {("330200", "new_materials")}),
        ("Shenzhen will support Horizon Robotics in developing chips.", {("440300", "integrated_circuits")}),
        # a generic word beside a narrower industry is that industry; after a list of kinds, it is not
        ("Wuhan will build a humanoid robot base to enrich its robotics ecosystem.", {("420100", "humanoid_robots")}),
        ("Beijing will develop humanoid robots, supported by medical and logistics robotics.",
         {("110000", "humanoid_robots"), ("110000", "industrial_robots")}),
    ],
)
def test_rules_coordinated_actors_descriptions_and_generic_industries(text, expected):
    assert {(p.region, p.industry) for p in run(text).priorities} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # regions listed as one subject each own the figure
        ("其中，许昌、信阳等地为6.5%左右。", [("411000", 6.5), ("411500", 6.5)]),
        ("The targets exceed the growth rates set by Hefei and Wuhu of 5 per cent.",
         [("340100", 5), ("340200", 5)]),
        # a list that is not the subject of the number does not share it
        ("Hefei and Wuhu are close, and the city of Hefei grew 6 percent.", [("340100", 6)]),
        # "respectively" and 分别 pair the listed regions with the listed numbers in order
        ("Beijing and Shanghai grew 5.2 percent and 5.0 percent respectively.", [("110000", 5.2), ("310000", 5.0)]),
        ("洛阳、安阳分别增长6%、7%。", [("410300", 6), ("410500", 7)]),
    ],
)
def test_rules_listed_regions_share_their_figure(text, expected):
    assert [(f.region, f.value) for f in run(text).figures] == [(r, pytest.approx(v)) for r, v in expected]


def test_rules_a_city_and_its_province_are_one_place_not_a_list():
    got = [(f.region, f.value) for f in run("In Suzhou, Jiangsu province's output grew 5 percent.").figures]
    assert got == [("320500", 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a planned action keeps its kind whatever its deadline; a level to reach is a target
        ("Henan will build 10 future industry incubators by 2027.", [(10, 2027, "plan")]),
        ("Henan aims to lift output to 2 trillion yuan by 2027.", [(2e12, 2027, "target")]),
        # a past result in its own clause beside an aim stays a result
        ("Chongqing produced 950,000 cars last year, up 90 percent, and aims to make 1.2 million cars in 2025.",
         [(950000, 2024, "actual"), (90, 2024, "actual"), (1.2e6, 2025, "target")]),
        # projects with a total investment: a plan while planned, a result once done
        ("Hunan will launch 150 projects with a total investment of 90 billion yuan.",
         [(150, 2025, "plan"), (90e9, 2025, "plan")]),
        ("Guiyang attracted 500 projects in 2024, with a combined investment of 300 billion yuan.",
         [(500, 2024, "actual"), (300e9, 2024, "actual")]),
    ],
)
def test_rules_plans_with_deadlines_and_results_beside_aims(text, expected):
    got = [(f.value, f.year, f.kind) for f in run(text).figures]
    assert got == [(pytest.approx(v), y, k) for v, y, k in expected]


def test_rules_coordinated_subjects_with_an_apposition_and_plan_documents():
    text = ("BEIJING -- China will back future industries, a guideline said on Monday.\n"
            "The guideline names six directions, including quantum technology and 6G.\n"
            "Jiangsu and Zhejiang, neighbours in the Yangtze River Delta, both pledged to build hubs for "
            "brain-computer interfaces.\n"
            "Northwestern Gansu and Qinghai are focusing on solar power.\n")
    got = {(p.region, p.industry) for p in run(text).priorities}
    assert {("CN", "quantum"), ("CN", "6g"), ("320000", "bci"), ("330000", "bci"), ("620000", "photovoltaics"),
            ("630000", "photovoltaics")} <= got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a relative year before the number beats the year of a later clause
        ("This year Anhui will start building a 2-billion-yuan battery plant, which will open by 2027.",
         [(2e9, 2025, "plan")]),
        ("Hefei now has 8,000 high-tech firms, twice the number at the end of 2020.", [(8000, 2025, "actual")]),
        # "by then" is the deadline named last
        ("Qingdao aims to double its output by 2027. R&D intensity is to reach 3.2 percent by then.",
         [(3.2, 2027, "target")]),
        # the size of a fund is a plan, however its launch is told
        ("Wuxi has launched a 10-billion-yuan fund for humanoid robots.", [(10e9, 2025, "plan")]),
        # a base takes the time written right after it
        ("Hefei now hosts 78 quantum firms, up from 61 a year earlier.", [(78, 2025, "actual"), (61, 2024, "actual")]),
        ("Qingdao aims to have 9,000 high-tech firms in 2027, from about 7,200 now.",
         [(9000, 2027, "target"), (7200, 2025, "actual")]),
    ],
)
def test_rules_relative_years_deadlines_and_funds(text, expected):
    got = [(f.value, f.year, f.kind) for f in run(text).figures]
    assert got == [(pytest.approx(v), y, k) for v, y, k in expected]


def test_rules_a_central_text_under_a_beijing_dateline_is_the_countrys():
    text = ("国务院印发《关于加快发展未来产业的意见》\n"
            "新华社北京3月2日电 国务院日前印发意见。\n"
            "意见提出，到2027年，培育10家以上领军企业。\n")
    assert [(f.region, f.value, f.year, f.kind) for f in run(text).figures] == [("CN", 10, 2027, "target")]


def test_rules_the_venue_of_a_meeting_is_not_the_topic_of_what_follows():
    text = ("湖北省政府工作报告摘要\n"
            "1月10日，湖北省第十四届人民代表大会第三次会议在武汉开幕。\n"
            "地区生产总值达到6万亿元，增长5.8%。\n")
    got = {(f.region, f.value) for f in run(text, published="2025-01-11").figures}
    assert got == {("420000", 6e12), ("420000", 5.8)}


def test_rules_a_list_cut_at_semicolons_keeps_its_kind():
    text = "各市今年的增长目标中，许昌为7%左右；信阳、南阳等地为6.5%左右；周口已完成全年任务。"
    got = [(f.region, f.value, f.kind) for f in run(text).figures]
    assert got == [("411000", 7, "target"), ("411500", 6.5, "target"), ("411300", 6.5, "target")]


def test_rules_chinese_round_ups_give_each_city_its_own_clause():
    text = "廊坊提出培育新型显示产业，沧州将重点发展生物医药，张家口则依托可再生能源优势，加快发展氢能产业。"
    got = {(p.region, p.industry) for p in run(text).priorities}
    assert got == {("131000", "new_display"), ("130900", "biomedicine"), ("130700", "hydrogen")}


def test_rules_a_now_in_an_apposition_does_not_date_a_review():
    text = ("2024 in review\n"
            "- The electronics industry, now Jiangxi's largest, saw revenue climb 12.4 percent.\n")
    assert [(f.value, f.year) for f in run(text, published="2025-01-16").figures] == [(12.4, 2024)]


def test_rules_a_report_or_place_noun_with_no_region_before_is_the_texts():
    text = ("Hefei bets on future industries\n"
            "The city plans a quantum park.\n"
            "Its 2025 government work report pledges to nurture the low-altitude economy and fusion energy.\n"
            "BYD opened a plant. It has also worked with partners on autonomous driving.\n")
    got = {(p.region, p.industry) for p in run(text).priorities}
    assert got == {("340100", "quantum"), ("340100", "low_altitude_economy"), ("340100", "fusion_energy")}


def test_rules_owners_of_figures_on_unseen_phrasings():
    text = ("Hunan briefs the press on its industries\n"
            "Qin Lihua: We have built seven industrial clusters, and Changsha's machinery leads the country.\n"
            "Second, we will upgrade two fields where Zhuzhou and Changsha already lead. R&D spending is "
            "expected to exceed 2.8 percent of GDP this year.\n"
            "Yueyang, the port city in the north, saw its output rise 4.3 percent.\n"
            "Retail sales rose 3.8 percent.\n"
            "The plan sets a goal of lifting the digital economy to 50 percent of GDP by 2027.\n"
            "More than 20 provinces have listed humanoid robots as a key sector.\n")
    got = [(f.region, f.value) for f in run(text).figures]
    assert got == [("430000", 7), ("430000", 2), ("430000", 2.8), ("430600", 4.3), ("430000", 3.8),
                   ("430000", 50), ("CN", 20)]


def test_rules_a_named_chinese_institution_is_no_priority_but_building_one_is():
    text = "宁波将加快建设人形机器人创新中心，浙江省集成电路研究院也将设立分院。"
    got = {(p.region, p.industry) for p in run(text).priorities}
    assert got == {("330200", "humanoid_robots")}


@pytest.mark.parametrize(("published", "text", "expected"), [
    # a report on a work report in the year's first months: its results are the finished year's
    ("2025-02-10", "湖南省政府工作报告显示，全省新登记经营主体42.3万户，增长8.1%。", [(423000, 2024), (8.1, 2024)]),
    # stated as now, a stock is as of publication
    ("2025-02-10", "湖南省政府工作报告提到，目前全省拥有高新技术企业1.6万家。", [(16000, 2025)]),
    # later in the year, or with no work report cited, publication's year
    ("2025-07-10", "湖南省政府工作报告显示，全省新登记经营主体42.3万户。", [(423000, 2025)]),
    ("2025-02-10", "湖南全省新登记经营主体42.3万户。", [(423000, 2025)]),
])
def test_chinese_results_of_a_reviewed_year(published, text, expected):
    assert [(f.value, f.year) for f in run(text, published=published).figures] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the clause that reports what grew is not the plan another clause of the sentence states
    ("湖南省大力培育先进制造业集群，工业机器人、锂电池产量分别增长21.5%和16.2%。",
     {("430000", "advanced_manufacturing")}),
    ("湖南省风电光伏新增装机820万千瓦，将加快发展氢能产业。", {("430000", "hydrogen")}),
    # a city opening a clause with 获批 is that clause's subject
    ("广东低空经济规模持续扩大，深圳获批建设国家低空经济产业示范区。", {("440300", "low_altitude_economy")}),
])
def test_chinese_result_clauses_are_not_priorities(text, expected):
    assert {(p.region, p.industry) for p in run(text).priorities} == expected


@pytest.mark.parametrize(("published", "year"), [("2024-10-12", 2024), (None, None)])
def test_a_month_without_a_year_is_the_texts_year_not_an_earlier_paragraphs(published, year):
    text = ("In 2009, Gansu started building its first wind power base in Jiuquan.\n\n"
            "By late September, Gansu's new energy capacity reached 58 million kilowatts.")
    figures = [f for f in run(text, published=published).figures if f.value == 58_000_000]
    assert [f.year for f in figures] == [year]


def test_cities_placed_in_their_provinces_share_the_figure_of_their_list():
    text = ("Xiamen in Southeast China's Fujian Province and Zhuhai in South China's Guangdong Province "
            "have set their GDP growth targets for 2026 at around 6 percent.")
    assert {(f.region, f.value) for f in run(text, published="2026-01-20").figures} == \
        {("350200", 6.0), ("440400", 6.0)}


def test_a_count_of_provinces_that_plan_is_a_fact_not_a_plan():
    text = ("At least six provinces, including Anhui, Hubei and Sichuan, have unveiled plans to "
            "build humanoid robot industry clusters.")
    found = [(f.region, f.value, f.kind) for f in run(text, published="2025-02-01").figures]
    assert found == [("CN", 6.0, "actual")]


_GANSU_REPORT = "2025年甘肃省政府工作报告\n\n"


@pytest.mark.parametrize(("body", "expected"), [
    # a review sub-heading that names targets does not turn the review into targets
    ("一、2024年工作回顾\n\n（一）锚定目标攻坚，经济运行稳中有进。\n\n全省地区生产总值增长5.6%。\n\n"
     "二、2025年主要目标任务\n\n主要预期目标是：地区生产总值增长5.5%左右。",
     [(5.6, 2024, "actual"), (5.5, 2025, "target")]),
    # the tasks of the report's year are that year's plans, a rate among them a target
    ("一、2024年工作回顾\n\n全省新建5G基站1.2万个。\n\n"
     "三、2025年重点工作\n\n新建5G基站1万个，培育专精特新企业300家以上，工业投资增长10%以上。",
     [(12000, 2024, "actual"), (10000, 2025, "plan"), (300, 2025, "plan"), (10, 2025, "target")]),
    # the tasks after a targets paragraph are plans, not targets
    ("二、2025年主要目标任务\n\n主要预期目标是：地区生产总值增长5.5%左右。\n\n"
     "实现上述目标，要重点抓好以下工作。\n\n新建5G基站1万个。",
     [(5.5, 2025, "target"), (10000, 2025, "plan")]),
])
def test_work_report_sections_set_the_kind_and_year_of_their_numbers(body, expected):
    figures = run(_GANSU_REPORT + body, published="2025-01-20").figures
    assert {f.region for f in figures} == {"620000"}
    assert [(f.value, f.year, f.kind) for f in figures] == expected
