"""Write qa/index/background_terms.json: in how many passages of general prose each term occurs (qa's own BM25
terms: Snowball stems without stop words), the prior `qa.index.background` adds to a small index's IDF.

The prose is public and in ../shared/bench: the 17,585 articles of the 1987 Reuters newswire (news) and the 2,067
paragraphs of SQuAD v1.1 dev (Wikipedia); one passage is one article or one paragraph. Only passage counts are
kept, of terms held by at least `--least` passages (a rarer term is read as held by none). No question is read.

    .venv/bin/python train/background_terms.py [--bench ../shared/bench]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.index.background import BACKGROUND_FILE  # noqa: E402
from qa.text.terms import tokenize  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
BATCH = 2000


def passages(bench: Path) -> Iterator[str]:
    with (bench / "reuters" / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]
    squad = json.loads((bench / "squad" / "dev-v1.1.json").read_text(encoding="utf-8"))
    for article in squad["data"]:
        for paragraph in article["paragraphs"]:
            yield paragraph["context"]


def count(texts: Iterator[str]) -> tuple[int, Counter[str]]:
    held: Counter[str] = Counter()
    total = 0
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) == BATCH:
            total += _add(batch, held)
            batch = []
    total += _add(batch, held)
    return total, held


def _add(batch: list[str], held: Counter[str]) -> int:
    for terms in tokenize(batch) if batch else []:
        held.update(set(terms))
    return len(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--least", type=int, default=3, help="keep terms held by at least this many passages")
    parser.add_argument("--out", type=Path, default=BACKGROUND_FILE)
    args = parser.parse_args()
    total, held = count(passages(args.bench))
    kept = {term: n for term, n in sorted(held.items()) if n >= args.least}
    table = {"documents": total, "source": "Reuters-21578 (1987 newswire, articles) + SQuAD v1.1 dev (paragraphs)",
             "least": args.least, "frequencies": kept}
    args.out.write_text(json.dumps(table, separators=(",", ":")), encoding="utf-8")
    print(f"{total} passages, {len(held)} terms, {len(kept)} kept (held by >= {args.least}): {args.out}")


if __name__ == "__main__":
    main()
