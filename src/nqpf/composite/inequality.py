"""Regional gaps in a provincial index: Gini, Theil and the Dagum Gini decomposition (the obstacle
degree of each indicator is in ``obstacle``).

Gini and Theil (with its between/within decomposition) come from PySAL's ``inequality`` package; the Dagum (1997)
decomposition, which no maintained library provides, is written here. The groups
used by the Chinese regional-inequality literature (NBS four regions, the classic three belts) ship as
``nqpf/data/province_groups.csv`` and are read with :func:`province_groups`.

References
----------
Dagum, C. (1997). A new approach to the decomposition of the Gini income inequality ratio.
*Empirical Economics* 22(4), 515-531.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
from inequality.gini import Gini
from inequality.theil import Theil, TheilD

from nqpf.errors import NqpfError

__all__ = [
    "GROUP_SCHEMES",
    "DagumResult",
    "dagum_gini",
    "gini",
    "province_groups",
    "theil",
    "theil_decomposition",
]

GROUP_SCHEMES = ("region4", "region3")

# A total this small is floating-point noise around perfect equality (Theil of equal values is ~1e-17, not 0),
# so shares of it would be meaningless ratios of rounding errors.
_TINY = 1e-12


# --------------------------------------------------------------------------- groups


@cache
def _group_table() -> tuple[dict[str, str], ...]:
    text = files("nqpf.data").joinpath("province_groups.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))


def province_groups(scheme: str = "region4") -> dict[str, str]:
    """Province code -> region for the 31 mainland provincial-level divisions.

    Parameters
    ----------
    scheme : {"region4", "region3"}
        ``"region4"``: the NBS four regions (East, Central, West, Northeast). ``"region3"``: the classic three
        belts (East, Central, West) in their post-2000 form.

    Returns
    -------
    dict[str, str]
        Six-digit code (``"110000"``) -> region name, in code order.

    Raises
    ------
    NqpfError
        If ``scheme`` is not one of :data:`GROUP_SCHEMES`.
    """
    if scheme not in GROUP_SCHEMES:
        raise NqpfError(f"scheme must be one of {', '.join(GROUP_SCHEMES)}, not {scheme!r}")
    return {row["code"]: row[scheme] for row in _group_table()}


# --------------------------------------------------------------------------- validation


def _as_values(values: Any, name: str = "values", *, positive: bool = False) -> np.ndarray:
    """1-D float array of at least two finite, non-negative (or positive) values with a positive total."""
    if isinstance(values, Mapping):
        values = list(values.values())
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise NqpfError(f"{name} must be numbers: {exc}") from None
    if arr.ndim != 1:
        raise NqpfError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.size < 2:
        raise NqpfError(f"{name} needs at least two values to measure inequality, got {arr.size}")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise NqpfError(f"{name} must be finite; {name}[{bad[0]}] is {arr[bad[0]]}")
    if positive:
        bad = np.flatnonzero(arr <= 0)
        if bad.size:
            raise NqpfError(f"{name} must all be positive for the Theil index; {name}[{bad[0]}] is {arr[bad[0]]}")
    else:
        bad = np.flatnonzero(arr < 0)
        if bad.size:
            raise NqpfError(f"{name} must be non-negative; {name}[{bad[0]}] is {arr[bad[0]]}")
        if arr.sum() <= 0:
            raise NqpfError(f"{name} must not all be zero: inequality of a zero total is undefined")
    return arr


def _aligned(values: Any, groups: Any, *, positive: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Values and group labels as parallel arrays.

    Either both are sequences of the same length, or ``values`` is a mapping (e.g. province code -> index) and
    ``groups`` a mapping that gives a group for each of its keys (e.g. :func:`province_groups`).
    """
    if isinstance(values, Mapping):
        if not isinstance(groups, Mapping):
            raise NqpfError("groups must be a mapping (key -> group) when values is a mapping")
        unknown = [key for key in values if key not in groups]
        if unknown:
            raise NqpfError(f"groups has no group for {len(unknown)} key(s) of values: {', '.join(map(str, unknown))}")
        labels = [groups[key] for key in values]
    else:
        if isinstance(groups, str | bytes | Mapping):
            raise NqpfError("groups must be a sequence of group labels, one per value")
        labels = list(groups)
    arr = _as_values(values, positive=positive)
    if len(labels) != arr.size:
        raise NqpfError(f"groups must have one label per value: {len(labels)} labels for {arr.size} values")
    for i, label in enumerate(labels):
        if not isinstance(label, str) or not label.strip():
            raise NqpfError(f"groups[{i}] must be a non-empty group name, not {label!r}")
    return arr, np.asarray(labels, dtype=object)


