"""Spatial autocorrelation of a provincial index: contiguity weights and global / local Moran's I.

Weights are built from the hand-written land-border table ``nqpf/data/province_contiguity.csv`` (Hainan linked to
Guangdong by convention) as a PySAL ``libpysal.weights.W``; the statistics are PySAL ``esda.Moran`` and
``esda.Moran_Local``.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from typing import Any

import esda
import numpy as np
from libpysal.weights import W

from nqpf.errors import NqpfError

__all__ = ["QUADRANTS", "contiguity_weights", "global_moran", "local_moran", "province_neighbours"]

# esda's default (non-GeoDa) numbering of Moran scatterplot quadrants: value high/low, then spatial lag high/low.
QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}


@cache
def _pairs() -> tuple[tuple[str, str], ...]:
    text = files("nqpf.data").joinpath("province_contiguity.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((row["code_a"], row["code_b"]) for row in csv.DictReader(lines))


def province_neighbours() -> dict[str, set[str]]:
    """Province code -> codes of the provinces it borders, for all 31 mainland provincial-level divisions.

    Returns
    -------
    dict[str, set[str]]
        Symmetric adjacency from ``province_contiguity.csv``; Hainan (460000) has Guangdong (440000) as its only
        neighbour by convention.
    """
    out: dict[str, set[str]] = {}
    for a, b in _pairs():
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return dict(sorted(out.items()))


def _codes(codes: Any, param: str = "codes") -> list[str]:
    if isinstance(codes, str | bytes):
        raise NqpfError(f"{param} must be a list of six-digit province codes, not a single string")
    try:
        out = list(codes)
    except TypeError:
        raise NqpfError(f"{param} must be a list of six-digit province codes, not {type(codes).__name__}") from None
    if not out:
        raise NqpfError(f"{param} must not be empty")
    known = province_neighbours()
    unknown = [c for c in out if c not in known]
    if unknown:
        shown = ", ".join(repr(c) for c in unknown[:5])
        raise NqpfError(
            f"{param} has {len(unknown)} unknown province code(s): {shown}; "
            "use six-digit codes of the 31 mainland provincial-level divisions, e.g. '110000'"
        )
    if len(set(out)) != len(out):
        dup = next(c for c in out if out.count(c) > 1)
        raise NqpfError(f"{param} must be unique; {dup!r} appears more than once")
    return out


def contiguity_weights(codes: Sequence[str]) -> W:
    """Row-standardised land-border contiguity weights for the given provinces.

    Parameters
    ----------
    codes : sequence of str
        Unique six-digit province codes (``"110000"``); their order is the order of the weights' ids.

    Returns
    -------
    libpysal.weights.W
        Binary contiguity restricted to ``codes``, transformed to row-standardised (``"r"``).

    Raises
    ------
    NqpfError
        If ``codes`` is empty, not a sequence, repeats a code or holds a code not in the contiguity table.

    Notes
    -----
    Subsetting can leave islands (e.g. Hainan without Guangdong, or Xinjiang alone among eastern provinces).
    libpysal warns about islands and disconnected components on construction; those warnings are silenced here
    because a subset is a deliberate choice. An island keeps an empty neighbour list, so its row of the
    row-standardised matrix is all zero and its spatial lag is 0; :func:`local_moran` reports it as an island.
    """
    selected = _codes(codes)
    position = {c: i for i, c in enumerate(selected)}
    known = province_neighbours()
    neighbours = {c: sorted((n for n in known[c] if n in position), key=position.__getitem__) for c in selected}
    w = W(neighbours, id_order=selected, silence_warnings=True)
    w.transform = "r"
    return w


def _values(values: Any) -> tuple[list[str], np.ndarray]:
    if not isinstance(values, Mapping):
        raise NqpfError(f"values must be a mapping province code -> value, not {type(values).__name__}")
    codes = _codes(list(values), "values")
    # Moran's randomisation variance divides by (n - 1)(n - 2)(n - 3).
    if len(codes) < 4:
        raise NqpfError(f"values needs at least four provinces for Moran's I, got {len(codes)}")
    try:
        y = np.asarray([values[c] for c in codes], dtype=float)
    except (TypeError, ValueError) as exc:
        raise NqpfError(f"values must be numbers: {exc}") from None
    if not np.isfinite(y).all():
        bad = next(c for c, v in zip(codes, y, strict=True) if not np.isfinite(v))
        raise NqpfError(f"values must be finite; values[{bad!r}] is {values[bad]!r}")
    if np.ptp(y) == 0:
        raise NqpfError("values are all equal: Moran's I is undefined without variation")
    return codes, y


def _check_permutations(permutations: Any, seed: Any, *, minimum: int) -> None:
    if isinstance(permutations, bool) or not isinstance(permutations, int | np.integer) or permutations < minimum:
        raise NqpfError(f"permutations must be an integer >= {minimum}, not {permutations!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0):
        raise NqpfError(f"seed must be a non-negative integer or None, not {seed!r}")


@contextmanager
def _global_seed(seed: int | None) -> Iterator[None]:
    """Seed NumPy's global generator for the block and restore it afterwards.

    esda draws its permutations from the global generator (``np.random.permutation`` in ``Moran``;
    ``np.random.seed(seed)`` inside the conditional randomisation of ``Moran_Local`` when numba is absent), so
    reproducibility needs a global seed, and callers should not find their own random stream changed.
    """
    if seed is None:
        yield
        return
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def global_moran(values: Mapping[str, float], *, permutations: int = 999, seed: int | None = 0) -> dict[str, Any]:
    """Global Moran's I of a provincial variable on row-standardised land-border contiguity (``esda.Moran``).

    Parameters
    ----------
    values : mapping
        Province code -> finite value, for at least four provinces; not all equal.
    permutations : int
        Random permutations for the pseudo p-value; 0 skips them (``p_sim`` is then None).
    seed : int or None
        Seed for the permutations (None: unseeded). NumPy's global random state is restored afterwards.

    Returns
    -------
    dict
        ``n``; ``I``; ``EI`` (expected I = -1/(n-1)); ``z`` and ``p_norm`` (normality assumption, two-tailed);
        ``z_sim`` and ``p_sim`` (permutation pseudo p-value, one-tailed in the direction of the observed I, as
        esda defines it), None without permutations; ``permutations``.

    Raises
    ------
    NqpfError
        On unknown or repeated codes, fewer than four provinces, non-finite or constant values, no contiguous pair
        among the provinces, or an invalid ``permutations`` or ``seed``.
    """
    _check_permutations(permutations, seed, minimum=0)
    codes, y = _values(values)
    w = contiguity_weights(codes)
    if w.s0 == 0:
        raise NqpfError("values has no two bordering provinces: Moran's I needs at least one neighbour pair")
    with _global_seed(seed):
        mi = esda.Moran(y, w, permutations=permutations)
    return {
        "n": len(codes),
        "I": float(mi.I),
        "EI": float(mi.EI),
        "z": float(mi.z_norm),
        "p_norm": float(mi.p_norm),
        "z_sim": float(mi.z_sim) if permutations else None,
        "p_sim": float(mi.p_sim) if permutations else None,
        "permutations": permutations,
    }


def local_moran(
    values: Mapping[str, float], *, permutations: int = 999, seed: int | None = 0, alpha: float = 0.05
) -> list[dict[str, Any]]:
    """Local Moran's I (LISA) per province on row-standardised land-border contiguity (``esda.Moran_Local``).

    Parameters
    ----------
    values : mapping
        Province code -> finite value, for at least four provinces; not all equal.
    permutations : int
        Conditional permutations for the pseudo p-values (at least 1; 999 is usual).
    seed : int or None
        Seed for the permutations (None: unseeded). NumPy's global random state is restored afterwards.
    alpha : float
        Significance level for ``significant`` (``p_sim < alpha``).

    Returns
    -------
    list[dict]
        One record per province in the order of ``values``: ``code``, ``value``, ``Ii``, ``quadrant`` (``"HH"``,
        ``"LH"``, ``"LL"`` or ``"HL"`` from esda's ``q`` 1..4: own value high/low, then neighbours' average
        high/low), ``p_sim`` (folded pseudo p-value as esda computes it), ``significant`` and ``neighbours``
        (how many of the given provinces border it).

    Raises
    ------
    NqpfError
        As :func:`global_moran`, or if ``permutations`` < 1 or ``alpha`` is not in (0, 1).

    Notes
    -----
    A province with no neighbour among the given ones (an island of the subset) has Ii = 0 by construction and
    every permutation reproduces that, which esda would report as p = 1/(permutations + 1). Such a record gets
    ``quadrant`` None, ``p_sim`` None and ``significant`` False instead of a spurious cluster.
    """
    _check_permutations(permutations, seed, minimum=1)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise NqpfError(f"alpha must be a number between 0 and 1, not {alpha!r}")
    codes, y = _values(values)
    w = contiguity_weights(codes)
    if w.s0 == 0:
        raise NqpfError("values has no two bordering provinces: local Moran's I needs at least one neighbour pair")
    with _global_seed(seed), warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        # Moran_Local recomputes p_sim from the kept simulations (folded), so crand's notice about its future
        # default alternative does not apply; islands' zero simulated spread makes z_sim 0/0, which is not used.
        warnings.filterwarnings("ignore", message="The alternative hypothesis", category=DeprecationWarning)
        lisa = esda.Moran_Local(y, w, permutations=permutations, seed=seed)
    out = []
    for i, code in enumerate(codes):
        island = w.cardinalities[code] == 0
        p_sim = None if island else float(lisa.p_sim[i])
        out.append(
            {
                "code": code,
                "value": float(y[i]),
                "Ii": 0.0 if island else float(lisa.Is[i]),
                "quadrant": None if island else QUADRANTS[int(lisa.q[i])],
                "p_sim": p_sim,
                "significant": p_sim is not None and p_sim < alpha,
                "neighbours": int(w.cardinalities[code]),
            }
        )
    return out
