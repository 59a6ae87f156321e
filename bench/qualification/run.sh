#!/usr/bin/env bash
# Scenario benchmark of a full FreeRTOS qualification on virtual boards, in one run:
#  1. Qualify's way on one board: every device group the pool's features select, one `qualify run`
#     (images built once per distinct image, boot-sharing groups in one boot);
#  2. the way IDT runs it on one board: one build and one flash per group (one `qualify run --group G` per group),
#     and no start handshake (IDT sends none: the board waits its TEST_START_DELAY_MS, 5 s, as FLIT does); also
#     the same with Qualify's handshake, to show what the build, flash and boot sharing alone are worth;
#  3. the pool speedup: the same full run on 1, 2 and 4 boards.
# Each case runs ROUNDS times (default 3); the median wall time is printed as a table, with the median CPU time
# (user + system seconds of the run and every process it waited for: the board's build, flash and board processes
# included, so it holds on a loaded machine where wall time does not). Every run must exit 0.
#
# Usage: bench/qualification/run.sh [ROUNDS]
#   FEATURES="PKCS11: Both, ..."   the pool's features (default: as many groups as one virtual board can run)
#   BOARD_ARGS="--line-delay-ms 50" extra virtual-board options, e.g. a UART as slow as a real port's
#   SKIP_IDT=1                      leave out the IDT-way runs (long with a slow UART)
#   QUALIFY_DIST=DIR                bench the installation in DIR instead of distribution/target/qualify (built
#                                   if needed), e.g. a copy of an earlier build for an A/B comparison
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
if [ -n "${QUALIFY_DIST:-}" ]; then
  home=$(cd "$QUALIFY_DIST" && pwd -P)
else
  ./qualify --version >/dev/null   # builds if needed; not timed
  home=$(pwd)/distribution/target/qualify
fi
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 4; }
q="$home/bin/qualify"
vb="$home/bin/virtual-board"
features=${FEATURES:-"PKCS11: Both, KeyProvisioning: Both, OTA: \"Yes\""}
extra=""
for a in ${BOARD_ARGS:-}; do extra+=", \"$a\""; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the bench's boards are its own processes: their locks are its own too, not the lab's (whose vb-1 may be busy)
export QUALIFY_LOCK_DIR="$work/locks"

# a loopback port nothing listens on, not handed out before in this run; below Linux's ephemeral range
# (32768-60999), so that no outgoing connection takes it between two power-ons of the board
used=" "
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 12000))
    case "$used" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      used+="$p "
      echo "$p"
      return
    fi
  done
}

# config FILE BOARDS [nohandshake]: a pool of BOARDS virtual boards on free ports, shaped like
# configs/demo/qualify.yaml
config() {
  local file=$1 boards=$2 i port boot
  boot="handshake: start, answer: \"Received 'start'\", "
  [ "${3:-}" = nohandshake ] && boot=""
  {
    echo "pools:"
    echo "  - id: bench"
    echo "    features: {$features}"
    echo "    build: {command: [\"$vb\", build, \"{{testData.sourcePath}}\", \"{{buildImagePath}}\"], timeout: 2m}"
    echo "    flash: {command: [\"$vb\", flash, \"{{buildImagePath}}\", \"{{device.workDir}}/flash.bin\"], timeout: 1m}"
    echo "    boot: {banner: \"Qualify virtual board .* booting\", ${boot}timeout: 30s, testTimeout: 5m}"
    echo "    devices:"
    for ((i = 1; i <= boards; i++)); do
      port=$(free_port)
      echo "      - id: vb-$i"
      echo "        power: {type: process, command: [\"$vb\", run, --uart-port, \"$port\", --flash, \"{{device.workDir}}/flash.bin\"$extra]}"
      echo "        console: {type: tcp-serial, host: 127.0.0.1, port: $port}"
    done
    echo "suites:"
    echo "  freertos-qualification:"
    echo "    sourcePath: $home/samples/virtual-board/firmware"
    echo "    freeRTOSVersion: 202210.01-LTS"
    echo "    testStartDelayms: 5000"
  } > "$file"
}

