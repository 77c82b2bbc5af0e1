"""Write the Reuters-21578 archive (../shared/bench/reuters/articles.jsonl) as one file per article,
`<newid>.txt` holding the article's text exactly, plus a metadata.csv with each file's date and title.

    .venv/bin/python bench/reuters_corpus.py /tmp/reuters            # all 17,585 articles
    .venv/bin/python bench/reuters_corpus.py /tmp/reuters --limit 2000    # the first 2,000 articles
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES = ROOT.parent / "shared" / "bench" / "reuters" / "articles.jsonl"


def read_articles(path: Path = DEFAULT_ARTICLES) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_corpus(folder: Path, articles: list[dict]) -> int:
    """Write the articles (and nothing else) into `folder`; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        table = csv.writer(handle)
        table.writerow(["file", "date", "title"])
        for article in articles:
            name = f"{article['newid']}.txt"
            (folder / name).write_text(article["text"], encoding="utf-8")
            table.writerow([name, article["date"][:10], article["title"]])
    return len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--limit", type=int, default=None, help="the first N articles only")
    args = parser.parse_args()
    articles = read_articles(args.articles)[:args.limit]
    print(f"wrote {write_corpus(args.folder, articles)} articles to {args.folder}")


if __name__ == "__main__":
    main()
