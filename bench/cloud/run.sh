#!/bin/bash
# The emulated cloud's broker against mosquitto and HiveMQ CE, same machine, same run, same load tool, payloads and
# TLS: mutual TLS with EC P-256 certificates from one CA (the emulator's), TLS 1.3 TLS_AES_128_GCM_SHA256 negotiated by
# the same JDK client. Four brokers, all on 127.0.0.1 at once:
#   qualify          the emulated cloud (`cloud start`), packet capture off (the standalone default)
#   qualify-capture  the same with --capture (every packet recorded, as in a qualification run)
#   mosquitto        Debian's mosquitto (package "mosquitto")
#   hivemq           HiveMQ Community Edition embedded, in its own JVM (hivemq/, built here)
#   qualify-capture-base  (only when named in BROKERS, for an A/B) qualify-capture run from the cloud-emulator jar
#                    BASE_JAR (e.g. one built from an older commit and copied aside) instead of the tree's
# Nothing is installed in the local Maven repository: the benchmark is built in one reactor with the tree's modules.
#   ./run.sh [seconds per measurement] [connections, 0 to skip that part]
# Environment: REPS (repetitions of every case, interleaved, default 3), BROKERS (default all four),
#   RATES ("one-to-one fan-in fan-out" publishes/s of the fixed-load part, default "10000 10000 300"),
#   WARMUP_RUNS (runs of fan-in and one-to-one QoS 1 per JVM broker before measuring, default 2: JIT compilation),
#   PARTS (default "saturation rate": closed loop, fixed offered load; either alone to split a long run),
#   SCENARIOS (default "one-to-one fan-in fan-out").
# Prints RESULT lines (with the broker's CPU, context switches and socket system calls per message) and the table of
# medians (Summary).
set -euo pipefail
cd "$(dirname "$0")"
SECS=${1:-8}
CONNS=${2:-10000}
REPS=${REPS:-3}
BROKERS=${BROKERS:-"qualify qualify-capture mosquitto hivemq"}
read -r RATE_ONE RATE_IN RATE_OUT <<< "${RATES:-10000 10000 300}"
WARMUP_RUNS=${WARMUP_RUNS:-2}
PARTS=${PARTS:-"saturation rate"}
SCENARIOS=${SCENARIOS:-"one-to-one fan-in fan-out"}
mvn -B -q -o -f reactor.xml -pl :bench-cloud -am package dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$PWD/target/classpath.txt"
(cd hivemq && mvn -B -q -o package dependency:build-classpath -Dmaven.test.skip=true -Dmdep.outputFile="$PWD/target/classpath.txt")
CP="target/classes:$(cat target/classpath.txt)"
HCP="hivemq/target/classes:$(cat hivemq/target/classpath.txt)"
if [[ " $BROKERS " == *" qualify-capture-base "* ]]; then
  BASE_CP="target/classes:$(tr ':' '\n' < target/classpath.txt | sed "s#.*/cloud-emulator-[^/]*\.jar\$#${BASE_JAR:?BASE_JAR: the cloud-emulator jar of qualify-capture-base}#" | paste -sd:)"
fi
WORK=$(mktemp -d /tmp/qualify-bench-cloud.XXXXXX)
OUT="$WORK/results.txt"
ulimit -n "$(ulimit -Hn)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
declare -A PORT PID
for b in qualify qualify-capture qualify-capture-base mosquitto hivemq; do PORT[$b]=$(free_port); done

