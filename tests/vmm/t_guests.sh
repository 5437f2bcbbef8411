#!/bin/sh
# TAP: small guests in every CPU mode run on axvcpu-run (KVM backend +
# the VM layer): console output through the 16550 and the debug ports,
# CMOS, open-bus MMIO, guest exit status, the Linux boot protocol with a
# bzImage of our own, several vCPUs in threads, --trace and --stats.
set -u
RUN='@BUILD@/vmm-san/bin/axvcpu-run'
G='@BUILD@/vmm-guests'
if [ ! -w /dev/kvm ]; then
	echo "1..0 # SKIP /dev/kvm is not usable here"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fails=$((fails + 1))
		sed 's/^/#   out: /' "$tmp/out" | head -5
		sed 's/^/#   err: /' "$tmp/err" | head -5
	fi
}

# run ARGS...: status in $st, stdout in $tmp/out, stderr in $tmp/err
run() {
	timeout 30 "$RUN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	st=$?
}

no_san() { ! grep -q Sanitizer "$tmp/err"; }

echo "1..35"

run --mem 17M "$G/real16.bin"
ok $(test "$st" = 16 && no_san; echo $?) "real16 raw guest exits with CMOS 0x34 (17M -> 16), status $st"
ok $(grep -qx 'real16: hello from the guest' "$tmp/out"; echo $?) "real16 guest printed through the polled 16550"

run "$G/prot32.elf"
ok $(test "$st" = 7 && no_san; echo $?) "prot32 ELF32 guest: debug port answered 0xe9 (status $st)"
ok $(grep -q 'pprroott3322!!' "$tmp/out"; echo $?) "prot32 output on the UART and on port 0x402, interleaved"

run --stats "$G/long64.elf"
ok $(test "$st" = 0 && no_san; echo $?) "long64 ELF64 guest halts: status $st"
ok $(test "$(cat "$tmp/out")" = A; echo $?) "long64: unclaimed MMIO read gave all ones (open bus)"
ok $(grep -Eq '^  MmioRead +1 ' "$tmp/err" && grep -Eq '^  Halt +1 ' "$tmp/err" && grep -Eq '^  total +4$' "$tmp/err"; echo $?) "--stats counts each exit kind"
ok $(grep -q 'guest halted' "$tmp/err"; echo $?) "the end of the run is explained"

run --cpus 4 "$G/long64.elf"
sorted=$(fold -w1 "$tmp/out" | sort | tr -d '\n')
ok $(test "$st" = 0 && test "$sorted" = ABCD && no_san; echo $?) "4 vCPUs in threads each ran (got '$sorted')"

run --trace "$G/long64.elf"
ok $(grep -q '^\[vcpu0\] MmioWrite addr=0xd0000000 width=4 data=0x12345678$' "$tmp/err"; echo $?) "--trace decodes the MMIO write"
ok $(grep -q '^\[vcpu0\] IoWrite port=0xe9 width=1 data=0x41$' "$tmp/err" && grep -q '^\[vcpu0\] Halt' "$tmp/err"; echo $?) "--trace decodes the port write and the halt"

run "$G/bzimage" --cmdline console=ttyS0 hello=world
ok $(test "$st" = 0 && no_san; echo $?) "bzImage: boot_params checked by the guest (status $st)"
ok $(grep -qx 'console=ttyS0 hello=world 3' "$tmp/out"; echo $?) "bzImage: guest read its command line and 3 e820 entries"

run --mode long64 "$G/bzimage64" --cmdline root=/dev/null
ok $(test "$st" = 0 && no_san; echo $?) "64-bit bzImage entered at +0x200 in long mode (status $st)"
ok $(grep -qx '64:root=/dev/null' "$tmp/out"; echo $?) "64-bit kernel read its command line through rsi"

run --mode long64 "$G/bzimage"
ok $(test "$st" = 1 && grep -q 'no 64-bit entry point' "$tmp/err"; echo $?) "bzImage without XLF_KERNEL_64 refuses long64"

run --timeout 0.5 --irqchip --mode real16 --load 0x7c00 "$G/spin.bin"
ok $(test "$st" = 124 && grep -q 'timeout after 0.5 s' "$tmp/err"; echo $?) "a spinning guest is stopped by --timeout (status $st)"

run --mode prot32 "$G/triple32.bin"
ok $(test "$st" = 3 && grep -q 'triple fault' "$tmp/err" && no_san; echo $?) "a triple-faulting guest ends the run with status 3 and a message"

run --cpus 2 --timeout 0.5 --irqchip "$G/spin.bin"
ok $(test "$st" = 124 && no_san; echo $?) "two spinning vCPUs are kicked out of KVM_RUN (status $st)"
printf 'hello, axvcpu.' | timeout 30 "$RUN" "$G/echo16.bin" >"$tmp/out" 2>"$tmp/err"
st=$?
ok $(test "$st" = 13 && no_san; echo $?) "stdin reached the guest through the 16550 FIFO (13 chars, status $st)"
ok $(test "$(cat "$tmp/out")" = "HELLO, AXVCPU" ; echo $?) "guest echoed the input in upper case"
# Interrupt-driven input: in-kernel PIC, IRQ4 raised by the UART model.
# The guest enables its FIFO first (which empties it, as on a 16550A), so
# input starts once it is waiting.
(sleep 0.5; printf 'abc'; sleep 0.3; printf 'de.') |
	timeout 30 "$RUN" --irqchip "$G/irq16.bin" >"$tmp/out" 2>"$tmp/err"
