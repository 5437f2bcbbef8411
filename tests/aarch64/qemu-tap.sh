#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run an aarch64 hypervisor image whose checking program prints TAP on the
# console, and pass that TAP on, plus one test for QEMU's own exit status
# (the hypervisor exits with 0 only when every check passed; semihosting
# carries a failure status out).
# usage: qemu-tap.sh HV.elf CPUS TIMEOUT_SECONDS
set -u
elf=$1 cpus=$2 limit=$3
out=$(timeout -k 5 "$limit" qemu-system-aarch64 \
	-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
	-m 1G -smp "$cpus" -nographic -monitor none -serial stdio \
	-semihosting -kernel "$elf" </dev/null 2>&1)
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
