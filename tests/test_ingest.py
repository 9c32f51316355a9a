"""Tests for nqpf.ingest: every input becomes a Document or a one-line ReadError."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
from pathlib import Path

import pytest
from fpdf import FPDF

from nqpf.errors import NqpfError
from nqpf.ingest import (
    DEFAULT_MAX_BYTES,
    detect_language,
    max_bytes_from_env,
    normalise_published,
    published_from_text,
    read_inputs,
    readers,
    title_from_text,
)
from nqpf.ingest.encoding import over_limit
from nqpf.model import Document, ReadError

CHINESE = "安徽省2023年新能源汽车产量达到86.8万辆。" * 4
ENGLISH = "Hefei is the capital of Anhui Province.\nNEV output reached 868,000 units in 2023.\n"

ARTICLE_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Anhui bets on new energy vehicles | Example News</title>
<meta property="article:published_time" content="2024-02-18T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/biz">Business menu</a></li></ul></nav>
<div class="ad advertisement">Buy cheap watches now</div>
<article><h1>Anhui bets on new energy vehicles</h1>
<p>HEFEI -- Anhui Province produced 868,000 new energy vehicles in 2023, up 60 percent
from a year earlier, the provincial statistics bureau said on Sunday.</p>
<p>The province plans to support future industries including quantum technology and
humanoid robots, said Wang Qingxian, governor of Anhui.</p>
</article>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
</body></html>
"""


def read_one(path: Path | str, **kwargs: object) -> Document | ReadError:
    results = list(read_inputs([str(path)], **kwargs))
    assert len(results) == 1, results
    return results[0]


def make_pdf(lines: list[str], *, title: str | None = None, user_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a drawing, as a scan would be: no text objects
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("name", "data", "expected", "language"),
    [
        ("utf8.txt", CHINESE.encode("utf-8"), CHINESE, "zh"),
        ("utf8bom.txt", b"\xef\xbb\xbf" + CHINESE.encode("utf-8"), CHINESE, "zh"),
        ("gb18030.txt", CHINESE.encode("gb18030"), CHINESE, "zh"),
        ("gbk.txt", CHINESE.encode("gbk"), CHINESE, "zh"),
        ("utf16.txt", CHINESE.encode("utf-16"), CHINESE, "zh"),
        ("utf16be.txt", b"\xfe\xff" + ENGLISH.encode("utf-16-be"), ENGLISH, "en"),
        ("utf32.txt", ENGLISH.encode("utf-32"), ENGLISH, "en"),
        (
            "latin1.txt",
            "Café au lait à Paris coûte trois euros, naïve résumé.\n".encode("latin-1"),
            "Café au lait à Paris coûte trois euros, naïve résumé.\n",
            "en",
        ),
    ],
)
def test_ingest_decodes_text_encodings(tmp_path: Path, name: str, data: bytes, expected: str, language: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert doc.text == expected
    assert doc.language == language
    assert doc.doc_id == Path(name).stem
    assert doc.source == str(path)


def test_ingest_normalises_newlines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"First line\r\nsecond line\rthird line\n")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == "First line\nsecond line\nthird line\n"


def _junk() -> bytes:
    rng = random.Random(42)
    return bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_junk(), "binary or undecodable content"),
        (bytes(range(1, 32)) * 50, "binary or undecodable content"),
        (b"", "empty document"),
        (b" \n\t\r\n  \n", "empty document"),
        ("   \n".encode("utf-16"), "empty document"),
        (CHINESE.encode("utf-8")[:50] + b"\xff" + CHINESE.encode("utf-8"), "invalid UTF-8 at byte 50"),
    ],
    ids=["binary", "controls", "empty", "whitespace", "utf16-whitespace", "damaged-utf8"],
)
def test_ingest_rejects_unreadable_text(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    assert read_one(path) == ReadError(str(path), reason)


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda tmp: tmp / "missing.txt", "no such file or directory"),
        (lambda tmp: tmp / "no" / "such" / "dir", "no such file or directory"),
        (lambda tmp: _mkdir(tmp / "empty"), "no documents found in directory"),
        (
            lambda tmp: _mkdir(tmp / "only-other", {"a.csv": "x", ".hidden.txt": "text"}),
            "no documents found in directory",
        ),
    ],
    ids=["missing-file", "missing-dir", "empty-dir", "no-corpus-files"],
)
def test_ingest_reports_unusable_paths(tmp_path: Path, setup, reason: str) -> None:
    path = setup(tmp_path)
    assert read_one(path) == ReadError(str(path), reason)


