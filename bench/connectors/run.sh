#!/bin/sh
# Console connector benchmarks. Needs socat and cat; device-connectors installed in the local repository
# (cd ../.. && mvn -B -q -o install -pl harness-core/api,harness-core/engine,device-connectors -DskipTests).
#   ./run.sh [MiB per round] [rounds] [warm-up rounds]
set -eu
cd "$(dirname "$0")"
mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="target/classes:$(cat target/classpath.txt)"
echo "== throughput: serial console vs cat over a socat pty pair"
java -cp "$CP" dev.qualify.bench.connectors.ThroughputVsCat "$@"
echo "== latency: line written -> expect returns (consoleExpect) vs raw jSerialComm read (rawRead)"
java -cp "$CP" org.openjdk.jmh.Main ExpectLatencyBenchmark -rf text -rff target/jmh-latency.txt
