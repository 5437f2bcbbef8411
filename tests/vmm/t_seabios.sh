#!/bin/sh
# TAP: a real guest nobody here wrote. Debian's SeaBIOS runs on
# axvcpu-run (KVM backend, in-kernel irqchip + PIT for its timer), prints
# its banner on the debug port 0x402 and reaches "No bootable device.".
# Then, as on a PC, it waits 60 s and reboots (0x02 then 0x06 to port
# 0xcf9): the guest must come back to its banner and boot again, and with
# --no-reboot the run must end with status 4. The 60 s are SeaBIOS's own
# (counted in timer ticks, not settable without fw_cfg), so those two runs
# go in the background at the start and this test takes about 70 s.
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
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
echo "1..15"
# The reboot (status 130: stopped by the SIGINT below once the second
# boot reached its end) and --no-reboot (status 4), in the background.
timeout 170 "$RUN" --bios "$BIOS" --timeout 150 </dev/null \
	>"$tmp/rb.out" 2>"$tmp/rb.err" &
rb=$!
timeout 170 "$RUN" --bios "$BIOS" --no-reboot --timeout 150 </dev/null \
	>"$tmp/nr.out" 2>"$tmp/nr.err" &
nr=$!
pids="$rb $nr"
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

# The reboot: after "Rebooting." the banner again, and the second boot
# reaches "No bootable device." again; then SIGINT ends the run.
after_reboot() {
	sed -n '/^Rebooting\./,$p' "$tmp/rb.out" | grep -c "$1"
}
i=0
while [ $i -lt 1600 ] && kill -0 $rb 2>/dev/null; do
	[ "$(after_reboot 'No bootable device')" -ge 1 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill -INT $rb 2>/dev/null
wait $rb
rbst=$?
wait $nr
nrst=$?
pids=
t 'grep -q "^No bootable device.  Retrying in 60 seconds." "$tmp/rb.out" && grep -q "^Rebooting\." "$tmp/rb.out"' "SeaBIOS waited and rebooted (0xcf9)"
t '[ "$(after_reboot "^SeaBIOS (version ")" -ge 1 ] && grep -q "reset: the guest starts over (reset 1)" "$tmp/rb.err"' "after the reboot: SeaBIOS banner again"
t '[ "$(after_reboot "No bootable device")" -ge 1 ] && [ $rbst = 130 ]' "the second boot reached 'No bootable device' again (then SIGINT: status $rbst)"
t '[ $nrst = 4 ] && grep -q "the guest reset the machine (--no-reboot: the run ends)" "$tmp/nr.err"' "--no-reboot: SeaBIOS's reboot ends the run, status 4 (got $nrst), message says reset"
t '[ "$(sed -n "/^Rebooting\./,\$p" "$tmp/nr.out" | grep -c "^SeaBIOS (version ")" = 0 ]' "--no-reboot: no second boot"
t '! grep -q Sanitizer "$tmp/rb.err" "$tmp/nr.err"' "reboot runs: no sanitizer report"
echo "# SeaBIOS to 'No bootable device.': ${secs} s"
grep -E '^  (IoRead|IoWrite|total) ' "$tmp/err" | sed 's/^/# /'
if [ $fails != 0 ]; then
	tail -5 "$tmp/out" | sed 's/^/#   out: /'
	tail -5 "$tmp/err" | sed 's/^/#   err: /'
fi
exit $fails
