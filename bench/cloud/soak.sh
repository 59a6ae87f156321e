#!/bin/bash
# Soak of the emulated cloud: CLIENTS mutual-TLS MQTT clients on loopback, each publishing QoS 1 once a second for
# SECONDS, with SUBSCRIBERS subscribers that together cover every topic; counts every message end to end (0 lost),
# samples the broker JVM's heap after a forced GC and its CPU over time (heap flat). Bounded; stops by itself.
#   ./soak.sh                 the scaled run this 2-core machine can take: 1,000 clients for 2 minutes
#   ./soak.sh --full          the target: 10,000 clients for 10 minutes
#   ./soak.sh CLIENTS SECONDS [SUBSCRIBERS]    e.g. ./soak.sh 100 30 for a quick check
#   LOAD_JAVA_OPTS="-XX:StartFlightRecording=..." ./soak.sh ...   (JVM options of the load tool, e.g. to profile it)
#   SOAK_OPTS="ips=16 payload=256 sample=30 connect-concurrency=20 drain=60" ./soak.sh ...   (see Soak.java)
# The broker is cloud-emulator as built in this tree (one reactor with reactor.xml), not an installed artifact.
# Prints SAMPLE lines while it runs and a RESULT line; exits 0 when nothing was lost and the heap stayed flat.
set -euo pipefail
cd "$(dirname "$0")"
# Subscribers default to one per 50 publishers (50 messages/s each): a subscriber that cannot keep up with its share
# overflows its broker-side queue (1,000 QoS 1 messages, IoT Core's kind of limit) and the broker drops and counts
# the excess (droppedQueueFull in the BROKER line).
if [ "${1:-}" = "--full" ]; then CLIENTS=10000; SECS=600; SUBS=${2:-200}; BROKER_HEAP=${BROKER_HEAP:-3g}
else CLIENTS=${1:-1000}; SECS=${2:-120}; SUBS=${3:-$(( (CLIENTS + 49) / 50 ))}; BROKER_HEAP=${BROKER_HEAP:-1g}; fi
# One socket per client here and one in the broker: raise the descriptor limit to what the system allows.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((CLIENTS + SUBS + 1000)) ]; then
  echo "soak: ulimit -n is $(ulimit -n), too low for $CLIENTS clients (raise the hard limit)" >&2; exit 2
fi
mvn -B -q -o -f reactor.xml -pl :bench-cloud -am package dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$PWD/target/classpath.txt"
CP="target/classes:../../cloud-emulator/target/classes:$(cat target/classpath.txt)"
WORK=$(mktemp -d /tmp/qualify-soak.XXXXXX)
PORT=${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
java -cp "$CP" dev.qualify.cloud.cli.CloudMain thing create soak --data-dir "$WORK/data" --out "$WORK/certs" >/dev/null
java -Xmx"$BROKER_HEAP" -cp "$CP" dev.qualify.cloud.cli.CloudMain start --port "$PORT" --greengrass-port -1 --data-dir "$WORK/data" > "$WORK/broker.log" 2>&1 &
BPID=$!
trap 'kill $BPID 2>/dev/null || true; wait $BPID 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do grep -q "Stop with Ctrl-C" "$WORK/broker.log" && break; sleep 0.2; done
grep -q "Stop with Ctrl-C" "$WORK/broker.log" || { echo "soak: broker did not start" >&2; cat "$WORK/broker.log" >&2; exit 3; }
echo "soak: $CLIENTS clients, $SECS s, $SUBS subscribers, broker pid $BPID on 127.0.0.1:$PORT (-Xmx$BROKER_HEAP), work dir $WORK"
set +e
java -Xmx"${LOAD_HEAP:-4g}" ${LOAD_JAVA_OPTS:-} -cp "$CP" dev.qualify.bench.cloud.Soak clients="$CLIENTS" seconds="$SECS" subscribers="$SUBS" \
  port="$PORT" certs="$WORK/certs" broker-pid="$BPID" ${SOAK_OPTS:-} | tee "$WORK/soak.txt"
rc=${PIPESTATUS[0]}
# The broker prints its counters when it stops: a message dropped at a full per-client queue (limits.maxQueuedPerClient,
# a subscriber too slow for its share) shows as droppedQueueFull.
kill "$BPID"; wait "$BPID" 2>/dev/null || true
trap - EXIT
echo "BROKER $(grep -o 'BrokerStats\[.*\]' "$WORK/broker.log" || echo 'stats not printed')"
echo "soak: broker log $WORK/broker.log; exit $rc"
exit $rc
