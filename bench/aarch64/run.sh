#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-aarch64: round trips through axvcpu_run against the floor
# measured in the same QEMU run (medians of repeats), the same under
# -icount (instructions exact), U-Boot's time to its prompt and Linux's
# time to its shell, virtualized vs native QEMU (median of 3 boots each).
# usage: run.sh HV-bench.elf HV-uboot.elf UBOOT.bin HV-linux.elf IMAGE INITRD
set -eu
bench=$1 hv_uboot=$2 uboot=$3 hv_linux=$4 image=$5 initrd=$6
here=$(dirname "$0")
tests=$here/../../tests/aarch64
qemu() {
	timeout -k 5 300 qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=on -m 1G -nographic -monitor none \
		-serial stdio "$@" </dev/null 2>&1 | tr -d '\r' | grep '^bench '
}
echo "== round trips (TCG, wall-clock time base)"
qemu -kernel "$bench" | grep -v insn
echo "== round trips under -icount shift=0 (instructions per round trip," \
	"guest's and hypervisor's, EL1+EL2)"
qemu -icount shift=0 -kernel "$bench" | grep insn

median3() { sort -n | sed -n 2p; }
uboot_prompt() {
	for i in 1 2 3; do
		perl "$tests/t_uboot.pl" "$1" "$uboot" --time |
			sed -n 's/^prompt_seconds=//p'
	done | median3
}
linux_shell() {
	for i in 1 2 3; do
		perl "$tests/t_linux.pl" "$1" --time |
			sed -n 's/^shell_seconds=//p'
	done | median3
}
echo "== U-Boot time to prompt (s, median of 3, 2 CPUs, autoboot stopped)"
v=$(uboot_prompt "$hv_uboot")
n=$(uboot_prompt native)
echo "uboot_prompt_virtualized_s=$v"
echo "uboot_prompt_native_s=$n"
awk -v v="$v" -v n="$n" 'BEGIN { if (n > 0) printf "uboot_prompt_ratio=%.2f\n", v / n }'
echo "== Linux time to its shell (s, median of 3, 2 CPUs, 512 MiB," \
	"same kernel, initramfs and command line)"
v=$(linux_shell "$hv_linux")
n=$(linux_shell "native:$image:$initrd")
echo "linux_shell_virtualized_s=$v"
echo "linux_shell_native_s=$n"
awk -v v="$v" -v n="$n" 'BEGIN { if (n > 0) printf "linux_shell_ratio=%.2f (goal <= 1.5)\n", v / n }'
