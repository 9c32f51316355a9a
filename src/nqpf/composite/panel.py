"""Panel data in: long tables of (region, year, indicator, value, unit) from CSV/Parquet or the
techme provincial S&T panel (figures stored in the database: ``text_panel``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nqpf.errors import NqpfError
from nqpf.extract import gazetteer

COLUMNS = ["region", "year", "indicator", "value", "unit"]
NATIONAL = {"全国", "national", "china", "cn"}
# techme money units, to yuan / US dollars, so that formulas mixing tables are consistent
_UNIT_SCALE = {"亿元": (1e8, "CNY"), "万元": (1e4, "CNY"), "百万美元": (1e6, "USD")}


def region_code(name: object) -> str | None:
    """GB/T 2260 province code for a code or an English/Chinese name; ``CN`` for the nation."""
    text = str(name).strip()
    if text.lower() in NATIONAL:
        return "CN"
    found = [d for d in gazetteer.lookup(text) if d.level == "province"]
    return found[0].code if found else None


def read_long(path: str) -> pd.DataFrame:
    """A long panel from CSV or Parquet with columns region, year, indicator, value[, unit].

    Regions may be codes or English/Chinese names; an unknown one, a non-numeric value or a
    duplicate (region, year, indicator) is an error naming the row.
    """
    file = Path(path)
    if not file.exists():
        raise NqpfError(f"{path}: no such file")
    try:
        frame = pd.read_parquet(file) if file.suffix.lower() == ".parquet" else pd.read_csv(file, dtype=str,
                                                                                             comment=None)
    except Exception as err:  # pandas raises many types for unreadable files
        raise NqpfError(f"{path}: cannot read it as {'Parquet' if file.suffix == '.parquet' else 'CSV'}: "
                        f"{str(err).splitlines()[0]}") from None
    missing = [c for c in COLUMNS[:4] if c not in frame.columns]
    if missing:
        raise NqpfError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    if "unit" not in frame.columns:
        frame["unit"] = ""
    frame = frame[COLUMNS].copy()
    return _validated(frame, path, first_row=2)


def _validated(frame: pd.DataFrame, source: str, first_row: int) -> pd.DataFrame:
    codes = {}
    for name in frame["region"].astype(str).unique():
        code = region_code(name)
        if code is None:
            row = int(frame.index[frame["region"].astype(str) == name][0]) + first_row
            raise NqpfError(f"{source}: row {row}: unknown region '{name}'")
        codes[name] = code
    frame["region"] = frame["region"].astype(str).map(codes)
    years = pd.to_numeric(frame["year"], errors="coerce")
    values = pd.to_numeric(frame["value"], errors="coerce")
    for column, parsed in (("year", years), ("value", values)):
        bad = parsed.isna() & frame[column].notna() & (frame[column].astype(str).str.strip() != "")
        if bad.any():
            row = int(frame.index[bad][0]) + first_row
            raise NqpfError(f"{source}: row {row}: {column} '{frame[column][bad].iloc[0]}' is not a number")
    frame["year"] = years.astype("Int64")
    frame["value"] = values.astype(float)
    frame["indicator"] = frame["indicator"].astype(str)
    frame["unit"] = frame["unit"].fillna("").astype(str)
    dup = frame.duplicated(["region", "year", "indicator"], keep=False)
    if dup.any():
        first = frame[dup].iloc[0]
        row = int(frame.index[dup][1]) + first_row
        raise NqpfError(f"{source}: row {row}: duplicate value for ({first['region']}, {first['year']}, "
                        f"{first['indicator']})")
    return frame.dropna(subset=["year"]).reset_index(drop=True)


def read_techme(directory: str) -> pd.DataFrame:
    """The techme panel (long format, Chinese short province names, 亿元/万元/件/人年) as one long
    table; indicators are techme variable codes, money converted to yuan."""
    root = Path(directory)
    if not root.is_dir():
        raise NqpfError(f"{directory}: not a directory (expected the techme CSV files)")
    parts = []
    for file in sorted(root.glob("*.csv")):
        head = file.open(encoding="utf-8").readline()
        if head.startswith("province,") and "variables" in head:
            raw = pd.read_csv(file)
            parts.append(_techme_table(raw))
        elif file.name == "HitechFirmsPub.csv":
            raw = pd.read_csv(file)
            parts.append(pd.DataFrame({"province": raw["province"], "year": raw["year"],
                                       "indicator": "hitech_firms_pub", "value": raw["num"], "unit": "个"}))
    if not parts:
        raise NqpfError(f"{directory}: no techme CSV files found")
    long = pd.concat(parts, ignore_index=True)
    names = {n: region_code(n) for n in long["province"].unique()}
    unknown = [n for n, c in names.items() if c is None]
    if unknown:
        raise NqpfError(f"{directory}: unknown province name(s): {', '.join(map(str, unknown))}")
    long["region"] = long["province"].map(names)
    long = long.drop(columns="province")
    long = long.groupby(["region", "year", "indicator"], as_index=False).agg(value=("value", "first"),
                                                                            unit=("unit", "first"))
    return long[COLUMNS]


def _techme_table(raw: pd.DataFrame) -> pd.DataFrame:
    # a variable's unit is its most common one: a few source rows carry a wrong unit (see SOURCE.md)
    unit = raw.groupby("variables")["units"].agg(lambda s: s.value_counts().index[0])
    out = pd.DataFrame({"province": raw["province"], "year": raw["year"], "indicator": raw["variables"],
                        "value": pd.to_numeric(raw["value"], errors="coerce")})
    out["unit"] = out["indicator"].map(unit)
    scale = out["unit"].map(lambda u: _UNIT_SCALE.get(u, (1.0, u))[0])
    out["value"] = out["value"] * scale
    out["unit"] = out["unit"].map(lambda u: _UNIT_SCALE.get(u, (1.0, u))[1])
    return out.dropna(subset=["value"])
