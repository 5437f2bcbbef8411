#!/bin/sh
# TAP: axvcpu-run's error paths. Every mistake must give a one-line
# message naming the problem on stderr and a non-zero status, and never a
# crash (the binary is built with ASan+UBSan).
set -u
RUN='@BUILD@/vmm-san/bin/axvcpu-run'
G='@BUILD@/vmm-guests'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

# check NAME WANT_STATUS WANT_STDERR_REGEX -- ARGS...
check() {
	name=$1 want=$2 re=$3
	shift 4
	timeout 20 "$RUN" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	st=$?
	n=$((n + 1))
	if [ "$re" = HELP ]; then
		# --help: usage on stdout, nothing on stderr
		grep -q '^usage: axvcpu-run' "$tmp/out" && [ ! -s "$tmp/err" ]
		matched=$?
	else
		grep -Eq -- "$re" "$tmp/err"
		matched=$?
	fi
	if [ "$st" = "$want" ] && [ $matched = 0 ] &&
		! grep -q 'Sanitizer' "$tmp/err"; then
		echo "ok $n - $name (status $st)"
	else
		echo "not ok $n - $name: status $st, want $want, stderr /$re/"
		sed 's/^/#   /' "$tmp/err" | head -5
		fails=$((fails + 1))
	fi
}

TOTAL=44
echo "1..$TOTAL"
check "no arguments" 2 'no IMAGE or --bios' -- 
check "unknown option" 2 "unknown option '--frobnicate'" -- --frobnicate x
check "--mem=64M: the spelling told" 2 "unknown option '--mem=64M': write '--mem 64M'" -- --mem=64M x
check "--mem without value" 2 'option --mem needs a value' -- --mem
check "--mem garbage" 2 "--mem: bad size 'lots'" -- --mem lots x
check "--mem too large" 2 '--mem: 64G is out of range' -- --mem 64G x
check "--mem not page multiple" 2 'not a multiple of 4K' -- --mem 1048577 x
check "--cpus 0" 2 "--cpus: '0' is not a number from 1 to 16" -- --cpus 0 x
check "--cpus 99" 2 "--cpus: '99'" -- --cpus 99 x
check "--mode bogus" 2 "--mode: 'vm86' is not real16" -- --mode vm86 x
check "--timeout negative" 2 'bad number of seconds' -- --timeout -1 x
check "two images" 2 "more than one image" -- a b
check "image and --bios" 2 'either IMAGE or --bios' -- --bios b a
check "--cmdline with --bios" 2 'need a kernel IMAGE' -- --bios b --cmdline x
check "--help prints usage on stdout" 0 HELP -- --help
# Review fixes: strtoull skips blanks and takes a sign, so these passed.
check "--cpus ' -18446744073709551615' (wrapped to 1)" 2 "--cpus: ' -18446744073709551615' is not a number" -- --cpus ' -18446744073709551615' x
check "--mem ' 64M' (leading blank)" 2 "--mem: bad size ' 64M'" -- --mem ' 64M' x
check "--mem 1048576i (i without a unit)" 2 "--mem: bad size '1048576i'" -- --mem 1048576i x
check "--load with --bios" 2 '--load needs a raw IMAGE' -- --bios b --load 0
timeout 5 "$RUN" --help >"$tmp/out" 2>&1
n=$((n + 1))
if grep -q '^Exit status:' "$tmp/out" && grep -q '124 --timeout' "$tmp/out" &&
	grep -q '130 SIGINT' "$tmp/out"; then
	echo "ok $n - --help documents the exit statuses"
else
	echo "not ok $n - --help documents the exit statuses"
	fails=$((fails + 1))
fi
# The rest load images into a KVM VM.
if [ ! -w /dev/kvm ]; then
	while [ $n -lt $TOTAL ]; do
		n=$((n + 1))
		echo "ok $n # SKIP /dev/kvm is not usable here"
	done
	exit $((fails > 0))
