#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-svm: round trips through axvcpu_run on the SVM backend (a
# hypercall, an MMIO read) against a hand-written VMRUN -> #VMEXIT floor
# measured in the same QEMU run (medians of 7 x 1000), in TSC cycles under
# TCG and again under -icount shift=0, where the TSC counts instructions
# (exact, repeatable); then U-Boot's time to its prompt and Debian's Linux
# time to its init, virtualized vs straight on QEMU (median of 3 each).
# usage: run.sh HV-bench.bin BENCH-guest.bin HV-guest.bin UBOOT.rom LINUX_DIR
set -eu
bench=$1 guest=$2 hv=$3 uboot=$4 linux=$5
here=$(dirname "$0")
qemu() {
	timeout -k 5 300 qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt \
		-m 1G -nographic -monitor none -serial stdio \
		-device isa-debug-exit,iobase=0xf4,iosize=4 -no-reboot "$@" \
		-kernel "$bench" -append "cpus=1" -initrd "$guest flat" \
		</dev/null 2>&1 | tr -d '\r' | grep '^bench ' || true
}
echo "== round trips (TCG, TSC cycles)"
qemu
echo "== round trips under -icount shift=0 (cycles = instructions)"
qemu -icount shift=0 | grep -v tsc_mhz

median3() { sort -n | sed -n 2p; }
boot() {
	for i in 1 2 3; do
		perl "$here/../../tests/pc/t_guest.pl" "$@" --time | sed -n 's/^[a-z]*_seconds=//p'
	done | median3
}
ratio() { awk -v v="$1" -v n="$2" 'BEGIN { if (n > 0) printf "%.2f\n", v / n }'; }
echo "== U-Boot time to its autoboot prompt (s, median of 3)"
v=$(boot "$hv" uboot "$uboot")
n=$(boot native uboot "$uboot")
echo "uboot_virtualized_s=$v uboot_native_s=$n uboot_ratio=$(ratio "$v" "$n")"
echo "== Linux (2 vCPUs) to its init's line (s, median of 3)"
v=$(boot "$hv" linux "$linux/vmlinuz" "$linux/initramfs.gz")
n=$(boot native linux "$linux/vmlinuz" "$linux/initramfs.gz")
echo "linux_virtualized_s=$v linux_native_s=$n linux_ratio=$(ratio "$v" "$n")"
