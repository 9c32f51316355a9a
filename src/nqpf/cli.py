"""The ``nqpf`` command line: parses arguments, calls the library, prints results."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from nqpf import __version__
from nqpf.errors import NqpfError
from nqpf.model import Extraction, ReadError


class _Group(click.Group):
    """Turns every failure into one line on stderr: no traceback reaches a user."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NqpfError as err:
            click.echo(f"Error: {err}", err=True)
            sys.exit(err.status)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.exit(1)
        except Exception as err:  # a bug: say so in one line, the traceback only on request
            if ctx.params.get("debug") or ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: internal error: {type(err).__name__}: {err} (rerun with --debug)", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="nqpf")
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

    write_results(results(), fmt, click.get_text_stream("stdout"))
    sys.exit(1 if failures else 0)
