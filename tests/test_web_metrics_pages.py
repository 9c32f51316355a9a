"""Comparable figures on the pages, in real headless Chromium: the industry page's charts (a line per
region, the diffusion of the industry), the conflicts on the region and industry pages, and the
targets page; over short documents written here, so every value asserted is one written below."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from test_web_browser import ARGS, CHROMIUM, _browser_or_skip, _serve

from nqpf.cli import main
from nqpf.store import open_database
from nqpf.store.series import conflicts

# (id, published, text); invented values. Guangdong's and Jiangsu's 2024 R&D intensity: two documents
# each, disagreeing. Anhui's 2025 GDP growth target is met, Beijing's missed. New energy vehicles:
# Anhui prioritises them in 2022, Guangdong in 2023, Jiangsu in 2024, Zhejiang in an undated document;
# Anhui's 2023 output is stated as 1.7 million twice and as 1.9 million once; a 2025 target of 2 million.
DOCUMENTS = [
    ("gd-stats", "2025-03-01", "Guangdong's R&D intensity reached 3.6 percent in 2024, the province said."),
    ("gd-news", "2025-03-05", "Guangdong's R&D intensity reached 3.9 percent in 2024, a newspaper reported."),
    ("js-stats", "2025-03-02", "Jiangsu's R&D intensity reached 3.2 percent in 2024, the province said."),
    ("js-news", "2025-03-06", "Jiangsu's R&D intensity reached 3.4 percent in 2024, a newspaper reported."),
    ("ah-plan", "2025-01-20", "Anhui aims for GDP growth of around 5.5 percent in 2025, the governor said."),
    ("ah-out", "2026-01-20", "Anhui's GDP grew 5.6 percent in 2025, the provincial statistics bureau said."),
    ("bj-plan", "2025-01-21", "Beijing aims for GDP growth of around 5 percent in 2025, the mayor said."),
    ("bj-out", "2026-01-21", "Beijing's GDP grew 4.9 percent in 2025, official data showed."),
    ("ah-nev-2022", "2022-04-01", "Anhui will support new energy vehicles. "
                                  "Anhui produced 1.2 million new energy vehicles in 2022."),
    ("gd-nev-2023", "2023-04-01", "Guangdong will develop new energy vehicles. "
                                  "Guangdong produced 2.5 million new energy vehicles in 2023."),
    ("ah-nev-a", "2024-02-01", "Anhui produced 1.7 million new energy vehicles in 2023."),
    ("ah-nev-b", "2024-02-02", "In 2023, Anhui produced 1.7 million new energy vehicles, up sharply."),
    ("ah-nev-c", "2024-02-03", "Anhui produced 1.9 million new energy vehicles in 2023."),
    ("ah-nev-goal", "2023-01-10", "Anhui aims to produce 2 million new energy vehicles in 2025."),
    ("js-nev-2024", "2024-05-01", "Jiangsu will develop new energy vehicles."),
    ("zj-nev-undated", None, "Zhejiang will support new energy vehicles."),
]


@pytest.fixture(scope="module")
def metrics_db(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("metrics-pages")
    source = root / "docs.jsonl"
    source.write_text("".join(json.dumps({"id": i, **({"published": p} if p else {}), "text": t}) + "\n"
                              for i, p, t in DOCUMENTS), encoding="utf-8")
    db = str(root / "metrics.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def metrics_server(metrics_db):
    with _serve(metrics_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(metrics_server):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser):
    """A fresh page at desktop width, with ``tab.errors``: what its console and scripts reported as errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def rows_of(tab, selector: str) -> list[str]:
    """The visible text of each row of the table body at ``selector``, whitespace folded."""
    return [" ".join(t.split()) for t in tab.locator(f"{selector} tbody tr").all_inner_texts()]


def test_web_conflicts_narrow_by_region_and_industry(metrics_db):
    con = open_database(metrics_db)
    try:
        every = {(c["region_name"], c["metric"], c["year"]) for c in conflicts(con)}
        by_region = conflicts(con, region="440000")
        by_industry = conflicts(con, industry="nev", spans=True)
    finally:
        con.close()
    assert every == {("Guangdong", "rd_intensity", 2024), ("Jiangsu", "rd_intensity", 2024),
                     ("Anhui", "output", 2023)}
    assert [sorted(v["value"] for v in c["values"]) for c in by_region] == [[3.6, 3.9]]
    assert [(c["region_name"], c["year"]) for c in by_industry] == [("Anhui", 2023)]
    values = by_industry[0]["values"]
    assert [(v["value"], v["documents"]) for v in values] == [(1.7e6, ["ah-nev-a", "ah-nev-b"]), (1.9e6, ["ah-nev-c"])]
    assert [s["document"] for s in values[0]["sentences"]] == ["ah-nev-a", "ah-nev-b"]


