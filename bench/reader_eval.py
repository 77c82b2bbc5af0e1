"""The answer before and after a change (e.g. the reader), side by side in one run, on questions nobody tuned on.

Writes each question set as plain JSONL (question, answers, sources, unanswerable) with the folder it is asked
of, then runs `qa eval FILE --corpus FOLDER --json` in the `--before` commit (a git worktree) and in this tree.
Both sides share one benchmark cache, so each corpus is indexed once (the index format is the same).

- seeds: tests/data/seed_questions.jsonl over seeds/;
- squad-report: SQuAD v1.1 dev questions of the held-out articles (qa.evaluation.squad_split), asked of all
  2,067 paragraphs; squad-absent: the same questions asked of the paragraphs of the other articles only (every
  one should get no answer);
- reuters-tune / reuters-report: tests/data/reuters_questions.jsonl by half, asked of the whole Reuters archive
  (bench/reuters_corpus.py);
- followups-seeds / followups-reuters (this tree only, each half): the follow-up chains of
  tests/data/followup_*.jsonl, three ways side by side: asked alone, with the conversation, the full question.

    .venv/bin/python bench/reader_eval.py --before 4d9e30b [--squad-sample 1000] [--skip-reuters]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reuters_corpus import read_articles, write_corpus  # noqa: E402
from qa.evaluation.loaders import EvalQuestion, load  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
REUTERS_SET = ROOT / "tests" / "data" / "reuters_questions.jsonl"
SEED_SET = ROOT / "tests" / "data" / "seed_questions.jsonl"
METRICS = ("answer_recall@1", "answer_recall@5", "answer_sentence_accuracy", "phrase_exact_match", "phrase_f1",
           "answered", "no_answer_accuracy", "median_seconds")


def write_questions(path: Path, questions: list[EvalQuestion]) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for q in questions:
            handle.write(json.dumps({"question": q.question, "answers": list(q.answers), "sources": list(q.sources),
                                     "unanswerable": q.unanswerable}) + "\n")
    return path


def write_documents(folder: Path, documents: list) -> Path:  # type: ignore[type-arg]
    if folder.exists():  # a rerun in the same --work folder: written already (rewriting would look like changes)
        return folder
    folder.mkdir(parents=True)
    for doc in documents:
        (folder / f"{doc.doc_id}.txt").write_text(doc.text, encoding="utf-8")
    return folder


def prepare(work: Path, squad: Path, sample: int | None, reuters: bool) -> dict[str, tuple[Path, Path]]:
    """Every set as (questions file, corpus folder)."""
    sets = {"seeds": (SEED_SET, ROOT / "seeds")}
    report = load(squad).half("report").sample(sample, 0)
    assert report.corpus is not None
    sets["squad-report"] = (write_questions(work / "squad-report.jsonl", report.questions),
                            write_documents(work / "squad-all", report.corpus))
    absent = report.without_own_articles()
    assert absent.corpus is not None
    sets["squad-absent"] = (write_questions(work / "squad-absent.jsonl", absent.questions),
                            write_documents(work / "squad-others", absent.corpus))
    if reuters:
        folder = work / "reuters"
        if not folder.exists():
            write_corpus(folder, read_articles())
        whole = load(REUTERS_SET)
        for half in ("tune", "report"):
            sets[f"reuters-{half}"] = (write_questions(work / f"reuters-{half}.jsonl", whole.half(half).questions),
                                       folder)
    return sets


def evaluate(tree: Path, work: Path, questions: Path, corpus: Path, extra: tuple[str, ...] = ()) -> dict:  # type: ignore[type-arg]
    """Every system's figures of one `qa eval` run."""
    env = {**os.environ, "PYTHONPATH": str(tree), "QA_CACHE": str(work / "cache"), "QA_INDEX": str(work / "vectors")}
    done = subprocess.run([sys.executable, "-m", "qa", "eval", str(questions), "--corpus", str(corpus), "--json",
                           "--k", "1,5", *extra], cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: qa eval {questions.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)["systems"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True, help="the commit to compare against")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--squad-sample", type=int, default=1000, help="held-out SQuAD questions asked (seed 0)")
    parser.add_argument("--skip-reuters", action="store_true", help="leave out the Reuters archive (12 min to index)")
    parser.add_argument("--out", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (kept: a rerun reuses its indexes)")
    args = parser.parse_args()
    scratch = args.work or Path(tempfile.mkdtemp(prefix="qa-reader-eval-"))
    scratch.mkdir(parents=True, exist_ok=True)
    sets = prepare(scratch, args.squad.resolve(), args.squad_sample, not args.skip_reuters)
    before = scratch / "before-tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(before), args.before], cwd=ROOT, check=True,
                   capture_output=True)
    figures: dict[str, dict[str, dict[str, object]]] = {}
    try:
        for name, (questions, corpus) in sets.items():
            figures[name] = {side: evaluate(tree, scratch, questions, corpus)["qa"]
                             for side, tree in (("before", before), ("after", ROOT))}
            show(name, figures[name], ("before", "after"))
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(before)], cwd=ROOT, capture_output=True)
    chains = [("seeds", ROOT / "seeds")] + ([("reuters", sets["reuters-report"][1])] if "reuters-report" in sets
                                            else [])
    for corpus_name, corpus in chains:
        for half in ("tune", "report"):
            name = f"followups-{corpus_name}-{half}"
            figures[name] = evaluate(ROOT, scratch, ROOT / "tests" / "data" / f"followup_{corpus_name}.jsonl",
                                     corpus, ("--half", half))
            show(name, figures[name], ("alone", "history", "full"))
    if args.out:
        args.out.write_text(json.dumps({"before": args.before, "figures": figures}, indent=2) + "\n")


def show(name: str, systems: dict, columns: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    print(f"\n{name}: {'metric':<26} " + " ".join(f"{c:>8}" for c in columns), flush=True)
    for metric in METRICS:
        values = [systems[column].get(metric) for column in columns]
        if all(v is None for v in values):
            continue
        if metric == "median_seconds":
            cells = [f"{v * 1000:.0f} ms" if isinstance(v, float) else "—" for v in values]
        else:
            cells = [f"{v:.3f}" if isinstance(v, float) else "—" for v in values]
        print(f"  {'':<{len(name)}}{metric:<26} " + " ".join(f"{c:>8}" for c in cells))


if __name__ == "__main__":
    main()
