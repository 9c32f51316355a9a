"""API latency and page rendering on a large generated database (100,000 figures).

Usage: python bench/web.py [--requests 200] [--clients 16] [--load-requests 2000] [--db PATH] [--no-cache]
       [--ingest-docs 300] [--only-ingest]
Targets: API p95 <= 50 ms for a region profile and a filtered facts page, one request at a time
(issue 4); p95 <= 100 ms with 16 concurrent clients sending a mix of region, industry, facts and
search requests (issue 9); a region page fully rendered in headless Chromium in <= 1 s; API p95
<= 50 ms for one client's requests while `nqpf ingest` stores documents through the server (issue 13).

The server runs as `nqpf serve` in its own process, as a user runs it, so the load generator
(stdlib http.client in one thread per client: little overhead of its own) does not share its GIL.
The load test runs with the server's response cache (as served: a first run from an empty cache,
then the same URLs again in another order) and without it (NQPF_CACHE_MB=0: every request runs its
queries). The warm-up before them uses other URLs than theirs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queries import build  # noqa: E402  (the same generated database as the query benchmark)

from nqpf.store import open_database  # noqa: E402


def serve(db: str, cache: bool = True) -> tuple[str, subprocess.Popen]:
    """`nqpf serve` on a free port, in its own process; returns its base URL once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, **({} if cache else {"NQPF_CACHE_MB": "0"})}
    proc = subprocess.Popen([sys.executable, "-c", "from nqpf.cli import main; main()", "serve", "--db", db,
                             "--port", str(port)], stderr=subprocess.DEVNULL, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            status, _ = get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/api/regions?limit=1")
            if status == 200:
                return f"http://127.0.0.1:{port}", proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def get(con: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    status, _, body = fetch(con, path)
    return status, body


def fetch(con: http.client.HTTPConnection, path: str) -> tuple[int, bool, bytes]:
    """(status, whether the server's cache answered, body)."""
    con.request("GET", path)
    response = con.getresponse()
    return response.status, response.getheader("x-nqpf-cache") == "hit", response.read()


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def request_mix(db: str, n: int, seed: int = 9, limit: int = 50) -> list[tuple[str, str]]:
    """``n`` (kind, path) pairs: region profiles, industry views, filtered facts and searches over the
    regions, industries and years the database holds, a quarter each, shuffled; pages of ``limit``."""
    con = open_database(db)
    try:
        regions = [r[0] for r in con.execute("SELECT f.region FROM figures f JOIN regions r ON r.code = f.region "
                                             "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 40").fetchall()]
        industries = [r[0] for r in con.execute("SELECT DISTINCT industry FROM priorities ORDER BY 1").fetchall()]
        years = [r[0] for r in con.execute("SELECT DISTINCT year FROM figures WHERE year IS NOT NULL").fetchall()]
        words = [r[0] for r in con.execute("SELECT DISTINCT indicator FROM figures ORDER BY 1 LIMIT 50").fetchall()]
    finally:
        con.close()
    rng = random.Random(seed)
    kinds = {
        "region": lambda: f"/api/regions/{rng.choice(regions)}?limit={limit}",
        "industry": lambda: f"/api/industries/{rng.choice(industries)}?limit={limit}",
        "facts": lambda: f"/api/facts?region={rng.choice(regions)}&year={rng.choice(years)}&limit={limit}",
        "search": lambda: f"/api/search?q={quote(rng.choice(words))}&limit={limit // 2}",
    }
    mix = [(kind, make()) for kind, make in kinds.items() for _ in range(n // len(kinds))]
    rng.shuffle(mix)
    return mix


def load(base: str, mix: list[tuple[str, str]], clients: int) -> tuple[dict[str, list[float]], float, int]:
    """Send ``mix`` from ``clients`` threads, each on its own keep-alive connection; returns the
    latencies (ms) by kind (and "all"), the wall time (s) and how many the server's cache answered."""
    host, port = base.removeprefix("http://").split(":")
    queue = list(reversed(mix))
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {"all": []}
    errors: list[str] = []
    hits = [0]

    def client() -> None:
        con = http.client.HTTPConnection(host, int(port), timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                kind, path = queue.pop()
            start = time.perf_counter()
            status, hit, _ = fetch(con, path)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.setdefault(kind, []).append(elapsed)
                latencies["all"].append(elapsed)
                hits[0] += hit
                if status != 200:
                    errors.append(f"{status} {path}")
        con.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    return latencies, wall, hits[0]


def load_test(db: str, mixes: dict[str, list[tuple[str, str]]], warm: list[tuple[str, str]], clients: int,
              cache: bool) -> None:
    """Load runs against one fresh server, one per mix in order, after warming it up on ``warm``."""
    base, server = serve(db, cache=cache)
    try:
        load(base, warm, clients)  # threads, connections, DuckDB's buffers; other URLs than the runs'
        for label, mix in mixes.items():
            cpu = cpu_seconds(server.pid)
            latencies, wall, hits = load(base, mix, clients)
            cpu = cpu_seconds(server.pid) - cpu
            label = f"{label}, {'cache' if cache else 'no cache'}"
            for kind in ("region", "industry", "facts", "search"):
                print(f"load {label:<16} {kind:<9} {percentiles(latencies[kind])}")
            print(f"load {label}: {len(mix)} requests from {clients} clients, {percentiles(latencies['all'])}, "
                  f"{len(mix) / wall:.0f} requests/s, server CPU {cpu * 1000 / len(mix):.1f} ms a request, "
                  f"{hits} answered from the cache, on {os.cpu_count()} cores")
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentiles(times: list[float]) -> str:
    p50, p95, p99 = np.percentile(times, [50, 95, 99])
    return f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms"


def sequential(base: str, requests: int) -> None:
    host, port = base.removeprefix("http://").split(":")
    con = http.client.HTTPConnection(host, int(port), timeout=60)
    for name, url in (("region profile", "/api/regions/110000"),
                      # a filter that matches (in the generated data no figure of this region is in CNY
                      # in 2020): a page of 50 of its 239 figures
                      ("filtered facts page", "/api/facts?region=110000&year=2020&unit=%25&limit=50")):
        get(con, url)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            status, _ = get(con, url)
            times.append((time.perf_counter() - start) * 1000)
            assert status == 200, url
        print(f"api {name:<20} {percentiles(times)}")
    con.close()


def render(base: str) -> None:
    chromium = shutil.which("chromium")
    if not chromium:
        print("page render: chromium not installed, skipped")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox",
                                    "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        page = browser.new_page()
        page.goto(base + "/region/110000", wait_until="load")  # warm: plotly.js cached
        times = []
        for _ in range(5):
            start = time.perf_counter()
            page.goto(base + "/region/110000", wait_until="load")
            page.wait_for_function("document.querySelectorAll('#charts .plot-container').length === "
                                   "Object.keys(JSON.parse(document.getElementById('chart-data')"
                                   ".textContent)).length")
            times.append(time.perf_counter() - start)
        browser.close()
    print(f"page /region/110000 rendered in headless Chromium: median {np.median(times):.2f} s")


def during_ingest(db: str, seeds: str, docs: int, cache: bool, rate: float = 20) -> None:
    """One client's requests (the API's region profile and filtered facts page, as ``sequential`` asks
    for them, and a region page, in turn, ``rate`` a second) while `nqpf ingest` stores ``docs`` new
    documents through the server, 50 to a transaction: the latencies of the API and of the page, and
    how long the ingest took."""
    from seed_corpus import repeated

    from nqpf.scale.corroboration import update_duplicates

    con = open_database(db, write=True)
    try:
        update_duplicates(con)  # the generated documents clustered, as after any ingest: the steady state
    finally:
        con.close()
    corpus = Path(db).with_name(f"ingest-{int(cache)}.jsonl")
    with corpus.open("w", encoding="utf-8") as f:
        for doc_id, text in repeated(seeds, docs):
            f.write(json.dumps({"id": f"{doc_id}-{int(cache)}", "text": f"{text} Run {int(cache)}."}) + "\n")
    base, server = serve(db, cache=cache)
    host, port = base.removeprefix("http://").split(":")
    con = http.client.HTTPConnection(host, int(port), timeout=60)
    urls = ["/api/regions/110000", "/api/facts?region=110000&year=2020&unit=%25&limit=50", "/region/110000"]
    times: dict[str, list[float]] = {"api": [], "page": []}
    failed = sent = 0
    try:
        for url in urls:
            get(con, url)
        started = time.perf_counter()
        ingest = subprocess.Popen([sys.executable, "-c", "from nqpf.cli import main; main()", "ingest", str(corpus),
                                   "--db", db, "--batch-size", "50"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while ingest.poll() is None:
            begin = time.perf_counter()
            url = urls[sent % len(urls)]
            status, _ = get(con, url)
            sent += 1
            times["page" if url.startswith("/region/") else "api"].append((time.perf_counter() - begin) * 1000)
            failed += status != 200
            time.sleep(max(0.0, 1 / rate - (time.perf_counter() - begin)))
        took = time.perf_counter() - started
        error = ingest.stderr.read().decode().strip()
    finally:
        con.close()
        server.terminate()
        server.wait(timeout=30)
    label = "cache" if cache else "no cache"
    print(f"api during an ingest ({label}): {len(times['api'])} requests, {percentiles(times['api'])}; "
          f"page /region/110000: {len(times['page'])}, {percentiles(times['page'])}; {failed} failed; "
          f"the ingest of {docs} documents took {took:.1f} s, exit {ingest.returncode}{': ' + error if error else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per endpoint")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients of the load test")
    parser.add_argument("--load-requests", type=int, default=2000, help="requests of the load test in all")
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--priorities", type=int, default=50_000)
    parser.add_argument("--db", help="an existing database to use instead of the generated one")
    parser.add_argument("--no-browser", action="store_true", help="skip the page rendering benchmark")
    parser.add_argument("--no-cache", action="store_true", help="run the load test without the response cache only")
    parser.add_argument("--seeds", default=str(Path(__file__).resolve().parents[2] / "shared" / "seeds"),
                        help="the articles the ingest during requests stores (repeated)")
    parser.add_argument("--ingest-docs", type=int, default=300, help="documents of the ingest during requests")
    parser.add_argument("--only-ingest", action="store_true", help="run only the requests during an ingest")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "web.duckdb")
        if not args.db:
            build(db, args.figures, args.priorities)
        if args.ingest_docs and not args.db:  # it writes: never into a database of the user's
            for cache in (True, False):
                during_ingest(db, args.seeds, args.ingest_docs, cache)
        if args.only_ingest:
            return 0
        if not args.db:
            base, server = serve(db, cache=False)  # one request at a time: the queries, not the cache
            try:
                sequential(base, args.requests)
                if not args.no_browser:
                    render(base)
            finally:
                server.terminate()
                server.wait(timeout=30)
        # the first run meets an empty cache; the second asks for the same URLs in another order, as a
        # dashboard's visitors do once it has been up for a while
        first, again = request_mix(db, args.load_requests), request_mix(db, args.load_requests, seed=10)
        warm = request_mix(db, max(args.load_requests // 10, 4), seed=1, limit=48)  # other URLs, same queries
        if not args.no_cache:
            load_test(db, {"first": first, "again": again}, warm, args.clients, cache=True)
        load_test(db, {"first": first}, warm, args.clients, cache=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