def _mkdir(path: Path, files: dict[str, str] | None = None) -> Path:
    path.mkdir(parents=True)
    for name, text in (files or {}).items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
@pytest.mark.parametrize("kind", ["file", "directory"])
def test_ingest_permission_denied(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "locked"
    if kind == "file":
        path.write_text("secret", encoding="utf-8")
    else:
        _mkdir(path, {"a.txt": "secret"})
    path.chmod(0)
    try:
        assert read_one(path) == ReadError(str(path), "permission denied")
    finally:
        path.chmod(0o700)


@pytest.mark.parametrize(("kind", "patched"), [("file", "open"), ("directory", "scandir")])
def test_ingest_permission_denied_when_os_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, patched: str
) -> None:
    # Root ignores file modes, so simulate the refusal to test the mapping everywhere.
    path = tmp_path / "locked"
    if kind == "file":
        path.write_text("secret", encoding="utf-8")
    else:
        _mkdir(path, {"a.txt": "secret"})

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    if patched == "open":
        monkeypatch.setattr(readers, "open", refuse, raising=False)
    else:
        monkeypatch.setattr(readers.os, "scandir", refuse)
    assert read_one(path) == ReadError(str(path), "permission denied")


def test_ingest_walks_directories_in_order(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    _mkdir(root, {"b.txt": "Second file.", "a.md": "First file.", "skip.csv": "not a corpus file"})
    _mkdir(root / "nested" / "deeper", {"c.txt": "Nested file."})
    _mkdir(root / ".git", {"d.txt": "hidden directory"})
    (root / ".hidden.txt").write_text("hidden file", encoding="utf-8")
    (root / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")

    results = list(read_inputs([str(root)]))

    assert all(isinstance(doc, Document) for doc in results), results
    assert [doc.source for doc in results] == [
        os.path.join(str(root), "a.md"),
        os.path.join(str(root), "b.txt"),
        os.path.join(str(root), "nested", "deeper", "c.txt"),
        os.path.join(str(root), "page.html"),
    ]
    assert [doc.doc_id for doc in results] == ["a", "b", "c", "page"]
    assert "hidden" not in " ".join(doc.text for doc in results)


def test_ingest_streams_one_input_at_a_time(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One.", encoding="utf-8")
    consumed: list[str] = []

    def paths():
        for name in ["one.txt", "two.txt"]:
            consumed.append(name)
            yield str(tmp_path / name)

    results = read_inputs(paths())
    first = next(results)
    assert isinstance(first, Document) and first.text == "One."
    assert consumed == ["one.txt"]
    assert next(results) == ReadError(str(tmp_path / "two.txt"), "no such file or directory")


@pytest.mark.parametrize(
    ("data", "text_part", "title"),
    [
        (
            ENGLISH.encode("utf-8"),
            "NEV output reached 868,000 units",
            "Hefei is the capital of Anhui Province.",
        ),
        (CHINESE.encode("gb18030"), "新能源汽车产量", CHINESE),
        (ARTICLE_HTML.encode("utf-8"), "Anhui Province produced 868,000 new energy vehicles", None),
    ],
    ids=["text", "gb18030", "html"],
)
def test_ingest_reads_stdin(data: bytes, text_part: str, title: str | None) -> None:
    results = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    assert len(results) == 1
    doc = results[0]
    assert isinstance(doc, Document), doc
    assert (doc.doc_id, doc.source) == ("stdin", "-")
    assert text_part in doc.text
    if title is not None:
        assert doc.title == title
    else:
        assert doc.title and "Anhui bets on new energy vehicles" in doc.title


def test_ingest_stdin_over_limit() -> None:
    results = list(read_inputs(["-"], stdin=io.BytesIO(b"x" * 200), max_bytes=100))
    assert results == [ReadError("-", "input is over the 100 bytes limit (set NQPF_MAX_BYTES or --max-bytes)")]


@pytest.mark.parametrize(
    ("name", "data", "text_part"),
    [
        ("page.dat", ARTICLE_HTML.encode("utf-8"), "Wang Qingxian, governor of Anhui"),
        (
            "report.bin",
            make_pdf(["Quantum technology output doubled."]),
            "Quantum technology output doubled.",
        ),
        ("NOTES", b"Plain notes without an extension.", "Plain notes without an extension."),
    ],
)
def test_ingest_sniffs_explicit_files(tmp_path: Path, name: str, data: bytes, text_part: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert text_part in doc.text
    assert "<" not in doc.text and "%PDF" not in doc.text


def test_ingest_html_main_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert "Anhui Province produced 868,000 new energy vehicles" in doc.text
    assert "humanoid robots, said Wang Qingxian" in doc.text
    for furniture in ["World news menu", "Business menu", "Buy cheap watches", "All rights reserved"]:
        assert furniture not in doc.text
    assert doc.title is not None and "Anhui bets on new energy vehicles" in doc.title
    assert doc.published == "2024-02-18"
    assert doc.language == "en"


@pytest.mark.parametrize(
    ("published_meta", "expected"),
    [
        (dt.date.today().isoformat(), None),
        ("2023-05-04", "2023-05-04"),
        (None, None),
    ],
    ids=["today-is-unknown", "past-date", "no-date"],
)
def test_ingest_html_date_only_from_page(tmp_path: Path, published_meta: str | None, expected: str | None) -> None:
    meta = "" if published_meta is None else f'<meta property="article:published_time" content="{published_meta}">'
    page = ARTICLE_HTML.replace(
        '<meta property="article:published_time" content="2024-02-18T08:00:00Z">', meta
    ).replace("Copyright 2024", "Copyright 2019")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert doc.published == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            b"<html><body><div><p>Unclosed paragraph about Hefei factories <b>bold text"
            b"<p>another paragraph about Wuhu <div> more text",
            ["Unclosed paragraph about Hefei factories", "another paragraph about Wuhu"],
        ),
        (b"<p>A bare fragment about Shenzhen robots.</p>", ["A bare fragment about Shenzhen robots."]),
        (
            '<html><head><meta charset="gbk"></head><body><p>合肥新能源汽车</p></body></html>'.encode("gbk"),
            ["合肥新能源汽车"],
        ),
    ],
    ids=["unclosed-tags", "fragment", "declared-gbk"],
)
def test_ingest_html_malformed_still_gives_text(tmp_path: Path, markup: bytes, expected: list[str]) -> None:
    path = tmp_path / "broken.html"
    path.write_bytes(markup)
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    for part in expected:
        assert part in doc.text
    assert "<" not in doc.text


@pytest.mark.parametrize(
    "markup",
    [
        b"<html><head><title>Only a title</title></head><body>  </body></html>",
        b"<html><body><script>x=1</script>",
    ],
)
def test_ingest_html_without_text(tmp_path: Path, markup: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(markup)
    assert read_one(path) == ReadError(str(path), "no article text found in HTML")


def test_ingest_pdf_text_and_title(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(ENGLISH.splitlines(), title="Anhui Work Report"))
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert "Hefei is the capital of Anhui Province." in doc.text
    assert "NEV output reached 868,000 units in 2023." in doc.text
    assert doc.title == "Anhui Work Report"
    assert doc.doc_id == "report"


def test_ingest_pdf_pages_joined_by_blank_line(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in ["Page one text.", "Page two text."]:
        pdf.add_page()
        pdf.cell(0, 10, text)
    path = tmp_path / "pages.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert doc.text == "Page one text.\n\nPage two text."


def test_ingest_pdf_with_empty_user_password_opens(tmp_path: Path) -> None:
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(make_pdf(["Readable despite encryption."], user_password=""))
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert "Readable despite encryption." in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf(["Secret plans."], user_password="secret"), "encrypted PDF"),
        (make_pdf(ENGLISH.splitlines())[:600], "broken PDF: "),
        (b"%PDF-1.4\n%garbage that is not a PDF at all", "broken PDF: "),
        (make_blank_pdf(), "PDF has no text layer (scanned?)"),
    ],
    ids=["encrypted", "truncated", "garbage", "no-text-layer"],
)
def test_ingest_pdf_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    error = read_one(path)
    assert isinstance(error, ReadError), error
    assert error.source == str(path)
    assert error.reason.startswith(reason)
    assert "\n" not in error.reason and len(error.reason) < 200


