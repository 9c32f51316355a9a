"""Numerical methods of the composite index: hand-checked examples and agreement with pymcdm."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.weights import critic_weights, entropy_weights

from nqpf.composite import methods, treatment
from nqpf.errors import NqpfError

# 3 regions × 3 indicators; the third is a cost indicator. Column 1 has a tie (10, 30, 10).
X = np.array([[1.0, 10.0, 4.0],
              [2.0, 30.0, 2.0],
              [4.0, 10.0, 1.0]])
DIRECTIONS = np.array([1, 1, -1])
W = np.array([0.5, 0.25, 0.25])
R21, R3 = math.sqrt(21), math.sqrt(3)

# minmax: col0 (x-1)/3; col1 (x-10)/20; col2 cost (4-x)/3
MINMAX = np.array([[0, 0, 0],
                   [1 / 3, 1, 2 / 3],
                   [1, 0, 1]])
# distance to frontier: col0 x/4; col1 x/30; col2 cost 1/x (min is 1)
DTF = np.array([[1 / 4, 1 / 3, 1 / 4],
                [1 / 2, 1, 1 / 2],
                [1, 1 / 3, 1]])

NORMALISED = {
    "minmax": MINMAX,
    # col0: mean 7/3, deviations -4/3, -1/3, 5/3, var (16+1+25)/9/2 = 7/3, so z = dev*3/sqrt(21)
    # col1: mean 50/3, deviations -20/3, 40/3, -20/3, var 2400/9/2 = 400/3, sd 20/sqrt(3): -1/√3, 2/√3, -1/√3
    # col2 (cost): mean 7/3, deviations 5/3, -1/3, -4/3 -> 5/√21, -1/√21, -4/√21, times -1
    "zscore": np.array([[-4 / R21, -1 / R3, -5 / R21],
                        [-1 / R21, 2 / R3, 1 / R21],
                        [5 / R21, -1 / R3, 4 / R21]]),
    # col0 ranks 1, 2, 3 -> (r-1)/2 = 0, .5, 1; col1 ranks 1.5, 3, 1.5 -> .25, 1, .25;
    # col2 ranks 3, 2, 1 -> 1, .5, 0, reversed for a cost -> 0, .5, 1
    "rank": np.array([[0, 0.25, 0],
                      [0.5, 1, 0.5],
                      [1, 0.25, 1]]),
    "distance_to_frontier": DTF,
}


@pytest.mark.parametrize("method", sorted(NORMALISED))
def test_index_methods_normalise_hand_examples(method: str) -> None:
    np.testing.assert_allclose(methods.normalise(X, DIRECTIONS, method), NORMALISED[method], atol=1e-12)


@pytest.mark.parametrize("method", sorted(NORMALISED))
def test_index_methods_normalise_cost_reverses_order(method: str) -> None:
    x = np.array([[3.0], [1.0], [7.0], [5.0]])
    benefit = methods.normalise(x, [1], method)[:, 0]
    cost = methods.normalise(x, [-1], method)[:, 0]
    assert list(np.argsort(benefit)) == [1, 0, 3, 2]
    assert list(np.argsort(cost)) == [2, 3, 0, 1]


@pytest.mark.parametrize("method", sorted(NORMALISED))
def test_index_methods_normalise_keeps_nan(method: str) -> None:
    x = np.array([[1.0, 2.0], [np.nan, 4.0], [3.0, 8.0]])
    out = methods.normalise(x, [1, 1], method)
    assert np.isnan(out[1, 0])
    assert np.isfinite(np.delete(out.ravel(), 2)).all()


@pytest.mark.parametrize("method", sorted(NORMALISED))
def test_index_methods_normalise_constant_indicator_raises(method: str) -> None:
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    with pytest.raises(NqpfError, match="indicator 1 is constant"):
        methods.normalise(x, [1, 1], method)


def test_index_methods_normalise_frontier_needs_positive_values() -> None:
    x = np.array([[1.0, 0.0], [2.0, 3.0], [3.0, 4.0]])
    with pytest.raises(NqpfError, match="indicator 1 has a value <= 0"):
        methods.normalise(x, [1, 1], "distance_to_frontier")


@pytest.mark.parametrize(("method", "directions"), [
    ("unknown", [1, 1, -1]),
    ("minmax", [1, 1]),
    ("minmax", [1, 0, -1]),
])
def test_index_methods_normalise_rejects_bad_arguments(method: str, directions: list[int]) -> None:
    with pytest.raises(NqpfError):
        methods.normalise(X, directions, method)


AGGREGATED = {
    # MINMAX rows with w = (.5, .25, .25): 0; .5/3 + .25 + .25*2/3 = 1/6 + 1/4 + 1/6 = 7/12; .5 + 0 + .25 = 3/4
    "arithmetic": (MINMAX, [0.0, 7 / 12, 0.75]),
    # DTF rows: (1/4)^.5 (1/3)^.25 (1/4)^.25 = (1/4^3/3)^(1/4) = 192^(-1/4);
    # (1/2)^.5 * 1 * (1/2)^.25 = 2^(-3/4); 1 * (1/3)^.25 * 1 = 3^(-1/4)
    "geometric": (DTF, [192 ** -0.25, 2 ** -0.75, 3 ** -0.25]),
    # raw X, min-max inside TOPSIS = MINMAX; weighted V rows (0,0,0), (1/6,1/4,1/6), (1/2,0,1/4);
    # ideal (1/2,1/4,1/4), anti-ideal (0,0,0).
    # row0: D- = 0 -> 0.  row1: D+ = sqrt(1/9 + 0 + 1/144) = sqrt(17)/12, D- = sqrt(1/36 + 1/16 + 1/36)
    # = sqrt(17)/12 -> 1/2.  row2: D+ = sqrt(1/16) = 1/4, D- = sqrt(1/4 + 1/16) = sqrt(5)/4 -> √5/(√5+1)
    "topsis": (X, [0.0, 0.5, math.sqrt(5) / (math.sqrt(5) + 1)]),
}


@pytest.mark.parametrize("method", sorted(AGGREGATED))
def test_index_methods_aggregate_hand_examples(method: str) -> None:
    matrix, expected = AGGREGATED[method]
    got = methods.aggregate(matrix, W, method, directions=DIRECTIONS)
    np.testing.assert_allclose(got, expected, atol=1e-12)


def test_index_methods_aggregate_geometric_zero_raises() -> None:
    with pytest.raises(NqpfError, match="geometric aggregation needs positive normalised values"):
        methods.aggregate(MINMAX, W, "geometric")


def test_index_methods_aggregate_topsis_needs_directions() -> None:
    with pytest.raises(NqpfError, match="directions"):
        methods.aggregate(X, W, "topsis")


@pytest.mark.parametrize("w", [[0.5, 0.25, 0.2], [0.6, 0.6, -0.2], [0.5, 0.5]])
def test_index_methods_aggregate_rejects_bad_weights(w: list[float]) -> None:
    with pytest.raises(NqpfError):
        methods.aggregate(MINMAX, w, "arithmetic")


def _random_positive(seed: int, shape: tuple[int, int]) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.1, 10.0, size=shape)


PYMCDM_CASES = [(1, (10, 4)), (2, (31, 7)), (3, (434, 25))]


@pytest.mark.parametrize(("seed", "shape"), PYMCDM_CASES)
def test_index_methods_entropy_weights_match_pymcdm(seed: int, shape: tuple[int, int]) -> None:
    m = _random_positive(seed, shape)
    np.testing.assert_allclose(methods.weights(m, "entropy"), entropy_weights(m), rtol=0, atol=1e-9)
    np.testing.assert_allclose(methods.weights(m * 0 + 1, "entropy", raw=m), entropy_weights(m), rtol=0, atol=1e-9)


@pytest.mark.parametrize(("seed", "shape"), PYMCDM_CASES)
def test_index_methods_critic_weights_match_pymcdm(seed: int, shape: tuple[int, int]) -> None:
    m = _random_positive(seed, shape)
    np.testing.assert_allclose(methods.weights(m, "critic"), critic_weights(m), rtol=0, atol=1e-9)


@pytest.mark.filterwarnings("ignore:Alternatives with indices")  # pymcdm warns about dominant rows
@pytest.mark.parametrize(("seed", "shape"), PYMCDM_CASES)
def test_index_methods_topsis_matches_pymcdm(seed: int, shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(seed + 100)
    m = _random_positive(seed, shape)
    types = np.where(np.arange(shape[1]) % 2 == 0, 1, -1)  # mixed benefit and cost
    w = rng.dirichlet(np.ones(shape[1]))
    expected = TOPSIS()(m, w, types)
    np.testing.assert_allclose(methods.aggregate(m, w, "topsis", directions=types), expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize(("method", "expected"), [
    ("equal", [1 / 3, 1 / 3, 1 / 3]),
    ("user", [0.2, 0.3, 0.5]),
])
def test_index_methods_weights_simple(method: str, expected: list[float]) -> None:
    user = [0.2, 0.3, 0.5] if method == "user" else None
    np.testing.assert_allclose(methods.weights(MINMAX, method, user=user), expected, atol=1e-12)


@pytest.mark.parametrize(("user", "message"), [
    ([0.2, 0.3, 0.4], "weights sum to 0.9, not 1"),
    ([0.7, 0.7, -0.4], "negative weight for indicator 2"),
    ([0.5, 0.5], "one weight per indicator"),
])
def test_index_methods_user_weights_invalid(user: list[float], message: str) -> None:
    with pytest.raises(NqpfError, match=message):
        methods.weights(MINMAX, "user", user=user)


def test_index_methods_pca_weights_two_correlated_indicators() -> None:
    # correlation r > 0 gives eigenvalues 1 + r (kept) and 1 - r; the first eigenvector is
    # (1, 1)/√2, so squared loadings are 1/2 each
    x = np.array([[1.0, 2.0], [2.0, 2.5], [3.0, 5.0], [4.0, 4.0]])
    np.testing.assert_allclose(methods.weights(x, "pca"), [0.5, 0.5], atol=1e-12)


def test_index_methods_pca_weights_sum_to_one() -> None:
    w = methods.weights(_random_positive(5, (60, 8)), "pca")
    assert w.shape == (8,)
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("method", ["entropy", "critic", "pca"])
def test_index_methods_weights_reject_missing_values(method: str) -> None:
    m = _random_positive(6, (6, 3))
    m[2, 1] = np.nan
    with pytest.raises(NqpfError, match="indicator 1"):
        methods.weights(m, method)


def test_index_methods_entropy_weights_reject_zero() -> None:
    with pytest.raises(NqpfError, match="indicator 0 of Xn has a value <= 0"):
        methods.weights(MINMAX, "entropy")


@pytest.mark.parametrize("method", ["arithmetic", "geometric", "topsis"])
def test_index_methods_aggregate_batch_equals_per_draw(method: str) -> None:
    rng = np.random.default_rng(7)
    raw = _random_positive(8, (40, 6))
    directions = np.array([1, -1, 1, 1, -1, 1])
    matrix = raw if method == "topsis" else methods.normalise(raw, directions, "distance_to_frontier")
    draws = rng.dirichlet(np.ones(6), size=25)
    batch = methods.aggregate_batch(matrix, draws, method, directions=directions)
    assert batch.shape == (25, 40)
    single = np.array([methods.aggregate(matrix, w, method, directions=directions) for w in draws])
    np.testing.assert_allclose(batch, single, rtol=0, atol=1e-12)


def test_index_methods_aggregate_batch_reports_bad_draw() -> None:
    draws = np.array([[0.5, 0.25, 0.25], [0.5, 0.5, 0.5]])
    with pytest.raises(NqpfError, match=r"weights sum to 1\.5, not 1 \(draw 1\)"):
        methods.aggregate_batch(MINMAX, draws, "arithmetic")


@pytest.mark.parametrize(("scores", "expected"), [
    ([0.3, 0.9, 0.3, 0.1], [2.5, 1.0, 2.5, 4.0]),
    ([[1.0, 2.0, 3.0], [5.0, 5.0, 5.0]], [[3.0, 2.0, 1.0], [2.0, 2.0, 2.0]]),
    ([0.5, np.nan, 0.7], [2.0, np.nan, 1.0]),
])
def test_index_methods_rank_desc_ties(scores: list, expected: list) -> None:
    np.testing.assert_array_equal(methods.rank_desc(np.array(scores)), np.array(expected))


def test_index_methods_winsorise_treats_outlier_and_leaves_normal_column() -> None:
    rng = np.random.default_rng(11)
    outlying = np.r_[np.arange(1.0, 20.0), 1000.0]  # one huge value among 1..19
    normal = rng.normal(50, 5, size=20)
    low = np.r_[-1000.0, np.arange(1.0, 20.0)]
    x = np.column_stack([outlying, normal, low])
    x[3, 1] = np.nan
    treated, log = methods.winsorise(x)
    # 1000 -> 19, the next value; 1..19,19 then has skew ~0.1, so one point suffices
    assert log == [{"indicator": 0, "points": 1, "side": "high"}, {"indicator": 2, "points": 1, "side": "low"}]
    assert treated[19, 0] == 19.0
    assert treated[0, 2] == 1.0
    np.testing.assert_array_equal(treated[:, 1], x[:, 1])
    np.testing.assert_array_equal(np.delete(treated[:, 0], 19), np.delete(x[:, 0], 19))
    assert x[19, 0] == 1000.0  # the input is not modified


def test_index_methods_winsorise_stops_at_max_points() -> None:
    x = np.r_[np.ones(30), 1e3, 1e4, 1e5, 1e6][:, None]  # 4 escalating outliers, each still extreme
    treated, log = methods.winsorise(x, max_points=2)
    assert log == [{"indicator": 0, "points": 2, "side": "high"}]
    np.testing.assert_array_equal(treated[-4:, 0], [1e3, 1e4, 1e4, 1e4])


def test_index_methods_winsorise_uses_sample_skew_and_kurtosis() -> None:
    # COINr's vignette vector 1..10, 30, 100: G1 skew 3.063, G2 excess kurtosis 9.741 (e1071 type 2)
    x = np.r_[np.arange(1.0, 11.0), 30.0, 100.0]
    skew, kurt = treatment._skew_kurtosis(x)
    assert skew == pytest.approx(3.0632410342, abs=1e-9)
    assert kurt == pytest.approx(9.7413908346, abs=1e-9)


def _panel() -> pd.DataFrame:
    index = pd.MultiIndex.from_product([["A", "B"], range(2018, 2024)], names=["region", "year"])
    nan = np.nan
    return pd.DataFrame({
        "gdp": [nan, 1, nan, nan, 4, nan,   # A: interior gap of two, both edges missing
                5, nan, 7, nan, nan, nan],  # B: one-year gap (a tie for nearest), trailing edge
        "rd": [nan] * 6 + [1, 2, 3, 4, 5, 6],  # A has no R&D value at all
    }, index=index)


@pytest.mark.parametrize(("method", "gdp"), [
    # linear: A 2020 = 1 + (4-1)/3 = 2, 2021 = 3, edges copy 1 and 4; B 2019 = (5+7)/2 = 6, edges copy 7
    ("linear", [1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 7, 7]),
    # nearest: A 2020 is 1 year from 2019 (1), 2 from 2022; 2021 the reverse; B 2019 ties 2018/2020 -> 2018
    ("nearest", [1, 1, 1, 4, 4, 4, 5, 5, 7, 7, 7, 7]),
])
def test_index_methods_impute(method: str, gdp: list[float]) -> None:
    frame = _panel()
    out = methods.impute(frame, method)
    np.testing.assert_array_equal(out["gdp"].to_numpy(), np.array(gdp, dtype=float))
    assert out["rd"].iloc[:6].isna().all()
    np.testing.assert_array_equal(out["rd"].iloc[6:].to_numpy(), np.arange(1.0, 7.0))
    shuffled = frame.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(methods.impute(shuffled, method), out.loc[shuffled.index])


def test_index_methods_impute_none_and_unknown() -> None:
    frame = _panel()
    pd.testing.assert_frame_equal(methods.impute(frame, "none"), frame)
    with pytest.raises(NqpfError, match="imputation method"):
        methods.impute(frame, "spline")


def test_index_methods_cronbach_alpha_hand_example() -> None:
    # item variances (ddof=1): (1,2,3) -> 1; (2,3,4) -> 1; (3,3,6) -> (1+1+4)/2 = 3; sum 5
    # row totals 6, 8, 13: mean 9, (9+1+16)/2 = 13; alpha = 3/2 * (1 - 5/13) = 12/13
    x = np.array([[1.0, 2.0, 3.0], [2.0, 3.0, 3.0], [3.0, 4.0, 6.0], [np.nan, 1.0, 1.0]])
    assert methods.cronbach_alpha(x) == pytest.approx(12 / 13, abs=1e-12)


def test_average_ranks_equal_scipys_rankdata_with_ties_and_gaps():
    from scipy.stats import rankdata

    from nqpf.composite.ranking import average_ranks

    rng = np.random.default_rng(3)
    for shape, axis in [((7,), 0), ((9, 4), 0), ((5, 6), -1), ((3, 4, 5), 1)]:
        for _ in range(50):
            x = rng.integers(0, 4, size=shape).astype(float)  # many ties
            x[rng.random(shape) < 0.2] = np.nan
            expected = rankdata(x, method="average", axis=axis, nan_policy="omit")
            np.testing.assert_array_equal(average_ranks(x, axis=axis), expected)
