"""PDF text re-flowed: a sentence the PDF broke across lines and columns is one sentence again."""

from __future__ import annotations

import json
import subprocess
import sys

from fpdf import FPDF

from nqpf.ingest.pdf import read_pdf, reflow

# Two columns; the second sentence runs from the foot of the first column to the top of the second.
COLUMN_1 = [
    "Officials in the southern province said the",
    "plan runs to 2027. Guangdong will support",
    "the development of industrial robots and",
]
COLUMN_2 = [
    "humanoid robots with new funds, and build",
    "more computing centres in the coming years.",
    "",
    "Results",
    "Output grew 8 percent last year.",
]


def _two_column_pdf(path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for column, lines in ((10, COLUMN_1), (110, COLUMN_2)):
        for row, line in enumerate(lines):
            if line:
                pdf.text(column, 20 + 6 * row, line)
    pdf.output(str(path))


def test_pdf_reflow_joins_a_sentence_across_lines_and_columns(tmp_path):
    _two_column_pdf(tmp_path / "report.pdf")
    done = subprocess.run([sys.executable, "-m", "nqpf", "extract", str(tmp_path / "report.pdf"), "--format", "jsonl"],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    robots = [p for p in result["priorities"] if p["industry"] == "humanoid_robots"]
    assert robots and robots[0]["region"] == "440000"
    assert robots[0]["evidence"]["text"] == ("Guangdong will support the development of industrial robots and humanoid "
                                             "robots with new funds, and build more computing centres in the coming "
                                             "years.")


def test_pdf_reflow_keeps_headings_and_paragraph_ends_apart(tmp_path):
    _two_column_pdf(tmp_path / "report.pdf")
    lines = read_pdf((tmp_path / "report.pdf").read_bytes()).text.split("\n")
    assert lines[1:] == ["Results", "Output grew 8 percent last year."]
    assert lines[0].startswith("Officials in the southern province said the plan runs to 2027. Guangdong")


def test_pdf_reflow_runs_chinese_lines_together_without_spaces():
    page = "我省将加快发展人工智能、量子信息、人形机器人\n等未来产业，培育壮大低空经济和商业航天产业。\n二、主要目标"
    joined = "我省将加快发展人工智能、量子信息、人形机器人等未来产业，培育壮大低空经济和商业航天产业。"
    assert reflow(page).split("\n") == [joined, "二、主要目标"]


def test_pdf_reflow_mends_a_hyphenated_word():
    page = "The province will speed up the devel-\nopment of integrated circuits and chips.\nNext"
    assert reflow(page).split("\n")[0] == "The province will speed up the development of integrated circuits and chips."