def _share(part: float, total: float) -> float:
    return part / total if total > _TINY else 0.0


# --------------------------------------------------------------------------- Gini and Theil


def gini(values: Sequence[float] | np.ndarray | Mapping[Any, float]) -> float:
    """Gini coefficient of non-negative values, via PySAL ``inequality.gini.Gini``.

    .. math:: G = \\frac{\\sum_i \\sum_r |y_i - y_r|}{2 n^2 \\bar y}

    Parameters
    ----------
    values : array-like or mapping
        At least two finite, non-negative values, not all zero (a mapping's values are used).

    Returns
    -------
    float
        Gini coefficient in [0, 1 - 1/n].

    Raises
    ------
    NqpfError
        If ``values`` is not 1-D, has fewer than two values, or holds non-finite or negative values or only zeros.
    """
    arr = _as_values(values)
    return float(Gini(arr).g)


def theil(values: Sequence[float] | np.ndarray | Mapping[Any, float]) -> float:
    """Theil T index of positive values, via PySAL ``inequality.theil.Theil``.

    .. math:: T = \\frac{1}{n} \\sum_i \\frac{y_i}{\\bar y} \\ln \\frac{y_i}{\\bar y}

    Parameters
    ----------
    values : array-like or mapping
        At least two finite, strictly positive values.

    Returns
    -------
    float
        Theil T in [0, ln n].

    Raises
    ------
    NqpfError
        If ``values`` is not 1-D, has fewer than two values, or holds a non-finite or non-positive value.

    Notes
    -----
    Zeros are refused rather than passed on: PySAL would silently replace them with the smallest positive float,
    and a zero composite index usually means a normalisation or data problem worth seeing.
    """
    arr = _as_values(values, positive=True)
    return float(np.squeeze(Theil(arr).T))


def theil_decomposition(values: Any, groups: Any) -> dict[str, float]:
    """Theil T split into within-group and between-group parts, via PySAL ``inequality.theil.TheilD``.

    .. math::

        T = T_w + T_b, \\quad
        T_b = \\sum_g s_g \\ln \\frac{s_g}{n_g / n}, \\quad
        T_w = \\sum_g s_g T_g

    where :math:`s_g` is group *g*'s share of the total and :math:`T_g` its own Theil index.

    Parameters
    ----------
    values : array-like or mapping
        Strictly positive values (see :func:`theil`); or a mapping key -> value.
    groups : sequence of str or mapping
        One group name per value; or, when ``values`` is a mapping, a mapping key -> group covering its keys
        (e.g. ``province_groups("region4")``).

    Returns
    -------
    dict[str, float]
        ``total``, ``within``, ``between`` (``within + between == total``), ``within_share`` and
        ``between_share`` (fractions of ``total``; both 0.0 when the total is 0).

    Raises
    ------
    NqpfError
        On invalid ``values``, a length mismatch, a missing or empty group label, or a key without a group.
    """
    arr, labels = _aligned(values, groups, positive=True)
    result = TheilD(arr, labels)
    total = float(np.squeeze(result.T))
    between = float(np.squeeze(result.bg))
    # PySAL defines wg = T - bg, so the parts add up exactly; keep that identity rather than recomputing.
    within = float(np.squeeze(result.wg))
    return {
        "total": total,
        "within": within,
        "between": between,
        "within_share": _share(within, total),
        "between_share": _share(between, total),
    }


