"""Dashboard v2 in real headless Chromium, over short documents written here and an index run stored
by hand: names instead of IDs, the region page's summary, the map's title, year and legend, the matrix
of every industry, the compare, ranking and facts pages, downloads, whole years on chart axes, and
every page at phone width. Every value asserted is one written below."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_web_browser import ARGS, CHROMIUM, _browser_or_skip, _serve

from nqpf.cli import main

# (id, published, text). Guangdong prioritises new energy vehicles in 2023 and 2024 and states its R&D
# intensity for both years (3.4, then 3.6 percent); Shenzhen, its city, has its own priority and GDP
# growth; Sichuan prioritises one industry only (commercial spaceflight), the last in the matrix.
DOCUMENTS = [
    ("gd-2023", "2023-03-01", "Guangdong will develop new energy vehicles. "
                              "Guangdong's R&D intensity reached 3.4 percent in 2023."),
    ("gd-2024", "2024-03-01", "Guangdong will support new energy vehicles in 2024. "
                              "Guangdong's R&D intensity reached 3.6 percent in 2024."),
    ("sz-2024", "2024-04-01", "Shenzhen will develop the low-altitude economy. "
                              "Shenzhen's GDP grew 5.8 percent in 2024."),
    ("js-2024", "2024-03-02", "Jiangsu will develop integrated circuits. "
                              "Jiangsu's R&D intensity reached 3.2 percent in 2024."),
    ("sc-2024", "2024-03-03", "Sichuan will support commercial spaceflight."),
    ("ah-2024", "2024-03-04", "Anhui will develop new energy vehicles."),
]
# an index run stored as `nqpf index compute` stores one: (region, year, score, rank, innovation, industry)
SCORES = [("440000", 2024, 0.9, 1, 0.95, 0.85), ("320000", 2024, 0.7, 2, 0.6, 0.8), ("340000", 2024, 0.4, 3, 0.3, 0.5),
          ("320000", 2023, 0.8, 1, 0.7, 0.9), ("440000", 2023, 0.6, 2, 0.65, 0.55), ("340000", 2023, 0.3, 3, 0.2, 0.4)]


@pytest.fixture(scope="module")
def dash_db(tmp_path_factory) -> str:
    from nqpf.store import open_database
    from nqpf.store.index_results import store_run

    root = tmp_path_factory.mktemp("dashboard")
    source = root / "docs.jsonl"
    source.write_text("".join(json.dumps({"id": i, "published": p, "text": t}) + "\n" for i, p, t in DOCUMENTS),
                      encoding="utf-8")
    db = str(root / "dash.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(source), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    con = open_database(db, write=True)
    try:
        store_run(con, {"run_id": "hand-made", "framework": "test", "method": "by hand", "options": {},
                        "first_year": 2023, "last_year": 2024, "panel": "test"},
                  [{"region": r, "year": y, "score": s, "rank": k, "coverage": 1.0} for r, y, s, k, _, _ in SCORES],
                  [{"region": r, "year": y, "dimension": d, "score": v} for r, y, _, _, i, n in SCORES
                   for d, v in (("innovation", i), ("industry", n))],
                  [{"indicator": "x", "dimension": "innovation", "weight": 1.0}])
    finally:
        con.close()
    return db


@pytest.fixture(scope="module")
def dash_server(dash_db):
    with _serve(dash_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser(dash_server):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _tab(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


@pytest.fixture
def tab(browser):
    """A fresh page at desktop width; ``tab.errors`` collects what its console and scripts report as errors."""
    context, page = _tab(browser, 1280)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """The same at a phone's width, 390 px."""
    context, page = _tab(browser, 390)
    yield page
    context.close()


def rows_of(tab, selector: str) -> list[str]:
    """The visible text of each row of the table body at ``selector``, whitespace folded."""
    return [" ".join(t.split()) for t in tab.locator(f"{selector} tbody tr").all_inner_texts()]


PAGES = ["/", "/?measure=index", "/?measure=figures&year=2024", "/region/Guangdong", "/region/Shenzhen",
         "/industry/nev", "/compare?regions=Guangdong,Jiangsu,Shenzhen", "/compare", "/ranking", "/ranking?year=2023",
         "/facts", "/facts?type=priorities&industry=nev", "/targets", "/search?q=vehicles"]


