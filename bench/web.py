"""API latency and page rendering on a large generated database (100,000 figures).

Usage: python bench/web.py [--requests 200]
Targets (issue 4): API p95 <= 50 ms for a region profile and a filtered facts page; a region page
fully rendered in headless Chromium in <= 1 s.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from queries import build  # noqa: E402  (the same generated database as the query benchmark)

from nqpf.api import create_app  # noqa: E402


def serve(db: str) -> tuple[str, uvicorn.Server]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "web.duckdb")
        build(db, 100_000, 50_000)
        base, server = serve(db)
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, url in (("region profile", "/api/regions/110000"),
                              ("filtered facts page", "/api/facts?region=110000&year=2020&unit=CNY&limit=50")):
                client.get(url).raise_for_status()
                times = []
                for _ in range(args.requests):
                    start = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append((time.perf_counter() - start) * 1000)
                print(f"api {name:<20} p50 {np.percentile(times, 50):6.1f} ms  p95 {np.percentile(times, 95):6.1f} ms")
        chromium = shutil.which("chromium")
        if chromium:
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
        else:
            print("page render: chromium not installed, skipped")
        server.should_exit = True
    return 0


if __name__ == "__main__":
    sys.exit(main())
