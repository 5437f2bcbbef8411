#!/bin/sh
# The tracked C sources follow .clang-format (one TAP line per file).
cd "$(dirname "$0")/../.." || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$files" ] || files=$(find include src tests vmm platform tools bench \
	examples -name '*.[ch]' 2>/dev/null)
echo "1..$(echo "$files" | wc -w)"
n=0
fail=0
for f in $files; do
	n=$((n + 1))
	if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "ok $n - $f is formatted"
	else
		echo "not ok $n - $f is formatted (run: make format)"
		fail=1
	fi
done
exit $fail
