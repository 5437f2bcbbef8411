#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# A user's own guest through `make demo GUEST=`'s path (make rv-user, the
# image the demo boots): a small guest of our own (tests/riscv64/own) as an
# ELF and as a raw image, rebuilt whenever the file or the path changes;
# then images the hypervisor must refuse before the guest starts, each
# with a one-line reason and QEMU status 4 (or make failing for an image
# too big for the frame pool). TAP on stdout.
set -u
SRCDIR=@SRCDIR@
BUILD=@BUILD@
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL
n=0
fails=0
ok() { # ok COND-STATUS NAME [DIAG-FILE]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		fails=$((fails + 1))
		echo "not ok $n - $2"
		[ -n "${3:-}" ] && tail -n 8 "$3" | sed 's/^/#   /'
	fi
}
cc_guest() { # cc_guest OUT.o MESSAGE
	clang --target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 \
		-mcmodel=medany -mno-relax -c "$SRCDIR/tests/riscv64/own/hello.S" \
		-DMESSAGE="\"$2\"" -o "$1"
}
link_guest() { # link_guest OUT.elf IN.o BASE [ld options]
	out=$1 in=$2 base=$3
	shift 3
	ld.lld -T "$SRCDIR/tests/riscv64/own/hello.ld" --defsym=BASE="$base" \
		"$@" "$in" -o "$out"
}
build() { # build GUEST [GUEST_LOAD]: the demo's image, as make demo does
	make -s -C "$SRCDIR" BUILD="$BUILD" rv-user GUEST="$1" \
		GUEST_LOAD="${2:-}" >"$tmp/make.log" 2>&1
}
# The QEMU status through the pipe (POSIX sh has no pipefail).
boot() {
	{ timeout -k 5 30 qemu-system-riscv64 -M virt -m 512M -nographic \
		-bios default -monitor none -serial stdio \
		-kernel "$BUILD/rv/hv-user.elf" </dev/null 2>&1; echo "rc=$?"; } |
		tr -d '\r' >"$tmp/out"
	rc=$(sed -n 's/^rc=//p' "$tmp/out")
}
has() { grep -q -- "$1" "$tmp/out"; }

echo "1..15"
cc_guest "$tmp/first.o" first
cc_guest "$tmp/second.o" second
link_guest "$tmp/g.elf" "$tmp/first.o" 0x80200000
build "$tmp/g.elf"
ok $? "make rv-user GUEST=own.elf builds the demo's image" "$tmp/make.log"
boot
has 'first, hart 0, a1 holds a device tree' && [ "$rc" = 0 ]
ok $? "the own ELF runs: a0 = hart 0, a1 = a DTB, SBI console, SRST (status $rc)" "$tmp/out"

link_guest "$tmp/g.elf" "$tmp/second.o" 0x80200000
build "$tmp/g.elf" && boot
has 'second, hart 0' && ! has 'first,'
ok $? "a changed file at the same path is rebuilt" "$tmp/out"

cp "$tmp/g.elf" "$tmp/second.elf"
link_guest "$tmp/old.elf" "$tmp/first.o" 0x80200000
touch -d '2001-01-01' "$tmp/old.elf"
build "$tmp/old.elf" && boot
has 'first, hart 0'
ok $? "a new path to an older file is rebuilt" "$tmp/out"

llvm-objcopy -O binary "$tmp/second.elf" "$tmp/g.bin"
build "$tmp/g.bin" 0x80400000 && boot
has 'second, hart 0, a1 holds a device tree' && [ "$rc" = 0 ]
ok $? "a raw image at GUEST_LOAD=0x80400000 runs" "$tmp/out"
build "$tmp/g.bin" && boot
has 'second, hart 0' && [ "$rc" = 0 ]
ok $? "a raw image without GUEST_LOAD runs at 0x80200000" "$tmp/out"

refused() { # refused NAME PATTERN: status 4, the reason on one line
	has "^hv: guest .* refused: .*$2" && [ "$rc" = 4 ] && ! has 'per-CPU enable'
	ok $? "$1 refused with status 4 ($(grep -o 'refused: .*' "$tmp/out" | head -n 1))" "$tmp/out"
}
link_guest "$tmp/entry.elf" "$tmp/first.o" 0x80200000 -e 0x80100000
build "$tmp/entry.elf" && boot
refused "an entry outside every segment" 'entry 0x80100000 is outside every loaded segment'

link_guest "$tmp/dtb.elf" "$tmp/first.o" 0x87e00000
build "$tmp/dtb.elf" && boot
refused "a segment over the DTB" 'overlaps the DTB \[0x87e00000'

build "$tmp/second.elf" 0x80200000 && boot
refused "GUEST_LOAD for an ELF" 'GUEST_LOAD names a load address'

# An odd load address panicked the hypervisor ("hv: panic: vCPU
# creation"): RISC-V instructions start at even addresses.
build "$tmp/g.bin" 0x80200001 && boot
refused "an odd GUEST_LOAD" 'entry 0x80200001 is odd'

# A GUEST_LOAD that is no number reached the linker as a symbol
# ("undefined symbol: junk").
build "$tmp/g.bin" junk
st=$?
[ $st -ne 0 ] && grep -q "GUEST_LOAD 'junk' is not a number" "$tmp/make.log" &&
	! grep -q 'undefined symbol' "$tmp/make.log"
ok $? "a GUEST_LOAD that is no number fails the build, naming it" "$tmp/make.log"

head -c $((16 << 20)) /dev/zero >"$tmp/big.bin"
build "$tmp/big.bin" 0x87800000 && boot
refused "a raw image past the end of guest RAM" 'too big: guest memory ends at 0x88000000'

# Too big for the hypervisor's frame pool: the link refuses it (a sparse
# file, so only the build's own copies take the space).
truncate -s 123M "$tmp/huge.bin"
build "$tmp/huge.bin"
st=$?
[ $st -ne 0 ] && grep -q 'guest image too big' "$tmp/make.log" &&
	! grep -q 'per-CPU' "$tmp/make.log"
ok $? "an image too big for the frame pool fails the build, naming the size" "$tmp/make.log"
rm -f "$BUILD/rv/blob-user.o"

build "$tmp/missing.elf"
st=$?
[ $st -ne 0 ] && grep -q "missing.elf' is not a file" "$tmp/make.log"
ok $? "a missing GUEST file fails the build with its name" "$tmp/make.log"

# Leave a working demo image behind.
build "$tmp/second.elf" && boot
has 'second, hart 0'
ok $? "back to a good image after the refusals" "$tmp/out"
[ $fails -eq 0 ]