def test_ingest_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        '{"id": "a1", "text": "Hefei builds NEV plants.", "url": "https://example.com/a1",'
        ' "published": "2024-02-18T08:00:00Z", "title": "Hefei NEVs", "extra": 1}',
        "this is not json",
        '{"id": "a3", "url": "https://example.com/a3"}',
        "",
        '{"text": "No id here.\\r\\nSecond line."}',
        '["an", "array"]',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    results = list(read_inputs([str(path)]))

    assert results == [
        Document(
            doc_id="a1",
            source=str(path),
            text="Hefei builds NEV plants.",
            title="Hefei NEVs",
            published="2024-02-18",
            language="en",
            url="https://example.com/a1",
        ),
        ReadError(f"{path}:2", "line 2 is not JSON: Expecting value"),
        ReadError(f"{path}:3", "line 3 has no text (a non-empty string field 'text')"),
        Document(
            doc_id="corpus:5",
            source=str(path),
            text="No id here.\nSecond line.",
            title="No id here.",
            language="en",
        ),
        ReadError(f"{path}:6", "line 6 is not a JSON object"),
    ]


def test_ingest_jsonl_limit_is_per_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    short = '{"id": "short", "text": "Short record."}\n'
    long = '{"id": "long", "text": "' + "x" * 500 + '"}\n'
    path.write_text(short + long + short.replace("short", "again"), encoding="utf-8")

    results = list(read_inputs([str(path)], max_bytes=100))

    assert [getattr(item, "doc_id", None) for item in results] == ["short", None, "again"]
    assert results[1] == ReadError(f"{path}:2", over_limit("line 2", 100))


