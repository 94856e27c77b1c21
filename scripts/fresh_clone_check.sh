#!/usr/bin/env bash
# Prove the README's two commands on a fresh clone: clone HEAD into a new directory (with a new
# .venv) beside shared/, run `make setup` and `make test` there, report the times.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:-$(dirname "$src")/calmdesk-fresh-$$}
git clone -q "$src" "$dest"
cd "$dest"
start=$(date +%s); make setup; mid=$(date +%s); make test; end=$(date +%s)
echo "fresh clone at $dest: setup $((mid - start))s, tests $((end - mid))s"
