#!/usr/bin/env bash
# attend beside DuckDB on the statutory job, in the same run on this machine.
#
#   scripts/bench-vs-duckdb.sh [--pupils N] [--repeats N] [--large]
#
# Builds attend and the register generator (release), installs DuckDB with pip
# into a throwaway virtual environment under target/ (never a dependency of
# attend), writes a made-up register, checks that attend's and DuckDB's answers
# agree pupil by pupil, and prints wall times, marks per second, peak memory
# and the ratio. --large adds attend alone over 100 million marks.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet --bin attend --example generate_register
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet duckdb
fi
exec "$venv/bin/python" scripts/bench_vs_duckdb.py "$@"
