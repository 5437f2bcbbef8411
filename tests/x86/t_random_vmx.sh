#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The random x86 guest (tests/pc/guest/random.c) on the VMX hypervisor
# under bochs, one disk and one run per seed (SEED or SEED:FLAGS, as
# tests/pc/t_random.sh): ok when the checker (tests/pc/hv/prog_random.c)
# printed its plan with every check ok and stopped the machine with
# status 0 (tests/x86/bochs-tap.sh's last test); not ok on a host panic,
# a failed check or a hang (the timeout).
# usage: t_random_vmx.sh BOCHS-DISK BOOT.bin HV.bin GUEST.bin BLOCKS "SEED..." [TIMEOUT]
set -u
tool=$1 boot=$2 hv=$3 guest=$4 blocks=$5 seeds=$6
limit=${7:-$((120 + blocks / 10))}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
for s in $seeds; do
	n=$((n + 1))
	seed=${s%%:*} flags=0
	[ "$s" != "$seed" ] && flags=${s#*:}
	"$tool" "$dir/disk.img" "$boot" "$hv" \
		"cpus=1 seed=$seed blocks=$blocks flags=$flags" "$guest" flat \
		>/dev/null 2>&1
	out=$(sh "$here/bochs-tap.sh" "$dir/disk.img" 1 "$limit" 2>&1)
	last=$(printf '%s\n' "$out" | grep -E '^(ok|not ok) ' | tail -n 1)
	summary=$(printf '%s\n' "$out" | grep -a -E '^# (seed|the VM ended)' | head -n 2 | tr '\n' ' ')
	if printf '%s\n' "$out" | grep -q -E '^not ok |hv: panic'; then
		echo "not ok $n - seed $s under bochs"
		printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'
	else
		echo "ok $n - seed $s under bochs: $summary(${last#*- })"
	fi
done
echo "1..$n"
