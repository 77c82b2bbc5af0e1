"""Question sets for `qa eval`: our JSONL, SQuAD v1.1 JSON and BEIR folders, read into one shape."""

from __future__ import annotations

import csv
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import InputError
from qa.evaluation.squad_split import REPORT, article_part


@dataclass(frozen=True)
class EvalQuestion:
    """One question with what counts as right: gold answer strings, gold sources, graded relevant documents."""

    question: str
    answers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unanswerable: bool = False
    relevant: dict[str, int] = field(default_factory=dict)
    half: str = ""  # "tune" or "report" where the set is split (SQuAD: by article, see squad_split)
    article: str = ""  # the SQuAD article the question was written on
    history: tuple[str, ...] = ()  # a follow-up: the earlier questions of its conversation, as typed
    full: str = ""  # a follow-up: the same question written out to stand alone


@dataclass(frozen=True)
class Document:
    """A corpus document that the eval writes to a file named `<doc_id>.txt`."""

    doc_id: str
    text: str
    article: str = ""


@dataclass
class EvalSet:
    """Questions, and the corpus they are asked of when the set brings its own (SQuAD, BEIR); else None."""

    name: str
    kind: str  # "jsonl", "squad" or "beir"
    questions: list[EvalQuestion]
    corpus: list[Document] | None = None
    fingerprint: str = ""

    def sample(self, size: int | None, seed: int) -> EvalSet:
        """A fixed random subset of the questions (the corpus stays whole)."""
        if size is None or size >= len(self.questions):
            return self
        picked = sorted(random.Random(seed).sample(range(len(self.questions)), size))
        questions = [self.questions[i] for i in picked]
        return EvalSet(f"{self.name} (sample {size}, seed {seed})", self.kind, questions, self.corpus, self.fingerprint)

    def half(self, which: str | None) -> EvalSet:
        """Only the questions of one half ("tune" or "report"); the corpus stays whole."""
        if which is None:
            return self
        if not any(q.half for q in self.questions):
            raise InputError(f"{self.name} is not split into halves (no \"half\" field)")
        questions = [q for q in self.questions if q.half == which]
        return EvalSet(f"{self.name} ({which} half)", self.kind, questions, self.corpus, self.fingerprint)

    def unanswerable_from(self, path: Path | None) -> EvalSet:
        """SQuAD 2.0's unanswerable questions (`path`, e.g. dev-v2.0.json) on this set's articles, in place of its
        own questions, asked of the whole corpus: each was written to look answerable by its own paragraph, so all
        should get no answer. A question keeps its article's half."""
        if path is None:
            return self
        halves = {q.article: q.half for q in self.questions if q.article}
        if self.corpus is None or not halves:
            raise InputError("--unanswerable needs a SQuAD file: questions and a corpus of articles")
        questions = [EvalQuestion(question, unanswerable=True, half=halves[title], article=title)
                     for title, question in unanswerable_questions(path) if title in halves]
        if not questions:
            raise InputError(f"{path}: no unanswerable question (\"is_impossible\") on the articles of {self.name}")
        return EvalSet(f"{self.name}: SQuAD 2.0's unanswerable questions", self.kind, questions, self.corpus,
                       self.fingerprint)

    def without_own_articles(self) -> EvalSet:
        """Every question asked of a corpus without the articles the questions were written on: all of them
        should get no answer (SQuAD)."""
        if self.corpus is None or not any(q.article for q in self.questions):
            raise InputError("--absent needs a SQuAD file: questions and a corpus of articles")
        own = {q.article for q in self.questions}
        corpus = [d for d in self.corpus if d.article not in own]
        questions = [EvalQuestion(q.question, unanswerable=True, half=q.half, article=q.article)
                     for q in self.questions]
        fingerprint = hashlib.sha256(f"{self.fingerprint} without {sorted(own)}".encode()).hexdigest()
        return EvalSet(f"{self.name} (their articles left out)", self.kind, questions, corpus, fingerprint)


def load(path: Path, split: str = "test") -> EvalSet:
    """Pick the loader from what `path` is: a BEIR folder, a SQuAD JSON file or a JSONL file."""
    try:
        return _load(path, split)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; question files are UTF-8 JSON") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _load(path: Path, split: str) -> EvalSet:
    if path.is_dir():
        return load_beir(path, split)
    if not path.is_file():
        raise InputError(f"no such file or folder: {path}")
    if path.suffix == ".jsonl":
        return load_jsonl(path)
    if path.suffix == ".json":
        return load_squad(path)
    raise InputError(f"{path}: expected a .jsonl question file, a SQuAD .json file or a BEIR folder")


