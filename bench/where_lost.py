"""Where a right answer is lost on its way through the pipeline, for one question (with its conversation).

Prints how the question was understood, the rank of every passage holding a text (`--holds`, e.g. the gold answer)
at each stage (dense, BM25, fused, after the rerank; the first READ_PASSAGES are read), the reader's best span in
each passage read, and the answer sentences scored as `qa.ask.answer.read_answer` scores them (similarity + prior +
READER_WEIGHT * belief), best first, with the answer qa gives.

    .venv/bin/python bench/where_lost.py --holds "Diaoyutai" \\
        --after "How many times has Kim visited China?" "Where did he stay during that trip?"
    .venv/bin/python bench/where_lost.py --index /tmp/reuters-index --holds "75.8 mln" --read 6 "..."
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.ask import answer as answer_module  # noqa: E402
from qa.ask import pipeline  # noqa: E402
from qa.ask.engine import Engine  # noqa: E402
from qa.ask.followup import Understanding, understand  # noqa: E402
from qa.ask.query import clean_question  # noqa: E402
from qa.index import lexical  # noqa: E402
from qa.read.reader import best_spans  # noqa: E402

SHOWN_SENTENCES = 6


def rank_of(rows: list[int], row: int) -> str:
    return str(rows.index(row) + 1) if row in rows else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("question")
    parser.add_argument("--holds", required=True, help="text a passage holding the right answer contains")
    parser.add_argument("--source", default="", help="only passages of files whose path ends with this")
    parser.add_argument("--after", action="append", default=[], help="an earlier question (repeatable, oldest first)")
    parser.add_argument("--index", type=Path, default=ROOT / "vectors")
    parser.add_argument("--read", type=int, default=answer_module.READ_PASSAGES, help="passages the reader reads")
    args = parser.parse_args()

    engine = Engine.open(args.index)
    turns = pipeline.earlier_turns(args.after, engine)
    asked = clean_question(args.question)
    understood = understand(asked, turns, partial(pipeline.relatedness, engine.encoder))
    attempt = pipeline.attempt_reading(understood, engine, 5, None)
    query, found = attempt.query, attempt.found
    print(f"reader reads: {query.reader_question!r}\nsearch text: {understood.search_text!r}")
    print("BM25 terms:", ", ".join(f"{t} {w:.2f}" for t, w in query.weights.items()))

    chunks = engine.stored.chunks
    holders = [row for row, chunk in enumerate(chunks)
               if args.holds in chunk.text and engine.display_path(chunk.source).endswith(args.source)]
    dense = [row for row, _ in pipeline.dense_ranking(engine, query.vector, len(chunks))]
    bm25 = lexical.best_rows(lexical.all_scores(engine.stored.bm25, query.terms), len(chunks)).tolist()
    final = [row for row, _ in found.ranked]
    print(f"\npassages holding {args.holds!r}: {len(holders)} of {len(chunks)} (read: the first {args.read})")
    for row in holders:
        print(f"  row {row} {engine.display_path(chunks[row].source)}: dense {rank_of(dense, row)}, "
              f"BM25 {rank_of(bm25, row)}, after the rerank {rank_of(final, row)}")

    hits = [(chunks[row], score) for row, score in found.ranked[:args.read]]
    print("\nthe reader's best span per passage read:")
    scored = engine.reader.read(query.reader_question, [chunk.text for chunk, _ in hits])
    for span in best_spans(scored, lambda *_: True):
        chunk = hits[span.passage][0]
        mark = " *" if args.holds in chunk.text else ""
        print(f"  {span.score:6.2f}  passage {span.passage + 1}{mark}: {chunk.text[span.start:span.end]!r}")

    reading = answer_module.read_passages(query, hits, engine.sentences, engine.reader)
    if reading is not None:
        rows = list(zip(reading.scores(), reading.similarity, reading.priors(), reading.beliefs(),
                        [candidate.text for candidate in reading.candidates], strict=True))
        print(f"\nanswer sentences, best first (of {len(rows)}): total = similarity + prior + "
              f"{answer_module.READER_WEIGHT} * belief")
        for total, similarity, prior, belief, text in sorted(rows, key=lambda r: -r[0])[:SHOWN_SENTENCES]:
            print(f"  {total:.3f} = {similarity:.3f} + {prior:.3f} + {answer_module.READER_WEIGHT} * {belief:.3f}  "
                  f"{text[:90]!r}")
    if understood.followup:
        engine.sentences.forget()  # as `pipeline.ask` reads a follow-up alone
        alone = pipeline.attempt_reading(Understanding(asked, asked, False), engine, 5, None)
        print(f"\nsureness (answerable score), with the conversation {attempt.confidence:.3f}, "
              f"read alone {alone.confidence:.3f} (read alone when the conversation's reading "
              f"finds no answer: {understood.alone_if_unanswered}; always, the surer winning: "
              f"{understood.weigh_alone})")
    result = pipeline.ask(args.question, engine, history=turns)
    answer = result.answer
    print("\nqa answers:", repr(answer.text) if answer else None,
          "| phrase:", repr(answer.phrase.text) if answer and answer.phrase else None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
