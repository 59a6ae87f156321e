#!/bin/sh
# report.html of a 10,000-test run: render time (fresh JVM each time) and time until the page is usable in
# headless Chromium. Compiles what it needs (report-generator and the modules it depends on, with their tests:
# SyntheticRun is a test class), so it needs no Qualify artifact in the local Maven repository; needs Debian's
# chromium and chromium-driver.
#   bench/report/run.sh [TESTS] [RENDERS] [LOADS]
set -eu
cd "$(dirname "$0")/../.."
TESTS=${1:-10000}
RENDERS=${2:-5}
LOADS=${3:-5}
# in one reactor, so qualify-api and qualify-testkit resolve to their target/ folders; every module writes the file,
# report-generator (the last) wins
mvn -B -o -q test-compile dependency:build-classpath -pl report-generator -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/report-generator/target-bench-cp.txt" >/dev/null
CP="harness-core/api/target/classes:report-generator/target/classes:report-generator/target/test-classes:$(cat report-generator/target-bench-cp.txt)"
rm -f report-generator/target-bench-cp.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(java -version 2>&1 | head -1)"
for i in $(seq "$RENDERS"); do
  rm -rf "$out/run"
  java -cp "$CP" bench/report/ReportBench.java render "$TESTS" "$out/run"
done
java -cp "$CP" bench/report/ReportBench.java browser "$out/run" "$LOADS"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
