#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The random hostile guest on the aarch64 hypervisor, one QEMU run per
# seed: ok when the checker (tests/aarch64/hv/prog_hostile.c) printed its
# plan with every check ok and QEMU powered off with status 0; not ok on a
# host panic or exception (the hypervisor prints "hv: panic" or "hv:
# unexpected host exception" and exits non-zero), a failed check, or a
# hang (the timeout). QEMU 7.2's own aborts and assertions on some random
# instruction words ("Bail out! ERROR: ...translate-a64.c") are SKIPs.
# usage: t_hostile.sh HV.elf CPUS BLOCKS "SEED..." [TIMEOUT_PER_SEED]
# HOSTILE_FLAGS=1: the checker prints every block and rescue (tracing).
# HOSTILE_LOG=DIR: keep each seed's console output in DIR/seed-N.log.
set -u
elf=$1 cpus=$2 blocks=$3 seeds=$4
limit=${5:-$((60 + blocks / 100))}
hpa=0x7ffff000
n=0
for seed in $seeds; do
	n=$((n + 1))
	start=$(date +%s)
	out=$(timeout -k 5 "$limit" qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
		-m 1G -smp "$cpus" -nographic -monitor none -serial stdio \
		-semihosting -kernel "$elf" \
		-device loader,addr=$hpa,data="$seed",data-len=8 \
		-device loader,addr=$((hpa + 8)),data="$blocks",data-len=8 \
		-device loader,addr=$((hpa + 16)),data="${HOSTILE_FLAGS:-0}",data-len=8 \
		</dev/null 2>&1)
	rc=$?
	secs=$(($(date +%s) - start))
	out=$(printf '%s\n' "$out" | tr -d '\r')
	[ -n "${HOSTILE_LOG:-}" ] && printf '%s\n' "$out" >"$HOSTILE_LOG/seed-$seed.log"
	plan=$(printf '%s\n' "$out" | grep -E '^1\.\.[0-9]+$' | tail -n 1)
	bad=$(printf '%s\n' "$out" | grep -E '^not ok |hv: panic|unexpected host exception')
	summary=$(printf '%s\n' "$out" | grep -E '^# (seed|the VM ended)' | head -n 2 | tr '\n' ' ')
	fatal=$(printf '%s\n' "$out" | grep -a -m 1 -o -E '(qemu: fatal:|Bail out! ERROR:|tcg fatal error).*')
	if [ "$rc" -eq 0 ] && [ -n "$plan" ] && [ -z "$bad" ]; then
		echo "ok $n - seed $seed, $cpus CPUs, ${secs}s: $summary"
	elif [ -n "$fatal" ] && [ -z "$bad" ]; then
		# QEMU's own assertion on a random instruction word (its TCG
		# translator): the emulator's, not the hypervisor's.
		echo "ok $n - seed $seed # SKIP the emulator stopped: $fatal"
	else
		echo "not ok $n - seed $seed, $cpus CPUs: QEMU status $rc after ${secs}s (124: timeout, a hang)"
		printf '%s\n' "$out" | tail -n 25 | sed 's/^/#   /'
	fi
done
echo "1..$n"
