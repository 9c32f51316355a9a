"""Quotes through the whole extractor: each sentence read with its language's grammar, transcript
labels, evidence that points into the text, and speakers who are people."""

from __future__ import annotations

from nqpf.extract.grammar.en import quotes as en
from nqpf.extract.grammar.zh import quotes as zh
from nqpf.extract.pipeline import extract
from nqpf.extract.quotes import grammar_for
from nqpf.model import Document


def run(text: str):
    return extract(Document("t", "test", text))


def test_each_sentence_is_read_with_its_own_language():
    assert grammar_for("Zhang Wei said the plan, dubbed 新质生产力, will work.") is en
    assert grammar_for("江苏省统计局副局长马俊说:“GDP增长5.8%。”") is zh


def test_a_document_mixing_scripts_gives_quotes_from_both_grammars():
    text = ("Hubei Governor Wang Lin said the province aims to grow 6 percent.\n"
            "湖北省统计局局长李明表示,全省经济稳中有进。\n")
    quotes = run(text).quotes
    assert [(q.speaker, q.role, q.region) for q in quotes] == [
        ("Wang Lin", "Hubei Governor", "420000"), ("李明", "湖北省统计局局长", "420000")]


def test_evidence_is_a_span_of_the_text_and_labels_reach_the_answer():
    text = ("China Daily:\nWhat will Hubei do next?\n\nWang Hui:\nThank you. We will build more chip fabs.\n"
            "福建省委副书记 省长 吴刚:大力发展新型储能产业。\n")
    quotes = run(text).quotes
    assert [q.speaker for q in quotes] == ["Wang Hui", "吴刚"]
    for q in quotes:
        assert text[q.evidence.start:q.evidence.end] == q.evidence.text
    assert quotes[0].text == "Thank you. We will build more chip fabs."
    assert quotes[0].evidence.text.startswith("Wang Hui:") and "Thank you." in quotes[0].evidence.text


def test_a_chinese_quotation_belongs_to_the_attribution_beside_it():
    text = ("江苏省发展改革委副主任林康说:“13个市全部跻身全国百强。”\n"
            "江苏省统计局副局长马俊说:“经济增长动力更多源于结构优化。”\n")
    assert [(q.speaker, q.text) for q in run(text).quotes] == [
        ("林康", "13个市全部跻身全国百强。"), ("马俊", "经济增长动力更多源于结构优化。")]


def test_a_role_learnt_earlier_serves_a_bare_name_later():
    text = "湖南省省长毛伟明代表省人民政府作工作报告。\n毛伟明称,2025年湖南将打造先进制造业高地。\n"
    (quote,) = run(text).quotes
    assert (quote.speaker, quote.role, quote.region) == ("毛伟明", "湖南省省长", "430000")


def test_documents_outlets_and_places_are_never_speakers():
    text = ("Xinhua News Agency:\nWhat is the plan?\n"
            "At a recent forum in Wenchang, local officials said Hainan is mobilizing resources.\n"
            "报告指出,要积极推进新型工业化。市经济信息委相关负责人表示,汽车产业增长明显。\n")
    assert run(text).quotes == []
