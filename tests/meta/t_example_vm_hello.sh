#!/bin/sh
# examples/vm_hello.c builds against the library and the VM layer and
# really runs: the guest's line comes through the 16550 model, and its
# write to the power-off port ends the VM with PowerOff and status 0.
cd "$(dirname "$0")/../.." || exit 1
build=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..3"
if cc -std=c11 -Wall -Wextra -Werror -Iinclude -I. examples/vm_hello.c \
	"$build/lib/libaxvcpu-vmm.a" "$build/lib/libaxvcpu.a" -lpthread \
	-o "$tmp/hello" 2>"$tmp/cc.log"; then
	echo "ok 1 - vm_hello builds against libaxvcpu-vmm.a and libaxvcpu.a"
else
	echo "not ok 1 - vm_hello builds"
	sed 's/^/# /' "$tmp/cc.log"
	exit 1
fi
timeout 60 "$tmp/hello" >"$tmp/out" 2>"$tmp/err"
status=$?
if [ $status -eq 77 ]; then
	echo "ok 2 # SKIP $(cat "$tmp/out")"
	echo "ok 3 # SKIP $(cat "$tmp/out")"
	exit 0
fi
fail=0
if [ "$(cat "$tmp/out")" = "Hello from a guest on the axvcpu VM object" ]; then
	echo "ok 2 - the guest's line came through the UART model, whole"
else
	echo "not ok 2 - guest output: $(cat "$tmp/out")"
	fail=1
fi
if [ $status -eq 0 ] &&
	grep -qx 'vm_hello: PowerOff: the guest powered off, status 0' "$tmp/err"; then
	echo "ok 3 - the power-off port ended the VM (PowerOff, status 0)"
else
	echo "not ok 3 - status $status, stderr: $(cat "$tmp/err")"
	fail=1
fi
exit $fail