def load_jsonl(path: Path) -> EvalSet:
    """Our question sets: lines of {"question", "answers": [..], "sources": [..], "unanswerable": bool,
    "half": "tune"|"report"}, or one conversation a line (see `_chain`); a line {"_comment": ...} is skipped."""
    questions: list[EvalQuestion] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if "_comment" in row:
                    continue
                questions.extend(_chain(row) if "turns" in row else [_question(row)])
            except (ValueError, KeyError, TypeError, AttributeError):
                raise InputError(f"{path}:{number}: not a question object with a \"question\" field") from None
    if not questions:
        raise InputError(f"{path}: no questions")
    return EvalSet(path.name, "jsonl", questions, None, _sha256(path))


def _question(row: dict, history: tuple[str, ...] = (), half: str = "") -> EvalQuestion:
    return EvalQuestion(
        question=str(row["question"]),
        answers=tuple(str(a) for a in row.get("answers") or ()),
        sources=tuple(str(s) for s in row.get("sources") or ()),
        unanswerable=bool(row.get("unanswerable", False)) or row.get("kind") == "unanswerable",
        half=str(row.get("half") or half),
        history=history,
        full=str(row.get("full") or ""),
    )


def _chain(row: dict) -> list[EvalQuestion]:
    """A conversation {"chain", "half", "turns": [{"question", "answers", "sources", "full"}, ...]}: its follow-ups
    (every turn but the first), each with the questions before it."""
    turns = row["turns"]
    questions = [str(turn["question"]) for turn in turns]
    return [_question(turn, tuple(questions[:i]), str(row.get("half") or "")) for i, turn in enumerate(turns) if i]


def load_squad(path: Path) -> EvalSet:
    """SQuAD v1.1: every paragraph becomes a document `p00000`..., every question points at its paragraph; the
    questions of the articles the reader was not trained on are the "report" half (qa.evaluation.squad_split)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["data"]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path}: not a SQuAD v1.1 JSON file (no \"data\" list)") from None
    corpus: list[Document] = []
    questions: list[EvalQuestion] = []
    for number, article in enumerate(articles):
        half = "report" if article_part(number) == REPORT else "tune"
        for paragraph in article["paragraphs"]:
            doc_id = f"p{len(corpus):05d}"
            corpus.append(Document(doc_id, paragraph["context"], article["title"]))
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"]))
                questions.append(EvalQuestion(qa["question"], answers, (doc_id + ".txt",),
                                              relevant={doc_id: 1}, half=half, article=article["title"]))
    return EvalSet(path.name, "squad", questions, corpus, _sha256(path))


def unanswerable_questions(path: Path) -> list[tuple[str, str]]:
    """(article title, question) of every question a SQuAD 2.0 file marks "is_impossible"."""
    try:
        articles = json.loads(path.read_text(encoding="utf-8"))["data"]
        return [(article["title"], qa["question"]) for article in articles for paragraph in article["paragraphs"]
                for qa in paragraph["qas"] if qa.get("is_impossible")]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{path}: not a SQuAD 2.0 JSON file (no \"data\" list of articles)") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def load_beir(folder: Path, split: str = "test") -> EvalSet:
    """A BEIR folder: corpus.jsonl (title + text per document), queries.jsonl and qrels/<split>.tsv."""
    qrels_path = folder / "qrels" / f"{split}.tsv"
    for needed in (folder / "corpus.jsonl", folder / "queries.jsonl", qrels_path):
        if not needed.is_file():
            raise InputError(f"{folder} is not a BEIR folder: {needed.name} is missing")
    corpus = []
    with open(folder / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            title, text = (row.get("title") or "").strip(), (row.get("text") or "").strip()
            corpus.append(Document(_safe_id(str(row["_id"])), f"{title}\n\n{text}" if title else text))
    queries = {}
    with open(folder / "queries.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            queries[str(row["_id"])] = str(row["text"])
    relevant: dict[str, dict[str, int]] = {}
    with open(qrels_path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) < 3 or row[0] == "query-id":
                continue
            if int(row[2]) > 0:
                relevant.setdefault(row[0].strip(), {})[_safe_id(row[1].strip())] = int(row[2])
    questions = [
        EvalQuestion(queries[qid], (), tuple(f"{d}.txt" for d in docs), relevant=docs)
        for qid, docs in relevant.items() if qid in queries
    ]
    digest = hashlib.sha256()
    for name in ("corpus.jsonl", "queries.jsonl"):
        digest.update(_sha256(folder / name).encode())
    return EvalSet(f"{folder.name} ({split})", "beir", questions, corpus, digest.hexdigest())


def _safe_id(doc_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in doc_id)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