def test_web_industry_page_charts_a_line_per_region_never_joining_a_target_to_actuals(tab, metrics_server):
    tab.goto(metrics_server + "/industry/nev")
    tab.wait_for_function("document.querySelectorAll('#series-charts .plot-container').length === 2")
    charts = tab.evaluate("""[...document.querySelectorAll('#series-charts > div')].map((div) => ({
        title: div.layout.title.text, lines: div.data.map((t) => [t.name, t.x, t.y]),
        ticks: [...div.querySelectorAll('.xtick text')].map((t) => t.textContent),
        fits: div.querySelector('.main-svg').getBoundingClientRect().width <= div.getBoundingClientRect().width + 1
        }))""")
    by_title = {c["title"]: c for c in charts}
    assert set(by_title) == {"Output · actual (count)", "Output · target (count)"}  # the metric by name
    actual = by_title["Output · actual (count)"]
    # 1.7 million is what two of Anhui's three 2023 documents state
    assert sorted(actual["lines"]) == [["Anhui", [2022, 2023], [1.2e6, 1.7e6]], ["Guangdong", [2023], [2.5e6]]]
    assert by_title["Output · target (count)"]["lines"] == [["Anhui", [2025], [2e6]]]
    assert all(c["fits"] for c in charts)  # each drawn at the width of its own box, not wider
    for chart in charts:  # whole years only: no 2022.5
        assert chart["ticks"] and all(re.fullmatch(r"\d{4}", t) for t in chart["ticks"]), chart["ticks"]
    assert {"2022", "2023"} <= set(actual["ticks"])
    # hovering Anhui's 2023 point says its value and how many documents state it
    div = tab.locator("#series-charts > div").nth([c["title"] for c in charts].index("Output · actual (count)"))
    anhui = [line[0] for line in actual["lines"]].index("Anhui")
    div.scroll_into_view_if_needed()
    box = div.locator(".scatterlayer .trace").nth(anhui).locator("path.point").nth(1).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(x - 20, y, steps=1)
    tab.mouse.move(x, y, steps=4)  # Plotly shows a hover label on mouse moves over its plot area
    hover = " ".join(div.locator(".hoverlayer .hovertext").text_content().split())
    assert "Anhui, 2023: 1.7 mn" in hover and "stated by 2 of 3 documents" in hover, hover
    assert tab.errors == []


def test_web_industry_page_shows_how_the_priority_spread(tab, metrics_server):
    tab.goto(metrics_server + "/industry/nev")
    tab.wait_for_function("document.querySelector('#diffusion-chart .plot-container') !== null")
    trace = tab.evaluate("(() => { const t = document.getElementById('diffusion-chart').data[0]; "
                         "return [t.x, t.y]; })()")
    assert trace == [[2022, 2023, 2024], [1, 2, 3]]  # Anhui, then Guangdong, then Jiangsu
    assert tab.locator("#diffusion .first-movers").inner_text() == "Anhui"
    assert tab.locator("#diffusion .undated").inner_text() == "1 undated document"  # Zhejiang's
    assert [r.split()[:2] for r in rows_of(tab, "table.diffusion")] == [
        ["Anhui", "ah-nev-2022"], ["Guangdong", "gd-nev-2023"], ["Jiangsu", "js-nev-2024"]]
    ticks = tab.locator("#diffusion-chart .ytick text").evaluate_all("(ts) => ts.map((t) => t.textContent)")
    assert ticks and all(re.fullmatch(r"\d+", t) for t in ticks), ticks  # regions are counted whole
    assert tab.errors == []


def test_web_industry_page_lists_its_conflicts_linked_to_their_sentences(tab, metrics_server):
    tab.goto(metrics_server + "/industry/nev")
    rows = rows_of(tab, "#conflicts table")
    assert len(rows) == 1, rows  # Anhui's 2023 output; the R&D intensities are no industry's
    assert rows[0].startswith("Anhui Output New energy vehicles 2023 actual")  # names, not IDs
    assert "1.7 mn count in ah-nev-a, ah-nev-b" in rows[0] and "1.9 mn count in ah-nev-c" in rows[0]
    tab.locator("#conflicts a.evidence", has_text="ah-nev-c").click()
    tab.wait_for_url("**/document/**")
    mark = tab.locator("mark.fact.active")
    assert "1.9 million new energy vehicles" in mark.inner_text()
    assert tab.errors == []


