"""Ingest: extract documents and store them with their facts, a batch per transaction.

A document and all its facts are written in the same transaction, so a run killed at any
moment leaves either both or neither; running it again stores what is missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nqpf.errors import NqpfError
from nqpf.extract.pipeline import EXTRACTOR_VERSION, extract
from nqpf.model import Document, Extraction, ReadError
from nqpf.store import duckdb_engine as duckdb
from nqpf.store.database import describe
from nqpf.store.schema import COUNTED_TABLES, DOCUMENT_COLUMNS, FACT_COLUMNS, FACT_TABLES, insert_columns

DEFAULT_BATCH = 100


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    facts: int = 0

    def line(self) -> str:
        return (f"documents: {self.new} new, {self.unchanged} unchanged, {self.failed} failed; "
                f"facts added: {self.facts}")


def document_id(text: str) -> str:
    """The same text read twice (other file name, other line endings) gets the same id."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


def ingest(con: duckdb.DuckDBPyConnection, items: Iterable[Document | ReadError], *,
           batch_size: int = DEFAULT_BATCH, on_error: Callable[[ReadError], None] = lambda e: None,
           on_document: Callable[[], None] = lambda: None,
           signer: Callable[[str], Any] | None = None) -> IngestSummary:
    """Store every new document of ``items`` with its facts; documents already stored are skipped.

    ``signer`` (text -> near-duplicate signature) stores each document's signature in the same
    transaction, so that clustering later needs no second pass over the texts.
    """
    summary = IngestSummary()
    for batch in _batches(items, batch_size, summary, on_error):
        ids = [document_id(d.text) for d in batch]
        known = _existing(con, ids)
        fresh: dict[str, tuple[Document, Extraction]] = {}
        for doc_id, doc in zip(ids, batch, strict=True):
            on_document()
            if doc_id in known or doc_id in fresh:
                summary.unchanged += 1
                continue
            fresh[doc_id] = (doc, extract(doc))
        try:
            summary.facts += _write(con, fresh, signer=signer)
        except NqpfError as err:
            if summary.new:  # earlier batches are committed: say that they stay
                raise NqpfError(f"{err}; the {summary.new} documents stored before it are kept") from None
            raise
        summary.new += len(fresh)
    return summary


def reprocess(con: duckdb.DuckDBPyConnection, *, batch_size: int = DEFAULT_BATCH,
              force: bool = False, on_document: Callable[[], None] = lambda: None) -> IngestSummary:
    """Re-extract stored documents whose extractor version differs from this one (all with ``force``).
    A superseded version has no facts in the tables (see ``scale/versions.py``): it is left as it is."""
    stale = "" if force else "AND extractor_version IS DISTINCT FROM ?"
    summary = IngestSummary()
    last = ""
    # a batch at a time, after the last id done: memory does not grow with the corpus
    while batch := con.execute(f"SELECT id, name, source, text, title, published, language, url FROM documents "
                               f"WHERE id > ? AND superseded_by IS NULL {stale} ORDER BY id LIMIT ?",
                               [last, *([] if force else [EXTRACTOR_VERSION]), batch_size]).fetchall():
        fresh = {}
        for doc_id, name, source, text, title, published, language, url in batch:
            on_document()
            doc = Document(name, source, text, title, published, language, url)
            fresh[doc_id] = (doc, extract(doc))
        summary.facts += _write(con, fresh, replace=True)
        summary.new += len(fresh)
        last = batch[-1][0]
    summary.unchanged = con.execute("SELECT count(*) FROM documents").fetchone()[0] - summary.new
    return summary


def _batches(items: Iterable[Document | ReadError], size: int, summary: IngestSummary,
             on_error: Callable[[ReadError], None]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        if isinstance(item, ReadError):
            summary.failed += 1
            on_error(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _existing(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    rows = con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
    return {r[0] for r in rows}


def _write(con: duckdb.DuckDBPyConnection, fresh: dict[str, tuple[Document, Extraction]],
           *, replace: bool = False, signer: Callable[[str], Any] | None = None) -> int:
    """One transaction for the whole batch: documents and facts together, or nothing."""
    if not fresh:
        return 0
    columns = fact_columns(fresh)
    try:
        con.execute("BEGIN TRANSACTION")
        if replace:
            ids = list(fresh)
            # the facts the old extraction stated are counted again by the next corroboration update
            for table in COUNTED_TABLES:
                con.execute(f"INSERT INTO pending_recount SELECT '{table}', fact_key FROM {table} "
                            "WHERE doc_id IN (SELECT unnest(?)) AND fact_key IS NOT NULL", [ids])
            for table in (*FACT_TABLES, "doc_signatures", "doc_bands"):
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [ids])
            con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?))", [ids])
        for table, cols in columns.items():
            insert_columns(con, table, cols, DOCUMENT_COLUMNS if table == "documents" else FACT_COLUMNS[table])
        if signer is not None:
            ids = list(fresh)
            insert_columns(con, "doc_signatures", [ids, [signer(fresh[i][0].text).tolist() for i in ids]])
        con.execute("COMMIT")
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):  # the connection may already have aborted it
            con.execute("ROLLBACK")
        raise NqpfError(f"could not store a batch of {len(fresh)} documents: {describe(err)}") from None
    return sum(len(cols[0]) for table, cols in columns.items() if table != "documents")


def fact_columns(fresh: dict[str, tuple[Document, Extraction]]) -> dict[str, list[list]]:
    rows: dict[str, list[tuple]] = {t: [] for t in ("documents", *FACT_TABLES)}
    for doc_id, (doc, r) in fresh.items():
        year = int(r.published[:4]) if r.published and r.published[:4].isdigit() else None
        rows["documents"].append((doc_id, doc.doc_id, doc.source, doc.url, r.title, r.published, year,
                                  r.published_basis, r.language, doc.text, r.extractor_version))
        rows["mentions"] += [(doc_id, m.code, m.mentions) for m in r.regions]
        rows["priorities"] += [(doc_id, p.region, p.industry, p.stage, p.year, p.evidence.start,
                                p.evidence.end, p.evidence.text) for p in r.priorities]
        rows["figures"] += [(doc_id, f.region, f.indicator, f.value, f.unit, f.year, f.kind, f.approx,
                             f.industries, f.evidence.start, f.evidence.end, f.evidence.text, f.metric, f.industry)
                            for f in r.figures]
        rows["quotes"] += [(doc_id, q.speaker, q.role, q.region, q.text, q.evidence.start, q.evidence.end,
                            q.evidence.text) for q in r.quotes]
        rows["organizations"] += [(doc_id, o.name, o.region, o.evidence.start, o.evidence.end, o.evidence.text)
                                  for o in r.organizations]
    return {table: [list(col) for col in zip(*table_rows, strict=True)]
            for table, table_rows in rows.items() if table_rows}
