"""Indicator frameworks: a YAML tree of dimensions and indicators, with inputs, formulas,
directions and optional weights; validated on load with errors that name the file."""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from nqpf.errors import NqpfError

DEFAULT = "default"


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    dimension: str
    direction: int  # +1 benefit, -1 cost
    unit: str
    column: str | None = None
    formula: str | None = None
    weight: float | None = None


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    weight: float | None
    indicators: tuple[Indicator, ...]


@dataclass
class Framework:
    name: str
    source: str
    inputs: dict[str, dict]
    dimensions: tuple[Dimension, ...]
    years: tuple[int, int] | None = None
    from_db: list[dict] = field(default_factory=list)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for d in self.dimensions for i in d.indicators]

    def without(self, dropped: set[str]) -> Framework:
        """The framework without the indicators ``dropped`` (a dimension left with none goes too);
        the weights left are rescaled to keep their proportions."""
        dims = []
        for d in self.dimensions:
            kept = tuple(i for i in d.indicators if i.id not in dropped)
            if not kept:
                continue
            if len(kept) != len(d.indicators) and any(i.weight is not None for i in kept):
                total = sum(i.weight or 0 for i in kept)
                kept = tuple(replace(i, weight=(i.weight or 0) / total) for i in kept) if total else kept
            dims.append(d if kept == d.indicators else Dimension(d.id, d.name, d.weight, kept))
        if not dims:
            raise NqpfError("no indicator of the framework has a value in the years given")
        if len(dims) != len(self.dimensions) and all(d.weight is not None for d in dims):
            total = sum(d.weight for d in dims)
            dims = [replace(d, weight=d.weight / total) for d in dims]
        return replace(self, dimensions=tuple(dims))

    def columns(self) -> set[str]:
        """Panel indicator codes the framework reads."""
        return {spec["column"] for spec in self.inputs.values() if "column" in spec} | \
            {i.column for i in self.indicators if i.column and i.column not in self.inputs}


def load_framework(path: str | None = None) -> Framework:
    """The framework in ``path`` (a YAML file), or the shipped default."""
    if path in (None, DEFAULT):
        text, source = files("nqpf.data").joinpath("frameworks/default.yaml").read_text(encoding="utf-8"), \
            "default framework"
    else:
        file = Path(path)
        if not file.exists():
            raise NqpfError(f"{path}: no such framework file")
        text, source = file.read_text(encoding="utf-8"), path
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise NqpfError(f"{source}: not valid YAML: {str(err).splitlines()[0]}") from None
    return _parse(raw, source)


def _parse(raw: object, source: str) -> Framework:
    if not isinstance(raw, dict) or not isinstance(raw.get("dimensions"), list) or not raw["dimensions"]:
        raise NqpfError(f"{source}: a framework needs a non-empty 'dimensions' list")
    inputs = raw.get("inputs") or {}
    dims = []
    seen: set[str] = set(inputs)
    for d in raw["dimensions"]:
        if not isinstance(d, dict) or "id" not in d or not d.get("indicators"):
            raise NqpfError(f"{source}: every dimension needs an 'id' and 'indicators'")
        indicators = []
        for spec in d["indicators"]:
            ind_id = spec.get("id") if isinstance(spec, dict) else None
            if not ind_id:
                raise NqpfError(f"{source}: dimension {d['id']}: an indicator has no 'id'")
            if ind_id in {i.id for dim in dims for i in dim.indicators} | {i.id for i in indicators}:
                raise NqpfError(f"{source}: indicator {ind_id} is defined twice")
            if ("column" in spec) == ("formula" in spec):
                raise NqpfError(f"{source}: indicator {ind_id} needs exactly one of 'column' or 'formula'")
            direction = {"benefit": 1, "cost": -1}.get(str(spec.get("direction", "benefit")))
            if direction is None:
                raise NqpfError(f"{source}: indicator {ind_id}: direction must be benefit or cost")
            if "formula" in spec:
                _check_formula(spec["formula"], seen, source, ind_id)
            indicators.append(Indicator(ind_id, spec.get("name", ind_id), d["id"], direction, str(spec.get("unit", "")),
                                        spec.get("column"), spec.get("formula"), spec.get("weight")))
            seen.add(ind_id)
        _check_weights([i.weight for i in indicators], f"{source}: dimension {d['id']}")
        dims.append(Dimension(d["id"], d.get("name", d["id"]), d.get("weight"), tuple(indicators)))
    _check_weights([d.weight for d in dims], f"{source}: dimension weights")
    for name, spec in inputs.items():
        if "formula" in spec:
            _check_formula(spec["formula"], set(inputs), source, name)
    years = raw.get("years")
    if years is not None and (not isinstance(years, list) or len(years) != 2 or years[0] > years[1]):
        raise NqpfError(f"{source}: years must be [first, last]")
    return Framework(raw.get("name", source), source, inputs, tuple(dims), tuple(years) if years else None,
                     list(raw.get("from_db") or []))


