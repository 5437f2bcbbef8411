#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# On a hart without the H extension, or without Sstc, the hypervisor must
# refuse cleanly (axvcpu_percpu_init says AXVCPU_EUNSUPPORTED) instead of
# trapping on a CSR it does not have. usage: t_nohw.sh HV.elf
set -u
elf=$1
echo "1..4"
n=0
for cpu in h=false sstc=false; do
	out=$(timeout -k 5 30 qemu-system-riscv64 -M virt -cpu "rv64,$cpu" \
		-m 512M -nographic -bios default -monitor none -serial stdio \
		-kernel "$elf" </dev/null 2>&1)
	rc=$?
	out=$(printf '%s\n' "$out" | tr -d '\r')
	n=$((n + 1))
	if printf '%s\n' "$out" | grep -q 'cannot run guests: AXVCPU_EUNSUPPORTED' &&
		! printf '%s\n' "$out" | grep -q 'unexpected host trap'; then
		echo "ok $n - -cpu rv64,$cpu: per-CPU init refuses with EUNSUPPORTED"
	else
		echo "not ok $n - -cpu rv64,$cpu: per-CPU init refuses with EUNSUPPORTED"
		printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
	fi
	n=$((n + 1))
	if [ "$rc" -eq 2 ]; then
		echo "ok $n - -cpu rv64,$cpu: QEMU stops with the panic status 2"
	else
		echo "not ok $n - -cpu rv64,$cpu: QEMU status $rc, want 2"
	fi
done
