"""``nqpf watch``: keep a database up to date from feeds, sitemaps and folders.

Each poll reads every feed (RSS, Atom or a sitemap, a sitemap index followed one level), fetches
the articles it has not seen (or whose date in the feed changed), reads their main text and
metadata (trafilatura, as ``nqpf ingest`` reads HTML), takes the new and changed files of every
folder, and stores what it found as one ingest (near-duplicates and corroboration updated). What
it has seen is kept in the database (``watch_seen``), so a second run, or the next poll, fetches
nothing it already has. One bad feed, page or file is one log line; the next goes on.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from nqpf.errors import NqpfError
from nqpf.ingest import read_inputs
from nqpf.ingest.readers import read_bytes, walk_corpus
from nqpf.ingest.sniff import looks_like_html
from nqpf.model import Document, ReadError
from nqpf.store import duckdb_engine as duckdb
from nqpf.watch.feeds import NotAFeed, read_listing
from nqpf.watch.fetch import Fetcher, FetchError

_MAX_SITEMAPS = 50  # of one sitemap index: a bound on what one poll reads


@dataclass
class PollReport:
    """What one poll did."""

    feeds: int = 0
    entries: int = 0  # listed by the feeds
    fetched: int = 0  # articles fetched (new or changed)
    files: int = 0  # new or changed files read
    stored: int = 0  # new documents stored
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"watch: {self.feeds} feeds listing {self.entries} articles; fetched {self.fetched}, "
                f"read {self.files} files; {self.stored} new documents stored; {self.failed} failed")


@dataclass
class _Found:
    """Documents read this poll and the seen-marks to record once they are stored."""

    documents: list[Document] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)  # key -> marker


class Watcher:
    """Polls ``feeds`` and ``dirs`` into the database at ``db``; ``log`` gets one line per problem."""

    def __init__(self, db: str, *, feeds: list[str], dirs: list[str], max_bytes: int,
                 log: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
                 fetcher: Fetcher | None = None, dup_threshold: float | None = None):
        self.db, self.feeds, self.dirs, self.max_bytes, self.log = db, feeds, dirs, max_bytes, log
        self.fetcher = fetcher or Fetcher(max_bytes=max_bytes)
        self.dup_threshold = dup_threshold

    def close(self) -> None:
        self.fetcher.close()

    def poll(self) -> PollReport:
        """One pass over every feed and folder; what it found is stored in one ingest."""
        report = PollReport()
        try:
            seen = self._seen()
        except NqpfError as err:  # the database is in use (or unreadable): this poll waits for the next
            self._fail(report, self.db, str(err))
            return report
        found = _Found()
        for feed in self.feeds:
            self._poll_feed(feed, seen, found, report)
        for directory in self.dirs:
            self._poll_dir(directory, seen, found, report)
        if found.documents or found.marks:
            try:
                self._store(found, report)
            except NqpfError as err:  # e.g. the database is in use: nothing is marked seen, the next poll retries
                self._fail(report, self.db, str(err))
        return report

    def run(self, every: float, *, status: Callable[[str], None] | None = None,
            sleep: Callable[[float], None] = time.sleep, polls: int | None = None) -> None:
        """Poll every ``every`` seconds until interrupted (or ``polls`` times)."""
        done = 0
        while polls is None or done < polls:
            report = self.poll()
            done += 1
            if status is not None:
                status(f"{report.line()}; next poll in {every:g} s")
            if polls is None or done < polls:
                sleep(every)

    # --- feeds --------------------------------------------------------------------------------

    def _poll_feed(self, url: str, seen: dict[str, str], found: _Found, report: PollReport) -> None:
        report.feeds += 1
        pending, visited = [url], set()
        while pending and len(visited) < _MAX_SITEMAPS:
            listing_url = pending.pop(0)
            visited.add(listing_url)
            try:
                fetched = self.fetcher.get(listing_url)
                listing = read_listing(fetched.body, fetched.url)
            except (FetchError, NotAFeed) as err:
                self._fail(report, listing_url, str(err))
                continue
            pending += [s for s in listing.sitemaps if s not in visited and s not in pending]
            for entry in listing.entries:
                report.entries += 1
                marker = entry.updated or "listed"
                if seen.get(entry.url) == marker or found.marks.get(entry.url) == marker:
                    continue
                self._fetch_article(entry.url, marker, found, report)

    def _fetch_article(self, url: str, marker: str, found: _Found, report: PollReport) -> None:
        try:
            page = self.fetcher.get(url)
        except FetchError as err:
            self._fail(report, url, str(err))
            if "tries" not in str(err):  # a lasting failure: not fetched again until the feed's date changes
                found.marks[url] = marker
            return
        report.fetched += 1
        found.marks[url] = marker
        if "html" not in page.content_type.lower() and not looks_like_html(page.body):
            self._fail(report, url, f"not an HTML page ({page.content_type or 'no content type'})")
            return
        doc = read_bytes(page.body, doc_id=url, source=url, suffix=".html")
        if isinstance(doc, ReadError):
            self._fail(report, url, doc.reason)
            return
        found.documents.append(dataclasses.replace(doc, url=doc.url or page.url))

    # --- folders ------------------------------------------------------------------------------

    def _poll_dir(self, directory: str, seen: dict[str, str], found: _Found, report: PollReport) -> None:
        if not os.path.isdir(directory):
            self._fail(report, directory, "not a directory")
            return
        for path in walk_corpus(directory):
            if isinstance(path, ReadError):
                self._fail(report, path.source, path.reason)
                continue
            try:
                info = os.stat(path)
            except OSError as err:
                self._fail(report, path, err.strerror or str(err))
                continue
            key, marker = f"file:{os.path.realpath(path)}", f"{info.st_size}:{info.st_mtime_ns}"
            if seen.get(key) == marker:
                continue
            report.files += 1
            found.marks[key] = marker
            for item in read_inputs([path], max_bytes=self.max_bytes):
                if isinstance(item, ReadError):
                    self._fail(report, item.source, item.reason)
                else:
                    found.documents.append(item)

    # --- the database -------------------------------------------------------------------------

    def _seen(self) -> dict[str, str]:
        if not os.path.exists(self.db):
            return {}
        from nqpf.store import open_database

        try:
            with open_database(self.db) as con:
                return dict(con.execute("SELECT key, marker FROM watch_seen").fetchall())
        except NqpfError as err:
            if "schema version" in str(err):
                return {}  # an older database: the first store migrates it
            raise

    def _store(self, found: _Found, report: PollReport) -> None:
        from nqpf.scale.corroboration import update_duplicates
        from nqpf.scale.minhash import DEFAULT_THRESHOLD, signature
        from nqpf.scale.versions import supersede_old_versions
        from nqpf.store import open_database
        from nqpf.store.layout import keep_region_order
        from nqpf.store.writer import ingest

        con = open_database(self.db, write=True)
        try:
            summary = ingest(con, found.documents, on_error=lambda e: self._fail(report, e.source, e.reason),
                             signer=signature)
            if summary.new:
                supersede_old_versions(con)  # a changed article replaces its earlier version
                update_duplicates(con, threshold=self.dup_threshold or DEFAULT_THRESHOLD)
                keep_region_order(con)
            _remember(con, found.marks)
        finally:
            con.close()
        report.stored += summary.new

    def _fail(self, report: PollReport, source: str, reason: str) -> None:
        report.failed += 1
        line = f"nqpf watch: {source}: {reason}"
        report.errors.append(line)
        self.log(line)


def _remember(con: duckdb.DuckDBPyConnection, marks: dict[str, str]) -> None:
    """Record what this poll has seen, after its documents are stored: a run killed before this
    fetches them again, and the ingest skips the ones already stored."""
    if not marks:
        return
    con.execute("BEGIN TRANSACTION")
    con.execute("""INSERT OR REPLACE INTO watch_seen (key, marker, seen_at)
                   SELECT unnest(?), unnest(?), current_timestamp""", [list(marks), list(marks.values())])
    con.execute("COMMIT")


def parse_interval(text: str) -> float:
    """'90', '90s', '15m', '2h', '1d' -> seconds; NqpfError for anything else or under a second."""
    value = text.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(value[-1:])
    number = value[:-1] if scale else value
    try:
        seconds = float(number) * (scale or 1)
    except ValueError:
        raise NqpfError(f"--every '{text}' is not an interval such as 90s, 15m or 2h") from None
    if not seconds >= 1:
        raise NqpfError(f"--every '{text}': poll at most once a second")
    return seconds
