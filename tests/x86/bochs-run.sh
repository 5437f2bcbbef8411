#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a disk image made by bochs-disk (platform/pc) under Debian's bochs
# 2.7, headless: a CPU with VMX, EPT, VPID and unrestricted guest, the
# machine's COM1 and port 0xE9 on stdout (or, with -i, COM1 on this
# terminal for an interactive console), the internal debugger told to
# continue and quit. The hypervisor ends bochs through its shutdown port.
# usage: bochs-run.sh [-i] [-c CPUS] [-m MEGS] [-t SECONDS] DISK.img
set -u
cpus=1 megs=512 limit=120 inter=0
while getopts ic:m:t: o; do
	case $o in
	i) inter=1 ;;
	c) cpus=$OPTARG ;;
	m) megs=$OPTARG ;;
	t) limit=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
disk=$(readlink -f "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
size=$(stat -c %s "$disk")
cyl=$((size / 512 / 1008))
if [ "$inter" = 1 ]; then
	com1="com1: enabled=1, mode=term, dev=$(tty)"
else
	com1="com1: enabled=1, mode=file, dev=/dev/stdout"
fi
smp=""
[ "$cpus" -gt 1 ] && smp="count=$cpus, "
cat >"$tmp/bochsrc" <<EOT
megs: $megs
cpu: model=corei7_sandy_bridge_2600k, ${smp}ips=50000000
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
ata0-master: type=disk, path=$disk, mode=flat, cylinders=$cyl, heads=16, spt=63
boot: disk
clock: sync=none, time0=1
display_library: rfb, options="timeout=0"
sound: driver=dummy
speaker: enabled=0
port_e9_hack: enabled=1
$com1
log: $tmp/bochs.log
panic: action=fatal
error: action=report
EOT
printf 'c\nquit\n' >"$tmp/cmds"
if [ "$inter" = 1 ]; then
	timeout -k 5 "$limit" bochs -q -f "$tmp/bochsrc" -rc "$tmp/cmds" \
		>"$tmp/bochs.out" 2>&1
	rc=$?
	grep -v '^[0-9]\{11\}[a-z]\[' "$tmp/bochs.out" | tail -n 5
else
	timeout -k 5 "$limit" bochs -q -f "$tmp/bochsrc" -rc "$tmp/cmds" \
		</dev/null 2>&1 | grep -v '^[0-9]\{11\}[a-z]\[\|^=\{20\}\|^ *Bochs x86\|^ *Built from\|^ *Timestamp\|^Next at t=0\|^(0) \[0x0000fffffff0\]'
	rc=0
fi
[ -n "${BOCHS_LOG:-}" ] && cp "$tmp/bochs.log" "$BOCHS_LOG"
exit $rc
