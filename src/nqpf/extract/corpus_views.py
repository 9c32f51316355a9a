"""The grammar corpora's views that read a phrasing through a language-neutral entry point:
``find_regions``, ``find_industries``, the quote extractor or the whole pipeline. Each corpus file
names its view in ``entry:`` (``nqpf.extract.corpus_views:zh_places``).

They live here, beside the pipeline, and not in the grammar modules: a grammar that called the
entry point that calls it would import the module that imports it. A view that calls only its own
grammar stays in that grammar's module. Nothing in ``nqpf`` imports this module; the corpus test
(``tests/test_grammar_corpora.py``) loads it by name.
"""

from __future__ import annotations

from nqpf.extract.grammar.en import attribution as en_attribution
from nqpf.extract.grammar.zh import attribution as zh_attribution
from nqpf.extract.industries import find_industries
from nqpf.extract.pipeline import extract
from nqpf.extract.quotes import quotes_in_text
from nqpf.extract.regions import find_regions
from nqpf.model import Document, Figure


def zh_places(text: str) -> list[dict]:
    """The places named in ``text`` with their codes as ``find_regions`` resolves them (China cues
    left out): ``grammar/zh/places.corpus.yaml``."""
    return [{"code": r.code, "text": r.text, "in_org": r.in_org} for r in find_regions(text) if r.code != "CN"]


def en_attribution_cues(text: str) -> list[dict]:
    """What the English attribution grammar sees in a clause and around each region ``find_regions``
    finds in it: ``grammar/en/attribution.corpus.yaml``."""
    g = en_attribution
    out: list[dict] = []
    found = g.anaphor_level(text)
    if found:
        out.append({"anaphor": found[0]})
    if g.first_person(text):
        out.append({"first_person": True})
    if g.central_speaker(text):
        out.append({"central_speaker": True})
    if g.respectively(text):
        out.append({"respectively": True})
    previous = None
    for r in find_regions(text):
        before, after = text[max(0, r.start - 60):r.start], text[r.end:r.end + 60]
        if g.is_comparison_frame(r.text, before, after):
            out.append({"frame": r.code})
        if g.group_listing(before):
            out.append({"group_from": r.code})
        if g.relative_clause_subject(before):
            out.append({"relative_clause": r.code})
        if g.describes_setting(before):
            out.append({"described": r.code})
        if g.subject_before_verb(after):
            out.append({"subject": r.code})
        if g.absolute_subject(before, after):
            out.append({"with_subject": r.code})
        if g.speaker_title(before, after):
            out.append({"speaker_title": r.code})
        if r.code == "CN" and r.text == "China" and g.end_of_a_name(before):
            out.append({"in_name": r.code})
        if previous is not None and g.coordinated(text[previous.end:r.start]):
            out.append({"listed_with": previous.code, "listed": r.code})
        if previous is not None and g.locates(text[previous.end:r.start]):
            out.append({"located_in": r.code, "place": previous.code})
        previous = r
    return out


def zh_attribution_cues(text: str) -> list[dict]:
    """The anaphors and frames the Chinese attribution grammar sees in a clause, around the regions
    ``find_regions`` finds in it: ``grammar/zh/attribution.corpus.yaml``."""
    g = zh_attribution
    out: list[dict] = []
    found = g.anaphor_level(text)
    if found:
        out.append({"anaphor": found[0]})
    if g.respectively(text):
        out.append({"respectively": True})
    found_regions = find_regions(text)
    for r in found_regions:
        if g.is_comparison_frame(r.text, text[max(0, r.start - 12):r.start], text[r.end:r.end + 16]):
            out.append({"frame": r.code})
    out.extend({"listed_with": a.code, "listed": b.code} for a, b in zip(found_regions, found_regions[1:], strict=False)
               if g.coordinated(text[a.end:b.start]))
    out.extend({"venue": r.code} for r in found_regions
               if g.venue(text[max(0, r.start - 16):r.start], text[r.end:]))
    return out


def industries(text: str) -> list[dict]:
    """The industries ``find_industries`` gives for ``text``, both grammars at once as a user sees them:
    ``grammar/en/industries.corpus.yaml`` and ``grammar/zh/industries.corpus.yaml``."""
    return [{"industry": m.industry, "text": m.text} for m in find_industries(text)]


def _quotes(text: str, language: str) -> list[dict]:
    return [{"speaker": q.speaker, "role": q.role, "region": q.region, "text": q.text}
            for q in quotes_in_text(text, language)]


def en_quotes(text: str) -> list[dict]:
    """The quotes of ``text`` read with the English grammar, each as speaker, role, region and text:
    ``grammar/en/quotes.corpus.yaml``."""
    return _quotes(text, "en")


def zh_quotes(text: str) -> list[dict]:
    """The quotes of ``text`` read with the Chinese grammar, each as speaker, role, region and text:
    ``grammar/zh/quotes.corpus.yaml``."""
    return _quotes(text, "zh")


def _figures(text: str) -> list[Figure]:
    return extract(Document("corpus", "corpus", text)).figures


def figure_indicators(text: str) -> list[dict]:
    """Each figure the pipeline extracts from ``text``, with the indicator it gets:
    ``grammar/en/indicators.corpus.yaml`` and ``grammar/zh/indicators.corpus.yaml``."""
    return [{"indicator": f.indicator, "value": f.value} for f in _figures(text)]


def figure_metrics(text: str) -> list[dict]:
    """Each figure the pipeline extracts from ``text``, with its metric and industry:
    ``grammar/en/metrics.corpus.yaml`` and ``grammar/zh/metrics.corpus.yaml``."""
    return [{"value": f.value, "metric": f.metric, "industry": f.industry} for f in _figures(text)]