def _check_weights(weights: list[float | None], where: str) -> None:
    given = [w for w in weights if w is not None]
    if not given:
        return
    if len(given) != len(weights):
        raise NqpfError(f"{where}: give a weight for every item or for none")
    if any(w < 0 for w in given) or abs(sum(given) - 1) > 1e-6:
        raise NqpfError(f"{where}: weights sum to {sum(given):g}, not 1")


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _names(formula: str, source: str, owner: str) -> set[str]:
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise NqpfError(f"{source}: {owner}: cannot parse formula '{formula}'") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Load,
                                   *_OPS)):
            raise NqpfError(f"{source}: {owner}: formulas may use + - * / and parentheses only")
    return names


def _check_formula(formula: str, known: set[str], source: str, owner: str) -> None:
    unknown = _names(formula, source, owner) - known
    if unknown:
        raise NqpfError(f"{source}: {owner}: formula names unknown input(s) {', '.join(sorted(unknown))}")


def evaluate(formula: str, values: dict[str, pd.Series]) -> pd.Series:
    """Evaluate a checked formula over aligned Series; a division by zero gives NaN."""
    def walk(node: ast.AST):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand)
        if isinstance(node, ast.Constant):
            return float(node.value)
        return values[node.id]

    with np.errstate(divide="ignore", invalid="ignore"):
        result = walk(ast.parse(formula, mode="eval"))
    return result.replace([np.inf, -np.inf], np.nan) if isinstance(result, pd.Series) else result


def indicator_table(framework: Framework, panel: pd.DataFrame, *, partial: bool = False) -> pd.DataFrame:
    """The framework's indicators as a wide frame indexed by (region, year), from a long panel.

    A panel value named after a formula input (``gdp``) wins over the formula where both exist:
    figures from text state GDP itself. With ``partial`` (a panel of stored figures, which has
    what the texts said and no more), a column the panel lacks is all missing instead of an error.
    """
    wide = panel.pivot_table(index=["region", "year"], columns="indicator", values="value", aggfunc="first")
    missing = pd.Series(np.nan, index=wide.index, dtype=float)
    values: dict[str, pd.Series] = {}
    for name, spec in framework.inputs.items():
        if "column" in spec:
            if spec["column"] in wide.columns:
                values[name] = wide[spec["column"]]
            elif partial:
                values[name] = missing
            else:
                raise NqpfError(f"{framework.source}: input {name} reads '{spec['column']}', which the panel "
                                "does not have")
    for name, spec in framework.inputs.items():
        if "formula" in spec:
            computed = evaluate(spec["formula"], values)
            values[name] = wide[name].combine_first(computed) if name in wide.columns else computed
    out = {}
    for ind in framework.indicators:
        if ind.formula:
            out[ind.id] = evaluate(ind.formula, {**values, **out})
        elif ind.column in values:
            out[ind.id] = values[ind.column]
        elif ind.column in wide.columns:
            out[ind.id] = wide[ind.column]
        elif partial:
            out[ind.id] = missing
        else:
            raise NqpfError(f"{framework.source}: indicator {ind.id} reads '{ind.column}', which is neither an "
                            "input nor a panel indicator")
    table = pd.DataFrame(out)
    table.index = table.index.set_names(["region", "year"])
    return table
