#!/usr/bin/env bash
# Install everything (Python dev extras, Node dev tools from the lock file) and run every check:
# ruff, mypy --strict, the import contracts (lint-imports) and the whole pytest suite (which also drives tsc, prettier and node).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import sys; assert sys.version_info >= (3, 10), "pygen needs Python >= 3.10"'
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ./runtime -e '.[dev]'
# the service's Celery tests start their own redis-server (Debian's package; we run as root)
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "== ruff"
.venv/bin/ruff check pygen ts_emitter runtime tests benchmarks scripts
echo "== mypy --strict"
.venv/bin/mypy --strict pygen ts_emitter runtime/src/pygen_runtime
echo "== import contracts"
.venv/bin/lint-imports
echo "== pytest"
.venv/bin/pytest "$@"
