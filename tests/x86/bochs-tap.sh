#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a PC hypervisor disk (VMX) whose checking program prints TAP on the
# console under bochs, and pass that TAP on, plus one test for the way the
# machine stopped: the hypervisor's last line "hv: exit status N" (the
# checker stops it with 0 only when every check passed) and bochs's
# shutdown port.
# usage: bochs-tap.sh DISK.img CPUS TIMEOUT_SECONDS
set -u
disk=$1 cpus=$2 limit=$3
here=$(dirname "$0")
out=$(sh "$here/bochs-run.sh" -c "$cpus" -t "$limit" "$disk" 2>&1 | tr -d '\r')
tap=$(printf '%s\n' "$out" | grep -a -E '^((ok|not ok) [0-9]+ |#[^ ]| #|# [^eb])')
n=$(printf '%s\n' "$tap" | grep -c -E '^(ok|not ok) ')
plan=$(printf '%s\n' "$out" | grep -a -E '^1\.\.[0-9]+$' | tail -n 1)
status=$(printf '%s\n' "$out" | sed -n 's/^hv: exit status \([0-9]*\).*/\1/p' | tail -n 1)
how=$(printf '%s\n' "$out" | sed -n 's/^# bochs: //p' | tail -n 1)
printf '%s\n' "$tap"
n=$((n + 1))
if [ "${status:-x}" = 0 ] && [ -n "$plan" ] && [ "$plan" = "1..$((n - 1))" ]; then
	echo "ok $n - the machine stopped with status 0 after the guest's plan ($how)"
else
	echo "not ok $n - exit status '${status:-none}' ($how), guest plan '${plan:-none}' for $((n - 1)) results"
	printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
fi
echo "1..$n"
