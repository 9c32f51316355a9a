"""Generate a JSONL corpus of N documents from templates, with random regions, industries and
figures, so that the extraction results are known in advance, and a share of near-duplicates.

Usage: python bench/make_corpus.py N OUT.jsonl [--dup-share 0.1] [--seed 0] [--truth TRUTH.jsonl]

Each line is {"id", "text", "published"}; the truth file says, per document, the priorities and
figures planted in it and which document it copies (``dup_of``), if any.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

PROVINCES = ["Anhui", "Fujian", "Gansu", "Guangdong", "Guizhou", "Hainan", "Hebei", "Heilongjiang", "Henan",
             "Hubei", "Hunan", "Jiangsu", "Jiangxi", "Jilin", "Liaoning", "Qinghai", "Shaanxi", "Shandong",
             "Shanxi", "Sichuan", "Yunnan", "Zhejiang"]
CODES = {"Anhui": "340000", "Fujian": "350000", "Gansu": "620000", "Guangdong": "440000", "Guizhou": "520000",
         "Hainan": "460000", "Hebei": "130000", "Heilongjiang": "230000", "Henan": "410000", "Hubei": "420000",
         "Hunan": "430000", "Jiangsu": "320000", "Jiangxi": "360000", "Jilin": "220000", "Liaoning": "210000",
         "Qinghai": "630000", "Shaanxi": "610000", "Shandong": "370000", "Shanxi": "140000", "Sichuan": "510000",
         "Yunnan": "530000", "Zhejiang": "330000"}
INDUSTRIES = {"humanoid robots": "humanoid_robots", "integrated circuits": "integrated_circuits",
              "the low-altitude economy": "low_altitude_economy", "new energy storage": "new_energy_storage",
              "biomanufacturing": "biomanufacturing", "quantum technology": "quantum", "6G": "6g",
              "hydrogen energy": "hydrogen", "new materials": "new_materials", "artificial intelligence":
              "artificial_intelligence", "commercial spaceflight": "commercial_spaceflight",
              "brain-computer interfaces": "bci", "photovoltaics": "photovoltaics", "biomedicine": "biomedicine"}
WORDS = ("officials researchers factory workshop engineers investors market policy reform cluster park city "
         "county district export import supply chain customers platform talent university laboratory pilot "
         "scheme rules standard network service finance bank fund capital land energy power grid water road "
         "rail port airport logistics warehouse software hardware design testing quality safety training school "
         "skills housing transport retail tourism culture heritage village farm forest river coast mountain "
         "winter summer spring autumn morning evening weekly monthly annual local regional national global "
         "partners suppliers startups firms enterprises agencies bureaus councils committees teams groups "
         "projects programmes plans goals tasks measures efforts steps moves gains shifts trends risks costs "
         "prices wages demand output growth savings loans bonds shares deals contracts orders sales visitors").split()


def _filler(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 20))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def make_document(rng: random.Random, n: int, year: int) -> tuple[str, dict]:
    region = rng.choice(PROVINCES)
    picks = rng.sample(sorted(INDUSTRIES), 3)
    value, growth, projects = round(rng.uniform(10, 900), 1), round(rng.uniform(2, 40), 1), rng.randint(5, 90)
    sentences = [
        f"{region} plans to develop {picks[0]}, {picks[1]} and {picks[2]} this year.",
        f"Last year, {region}'s industrial output reached {value} billion yuan, up {growth} percent year on year.",
        f"{region} attracted {projects} new projects in {year - 1}.",
    ]
    body = sentences + [_filler(rng) for _ in range(rng.randint(4, 7))]
    rng.shuffle(body)
    text = f"date {year}-03-{1 + n % 28:02d}\nReport {n} on {region}\n" + "\n".join(body) + "\n"
    truth = {"priorities": [[CODES[region], INDUSTRIES[p]] for p in picks],
             "figures": [[CODES[region], value * 1e9, "CNY", year - 1], [CODES[region], growth, "%", year - 1],
                         [CODES[region], projects, "count", year - 1]]}
    return text, truth


def near_copy(rng: random.Random, text: str) -> str:
    """A syndicated copy: a changed word, a dropped or added line, a credit line."""
    lines = text.splitlines()
    words = lines[2].split()
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    lines[2] = " ".join(words)
    if rng.random() < 0.5:
        lines.append(f"(Reporting by desk {rng.randint(1, 99)})")
    return "\n".join(lines) + "\n"


def generate(n: int, *, dup_share: float = 0.1, seed: int = 0):
    """Yield (record, truth) for ``n`` documents, about ``dup_share`` of them near-copies."""
    rng = random.Random(seed)
    originals: list[tuple[str, str, dict]] = []
    for i in range(n):
        doc_id = f"gen-{i:07d}"
        year = rng.choice([2024, 2025])
        if originals and rng.random() < dup_share:
            source_id, source_text, truth = rng.choice(originals[-500:])
            text = near_copy(rng, source_text)
            yield {"id": doc_id, "text": text, "published": f"{year}"}, {**truth, "dup_of": source_id}
            continue
        text, truth = make_document(rng, i, year)
        originals.append((doc_id, text, truth))
        yield {"id": doc_id, "text": text, "published": text[5:15]}, {**truth, "dup_of": None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out")
    parser.add_argument("--dup-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--truth", default=None)
    args = parser.parse_args(argv)
    truth_file = open(args.truth, "w", encoding="utf-8") if args.truth else None  # noqa: SIM115
    with Path(args.out).open("w", encoding="utf-8") as out:
        for record, truth in generate(args.n, dup_share=args.dup_share, seed=args.seed):
            out.write(json.dumps(record) + "\n")
            if truth_file:
                truth_file.write(json.dumps({"id": record["id"], **truth}) + "\n")
    if truth_file:
        truth_file.close()
    print(f"wrote {args.n} documents to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
