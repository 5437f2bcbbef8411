#!/bin/sh
# Every fuzz target still builds and runs: a short, bounded libFuzzer run
# each (a fixed input count, so the time does not depend on the machine's
# mood). Long campaigns are `make fuzz-run FUZZ_TIME=...`.
cd "$(dirname "$0")/../.." || exit 1
build=$(cd "${BUILD:-build}" && pwd) || exit 1
runs=${FUZZ_SMOKE_RUNS:-20000}
# Every target the tree has: one source, one binary.
targets=""
for src in tests/fuzz/fuzz_*.c; do
	targets="$targets $build/tests/fuzz/$(basename "$src" .c)"
done
echo "1..$(echo $targets | wc -w)"
n=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in $targets; do
	n=$((n + 1))
	name=$(basename "$t")
	if [ ! -x "$t" ]; then
		echo "not ok $n - $name is built (run: make fuzz)"
		fail=1
		continue
	fi
	mkdir -p "$work/$name"
	# Inside a scratch directory: crash artifacts must not litter the tree.
	if out=$(cd "$work/$name" && timeout 300 "$t" -runs="$runs" \
		-max_len=4096 2>&1); then
		echo "ok $n - $name: $runs inputs, no finding"
	else
		echo "not ok $n - $name found something or failed"
		echo "$out" | tail -20 | sed 's/^/# /'
		fail=1
	fi
done
exit $fail
