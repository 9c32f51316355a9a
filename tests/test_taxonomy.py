"""The shipped taxonomy keeps every contract ID and finds industries in text."""

import pytest
import yaml

from nqpf.extract.industries import find_industries
from nqpf.extract.taxonomy import load_groups, load_industries, lookup_industry


def _contract_ids(shared):
    raw = yaml.safe_load((shared / "spec" / "industries.yaml").read_text(encoding="utf-8"))
    ids = {}
    for stage, sectors in raw["stages"].items():
        for sector_id, sector in sectors.items():
            ids[str(sector_id)] = stage
            for leaf_id in sector.get("leaves") or {}:
                ids[str(leaf_id)] = stage
    return ids


def test_taxonomy_keeps_every_contract_id_and_stage(shared):
    shipped = load_industries()
    for industry_id, stage in _contract_ids(shared).items():
        assert industry_id in shipped, industry_id
        assert shipped[industry_id].stage == stage


def test_taxonomy_keeps_every_contract_alias(shared):
    raw = yaml.safe_load((shared / "spec" / "industries.yaml").read_text(encoding="utf-8"))
    shipped = load_industries()
    for sectors in raw["stages"].values():
        for sector_id, sector in sectors.items():
            assert set(sector["aliases"]) <= set(shipped[str(sector_id)].aliases)
            for leaf_id, leaf in (sector.get("leaves") or {}).items():
                assert set(leaf["aliases"]) <= set(shipped[str(leaf_id)].aliases)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("new energy storage", "new_energy_storage"),  # longest alias wins
        ("new energy vehicle (NEV) industry", "nev"),
        ("new energy and new materials", "new_energy"),
        ("cell and gene therapy", "cell_gene_therapy"),
        ("brain-computer interfaces", "bci"),
        ("bio-manufacturing", "biomanufacturing"),
        ("the low-altitude economy", "low_altitude_economy"),
        ("a humanoid robot", "humanoid_robots"),
        ("ICs and AI", "integrated_circuits"),
        ("6G technology", "6g"),
        ("the health and medicine industry", "biomedicine"),
    ],
)
def test_taxonomy_finds_most_specific_industry(text, expected):
    assert find_industries(text)[0].industry == expected


@pytest.mark.parametrize("text", ["said the AIDS campaign", "an aid package", "electricity prices"])
def test_taxonomy_acronyms_are_case_sensitive_words(text):
    assert find_industries(text) == []


@pytest.mark.parametrize(("name", "expected"), [("6g", "6g"), ("NEVs", "nev"), ("人形机器人", "humanoid_robots")])
def test_taxonomy_lookup_by_id_alias_or_chinese(name, expected):
    assert [i.id for i in lookup_industry(name)] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("加快发展高端装备", ["high_end_equipment"]),
        ("支持工业母机自主创新", ["high_end_equipment"]),
        ("医疗器械和医疗装备", ["medical_devices", "medical_devices"]),
        ("大视听产业", ["digital_creative"]),
        ("新建公共充电桩", ["charging_infrastructure"]),
        ("民用航空和大飞机", ["aerospace", "aerospace"]),
        ("船舶海工、海洋清洁能源", ["marine_equipment", "new_energy"]),
        ("聚变能源、量子计算", ["fusion_energy", "quantum"]),
        ("培育壮大数据产业", ["data_elements"]),
        ("智算中心和超算", ["computing_power", "computing_power"]),
        ("卫星网络、新能源与智能网联", ["satellite_internet", "new_energy", "intelligent_connected_vehicles"]),
        ("智能网联新能源汽车集群", ["intelligent_connected_vehicles"]),
        ("新能源和智能网联汽车", ["nev", "intelligent_connected_vehicles"]),
    ],
)
def test_taxonomy_finds_chinese_aliases(text, expected):
    assert [m.industry for m in find_industries(text)] == expected


@pytest.mark.parametrize(
    "text", ["全球生物多样性魅力城市", "生物质发电和生物安全", "提升数据存储能力", "提供相关服务", "各种业态"],
)
def test_taxonomy_short_chinese_names_do_not_match_inside_other_words(text):
    assert find_industries(text) == []


def test_taxonomy_bracketed_abbreviation_is_the_same_industry():
    found = [m.industry for m in find_industries("several embodied artificial intelligence (AI) robots")]
    assert found == ["embodied_intelligence", "industrial_robots"]


def test_taxonomy_group_name_gives_every_member():
    members = {"nev", "power_batteries", "photovoltaics"}
    assert {g.id: set(g.members) for g in load_groups()}["new_three"] == members
    assert {m.industry for m in find_industries("efforts to boost the new three sectors")} == members
    assert {m.industry for m in find_industries("外贸“新三样”")} == members


def test_taxonomy_lookup_accepts_chinese_aliases():
    assert [i.id for i in lookup_industry("工业母机")] == ["high_end_equipment"]
