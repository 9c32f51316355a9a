"""Rendering extraction results: ``jsonl`` (the contract), ``json`` and ``table`` (for people)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any, TextIO

from nqpf.extract.regions import region_name
from nqpf.model import Extraction

FORMATS = ("jsonl", "json", "table")


def to_record(result: Extraction) -> dict[str, Any]:
    """The contract's JSON object for one document (extra fields are allowed by the contract)."""
    return asdict(result)


def write_results(results: Iterable[Extraction], fmt: str, out: TextIO) -> None:
    """Stream ``results`` to ``out`` in ``fmt``, one document at a time."""
    if fmt == "jsonl":
        for r in results:
            out.write(json.dumps(to_record(r), ensure_ascii=False) + "\n")
            out.flush()
    elif fmt == "json":
        out.write("[")
        for n, r in enumerate(results):
            out.write(("," if n else "") + "\n" + json.dumps(to_record(r), ensure_ascii=False, indent=2))
        out.write("\n]\n")
    else:
        for n, r in enumerate(results):
            if n:
                out.write("\n")
            out.writelines(line + "\n" for line in document_table(r))
            out.flush()


def format_value(value: float, unit: str) -> str:
    """489600000000 CNY -> '489.6 bn CNY'; 55 % -> '55%'."""
    if unit in ("%", "pp"):
        return f"{value:g}{'%' if unit == '%' else ' pp'}"
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "mn")):
        if abs(value) >= size:
            return f"{value / size:.4g} {word} {unit}"
    return f"{value:,.6g} {unit}"


def aligned(rows: list[list[str]], header: list[str]) -> Iterator[str]:
    """Rows as left-aligned columns under a header (a dozen lines; no library needed for it)."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    yield "  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    for row in rows:
        yield "  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def document_table(r: Extraction) -> Iterator[str]:
    """A readable section for one document."""
    published = r.published or "unknown"
    if r.published_basis == "text":
        published += " (inferred from the text)"
    yield f"== {r.doc_id}: {_clip(r.title, 70) or '(no title)'}"
    yield f"   source {r.source} | published {published} | language {r.language or '?'}"
    regions = sorted(r.regions, key=lambda x: -x.mentions)
    yield "Regions: " + (", ".join(f"{x.name} ({x.code}) x{x.mentions}" for x in regions) or "none")
    yield f"Priorities ({len(r.priorities)}):"
    if r.priorities:
        yield from aligned([[region_name(p.region), p.industry, p.stage, str(p.year or "")]
                            for p in r.priorities], ["region", "industry", "stage", "year"])
    yield f"Figures ({len(r.figures)}):"
    if r.figures:
        yield from aligned([[region_name(f.region), _clip(f.indicator, 40),
                             ("~" if f.approx == "about" else ">" if f.approx == "over" else
                              "<" if f.approx == "under" else "") + format_value(f.value, f.unit),
                             str(f.year or ""), f.kind] for f in r.figures],
                           ["region", "indicator", "value", "year", "kind"])
    yield f"Quotes ({len(r.quotes)}):"
    if r.quotes:
        yield from aligned([[q.speaker, _clip(q.role, 40), _clip(q.text, 60)] for q in r.quotes],
                           ["speaker", "role", "text"])
    if r.organizations:
        yield "Organisations: " + ", ".join(
            o.name + (f" ({region_name(o.region)})" if o.region else "") for o in r.organizations)