st=$?
word=$(sed -n 's/.*guest exit, status \([0-9]*\).*/\1/p' "$tmp/err")
word=${word:-0}
ok $(test "$(cat "$tmp/out")" = abcde && test $((word & 255)) = 5 && no_san; echo $?) "UART receive interrupts through the in-kernel PIC: guest echoed 'abcde'"
ok $(test $((word >> 8)) -ge 2; echo $?) "two bursts of input raised $((word >> 8)) interrupts (>= 2)"
# The teardown helper: it holds the VM and nothing else (a pipe held open
# there would keep the reader of axvcpu-run's output waiting), and it goes
# away soon after axvcpu-run.
timeout 30 "$RUN" --timeout 1 --irqchip "$G/spin.bin" </dev/null >"$tmp/out" 2>"$tmp/err" &
runpid=$!
sleep 0.5
helper=$(ps -eo pid=,ppid=,comm= | awk -v p="$runpid" '$3 == "axvcpu-teardown" { print $1 " " $2 }' | while read -r h pp; do
	# the helper's parent is axvcpu-run, itself a child of `timeout`
	[ "$(ps -o ppid= -p "$pp" | tr -d ' ')" = "$runpid" ] && echo "$h"; done)
fds=$( [ -n "$helper" ] && ls -l /proc/"$helper"/fd 2>/dev/null | awk 'NR > 1 { print $NF }' | tr '\n' ' ')
wait $runpid
# A liveness check, not a timing one: the kernel's VM teardown takes a few
# ms on a quiet machine and seconds on a loaded one.
gone=1
for i in $(seq 1 100); do
	[ -n "$helper" ] && [ -d /proc/"$helper" ] || { gone=0; break; }
	sleep 0.2
done
ok $(test -n "$helper" && test "$fds" = "anon_inode:kvm-vm " ; echo $?) "teardown helper holds the VM fd and nothing else (fds: ${fds:-none})"
ok $gone "teardown helper gone after axvcpu-run's exit (within 20 s)"
# Debug ports take 1-, 2- and 4-byte writes and print their bytes; an
# access straddling a device's end, or starting where none is, is open
# bus as a whole (the guest checks reads and the UART's scratch register).
run "$G/ports16.bin"
ok $(test "$st" = 0 && no_san; echo $?) "straddling accesses are open bus: no device saw part of one (guest status $st)"
ok $(test "$(cat "$tmp/out")" = abcdefghijklm; echo $?) "debug ports 0xe9/0x402 print 1-, 2- and 4-byte writes, nothing else (got '$(cat "$tmp/out")')"
# Resets (issue 7): the keyboard controller's 0xfe and SeaBIOS's 0xcf9
# sequence (0x02, then 0x06) restart the guest, which prints a letter at
# every boot; --until stops at the third boot.
run --until BBB "$G/reset_kbd.bin"
ok $(test "$st" = 0 && test "$(cat "$tmp/out")" = BBB && grep -q 'reset: the guest starts over (reset 2)' "$tmp/err" && no_san; echo $?) "keyboard controller reset (0xfe to port 0x64) restarts the guest: 3 boots"
run --stats --until CCC "$G/reset_cf9.bin"
ok $(test "$st" = 0 && test "$(cat "$tmp/out")" = CCC && grep -Eq '^  resets +2$' "$tmp/err" && no_san; echo $?) "0xcf9 reset (0x02 then 0x06) restarts the guest: 3 boots, --stats counts 2 resets"
run --no-reboot "$G/reset_kbd.bin"
ok $(test "$st" = 4 && test "$(cat "$tmp/out")" = B && grep -q 'the guest reset the machine (--no-reboot: the run ends)' "$tmp/err" && no_san; echo $?) "--no-reboot: a keyboard controller reset ends the run with status 4 (got $st) and says so"
run --no-reboot "$G/reset_cf9.bin"
ok $(test "$st" = 4 && test "$(cat "$tmp/out")" = C && grep -q 'reset the machine' "$tmp/err"; echo $?) "--no-reboot: a 0xcf9 reset ends the run with status 4 (got $st)"
# A power-off is not a reset: other status, other message.
run --no-reboot "$G/long64.elf"
ok $(test "$st" = 0 && grep -q 'guest halted' "$tmp/err" && ! grep -qi reset "$tmp/err"; echo $?) "--no-reboot: a halt is a power-off, status $st, no word of a reset"
run --no-reboot --mem 17M "$G/real16.bin"
ok $(test "$st" = 16 && grep -q 'guest exit, status 16' "$tmp/err" && ! grep -qi reset "$tmp/err"; echo $?) "--no-reboot: an exit hypercall is a power-off with the guest's status ($st)"
# A reset between boots is not an end: a timeout after resets says timeout.
run --timeout 2 --irqchip "$G/reset_kbd.bin"
ok $(test "$st" = 124 && grep -q "timeout after 2 s" "$tmp/err" && test "$(grep -c 'reset: the guest starts over' "$tmp/err")" -ge 2 && no_san; echo $?) "a guest resetting in a loop runs until --timeout (status $st), each reset on stderr"
ok $(test "$(tail -1 "$tmp/err")" = "axvcpu-run: timeout after 2 s"; echo $?) "... and the last line is the timeout, not a reset"
exit $((fails > 0))
