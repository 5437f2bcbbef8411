#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a hypervisor image whose checking program prints TAP on the console,
# and pass that TAP on, plus one test for QEMU's own exit status (the
# hypervisor powers off with 0 only when every check passed).
# usage: qemu-tap.sh HV.elf HARTS TIMEOUT_SECONDS
set -u
elf=$1 harts=$2 limit=$3
# x-ssaia: QEMU 7.2 hides STIP/SEIP from a VS-mode sip read; with Ssaia's
# hvictl.VTI the backend traps those reads and answers them (riscv64.md).
out=$(timeout -k 5 "$limit" qemu-system-riscv64 -M virt -m 512M -smp "$harts" \
	-cpu rv64,x-ssaia=true \
	-nographic -bios default -monitor none -serial stdio -kernel "$elf" \
	</dev/null 2>&1)
rc=$?
tap=$(printf '%s\n' "$out" | tr -d '\r' | grep -E '^((ok|not ok) [0-9]+ |#)')
n=$(printf '%s\n' "$tap" | grep -c -E '^(ok|not ok) ')
plan=$(printf '%s\n' "$out" | tr -d '\r' | grep -E '^1\.\.[0-9]+$' | tail -n 1)
printf '%s\n' "$tap"
n=$((n + 1))
if [ "$rc" -eq 0 ] && [ -n "$plan" ] && [ "$plan" = "1..$((n - 1))" ]; then
	echo "ok $n - QEMU powered off with status 0 after the guest's plan"
else
	echo "not ok $n - QEMU status $rc, guest plan '${plan:-none}' for $((n - 1)) results"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
fi
echo "1..$n"