# ms KEY COMMAND...: the wall ms of one command; a non-zero exit aborts the benchmark with its output. Its CPU ms
# (user + system, its waited-for descendants included) is appended to the file $work/cpu.KEY.
ms() {
  local key=$1 t0 t1 log="$work/last.log"
  shift
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S' -o "$work/time" "$@" > "$log" 2>&1; then
    echo "bench: failed: $*" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  awk '{printf "%d\n", ($1 + $2) * 1000}' "$work/time" >> "$work/cpu.$key"
  echo $(((t1 - t0) / 1000000))
}

# cpu KEY: the CPU ms of the commands ms KEY ran since the last call, summed
cpu() {
  awk '{s += $1} END {print s + 0}' "$work/cpu.$1" 2>/dev/null || echo 0
  rm -f "$work/cpu.$1"
}

median() {
  sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'
}

config "$work/one.yaml" 1
config "$work/one-idt.yaml" 1 nohandshake
groups=$("$q" list-groups --config "$work/one.yaml" | awk '$NF == "runs" {print $1}')
if [ -z "$groups" ]; then
  echo "bench: list-groups selected no group for features {$features}" >&2
  exit 1
fi
ngroups=$(echo "$groups" | wc -l)

declare -A result cpus
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds; r++)); do
  result[qualify1]+="$(ms qualify1 "$q" run --config "$work/one.yaml" --output "$work/results")"$'\n'
  cpus[qualify1]+="$(cpu qualify1)"$'\n'
  t=0
  h=0
  [ -n "${SKIP_IDT:-}" ] || for g in $groups; do
    t=$((t + $(ms idt1 "$q" run --config "$work/one-idt.yaml" --group "$g" --output "$work/results")))
    h=$((h + $(ms idth1 "$q" run --config "$work/one.yaml" --group "$g" --output "$work/results")))
  done
  result[idt1]+="$t"$'\n'
  result[idth1]+="$h"$'\n'
  cpus[idt1]+="$(cpu idt1)"$'\n'
  cpus[idth1]+="$(cpu idth1)"$'\n'
  for n in 2 4; do
    config "$work/pool$n.yaml" "$n"
    result[pool$n]+="$(ms pool$n "$q" run --config "$work/pool$n.yaml" --output "$work/results")"$'\n'
    cpus[pool$n]+="$(cpu pool$n)"$'\n'
  done
done

one=$(printf '%s' "${result[qualify1]}" | median)
idt=$(printf '%s' "${result[idt1]:-0}" | median)
idth=$(printf '%s' "${result[idth1]:-0}" | median)
p2=$(printf '%s' "${result[pool2]}" | median)
p4=$(printf '%s' "${result[pool4]}" | median)
echo "Full FreeRTOS qualification on virtual boards: $ngroups groups ($(echo $groups | tr ' ' ',')), median of $rounds rounds"
echo "installation: $home"
echo "board options: ${BOARD_ARGS:-none}"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
# row LABEL KEY RATIO: a table row with the median wall ms, the ratio, the median CPU s and every round's wall ms
row() {
  printf '%-44s %10d %10s %8.1f   %s\n' "$1" "$(printf '%s' "${result[$2]}" | median)" "$3" \
    "$(printf '%s' "${cpus[$2]}" | median | awk '{print $1 / 1000}')" "$(printf '%s' "${result[$2]}" | tr '\n' ' ')"
}
printf '%-44s %10s %10s %8s   %s\n' "case" "wall ms" "ratio" "CPU s" "wall ms of each round"
row "Qualify, 1 board" qualify1 "1.00x"
[ -n "${SKIP_IDT:-}" ] || row "IDT way (per group, no handshake), 1 board" idt1 "$(awk -v a="$idt" -v b="$one" 'BEGIN {printf "%.2fx", a / b}')"
[ -n "${SKIP_IDT:-}" ] || row "IDT way but with the handshake, 1 board" idth1 "$(awk -v a="$idth" -v b="$one" 'BEGIN {printf "%.2fx", a / b}')"
row "Qualify, 2 boards (speedup vs 1 board)" pool2 "$(awk -v a="$one" -v b="$p2" 'BEGIN {printf "%.2fx", a / b}')"
row "Qualify, 4 boards (speedup vs 1 board)" pool4 "$(awk -v a="$one" -v b="$p4" 'BEGIN {printf "%.2fx", a / b}')"
