#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A raw guest image of one's own (tests/aarch64/guest/hello.c, loaded at
# 0x40200000 as make demo ARCH=aarch64 GUEST=... GUEST_LOAD=... does) runs
# on the hypervisor with 2 CPUs: its PL011 output arrives and its PSCI
# SYSTEM_OFF ends QEMU with status 0; loaded over the device tree it is
# refused, with the reason. usage: t_raw.sh HV.elf HV-over-the-dtb.elf
set -u
out=$(timeout -k 5 60 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -m 1G -smp 2 -nographic -monitor none \
	-serial stdio -semihosting -kernel "$1" </dev/null 2>&1)
rc=$?
out=$(printf '%s\n' "$out" | tr -d '\r')
echo "1..5"
if printf '%s\n' "$out" | grep -q '^hello from EL1 on axvcpu$'; then
	echo "ok 1 - the raw guest's PL011 output"
else
	echo "not ok 1 - the raw guest's PL011 output"
	printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
fi
if printf '%s\n' "$out" | grep -q 'hv: the guest powered off (PowerOff)'; then
	echo "ok 2 - its PSCI SYSTEM_OFF is a SystemDown"
else
	echo "not ok 2 - its PSCI SYSTEM_OFF is a SystemDown"
fi
if [ "$rc" -eq 0 ]; then
	echo "ok 3 - QEMU exited with status 0"
else
	echo "not ok 3 - QEMU exited with status $rc"
fi
bad=$(timeout -k 5 60 qemu-system-aarch64 -M virt,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -m 1G -smp 1 -nographic -monitor none \
	-serial stdio -semihosting -kernel "$2" </dev/null 2>&1)
badrc=$?
bad=$(printf '%s\n' "$bad" | tr -d '\r')
if printf '%s\n' "$bad" | grep -q 'guest image refused:.*the device tree' &&
	! printf '%s\n' "$bad" | grep -q '^hello from EL1'; then
	echo "ok 4 - an image over the device tree is refused, with the reason"
else
	echo "not ok 4 - an image over the device tree is refused, with the reason"
	printf '%s\n' "$bad" | tail -n 5 | sed 's/^/#   /'
fi
if [ "$badrc" -eq 2 ]; then
	echo "ok 5 - ... and QEMU exits with the panic status 2"
else
	echo "not ok 5 - ... and QEMU exits with the panic status 2 (got $badrc)"
fi