fi
check "missing image" 1 "cannot open image '/nonexistent/img': No such file" -- /nonexistent/img
: >"$tmp/empty"
check "empty image" 1 "is empty" -- "$tmp/empty"
check "ELF segment outside RAM" 1 'ELF: segment \[0xf0000000, 0xf0000010\) is outside guest memory' -- "$G/bad.elf"
check "truncated ELF" 1 'ELF: program headers beyond end of file' -- "$G/trunc.elf"
check "old boot protocol" 1 'boot protocol older than 2.06' -- "$G/old-bzimage"
check "--cmdline on an ELF" 2 'need a bzImage' -- "$G/prot32.elf" --cmdline x
head -c 2000000 /dev/zero >"$tmp/big"
check "image larger than RAM" 1 "image '.*/big' is larger than 1048576" -- --mem 1M "$tmp/big"
check "bad firmware size" 1 'not a multiple of 4 KiB' -- --bios "$G/trunc.elf"
check "directory as image" 1 "image '.*' is a directory" -- "$tmp"
check "/dev/zero as image" 1 "image '/dev/zero' is a character device, not a regular file" -- --mem 1M /dev/zero
# Issue 8: a FIFO with no writer blocked in open(), before --timeout or
# SIGTERM could end the run (the outer timeout gave 124 here).
mkfifo "$tmp/nowriter"
check "FIFO with no writer refused at once" 1 "image '.*/nowriter' is a FIFO, not a regular file" -- --timeout 30 "$tmp/nowriter"
check "FIFO as firmware refused at once" 1 "firmware '.*/nowriter' is a FIFO, not a regular file" -- --bios "$tmp/nowriter"
# Issue 8: an entry point outside every segment (and guest RAM) was
# accepted and ended in an internal error or a triple fault at run time.
check "ELF entry outside every segment" 1 'ELF: entry 0xf0000000 is outside every loaded segment' -- "$G/entry.elf"
# In prot32/long64 the library writes the vCPU system area (GDT, page
# tables) at 0x1000-0x8000 at setup: an image there was overwritten.
check "raw image over the vCPU system area" 1 'image \[0x2000, 0x[0-9a-f]*\) overlaps the vCPU system area' -- --mode prot32 --load 0x2000 "$G/spin.bin"
# An ELF for another machine was refused only after loading, so one whose
# segments lie outside guest RAM (a RISC-V image at 0x80200000, say)
# was reported as "segment outside guest memory".
cp "$G/bad.elf" "$tmp/riscv.elf"
printf '\363\000' | dd of="$tmp/riscv.elf" bs=1 seek=18 conv=notrunc 2>/dev/null
check "ELF for another machine named as such" 1 'riscv.elf: ELF for machine 243 \(RISC-V\), not x86' -- "$tmp/riscv.elf"
# A KVM internal error ended the run with "stopped: InternalError
# code=0x100 data0=0x1 data1=0x0": now what happened, and where. This
# long64 image jumps to 0x10000000, outside guest RAM (mov $0x10000000,
# %eax; jmp *%rax): KVM cannot fetch instructions from MMIO.
printf '\270\000\000\000\020\377\340' >"$tmp/mmiojump.bin"
check "KVM internal error in words, with rip" 3 'vCPU 0: KVM could not emulate the instruction \(KVM internal error 1\) at rip 0x10000000' -- --mode long64 "$tmp/mmiojump.bin"
check "--load on an ELF (was ignored)" 2 '--load needs a raw image' -- --load 0x100000 "$G/prot32.elf"
# --load 0 used to mean "the default" (0x7c00): this 1 MiB image (hlt
# first) only fits at 0.
printf '\364' >"$tmp/hlt1m"
head -c 1048575 /dev/zero >>"$tmp/hlt1m"
check "--load 0 loads at 0 (guest halts)" 0 'guest halted' -- --mem 1M --load 0 "$tmp/hlt1m"
# A 2 GiB image with --mem 3G: loaded straight into guest memory, it
# peaks at one copy (it was read into a buffer and copied: 4.2 GB).
# hlt first, no irqchip: the guest halts at once.
printf '\364' >"$tmp/big2g"
truncate -s 2G "$tmp/big2g"
n=$((n + 1))
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f %M -o "$tmp/rss" timeout 60 "$RUN" --no-irqchip --mem 3G "$tmp/big2g" </dev/null >/dev/null 2>"$tmp/err"
	st=$?
	kb=$(tail -1 "$tmp/rss")
	if [ $st = 0 ] && [ "$kb" -ge 2097152 ] && [ "$kb" -lt 2936012 ] && ! grep -q Sanitizer "$tmp/err"; then
		echo "ok $n - 2 GiB image, --mem 3G: peak RSS $((kb / 1024)) MiB (one copy)"
	else
		echo "not ok $n - 2 GiB image, --mem 3G: status $st, peak RSS $((kb / 1024)) MiB (want 2048..2867)"
		sed 's/^/#   /' "$tmp/err" | head -5
		fails=$((fails + 1))
	fi
