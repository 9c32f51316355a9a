"""Options and helpers every ``nqpf`` command module shares (kept apart from ``cli`` so that the
command modules never import the group they are registered on)."""

from __future__ import annotations

import sys
from typing import TextIO

import click


def db_option(f):
    return click.option("--db", "db", default=None, metavar="PATH",
                        help="Database file (default ./nqpf.duckdb, or $NQPF_DB).")(f)


def format_option(f):
    return click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                        show_default=True, help="table is for people; json and csv for programs.")(f)


def out() -> TextIO:
    """Where results go (looked up at call time, so a test runner's captured stdout is used)."""
    return sys.stdout


def reader(db: str | None):
    """The database ``db`` opened read-only."""
    from nqpf.store import open_database

    return open_database(db)
