"""Rendering extraction results: ``jsonl`` (the contract), ``json`` and ``table`` (for people)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from nqpf.model import Extraction


def to_record(result: Extraction) -> dict[str, Any]:
    """The contract's JSON object for one document (extra fields are allowed by the contract)."""
    from dataclasses import asdict  # here: the query commands print rows, and dataclasses imports inspect

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
    from nqpf.extract.gazetteer import region_name

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


def _cell(value: Any, width: int | None = 80) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if width is None:  # CSV: the value whole, for a program to read (1400000, not 1.4e+06)
            return f"{value:.15g}"
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return _clip(str(value), width) if width else str(value)


def _json_default(value: Any) -> Any:
    return str(value)


def write_rows(rows: list[dict[str, Any]], fmt: str, out: TextIO, *, columns: list[str] | None = None) -> None:
    """Rows as an aligned table, a JSON array or CSV with a header."""
    columns = columns or (list(rows[0]) if rows else [])
    if fmt == "json":
        json.dump([{c: r.get(c) for c in columns} for r in rows], out, ensure_ascii=False, indent=2,
                  default=_json_default)
        out.write("\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c), None) for c in columns])
    else:
        if not rows:
            out.write("  (none)\n")
            return
        # the last column is shown whole (a sentence: its number must not be cut off); it widens no other
        widths = [None if i == len(columns) - 1 else 80 for i in range(len(columns))]
        out.writelines(line + "\n" for line in aligned([[_cell(r.get(c), w) for c, w in zip(columns, widths,
                                                                                              strict=True)]
                                                       for r in rows], columns))


def write_sections(title: str, sections: dict[str, list[dict[str, Any]]], fmt: str, out: TextIO, *,
                   extra: dict[str, Any] | None = None, columns: dict[str, list[str]] | None = None,
                   totals: dict[str, int] | None = None) -> None:
    """A result made of named row lists: a table per section, one JSON object, or CSV with a section column.
    ``totals``: the whole size of sections the table shows the first rows of."""
    columns = columns or {}
    if fmt == "json":
        json.dump({**(extra or {}), **{name: [{c: r.get(c) for c in columns.get(name, list(r))} for r in rows]
                                       for name, rows in sections.items()}},
                  out, ensure_ascii=False, indent=2, default=_json_default)
        out.write("\n")
    elif fmt == "csv":
        all_columns: list[str] = []
        for name, rows in sections.items():
            for c in columns.get(name, list(rows[0]) if rows else []):
                if c not in all_columns:
                    all_columns.append(c)
        flat = [{"section": name, **r} for name, rows in sections.items() for r in rows]
        write_rows(flat, "csv", out, columns=["section", *all_columns])
    else:
        out.write(title + "\n")
        totals = totals or {}
        for name, rows in sections.items():
            total = totals.get(name, len(rows))
            shown = f"{len(rows)} of {total}" if total > len(rows) else str(total)
            out.write(f"\n{name.replace('_', ' ').capitalize()} ({shown}):\n")
            write_rows(rows, "table", out, columns=columns.get(name))
            if total > len(rows):
                out.write(f"  ... {total - len(rows)} more (--limit 0 shows them all)\n")
