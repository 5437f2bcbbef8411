#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-riscv64: round trips through axvcpu_run against the floor
# measured in the same QEMU run (medians of repeats), the same under
# -icount (exact instruction counts), and U-Boot's time to its prompt
# virtualized vs native (median of 3 boots each), and Debian's Linux from
# QEMU start to its init's marker line, virtualized vs native (same kernel,
# initramfs, 2 CPUs, 256 MiB of guest RAM; median of 3 each, the boots
# alternating) with the hypervisor's exits by kind over one virtualized
# boot.
# And a compute job on vCPU 0 beside three idle vCPUs (-smp 4 on this
# machine's cores) against the same job alone (-smp 1): near 1.00 when
# halted vCPUs' harts sleep, several times more when they spin.
# usage: run.sh HV-bench.elf HV-uboot.elf UBOOT.elf HV-linux.elf Image INITRD
#        [HV-idle.elf]
set -eu
bench=$1 hv_uboot=$2 uboot=$3 hv_linux=$4 image=$5 initrd=$6 idle=${7:-}
here=$(dirname "$0")
qemu() {
	timeout -k 5 120 qemu-system-riscv64 -M virt -m 512M -nographic \
		-bios default -monitor none -serial stdio "$@" </dev/null 2>&1 |
		tr -d '\r' | grep '^bench '
}
echo "== round trips (TCG, wall-clock time base)"
qemu -kernel "$bench" | grep -v insn
echo "== round trips under -icount shift=0 (instructions exact; *_insns" \
	"is all instructions per round trip, hs_insns_* those outside the" \
	"guest)"
qemu -icount shift=0 -kernel "$bench" | grep insn

if [ -n "$idle" ]; then
	echo "== idle harts: compute job with 3 idle vCPUs vs alone" \
		"($(nproc) host cores)"
	job() {
		qemu -smp "$1" -kernel "$idle" |
			sed -n 's/^bench idle_job_ticks=\([0-9]*\).*/\1/p'
	}
	a=$(job 1)
	b=$(job 4)
	echo "bench idle_job_alone_ticks=$a"
	echo "bench idle_job_beside_3_idle_ticks=$b"
	awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0)
		printf "bench ratio_job_beside_3_idle_vs_alone=%.2f\n", b / a }'
fi

median3() { sort -n | sed -n 2p; }
prompt() {
	for i in 1 2 3; do
		perl "$here/../../tests/riscv64/t_uboot.pl" "$1" "$uboot" --time |
			sed -n 's/^prompt_seconds=//p'
	done | median3
}
echo "== U-Boot time to prompt (s, median of 3, autoboot stopped at once)"
v=$(prompt "$hv_uboot")
n=$(prompt native)
echo "uboot_prompt_virtualized_s=$v"
echo "uboot_prompt_native_s=$n"
awk -v v="$v" -v n="$n" 'BEGIN { if (n > 0) printf "uboot_prompt_ratio=%.2f\n", v / n }'

echo "== Linux boot to the init's marker line (s, median of 3; QEMU start" \
	"to 'axvcpu-guest: init ready', 2 CPUs, 256 MiB guest RAM)"
linux_t="$here/../../tests/riscv64/t_linux.pl"
stats=$(mktemp)
trap 'rm -f "$stats" "$stats.run" "$stats.v" "$stats.n"' EXIT
# One boot's seconds to the marker (nothing if it never came); the
# virtualized boots leave their exit lines in $stats.
boot() {
	perl "$linux_t" --time "$@" >"$stats.run" || true
	if grep -q '^hv: exit' "$stats.run"; then
		grep '^hv: exit' "$stats.run" >"$stats"
	fi
	sed -n 's/^marker_seconds=//p' "$stats.run"
}
# Virtualized and native alternately, so that both sides see the same host:
# a boot right after a pause, or after another like it, runs differently.
: >"$stats.v"
: >"$stats.n"
for i in 1 2 3; do
	boot "$hv_linux" >>"$stats.v"
	boot native "$image" "$initrd" >>"$stats.n"
done
lv=$(median3 <"$stats.v")
ln=$(median3 <"$stats.n")
rm -f "$stats.run" "$stats.v" "$stats.n"
echo "linux_marker_virtualized_s=$lv"
echo "linux_marker_native_s=$ln"
awk -v v="$lv" -v n="$ln" 'BEGIN { if (n > 0) printf "linux_marker_ratio=%.2f\n", v / n }'
echo "== exits during one virtualized Linux boot (to the marker and" \
	"poweroff -f), all vCPUs: count, per second, VM-layer handling time"
grep -v '^hv: exit stats' "$stats" | sed 's/^hv: exit /linux_exit_/' || true
