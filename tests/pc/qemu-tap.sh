#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a PC hypervisor image whose checking program prints TAP on the
# console, and pass that TAP on, plus one test for the machine's exit
# status (isa-debug-exit: (status << 1) | 1; the checker stops it with
# status 0 only when every check passed): tests/lib/qemu-tap.sh with the
# multiboot modules and command line.
# usage: qemu-tap.sh HV.bin CPUS TIMEOUT_SECONDS "MODULE NAME"... [-- APPEND]
set -u
hv=$1 cpus=$2 limit=$3
shift 3
mods=""
append="cpus=$cpus"
while [ $# -gt 0 ]; do
	if [ "$1" = "--" ]; then
		shift
		append="$append $*"
		break
	fi
	mods="${mods:+$mods,}$1"
	shift
done
# isa-debug-exit: QEMU's status is (status << 1) | 1.
exec sh "$(dirname "$0")/../lib/qemu-tap.sh" 1 \
	"the machine stopped with status 0" "$limit" \
	qemu-system-x86_64 -accel tcg \
	-cpu qemu64,+svm,+npt -m 1G -smp "$cpus" -nographic -monitor none \
	-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -no-reboot \
	-kernel "$hv" -append "$append" -initrd "$mods"
