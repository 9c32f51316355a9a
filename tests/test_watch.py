"""`nqpf watch` against a local HTTP server started here: RSS, Atom and a sitemap index, articles
written for this test, and every kind of bad input (not XML, not HTML, a timeout, a redirect loop,
an oversized page, a URL outside http/https, a page robots.txt forbids, a 404). No external network."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time

import duckdb
import pytest
from click.testing import CliRunner

from nqpf.cli import main
from nqpf.watch.fetch import Fetcher, FetchError
from nqpf.watch.watcher import Watcher, parse_interval

ARTICLES = {
    "/news/hefei-quantum.html": ("Hefei expands quantum computing", "2025-03-02",
                                 "Hefei will build a quantum computing centre this year, city officials said on "
                                 "Sunday. The centre is meant to serve universities and companies in Anhui."),
    "/news/wuhan-optics.html": ("Wuhan bets on optoelectronics", "2025-03-03",
                                "Wuhan plans to grow its optoelectronics industry, the city government said. "
                                "Output of the sector reached 600 billion yuan in 2024."),
    "/news/xian-aerospace.html": ("Xi'an courts commercial spaceflight", "2025-03-04",
                                  "Shaanxi will support commercial aerospace firms in Xi'an, the provincial "
                                  "government announced, with a fund of 5 billion yuan."),
    "/news/chengdu-displays.html": ("Chengdu and new displays", "2025-03-05",
                                    "Sichuan will develop the new display industry in Chengdu, according to a plan "
                                    "released on Wednesday."),
    "/news/changsha-machinery.html": ("Changsha machinery makers go digital", "2025-03-06",
                                      "Hunan will promote industrial internet platforms among machinery makers in "
                                      "Changsha, the province said."),
    "/private/secret.html": ("A page robots.txt forbids", "2025-03-07",
                             "Guangdong will develop low-altitude economy projects."),
}


def _page(title: str, date: str, body: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{date}'></head>"
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>").encode()


class _Site(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    agents: list[str] = []
    paths: list[str] = []

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.agents.append(self.headers.get("User-Agent", ""))
        self.paths.append(self.path)
        if self.path == "/slow.html":
            time.sleep(1.5)
        if self.path == "/loop.html":
            self.send_response(302)
            self.send_header("Location", "/loop.html")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"no such page"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client that stopped reading
            self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def site():
    base_routes: dict[str, tuple[int, str, bytes]] = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/slow.html": (200, "text/html", _page("Slow", "2025-03-01", "Anhui will develop NEVs.")),
        "/big.html": (200, "text/html", b"<html><body>" + b"x" * 300_000 + b"</body></html>"),
        "/data.json": (200, "application/json", json.dumps({"a": 1}).encode()),
        "/notxml.xml": (200, "application/rss+xml", b"this is not a feed at all"),
    }
    for path, (title, date, body) in ARTICLES.items():
        base_routes[path] = (200, "text/html; charset=utf-8", _page(title, date, body))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    url = f"http://127.0.0.1:{server.server_port}"
    rss_items = "".join(f"<item><title>{t}</title><link>{url}{p}</link><pubDate>{d}</pubDate></item>"
                        for p, (t, d, _) in list(ARTICLES.items())[:3])
    bad_items = "".join(f"<item><title>bad</title><link>{link}</link></item>" for link in (
        f"{url}/slow.html", f"{url}/loop.html", f"{url}/big.html", f"{url}/data.json", "ftp://example.org/x.html",
        f"{url}/private/secret.html", f"{url}/gone.html"))
    routes = dict(base_routes)
    routes["/rss.xml"] = (200, "application/rss+xml", (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>{rss_items}{bad_items}"
        "</channel></rss>").encode())
    routes["/atom.xml"] = (200, "application/atom+xml", (
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>A</title>"
        f"<entry><title>Chengdu</title><link href='{url}/news/chengdu-displays.html'/>"
        "<updated>2025-03-05T08:00:00Z</updated></entry></feed>").encode())
    routes["/sitemap.xml"] = (200, "application/xml", (
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<sitemap><loc>{url}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode())
    routes["/sitemap-news.xml"] = (200, "application/xml", (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{url}/news/changsha-machinery.html</loc><lastmod>2025-03-06</lastmod></url>"
        f"<url><loc>{url}/news/hefei-quantum.html</loc><lastmod>2025-03-02</lastmod></url>"
        "</urlset>").encode())
    _Site.routes, _Site.agents, _Site.paths = routes, [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


def _watcher(db: str, feeds: list[str], dirs: list[str] = (), logs: list[str] | None = None) -> Watcher:
    fetcher = Fetcher(max_bytes=200_000, timeout=0.5, delay=0, retries=1, backoff=0)
    return Watcher(db, feeds=feeds, dirs=list(dirs), max_bytes=200_000, fetcher=fetcher,
                   log=(logs.append if logs is not None else lambda line: None))


def _documents(db: str) -> list[tuple[str, str]]:
    con = duckdb.connect(db, read_only=True)
    try:
        return sorted(con.execute("SELECT coalesce(url, source), title FROM documents").fetchall())
    finally:
        con.close()


def test_watch_once_ingests_every_new_article_once(site, tmp_path):
    db = str(tmp_path / "watch.duckdb")
    logs: list[str] = []
    watcher = _watcher(db, [f"{site}/rss.xml", f"{site}/atom.xml", f"{site}/sitemap.xml"], logs=logs)
    report = watcher.poll()
    stored = _documents(db)
    good = [p for p in ARTICLES if not p.startswith("/private/")]
    assert sorted(url for url, _ in stored) == sorted(f"{site}{p}" for p in good)
    assert report.stored == len(good)
    assert _Site.paths.count("/news/hefei-quantum.html") == 1  # two feeds list it: fetched once
    assert _Site.paths.count("/robots.txt") == 1
    again = watcher.poll()
    assert (again.fetched, again.stored) == (0, 0) and _documents(db) == stored
    watcher.close()
    assert all(agent.startswith("nqpf/") for agent in _Site.agents)


def test_every_bad_input_is_one_log_line_and_nothing_stored(site, tmp_path):
    db = str(tmp_path / "bad.duckdb")
    logs: list[str] = []
    watcher = _watcher(db, [f"{site}/rss.xml", f"{site}/notxml.xml", f"{site}/data.json"], logs=logs)
    report = watcher.poll()
    watcher.close()
    expected = {
        "/slow.html": "timed out", "/loop.html": "redirect", "/big.html": "over --max-bytes",
        "/data.json": "not an HTML page", "ftp://example.org/x.html": "not an http or https URL",
        "/private/secret.html": "robots.txt disallows it", "/gone.html": "HTTP 404",
        "/notxml.xml": "not an RSS or Atom feed or a sitemap",
    }
    for where, reason in expected.items():
        lines = [line for line in logs if where in line.split(": ")[1] and reason in line]
        assert len(lines) >= 1, (where, reason, logs)
    assert all(line.count("\n") == 0 and line.startswith("nqpf watch: ") for line in logs)
    urls = {url for url, _ in _documents(db)}
    assert urls == {f"{site}{p}" for p in list(ARTICLES)[:3]}  # the good items of the same feed went on
    assert report.failed == len(logs)


def test_watch_cli_once_twice_and_a_folder(site, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("date 2025-03-01\nJiangsu plans\n\nJiangsu will develop humanoid robots.\n",
                                 encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")
    args = ["watch", "--once", "--feed", f"{site}/atom.xml", "--dir", str(inbox), "--db", db, "--delay", "0"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "2 new documents stored" in result.stdout
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "0 new documents stored" in result.stdout and "read 0 files" in result.stdout
    (inbox / "b.txt").write_text("date 2025-03-02\nZhejiang\n\nZhejiang will support 6G research.\n",
                                 encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert "1 new documents stored" in result.stdout and "read 1 files" in result.stdout
    assert len(_documents(db)) == 3


def test_watch_needs_a_source_and_a_real_interval(tmp_path):
    result = CliRunner().invoke(main, ["watch", "--once", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1 and "give at least one --feed URL or --dir PATH" in result.stderr
    result = CliRunner().invoke(main, ["watch", "--dir", str(tmp_path), "--every", "soon"])
    assert result.exit_code == 1 and "--every 'soon'" in result.stderr
    assert parse_interval("15m") == 900 and parse_interval("2h") == 7200 and parse_interval("90") == 90


def test_requests_to_one_host_are_spaced_and_failures_retried_with_backoff():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = Fetcher(max_bytes=1000, delay=2.0, retries=2, backoff=0.5, sleep=sleep, clock=lambda: now[0])
    fetcher._pace("a.example")
    fetcher._pace("b.example")  # another host: no wait
    fetcher._pace("a.example")
    assert slept == [2.0]
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetcher.get("file:///etc/passwd")
    fetcher._robots["http://127.0.0.1:9"] = None  # nothing listens there: every try fails to connect
    slept.clear()
    with pytest.raises(FetchError, match=r"could not connect .* \(after 3 tries\)"):
        fetcher.get("http://127.0.0.1:9/x.html")
    # backoff 0.5 s, then the host's pacing tops the wait up to 2 s; backoff 1 s, topped up to 2 s
    assert slept == [0.5, 1.5, 1.0, 1.0]
    fetcher.close()


def test_a_changed_feed_date_fetches_the_article_again(site, tmp_path):
    db = str(tmp_path / "changed.duckdb")
    watcher = _watcher(db, [f"{site}/atom.xml"])
    assert watcher.poll().fetched == 1
    title, date, body = ARTICLES["/news/chengdu-displays.html"]
    _Site.routes["/news/chengdu-displays.html"] = (200, "text/html", _page(title, date, body + " Revised."))
    feed = _Site.routes["/atom.xml"]
    _Site.routes["/atom.xml"] = (feed[0], feed[1], feed[2].replace(b"2025-03-05T08:00:00Z", b"2025-03-06T09:00:00Z"))
    report = watcher.poll()
    watcher.close()
    assert report.fetched == 1 and report.stored == 1
    con = duckdb.connect(db, read_only=True)
    try:  # the changed article is a new version: the old one is superseded, its facts gone
        versions = con.execute("SELECT superseded_by IS NULL FROM documents WHERE url = ? ORDER BY ingested_at",
                               [f"{site}/news/chengdu-displays.html"]).fetchall()
        stale = con.execute("""SELECT count(*) FROM priorities p JOIN documents d ON d.id = p.doc_id
                               WHERE d.superseded_by IS NOT NULL""").fetchone()[0]
    finally:
        con.close()
    assert versions == [(False,), (True,)] and stale == 0


def test_a_locked_database_is_one_line_and_the_next_poll_stores_it(site, tmp_path):
    db = str(tmp_path / "locked.duckdb")
    logs: list[str] = []
    watcher = _watcher(db, [f"{site}/atom.xml"], logs=logs)
    from nqpf.store import open_database

    open_database(db, write=True).close()  # an nqpf database...
    holder = duckdb.connect(db)  # ...that this process holds open for writing, as `nqpf serve` or an ingest would
    try:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(1) as pool:  # a separate process, so DuckDB's file lock applies
            report = pool.apply(_poll_once, (db, f"{site}/atom.xml"))
    finally:
        holder.close()
    assert report[0] == 0 and any("in use" in line or "lock" in line for line in report[1]), report
    assert watcher.poll().stored == 1  # nothing was marked seen: this poll fetches and stores it
    watcher.close()


def _poll_once(db: str, feed: str) -> tuple[int, list[str]]:
    logs: list[str] = []
    watcher = _watcher(db, [feed], logs=logs)
    report = watcher.poll()
    watcher.close()
    return report.stored, logs
