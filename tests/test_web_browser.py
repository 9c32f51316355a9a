"""The dashboard in real headless Chromium (Debian's package, driven by Playwright): open the map,
click a province, click a figure, land on the document with that sentence highlighted; and every
page over hostile documents runs no script of theirs."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_docs import PAGES, build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def _browser_or_skip():
    if not Path(CHROMIUM).exists():
        message = "Chromium is not installed (apt-get install chromium; `make test` does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message + ": browser tests must run on CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    return sync_playwright


@contextlib.contextmanager
def _serve(db: str) -> Iterator[str]:
    import uvicorn

    from nqpf.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(web_db):
    with _serve(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    with _serve(build(tmp_path_factory.mktemp("hostile"))) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def test_web_click_province_then_figure_lands_on_highlighted_sentence(page, server, tmp_path):
    page.goto(server + "/")
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    page.click("a.tile[data-code='340000']")
    page.wait_for_url("**/region/340000")
    assert page.locator("h1").inner_text().startswith("Anhui")
    figure = page.locator("#figures a.figure", has_text="868,000")
    href = figure.get_attribute("href")
    figure.click()
    page.wait_for_url("**/document/**")
    anchor = href.split("#")[1]
    mark = page.locator(f"mark#{anchor}")
    assert "868,000 units" in mark.inner_text()
    assert "active" in mark.get_attribute("class")  # highlighted and its facts shown
    assert "868000" in page.locator("#fact-panel").inner_text()
    page.screenshot(path=str(tmp_path / "document.png"), full_page=False)
    assert (tmp_path / "document.png").stat().st_size > 10_000


def test_api_docs_render_the_operations_offline(page, server):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    text = page.locator("body").inner_text()
    assert "Unable to render" not in text
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/regions" in paths and "/api/series/{metric}" in paths and len(paths) > 10
    assert errors == []
    assert all(url.startswith(server) for url in requested)  # nothing from a CDN


def test_web_works_at_phone_width(page, server, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/region/Guangdong")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # nothing forces sideways scrolling of the page itself
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


# Fire the handlers an injected attribute could hang on (hover, focus) on every element.
PROVOKE = """() => { for (const el of document.querySelectorAll("body *")) {
  for (const type of ["mouseover", "mouseenter", "focus", "focusin"]) {
    el.dispatchEvent(new Event(type, { bubbles: true }));
  }
} }"""


@pytest.mark.parametrize("url", PAGES)
def test_web_hostile_documents_run_no_script(page, hostile_server, url):
    dialogs: list[str] = []
    refused: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    try:
        page.goto(hostile_server + url, wait_until="load")
        page.evaluate(PROVOKE)
        for mark in page.locator("mark.fact").all():
            mark.click()  # the fact panel shows every field of the facts in that sentence
        page.wait_for_timeout(100)
        pwned = page.evaluate("window.__pwned")
        assert dialogs == [] and pwned is None, f"{url}: a document's script ran: {dialogs} {pwned}"
        if page.locator("#chart-data").count():  # the charts are drawn: plotly.js works under the page's policy
            page.wait_for_function("document.querySelectorAll('#charts .plot-container').length === "
                                   "Object.keys(JSON.parse(document.getElementById('chart-data').textContent)).length")
        if page.locator("#series-data").count():  # and the industry page's
            page.wait_for_function("document.querySelectorAll('#series-charts .plot-container').length === "
                                   "JSON.parse(document.getElementById('series-data').textContent).length")
        assert refused == [], f"{url}: markup from a document reached the page (blocked by its policy): {refused}"
        protocols = page.evaluate("[...document.querySelectorAll('a[href]')].map((a) => a.protocol)")
        assert set(protocols) <= {"http:", "https:"}, f"{url}: links that are not http(s): {protocols}"
    finally:
        page.remove_listener("dialog", on_dialog)
        page.remove_listener("console", on_console)
