#!/bin/sh
# IDT flash script for the Qualify virtual board: flash.sh <sourcePath> <serialPort> <imageName> <serialNo>
# Writes the image into the board's flash (<serialPort>.flash, where the lab started the board) and resets the
# board over its UART, as a vendor's flash tool resets the board after programming it. Output the board printed
# before the reset is read off first, so the run sees only the new boot.
set -e
src="$1"; port="$2"; image="$3"; serial="$4"
here="$(cd "$(dirname "$0")" && pwd)"
vb="${VIRTUAL_BOARD:-$here/../../../../bin/virtual-board}"
echo "flashing $image to board $serial on $port"
"$vb" flash "$src/build/$image" "$port.flash"
# drop what the board printed since the last test (a real UART's receive buffer holds it too), then reset
timeout 0.5 cat "$port" > /dev/null || true
printf 'reset\n' > "$port"
