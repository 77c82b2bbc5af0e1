"""The cold query path: no torch on it, and its ONNX encoder gives sentence-transformers' vectors."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from qa.index import store
from qa.index.onnx_encoder import OnnxEncoder
from qa.index.onnx_export import ready_encoder
from qa.index.torch_encoder import SentenceTransformerEncoder

HEAVY = ("torch", "transformers", "sentence_transformers", "textual")

PROBE = """
import json, sys
from qa.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(m for m in sys.modules if m.split('.')[0] in %r)}))
"""


def _modules_loaded_by(args: list[str], cwd: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE % (HEAVY,), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    return json.loads(done.stdout.splitlines()[-1])


def test_qa_ask_imports_no_torch(seed_index: Path, tmp_path: Path) -> None:
    probe = _modules_loaded_by(["ask", "--json", "Where did Kim fly in May?", "--index", str(seed_index)], tmp_path)
    assert probe["code"] == 0
    assert probe["modules"] == []


def test_qa_help_imports_nothing_heavy(tmp_path: Path) -> None:
    code = ("import sys\nfrom qa.cli import build_parser\nbuild_parser().format_help()\n"
            "print(sorted(m for m in ('numpy', 'faiss', 'onnxruntime', 'torch', 'bm25s', 'textual')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]"


def test_onnx_vectors_match_sentence_transformers(seed_index: Path) -> None:
    texts = [
        "How many times has Kim visited China?",
        "a",
        "Kim flew to Dalian in May and Beijing in June for his second and third meetings with Xi Jinping.",
        "word " * 400,  # longer than the window: both truncate at 256 word pieces
        "Ünïcödé — “quotes” and 北京 and emoji 🙂",
    ] + [c.text for c in store.load(seed_index).chunks[:20]]
    onnx = OnnxEncoder(ready_encoder(quantized=False)).encode(texts)
    reference = SentenceTransformerEncoder().encode(texts)
    cosines = (onnx * reference).sum(axis=1)
    assert cosines.min() >= 0.9999, cosines.min()
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-4)
