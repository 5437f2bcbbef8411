#!/bin/sh
# Every example compiles cleanly against the public headers, with clang and
# gcc, as C11 with the project's warnings (the README's quickstart among them).
cd "$(dirname "$0")/../.." || exit 1
n=0
fail=0
files=$(ls examples/*.c)
count=$(echo "$files" | wc -w)
echo "1..$((count * 2))"
for f in $files; do
	for cc in clang gcc; do
		n=$((n + 1))
		if out=$($cc -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -I. \
			-c "$f" -o /dev/null 2>&1); then
			echo "ok $n - $f compiles with $cc"
		else
			echo "not ok $n - $f compiles with $cc"
			echo "$out" | sed 's/^/# /'
			fail=1
		fi
	done
done
exit $fail
