#!/bin/bash
# Emulated-cloud broker vs mosquitto, same machine, same run, same load tool, payloads and TLS (mutual TLS,
# EC P-256 certificates from one CA, TLS 1.3 negotiated by the same JDK client).
# Needs mosquitto (Debian package "mosquitto") and cloud-emulator installed in the local repository
# (cd ../.. && mvn -B -q -o install -pl cloud-emulator -DskipTests).
#   ./run.sh [seconds per measurement] [connections]
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-8}
CONNS=${2:-10000}
mvn -B -q -o package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="target/classes:$(cat target/classpath.txt)"
WORK=$(mktemp -d /tmp/qualify-bench-cloud.XXXXXX)
OUT="$WORK/results.txt"
QPORT=${QPORT:-28883}
MPORT=${MPORT:-28884}
ulimit -n "$(ulimit -Hn)"

java -cp "$CP" dev.qualify.cloud.cli.CloudMain thing create bench --data-dir "$WORK/data" --out "$WORK/certs" >/dev/null
java -cp "$CP" dev.qualify.bench.cloud.MosquittoCerts "$WORK/data" "$WORK/mosq"
cat > "$WORK/mosquitto.conf" <<CONF
user root
per_listener_settings false
persistence false
log_dest file $WORK/mosquitto.log
max_inflight_messages 100
max_queued_messages 1000
listener $MPORT 127.0.0.1
cafile $WORK/mosq/ca.pem
certfile $WORK/mosq/server.pem
keyfile $WORK/mosq/server.key
require_certificate true
use_identity_as_username true
CONF

start_brokers() {
  java -Xmx1g -cp "$CP" dev.qualify.cloud.cli.CloudMain start --port "$QPORT" ${QUALIFY_OPTS:-} --data-dir "$WORK/data" > "$WORK/qualify.log" 2>&1 &
  QPID=$!
  mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.out" 2>&1 &
  MPID=$!
  for i in $(seq 1 100); do
    if grep -q "Stop with Ctrl-C" "$WORK/qualify.log" && ss -ltn | grep -q ":$MPORT "; then return 0; fi
    sleep 0.2
  done
  echo "brokers did not start" >&2; cat "$WORK/qualify.log" "$WORK/mosquitto.out" >&2; exit 3
}
stop_brokers() {
  kill "$QPID" "$MPID" 2>/dev/null || true
  wait "$QPID" "$MPID" 2>/dev/null || true
}
trap stop_brokers EXIT

load() { java -Xmx4g -cp "$CP" dev.qualify.bench.cloud.LoadTool "$@" host=127.0.0.1 certs="$WORK/certs"; }

start_brokers
echo "== saturation: closed loop, 100 messages outstanding (interleaved per case), $SECS s per measurement" | tee -a "$OUT"
for scenario in one-to-one fan-in fan-out; do
  for qos in 0 1; do
    load throughput port="$QPORT" label=qualify scenario=$scenario qos=$qos seconds="$SECS" | grep RESULT | tee -a "$OUT"
    load throughput port="$MPORT" label=mosquitto scenario=$scenario qos=$qos seconds="$SECS" | grep RESULT | tee -a "$OUT"
  done
done
echo "== latency at a fixed offered load both brokers sustain (publishes/s: one-to-one 10000, fan-in 10000, fan-out 300)" | tee -a "$OUT"
for scenario in one-to-one fan-in fan-out; do
  rate=10000; [ $scenario = fan-out ] && rate=300
  for qos in 0 1; do
    load throughput port="$QPORT" label=qualify scenario=$scenario qos=$qos seconds="$SECS" rate=$rate | grep RESULT | tee -a "$OUT"
    load throughput port="$MPORT" label=mosquitto scenario=$scenario qos=$qos seconds="$SECS" rate=$rate | grep RESULT | tee -a "$OUT"
  done
done
stop_brokers

echo "== $CONNS concurrent mutual-TLS connections" | tee -a "$OUT"
start_brokers
for b in qualify mosquitto; do
  if [ $b = qualify ]; then PORT=$QPORT; PID=$QPID; else PORT=$MPORT; PID=$MPID; fi
  rm -f "$WORK/ready" "$WORK/release"
  load connections port="$PORT" label=$b count="$CONNS" ready="$WORK/ready" release="$WORK/release" > "$WORK/conn-$b.txt" 2>&1 &
  LPID=$!
  while [ ! -f "$WORK/ready" ] && kill -0 $LPID 2>/dev/null; do sleep 1; done
  sleep 2
  if [ $b = qualify ]; then
    jcmd "$PID" GC.run >/dev/null
    sleep 1
    HEAP=$(jcmd "$PID" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") print $(i+1)}')
    echo "RESULT label=qualify heap_used_after_gc=$HEAP max_heap=1g" | tee -a "$OUT"
  fi
  echo "RESULT label=$b rss_kb=$(ps -o rss= -p "$PID" | tr -d ' ')" | tee -a "$OUT"
  touch "$WORK/release"
  wait $LPID || true
  grep RESULT "$WORK/conn-$b.txt" | tee -a "$OUT"
done
stop_brokers
trap - EXIT
echo "results: $OUT"
