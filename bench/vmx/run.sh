#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-vmx: round trips through axvcpu_run on the VMX backend (a
# VMCALL hypercall, an MMIO read) against a hand-written VMLAUNCH/VMRESUME
# -> VM exit floor measured in the same bochs run (medians of 7 x 1000),
# in TSC cycles (bochs's TSC counts instructions: exact, repeatable); then
# the wall-clock seconds Debian's guests take under bochs (median of 3;
# Linux once: about 2 minutes).
# usage: run.sh PCV_OUT (build/pc-vmx)
set -eu
out=$1
here=$(dirname "$0")
run="$here/../../tests/x86/bochs-run.sh"
echo "== round trips under bochs (TSC cycles = instructions)"
sh "$run" -t 600 "$out/disk-bench.img" | tr -d '\r' | grep '^bench ' || true

median3() { sort -n | sed -n 2p; }
boot() {
	for i in 1 2 3; do
		perl "$here/../../tests/x86/t_bochs_guest.pl" "$@" --time |
			sed -n 's/^[a-z]*_seconds=//p'
	done | median3
}
echo "== Debian's guests under bochs (wall-clock s, median of 3)"
echo "seabios_1cpu_no_bootable_device_s=$(boot "$out/disk-seabios.img" seabios 1)"
echo "seabios_2cpu_no_bootable_device_s=$(boot "$out/disk-seabios2.img" seabios 2)"
echo "uboot_prompt_s=$(boot "$out/disk-uboot.img" uboot)"
echo "== Debian's Linux on 2 vCPUs under bochs, to its init's line (wall-clock s, one run)"
echo "linux_init_s=$(perl "$here/../../tests/x86/t_bochs_guest.pl" "$out/disk-linux.img" linux --time | sed -n 's/^[a-z]*_seconds=//p')"
