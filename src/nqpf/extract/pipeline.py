"""The extraction pipeline: one pure function from a document to its facts."""

from __future__ import annotations

from collections import Counter

from nqpf.extract import attribution, figures, timeexpr
from nqpf.extract.attribution import Attribution
from nqpf.extract.context import build_context
from nqpf.extract.figures import extract_figures
from nqpf.extract.gazetteer import region_name
from nqpf.extract.organizations import extract_organizations
from nqpf.extract.priorities import extract_priorities
from nqpf.extract.quotes import extract_quotes
from nqpf.model import Document, Extraction, RegionMention

# Bump when a change alters what is extracted, so stored results can be told apart.
EXTRACTOR_VERSION = "nqpf-extract/0.3.0"  # 0.3.0: figures carry metric and industry


def clear_sentence_caches() -> None:
    """The per-sentence caches serve one document's extractors, which ask about the same sentences
    again and again; emptied for each document, so repeated text elsewhere in a corpus (or in a
    benchmark) gains nothing from them."""
    for cached in (timeexpr._grammar, timeexpr._explicit_years, timeexpr.tense, timeexpr.has_relative_year,
                   figures._kind, attribution._grammar):
        cached.cache_clear()


def extract(document: Document) -> Extraction:
    """All facts of ``document``: regions, priorities, figures, quotes and organisations."""
    clear_sentence_caches()
    ctx = build_context(document)
    who = Attribution.of(ctx)
    counts = Counter(r.code for r in ctx.regions if not r.in_org)
    levels = {r.code: r.level for r in ctx.regions}
    regions = [RegionMention(code, region_name(code), levels[code], n) for code, n in counts.items()]
    published = document.published
    if published is None and ctx.published_year is not None:
        published = str(ctx.published_year)
    result = Extraction(
        doc_id=document.doc_id, source=document.source, title=document.title, published=published,
        language=document.language, published_basis=ctx.published_basis, regions=regions,
        priorities=extract_priorities(ctx, who),
        figures=extract_figures(ctx, who), quotes=extract_quotes(ctx),
        organizations=extract_organizations(ctx), extractor_version=EXTRACTOR_VERSION,
    )
    return result
