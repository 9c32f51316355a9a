"""Small reads that every page shares: rows as dicts, the names of the documents and regions a page's
rows refer to, and answers kept in a :class:`~nqpf.store.memo.ReadMemo` when one is given."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from nqpf.store import duckdb_engine as duckdb
from nqpf.store.memo import ReadMemo

T = TypeVar("T")

Row = dict[str, Any]


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[Row]:
    """The result of ``sql`` as a list of dicts."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def texts(values: Iterable[str]) -> str:
    """``values`` as one parameter for :func:`among_texts`. DuckDB converts a Python list parameter by
    importing uuid, decimal and datetime to tell its type (~10 ms of a short command's start-up); a
    JSON text it converts in SQL."""
    return json.dumps(list(values), ensure_ascii=False)


def among_texts(param: str = "?") -> str:
    """``(SELECT ...)``: the strings of the :func:`texts` parameter ``param``, for ``column IN ...``."""
    return f"(SELECT unnest(from_json({param}, '[\"VARCHAR\"]')))"


def where_equal(base: list[str], base_params: list, **equal: Any) -> tuple[str, list]:
    """A WHERE clause from fixed conditions and ``column=value`` filters that are not None."""
    clauses, params = list(base), list(base_params)
    for column, value in equal.items():
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " AND ".join(clauses) or "1 = 1", params


def remembered(memo: ReadMemo | None, key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what ``memo`` kept of it under ``key``."""
    return compute() if memo is None else memo.get(key, compute)


ALL_NAMES_UP_TO = 100_000  # documents whose names a memo keeps in one piece (about 10 MB)


def _every_name(con: duckdb.DuckDBPyConnection) -> dict[str, str] | None:
    """Every document's name by id, or None past ``ALL_NAMES_UP_TO`` documents: a memo then keeps the
    names pages ask for, one by one. One pass over a column is cheaper than a few look-ups (each of
    which scans the ids)."""
    if con.execute("SELECT count(*) FROM documents").fetchone()[0] > ALL_NAMES_UP_TO:
        return None
    return dict(con.execute("SELECT id, name FROM documents").fetchall())


def name_documents(con: duckdb.DuckDBPyConnection, *sections: list[Row], memo: ReadMemo | None = None) -> None:
    """Fill in each row's ``document`` from its ``doc_id``, with one look-up for all the rows not in
    ``memo``: cheaper than joining every query to the documents table, which DuckDB would scan whole for each."""
    ids = list({r["doc_id"] for rows_ in sections for r in rows_ if "doc_id" in r})
    if not ids:
        return

    def look_up(missing: list) -> dict:
        return dict(con.execute(f"SELECT id, name FROM documents WHERE id IN {among_texts()}",
                                [texts(missing)]).fetchall())

    if memo is None:
        names = look_up(ids)
    else:
        every = memo.get(("every document name",), lambda: _every_name(con))
        names = {i: every[i] for i in ids if i in every} if every is not None else {}
        if missing := [i for i in ids if i not in names]:  # all of them past the bound; those stored since
            names.update(memo.get_many(missing, look_up))
    for rows_ in sections:
        for r in rows_:
            if "doc_id" in r:
                r["document"] = names.get(r["doc_id"])


def sources_join(table: str, alias: str = "t") -> str:
    """The join that gives the rows of fact table ``table`` (as ``alias``) their count of sources as
    ``coalesce({alias}.corroboration, s.sources)``: a fact stated by many rows keeps
    its count once, in ``fact_sources`` (scale/sources.py). In SQL, not looked up afterwards like
    document names: a fact key (UHUGEINT) costs ~50 µs to bring into Python, even as text."""
    return f"LEFT JOIN fact_sources s ON s.fact_table = '{table}' AND s.fact_key = {alias}.fact_key"


def name_regions(con: duckdb.DuckDBPyConnection, items: list[Row], memo: ReadMemo | None) -> None:
    """Fill in each row's ``region_name`` from its ``region`` code: with a memo, from every region's
    name (the reference table, read once), else from the names of the rows' regions."""
    if memo is None:
        names = dict(con.execute(f"SELECT code, name FROM regions WHERE code IN {among_texts()}",
                                 [texts({r["region"] for r in items})]).fetchall())
    else:
        names = memo.get(("region names",), lambda: dict(con.execute("SELECT code, name FROM regions").fetchall()))
    for r in items:
        r["region_name"] = names.get(r["region"])


# the fields of each kind of fact, other than region and industry, that a facts query filters on
_COUNTED_BY = {"figures": ("year", "unit", "kind"), "priorities": ("year",), "quotes": (), "organizations": ()}
_FILTER_NAMES = {"year": "year", "unit": "unit", "kind": "fact_kind"}


def region_count(con: duckdb.DuckDBPyConnection, kind: str, given: dict[str, Any], memo: ReadMemo) -> int:
    """How many facts of a region match the filters, from a memo of the region's counts by every
    combination of the filtered fields (a few dozen rows): one query per region instead of one per page."""
    fields = _COUNTED_BY[kind]

    def counts() -> list[tuple]:
        by = ", ".join(fields)
        return con.execute(f"SELECT {by + ', ' if by else ''}count(*) FROM {kind} WHERE region = ?"
                           f"{' GROUP BY ' + by if by else ''}", [given["region"]]).fetchall()

    wanted = [given[_FILTER_NAMES[f]] for f in fields]
    return sum(row[-1] for row in memo.get(("counts", kind, given["region"]), counts)
               if all(w is None or w == v for w, v in zip(wanted, row, strict=False)))
