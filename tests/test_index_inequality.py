"""Regional-gap measures of the index: Gini/Theil (PySAL), Dagum decomposition, obstacle degree, Moran's I."""

from __future__ import annotations

import csv
import math
import warnings
from importlib.resources import files

import esda
import numpy as np
import pandas as pd
import pytest
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

from nqpf.composite.inequality import dagum_gini, gini, province_groups, theil, theil_decomposition
from nqpf.composite.obstacle import obstacle_by_dimension, obstacle_degree
from nqpf.composite.spatial import contiguity_weights, global_moran, local_moran, province_neighbours
from nqpf.errors import NqpfError

BEIJING, TIANJIN, HEBEI = "110000", "120000", "130000"
SHANGHAI, JIANGSU, ZHEJIANG = "310000", "320000", "330000"
GUANGDONG, HAINAN = "440000", "460000"
TIBET, QINGHAI, GANSU, XINJIANG = "540000", "630000", "620000", "650000"


def _random_index(seed: int) -> dict[str, float]:
    """A plausible composite index for the 31 provinces, seeded."""
    rng = np.random.default_rng(seed)
    return {code: float(rng.uniform(0.05, 0.9)) for code in province_groups()}


def _contiguity_rows() -> list[tuple[str, str]]:
    text = files("nqpf.data").joinpath("province_contiguity.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [(row["code_a"], row["code_b"]) for row in csv.DictReader(lines)]


# --------------------------------------------------------------------------- Gini and Theil


@pytest.mark.parametrize(
    "values",
    [
        [10.0, 20.0, 30.0, 40.0, 50.0],
        [0.12, 0.55, 0.31, 0.08, 0.97, 0.40],
        [0.0, 1.0, 1.0, 3.0],
    ],
)
def test_index_inequality_gini_matches_pysal(values: list[float]) -> None:
    expected = Gini(np.asarray(values)).g
    assert gini(values) == pytest.approx(expected, abs=1e-12), (gini(values), expected)


@pytest.mark.parametrize(
    "values",
    [
        [10.0, 20.0, 30.0, 40.0, 50.0],
        [0.12, 0.55, 0.31, 0.08, 0.97, 0.40],
    ],
)
def test_index_inequality_theil_matches_pysal(values: list[float]) -> None:
    expected = float(Theil(np.asarray(values)).T)
    assert theil(values) == pytest.approx(expected, abs=1e-12), (theil(values), expected)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_index_inequality_theil_within_plus_between_is_total(seed: int) -> None:
    values = _random_index(seed)
    groups = province_groups("region4")
    result = theil_decomposition(values, groups)
    assert result["within"] + result["between"] == pytest.approx(result["total"], abs=1e-12)
    assert result["within_share"] + result["between_share"] == pytest.approx(1.0, abs=1e-12)
    assert result["total"] == pytest.approx(theil(values), abs=1e-12)
    direct = TheilD(np.asarray(list(values.values())), np.asarray([groups[c] for c in values]))
    assert result["between"] == pytest.approx(float(direct.bg[0]), abs=1e-12)


# --------------------------------------------------------------------------- Dagum


@pytest.mark.parametrize("seed", [0, 7, 2024])
@pytest.mark.parametrize("scheme", ["region4", "region3"])
def test_index_inequality_dagum_components_sum_to_pysal_gini(seed: int, scheme: str) -> None:
    values = _random_index(seed)
    result = dagum_gini(values, province_groups(scheme))
    parts = result.within_contribution + result.net_between_contribution + result.transvariation_contribution
    assert abs(parts - result.total) < 1e-12, (parts, result.total)
    assert abs(result.total - Gini(np.asarray(list(values.values()))).g) < 1e-12
    assert result.within_share + result.net_between_share + result.transvariation_share == pytest.approx(1.0)
    means = [result.means[g] for g in result.groups]
    assert means == sorted(means), "groups must be in ascending order of mean"
    assert len(result.between) == len(result.groups) * (len(result.groups) - 1) // 2
    assert all(0.0 <= d <= 1.0 for d in result.affluence.values())


# Two groups of two values: A = [1, 3] (mean 2), B = [2, 6] (mean 4); n = 4, overall mean 3.
#   Unordered |differences|: 2, 1, 5, 1, 3, 4 -> 16, ordered 32; G = 32 / (2 * 4^2 * 3) = 1/3.
#   G_AA = 2 * 2 / (2 * 2^2 * 2) = 1/4;  G_BB = 2 * 4 / (2 * 2^2 * 4) = 1/4.
#   B - A: 2-1=1, 2-3=-1, 6-1=5, 6-3=3; G_BA = 10 / (2 * 2 * (4 + 2)) = 5/12.
#   d_BA = (1 + 5 + 3) / 4 = 9/4, p_BA = 1/4, D_BA = (9/4 - 1/4) / (10/4) = 0.8.
#   p_A = p_B = 1/2, s_A = 4/12 = 1/3, s_B = 8/12 = 2/3; p_B s_A + p_A s_B = 1/2.
#   G_w = 1/4 * 1/2 * 1/3 + 1/4 * 1/2 * 2/3 = 1/8; G_nb = 5/12 * 1/2 * 0.8 = 1/6; G_t = 5/12 * 1/2 * 0.2 = 1/24.
#   1/8 + 1/6 + 1/24 = 1/3.
@pytest.mark.parametrize(
    ("values", "groups", "expected"),
    [
        (
            [1.0, 3.0, 2.0, 6.0],
            ["A", "A", "B", "B"],
            {
                "total": 1 / 3,
                "within": {"A": 0.25, "B": 0.25},
                "between": 5 / 12,
                "affluence": 0.8,
                "G_w": 1 / 8,
                "G_nb": 1 / 6,
                "G_t": 1 / 24,
            },
        ),
    ],
)
def test_index_inequality_dagum_hand_checked(values: list[float], groups: list[str], expected: dict) -> None:
    result = dagum_gini(values, groups)
    assert result.groups == ("A", "B")
    assert result.total == pytest.approx(expected["total"], abs=1e-12)
    assert result.within == pytest.approx(expected["within"], abs=1e-12)
    assert result.between == pytest.approx({("B", "A"): expected["between"]}, abs=1e-12)
    assert result.affluence == pytest.approx({("B", "A"): expected["affluence"]}, abs=1e-12)
    assert result.within_contribution == pytest.approx(expected["G_w"], abs=1e-12)
    assert result.net_between_contribution == pytest.approx(expected["G_nb"], abs=1e-12)
    assert result.transvariation_contribution == pytest.approx(expected["G_t"], abs=1e-12)
    as_dict = result.to_dict()
    assert as_dict["pairs"] == [
        {"group_a": "B", "group_b": "A", "gini": pytest.approx(5 / 12), "relative_affluence": pytest.approx(0.8)}
    ]
    assert [g["group"] for g in as_dict["groups"]] == ["A", "B"]


@pytest.mark.parametrize(("values", "groups"), [([2.0, 2.0, 5.0, 5.0], ["x", "x", "y", "y"])])
def test_index_inequality_dagum_no_overlap_is_all_net_between(values: list[float], groups: list[str]) -> None:
    result = dagum_gini(values, groups)
    assert result.within_contribution == 0.0
    assert result.transvariation_contribution == 0.0
    assert result.net_between_share == pytest.approx(1.0)


# --------------------------------------------------------------------------- obstacle degree


# Xn = [[0.5, 0.0], [0.0, 0.75]], w = [0.6, 0.4]
#   row 1: I = [0.5, 1.0], F*I = [0.3, 0.4], sum 0.7 -> [300/7, 400/7] = [42.857, 57.143]
#   row 2: I = [1.0, 0.25], F*I = [0.6, 0.1], sum 0.7 -> [600/7, 100/7] = [85.714, 14.286]
@pytest.mark.parametrize(
    ("xn", "weights", "expected"),
    [
        ([[0.5, 0.0], [0.0, 0.75]], [0.6, 0.4], [[300 / 7, 400 / 7], [600 / 7, 100 / 7]]),
        ([[0.5, 0.0], [0.0, 0.75]], [6.0, 4.0], [[300 / 7, 400 / 7], [600 / 7, 100 / 7]]),
    ],
)
def test_index_inequality_obstacle_degree_hand_checked(xn: list, weights: list, expected: list) -> None:
    result = obstacle_degree(xn, weights, ["rd", "patents"], ["P1", "P2"])
    assert list(result.columns) == ["rd", "patents"]
    assert list(result.index) == ["P1", "P2"]
    np.testing.assert_allclose(result.to_numpy(), expected, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 3])
