#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a riscv64 hypervisor image whose checking program prints TAP on the
# console, and pass that TAP on, plus one test for QEMU's own exit status
# (the hypervisor powers off with 0 only when every check passed):
# tests/lib/qemu-tap.sh with QEMU virt's command line.
# usage: qemu-tap.sh HV.elf HARTS TIMEOUT_SECONDS
set -u
elf=$1 harts=$2 limit=$3
# x-ssaia: QEMU 7.2 hides STIP/SEIP from a VS-mode sip read; with Ssaia's
# hvictl.VTI the backend traps those reads and answers them (riscv64.md).
exec sh "$(dirname "$0")/../lib/qemu-tap.sh" 0 \
	"QEMU powered off with status 0" "$limit" \
	qemu-system-riscv64 -M virt -m 512M -smp "$harts" \
	-cpu rv64,x-ssaia=true \
	-nographic -bios default -monitor none -serial stdio -kernel "$elf"
