#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The random x86 guest on the SVM hypervisor under QEMU, one run per seed
# (SEED or SEED:FLAGS; flags 2: the first triple fault ends the VM): ok
# when the checker (tests/pc/hv/prog_random.c) printed its plan with
# every check ok and stopped the machine with status 0 (QEMU: 1); not ok
# on a host panic ("hv: panic", status 1: QEMU 3), a failed check, or a
# hang (the timeout).
# usage: t_random.sh HV.bin GUEST.bin BLOCKS "SEED[:FLAGS]..." [TIMEOUT]
# HOSTILE_FLAGS=1 traces every block; HOSTILE_LOG=DIR keeps each output.
set -u
hv=$1 guest=$2 blocks=$3 seeds=$4
limit=${5:-$((60 + blocks / 50))}
n=0
for s in $seeds; do
	n=$((n + 1))
	seed=${s%%:*} flags=0
	[ "$s" != "$seed" ] && flags=${s#*:}
	flags=$((flags | ${HOSTILE_FLAGS:-0}))
	start=$(date +%s)
	out=$(timeout -k 5 "$limit" qemu-system-x86_64 -accel tcg \
		-cpu qemu64,+svm,+npt -m 1G -smp 1 -nographic -monitor none \
		-serial stdio -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-no-reboot -kernel "$hv" \
		-append "cpus=1 seed=$seed blocks=$blocks flags=$flags" \
		-initrd "$guest flat" </dev/null 2>&1)
	rc=$?
	secs=$(($(date +%s) - start))
	out=$(printf '%s\n' "$out" | tr -d '\r')
	[ -n "${HOSTILE_LOG:-}" ] && printf '%s\n' "$out" >"$HOSTILE_LOG/svm-$seed.log"
	plan=$(printf '%s\n' "$out" | grep -a -E '^1\.\.[0-9]+$' | tail -n 1)
	bad=$(printf '%s\n' "$out" | grep -a -E '^not ok |hv: panic')
	summary=$(printf '%s\n' "$out" | grep -a -E '^# (seed|the VM ended)' | head -n 2 | tr '\n' ' ')
	fatal=$(printf '%s\n' "$out" | grep -a -m 1 -o -E '(qemu: fatal:|Bail out! ERROR:|tcg fatal error).*')
	if [ "$rc" -eq 1 ] && [ -n "$plan" ] && [ -z "$bad" ]; then
		echo "ok $n - seed $s, ${secs}s: $summary"
	elif [ -n "$fatal" ] && [ -z "$bad" ]; then
		# QEMU's own abort on a state its TCG lets a guest reach
		# (real hardware faults first): not the hypervisor's.
		echo "ok $n - seed $s # SKIP the emulator stopped: $fatal"
	else
		echo "not ok $n - seed $s: QEMU status $rc after ${secs}s (124: timeout, a hang)"
		printf '%s\n' "$out" | grep -a -v '^$' | tail -n 25 | sed 's/^/#   /'
	fi
done
echo "1..$n"
