"""What every page shares: the Jinja environment and its filters, the names shown for IDs (industries
from the taxonomy, regions in English and Chinese), the security headers, and the error page.

Everything on a page that comes from a document (text, title, url, names, indicators, quotes) is
escaped for where it goes: Jinja's autoescape for HTML text and attributes, ``tojson`` (which
escapes ``<``, ``>``, ``&``, ``'`` and every non-ASCII character, U+2028/9 included) for JSON inside
a ``<script>``, ``path`` for a URL path segment; a document's own URL becomes a link only when it
is http(s) (``http_url``); :func:`highlight` escapes a sentence before marking its words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from nqpf.extract.gazetteer import region_name
from nqpf.extract.taxonomy import load_industries
from nqpf.output import format_value
from nqpf.store import queries
from nqpf.web.names import industry_en, industry_zh, metric_name, region_city_of, region_zh, region_zh_short, tile_label


def http_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL fit for a link, else None (``javascript:``, ``data:``,
    relative, or anything with spaces or control characters a browser might strip to find a scheme)."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def path_segment(value: Any) -> str:
    """``value`` quoted as one URL path segment (``/``, ``?``, ``#`` and quotes included)."""
    return quote(str(value), safe="")


def signed_gap(gap: float, unit: str) -> str:
    """An outcome less its target, signed: '+0.1 pp' (the difference of two percentages is in points),
    '-2 bn CNY'."""
    if unit in ("%", "pp"):
        return f"{gap:+g} pp"
    return ("+" if gap > 0 else "-" if gap < 0 else "") + format_value(abs(gap), unit)


_NUMBER = re.compile(r"\d[\d,.]*")


def _digits(text: str) -> str:
    """The significant digits of a number written out: '1.7' and '1,700,000' are both '17'."""
    return re.sub(r"[^\d]", "", text).lstrip("0").rstrip("0")


def highlight(sentence: Any, *, value: float | None = None, industry: str | None = None) -> Markup:
    """The sentence escaped, with the figure's number (the written numbers whose digits are the
    value's) or the industry's name (any of its taxonomy names) in ``<mark class="hit">``."""
    text = str(sentence or "")
    spans: list[tuple[int, int]] = []
    if value is not None:
        wanted = _digits(f"{abs(value):.10g}".split("e")[0])
        spans = [(m.start(), m.end() - (m.group().endswith((".", ",")))) for m in _NUMBER.finditer(text)
                 if wanted and _digits(m.group()) == wanted]
    elif industry:
        found = load_industries().get(industry)
        names = sorted({n for n in (*(found.aliases if found else ()), found.zh if found else "",
                                    *(found.zh_aliases if found else ())) if len(n) >= 2}, key=len, reverse=True)
        if names:
            pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
            spans = [m.span() for m in pattern.finditer(text)]
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]) + Markup('<mark class="hit">') + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# autoescape on for every template whatever its file name: pages show text from documents
templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                                   autoescape=True))
templates.env.filters.update({
    "value": lambda f: format_value(f["value"], f["unit"]), "in_unit": format_value, "gap": signed_gap,
    "http_url": http_url, "path": path_segment, "region_name": region_name, "region_zh": region_zh,
    "region_zh_short": region_zh_short, "city_of": region_city_of, "industry_en": industry_en,
    "industry_zh": industry_zh, "tile_label": tile_label, "metric_name": metric_name, "highlight": highlight,
})
templates.env.globals["measures"] = queries.MEASURES


# Second line of defence behind escaping: a page runs only the scripts this site serves (app.js,
# plotly.js), so markup that ever slipped through could not run an inline script or handler.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """``template`` rendered with ``context``, with the pages' security headers."""
    return templates.TemplateResponse(request, template, context, status_code=status, headers=PAGE_HEADERS)


def render_error(request: Request, status: int, message: str) -> HTMLResponse:
    """The site's error page: the status and a message saying what was wrong."""
    return render(request, "error.html", status=status, status_code=status, message=message)
