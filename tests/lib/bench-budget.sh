#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Instruction budgets of the exit paths: QEMU (with -icount shift=0, where
# instruction counts are exact and repeat run after run for a given QEMU
# and compiler) runs a bench image, and each path's figure must be at or
# under its budget, one TAP test per path. The per-architecture
# tests/<arch>/t_bench_budget.sh give the budgets and the QEMU command.
# usage: bench-budget.sh FORMAT "WHAT" "BUDGETS" QEMU-COMMAND...
#   FORMAT: the figure's line before "=N", %s for the path ("bench
#   hs_insns_%s"); WHAT: what the figure counts ("instructions outside
#   the guest"); BUDGETS: lines "path budget".
set -u
format=$1 what=$2 budgets=$3
shift 3
out=$(timeout -k 5 120 "$@" </dev/null 2>&1 | tr -d '\r')
n=0
echo "1..$(printf '%s\n' "$budgets" | grep -c .)"
printf '%s\n' "$budgets" | while read -r path budget; do
	n=$((n + 1))
	# shellcheck disable=SC2059 # the format is the caller's
	line=$(printf "$format" "$path")
	got=$(printf '%s\n' "$out" |
		sed -n "s/^$line=\([0-9][0-9]*\)$/\1/p")
	if [ -n "$got" ] && [ "$got" -le "$budget" ]; then
		echo "ok $n - $path: $got $what (budget $budget)"
	else
		echo "not ok $n - $path: ${got:-no figure} $what (budget $budget)"
	fi
done
