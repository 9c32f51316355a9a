"""Package data: the gazetteer, the taxonomy, metrics, frameworks and phrase lists."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).parent


def read_text(name: str) -> str:
    """The text of the data file ``name`` (a path inside this package). The files sit beside this
    module in every install this project supports; importlib.resources would cost a short
    command ~20 ms of imports to find them."""
    return (_HERE / name).read_text(encoding="utf-8")
