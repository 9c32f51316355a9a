"""The ``nqpf`` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from nqpf import cli_query
from nqpf.cli_options import db_option, format_option, out, reader, reporting_failures
from nqpf.errors import NqpfError

# Groups of commands whose module is imported only when one of them runs (or help lists them): the
# index commands' options cost every other command ~7 ms of start-up.
_LATER = {"index": ("nqpf.cli_index", "index_group")}


class _Group(click.Group):
    """Turns every failure into one line on stderr: no traceback reaches a user."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_LATER})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in _LATER and name not in self.commands:
            import importlib

            module, attribute = _LATER[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand:  # suggest among the commands not imported yet too
            raise click.exceptions.NoSuchCommand(args[0], possibilities=self.list_commands(ctx), ctx=ctx) from None

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug") or ctx.obj and ctx.obj.get("debug"))
        return reporting_failures(lambda: super(_Group, self).invoke(ctx), debug=debug, passing=(
            click.ClickException, click.exceptions.Exit, click.exceptions.Abort))


@click.group(cls=_Group)
@click.version_option(package_name="nqpf", prog_name="nqpf")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """nqpf: source-linked facts about China's new quality productive forces."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl",
              show_default=True, help="jsonl is the extraction contract; table is for people.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this (default 20 MB, or $NQPF_MAX_BYTES).")
def extract(paths: tuple[str, ...], fmt: str, max_bytes: int | None) -> None:
    """Extract regions, priorities, figures, quotes and organisations from documents.

    PATHS are files (text in any common encoding, HTML, PDF, JSONL corpora), directories
    (read recursively) or - for standard input.

    Example: nqpf extract article.html --format table
    """
    from nqpf.extract.pipeline import extract as extract_document
    from nqpf.ingest import max_bytes_from_env, read_inputs
    from nqpf.model import Extraction, ReadError
    from nqpf.output import write_results

    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    failures = 0

    def results() -> Iterator[Extraction]:
        nonlocal failures
        for item in read_inputs(paths, max_bytes=limit, stdin=sys.stdin.buffer):
            if isinstance(item, ReadError):
                failures += 1
                click.echo(f"nqpf: {item.source}: {item.reason}", err=True)
                continue
            yield extract_document(item)

    write_results(results(), fmt, sys.stdout)
    sys.exit(1 if failures else 0)


def _progress(enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(desc=desc, unit=" docs", disable=not enabled, file=sys.stderr, leave=False, dynamic_ncols=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this process; dask: partitions on a Dask distributed cluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="dask: worker processes of a LocalCluster (default 2).")
@click.option("--scheduler", default=None, metavar="ADDRESS", help="dask: an existing scheduler, tcp://host:8786.")
@click.option("--shards", default=None, metavar="DIR",
              help="dask: where Parquet shards and the manifest go (default DB.shards).")
@click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="local: documents per transaction.")
@click.option("--partition-size", type=click.IntRange(min=1024), default=None,
              help="dask: bytes of JSONL per partition (default: sized for the corpus and the workers, "
                   "4 partitions a worker, 256 KiB to 4 MiB).")
@click.option("--dup-threshold", type=click.FloatRange(0.05, 0.99), default=None,
              help="Estimated Jaccard similarity above which documents are near-duplicates (default 0.6).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse inputs larger than this (default 20 MB, or $NQPF_MAX_BYTES).")
def ingest(paths: tuple[str, ...], db: str | None, engine: str, workers: int | None, scheduler: str | None,
           shards: str | None, batch_size: int, partition_size: int, dup_threshold: float | None,
           max_bytes: int | None) -> None:
    """Extract documents and store them with their facts; documents already stored are skipped.
    Then marks near-duplicate documents, counts each fact's independent sources and keeps the
    fact tables in region order (the order the region queries read fastest).

    Example: nqpf ingest ../shared/seeds --db nqpf.duckdb
    Example: nqpf ingest corpus.jsonl --engine dask --workers 2
    """
    from nqpf.ingest import max_bytes_from_env, read_inputs
    from nqpf.scale.corroboration import update_duplicates
    from nqpf.scale.minhash import DEFAULT_THRESHOLD, signature
    from nqpf.scale.versions import supersede_old_versions
    from nqpf.store import default_db_path, open_database
    from nqpf.store.layout import keep_region_order
    from nqpf.store.writer import ingest as ingest_documents

    if engine == "local" and (workers or scheduler or shards):
        raise NqpfError("--workers, --scheduler and --shards go with --engine dask")
    if workers and scheduler:
        raise NqpfError("use --scheduler or --workers, not both")
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    path = db or default_db_path()
    con = open_database(path, write=True)
    try:
        if engine == "dask":
            from nqpf.scale.engine import ingest_dask

            summary = ingest_dask(list(paths), con, shards or f"{path}.shards", workers=workers, scheduler=scheduler,
                                  max_bytes=limit, partition_bytes=partition_size, progress=sys.stderr.isatty(),
                                  on_error=lambda source, reason: click.echo(f"nqpf: {source}: {reason}", err=True),
                                  threshold=dup_threshold or DEFAULT_THRESHOLD)
        else:
            bar = _progress(sys.stderr.isatty(), "ingest")
            try:
                summary = ingest_documents(
                    con, read_inputs(paths, max_bytes=limit, stdin=sys.stdin.buffer), batch_size=batch_size,
                    on_error=lambda e: click.echo(f"nqpf: {e.source}: {e.reason}", err=True), on_document=bar.update,
                    signer=signature)
            finally:
                bar.close()
        superseded = supersede_old_versions(con)  # a changed article (same URL) replaces its old version
        duplicates = update_duplicates(con, threshold=dup_threshold or DEFAULT_THRESHOLD)
        keep_region_order(con)
    finally:
        con.close()
    click.echo(summary.line())
    if superseded:
        click.echo(f"versions: {superseded} earlier version(s) superseded by the documents just stored")
    click.echo(duplicates.line())
    sys.exit(1 if summary.failed else 0)


@main.command()
@db_option
@click.option("--all", "force", is_flag=True, help="Re-extract every document, not only outdated ones.")
def reprocess(db: str | None, force: bool) -> None:
    """Re-extract stored documents made by another extractor version.

    Example: nqpf reprocess --db nqpf.duckdb
    """
    from nqpf.scale.corroboration import update_duplicates
    from nqpf.store import open_database
    from nqpf.store.layout import keep_region_order
    from nqpf.store.writer import reprocess as reprocess_documents

    con = open_database(db, write=True)
    bar = _progress(sys.stderr.isatty(), "reprocess")
    try:
        summary = reprocess_documents(con, force=force, on_document=bar.update)
        if summary.new:
            update_duplicates(con)
            keep_region_order(con, rewritten=True)
    finally:
        bar.close()
        con.close()
    click.echo(f"documents: {summary.new} re-extracted, {summary.unchanged} already current; "
               f"facts stored: {summary.facts}")



_MEMORY_SIZE = r"\d+(?:\.\d+)?\s*(?:[KMGT]i?B)"


def _memory_size(ctx, param, value: str) -> str:
    import re

    if not re.fullmatch(_MEMORY_SIZE, value.strip(), flags=re.I):
        raise click.BadParameter(f"{value!r} is not a memory size such as 500MB or 2GB")
    return value.strip()


@main.command("history")
@click.argument("target", metavar="URL|DOC_ID")
@db_option
@format_option
def history_cmd(target: str, db: str | None, fmt: str) -> None:
    """The versions of a document (by URL, id or name), oldest first, and what changed in their facts.

    Example: nqpf history https://example.org/news/hefei-quantum.html
    """
    from nqpf.output import write_rows
    from nqpf.scale.versions import history

    with reader(db) as con:
        versions = history(con, target)
    if fmt == "table":
        rows = [{**{k: v for k, v in r.items() if k not in ("added", "removed")},
                 "changes": "; ".join([*(f"+ {f}" for f in r["added"]), *(f"- {f}" for f in r["removed"])]) or "-"}
                for r in versions]
        write_rows(rows, fmt, out(), columns=["version", "id", "ingested_at", "status", "facts", "changes"])
    else:
        write_rows(versions, fmt, out())


@main.command("forget")
@click.argument("target", metavar="DOC_ID|URL")
@db_option
def forget_cmd(target: str, db: str | None) -> None:
    """Remove a document (or every version of a URL) and all its facts, in one transaction; the
    corroboration of what it stated is counted again.

    Example: nqpf forget 5256107d00846d282a58acb3b88921a5
    """
    from nqpf.scale.versions import forget_and_recount
    from nqpf.store import open_database

    con = open_database(db, write=True)
    try:
        removed = forget_and_recount(con, target)
    finally:
        con.close()
    click.echo(f"forgot {len(removed)} document(s): {', '.join(removed)}")


@main.command("watch")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed, or a sitemap (repeatable).")
@click.option("--dir", "dirs", multiple=True, metavar="PATH", help="A folder whose new and changed files to ingest.")
@click.option("--every", default="15m", show_default=True, help="How often to poll: 90s, 15m, 2h.")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Refuse pages and files larger than this (default 20 MB, or $NQPF_MAX_BYTES).")
@db_option
def watch_cmd(feeds: tuple[str, ...], dirs: tuple[str, ...], every: str, once: bool, delay: float,
              max_bytes: int | None, db: str | None) -> None:
    """Keep the database up to date from feeds, sitemaps and folders: fetch what is new, read
    its main text, ingest it. Remembers what it has seen; obeys robots.txt.

    Example: nqpf watch --feed https://example.org/news/rss.xml --dir inbox/ --every 15m
    """
    from nqpf.ingest import max_bytes_from_env
    from nqpf.store import default_db_path
    from nqpf.watch.fetch import Fetcher
    from nqpf.watch.watcher import Watcher, parse_interval

    if not feeds and not dirs:
        raise NqpfError("give at least one --feed URL or --dir PATH")
    interval = parse_interval(every)
    limit = max_bytes if max_bytes is not None else max_bytes_from_env()
    watcher = Watcher(db or default_db_path(), feeds=list(feeds), dirs=list(dirs), max_bytes=limit,
                      fetcher=Fetcher(max_bytes=limit, delay=delay))
    terminal = sys.stderr.isatty()
    try:
        if once:
            report = watcher.poll()
            click.echo(report.line())
            sys.exit(1 if report.failed and not report.stored and not report.entries and not report.files else 0)
        watcher.run(interval, status=(lambda line: click.echo(f"\r{line}", err=True, nl=not terminal)))
    except KeyboardInterrupt:
        click.echo("\nwatch: stopped", err=True)
    finally:
        watcher.close()


@main.command("sql")
@click.argument("query")
@db_option
@format_option
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Stop the query after this many seconds.")
@click.option("--memory-limit", default="1GB", show_default=True, callback=_memory_size,
              help="Most memory DuckDB may use for the query.")
@click.option("--max-rows", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Print at most this many rows.")
def sql_cmd(query: str, db: str | None, fmt: str, timeout: float, memory_limit: str, max_rows: int) -> None:
    """Read-only SQL for power users: no writes, no other files, limited in time and memory.

    Example: nqpf sql "SELECT region, count(*) FROM figures GROUP BY 1 ORDER BY 2 DESC"
    """
    from nqpf.output import write_rows
    from nqpf.store import open_database
    from nqpf.store.sandbox import run_sql

    con = open_database(db, sandbox=True, memory_limit=memory_limit)
    try:
        result = run_sql(con, query, timeout=timeout, max_rows=max_rows)
    finally:
        con.close()
    write_rows([dict(zip(result.columns, r, strict=True)) for r in result.rows], fmt, out(),
               columns=result.columns)
    if result.truncated:
        click.echo(f"nqpf: output stopped at {max_rows:,} rows (set --max-rows for more)", err=True)


@main.command("export")
@click.argument("directory")
@db_option
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True)
def export_cmd(directory: str, db: str | None, fmt: str) -> None:
    """Write every table to DIRECTORY as Parquet, CSV or JSON lines.

    Example: nqpf export out/ --format csv
    """
    from nqpf.store.queries import export

    with reader(db) as con:
        written = export(con, directory, fmt)
    click.echo(f"wrote {len(written)} tables to {directory}")


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; 127.0.0.1 keeps it local.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve_cmd(db: str | None, host: str, port: int) -> None:
    """Serve the REST API (/api, docs at /docs) and the dashboard. While it runs, other nqpf
    commands on the same database (ingest, watch, reprocess, index compute, forget, the queries)
    work through it, and what they store shows at once.

    Example: nqpf serve --db nqpf.duckdb --port 8000
    """
    from nqpf.api.server import serve

    path = db or _default_db()
    if not _is_loopback(host):
        click.echo(f"nqpf: warning: {host} is reachable from other machines and the server has no "
                   "authentication; anyone who can reach it can read the database", err=True)
    serve(path, host, port,
          on_ready=lambda: click.echo(f"nqpf: serving {path} on http://{host}:{port}/ (Ctrl-C to stop)", err=True))


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def _default_db() -> str:
    from nqpf.store import default_db_path

    return default_db_path()


for command in cli_query.COMMANDS:
    main.add_command(command)
