"""The shipped taxonomy keeps every contract ID and finds industries in text."""

import pytest
import yaml

from nqpf.extract.taxonomy import find_industries, load_industries, lookup_industry


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
