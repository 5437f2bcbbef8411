#!/bin/sh
# Fail if a freestanding core object calls anything outside itself, other
# than the four functions every C compiler may emit calls to (memcpy,
# memset, memmove, memcmp), which a bare-metal platform provides.
set -eu
status=0
for obj in "$@"; do
	undef=$(llvm-nm -u "$obj" | awk '{print $NF}' |
		grep -vxE 'memcpy|memset|memmove|memcmp' || true)
	if [ -n "$undef" ]; then
		echo "check-freestanding: $obj calls outside the core:" >&2
		echo "$undef" | sed 's/^/  /' >&2
		status=1
	else
		echo "check-freestanding: $obj: self-contained"
	fi
done
exit $status
