#!/usr/bin/env bash
# FullCloudIoT (every Device Advisor case, judged on the emulated cloud) on one virtual board: wall time of one
# `qualify run --group FullCloudIoT`, against the worst case IDT allows (Device Advisor's EXECUTION_TIMEOUT of
# 300 s for each of the 23 cases, not counting IDT's build, flash and the cloud round trips).
# Usage: bench/advisor/run.sh [BOARD_ARGS...]   e.g. --da-backoff EXPONENTIAL
set -euo pipefail
cd "$(dirname "$0")/../.."
./qualify --version >/dev/null   # builds if needed; not timed
home=$(pwd)/distribution/target/qualify
vb="$home/bin/virtual-board"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
extra=""
for a in "$@"; do extra+=", \"$a\""; done
cat > "$work/qualify.yaml" <<YAML
pools:
  - id: bench-pool
    features: {DeviceAdvisor: "Yes"}
    build: {command: ["$vb", build, "{{testData.sourcePath}}", "{{buildImagePath}}"]}
    flash: {command: ["$vb", flash, "{{buildImagePath}}", "{{device.workDir}}/flash.bin"]}
    boot: {banner: "Qualify virtual board .* booting", handshake: start, timeout: 30s, testTimeout: 60s}
    devices:
      - id: board-1
        console: {type: tcp-serial, host: 127.0.0.1, port: $port}
        power: {type: process, command: ["$vb", run, --uart-port, "$port", --flash, "{{device.workDir}}/flash.bin"$extra]}
suites:
  freertos-qualification:
    sourcePath: $home/samples/virtual-board/firmware
    testStartDelayms: 5000
YAML
start=$(date +%s%N)
set +e
"$home/bin/qualify" run --config "$work/qualify.yaml" --group FullCloudIoT --output "$work/results" --plain > "$work/out.txt" 2>&1
rc=$?
set -e
end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
grep -E 'Tests (Completed|Passed|Failed|Skipped)' "$work/out.txt" || true
echo "FullCloudIoT wall: $ms ms (exit $rc); IDT worst case: 23 x 300 s = 6,900,000 ms; ratio $(( 6900000 / ms ))x"
