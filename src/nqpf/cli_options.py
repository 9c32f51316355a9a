"""Options and helpers every ``nqpf`` command module shares (kept apart from ``cli`` so that the
command modules never import the group they are registered on). Click is imported only by the
option decorators, so that ``nqpf.launch`` can use the rest without it."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO, TypeVar

from nqpf.errors import NqpfError

T = TypeVar("T")
FORMATS = ("table", "json", "csv")
DEFAULT_FORMAT = "table"
REGION_LIMIT = 50  # rows of each section of `nqpf region` in a table


def db_option(f):
    import click

    return click.option("--db", "db", default=None, metavar="PATH",
                        help="Database file (default ./nqpf.duckdb, or $NQPF_DB).")(f)


def format_option(f):
    import click

    return click.option("--format", "fmt", type=click.Choice(FORMATS), default=DEFAULT_FORMAT,
                        show_default=True, help="table is for people; json and csv for programs.")(f)


def out() -> TextIO:
    """Where results go (looked up at call time, so a test runner's captured stdout is used)."""
    return sys.stdout


def reader(db: str | None):
    """The database ``db`` opened read-only."""
    from nqpf.store import open_database

    return open_database(db)


def reporting_failures(run: Callable[[], T], *, debug: bool,
                       passing: tuple[type[BaseException], ...] = ()) -> T:
    """``run()``, every failure turned into one line on stderr and an exit status, so that no traceback
    reaches a user: a :class:`NqpfError` says what to do (status 1, or its own); a closed pipe ends
    quietly (1); a bug says so (2), with its traceback only when ``debug``. ``passing``: exceptions
    that are the caller's to handle (click's own)."""
    try:
        return run()
    except NqpfError as err:
        print(f"Error: {err}", file=sys.stderr, flush=True)
        sys.exit(err.status)
    except passing:
        raise
    except BrokenPipeError:
        sys.exit(1)
    except Exception as err:
        if debug:
            raise
        print(f"Error: internal error: {type(err).__name__}: {err} (rerun with --debug)", file=sys.stderr,
              flush=True)
        sys.exit(2)
