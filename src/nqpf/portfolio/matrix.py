"""Region × industry portfolios: the priority matrix, how alike regions' portfolios are, and
which industries are most crowded (the duplicated-investment risk the seed articles raise)."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations
from typing import Any

CHINA = "CN"


def portfolios(pairs: list[dict[str, Any]], *, include_china: bool = True) -> dict[str, dict[str, int]]:
    """region -> {industry: number of documents stating the priority}."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for p in pairs:
        if include_china or p["region"] != CHINA:
            out[p["region"]][p["industry"]] = out[p["region"]].get(p["industry"], 0) + p["documents"]
    return dict(out)


def matrix(pairs: list[dict[str, Any]]) -> tuple[list[str], list[str], dict[str, dict[str, int]]]:
    """(regions, industries, cells): rows by portfolio size, columns by how many regions share them."""
    cells = portfolios(pairs)
    counts: dict[str, int] = defaultdict(int)
    for industries in cells.values():
        for ind in industries:
            counts[ind] += 1
    regions = sorted(cells, key=lambda r: (-len(cells[r]), r))
    industries = sorted(counts, key=lambda i: (-counts[i], i))
    return regions, industries, cells


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def cosine(a: dict[str, int], b: dict[str, int]) -> float:
    dot = sum(a[k] * b[k] for k in a.keys() & b.keys())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def overlap(pairs: list[dict[str, Any]], *, method: str = "jaccard") -> list[dict[str, Any]]:
    """Pairwise similarity of regional portfolios (China as a whole left out), most alike first."""
    if method not in ("jaccard", "cosine"):
        raise ValueError(f"method must be 'jaccard' or 'cosine', not {method!r}")
    cells = portfolios(pairs, include_china=False)
    out = []
    for a, b in combinations(sorted(cells), 2):
        shared = sorted(cells[a].keys() & cells[b].keys())
        score = jaccard(set(cells[a]), set(cells[b])) if method == "jaccard" else cosine(cells[a], cells[b])
        out.append({"region_a": a, "region_b": b, "similarity": round(score, 4), "shared": shared})
    out.sort(key=lambda r: (-r["similarity"], r["region_a"], r["region_b"]))
    return out


def crowded(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Industries by how many regions (China as a whole left out) prioritise them."""
    regions: dict[str, set[str]] = defaultdict(set)
    stage: dict[str, str] = {}
    for p in pairs:
        if p["region"] != CHINA:
            regions[p["industry"]].add(p["region"])
            stage[p["industry"]] = p["stage"]
    ranked = sorted(regions, key=lambda i: (-len(regions[i]), i))
    return [{"industry": i, "stage": stage[i], "regions": len(regions[i]), "region_codes": sorted(regions[i])}
            for i in ranked]


def compare(pairs: list[dict[str, Any]], codes: list[str]) -> dict[str, Any]:
    """Side-by-side portfolios of ``codes``: per industry who has it, shared and distinct sets."""
    cells = portfolios(pairs)
    sets = {c: set(cells.get(c, {})) for c in codes}
    stage = {p["industry"]: p["stage"] for p in pairs}
    since = {(p["region"], p["industry"]): p["since"] for p in pairs}
    union = sorted(set().union(*sets.values()), key=lambda i: (stage.get(i, ""), i))
    shared = sorted(set.intersection(*sets.values())) if sets else []
    rows = [{"industry": i, "stage": stage.get(i), **{c: since.get((c, i), "") if i in sets[c] else None
                                                        for c in codes}} for i in union]
    distinct = {c: sorted(sets[c] - set().union(*(sets[o] for o in codes if o != c))) for c in codes}
    pairwise = [{"region_a": a, "region_b": b, "jaccard": round(jaccard(sets[a], sets[b]), 4)}
                for a, b in combinations(codes, 2)]
    return {"regions": codes, "industries": rows, "shared": shared, "distinct": distinct, "overlap": pairwise}