@pytest.mark.parametrize("url", PAGES)
def test_web_dashboard_page_fits_a_phone_without_errors(phone, dash_server, url):
    response = phone.goto(dash_server + url)
    assert response.status == 200
    phone.wait_for_load_state("load")
    phone.wait_for_timeout(200)  # the charts are drawn after load
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url
    # what is wider than the phone (a table) scrolls inside its own box
    wide = phone.evaluate("[...document.querySelectorAll('main table')].filter((t) => !t.closest('.scroll'))"
                          ".filter((t) => t.scrollWidth > t.clientWidth + 1).length")
    assert wide == 0
    assert phone.errors == [], phone.errors


def test_web_dashboard_map_tiles_are_labelled_whole_at_phone_width(phone, dash_server):
    phone.goto(dash_server + "/")
    clipped = phone.evaluate("[...document.querySelectorAll('.tile span')].filter((s) => s.offsetParent)"
                             ".filter((s) => s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.closest('.tile')"
                             ".clientHeight).map((s) => s.textContent)")
    assert clipped == []
    shown = phone.locator("a.tile[data-code='230000'] .tname").inner_text()
    assert shown.replace("\u00ad", "").replace("-\n", "").replace("\n", "") in ("Heilongjiang", "Heilong-jiang")


def test_web_dashboard_map_says_its_measure_and_year_and_has_a_legend(tab, dash_server):
    tab.goto(dash_server + "/")
    assert tab.locator(".map-title").inner_text() == "Priorities stated, all years"
    assert tab.locator("a.tile[data-code='440000'] .tval").inner_text() == "2"  # its own two; Shenzhen's is a city's
    assert tab.locator(".map-legend .legend-high").inner_text() == "2"
    assert tab.locator(".map-legend .legend-low").inner_text() == "1"
    assert "no data" in tab.locator(".map-legend").inner_text()
    tab.select_option("select[name=year]", "2023")
    tab.wait_for_url("**year=2023**")
    assert tab.locator(".map-title").inner_text() == "Priorities stated, 2023"
    assert tab.locator("a.tile[data-code='440000'] .tval").inner_text() == "1"
    assert tab.locator("a.tile[data-code='320000'] .tval").inner_text() == "–"  # Jiangsu's is of 2024
    tab.goto(dash_server + "/?measure=index")
    assert tab.locator(".map-title").inner_text() == "Composite index score, 2024"  # the latest year scored
    assert tab.locator("a.tile[data-code='440000'] .tval").inner_text() == "0.9"
    assert tab.errors == []


def test_web_dashboard_matrix_has_every_industry_by_name_and_sorts(tab, dash_server):
    tab.goto(dash_server + "/")
    heads = [" ".join(h.split()) for h in tab.locator("#matrix table thead th").all_inner_texts()]
    assert heads[2:] == ["New energy vehicles", "Commercial spaceflight", "Integrated circuits",
                         "Low-altitude economy"]  # by how many regions share them, then by ID; never an ID
    sichuan = [r for r in rows_of(tab, "#matrix table") if r.startswith("Sichuan")]
    assert sichuan == ["Sichuan 四川 1 1"]  # its one industry is in the matrix
    tab.locator("#matrix thead th", has_text="Integrated circuits").click()
    assert rows_of(tab, "#matrix table")[0].startswith("Jiangsu")
    assert tab.errors == []


def test_web_dashboard_region_page_opens_with_its_summary(tab, dash_server):
    tab.goto(dash_server + "/region/Guangdong")
    assert tab.locator("h1").inner_text().startswith("Guangdong 广东省")
    industries = rows_of(tab, "#summary-industries table")
    # each industry once: new energy vehicles from 2023 to 2024 in two documents; Shenzhen's labelled
    assert industries[0] == "New energy vehicles 新能源汽车产业 emerging Guangdong 2023 2024 2 2"
    assert industries[1].startswith("Low-altitude economy 低空经济 emerging Shenzhen 深圳")
    assert "(Guangdong)" in industries[1]
    assert len(industries) == 2
    latest = rows_of(tab, "#summary-metrics table")
    rd = [r for r in latest if r.startswith("R&D intensity")]
    assert len(rd) == 1 and "3.6% 2024 ↑ from 3.4% in 2023" in rd[0], rd
    assert "Guangdong's R&D intensity reached 3.6 percent in 2024." in rd[0]  # the whole sentence
    marks = tab.locator("#summary-metrics mark.hit").all_inner_texts()
    assert "3.6" in marks and "2024" not in marks  # the number is highlighted, not the year
    assert any(r.startswith("GDP growth") and "Shenzhen" in r and "5.8%" in r for r in latest)
    # the details: a group per industry, its sentences whole, the industry highlighted
    tab.locator("#priorities details summary", has_text="New energy vehicles").click()
    sentences = rows_of(tab, "#priorities details table")
    assert sentences == ["2024 2 Guangdong will support new energy vehicles in 2024. gd-2024",
                         "2023 2 Guangdong will develop new energy vehicles. gd-2023"]
    assert set(tab.locator("#priorities mark.hit").all_inner_texts()) == {"new energy vehicles"}
    cities = rows_of(tab, "#cities table")
    assert cities[0].startswith("Shenzhen 深圳 (Guangdong) Low-altitude economy")
    assert "nev" not in tab.locator("main").inner_text().split()  # names, not IDs
    assert tab.errors == []