@pytest.mark.parametrize("name", ["big.txt", "big.pdf", "big.html", "big"])
def test_ingest_size_limit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"a" * 2048)
    assert read_one(path, max_bytes=1000) == ReadError(
        str(path), "file is 2.0 KB, over the 1000 bytes limit (set NQPF_MAX_BYTES or --max-bytes)"
    )


def test_ingest_size_limit_message_in_megabytes() -> None:
    size = int(52.4 * 1024 * 1024)
    assert over_limit("file", DEFAULT_MAX_BYTES, size) == (
        "file is 52.4 MB, over the 20.0 MB limit (set NQPF_MAX_BYTES or --max-bytes)"
    )


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, DEFAULT_MAX_BYTES),
        ({"NQPF_MAX_BYTES": ""}, DEFAULT_MAX_BYTES),
        ({"NQPF_MAX_BYTES": "1000"}, 1000),
        ({"NQPF_MAX_BYTES": "2MB"}, 2 * 1024 * 1024),
        ({"NQPF_MAX_BYTES": "500k"}, 500 * 1024),
    ],
)
def test_ingest_max_bytes_from_env(environ: dict[str, str], expected: int) -> None:
    assert max_bytes_from_env(environ) == expected


@pytest.mark.parametrize("value", ["lots", "0", "-5", "12 parsecs"])
def test_ingest_max_bytes_from_env_rejects_junk(value: str) -> None:
    with pytest.raises(NqpfError, match="NQPF_MAX_BYTES must be a positive size"):
        max_bytes_from_env({"NQPF_MAX_BYTES": value})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2025-01-16 Chinese localities roll out 2025 plans\n\nBody.", "2025-01-16"),
        ("DATE 2024-03-01\nTitle\nBody.", "2024-03-01"),
        ("Title\n\n10:27, January 16, 2025 By Chi Jingyi ( Global Times\n\nBody.", "2025-01-16"),
        ("Title\nBy A Reporter | 16 January 2025\nBody.", "2025-01-16"),
        ("Title\nUpdated: Feb. 5, 2024\nBody.", "2024-02-05"),
        ("Title\nPublished 2024-02-18 08:00\nBody.", "2024-02-18"),
        ("标题\n2024年2月18日 来源：新华社\n正文。", "2024-02-18"),
        ("Workers in Guangzhou in June 2023.\nNo day given anywhere.", None),
        ("Title\nFebruary 30, 2024 is not a date.", None),
        ("x" * 500 + " January 16, 2025", None),
        ("", None),
    ],
)
def test_ingest_published_from_text(text: str, expected: str | None) -> None:
    assert published_from_text(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-18T08:00:00Z", "2024-02-18"),
        ("2024-02-18", "2024-02-18"),
        ("2024/2/8", "2024-02-08"),
        ("20240218", "2024-02-18"),
        ("2024-02", "2024-02"),
        ("2024", "2024"),
        (2024, "2024"),
        ("February 18, 2024", "2024-02-18"),
        ("2024年2月", "2024-02"),
        ("2024-13-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
        (3.5, None),
        (99999, None),
    ],
)
def test_ingest_normalise_published(value: object, expected: str | None) -> None:
    assert normalise_published(value) == expected