@pytest.mark.parametrize(("region", "values", "documents"), [
    ("Guangdong", ("3.6%", "3.9%"), ("gd-stats", "gd-news")),
    ("Jiangsu", ("3.2%", "3.4%"), ("js-stats", "js-news")),
])
def test_web_region_page_lists_only_its_own_conflicts(tab, metrics_server, region, values, documents):
    tab.goto(metrics_server + f"/region/{region}")
    rows = rows_of(tab, "#conflicts table")
    assert len(rows) == 1 and rows[0].startswith(f"{region} R&D intensity 2024 actual"), rows
    for value, document in zip(values, documents, strict=True):
        assert f"{value} in {document}" in rows[0]
    links = tab.locator("#conflicts a.evidence").evaluate_all("(as) => as.map((a) => a.getAttribute('href'))")
    assert len(links) == 2 and all(re.fullmatch(r"/document/\w+#ev-\d+", h) for h in links), links
    assert tab.errors == []


def test_web_targets_page_pairs_each_target_with_its_outcome(tab, metrics_server):
    tab.goto(metrics_server + "/")
    tab.locator("nav.site a", has_text="Targets").click()
    tab.wait_for_url("**/targets")
    rows = {r.split()[0]: r for r in rows_of(tab, "table.targets") if "GDP growth" in r.split(" 2025")[0]}
    assert set(rows) == {"Anhui", "Beijing"}
    assert "2025 target 5.5% 5.6% met +0.1 pp" in rows["Anhui"]
    assert "2025 target 5% 4.9% missed -0.1 pp" in rows["Beijing"]
    assert "Anhui aims for GDP growth of around 5.5 percent in 2025" in rows["Anhui"]
    assert "Anhui's GDP grew 5.6 percent in 2025" in rows["Anhui"]
    tab.locator("table.targets a.evidence", has_text="Beijing's GDP grew 4.9 percent").click()
    tab.wait_for_url("**/document/**")
    assert "4.9 percent" in tab.locator("mark.fact.active").inner_text()  # the outcome's own sentence
    assert tab.errors == []


def test_web_targets_page_filters(tab, metrics_server):
    tab.goto(metrics_server + "/targets")
    tab.fill("input[name=region]", "Beijing")
    tab.fill("input[name=year]", "2025")
    tab.click("form.filters button")
    tab.wait_for_url("**/targets?region=Beijing&year=2025&metric=")
    rows = rows_of(tab, "table.targets")
    assert len(rows) == 1 and rows[0].startswith("Beijing GDP growth"), rows
    tab.goto(metrics_server + "/targets?metric=output")
    rows = rows_of(tab, "table.targets")
    assert len(rows) == 1 and rows[0].startswith("Anhui Output New energy vehicles 2025 target 2 mn count"), rows
    assert tab.errors == []


@pytest.mark.parametrize(("query", "status", "message"), [
    ("year=abc", 422, "year must be a year from 1900 to 2100, such as 2025, not 'abc'"),
    ("year=20255", 422, "not '20255'"),
    ("region=Atlantis", 404, "unknown region 'Atlantis'"),
    ("metric=gdp_grwth", 404, "did you mean gdp_growth"),
    ("year=2025&year=2024", 422, "year: given 2 times; give it once"),
])
def test_web_targets_page_refuses_a_bad_filter_with_the_error_page(tab, metrics_server, query, status, message):
    response = tab.goto(metrics_server + "/targets?" + query)
    assert response.status == status
    assert tab.locator("h1").inner_text() == str(status)
    assert message in tab.locator("p.error").inner_text()


@pytest.mark.parametrize("url", ["/industry/nev", "/region/Guangdong", "/targets"])
def test_web_metrics_pages_fit_a_phone(tab, metrics_server, url):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(metrics_server + url)
    tab.wait_for_load_state("load")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    # a table wider than the phone scrolls inside its own box, the page does not
    boxes = tab.evaluate("[...document.querySelectorAll('.scroll')].map((b) => [b.scrollWidth, b.clientWidth])")
    assert boxes and all(client <= 390 for _, client in boxes), boxes
    if url == "/targets":
        assert any(inner > client for inner, client in boxes), boxes
    assert tab.errors == []
