"""What a feed lists: the article URLs of an RSS or Atom feed (feedparser) or of a sitemap (its
``<url><loc>``; a sitemap index lists further sitemaps), each with the date the source gives for
it, so a changed entry can be fetched again."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NotAFeed(Exception):
    """The body is neither a feed nor a sitemap; the message says what it is instead."""


@dataclass(frozen=True)
class Entry:
    url: str
    updated: str | None = None  # as the feed writes it: a changed value means a changed article


@dataclass(frozen=True)
class Listing:
    entries: list[Entry]
    sitemaps: list[str]  # further sitemaps a sitemap index names


def read_listing(body: bytes, base_url: str) -> Listing:
    """The entries of a feed or sitemap ``body`` fetched from ``base_url``, or :class:`NotAFeed`."""
    head = body[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return _sitemap(body, base_url)
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        what = "an HTML page" if b"<html" in head else "not XML" if not head.startswith(b"<") else "no feed"
        raise NotAFeed(f"not an RSS or Atom feed or a sitemap ({what})")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next((lk.get("href") for lk in item.get("links", []) if lk.get("href")), None)
        if link:
            # dict.get: feedparser's own lookup maps a missing "updated" to "published" with a warning
            entries.append(Entry(urljoin(base_url, link), dict.get(item, "updated") or dict.get(item, "published")))
    return Listing(entries, [])


def _sitemap(body: bytes, base_url: str) -> Listing:
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise NotAFeed(f"a sitemap that is not well-formed XML ({str(err).splitlines()[0]})") from None
    entries, sitemaps = [], []
    for node in root:
        loc = (node.findtext(f"{_SITEMAP_NS}loc") or node.findtext("loc") or "").strip()
        if not loc:
            continue
        if node.tag.endswith("sitemap"):
            sitemaps.append(urljoin(base_url, loc))
        else:
            lastmod = node.findtext(f"{_SITEMAP_NS}lastmod") or node.findtext("lastmod")
            entries.append(Entry(urljoin(base_url, loc), lastmod.strip() if lastmod else None))
    return Listing(entries, sitemaps)
