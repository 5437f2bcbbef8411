#!/bin/sh
# TAP: a real guest nobody here wrote. Debian's SeaBIOS runs on
# axvcpu-run (KVM backend, in-kernel irqchip + PIT for its timer), prints
# its banner on the debug port 0x402 and reaches "No bootable device.".
set -u
RUN='@BUILD@/vmm-san/bin/axvcpu-run'
BIOS=/usr/share/seabios/bios.bin
if [ ! -w /dev/kvm ]; then
	echo "1..0 # SKIP /dev/kvm is not usable here"
	exit 0
fi
if [ ! -r "$BIOS" ]; then
	echo "1..0 # SKIP $BIOS missing (Debian package seabios)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..9"
start=$(date +%s.%N)
timeout 90 "$RUN" --bios "$BIOS" --stats --until 'No bootable device.' \
	--timeout 60 </dev/null >"$tmp/out" 2>"$tmp/err"
st=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
n=0
t() {
	n=$((n + 1))
	if eval "$1"; then echo "ok $n - $2"; else
		echo "not ok $n - $2"
		fails=1
	fi
}
fails=0
t '[ $st = 0 ]' "axvcpu-run --bios ends with status 0 (got $st)"
t 'grep -q "^SeaBIOS (version " "$tmp/out"' "SeaBIOS banner printed"
t 'grep -q "RamSize: 0x04000000 \[cmos\]" "$tmp/out"' "SeaBIOS read the 64 MiB RAM size from CMOS"
t 'grep -q "Found 1 serial ports" "$tmp/out"' "SeaBIOS detected the 16550 at 0x3f8"
t 'grep -q "No bootable device." "$tmp/out"' "reached No bootable device. (timer interrupts delivered)"
t 'grep -q "console printed \"No bootable device.\"" "$tmp/err"' "stopped by --until"
t '! grep -q Sanitizer "$tmp/err"' "no sanitizer report"
# Two vCPUs: the second waits for INIT/SIPI, which SeaBIOS sends through
# the in-kernel local APIC when it counts the CPUs.
timeout 90 "$RUN" --bios "$BIOS" --cpus 2 --until 'No bootable device.' \
	--timeout 60 </dev/null >"$tmp/out2" 2>"$tmp/err2"
st2=$?
t '[ $st2 = 0 ] && grep -q "No bootable device." "$tmp/out2"' "with --cpus 2 SeaBIOS still boots through (status $st2)"
t 'grep -q "Found 2 cpu(s)" "$tmp/out2"' "SeaBIOS found the second vCPU (SIPI delivered)"
echo "# SeaBIOS to 'No bootable device.': ${secs} s"
grep -E '^  (IoRead|IoWrite|total) ' "$tmp/err" | sed 's/^/# /'
if [ $fails != 0 ]; then
	tail -5 "$tmp/out" | sed 's/^/#   out: /'
	tail -5 "$tmp/err" | sed 's/^/#   err: /'
fi
exit $fails
