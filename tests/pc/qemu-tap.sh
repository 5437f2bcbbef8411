#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a PC hypervisor image whose checking program prints TAP on the
# console, and pass that TAP on, plus one test for the machine's exit
# status (isa-debug-exit: (status << 1) | 1; the checker stops it with
# status 0 only when every check passed).
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
out=$(timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg \
	-cpu qemu64,+svm,+npt -m 1G -smp "$cpus" -nographic -monitor none \
	-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -no-reboot \
	-kernel "$hv" -append "$append" -initrd "$mods" </dev/null 2>&1)
rc=$?
tap=$(printf '%s\n' "$out" | tr -d '\r' | grep -a -E '^((ok|not ok) [0-9]+ |#)')
n=$(printf '%s\n' "$tap" | grep -c -E '^(ok|not ok) ')
plan=$(printf '%s\n' "$out" | tr -d '\r' | grep -a -E '^1\.\.[0-9]+$' | tail -n 1)
printf '%s\n' "$tap"
n=$((n + 1))
if [ "$rc" -eq 1 ] && [ -n "$plan" ] && [ "$plan" = "1..$((n - 1))" ]; then
	echo "ok $n - the machine stopped with status 0 after the guest's plan"
else
	echo "not ok $n - QEMU status $rc, guest plan '${plan:-none}' for $((n - 1)) results"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
fi
echo "1..$n"
