#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-aarch64: round trips through axvcpu_run against the floor
# measured in the same QEMU run (medians of repeats), the same under
# -icount (instructions exact), U-Boot's time to its prompt and Linux's
# time to its shell, virtualized vs native QEMU (5 alternating pairs).
# usage: run.sh HV-bench.elf HV-uboot.elf UBOOT.bin HV-linux.elf IMAGE INITRD
set -eu
bench=$1 hv_uboot=$2 uboot=$3 hv_linux=$4 image=$5 initrd=$6
here=$(dirname "$0")
tests=$here/../../tests/aarch64
qemu() {
	timeout -k 5 300 qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=on -m 1G -nographic -monitor none \
		-serial stdio -semihosting "$@" </dev/null 2>&1 | tr -d '\r' | grep '^bench '
}
echo "== round trips (TCG, wall-clock time base)"
qemu -kernel "$bench" | grep -v insn
echo "== round trips under -icount shift=0 (instructions per round trip," \
	"guest's and hypervisor's, EL1+EL2)"
qemu -icount shift=0 -kernel "$bench" | grep insn

# Virtualized and native runs alternate, and the ratio is the median of
# the pairs' ratios: the machine is shared, and a load that comes and goes
# then weighs on both sides of each pair alike.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
pairs() { # name, command for virtualized, command for native (each prints s)
	name=$1 virt=$2 nat=$3 vs="" ns="" rs=""
	for i in 1 2 3 4 5; do
		v=$(eval "$virt") n=$(eval "$nat")
		[ -n "$v" ] && [ -n "$n" ] || continue
		vs="$vs $v" ns="$ns $n"
		rs="$rs $(awk -v v="$v" -v n="$n" 'BEGIN { printf "%.3f", v / n }')"
	done
	echo "${name}_virtualized_s=$(echo $vs | tr ' ' '\n' | median)  (runs:$vs)"
	echo "${name}_native_s=$(echo $ns | tr ' ' '\n' | median)  (runs:$ns)"
	echo "${name}_ratio=$(echo $rs | tr ' ' '\n' | median)  (median of the pairs' ratios)"
}
echo "== U-Boot time to prompt (s, 5 pairs, 2 CPUs, autoboot stopped)"
pairs uboot_prompt \
	"perl '$tests/t_uboot.pl' '$hv_uboot' '$uboot' --time | sed -n 's/^prompt_seconds=//p'" \
	"perl '$tests/t_uboot.pl' native '$uboot' --time | sed -n 's/^prompt_seconds=//p'"
echo "== Linux time to its shell (s, 5 pairs, 2 CPUs, 512 MiB guest, same" \
	"kernel, initramfs and command line; goal: ratio <= 1.5)"
pairs linux_shell \
	"perl '$tests/t_linux.pl' '$hv_linux' --time | sed -n 's/^shell_seconds=//p'" \
	"perl '$tests/t_linux.pl' 'native:$image:$initrd' --time | sed -n 's/^shell_seconds=//p'"
