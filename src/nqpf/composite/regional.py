"""Regional inequality of index scores, year by year: Gini and Theil (with within/between
parts), the Dagum decomposition over regional groups, global Moran's I, and the obstacle
degree of each region's weakest indicators in the latest year."""

from __future__ import annotations

from typing import Any

import numpy as np

from nqpf.composite.index import IndexResult
from nqpf.composite.inequality import dagum_gini, gini, province_groups, theil_decomposition
from nqpf.composite.obstacle import obstacle_by_dimension, obstacle_degree
from nqpf.extract.gazetteer import region_name


def regional_inequality(result: IndexResult, *, groups: str = "region4", top_obstacles: int = 3,
                        permutations: int = 499) -> dict[str, list[dict[str, Any]]]:
    """Sections of rows: ``summary`` and ``dagum`` per year, ``groups`` (Dagum within-group Gini
    of the latest year), ``local_moran`` and ``obstacles`` for the latest year."""
    from nqpf.composite.spatial import global_moran, local_moran

    group_of = province_groups(groups)
    scores = result.scores[result.scores["region"].isin(group_of)]
    summary, dagum = [], []
    latest = int(scores["year"].max())
    latest_groups: list[dict[str, Any]] = []
    local: list[dict[str, Any]] = []
    for year, frame in scores.groupby("year"):
        values = frame["score"].to_numpy(dtype=float)
        labels = frame["region"].map(group_of).to_numpy()
        theil = theil_decomposition(values, labels)
        moran = global_moran(dict(zip(frame["region"], values, strict=True)), permutations=permutations)
        summary.append({"year": int(year), "regions": len(values), "mean": round(float(values.mean()), 4),
                        "gini": round(gini(values), 4), "theil": round(theil["total"], 4),
                        "theil_within": round(theil["within"], 4), "theil_between": round(theil["between"], 4),
                        "moran_i": round(moran["I"], 4), "moran_p": round(moran["p_sim"], 4)})
        d = dagum_gini(values, labels)
        dagum.append({"year": int(year), "gini": round(d.total, 4), "within": round(d.within_contribution, 4),
                      "net_between": round(d.net_between_contribution, 4),
                      "transvariation": round(d.transvariation_contribution, 4),
                      "within_share": round(d.within_share, 4), "net_between_share": round(d.net_between_share, 4),
                      "transvariation_share": round(d.transvariation_share, 4)})
        if year == latest:
            latest_groups = [{"year": latest, **g} for g in d.to_dict()["groups"]]
            local = [{"region": r["code"], "name": region_name(r["code"]),
                      **{k: v for k, v in r.items() if k != "code"}}
                     for r in local_moran(dict(zip(frame["region"], values, strict=True)),
                                          permutations=permutations)]
    return {"summary": summary, "dagum": dagum, "groups": latest_groups, "local_moran": local,
            "obstacles": _obstacles(result, latest, top_obstacles)}


def _obstacles(result: IndexResult, year: int, top: int) -> list[dict[str, Any]]:
    """Each region's ``top`` indicators holding its score back most, and its obstacle by dimension."""
    mask = (result.scores["year"] == year).to_numpy()
    xn = result.normalised.to_numpy()[mask]
    lo, hi = np.nanmin(result.normalised.to_numpy(), axis=0), np.nanmax(result.normalised.to_numpy(), axis=0)
    scaled = np.nan_to_num((xn - lo) / np.where(hi > lo, hi - lo, 1), nan=0.0)
    regions = result.scores.loc[mask, "region"].tolist()
    table = obstacle_degree(scaled, result.weights.to_numpy(), list(result.weights.index), regions)
    by_dim = obstacle_by_dimension(table, {i.id: i.dimension for i in result.framework.indicators})
    rows = []
    for region in regions:
        ranked = table.loc[region].sort_values(ascending=False)
        rows.append({"region": region, "name": region_name(region),
                     "top_obstacles": [f"{k} ({v:.1f}%)" for k, v in ranked.head(top).items()],
                     **{f"{d}_pct": round(float(v), 2) for d, v in by_dim.loc[region].items()}})
    return rows
