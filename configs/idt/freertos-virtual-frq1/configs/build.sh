#!/bin/sh
# IDT build script for the Qualify virtual board: build.sh <sourcePath>
# Builds the tests image into <sourcePath>/build/aws_tests.bin, as a vendor's build script builds into its tree.
set -e
src="$1"
here="$(cd "$(dirname "$0")" && pwd)"
vb="${VIRTUAL_BOARD:-$here/../../../../bin/virtual-board}"
mkdir -p "$src/build"
"$vb" build "$src" "$src/build/aws_tests.bin"
