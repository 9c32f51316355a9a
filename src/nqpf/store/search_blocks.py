"""Which blocks of a table's rows can contain a search string: a skip index for free-text search.

A search matches any substring in any case (``ILIKE '%q%'``), which no DuckDB index serves, so every
search reads every text column of every table whole: the most expensive request the server answers,
and most of those reads find nothing (a word that only figures use, in the text of every document).
This keeps, for each block of consecutive rows (by row id), a Bloom filter of the character
trigrams of its lowercased text, as ClickHouse's ``ngrambf_v1`` skip index does: a block that
lacks one of the query's trigrams cannot hold a match, and a search reads only the other blocks
(none at all, for a table without the word). A filter only ever says "maybe": the answer of a
search is the same with it as without it.

Built once for a database that cannot change while it is open (a server's: DuckDB's lock keeps
writers out), in a thread of its own; searches that come before it is ready read everything.
NumPy does the hashing: no library keeps n-gram filters over DuckDB rows. Bounded: past
``max_mb`` of filters, the remaining rows form one block that is always read.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass

import numpy as np

from nqpf.store import duckdb_engine as duckdb

# The text a search looks in, per table (as documents.search matches it).
# Facts first: with the memory bound reached, the long texts of documents go without filters, not
# the sentences of the facts.
SEARCHED = {
    "figures": ("evidence", "indicator"),
    "priorities": ("evidence", "industry"),
    "quotes": ("evidence", "speaker"),
    "documents": ("title", "text"),
}
_BITS = 1 << 17  # a filter of 16 KB: 7% of its bits set by a block's ~10,000 distinct trigrams
BLOCK_CHARS = 32_768  # text per block
_SHIFT = np.uint64(64 - 17)
_MULTIPLIERS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def _trigram_bits(text: str) -> np.ndarray:
    """The filter bit of each character trigram of ``text`` (already lowercased)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    if len(codes) < 3:
        return np.zeros(0, dtype=np.uint64)
    a, b, c = _MULTIPLIERS
    with np.errstate(over="ignore"):  # multiplication modulo 2**64 is the hash
        mixed = codes[:-2] * a ^ codes[1:-1] * b ^ codes[2:] * c
    return mixed >> _SHIFT


class Stopped(Exception):
    """The build was stopped before it ended: its filters are incomplete."""


@dataclass
class _TableBlocks:
    starts: np.ndarray  # first row id of each block
    ends: np.ndarray  # last row id of each block (inclusive)
    filters: np.ndarray  # (blocks, _BITS // 8) packed bits
    open_from: int | None  # row ids from here on are in no filter (past the memory bound)