# --------------------------------------------------------------------------- Dagum


@dataclass(frozen=True)
class DagumResult:
    """Dagum (1997) decomposition of a Gini coefficient over groups.

    Attributes
    ----------
    total : float
        Overall Gini G.
    groups : tuple[str, ...]
        Group names in ascending order of mean, the order Dagum's pairwise terms assume.
    sizes, means : dict[str, float]
        Number of members and mean value per group.
    within : dict[str, float]
        Within-group Gini G_jj per group.
    between : dict[tuple[str, str], float]
        Between-group Gini G_jh keyed ``(j, h)`` with the higher-mean group ``j`` first.
    affluence : dict[tuple[str, str], float]
        Relative economic affluence D_jh in [0, 1] for the same keys.
    within_contribution, net_between_contribution, transvariation_contribution : float
        G_w, G_nb and G_t, which sum to ``total``.
    """

    total: float
    groups: tuple[str, ...]
    sizes: dict[str, int]
    means: dict[str, float]
    within: dict[str, float]
    between: dict[tuple[str, str], float]
    affluence: dict[tuple[str, str], float]
    within_contribution: float
    net_between_contribution: float
    transvariation_contribution: float

    @property
    def within_share(self) -> float:
        """G_w / G (0.0 when G is 0)."""
        return _share(self.within_contribution, self.total)

    @property
    def net_between_share(self) -> float:
        """G_nb / G (0.0 when G is 0)."""
        return _share(self.net_between_contribution, self.total)

    @property
    def transvariation_share(self) -> float:
        """G_t / G (0.0 when G is 0)."""
        return _share(self.transvariation_contribution, self.total)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form: totals, contributions and shares, one record per group and per group pair."""
        return {
            "total": self.total,
            "within_contribution": self.within_contribution,
            "net_between_contribution": self.net_between_contribution,
            "transvariation_contribution": self.transvariation_contribution,
            "within_share": self.within_share,
            "net_between_share": self.net_between_share,
            "transvariation_share": self.transvariation_share,
            "groups": [
                {"group": g, "n": self.sizes[g], "mean": self.means[g], "gini": self.within[g]} for g in self.groups
            ],
            "pairs": [
                {"group_a": j, "group_b": h, "gini": g_jh, "relative_affluence": self.affluence[(j, h)]}
                for (j, h), g_jh in self.between.items()
            ],
        }


def dagum_gini(values: Any, groups: Any) -> DagumResult:
    """Dagum (1997) decomposition of the Gini coefficient into within, net between and transvariation parts.

    With *k* groups ordered so that :math:`\\bar y_1 \\le \\dots \\le \\bar y_k`, group *j* of size
    :math:`n_j`, :math:`p_j = n_j / n` and :math:`s_j = n_j \\bar y_j / (n \\bar y)`:

    .. math::

        G = \\frac{\\sum_j \\sum_h \\sum_i \\sum_r |y_{ji} - y_{hr}|}{2 n^2 \\bar y}, \\qquad
        G_{jj} = \\frac{\\sum_i \\sum_r |y_{ji} - y_{jr}|}{2 n_j^2 \\bar y_j}, \\qquad
        G_{jh} = \\frac{\\sum_i \\sum_r |y_{ji} - y_{hr}|}{n_j n_h (\\bar y_j + \\bar y_h)}

        d_{jh} = \\frac{1}{n_j n_h} \\sum_i \\sum_r \\max(y_{ji} - y_{hr}, 0), \\quad
        p_{jh} = \\frac{1}{n_j n_h} \\sum_i \\sum_r \\max(y_{hr} - y_{ji}, 0), \\quad
        D_{jh} = \\frac{d_{jh} - p_{jh}}{d_{jh} + p_{jh}} \\quad (\\bar y_j \\ge \\bar y_h)

        G_w = \\sum_j G_{jj} p_j s_j, \\quad
        G_{nb} = \\sum_{j=2}^{k} \\sum_{h=1}^{j-1} G_{jh} (p_j s_h + p_h s_j) D_{jh}, \\quad
        G_t = \\sum_{j=2}^{k} \\sum_{h=1}^{j-1} G_{jh} (p_j s_h + p_h s_j) (1 - D_{jh})

    and :math:`G = G_w + G_{nb} + G_t` exactly. :math:`d_{jh}` is the gross gap in favour of the richer group
    *j*, :math:`p_{jh}` the transvariation (first-order moment of pairs where the poorer group's member is
    ahead), so :math:`G_t` measures the overlap between group distributions.

    Parameters
    ----------
    values : array-like or mapping
        At least two finite, non-negative values, not all zero; or a mapping key -> value.
    groups : sequence of str or mapping
        One group name per value; or, when ``values`` is a mapping, a mapping key -> group covering its keys
        (e.g. ``province_groups("region4")``).

    Returns
    -------
    DagumResult
        All the terms above; ``to_dict()`` gives a JSON-ready form.

    Raises
    ------
    NqpfError
        On invalid ``values``, a length mismatch, a missing or empty group label, or a key without a group.

    Notes
    -----
    Pairwise differences are held as an n x n array, fine for provinces (31) or pooled province-years, not for
    micro data. A group whose members are all zero has G_jj = 0; a pair of groups with identical constant values
    has d_jh + p_jh = 0 and D_jh is taken as 0 (its G_jh is 0, so it contributes nothing either way). Groups with
    equal means are ordered by name; D_jh is then 0 whichever comes first.
    """
    y, labels = _aligned(values, groups)
    n = y.size
    mean = y.mean()
    diff = np.abs(y[:, None] - y[None, :])
    total = float(diff.sum() / (2 * n * n * mean))

    members = {g: np.flatnonzero(labels == g) for g in dict.fromkeys(labels)}
    means = {g: float(y[idx].mean()) for g, idx in members.items()}
    order = tuple(sorted(members, key=lambda g: (means[g], g)))
    sizes = {g: int(members[g].size) for g in order}
    p = {g: sizes[g] / n for g in order}
    s = {g: sizes[g] * means[g] / (n * mean) for g in order}

    within: dict[str, float] = {}
    for g in order:
        idx = members[g]
        within[g] = float(diff[np.ix_(idx, idx)].sum() / (2 * sizes[g] ** 2 * means[g])) if means[g] > 0 else 0.0

    between: dict[tuple[str, str], float] = {}
    affluence: dict[tuple[str, str], float] = {}
    g_w = sum(within[g] * p[g] * s[g] for g in order)
    g_nb = 0.0
    g_t = 0.0
    # j runs over the richer group of each pair, h over the poorer ones, as in Dagum's sums over h < j.
    for jj in range(len(order) - 1, 0, -1):
        j = order[jj]
        for hh in range(jj - 1, -1, -1):
            h = order[hh]
            gap = y[members[j]][:, None] - y[members[h]][None, :]
            pairs = sizes[j] * sizes[h]
            d_jh = np.clip(gap, 0, None).sum() / pairs
            p_jh = np.clip(-gap, 0, None).sum() / pairs
            denominator = means[j] + means[h]
            g_jh = float(np.abs(gap).sum() / (pairs * denominator)) if denominator > 0 else 0.0
            d = float((d_jh - p_jh) / (d_jh + p_jh)) if d_jh + p_jh > 0 else 0.0
            weight = p[j] * s[h] + p[h] * s[j]
            between[(j, h)] = g_jh
            affluence[(j, h)] = d
            g_nb += g_jh * weight * d
            g_t += g_jh * weight * (1.0 - d)

    return DagumResult(
        total=total,
        groups=order,
        sizes=sizes,
        means={g: means[g] for g in order},
        within=within,
        between=between,
        affluence=affluence,
        within_contribution=float(g_w),
        net_between_contribution=float(g_nb),
        transvariation_contribution=float(g_t),
    )
