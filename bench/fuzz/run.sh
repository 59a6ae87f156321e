#!/bin/bash
# The long fuzzing run: each fuzz target for RUNS inputs (libFuzzer's -runs), one after another, each in a JVM of
# its own, with the 10 s per-input timeout the tests declare (a slower input is a hang, a finding). The same
# @FuzzTest methods CI fuzzes for 25 s each with -Pfuzz, run here through Jazzer's own launcher so the count is exact.
#   bench/fuzz/run.sh [RUNS] [TARGET...]        RUNS defaults to 10000000; TARGET: unity config idt mqtt (default all)
#   MAX_SECONDS=1800 bench/fuzz/run.sh ...      also stop each target after that long (libFuzzer's -max_total_time)
# Prints libFuzzer's progress to bench/fuzz/target/<target>.log and one RESULT line per target:
#   RESULT target=unity runs=1000000 fuzzing_seconds=... wall_seconds=... exec_per_s=... coverage=... finding=none|timeout|...
# A finding's input is written under the target's ...FuzzTestInputs/ folder (as with -Pfuzz); keep it there as a
# regression seed once the bug is fixed. Exits 1 when any target had a finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10000000}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(unity config idt mqtt)
OUT=bench/fuzz/target
mkdir -p "$OUT"

module() { case $1 in unity) echo harness-core/api;; config|idt) echo harness-core/engine;; mqtt) echo cloud-emulator;; *) echo "unknown target $1" >&2; exit 2;; esac; }
class() {
  case $1 in
    unity) echo dev.qualify.api.unity.UnityParserFuzzTest;;
    config) echo dev.qualify.core.config.ConfigLoaderFuzzTest;;
    idt) echo dev.qualify.core.config.idt.IdtConfigReaderFuzzTest;;
    mqtt) echo dev.qualify.cloud.broker.MqttDecoderFuzzTest;;
  esac
}

mvn -B -q -o test-compile -pl harness-core/api,harness-core/engine,cloud-emulator -am
status=0
for t in "${TARGETS[@]}"; do
  m=$(module "$t")
  (cd "$m" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/target/fuzz-classpath.txt" >/dev/null)
  cp="$PWD/$m/target/test-classes:$PWD/$m/target/classes:$(cat "$m/target/fuzz-classpath.txt")"
  log="$OUT/$t.log"
  start=$(date +%s)
  set +e
  (cd "$m" && java -Xmx2g -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="$(class "$t")" -runs="$RUNS" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
      ${MAX_SECONDS:+-max_total_time=$MAX_SECONDS}) > "$log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  runs=$(echo "$done_line" | awk '{print $2}')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
  finding=none
  if [ $rc -ne 0 ]; then
    finding=$(grep -oE 'libFuzzer: (timeout|out-of-memory)|== Java Exception: [A-Za-z0-9_.$]+' "$log" | head -1 | sed 's/libFuzzer: //; s/== Java Exception: //' || true)
    [ -n "$finding" ] || finding="exit-$rc"
    status=1
  fi
  fuzz_secs=$(echo "$done_line" | awk '{print $5}')
  rate=$([ -n "$runs" ] && [ "${fuzz_secs:-0}" -gt 0 ] && echo $(( runs / fuzz_secs )) || echo 0)
  echo "RESULT target=$t runs=${runs:-0} fuzzing_seconds=${fuzz_secs:-0} wall_seconds=$secs exec_per_s=$rate coverage=${cov:-0} finding=$finding log=$log"
done
exit $status
