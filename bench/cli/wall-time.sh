#!/usr/bin/env bash
# Start-up benchmark, in one run on one JVM (the `java` that bin/qualify uses: $JAVA_HOME/bin/java, else the one on
# PATH): median and p90 wall time of `java -version`, `qualify --version` and `qualify --help`, with and without the
# class-data-sharing archive, and their ratio to `java -version`. The commands are interleaved round by round so
# that a change in machine load hits all of them alike; the warm-up rounds (page cache, CPU frequency) are dropped.
# Optionally the median of `./qualify demo`.
#
# Usage: bench/cli/wall-time.sh [RUNS] [WARMUP] [RUNS_DEMO]      (defaults 21, 3 and 0)
#   QUALIFY_DIST=DIR   time the installation in DIR instead of distribution/target/qualify (built if needed)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-21}
warmup=${2:-3}
runs_demo=${3:-0}
if [ -n "${QUALIFY_DIST:-}" ]; then
  dist=$QUALIFY_DIST
else
  ./qualify --version >/dev/null          # builds if needed; not timed
  dist=distribution/target/qualify
fi
q="$dist/bin/qualify"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java); fi
java=$(readlink -f "$java")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name|command, run by `bash -c` with stdout and stderr discarded (a failure aborts the benchmark); each one
# execs, so every case pays the same fork + exec and that constant overhead does not bias the ratios
cases=(
  "java -version|exec $java -version"
  "qualify --version|exec $q --version"
  "qualify --help|exec $q --help"
  "qualify --version, no CDS archive|QUALIFY_CDS=off exec $q --version"
  "qualify --help, no CDS archive|QUALIFY_CDS=off exec $q --help"
)

# microseconds of one run
time_us() {
  local t0 t1
  t0=$EPOCHREALTIME
  bash -c "$1" >/dev/null 2>&1 || { echo "failed: $1" >&2; exit 1; }
  t1=$EPOCHREALTIME
  echo $(( (${t1/./} - ${t0/./}) ))
}
for ((r = 1; r <= warmup + runs; r++)); do
  for i in "${!cases[@]}"; do
    us=$(time_us "${cases[$i]#*|}")
    if ((r > warmup)); then echo "$us" >>"$out/$i"; fi
  done
done

# median and p90 (nearest rank) in ms
stats() { sort -n "$1" | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
  p = int(0.9 * NR); if (p < 0.9 * NR) p++; printf "%.1f %.1f\n", m / 1000, a[p] / 1000}'; }

archive=absent
if [ -f "$dist/lib/qualify.jsa" ]; then
  if QUALIFY_JAVA_OPTS="-Xlog:cds+dynamic=info" "$q" --version 2>&1 | grep -q "top archive failed\|Unable to use shared archive"; then
    archive="present but refused by this JVM"
  else
    archive="present and used"
  fi
fi
echo "JVM: $java ($("$java" -version 2>&1 | sed -n 2p))"
echo "Machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg), CDS archive $archive"
echo "Runs: $runs per command after $warmup warm-up rounds, interleaved"
echo
echo "| Command | Median | p90 | Median / java -version |"
echo "|---|---|---|---|"
read -r base _ < <(stats "$out/0")
for i in "${!cases[@]}"; do
  read -r med p90 < <(stats "$out/$i")
  echo "| \`${cases[$i]%%|*}\` | ${med} ms | ${p90} ms | $(awk -v a="$med" -v b="$base" 'BEGIN {printf "%.2f×", a / b}') |"
done

if ((runs_demo > 0)); then
  for _ in $(seq "$runs_demo"); do time_us "exec ./qualify demo --output $out/demo" >>"$out/demo.txt"; done
  read -r med p90 < <(stats "$out/demo.txt")
  echo
  echo "./qualify demo: median ${med} ms, p90 ${p90} ms over ${runs_demo} runs"
fi
