"""Documents written to attack the pages: markup, event handlers and script-closing tags in text,
titles, ids, indicators, quotes, speakers' roles and organisation names, and ``javascript:``,
``data:`` and attribute-breaking URLs. Every payload calls ``alert`` or sets ``window.__pwned``,
so a browser test can tell whether any of it ran. Shared by the in-process and browser tests."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from click.testing import CliRunner

from nqpf.cli import main

REGION = "Anhui"
INDUSTRY = "humanoid_robots"
# an indicator that, unescaped in the chart data block, closes the <script> and injects an <svg>
CHART_INDICATOR = "</script><svg onload=alert`chart`> output"
ORGANIZATION = "<img src=x onerror=alert`org`> Technology Co."
SPEAKER = "<svg onload=alert`speaker`>"
DOCUMENTS = [
    {"id": "evil-<img src=x onerror=alert`id`>", "published": "2024-05-01",
     "title": "Anhui <img src=x onerror=alert`title`> plan</title><script>window.__pwned=1</script>",
     "url": "javascript:alert(document.domain)",
     "text": "Anhui's </script><svg onload=alert`chart`> output reached 100 billion yuan in 2022. "
             "Anhui's </script><svg onload=alert`chart`> output reached 120 billion yuan in 2023. "
             "Anhui's ' autofocus onfocus='alert`attr` output reached 5 billion yuan in 2022."},
    {"id": "evil-quote", "published": "2024-05-02", "title": "\" autofocus onfocus=\"alert`title2`",
     "url": " JaVaScRiPt:alert(1)",
     "text": "\"Anhui will grow </script><svg onload=alert`quote`> fast,\" said Wang Qingxian, governor of Anhui "
             "<img src=x onerror=alert`role`>. Anhui will support humanoid robots <img src=x "
             "onerror=window.__pwned=1>. Anhui's humanoid robot </script><svg onload=alert`industry`> output "
             "reached 100 billion yuan in 2022."},
    {"id": "evil-url", "published": "2024-05-03", "title": "x' onmouseover='alert`title3`",
     "url": "https://example.com/\"onmouseover=\"alert`url`",
     "text": "Anhui's robot <b onmouseover=alert`b`>output</b> reached 3 billion yuan in 2023."},
    {"id": "evil-data", "published": "2024-05-04", "title": "Data URL",
     "url": "data:text/html,<script>alert(1)</script>",
     "text": "Anhui will support humanoid robots <script>window.__pwned=1</script> in 2024."},
    # a value another document contradicts (the conflicts lists), and a target with its outcome (the
    # targets page): their sentences are shown on those pages. Published first, so that the searches
    # below still find the documents above first
    {"id": "evil-<svg onload=alert`conflict`>", "published": "2024-04-30", "title": "Contradiction",
     "url": "https://example.com/conflict",
     "text": "Anhui's </script><svg onload=alert`chart`> output reached 130 billion yuan in 2023. "
             "Anhui aims for GDP growth <img src=x onerror=alert`target`> of around 5.5 percent in 2024. "
             "Anhui's GDP <img src=x onerror=alert`outcome`> grew 5.8 percent in 2024."},
]
# what a reader must see written out on the pages (escaped, not dropped)
VISIBLE = {"chart indicator": CHART_INDICATOR, "organisation": ORGANIZATION, "speaker": SPEAKER}


def build(root: Path) -> str:
    """A database of the hostile documents (ingested as a user would) at ``root``; returns its path.

    The extractor keeps ``<`` out of organisation and speaker names today; rows are added for
    those directly, so the pages are tested against anything a future extractor might store.
    """
    import duckdb

    corpus = root / "hostile.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCUMENTS), encoding="utf-8")
    db = str(root / "hostile.duckdb")
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", db], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    con = duckdb.connect(db)
    try:
        doc_id, start, end = con.execute("SELECT doc_id, ev_start, ev_end FROM figures ORDER BY ev_start "
                                         "LIMIT 1").fetchone()
        con.execute("INSERT INTO organizations (doc_id, name, region, ev_start, ev_end, evidence) "
                    "VALUES (?, ?, '340000', ?, ?, 'x')", [doc_id, ORGANIZATION, start, end])
        con.execute("INSERT INTO quotes (doc_id, speaker, role, region, text, ev_start, ev_end, evidence, "
                    "corroboration) VALUES (?, ?, ?, '340000', ?, ?, ?, 'x', 1)",
                    [doc_id, SPEAKER, "mayor\" onmouseover=\"alert`r`", "'><script>alert`q`</script>", start, end])
    finally:
        con.close()
    return db


# every page that shows something from the hostile documents, and pages that reflect what was asked
PAGES = ["/", f"/region/{REGION}", f"/industry/{INDUSTRY}", "/industry/industrial_robots",
         *[f"/document/{quote(d['id'], safe='')}" for d in DOCUMENTS], "/search?q=onload", "/search?q=alert",
         "/search?q=%3Csvg%20onload%3Dalert%60q%60%3E", "/region/%3Csvg%20onload%3Dalert%60404%60%3E",
         "/targets", "/targets?region=%3Csvg%20onload%3Dalert%60404%60%3E",
         f"/compare?regions={REGION},Guangdong", "/compare?regions=%3Csvg%20onload%3Dalert%60404%60%3E,Anhui",
         "/ranking", "/facts", "/facts?type=priorities", "/facts?type=quotes", "/facts?type=organizations",
         f"/facts?region={REGION}&industry={INDUSTRY}", "/facts?metric=%3Csvg%20onload%3Dalert%60404%60%3E"]
