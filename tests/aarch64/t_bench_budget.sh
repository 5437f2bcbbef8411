#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The aarch64 exit paths' instruction budgets: the bench image under QEMU
# -icount shift=0, where the PMU's INST_RETIRED counts exactly and repeats
# run after run for a given QEMU and compiler, must keep each round trip
# (bench <path>_insns=N: the guest's loop, EL2 and the VM layer's hook,
# per round trip) at or under its budget, so that a change cannot silently
# give a gain back. Timing stays out. usage: t_bench_budget.sh HV-bench.elf
set -u
elf=$1
# path budget: measured (docs/aarch64.md) + a small margin. 596 and 801
# since the VM loop's attention word (610 and 815 before; 673 and 915
# before the core's and the VM object's exit-path work).
budgets="hypercall 620
mmio_read 833
floor 9"
exec sh "$(dirname "$0")/../lib/bench-budget.sh" "bench %s_insns" \
	"instructions per round trip" "$budgets" \
	qemu-system-aarch64 \
	-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
	-m 1G -nographic -monitor none -serial stdio -semihosting \
	-icount shift=0 -kernel "$elf"
