"""Which encoder indexes by default: throughput of every candidate on the same passages, and answer quality of the
two qa can be told to use (int8, full precision), side by side in one run.

Throughput (always): a seeded sample of Reuters articles (../shared/bench/reuters/articles.jsonl), cut into passages
by qa's own chunker, embedded by
- raw fp32 sentence-transformers `model.encode` (the yardstick), and with bf16 autocast;
- the ONNX export in fp32, and int8 by onnxruntime's dynamic quantization three ways: one scale per matrix (all
  quantizable ops), one scale per output channel (all ops), one per output channel of the weight matrices only
  (the embeddings kept in fp32: qa's default);
each timed once after a warm-up batch, as word pieces/s and ratio to raw fp32, with the cosine of its passage vectors
to the fp32 ONNX ones.

Quality (`--quality`): `qa eval --json` with `--no-quantize` and `--quantize` on the seed set, the Reuters set (each
half; whole archive) and the SQuAD held-out articles (`--squad-sample` questions), as bench/reader_eval.py writes them.

    .venv/bin/python bench/encoder_choice.py [--articles 400] [--quality --work DIR]
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reader_eval import DEFAULT_SQUAD, evaluate, prepare  # noqa: E402
from bench.reuters_corpus import read_articles  # noqa: E402
from qa.config import ChunkSettings  # noqa: E402
from qa.index.encoder_cache import CachedEncoder  # noqa: E402
from qa.index.encoders import session_options  # noqa: E402
from qa.index.onnx_encoder import MODEL_FILE, OnnxEncoder  # noqa: E402
from qa.index.onnx_export import ready_encoder  # noqa: E402
from qa.index.sentence_table import chunk_sentences  # noqa: E402
from qa.ingest.files import read_document  # noqa: E402
from qa.ingest.passages import chunk_document  # noqa: E402
from qa.text.tokens import TokenCounter  # noqa: E402

QUALITY = ("answer_recall@1", "answer_recall@5", "answer_sentence_accuracy")


def passages(count: int, folder: Path) -> list[str]:
    """The passages qa cuts from `count` Reuters articles drawn with seed 0."""
    articles = random.Random(0).sample(read_articles(), count)
    counter = TokenCounter()
    texts: list[str] = []
    for article in articles:
        path = folder / f"{article['newid']}.txt"
        path.write_text(article["text"], encoding="utf-8")
        texts.extend(c.text for c in chunk_document(read_document(path), path.name, frozenset(), counter,
                                                    ChunkSettings()))
    return texts


def quantized_variants(full: CachedEncoder, folder: Path) -> dict[str, Path]:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.disable(logging.WARNING)
    variants = {"int8, one scale per matrix, all ops": {"per_channel": False},
                "int8, per channel, all ops": {"per_channel": True}}
    made = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, options in variants.items():
            made[name] = folder / f"{len(made)}.onnx"
            quantize_dynamic(str(full.folder / MODEL_FILE), str(made[name]), weight_type=QuantType.QInt8, **options)
    logging.disable(logging.NOTSET)
    return made


def onnx_run(graph: Path, like: CachedEncoder) -> Callable[[list[str]], np.ndarray]:
    """Embed as `qa index` does (the chunk vector and its sentence vectors from one pass) with `graph`."""
    encoder = OnnxEncoder(like)
    if graph != like.graph:
        import onnxruntime

        encoder.graph = graph  # the indexing session is opened from it on first use
        encoder.session = onnxruntime.InferenceSession(str(graph), session_options(),
                                                       providers=["CPUExecutionProvider"])
    return lambda texts: encoder.encode_with_spans(texts, [chunk_sentences(t) for t in texts])[0]


def torch_runs() -> dict[str, Callable[[list[str]], np.ndarray]]:
    import torch

    from qa.index.torch_encoder import load_sentence_transformer, use_every_core

    model = load_sentence_transformer()
    use_every_core()

    def bf16(texts: list[str]) -> np.ndarray:
        with torch.autocast("cpu", dtype=torch.bfloat16):
            return np.asarray(model.encode(texts, batch_size=32, normalize_embeddings=True))

    return {"raw fp32 sentence-transformers model.encode":
            lambda texts: np.asarray(model.encode(texts, batch_size=32, normalize_embeddings=True)),
            "sentence-transformers, bf16 autocast": bf16}


def throughput(texts: list[str], scratch: Path) -> None:
    full, int8 = ready_encoder(quantized=False), ready_encoder(quantized=True)
    runs = torch_runs()
    runs["ONNX fp32"] = onnx_run(full.graph, full)
    for name, graph in quantized_variants(full, scratch).items():
        runs[f"ONNX {name}"] = onnx_run(graph, full)
    runs["ONNX int8, per channel, weight matrices only (qa's default)"] = onnx_run(int8.graph, int8)
    tokens = sum(TokenCounter().count(texts))
    print(f"{len(texts)} passages, {tokens} word pieces\n")
    print("| encoder | seconds | passages/s | word pieces/s | × raw fp32 | cosine to ONNX fp32 (min / mean) |")
    print("|---|---|---|---|---|---|")
    vectors: dict[str, np.ndarray] = {}
    raw_seconds = None
    for name, run in runs.items():
        run(texts[:32])
        started = time.perf_counter()
        vectors[name] = run(texts)
        seconds = time.perf_counter() - started
        raw_seconds = raw_seconds or seconds
        reference = vectors.get("ONNX fp32")
        cosine = "—" if reference is None else \
            f"{(reference * vectors[name]).sum(1).min():.4f} / {(reference * vectors[name]).sum(1).mean():.4f}"
        print(f"| {name} | {seconds:.1f} | {len(texts) / seconds:.1f} | {tokens / seconds:.0f} | "
              f"{raw_seconds / seconds:.2f} | {cosine} |", flush=True)


def quality(work: Path, squad: Path, sample: int) -> None:
    sets = prepare(work, squad, sample, reuters=True)
    del sets["squad-absent"]
    print("\n| set | metric | fp32 | int8 | int8 − fp32 |\n|---|---|---|---|---|")
    for name, (questions, corpus) in sets.items():
        figures = {side: evaluate(ROOT, work, questions, corpus, (flag,))["qa"]
                   for side, flag in (("fp32", "--no-quantize"), ("int8", "--quantize"))}
        for metric in QUALITY:
            full, int8 = figures["fp32"][metric], figures["int8"][metric]
            print(f"| {name} | {metric} | {full:.3f} | {int8:.3f} | {int8 - full:+.3f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400, help="Reuters articles whose passages are embedded")
    parser.add_argument("--quality", action="store_true", help="also run qa eval both ways (about 30 min)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder for --quality (kept: reruns reuse it)")
    parser.add_argument("--squad", type=Path, default=DEFAULT_SQUAD)
    parser.add_argument("--squad-sample", type=int, default=1000)
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-encoders-") as scratch:
        if not args.skip_throughput:
            throughput(passages(args.articles, Path(scratch)), Path(scratch))
    if args.quality:
        work = args.work or Path(tempfile.mkdtemp(prefix="qa-encoder-quality-"))
        work.mkdir(parents=True, exist_ok=True)
        quality(work, args.squad.resolve(), args.squad_sample)


if __name__ == "__main__":
    main()
