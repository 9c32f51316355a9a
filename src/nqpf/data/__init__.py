"""Package data: the gazetteer, the taxonomy, metrics, frameworks and phrase lists."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).parent


def read_text(name: str) -> str:
    """The text of the data file ``name`` (a path inside this package). The files sit beside this
    module in every install this project supports; importlib.resources would cost a short
    command ~20 ms of imports to find them."""
    return (_HERE / name).read_text(encoding="utf-8")


@cache
def load_yaml(name: str) -> Any:
    """The data file ``name`` parsed as YAML, once a process; read it, never change it. With
    libyaml's C parser where PyYAML has it: the pure-Python one took a fifth of extraction's start."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(read_text(name), Loader=loader)  # noqa: S506 (a safe loader)
