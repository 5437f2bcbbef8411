#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run an aarch64 hypervisor image whose checking program prints TAP on the
# console, and pass that TAP on, plus one test for QEMU's own exit status
# (the hypervisor exits with 0 only when every check passed; semihosting
# carries a failure status out): tests/lib/qemu-tap.sh with QEMU virt's
# command line.
# usage: qemu-tap.sh HV.elf CPUS TIMEOUT_SECONDS
set -u
elf=$1 cpus=$2 limit=$3
exec sh "$(dirname "$0")/../lib/qemu-tap.sh" 0 \
	"QEMU powered off with status 0" "$limit" \
	qemu-system-aarch64 \
	-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
	-m 1G -smp "$cpus" -nographic -monitor none -serial stdio \
	-semihosting -kernel "$elf"