java -cp "$CP" dev.qualify.cloud.cli.CloudMain thing create bench --data-dir "$WORK/data" --out "$WORK/certs" >/dev/null
java -cp "$CP" dev.qualify.bench.cloud.MosquittoCerts "$WORK/data" "$WORK/mosq"
cat > "$WORK/mosquitto.conf" <<CONF
user root
per_listener_settings false
persistence false
log_dest file $WORK/mosquitto.log
max_inflight_messages 100
max_queued_messages 1000
listener ${PORT[mosquitto]} 127.0.0.1
cafile $WORK/mosq/ca.pem
certfile $WORK/mosq/server.pem
keyfile $WORK/mosq/server.key
require_certificate true
use_identity_as_username true
CONF
# HiveMQ: the same server certificate and CA as mosquitto, in PKCS#12 stores; client certificates required
STOREPASS=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
mkdir -p "$WORK/hivemq/conf" "$WORK/hivemq/data"
openssl pkcs12 -export -in "$WORK/mosq/server.pem" -inkey "$WORK/mosq/server.key" -certfile "$WORK/mosq/ca.pem" -name server \
  -out "$WORK/hivemq/server.p12" -passout "pass:$STOREPASS"
keytool -importcert -noprompt -alias ca -file "$WORK/mosq/ca.pem" -keystore "$WORK/hivemq/trust.p12" -storetype PKCS12 \
  -storepass "$STOREPASS" >/dev/null
cat > "$WORK/hivemq/conf/config.xml" <<XML
<?xml version="1.0"?>
<hivemq>
  <listeners>
    <tls-tcp-listener>
      <port>${PORT[hivemq]}</port>
      <bind-address>127.0.0.1</bind-address>
      <tls>
        <keystore><path>$WORK/hivemq/server.p12</path><password>$STOREPASS</password><private-key-password>$STOREPASS</private-key-password></keystore>
        <truststore><path>$WORK/hivemq/trust.p12</path><password>$STOREPASS</password></truststore>
        <client-authentication-mode>REQUIRED</client-authentication-mode>
      </tls>
    </tls-tcp-listener>
  </listeners>
  <mqtt><queued-messages><max-queue-size>1000</max-queue-size></queued-messages></mqtt>
  <persistence><mode>in-memory</mode></persistence>
  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
</hivemq>
XML

wait_for() { # file text what
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "$3 did not start" >&2; cat "$1" >&2; exit 3
}
start_brokers() {
  for b in $BROKERS; do
    case $b in
      qualify|qualify-capture|qualify-capture-base)
        cap=""; [ $b != qualify ] && cap="--capture"
        bcp=$CP; ddir=$WORK/data
        if [ $b = qualify-capture-base ]; then # its own capture file, the same CA and thing
          bcp=$BASE_CP; ddir=$WORK/data-base; [ -d "$ddir" ] || cp -r "$WORK/data" "$ddir"
        fi
        java -Xmx1g -cp "$bcp" dev.qualify.cloud.cli.CloudMain start --port "${PORT[$b]}" --greengrass-port -1 $cap ${QUALIFY_OPTS:-} \
          --data-dir "$ddir" > "$WORK/$b.log" 2>&1 &
        PID[$b]=$! ;;
      mosquitto) mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.out" 2>&1 & PID[$b]=$! ;;
      hivemq) java -Xmx1g -cp "$HCP" dev.qualify.bench.hivemq.HiveMqBroker "$WORK/hivemq/conf" "$WORK/hivemq/data" \
          > "$WORK/hivemq.log" 2>&1 & PID[$b]=$! ;;
    esac
  done
  for b in $BROKERS; do
    case $b in
      qualify|qualify-capture|qualify-capture-base) wait_for "$WORK/$b.log" "Stop with Ctrl-C" $b ;;
      hivemq) wait_for "$WORK/hivemq.log" "HiveMQ started" hivemq ;;
      mosquitto) for _ in $(seq 1 100); do ss -ltn | grep -q ":${PORT[mosquitto]} " && break; sleep 0.2; done ;;
    esac
  done
}
stop_brokers() {
  for b in $BROKERS; do kill "${PID[$b]}" 2>/dev/null || true; done
  for b in $BROKERS; do wait "${PID[$b]}" 2>/dev/null || true; done
}
trap stop_brokers EXIT