def test_web_dashboard_charts_have_whole_years(tab, dash_server):
    tab.goto(dash_server + "/region/Guangdong")
    tab.wait_for_function("document.querySelectorAll('#charts .plot-container').length === 1")
    chart = tab.evaluate("""(() => { const div = document.querySelector('#charts .js-plotly-plot');
        return { title: div.layout.title.text, lines: div.data.map((t) => [t.x, t.y]),
                 ticks: [...div.querySelectorAll('.xtick text')].map((t) => t.textContent) }; })()""")
    assert chart["title"] == "R&amp;D intensity · actual (%)"  # escaped for Plotly, by name
    assert chart["lines"] == [[[2023, 2024], [3.4, 3.6]]]  # one line
    assert chart["ticks"] == ["2023", "2024"]


def test_web_dashboard_compare_page_sets_regions_side_by_side(tab, dash_server):
    tab.goto(dash_server + "/compare")
    tab.fill("input[name=regions]", "Guangdong, 江苏, Anhui")
    tab.click("form.filters button")
    tab.wait_for_url("**/compare?regions=**")
    assert [" ".join(h.split()) for h in tab.locator("#portfolios table.portfolios thead th").all_inner_texts()] == [
        "industry", "stage", "Guangdong 广东", "Jiangsu 江苏", "Anhui 安徽"]
    rows = rows_of(tab, "#portfolios table.portfolios")
    assert "New energy vehicles 新能源汽车产业 emerging 2023 2024" in rows  # Guangdong's first year, Anhui's
    assert "Integrated circuits 集成电路 emerging 2024" in rows
    metrics = rows_of(tab, "#key-metrics table")
    assert metrics == ["R&D intensity 3.6% (2024) 3.2% (2024) –"]
    subscores = rows_of(tab, "#subscores table")
    assert subscores == ["Guangdong 广东 2024 0.9000 1 0.8500 0.9500", "Jiangsu 江苏 2024 0.7000 2 0.8000 0.6000",
                         "Anhui 安徽 2024 0.4000 3 0.5000 0.3000"]  # industry, innovation: in order of name
    tab.wait_for_function("document.querySelector('#subscore-chart .plot-container') !== null")
    assert tab.errors == []


@pytest.mark.parametrize(("query", "status", "message"), [
    ("regions=Guangdong", 422, "compare 2 to 4 different regions"),
    ("regions=Guangdong,Jiangsu,Anhui,Sichuan,Beijing", 422, "names 5"),
    ("regions=Guangdong,Atlantis", 404, "unknown region 'Atlantis'"),
])
def test_web_dashboard_compare_refuses_a_bad_list_with_the_error_page(tab, dash_server, query, status, message):
    response = tab.goto(dash_server + "/compare?" + query)
    assert response.status == status
    assert message in tab.locator("p.error").inner_text()


def test_web_dashboard_ranking_page_shows_the_stored_ranks(tab, dash_server):
    tab.goto(dash_server + "/ranking")
    assert tab.locator("h1").inner_text() == "Index ranking, 2024"
    assert [r.split(" 广")[0].split(" 江")[0].split(" 安")[0] for r in rows_of(tab, "table.ranking")] == [
        "1 Guangdong", "2 Jiangsu", "3 Anhui"]
    assert rows_of(tab, "table.ranking")[0] == "1 Guangdong 广东 0.9000 not computed 100% 0.8500 0.9500"
    assert "run hand-made" in tab.locator("p.run").inner_text()
    tab.select_option("select[name=year]", "2023")
    tab.wait_for_url("**/ranking?year=2023")
    assert rows_of(tab, "table.ranking")[0].startswith("1 Jiangsu")
    tab.wait_for_function("document.querySelector('#ranking-chart .plot-container') !== null")
    bars = tab.evaluate("document.querySelector('#ranking-chart').data[0].x")
    assert bars == [0.8, 0.6, 0.3]
    assert tab.errors == []
    response = tab.goto(dash_server + "/ranking?year=2020")
    assert response.status == 404 and "covers 2023, 2024" in tab.locator("p.error").inner_text()


