#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Run a disk image made by bochs-disk (platform/pc) under Debian's bochs
# 2.7, headless: a CPU with VMX, EPT, VPID and unrestricted guest, the
# machine's COM1 and port 0xE9 on stdout (or, with -i, COM1 on this
# terminal for an interactive console), the internal debugger told to
# continue and quit. The hypervisor ends bochs through its shutdown port;
# -u PATTERN ends it as soon as the output has PATTERN (a fixed string);
# -s PORT puts COM1 on a TCP server at 127.0.0.1:PORT instead (bochs waits
# for the client: a test driving the console).
# The last line, "# bochs: ...", has the wall-clock seconds and how the
# run ended (shutdown, until, timeout).
# usage: bochs-run.sh [-i] [-c CPUS] [-m MEGS] [-t SECONDS] [-u PATTERN]
#                     [-s PORT] DISK.img
set -u
cpus=1 megs=512 limit=120 inter=0 until= port=
while getopts ic:m:t:u:s: o; do
	case $o in
	i) inter=1 ;;
	c) cpus=$OPTARG ;;
	m) megs=$OPTARG ;;
	t) limit=$OPTARG ;;
	u) until=$OPTARG ;;
	s) port=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# bochs locks the image (IMAGE.lock beside it, left behind when it is
# killed): a link of our own keeps the lock in our directory.
ln -s "$(readlink -f "$1")" "$tmp/disk.img"
disk=$tmp/disk.img
size=$(stat -L -c %s "$disk")
cyl=$((size / 512 / 1008))
if [ -n "$port" ]; then
	com1="com1: enabled=1, mode=socket-server, dev=127.0.0.1:$port"
elif [ "$inter" = 1 ]; then
	com1="com1: enabled=1, mode=term, dev=$(tty)"
else
	com1="com1: enabled=1, mode=file, dev=$tmp/com1"
fi
smp=""
[ "$cpus" -gt 1 ] && smp="count=$cpus, "
cat >"$tmp/bochsrc" <<EOT
megs: $megs
cpu: model=corei7_sandy_bridge_2600k, ${smp}ips=${BOCHS_IPS:-50000000}
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
start=$(date +%s.%N)
if [ "$inter" = 1 ]; then
	bochs -q -f "$tmp/bochsrc" -rc "$tmp/cmds" >"$tmp/e9" 2>&1 &
else
	bochs -q -f "$tmp/bochsrc" -rc "$tmp/cmds" </dev/null >"$tmp/e9" 2>&1 &
fi
pid=$!
how=timeout
end=$(($(date +%s) + limit))
while [ "$(date +%s)" -lt "$end" ]; do
	if ! kill -0 "$pid" 2>/dev/null; then
		how=shutdown
		break
	fi
	if [ -n "$until" ] && [ -f "$tmp/com1" ] &&
		grep -qF -- "$until" "$tmp/com1"; then
		how=until
		break
	fi
	sleep 0.2
done
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
[ -f "$tmp/com1" ] && cat "$tmp/com1"
# Port 0xE9 (the guest's debug port is the hypervisor's console too) and
# bochs's own messages, without its log lines and banner.
grep -av '^[0-9]\{11\}[a-z]\[\|^=\{20\}\|^ *Bochs x86\|^ *Built from\|^ *Timestamp\|^Next at t=0\|^(0) \[0x0000fffffff0\]' "$tmp/e9" |
	sed 's/^/# e9: /'
[ -n "${BOCHS_LOG:-}" ] && cp "$tmp/bochs.log" "$BOCHS_LOG"
echo "# bochs: ${secs} s, $how"
exit 0
