"""The `qa` command line: parse, call the library, print. Errors become one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.config import QUANTIZED_BY_DEFAULT, default_index_dir, index_named
from qa.errors import InputError, QAError
from qa.text.display import displayable

if TYPE_CHECKING:
    from qa.ask import Engine

REBUILD = "qa index --rebuild"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Ask questions of a folder of news articles.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser("index", help="build or update the vector index")
    index.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="folders of .txt/.md articles (default: seeds/)")
    index.add_argument("--rebuild", action="store_true", help="re-embed every article")
    index.add_argument("--follow-links", action=argparse.BooleanOptionalAction, default=None,
                       help="also index files that symbolic links lead to outside the folders (default: skip them "
                            "with a warning, or keep what the index has)")
    index.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=None,
                       help="embed with the int8 model, articles and questions alike (the default for a new index; "
                            "--no-quantize: full precision; default: keep what the index has)")
    _index_option(index)

    ask = commands.add_parser("ask", help="answer a question with cited passages")
    ask.add_argument("question", nargs="?", help="the question; without it, one question per line is read from stdin")
    ask.add_argument("-k", type=int, default=5, help="how many passages to show (default 5)")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    ask.add_argument("--since", metavar="DATE", help="only articles dated on or after DATE (YYYY[-MM[-DD]])")
    ask.add_argument("--until", metavar="DATE", help="only articles dated on or before DATE (YYYY[-MM[-DD]])")
    ask.add_argument("--after", action="append", default=[], metavar="QUESTION",
                     help="an earlier question of the conversation (repeatable, oldest first): the question is read "
                          "as a follow-up to them")
    ask.add_argument("--history", type=Path, default=None, metavar="FILE",
                     help="a JSON list of the earlier questions of the conversation, oldest first")
    _index_option(ask)

    evaluate = commands.add_parser("eval", help="score answer quality on a question set")
    evaluate.add_argument("file", type=Path, metavar="FILE",
                          help="questions: our .jsonl, a SQuAD v1.1 .json, or a BEIR folder")
    evaluate.add_argument("--k", default="1,3,5,10", help="cut-offs for recall and hit rates (default 1,3,5,10)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--sample", type=int, default=None, metavar="N", help="a fixed random subset of N questions")
    evaluate.add_argument("--seed", type=int, default=0, help="seed of the --sample (default 0)")
    evaluate.add_argument("--baselines", action="store_true", help="also score plain dense and plain BM25")
    evaluate.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                          help="for .jsonl sets: index this folder (cached) instead of using the current index")
    evaluate.add_argument("--split", default="test", help="BEIR qrels split (default test)")
    evaluate.add_argument("--quantize", action=argparse.BooleanOptionalAction, default=QUANTIZED_BY_DEFAULT,
                          help="index the set's corpus (or --corpus) with the int8 model, as qa index does by "
                               "default (--no-quantize: full precision)")
    evaluate.add_argument("--half", choices=("tune", "report"), default=None,
                          help="only one half of a split set (SQuAD: report = the articles the reader never saw)")
    evaluate.add_argument("--absent", action="store_true",
                          help="SQuAD: ask of an index without the questions' own articles (all should get no answer)")
    evaluate.add_argument("--unanswerable", type=Path, default=None, metavar="SQUAD2",
                          help="SQuAD: ask SQuAD 2.0's unanswerable questions on the set's articles (e.g. "
                               "dev-v2.0.json) instead of its own, of the whole corpus (all should get no answer)")
    evaluate.add_argument("--after", action="append", default=[], metavar="QUESTION",
                          help="ask every question after this one (repeatable, oldest first), as in a conversation: "
                               "questions that stand alone should score the same")
    evaluate.add_argument("--per-question", type=Path, default=None, metavar="FILE",
                          help="also write one JSON line per question: each system's answer, phrase, the rank of "
                               "the first passage holding the answer, right or not (and a follow-up's reading)")
    _index_option(evaluate)

    chat = commands.add_parser("chat", help="open the chat in the terminal")
    _index_option(chat)
    return parser


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", type=Path, default=None, metavar="DIR",
                        help="index folder (default: vectors/, or $QA_INDEX)")


def entry() -> None:
    """The `qa` console script. A one-shot `qa ask` ends without tearing the interpreter down once its output is
    flushed: freeing the loaded archive (its chunk table, FAISS and onnxruntime sessions) took a tenth of a second
    of a cold answer on the Reuters archive, and nothing is left to write by then."""
    argv = sys.argv[1:]
    try:
        code = main(argv)
    except BrokenPipeError:  # the reader of our output has gone (qa ask ... | head): nothing more to say
        os._exit(1)  # without flushing what cannot be written
    if argv[:1] != ["ask"]:
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (qa ask ... | head): what could be written was
        code = code or 1
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    index_dir: Path = args.index or default_index_dir()
    try:
        if args.command == "index":
            from qa.engine import source_folders

            paths = args.paths or source_folders(index_dir, default_corpus=not index_named(args.index))
            return run_index(paths, index_dir, BuildChoices(args.rebuild, args.quantize, args.follow_links))
        if args.command == "ask":
            history = tuple(_valid_text(q) for q in args.after) + read_history(args.history)
            options = AskOptions(args.k, args.json, args.since, args.until, default_corpus=not index_named(args.index),
                                 history=history)
            return run_ask(args.question, index_dir, options)
        if args.command == "eval":
            from qa.evaluation.command import EvalRequest, parse_ks, run_eval

            request = EvalRequest(args.file, index_dir, parse_ks(args.k), args.json, args.sample, args.seed,
                                  args.baselines, args.corpus, args.split, args.quantize, not index_named(args.index),
                                  args.half, args.absent, tuple(_valid_text(q) for q in args.after),
                                  args.per_question, args.unanswerable)
            return run_eval(request, _announce)
        if args.command == "chat":
            from tui.factory import run_chat

            return run_chat(index_dir, default_corpus=not index_named(args.index))
    except QAError as exc:
        message = exc.message
        if message.endswith(REBUILD) and index_named(args.index):  # the fix must work as printed
            message += f" --index {index_dir}"
        print(f"qa: error: {displayable(message)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    return 2


@dataclass(frozen=True)
class BuildChoices:
    """What `qa index` was told: re-embed everything, int8 or not, follow links out of the folders or not (None:
    keep what the index has)."""

    rebuild: bool = False
    quantize: bool | None = None
    follow_links: bool | None = None


def run_index(paths: list[Path], index_dir: Path, choices: BuildChoices) -> int:
    from qa.index.build import BuildOptions, update_index
    from qa.render import ProgressBar

    bar = ProgressBar("Embedding")
    try:
        options = BuildOptions(rebuild=choices.rebuild, progress=bar, on_wait=_announce, quantize=choices.quantize,
                               follow_links=choices.follow_links)
        report = update_index(paths, index_dir, options)
    finally:
        bar.close()
    for warning in report.warnings:
        _announce(f"warning: {warning}")
    print(report.summary())
    return 0


@dataclass(frozen=True)
class AskOptions:
    """How `qa ask` answers: passages shown, JSON or text, the date range, and whether a missing index may be
    built from the default corpus (only when the user named no index)."""

    k: int = 5
    as_json: bool = False
    since: str | None = None
    until: str | None = None
    default_corpus: bool = True
    history: tuple[str, ...] = ()  # --after / --history: the earlier questions of the conversation


@dataclass(frozen=True)
class Asked:
    """One question of a batch, with the earlier questions of its conversation (none for a question alone); or
    the reason it cannot be asked (a batch line that is a JSON object but not a question)."""

    question: str
    history: tuple[str, ...] = ()
    problem: str | None = None


EMPTY_EARLIER = "an earlier question (--after, --history or a line's \"history\") is empty"


def read_history(path: Path | None) -> tuple[str, ...]:
    """The --history file: a JSON list of the earlier questions, oldest first."""
    if path is None:
        return ()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError):
        raise InputError(f"{path}: not a JSON list of questions") from None
    if not isinstance(data, list) or not all(isinstance(q, str) for q in data):
        raise InputError(f"{path}: not a JSON list of questions (strings)")
    return tuple(data)


def batch_line(line: str) -> Asked:
    """A line of a batch: a plain question, or {"question": "...", "history": ["earlier question", ...]}."""
    if not line.lstrip().startswith("{"):
        return Asked(line)
    try:
        row = json.loads(line)
    except ValueError:
        return Asked(line)
    question, history = row.get("question") if isinstance(row, dict) else None, row.get("history", [])
    if not isinstance(question, str) or not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        return Asked(line, problem='a JSON line needs {"question": "...", "history": ["...", ...]}')
    from qa.ask.query import any_blank

    return Asked(question, tuple(history), EMPTY_EARLIER if any_blank(history) else None)


def run_ask(question: str | None, index_dir: Path, options: AskOptions) -> int:
    from qa.ask.query import any_blank, clean_question
    from qa.render import ProgressBar

    k, since, until = options.k, options.since, options.until
    if question is None and sys.stdin.isatty():
        raise_input("give a question, e.g. qa ask \"How many times has Kim visited China?\"")
    questions = ([Asked(_valid_text(question), options.history)] if question is not None
                 else [batch_line(line) for line in _stdin_questions()])
    if question is not None:
        clean_question(question)
        if any_blank(options.history):
            raise_input(EMPTY_EARLIER)
    if k < 1:
        raise_input("-k must be at least 1")
    from qa.ask.date_filter import date_range

    date_range(since, until)

    from qa.engine import Callbacks, open_engine

    bar = ProgressBar("Indexing")
    try:
        opened = open_engine(index_dir, Callbacks(_announce, bar), default_corpus=options.default_corpus)
    finally:
        bar.close()
    if opened.report is not None:
        _announce(opened.report.summary())
    return _answer_all(questions, opened.engine, options)


def _answer_all(questions: list[Asked], engine: Engine, options: AskOptions) -> int:
    """Answer each question in turn (a follow-up after its earlier questions, asked first); one that cannot be
    asked (empty once cleaned) gets its error (a JSON object with "error" in --json mode, so that output lines
    stay one per question) and the batch goes on. Exit code 2 when any failed."""
    from qa.ask import ask
    from qa.ask.pipeline import earlier_turns
    from qa.render import format_result, json_line

    failed = 0
    for i, asked in enumerate(questions):
        text = asked.question
        _note_if_long(text)
        try:
            if asked.problem:
                raise InputError(asked.problem)
            turns = earlier_turns(asked.history, engine, options.k)
            result = ask(text, engine, options.k, options.since, options.until, history=turns)
        except InputError as exc:
            failed += 1
            if options.as_json:
                print(json_line({"question": text, "error": exc.message}))
            else:
                _announce(f"qa: error: question {i + 1}: {exc.message}" if len(questions) > 1
                          else f"qa: error: {exc.message}")
            continue
        if options.as_json:
            print(json_line(result.as_json()))
        else:
            if i:
                print("\n" + "─" * 40)
            print(format_result(result))
    return InputError.exit_code if failed else 0


def _valid_text(text: str) -> str:
    """Undecodable bytes in argv or stdin (kept by Python as lone surrogates) become U+FFFD, so output stays UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _note_if_long(question: str) -> None:
    from qa.ask.query import MAX_QUESTION_CHARS

    length = len(" ".join(question.split()))
    if length > MAX_QUESTION_CHARS:
        _announce(f"note: the question has {length} characters; only the first {MAX_QUESTION_CHARS} are used")


def _stdin_questions() -> Iterator[str]:
    lines = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
    for raw in lines:
        line = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else _valid_text(raw)
        if line.strip():
            yield line.rstrip("\n")


def raise_input(message: str) -> None:
    from qa.errors import InputError

    raise InputError(message)


def _announce(message: str) -> None:
    print(displayable(message), file=sys.stderr, flush=True)
