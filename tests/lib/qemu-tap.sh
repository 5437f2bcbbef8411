#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run QEMU on a hypervisor image whose checking program prints TAP on the
# console (tests/lib/hv_check.c), and pass that TAP on, plus one test for
# QEMU's own exit status: the checker ends the machine with WANT only when
# every check passed, after printing its plan. The per-architecture
# tests/<arch>/qemu-tap.sh build the QEMU command.
# usage: qemu-tap.sh WANT "WHAT" TIMEOUT_SECONDS QEMU-COMMAND...
#   WANT: QEMU's exit status for success; WHAT: what it means ("QEMU
#   powered off with status 0").
set -u
want=$1 what=$2 limit=$3
shift 3
out=$(timeout -k 5 "$limit" "$@" </dev/null 2>&1)
rc=$?
tap=$(printf '%s\n' "$out" | tr -d '\r' | grep -a -E '^((ok|not ok) [0-9]+ |#)')
n=$(printf '%s\n' "$tap" | grep -c -E '^(ok|not ok) ')
plan=$(printf '%s\n' "$out" | tr -d '\r' | grep -a -E '^1\.\.[0-9]+$' | tail -n 1)
printf '%s\n' "$tap"
n=$((n + 1))
if [ "$rc" -eq "$want" ] && [ -n "$plan" ] && [ "$plan" = "1..$((n - 1))" ]; then
	echo "ok $n - $what after the guest's plan"
else
	echo "not ok $n - QEMU status $rc, guest plan '${plan:-none}' for $((n - 1)) results"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
fi
echo "1..$n"