load() { java -Xmx2g -cp "$CP" dev.qualify.bench.cloud.LoadTool "$@" host=127.0.0.1 certs="$WORK/certs"; }
run_case() { # broker args...
  local b=$1; shift
  load throughput port="${PORT[$b]}" label="$b" broker-pid="${PID[$b]}" "$@" | grep RESULT | tee -a "$OUT" \
    || echo "FAILED label=$b $* (the load tool could not connect or exited; see above)" | tee -a "$OUT"
}

start_brokers
echo "== machine: $(nproc) processors, $(uptime)" | tee -a "$OUT"
echo "== warm-up (JIT): $WARMUP_RUNS x fan-in and one-to-one QoS 1 per JVM broker, not recorded" | tee -a "$OUT"
for b in $BROKERS; do
  [ $b = mosquitto ] && continue
  for _ in $(seq 1 "$WARMUP_RUNS"); do
    for s in fan-in one-to-one; do load throughput port="${PORT[$b]}" label=warmup scenario=$s qos=1 seconds="$SECS" > /dev/null; done
  done
done
[[ " $PARTS " == *" saturation "* ]] && echo "== saturation: closed loop, 100 messages outstanding, $SECS s per measurement, $REPS repetitions interleaved" | tee -a "$OUT"
[[ " $PARTS " == *" saturation "* ]] && for scenario in $SCENARIOS; do
  for qos in 0 1; do
    for _ in $(seq 1 "$REPS"); do
      for b in $BROKERS; do run_case $b scenario=$scenario qos=$qos seconds="$SECS"; done
    done
  done
done
[[ " $PARTS " == *" rate "* ]] && echo "== latency at a fixed offered load (publishes/s: one-to-one $RATE_ONE, fan-in $RATE_IN, fan-out $RATE_OUT), $REPS repetitions, $(uptime)" | tee -a "$OUT"
[[ " $PARTS " == *" rate "* ]] && for scenario in $SCENARIOS; do
  rate=$RATE_ONE; [ $scenario = fan-in ] && rate=$RATE_IN; [ $scenario = fan-out ] && rate=$RATE_OUT
  for qos in 0 1; do
    for _ in $(seq 1 "$REPS"); do
      for b in $BROKERS; do run_case $b scenario=$scenario qos=$qos seconds="$SECS" rate=$rate; done
    done
  done
done
echo "== end: $(uptime)" | tee -a "$OUT"
stop_brokers

if [ "$CONNS" -gt 0 ]; then
  echo "== $CONNS concurrent mutual-TLS connections" | tee -a "$OUT"
  BROKERS="qualify mosquitto"
  start_brokers
  for b in qualify mosquitto; do
    rm -f "$WORK/ready" "$WORK/release"
    load connections port="${PORT[$b]}" label=$b count="$CONNS" ready="$WORK/ready" release="$WORK/release" > "$WORK/conn-$b.txt" 2>&1 &
    LPID=$!
    while [ ! -f "$WORK/ready" ] && kill -0 $LPID 2>/dev/null; do sleep 1; done
    sleep 2
    if [ $b = qualify ]; then
      jcmd "${PID[$b]}" GC.run >/dev/null
      sleep 1
      HEAP=$(jcmd "${PID[$b]}" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") print $(i+1)}')
      echo "RESULT label=qualify heap_used_after_gc=$HEAP max_heap=1g" | tee -a "$OUT"
    fi
    echo "RESULT label=$b rss_kb=$(ps -o rss= -p "${PID[$b]}" | tr -d ' ')" | tee -a "$OUT"
    touch "$WORK/release"
    wait $LPID || true
    grep RESULT "$WORK/conn-$b.txt" | tee -a "$OUT"
  done
  stop_brokers
fi
trap - EXIT
java -cp "$CP" dev.qualify.bench.cloud.Summary "$OUT" | tee "$WORK/table.md"
echo "results: $OUT"
