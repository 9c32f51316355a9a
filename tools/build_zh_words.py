#!/usr/bin/env python3
"""Build ``src/nqpf/data/zh_words.csv``: the Chinese words that can overlap a place name, with their
frequencies, for the boundary check of ``nqpf.extract.grammar.zh.places``.

A place name found inside running Chinese text is only a mention if the text, cut into its most
probable words, has the name as a word of its own: 美丽江苏 is 美丽 + 江苏 (not 丽江), 隆重庆祝 is
隆重 + 庆祝 (not 重庆), 长治久安 is one idiom (not 长治). The check needs word frequencies only for
the words that can cross a place name's edge, and for single characters; this tool takes them from
the dictionary of jieba 0.42.1 (MIT licence, ``jieba/dict.txt``, 349,046 words with frequencies
and part-of-speech tags) and writes that subset (~20k rows).

Selected words (frequency >= MIN_FREQ, two or more characters, not a place name themselves):

* words that end inside or around a place name's start: 美丽 (丽江), 推广 (广安), 长白山 (白山), 以上 (上海);
* words that start inside a place name and run past its end: 庆祝 (重庆), 海洋 (上海), 乡村 (新乡);
* words that start with a place name and are not names themselves (idioms, verbs, adjectives):
  长治久安. Proper names that start with a place (北京大学, 苏州河) are left out: the place is in them.

Place names of another kind that hold a division's name after their first character (长白山, 南昆山,
巴丹吉林: mountains, deserts) are kept at any frequency and marked ``name``: the check scores them as
place names, so that 南昆山 stays a mountain rather than 南 + 昆山.

Usage::

    .venv/bin/python tools/build_zh_words.py [--check]

Needs jieba (``pip install jieba==0.42.1``) at build time only; run it after tools/build_gazetteer.py.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
OUTPUT = REPO_ROOT / "src" / "nqpf" / "data" / "zh_words.csv"
sys.path.insert(0, str(REPO_ROOT / "src"))

MIN_FREQ = 50
#: jieba tags of proper names: a word that starts with a place name and has one of these contains the place
PROPER_TAGS = {"ns", "nt", "nz", "nr", "nrt", "nrfg", "j"}


def place_names() -> set[str]:
    from nqpf.extract.grammar.zh.places import place_lexicon

    return set(place_lexicon()[0])


def select(words: dict[str, tuple[int, str]], places: set[str]) -> dict[str, tuple[int, str]]:
    prefixes = {p[:j] for p in places for j in range(1, len(p))}
    suffixes = {p[j:] for p in places for j in range(1, len(p))}
    by_first: dict[str, list[str]] = {}
    for p in places:
        by_first.setdefault(p[0], []).append(p)
    out: dict[str, tuple[int, str]] = {}
    for word, (freq, tag) in words.items():
        if len(word) == 1:
            out[word] = (freq, "")
            continue
        if word in places:
            continue
        if tag == "ns" and any(word[k:k + len(p)] == p for k in range(1, len(word)) for p in by_first.get(word[k], ())):
            out[word] = (freq, "name")
            continue
        if freq < MIN_FREQ:
            continue
        if any(word.startswith(p) for p in by_first.get(word[0], ())):
            keep = tag not in PROPER_TAGS  # 长治久安, not 北京大学 or 台湾地区: those hold the place
        else:
            keep = any(word[k:] in prefixes or word[k:k + len(p)] == p for k in range(1, len(word))
                       for p in by_first.get(word[k], ())) or any(word[:k] in suffixes for k in range(1, len(word)))
        if keep:
            out[word] = (freq, "")
    return out


def render(selected: dict[str, tuple[int, str]], version: str) -> str:
    buf = io.StringIO()
    buf.write("# Chinese words that can overlap a place name, and single characters, with their frequencies:\n")
    buf.write(f"# the subset of jieba {version} dict.txt (MIT licence) that the place-name boundary check needs.\n")
    buf.write(f"# Words of {MIN_FREQ}+ occurrences; see tools/build_zh_words.py. Generated file, do not edit.\n")
    buf.write("# kind: name for a place name of another kind that holds a division's name (长白山)\n")
    buf.write("word,freq,kind\n")
    for word in sorted(selected):
        freq, kind = selected[word]
        buf.write(f"{word},{freq},{kind}\n")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file is out of date")
    args = parser.parse_args(argv)
    import jieba

    words: dict[str, tuple[int, str]] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if "," not in word:
                words[word] = (int(freq), tag)
    text = render(select(words, place_names()), jieba.__version__)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; rerun tools/build_zh_words.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {text.count(chr(10)) - 5} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