def test_index_inequality_obstacle_degree_rows_sum_to_100(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, size=(31, 12))
    w = rng.dirichlet(np.ones(12))
    result = obstacle_degree(x, w, [f"i{j}" for j in range(12)], list(province_groups()))
    np.testing.assert_allclose(result.sum(axis=1).to_numpy(), 100.0, atol=1e-10)
    dims = {f"i{j}": ("workers", "means", "objects")[j % 3] for j in range(12)}
    by_dim = obstacle_by_dimension(result, dims)
    assert list(by_dim.columns) == ["workers", "means", "objects"]
    np.testing.assert_allclose(by_dim.sum(axis=1).to_numpy(), 100.0, atol=1e-10)
    np.testing.assert_allclose(by_dim["means"], result[["i1", "i4", "i7", "i10"]].sum(axis=1), atol=1e-12)


@pytest.mark.parametrize(("xn", "weights"), [([[1.0, 1.0], [0.2, 0.4]], [0.5, 0.5])])
def test_index_inequality_obstacle_degree_frontier_row_is_zero(xn: list, weights: list) -> None:
    result = obstacle_degree(xn, weights, ["a", "b"], ["best", "other"])
    assert result.loc["best"].tolist() == [0.0, 0.0]
    assert result.loc["other"].sum() == pytest.approx(100.0)


