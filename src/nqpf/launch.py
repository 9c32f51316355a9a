"""The ``nqpf`` program's entry point: the read commands people run most (``regions``, ``region NAME``,
``industry NAME``) in their plain forms run without importing click; every other command line, and any
of these with an option or value outside those forms, goes to the click group (``nqpf.cli``) unchanged,
which parses it, and answers ``--help`` and every mistake.

Why a second parser at all: importing click costs 30-50 ms (it imports ``inspect``, ``typing``'s and
``uuid``'s dependencies...), a fifth of ``nqpf region``'s time on the 2-core machine, where the whole
command is meant to take 0.15 s. The forms accepted here are a subset of what click accepts, with the
same defaults (``cli_options``), and each runs the same function as its click command (``cli_reads``);
a test runs both on the same command lines and compares what they print.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from nqpf.cli_options import DEFAULT_FORMAT, FORMATS, REGION_LIMIT, reporting_failures

_TEXT = "text"
_COUNT = "count"  # a whole number >= 0, in ASCII digits
_FLAG = "flag"
_READS = {"--db": (_TEXT, "db"), "--format": (FORMATS, "fmt")}
# per command: the function of cli_reads that runs it, its positional parameters and how many of them
# are required, its options (the kind of value, the parameter it sets) and every parameter's default
_FORMS: dict[str, tuple[str, list[str], int, dict[str, tuple[str | tuple[str, ...], str]], dict[str, object]]] = {
    "regions": ("show_regions", [], 0, _READS, {"db": None, "fmt": DEFAULT_FORMAT}),
    "region": ("show_region", ["name"], 1, {**_READS, "--limit": (_COUNT, "limit")},
               {"db": None, "fmt": DEFAULT_FORMAT, "limit": REGION_LIMIT}),
    "industry": ("show_industry", ["name"], 0, {**_READS, "--list": (_FLAG, "list_all")},
                 {"name": None, "db": None, "fmt": DEFAULT_FORMAT, "list_all": False}),
}


def plain_form(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """``(function of cli_reads, its parameters)`` if ``argv`` (without the program name) is one of the
    plain forms this module runs itself, else None: the command line is click's to parse."""
    if not argv or argv[0] not in _FORMS:
        return None
    function, names, required, options, defaults = _FORMS[argv[0]]
    positional: list[str] = []
    params = dict(defaults)
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            positional.append(word)
            continue
        option, equals, value = word.partition("=")
        if option not in options:
            return None  # --help, --, a mistake...
        kind, param = options[option]
        if kind == _FLAG:
            if equals:
                return None
            params[param] = True
            continue
        if not equals:
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None
        if isinstance(kind, tuple) and value not in kind or \
                kind == _COUNT and not (value.isascii() and value.isdigit()):
            return None
        params[param] = int(value) if kind == _COUNT else value
    if not required <= len(positional) <= len(names):
        return None
    return function, {**params, **dict(zip(names, positional, strict=False))}


# Commands whose process ends with nothing to clean up (their database closed, their files written), only
# pandas' and pyarrow's modules to tear down: Python's teardown of those takes 0.06-0.09 s, a seventh of
# `nqpf index compute`, so such a process ends with os._exit once its output is flushed. Not the
# commands that may start processes or servers (ingest with Dask, serve, watch), whose clean-up runs at exit.
_ENDING_AT_ONCE = {"index"}


def _command(argv: list[str]) -> str | None:
    return next((word for word in argv if not word.startswith("-")), None)


def _end_at_once(code: object) -> None:
    """End this process now with ``code`` as ``sys.exit`` would, after flushing its output."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        code = code or 1
    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stderr.flush()
    os._exit(code or 0)


def _run(function: str, params: dict[str, object]) -> None:
    from nqpf import cli_reads

    getattr(cli_reads, function)(**params)


def main(argv: list[str] | None = None) -> None:
    """Run the ``nqpf`` command line ``argv`` (default: this process's arguments)."""
    args = sys.argv[1:] if argv is None else argv
    form = plain_form(args)
    if form is None:
        from nqpf.cli import main as click_main

        try:
            click_main(argv)
        except SystemExit as done:
            if _command(args) in _ENDING_AT_ONCE:
                _end_at_once(done.code)
            raise
        return
    # a read command lives a fraction of a second and builds no cycles worth collecting, while the
    # collector's passes over the gazetteer's and the rows' many small objects cost it 10-15 ms
    gc.disable()
    reporting_failures(lambda: _run(*form), debug=False)
    sys.exit(0)
