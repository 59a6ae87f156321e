#!/usr/bin/env bash
# Scenario benchmark: median wall time of `qualify --version` and of `./qualify demo` on an already built tree.
# Usage: bench/cli/wall-time.sh [RUNS_VERSION] [RUNS_DEMO]      (defaults 11 and 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs_version=${1:-11}
runs_demo=${2:-5}
./qualify --version >/dev/null          # builds if needed; not timed
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
time_ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

v=$(for _ in $(seq "$runs_version"); do time_ms distribution/target/qualify/bin/qualify --version; done | median)
d=$(for _ in $(seq "$runs_demo"); do time_ms ./qualify demo --output "$out"; done | median)
echo "qualify --version: median ${v} ms over ${runs_version} runs"
echo "./qualify demo:    median ${d} ms over ${runs_demo} runs"