@pytest.mark.parametrize(
    ("content", "title", "published"),
    [
        (
            " date 2025-01-16 Chinese localities roll out 2025 plans\n\nBody text.",
            "Chinese localities roll out 2025 plans",
            "2025-01-16",
        ),
        ("date 2025-01-16\n\nHeadline on its own line\nBody.", "Headline on its own line", "2025-01-16"),
        (
            "China localities turn to new productive forces\nHEFEI -- Body text.",
            "China localities turn to new productive forces",
            None,
        ),
        ("y" * 201 + "\nBody.", None, None),
    ],
    ids=["date-prefix", "date-line-alone", "no-date", "long-first-line"],
)
def test_ingest_title_and_date_line(tmp_path: Path, content: str, title: str | None, published: str | None) -> None:
    path = tmp_path / "000_1f45bd4cffb75365.txt"
    path.write_text(content, encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert (doc.doc_id, doc.title, doc.published) == ("000_1f45bd4cffb75365", title, published)
    assert doc.text == content


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [("2024-02-18T08:00:00Z", "2024-02-18"), ("not a date", "2025-01-16"), (None, "2025-01-16")],
)
def test_ingest_metadata_date_beats_text(tmp_path: Path, metadata: str | None, expected: str) -> None:
    path = tmp_path / "dated.jsonl"
    record = {"id": "d", "text": "date 2025-01-16 A headline\nBody."}
    if metadata is not None:
        record["published"] = metadata
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document), doc
    assert doc.published == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (CHINESE, "zh"),
        ("NEV output 新能源汽车产量 reached new highs this year in Anhui", "en"),
        ("合肥 Hefei 新能源汽车产量达到", "zh"),
        ("12,345 — 67.8%", None),
    ],
)
def test_ingest_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n\n  A title  \nBody", "A title"),
        ("date 2025-01-16 Title after date\nBody", "Title after date"),
        ("z" * 200, "z" * 200),
        ("z" * 201, None),
        ("   \n", None),
    ],
)
def test_ingest_title_from_text(text: str, expected: str | None) -> None:
    assert title_from_text(text) == expected