# --------------------------------------------------------------------------- contiguity table


def test_index_inequality_contiguity_pairs_unique_and_ordered() -> None:
    rows = _contiguity_rows()
    assert all(a < b for a, b in rows), [r for r in rows if r[0] >= r[1]]
    assert len(set(rows)) == len(rows), "duplicate pair"
    assert len(rows) == 69


def test_index_inequality_contiguity_covers_all_31_provinces() -> None:
    codes = {c for pair in _contiguity_rows() for c in pair}
    assert codes == set(province_groups())
    assert len(codes) == 31


@pytest.mark.parametrize(
    ("code", "neighbours"),
    [
        (BEIJING, {TIANJIN, HEBEI}),
        (SHANGHAI, {JIANGSU, ZHEJIANG}),
        (XINJIANG, {TIBET, QINGHAI, GANSU}),
        (HAINAN, {GUANGDONG}),
        ("150000", {"230000", "220000", "210000", HEBEI, "140000", "610000", "640000", GANSU}),
        ("610000", {"150000", "140000", "410000", "420000", "500000", "510000", GANSU, "640000"}),
        ("500000", {"420000", "430000", "520000", "510000", "610000"}),
    ],
)
def test_index_inequality_contiguity_known_neighbours(code: str, neighbours: set[str]) -> None:
    assert province_neighbours()[code] == neighbours


