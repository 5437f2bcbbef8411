#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo GUEST=PATH CPUS=N: the demo's image for one's own guest with N
# harts (N vCPUs, N cpus in its DTB) and QEMU run with -smp N; CPUS left
# out is one hart. A small guest of our own (tests/riscv64/own) boots on
# each. TAP on stdout.
set -u
SRCDIR=@SRCDIR@
BUILD=@BUILD@
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL
n=0
ok() { # ok COND-STATUS NAME [DIAG-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && tail -n 8 "$3" | sed 's/^/#   /'
	fi
}
echo "1..5"
clang --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 \
	-mcmodel=medany -mno-relax -c "$SRCDIR/tests/riscv64/own/hello.S" \
	-DMESSAGE='"cpus"' -o "$tmp/g.o" &&
	ld.lld -T "$SRCDIR/tests/riscv64/own/hello.ld" --defsym=BASE=0x80200000 \
		"$tmp/g.o" -o "$tmp/g.elf"
make -s -C "$SRCDIR" BUILD="$BUILD" -n demo-riscv64 GUEST="$tmp/g.elf" \
	CPUS=3 >"$tmp/dry" 2>&1
grep -q -- '-smp 3 ' "$tmp/dry"
ok $? "make demo GUEST=PATH CPUS=3 runs QEMU with -smp 3" "$tmp/dry"
for cpus in 3 ""; do
	want=${cpus:-1}
	make -s -C "$SRCDIR" BUILD="$BUILD" rv-user GUEST="$tmp/g.elf" \
		${cpus:+CPUS=$cpus} >"$tmp/make.log" 2>&1
	ok $? "make rv-user CPUS=${cpus:-(unset)} builds the image" "$tmp/make.log"
	timeout -k 5 30 qemu-system-riscv64 -M virt -m 512M -smp "$want" \
		-nographic -bios default -monitor none -serial stdio \
		-kernel "$BUILD/rv/hv-user.elf" </dev/null 2>&1 |
		tr -d '\r' >"$tmp/out"
	grep -q ", $want vCPU(s)," "$tmp/out" && grep -q 'cpus, hart 0' "$tmp/out"
	ok $? "CPUS=${cpus:-(unset)}: $want vCPU(s), and the guest runs" "$tmp/out"
done
