#!/bin/sh
# TAP: a second real guest nobody here wrote. Debian's x86-64 U-Boot ROM
# (SPL in 32-bit mode, which switches to long mode itself, then U-Boot
# proper) runs on axvcpu-run --bios, stops its autoboot on a key typed into
# the 16550 and answers commands typed at its `=>` prompt; its `reset`
# (port 0xcf9) brings it back to its banner and prompt, where it answers
# again; with --no-reboot the same `reset` ends the run with status 4.
# Input is typed only once the guest asked for it (the output is watched),
# so a slow machine cannot make a key arrive early and get lost.
set -u
RUN='@BUILD@/vmm-san/bin/axvcpu-run'
ROM=/usr/lib/u-boot/qemu-x86_64/u-boot.rom
if [ ! -w /dev/kvm ]; then
	echo "1..0 # SKIP /dev/kvm is not usable here"
	exit 0
fi
if [ ! -r "$ROM" ]; then
	echo "1..0 # SKIP $ROM missing (Debian package u-boot-qemu)"
	exit 0
fi
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
echo "1..16"
mkfifo "$tmp/in"
start=$(date +%s.%N)
# ${a} makes the final answer differ from its echoed command line, so
# --until stops on the answer only.
timeout 90 "$RUN" --bios "$ROM" --stats --until 'axvcpu-uboot-done' \
	--timeout 80 <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"
# If the guest already ended, typing must fail quietly, not kill the test.
trap '' PIPE

# wait_for TEXT N: until the console printed TEXT N times (the `=>`
# prompts are counted), or the run ended, or 50 s passed.
wait_for() {
	i=0
	while [ $i -lt 500 ]; do
		c=$(grep -o -F -- "$1" "$tmp/out" 2>/dev/null | wc -l)
		[ "$c" -ge "$2" ] && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
wait_for 'Hit any key to stop autoboot' 1 && printf ' ' >&3
wait_for '=> ' 1 && printf 'version\r' >&3
wait_for '=> ' 2 && printf 'mw.l 300000 a5c3e1f0 4; md.l 300000 4\r' >&3
wait_for '=> ' 3 && printf 'reset\r' >&3
# After the reset: the whole boot again, then the same questions.
wait_for 'Hit any key to stop autoboot' 2 && printf ' ' >&3
wait_for '=> ' 4 && printf 'version\r' >&3
wait_for '=> ' 5 && printf 'setenv a axvcpu; echo ${a}-uboot-done\r' >&3
exec 3>&-
wait "$pid"
st=$?
pid=
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
tr -d '\r' <"$tmp/out" >"$tmp/o"
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
t 'grep -q "^U-Boot SPL 20" "$tmp/o"' "U-Boot SPL banner printed"
t 'grep -q "^Jumping to 64-bit U-Boot" "$tmp/o"' "SPL switched to long mode and jumped"
t '[ $(grep -c "^U-Boot 20" "$tmp/o") -ge 2 ]' "U-Boot proper banner printed, and again by 'version'"
t 'grep -q "^DRAM:  64 MiB" "$tmp/o"' "U-Boot found 64 MiB of RAM"
t 'grep -q "^=> " "$tmp/o"' "autoboot stopped by a key: => prompt"
t 'grep -q "^=> version" "$tmp/o"' "typed text echoed back through the 16550"
t 'grep -q "^00300000: a5c3e1f0 a5c3e1f0 a5c3e1f0 a5c3e1f0" "$tmp/o"' "mw/md wrote and read guest RAM"
t 'grep -q "^axvcpu-uboot-done" "$tmp/o" && grep -q "console printed \"axvcpu-uboot-done\"" "$tmp/err"' "echo answered, stopped by --until"
t '! grep -q Sanitizer "$tmp/err"' "no sanitizer report"
t 'grep -q "^resetting" "$tmp/o" && grep -q "reset: the guest starts over (reset 1)" "$tmp/err"' "'reset' reset the machine and the guest started over"
t '[ $(grep -c "^U-Boot SPL 20" "$tmp/o") = 2 ]' "after the reset: SPL banner again"
t '[ $(grep -c "^U-Boot 20" "$tmp/o") = 4 ] && [ $(grep -c "^DRAM:  64 MiB" "$tmp/o") = 2 ]' "after the reset: U-Boot proper again, 64 MiB, and 'version' answered"
echo "# U-Boot ROM to its answers at the prompt, through a reset: ${secs} s"
grep -E '^  (IoRead|IoWrite|total) ' "$tmp/err" | sed 's/^/# /'
if [ $fails != 0 ]; then
	tail -8 "$tmp/o" | sed 's/^/#   out: /'
	tail -5 "$tmp/err" | sed 's/^/#   err: /'
fi

# --no-reboot: the same `reset` ends the run, status 4, said on stderr.
rm -f "$tmp/in"
mkfifo "$tmp/in"
: >"$tmp/out"
timeout 60 "$RUN" --bios "$ROM" --no-reboot --timeout 50 <"$tmp/in" \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"
wait_for 'Hit any key to stop autoboot' 1 && printf ' ' >&3
wait_for '=> ' 1 && printf 'reset\r' >&3
wait "$pid"
st=$?
pid=
exec 3>&-
tr -d '\r' <"$tmp/out" >"$tmp/o"
t '[ $st = 4 ]' "--no-reboot: U-Boot's reset ends the run with status 4 (got $st)"
t 'grep -q "the guest reset the machine (--no-reboot: the run ends)" "$tmp/err" && [ $(grep -c "^U-Boot SPL 20" "$tmp/o") = 1 ]' "--no-reboot: the message says reset, no second boot"
t '! grep -q Sanitizer "$tmp/err"' "--no-reboot: no sanitizer report"
exit $fails