@pytest.mark.parametrize(("codes", "islands"), [([HAINAN, BEIJING, TIANJIN, XINJIANG], [HAINAN, XINJIANG])])
def test_index_inequality_contiguity_weights_subset_islands_silent(codes: list[str], islands: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = contiguity_weights(codes)
    assert w.id_order == codes
    assert sorted(w.islands) == sorted(islands)
    assert w.transform == "R"
    assert w.weights[BEIJING] == [1.0]


# --------------------------------------------------------------------------- Moran's I


@pytest.mark.parametrize("seed", [0, 5])
def test_index_inequality_global_moran_matches_esda(seed: int) -> None:
    values = _random_index(seed)
    y = np.asarray(list(values.values()))
    direct = esda.Moran(y, contiguity_weights(list(values)), permutations=0)
    ours = global_moran(values, permutations=99, seed=seed)
    assert ours["I"] == pytest.approx(direct.I, abs=1e-12)
    assert ours["EI"] == pytest.approx(direct.EI, abs=1e-12)
    assert ours["z"] == pytest.approx(direct.z_norm, abs=1e-12)
    assert ours["p_norm"] == pytest.approx(direct.p_norm, abs=1e-12)
    np.random.seed(seed)
    assert ours["p_sim"] == esda.Moran(y, contiguity_weights(list(values)), permutations=99).p_sim


@pytest.mark.parametrize("seed", [0])
def test_index_inequality_local_moran_matches_esda(seed: int) -> None:
    values = _random_index(seed)
    y = np.asarray(list(values.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        direct = esda.Moran_Local(y, contiguity_weights(list(values)), permutations=99, seed=seed)
    ours = local_moran(values, permutations=99, seed=seed)
    assert [r["code"] for r in ours] == list(values)
    np.testing.assert_allclose([r["Ii"] for r in ours], direct.Is, atol=1e-12)
    np.testing.assert_allclose([r["p_sim"] for r in ours], direct.p_sim, atol=1e-12)
    labels = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
    assert [r["quadrant"] for r in ours] == [labels[q] for q in direct.q]


@pytest.mark.parametrize(("high", "middle", "low"), [(1.0, 0.5, 0.0)])
def test_index_inequality_moran_clustered_east_high_west_low(high: float, middle: float, low: float) -> None:
    level = {"East": high, "Central": middle, "Northeast": middle, "West": low}
    values = {code: level[region] for code, region in province_groups("region4").items()}
    result = global_moran(values)
    assert result["I"] > 0.3
    assert result["p_norm"] < 0.01 and result["p_sim"] < 0.01
    lisa = {r["code"]: r for r in local_moran(values)}
    assert lisa[JIANGSU]["quadrant"] == "HH"
    assert lisa[QINGHAI]["quadrant"] == "LL"


@pytest.mark.parametrize(("codes", "island"), [([HAINAN, BEIJING, TIANJIN, HEBEI, "140000"], HAINAN)])
def test_index_inequality_local_moran_island_not_significant(codes: list[str], island: str) -> None:
    values = {c: float(i) for i, c in enumerate(codes)}
    record = next(r for r in local_moran(values, permutations=99) if r["code"] == island)
    assert record == {
        "code": island,
        "value": 0.0,
        "Ii": 0.0,
        "quadrant": None,
        "p_sim": None,
        "significant": False,
        "neighbours": 0,
    }


def test_index_inequality_moran_restores_global_random_state() -> None:
    np.random.seed(123)
    expected = np.random.random()
    np.random.seed(123)
    global_moran(_random_index(0), permutations=19)
    local_moran(_random_index(0), permutations=19)
    assert np.random.random() == expected


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: theil([1.0, -2.0, 3.0]), "positive"),
        (lambda: theil([1.0, 0.0, 3.0]), "positive"),
        (lambda: gini([1.0, -2.0, 3.0]), "non-negative"),
        (lambda: gini([1.0, math.nan]), "finite"),
        (lambda: gini([[1.0, 2.0], [3.0, 4.0]]), "one-dimensional"),
        (lambda: gini([0.0, 0.0]), "all be zero"),
        (lambda: gini([1.0]), "at least two"),
        (lambda: theil_decomposition([1.0, 2.0, 3.0], ["a", "b"]), "one label per value"),
        (lambda: dagum_gini([1.0, 2.0, 3.0], ["a", "b"]), "one label per value"),
        (lambda: dagum_gini({BEIJING: 1.0, "999999": 2.0}, province_groups()), "no group for 1 key"),
        (lambda: dagum_gini([1.0, 2.0], ["a", None]), r"groups\[1\]"),
        (lambda: dagum_gini({BEIJING: 1.0, TIANJIN: 2.0}, ["East", "East"]), "groups must be a mapping"),
        (lambda: province_groups("region5"), "scheme"),
        (lambda: obstacle_degree([[0.5, 0.5]], [1.0], ["a", "b"], ["u"]), "weights"),
        (lambda: obstacle_degree([[0.5, 1.5]], [0.5, 0.5], ["a", "b"], ["u"]), r"Xn must be normalised"),
        (lambda: obstacle_degree([[0.5, 0.5]], [0.5, 0.5], ["a", "a"], ["u"]), "indicator_names must be unique"),
        (lambda: obstacle_degree([[0.5, 0.5]], [0.5, 0.5], ["a", "b"], ["u", "v"]), "unit_names"),
        (lambda: obstacle_by_dimension(pd.DataFrame({"a": [1.0], "b": [2.0]}), {"a": "x"}), "no dimension"),
        (lambda: contiguity_weights([BEIJING, "999999"]), "unknown province code"),
        (lambda: contiguity_weights([BEIJING, BEIJING]), "unique"),
        (lambda: global_moran({c: 1.0 for c in province_groups()}), "all equal"),
        (lambda: global_moran({BEIJING: 1.0, TIANJIN: 2.0, HEBEI: 3.0}), "at least four"),
        (lambda: global_moran({BEIJING: 1.0, SHANGHAI: 2.0, XINJIANG: 3.0, HAINAN: 4.0}), "no two bordering"),
        (lambda: global_moran(_random_index(0), permutations=-1), "permutations"),
        (lambda: local_moran(_random_index(0), permutations=0), "permutations"),
        (lambda: local_moran(_random_index(0), alpha=1.5), "alpha"),
    ],
)
def test_index_inequality_bad_input_raises(call, message: str) -> None:
    with pytest.raises(NqpfError, match=message):
        call()
