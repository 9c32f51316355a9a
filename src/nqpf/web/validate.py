"""The pages' filters as a form sends them (text, empty when not filled in), checked into values;
:class:`~nqpf.errors.NqpfError` with a message for the error page when one names nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from nqpf.errors import NqpfError

Filter = Annotated[str | None, Query(max_length=100)]


def year_filter(text: str | None) -> int | None:
    """The year a filter names (None when left empty); NqpfError for anything but a year."""
    if text is None or not text.strip():
        return None
    if not (text.strip().isdigit() and 1900 <= int(text) <= 2100):
        raise NqpfError(f"year must be a year from 1900 to 2100, such as 2025, not '{text}'")
    return int(text)


def page_filter(text: str | None) -> int:
    """The page number a filter names (1 when left empty); NqpfError for anything but 1 to 100,000."""
    if text is None or not text.strip():
        return 1
    if not (text.strip().isdigit() and 1 <= int(text) <= 100_000):
        raise NqpfError(f"page must be a whole number from 1 to 100000, not '{text}'")
    return int(text)


def choice_filter(name: str, text: str | None, choices: tuple[str, ...]) -> str | None:
    """``text`` if it is one of ``choices`` (None when left empty); NqpfError naming them otherwise."""
    if text is None or not text.strip():
        return None
    if text.strip() not in choices:
        raise NqpfError(f"{name} must be one of {', '.join(choices)}, not '{text}'")
    return text.strip()
