#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make bench-breakdown: where the instructions of each round trip go, by
# symbol. Runs the bench-trace image (the bench guest built with
# -DBENCH_TRACE: each path 50 then 150 times between marks) under QEMU
# with a trace of every block translated and executed, and subtracts the
# phases (breakdown.pl). The trace streams through a FIFO.
# usage: breakdown.sh HV-bench-trace.elf GUEST-bench-trace.elf
set -eu
hv=$1 guest=$2
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/trace"
perl "$here/breakdown.pl" "$hv" "$guest" 50 150 <"$dir/trace" &
parser=$!
timeout -k 5 600 qemu-system-riscv64 -M virt -m 512M -nographic \
	-bios default -monitor none -serial none \
	-d in_asm,exec,nochain -dfilter "$(perl "$here/breakdown.pl" --dfilter "$hv")" \
	-D "$dir/trace" -kernel "$hv" </dev/null >/dev/null 2>&1 || true
wait "$parser"