def _build_table(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], block_chars: int,
                 budget: list[int], stop: threading.Event) -> _TableBlocks:
    """The filters of ``table``, each over a fixed span of row ids sized to hold about ``block_chars``
    of text. Spans rather than an ordered read: a scan keeps no order, and sorting a table's text by
    row id would cost memory in proportion to the corpus; a span is read by a row-id range, and its
    rows go into its filter in any order."""
    text = " || chr(0) || ".join(f"coalesce(lower({c}), '')" for c in columns)
    rows, chars, top = con.execute(f"SELECT count(*), sum({' + '.join(f'length({c})' for c in columns)}), "
                                   f"max(rowid) FROM {table}").fetchone()
    empty = np.zeros((0, _BITS // 8), dtype=np.uint8)
    if not rows:
        return _TableBlocks(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), empty, None)
    span = max(1, int(block_chars * rows // max(int(chars or 0), 1)))
    blocks = int(top) // span + 1
    affordable = max(0, min(blocks, budget[0] // (_BITS // 8)))
    budget[0] -= affordable * (_BITS // 8)
    filters = np.zeros((affordable, _BITS // 8), dtype=np.uint8)
    per_read = max(1, 4_000_000 // block_chars)  # blocks read at once: a few MB of text
    for first in range(0, affordable, per_read):
        if stop.is_set():
            raise Stopped
        last = min(first + per_read, affordable)
        pieces: dict[int, list[str]] = {}
        for rowid, value in con.execute(f"SELECT rowid, {text} FROM {table} WHERE rowid BETWEEN ? AND ?",
                                        [first * span, last * span - 1]).fetchall():
            pieces.setdefault(rowid // span, []).append(value)
        for block, values in pieces.items():
            present = np.zeros(_BITS, dtype=bool)
            present[_trigram_bits("\0".join(values)).astype(np.intp)] = True
            filters[block] = np.packbits(present)
    starts = np.arange(affordable, dtype=np.int64) * span
    return _TableBlocks(starts, starts + span - 1, filters, affordable * span if affordable < blocks else None)


class SearchBlocks:
    """Per searched table, the row-id ranges that may contain a string; see the module's docstring."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, max_mb: float = 64, block_chars: int = BLOCK_CHARS,
                 stop: threading.Event | None = None) -> None:
        budget = [int(max_mb * 1024 * 1024)]
        stop = stop or threading.Event()
        self._tables = {table: _build_table(con, table, columns, block_chars, budget, stop)
                        for table, columns in SEARCHED.items()}

    def blocks(self, table: str) -> int:
        """How many blocks ``table``'s rows are kept in (the rows past the memory bound not counted)."""
        return len(self._tables[table].starts)

    def ranges(self, table: str, q: str) -> list[tuple[int, int]] | None:
        """The (first, last) row-id ranges of ``table`` that may hold ``q`` in any case, merged where
        adjacent; None when every row may (a query too short to filter, or one whose case folding
        this index does not model: cased letters other than ASCII)."""
        if not q.isascii() and q.lower() != q.upper():
            return None
        wanted = np.unique(_trigram_bits(q.lower()))
        if not len(wanted):
            return None
        blocks = self._tables[table]
        # np.packbits keeps bit i of a filter in byte i // 8, most significant bit first
        at_byte = (wanted >> np.uint64(3)).astype(np.intp)
        bit = np.uint8(128) >> (wanted & np.uint64(7)).astype(np.uint8)
        maybe = np.all(blocks.filters[:, at_byte] & bit, axis=1)
        found: list[tuple[int, int]] = []
        for first, last in zip(blocks.starts[maybe].tolist(), blocks.ends[maybe].tolist(), strict=True):
            if found and first <= found[-1][1] + 1:
                found[-1] = (found[-1][0], last)
            else:
                found.append((first, last))
        if blocks.open_from is not None:
            found.append((blocks.open_from, 2**62))
        return found


def condition(ranges: list[tuple[int, int]] | None, column: str = "rowid", most: int = 8) -> str:
    """A SQL condition: ``column`` lies in one of ``ranges``; none for None, or for more ranges than
    ``most``: DuckDB tests a row against each range in turn, and a long chain costs more than the
    rows it spares (a word found in many blocks is found early, and the scan stops at the limit)."""
    if ranges is None or len(ranges) > most:
        return "true"
    if not ranges:
        return "false"
    return "(" + " OR ".join(f"{column} BETWEEN {int(a)} AND {int(b)}" for a, b in ranges) + ")"


class BackgroundSearchBlocks:
    """:class:`SearchBlocks` built in a thread from a cursor of ``con``; :meth:`ready` is None until then
    (and for good if building failed: searches then read everything, as without it)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, *, max_mb: float = 64) -> None:
        self._blocks: SearchBlocks | None = None
        self._stop = threading.Event()
        self._cursor = con.cursor()

        def build() -> None:
            try:
                self._blocks = SearchBlocks(self._cursor, max_mb=max_mb, stop=self._stop)
            except (duckdb.Error, Stopped):
                pass  # stopped, or interrupted by stop(): searches read every row
            finally:
                self._cursor.close()

        self._thread = threading.Thread(target=build, name="nqpf-search-blocks", daemon=True)
        self._thread.start()

    def ready(self) -> SearchBlocks | None:
        return self._blocks

    def stop(self) -> None:
        """End the build (before the database closes) and wait for its thread."""
        self._stop.set()
        if self._thread.is_alive():
            with contextlib.suppress(duckdb.Error):  # closed already: the build has just ended
                self._cursor.interrupt()
        self._thread.join()
