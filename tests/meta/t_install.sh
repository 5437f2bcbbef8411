#!/bin/sh
# `make install PREFIX=...` gives headers, static + shared libraries and a
# pkg-config file with which a program builds and runs; the VM layer too
# (axvcpu-vmm.pc), with which examples/vm_hello.c builds.
cd "$(dirname "$0")/../.." || exit 1
build=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..6"
if make --no-print-directory -s BUILD="$build" install PREFIX="$tmp" \
	>"$tmp/log" 2>&1; then
	echo "ok 1 - make install PREFIX=$tmp"
else
	echo "not ok 1 - make install"
	sed 's/^/# /' "$tmp/log"
fi
cat >"$tmp/prog.c" <<'PROG'
#include <axvcpu/axvcpu.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
	struct axvcpu *v;
	int err = axvcpu_create(0, 0, &v);
	printf("%s %s\n", axvcpu_version(), axvcpu_error_name(err));
	return strcmp(axvcpu_version(), AXVCPU_VERSION_STRING) != 0;
}
PROG
flags=$(PKG_CONFIG_PATH="$tmp/lib/pkgconfig" pkg-config --cflags --libs axvcpu)
case "$flags" in
*"-I$tmp/include"*"-laxvcpu"*) echo "ok 2 - pkg-config gives: $flags" ;;
*) echo "not ok 2 - pkg-config flags: '$flags'" ;;
esac
# shellcheck disable=SC2086
if cc "$tmp/prog.c" -o "$tmp/prog" $flags 2>"$tmp/cc.log"; then
	echo "ok 3 - a program builds against the installed library"
else
	echo "not ok 3 - build against installed library"
	sed 's/^/# /' "$tmp/cc.log"
fi
out=$(LD_LIBRARY_PATH="$tmp/lib" "$tmp/prog" 2>&1)
if [ "$out" = "0.1.0 AXVCPU_EINVAL" ]; then
	echo "ok 4 - it runs with the shared library: $out"
else
	echo "not ok 4 - run output '$out'"
fi
vflags=$(PKG_CONFIG_PATH="$tmp/lib/pkgconfig" pkg-config --cflags --libs --static axvcpu-vmm)
case "$vflags" in
*"-I$tmp/include/axvcpu-vmm"*"-laxvcpu-vmm"*"-laxvcpu"*) echo "ok 5 - pkg-config axvcpu-vmm gives: $vflags" ;;
*) echo "not ok 5 - pkg-config axvcpu-vmm flags: '$vflags'" ;;
esac
# Static: the VM layer is only an archive.
# shellcheck disable=SC2086
if cc -std=c11 examples/vm_hello.c -o "$tmp/vm_hello" -L"$tmp/lib" \
	$(PKG_CONFIG_PATH="$tmp/lib/pkgconfig" pkg-config --cflags axvcpu-vmm) \
	"$tmp/lib/libaxvcpu-vmm.a" "$tmp/lib/libaxvcpu.a" -lpthread \
	2>"$tmp/cc2.log"; then
	echo "ok 6 - examples/vm_hello.c builds against the installed VM layer"
else
	echo "not ok 6 - vm_hello against the installed VM layer"
	sed 's/^/# /' "$tmp/cc2.log"
fi
