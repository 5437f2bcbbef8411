#!/bin/sh
# The host library also builds with GCC under -Wall -Wextra -Werror.
cd "$(dirname "$0")/../.." || exit 1
build=${BUILD:-build}/gcc
echo "1..1"
if out=$(make --no-print-directory -s CC=gcc BUILD="$build" lib 2>&1); then
	echo "ok 1 - host library builds with gcc ($(gcc -dumpversion))"
else
	echo "not ok 1 - host library builds with gcc"
	echo "$out" | sed 's/^/# /'
	exit 1
fi