def test_web_dashboard_facts_browser_filters_as_the_cli(tab, dash_server):
    tab.goto(dash_server + "/facts")
    tab.fill("input[name=region]", "广东")
    tab.fill("input[name=metric]", "rd_intensity")
    tab.click("form.filters button")
    tab.wait_for_url("**/facts?**")
    assert tab.locator("h2.total").inner_text() == "2 figures"
    rows = rows_of(tab, "table.facts")
    assert [re.search(r"\d\.\d%", r).group() for r in rows] == ["3.6%", "3.4%"]  # the latest year first
    tab.goto(dash_server + "/facts?type=priorities&industry=new+energy+vehicles")
    assert tab.locator("h2.total").inner_text() == "3 priorities"
    assert sorted(r.split()[0] for r in rows_of(tab, "table.facts")) == ["Anhui", "Guangdong", "Guangdong"]
    assert tab.errors == []


@pytest.mark.parametrize(("query", "status", "message"), [
    ("type=rumours", 422, "type must be one of figures, priorities, quotes, organizations, not 'rumours'"),
    ("year=next", 422, "year must be a year from 1900 to 2100"),
    ("unit=furlongs", 422, "unit must be one of"),
    ("type=quotes&unit=CNY", 422, "unit filters figures, not quotes"),
    ("page=0", 422, "page must be a whole number"),
    ("region=Atlantis", 404, "unknown region 'Atlantis'"),
    ("metric=gdp_grwth", 404, "did you mean gdp_growth"),
    ("year=2024&year=2023", 422, "year: given 2 times; give it once"),
])
def test_web_dashboard_facts_refuses_a_bad_filter_with_the_error_page(tab, dash_server, query, status, message):
    response = tab.goto(dash_server + "/facts?" + query)
    assert response.status == status
    assert tab.locator("h1").inner_text() == str(status)
    assert message in tab.locator("p.error").inner_text()


def test_web_dashboard_table_downloads_as_csv(tab, dash_server):
    tab.goto(dash_server + "/compare?regions=Guangdong,Jiangsu")
    with tab.expect_download() as got:
        tab.locator("#key-metrics button.download", has_text="CSV").click()
    download = got.value
    assert download.suggested_filename == "compare-metrics.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines() == ['"metric","industry","Guangdong 广东","Jiangsu 江苏"',
                                 '"R&D intensity","","3.6% (2024)","3.2% (2024)"']
    assert tab.errors == []


@pytest.mark.parametrize(("format_", "starts"), [("PNG", b"\x89PNG"), ("SVG", b"<svg")])
def test_web_dashboard_chart_downloads_as_an_image(tab, dash_server, format_, starts):
    tab.goto(dash_server + "/region/Guangdong")
    tab.wait_for_function("document.querySelectorAll('#charts .chart-downloads').length === 1")
    with tab.expect_download() as got:
        tab.locator("#charts button.download", has_text=format_).click()
    download = got.value
    assert download.suggested_filename.endswith("." + format_.lower())
    assert Path(download.path()).read_bytes().startswith(starts)
    assert tab.errors == []


def test_web_dashboard_every_table_and_chart_has_its_downloads(tab, dash_server):
    for url in ("/", "/region/Guangdong", "/industry/nev", "/compare?regions=Guangdong,Jiangsu", "/ranking",
                "/facts", "/targets"):
        tab.goto(dash_server + url)
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(300)
        missing = tab.evaluate("""[...document.querySelectorAll('main table')].filter((t) =>
            !(t.closest('.scroll') || t).previousElementSibling?.querySelector('button.download')).length""")
        charts = tab.evaluate("""[...document.querySelectorAll('.js-plotly-plot')].filter((d) =>
            d.querySelectorAll(':scope > .chart-downloads button').length !== 2).length""")
        assert (url, missing, charts) == (url, 0, 0)
    assert tab.errors == []
