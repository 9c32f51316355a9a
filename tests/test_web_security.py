"""Pages over hostile documents, read as a browser's HTML parser reads them: nothing from a document
becomes markup, a script or a handler, the chart data stays JSON, and only http(s) URLs are links.
(tests/test_web_browser.py runs the same pages in Chromium and checks that no script runs.)"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from hostile_docs import CHART_INDICATOR, ORGANIZATION, PAGES, SPEAKER, build

from nqpf.api import create_app

OUR_SCRIPTS = {"/static/app.js", "/assets/plotly.min.js"}
NEVER_ON_A_PAGE = {"svg", "img", "b", "iframe", "object", "embed", "math", "base"}


class Page(HTMLParser):
    """Elements, attributes, script bodies and visible text, as the HTML5 tokenizer splits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self.scripts.append((self._script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    return build(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def client(hostile_db):
    app = create_app(hostile_db)
    yield TestClient(app)
    app.state.db.close()


def parse(client: TestClient, url: str) -> tuple[Page, dict[str, str]]:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.status_code in (200, 404), (url, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    page = Page()
    page.feed(response.text)
    page.close()
    return page, dict(response.headers)


def _is_site_or_http(url: str) -> bool:
    if url.startswith("#") or (url.startswith("/") and not url.startswith("//")):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def test_web_security_hostile_documents_are_stored(hostile_db):
    import duckdb

    con = duckdb.connect(hostile_db, read_only=True)
    try:
        indicators = {r[0] for r in con.execute("SELECT indicator FROM figures").fetchall()}
    finally:
        con.close()
    assert CHART_INDICATOR in indicators  # the attack reaches the database, so the pages below see it


@pytest.mark.parametrize("url", PAGES)
def test_web_security_no_document_value_becomes_markup(client, url):
    page, _ = parse(client, url)
    injected = [(tag, attrs) for tag, attrs in page.tags if tag in NEVER_ON_A_PAGE]
    assert not injected, f"{url}: elements from a document: {injected}"
    handlers = [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    assert not handlers, f"{url}: event handler attributes: {handlers}"
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":
            json.loads(body)  # still JSON: nothing closed the block early
        else:
            assert attrs.get("src") in OUR_SCRIPTS and not body.strip(), f"{url}: a script not ours: {attrs} {body!r}"
    for tag, attrs in page.tags:
        for name in ("href", "src", "action", "formaction"):
            if attrs.get(name) is not None:
                assert _is_site_or_http(attrs[name]), f"{url}: <{tag} {name}={attrs[name]!r}>"


def test_web_security_region_chart_data_round_trips_the_indicator(client):
    page, _ = parse(client, "/region/Anhui")
    data = {attrs.get("id"): json.loads(body) for attrs, body in page.scripts
            if attrs.get("type") == "application/json"}
    # the hostile figures are one metric's line (output value, yuan), titled by the metric's name; the
    # points keep the text's words
    line = {chart["title"]: chart for chart in data["chart-data"]}["Output value · actual (CNY)"]
    assert line["x"] == [2022, 2023] and CHART_INDICATOR in line["text"]
    text = "".join(page.text)
    assert ORGANIZATION in text and SPEAKER in text and "<img src=x onerror=alert`role`>" in text  # shown, escaped


def test_web_security_document_facts_attribute_is_json(client):
    doc_id = client.get("/api/documents?q=chart").json()["items"][0]["id"]
    page, _ = parse(client, f"/document/{doc_id}")
    marks = [json.loads(attrs["data-facts"]) for tag, attrs in page.tags if tag == "mark" and "data-facts" in attrs]
    indicators = {f.get("indicator") for facts in marks for f in facts}
    assert CHART_INDICATOR in indicators and "' autofocus onfocus='alert`attr` output" in indicators
    assert "Anhui <img src=x onerror=alert`title`> plan</title><script>window.__pwned=1</script>" in "".join(page.text)


@pytest.mark.parametrize(
    ("query", "link"),
    [
        ("chart", None),  # javascript:alert(document.domain)
        ("quote", None),  # " JaVaScRiPt:alert(1)": a browser strips the space and runs it
        ("humanoid robots <script>", None),  # data:text/html,...
        ("onmouseover=alert`b`", 'https://example.com/"onmouseover="alert`url`'),
    ],
)
def test_web_security_only_http_urls_become_links(client, query, link):
    doc = client.get("/api/documents", params={"q": query}).json()["items"][0]
    page, _ = parse(client, f"/document/{doc['id']}")
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and "source-url" in (attrs.get("class") or "")]
    assert links == ([link] if link else [])


@pytest.mark.parametrize("url", ["/", "/region/Anhui", "/search?q=alert", "/region/%3Csvg%3E"])
def test_web_security_pages_allow_only_their_own_scripts(client, url):
    _, headers = parse(client, url)
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["object-src"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("url", "shown"), [
    ("/targets", "Anhui aims for GDP growth <img src=x onerror=alert`target`> of around 5.5 percent in 2024."),
    ("/targets", "Anhui's GDP <img src=x onerror=alert`outcome`> grew 5.8 percent in 2024."),
    ("/region/Anhui", "Anhui's </script><svg onload=alert`chart`> output reached 130 billion yuan in 2023."),
    ("/region/Anhui", "evil-<svg onload=alert`conflict`>"),
])
def test_web_security_conflicts_and_targets_show_a_document_s_words_as_text(client, url, shown):
    page, _ = parse(client, url)
    assert shown in "".join(page.text)
