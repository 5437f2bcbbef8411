#!/bin/sh
# TAP: the VM layer compiles freestanding for every bare-metal target and
# calls nothing outside itself but memcpy/memset/memmove/memcmp.
set -u
cd '@SRCDIR@' || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common="-std=gnu11 -Wall -Wextra -Werror -O2 -Iinclude -I. -ffreestanding \
-fno-builtin -nostdlib -nostdlibinc -fno-stack-protector -fno-pic"
riscv64="--target=riscv64-unknown-elf -march=rv64imac -mabi=lp64 \
-mcmodel=medany -mno-relax"
aarch64="--target=aarch64-none-elf -mcpu=cortex-a72 -mgeneral-regs-only \
-mstrict-align"
x86_64="--target=x86_64-unknown-elf -mno-red-zone -mno-sse -mno-mmx \
-mno-80387 -mcmodel=kernel"
srcs=$(ls vmm/*.c)
echo "1..6"
n=0
for arch in riscv64 aarch64 x86_64; do
	eval flags=\$$arch
	objs=""
	ok=1
	for s in $srcs; do
		o="$tmp/$arch-$(basename "$s" .c).o"
		# shellcheck disable=SC2086
		if ! clang $common $flags -c "$s" -o "$o" 2>"$tmp/err"; then
			ok=0
			sed 's/^/# /' "$tmp/err"
		fi
		objs="$objs $o"
	done
	n=$((n + 1))
	if [ $ok = 1 ]; then
		echo "ok $n - vmm/*.c compiles freestanding for $arch"
	else
		echo "not ok $n - vmm/*.c compiles freestanding for $arch"
	fi
	n=$((n + 1))
	# shellcheck disable=SC2086
	if [ $ok = 1 ] && ld.lld -r -o "$tmp/$arch.o" $objs; then
		undef=$(llvm-nm -u "$tmp/$arch.o" | awk '{print $NF}' |
			grep -vxE 'memcpy|memset|memmove|memcmp' |
			grep -vE '^axvcpu_' || true)
		if [ -z "$undef" ]; then
			echo "ok $n - $arch: no external symbols but mem* and the axvcpu API"
		else
			echo "not ok $n - $arch: calls outside the VM layer"
			echo "$undef" | sed 's/^/#   /'
		fi
	else
		echo "not ok $n - $arch: link failed"
	fi
done