else
	echo "ok $n # SKIP no /usr/bin/time (Debian package time)"
fi
# --timeout counts from the start: loading included (the watcher started
# after loading; a read that blocked could not time out).
check "--timeout while loading a 2 GiB image" 124 'timeout after 0.01 s \(while loading\)' -- --timeout 0.01 --no-irqchip --mem 3G "$tmp/big2g"
# SIGTERM while loading: the documented 130 (it was 143, killed).
timeout 60 "$RUN" --no-irqchip --mem 3G "$tmp/big2g" </dev/null >/dev/null 2>"$tmp/err" &
pid=$!
sleep 0.1
kill -TERM $pid
wait $pid
st=$?
n=$((n + 1))
if [ $st = 130 ] && grep -q 'stopped by SIGTERM (while loading)' "$tmp/err" && ! grep -q Sanitizer "$tmp/err"; then
	echo "ok $n - SIGTERM while loading: status 130"
else
	echo "not ok $n - SIGTERM while loading: status $st, want 130"
	sed 's/^/#   /' "$tmp/err" | head -5
	fails=$((fails + 1))
fi
rm -f "$tmp/big2g"
# A closed stdout killed the process with SIGPIPE (status 141), which
# also left a terminal in raw mode.
( timeout 20 "$RUN" "$G/real16.bin" 2>"$tmp/err"; echo $? >"$tmp/st" ) | true
n=$((n + 1))
if [ "$(cat "$tmp/st")" = 0 ] && ! grep -q Sanitizer "$tmp/err"; then
	echo "ok $n - stdout closed by its reader: no SIGPIPE death, status 0"
else
	echo "not ok $n - stdout closed by its reader: status $(cat "$tmp/st")"
	fails=$((fails + 1))
fi
n=$((n + 1))
if command -v script >/dev/null 2>&1; then
	script -qec "stty -g >'$tmp/tty0'; '$RUN' '$G/real16.bin' | true; stty -g >'$tmp/tty1'" /dev/null </dev/null >/dev/null 2>&1
	if [ -s "$tmp/tty0" ] && cmp -s "$tmp/tty0" "$tmp/tty1"; then
		echo "ok $n - terminal settings restored after a closed stdout"
	else
		echo "not ok $n - terminal left changed: $(cat "$tmp/tty0") -> $(cat "$tmp/tty1")"
		fails=$((fails + 1))
	fi
else
	echo "ok $n # SKIP no script(1) for a pseudo-terminal"
fi
# The stdin reader is joined at the end: input that stays open without
# data must not keep the process alive.
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo" # open for reading and writing: no data, never EOF
start=$(date +%s)
timeout 20 "$RUN" "$G/real16.bin" <&3 >/dev/null 2>"$tmp/err"
st=$?
exec 3<&-
n=$((n + 1))
if [ $st = 0 ] && [ $(($(date +%s) - start)) -lt 10 ] && ! grep -q Sanitizer "$tmp/err"; then
	echo "ok $n - silent open stdin: the run ends at once (status $st)"
else
	echo "not ok $n - silent open stdin: status $st after $(($(date +%s) - start)) s"
	fails=$((fails + 1))
fi
exit $((fails > 0))
