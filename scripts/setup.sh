#!/usr/bin/env bash
# Install everything into .venv, train what must be trained, then run the main job once.
# Safe to run again: it reuses the virtualenv and retrains from the current corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $PY"
  "$PY" -m venv .venv
fi
PIP=".venv/bin/python -m pip --disable-pip-version-check"
$PIP install -q --upgrade pip
echo "== torch (CPU build) first, so nothing pulls a CUDA build"
$PIP install -q torch==2.13.0
echo "== calmdesk and its dependencies"
$PIP install -q -e ".[dev]"

echo "== training the analyzer (corpus/ -> index/analyzer/)"
.venv/bin/calmdesk train > /dev/null
echo "== building the retrieval index (approved cases + phrases -> index/retrieval/)"
.venv/bin/calmdesk index build
echo "== main job on the built-in defaults: analyze a sample complaint"
.venv/bin/calmdesk analyze "买的羽绒服12号下的单，到现在物流三天没动了！！再不发我就投诉到12315，顺便给差评😡 订单号 6917 3428 0051 2297"
