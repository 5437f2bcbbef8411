#!/bin/sh
# TAP: axvcpu-run's error paths. Every mistake must give a one-line
# message naming the problem on stderr and a non-zero status, and never a
# crash (the binary is built with ASan+UBSan).
set -u
RUN='@BUILD@/tests/vmm/axvcpu-run-san'
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

echo "1..22"
check "no arguments" 2 'no IMAGE or --bios' -- 
check "unknown option" 2 "unknown option '--frobnicate'" -- --frobnicate x
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
# The rest load images into a KVM VM.
if [ ! -w /dev/kvm ]; then
	while [ $n -lt 22 ]; do
		n=$((n + 1))
		echo "ok $n # SKIP /dev/kvm is not usable here"
	done
	exit $((fails > 0))
fi
check "missing image" 1 "cannot open image '/nonexistent/img': No such file" -- /nonexistent/img
: >"$tmp/empty"
check "empty image" 1 "is empty" -- "$tmp/empty"
check "ELF segment outside RAM" 1 'ELF: segment outside guest memory' -- "$G/bad.elf"
check "truncated ELF" 1 'ELF: program headers beyond end of file' -- "$G/trunc.elf"
check "old boot protocol" 1 'boot protocol older than 2.06' -- "$G/old-bzimage"
check "--cmdline on an ELF" 2 'need a bzImage' -- "$G/prot32.elf" --cmdline x
head -c 2000000 /dev/zero >"$tmp/big"
check "image larger than RAM" 1 "image '.*/big' is larger than 1048576" -- --mem 1M "$tmp/big"
check "bad firmware size" 1 'not a multiple of 4 KiB' -- --bios "$G/trunc.elf"
exit $((fails > 0))
