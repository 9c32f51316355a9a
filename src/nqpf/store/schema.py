"""Schema and forward migrations. ``meta.schema_version`` says which migrations have run."""

from __future__ import annotations

from nqpf.errors import NqpfError
from nqpf.store import duckdb_engine as duckdb

SCHEMA_VERSION = 9

# Each entry moves the schema from version N-1 to N; never edit one that has shipped.
MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
        """CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,          -- hash of the normalised text
            name VARCHAR,                    -- the reader's id (file stem, JSONL id)
            source VARCHAR, url VARCHAR, title VARCHAR,
            published VARCHAR, published_year INTEGER, published_basis VARCHAR,
            language VARCHAR, text VARCHAR, extractor_version VARCHAR,
            ingested_at TIMESTAMP DEFAULT current_timestamp)""",
        """CREATE TABLE regions (
            code VARCHAR PRIMARY KEY, name VARCHAR, name_zh VARCHAR, level VARCHAR, parent VARCHAR)""",
        """CREATE TABLE industries (
            id VARCHAR PRIMARY KEY, stage VARCHAR, sector VARCHAR, name VARCHAR, name_zh VARCHAR)""",
        "CREATE TABLE mentions (doc_id VARCHAR, region VARCHAR, mentions INTEGER)",
        """CREATE TABLE priorities (
            doc_id VARCHAR, region VARCHAR, industry VARCHAR, stage VARCHAR, year INTEGER,
            ev_start INTEGER, ev_end INTEGER, evidence VARCHAR)""",
        """CREATE TABLE figures (
            doc_id VARCHAR, region VARCHAR, indicator VARCHAR, value DOUBLE, unit VARCHAR, year INTEGER,
            kind VARCHAR, approx VARCHAR, industries VARCHAR[], ev_start INTEGER, ev_end INTEGER,
            evidence VARCHAR)""",
        """CREATE TABLE quotes (
            doc_id VARCHAR, speaker VARCHAR, role VARCHAR, region VARCHAR, text VARCHAR,
            ev_start INTEGER, ev_end INTEGER, evidence VARCHAR)""",
        """CREATE TABLE organizations (
            doc_id VARCHAR, name VARCHAR, region VARCHAR, ev_start INTEGER, ev_end INTEGER, evidence VARCHAR)""",
    ],
    2: [
        """CREATE TABLE index_runs (
            run_id VARCHAR PRIMARY KEY, created_at TIMESTAMP DEFAULT current_timestamp, framework VARCHAR,
            method VARCHAR, options VARCHAR, first_year INTEGER, last_year INTEGER, panel VARCHAR)""",
        """CREATE TABLE index_scores (
            run_id VARCHAR, region VARCHAR, year INTEGER, score DOUBLE, rank DOUBLE, coverage DOUBLE)""",
        "CREATE TABLE index_subscores (run_id VARCHAR, region VARCHAR, year INTEGER, dimension VARCHAR, score DOUBLE)",
        "CREATE TABLE index_weights (run_id VARCHAR, indicator VARCHAR, dimension VARCHAR, weight DOUBLE)",
    ],
    3: [
        # near-duplicate clusters (MinHash LSH) and how many independent sources state each fact
        "ALTER TABLE documents ADD COLUMN cluster_id VARCHAR",
        "CREATE TABLE doc_signatures (doc_id VARCHAR PRIMARY KEY, minhash UBIGINT[])",
        "ALTER TABLE priorities ADD COLUMN corroboration INTEGER",
        "ALTER TABLE figures ADD COLUMN corroboration INTEGER",
        "ALTER TABLE quotes ADD COLUMN corroboration INTEGER",
    ],
    4: [
        # the canonical metric of a figure (metrics.yaml) and the industry it is about; NULL in rows
        # stored before, until `nqpf reprocess` extracts them again
        "ALTER TABLE figures ADD COLUMN metric VARCHAR",
        "ALTER TABLE figures ADD COLUMN industry VARCHAR",
    ],
    5: [
        # LSH band keys (scale/bands.py), one row per document and band: a new document's candidate
        # copies are the rows sharing one of its keys. Filled by the next near-duplicate update,
        # which clusters every stored document again once (meta.near_duplicate_parameters is unset)
        "CREATE TABLE doc_bands (key UBIGINT, doc_id VARCHAR)",
        # md5 of what makes two rows the same fact, and of the normalised evidence sentence, set by the
        # corroboration update for rows that have none: a recount joins on them instead of
        # normalising every sentence of the groups it touches (scale/corroboration.py)
        *(f"ALTER TABLE {table} ADD COLUMN {column} UHUGEINT" for table in ("priorities", "figures", "quotes")
          for column in ("fact_key", "sentence_key")),
    ],
    6: [
        # what `nqpf watch` has seen: a feed entry by URL (marker: the date the feed gives it), a
        # file by path (marker: size and mtime), so a second run fetches and reads nothing twice
        "CREATE TABLE watch_seen (key VARCHAR PRIMARY KEY, marker VARCHAR, seen_at TIMESTAMP)",
    ],
    7: [
        # versions (store/versions.py): a document is one version of what its URL (else its source and
        # name) identifies; a newer version supersedes it, its facts leave the fact tables and are
        # kept as lines for `nqpf history`, and the fact keys they had wait in pending_recount until
        # the next corroboration update recounts them (in the same transaction as the removal)
        "ALTER TABLE documents ADD COLUMN superseded_by VARCHAR",
        "CREATE TABLE superseded_facts (doc_id VARCHAR, fact VARCHAR)",
        "CREATE TABLE pending_recount (fact_table VARCHAR, fact_key UHUGEINT)",
    ],
    8: [
        # the 5-95% rank intervals `nqpf index uncertainty` computes for a run, for the ranking page
        "CREATE TABLE index_intervals (run_id VARCHAR, region VARCHAR, year INTEGER, median_rank DOUBLE, "
        "p05 DOUBLE, p95 DOUBLE, draws INTEGER)",
    ],
    9: [
        # the label of the row's component among the rows of its fact key (scale/sources.py): an ingest
        # links its new rows to the labels they reach instead of recounting every row of their keys.
        # The count of a key with many rows is kept once, in fact_sources, not on each of its rows: such
        # a fact gains a source with nearly every ingest, and rewriting all its rows made an ingest's
        # cost grow with the corpus. Both are filled by the next corroboration update, which counts
        # every fact again once (its keys version changed)
        *(f"ALTER TABLE {table} ADD COLUMN source_label VARCHAR" for table in ("priorities", "figures", "quotes")),
        "CREATE TABLE fact_sources (fact_table VARCHAR, fact_key UHUGEINT, sources INTEGER)",
    ],
}
INDEX_TABLES = ("index_runs", "index_scores", "index_subscores", "index_weights")
FACT_TABLES = ("mentions", "priorities", "figures", "quotes", "organizations")
# the fact tables whose rows have corroboration counts (scale/sources.py)
COUNTED_TABLES = ("priorities", "figures", "quotes")
ALL_TABLES = ("documents", "regions", "industries", *FACT_TABLES, *INDEX_TABLES, "index_intervals", "doc_signatures")
# doc_bands is not exported: it is derived from doc_signatures and rebuilt when missing
FACT_COLUMNS = {
    "mentions": ("doc_id", "region", "mentions"),
    "priorities": ("doc_id", "region", "industry", "stage", "year", "ev_start", "ev_end", "evidence"),
    "figures": ("doc_id", "region", "indicator", "value", "unit", "year", "kind", "approx", "industries", "ev_start",
                "ev_end", "evidence", "metric", "industry"),
    "quotes": ("doc_id", "speaker", "role", "region", "text", "ev_start", "ev_end", "evidence"),
    "organizations": ("doc_id", "name", "region", "ev_start", "ev_end", "evidence"),
}
DOCUMENT_COLUMNS = ("id", "name", "source", "url", "title", "published", "published_year", "published_basis",
                    "language", "text", "extractor_version")


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """0 for an empty database."""
    try:
        # the meta table first: the catalogue query costs a short command ~30 ms, asked only without it
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0
    except duckdb.CatalogException:
        pass
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'").fetchone()[0]:
        raise NqpfError("it holds tables but no nqpf schema version: not an nqpf database")
    return 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the schema to ``SCHEMA_VERSION``, each step in its own transaction."""
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise NqpfError(f"it has schema version {version}, newer than this nqpf understands "
                        f"({SCHEMA_VERSION}); upgrade nqpf to use it")
    for target in range(version + 1, SCHEMA_VERSION + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in MIGRATIONS[target]:
                con.execute(statement)
            if target == 1:
                _load_reference_tables(con)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(target)])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


def _load_reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    from nqpf.extract.gazetteer import load_divisions
    from nqpf.extract.taxonomy import load_industries

    divisions = load_divisions()
    con.execute("INSERT INTO regions VALUES ('CN', 'China', '中国', 'country', NULL)")
    insert_columns(con, "regions", [
        [d.code for d in divisions], [d.name_en for d in divisions], [d.name_zh for d in divisions],
        [d.level for d in divisions], [d.parent for d in divisions],
    ])
    industries = list(load_industries().values())
    insert_columns(con, "industries", [
        [i.id for i in industries], [i.stage for i in industries], [i.sector for i in industries],
        [i.en for i in industries], [i.zh for i in industries],
    ])


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: list[list],
                   names: tuple[str, ...] | None = None) -> None:
    """Insert rows given column by column: one statement, however many rows.

    DuckDB's executemany runs one statement a row (about 2,000 rows/s); unnesting lists
    inserts a whole batch at once.
    """
    if not columns or not columns[0]:
        return
    select = ", ".join(f"unnest(${n + 1})" for n in range(len(columns)))
    target = f"{table} ({', '.join(names)})" if names else table
    con.execute(f"INSERT INTO {target} SELECT {select}", columns)
