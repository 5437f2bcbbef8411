#!/bin/sh
# TAP: the layering rules of README.md, checked on every #include.
#   core <- decoders <- backends <- VM layer (vmm/) <- platforms, tools,
#   examples
# A layer includes public headers (<axvcpu/...>), its own directory and
# the layers below it, never one above; internal headers are named by
# their path from the root ("vmm/bus.h", "src/decode/riscv_mem.h") or
# bare within one directory, never with "../". Freestanding layers
# include no libc header beyond the compiler's own.
cd "$(dirname "$0")/../.." || exit 1

# layer DIR ALLOWED-PREFIXES FREESTANDING(0/1)
# ALLOWED-PREFIXES: root-relative prefixes a quoted include may name.
rules='
src/core|src/core/|1
src/decode|src/decode/|1
src/arch|src/arch/ src/decode/|1
src/kvm|src/kvm/ src/arch/x86_64/ src/decode/|0
src/hosted|src/hosted/|0
vmm|vmm/|1
platform/common|platform/common/ vmm/|1
tools|tools/ vmm/|0
examples|vmm/|0
bench|bench/|0
'
# Each platform (board): its own files, what the platforms share
# (platform/common), the VM layer and the decoders; never another board.
for d in platform/*/; do
	d=${d%/}
	[ "$d" = platform/common ] && continue
	rules="$rules$d|$d/ platform/common/ vmm/ src/decode/|1
"
done
# Headers a freestanding C compiler provides itself.
fs_ok='stdint.h stddef.h stdbool.h stdatomic.h stdalign.h stdarg.h limits.h stdnoreturn.h float.h'

n=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
echo "$rules" | while IFS='|' read -r dir allowed fs; do
	[ -n "$dir" ] || continue
	[ -d "$dir" ] || continue
	files=$(find "$dir" -name '*.[chS]' | sort)
	for f in $files; do
		fdir=$(dirname "$f")
		grep -n '^[[:space:]]*#[[:space:]]*include' "$f" |
			while IFS= read -r line; do
				inc=$(printf '%s' "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*\(["<][^">]*[">]\).*/\1/p')
				name=${inc#?}
				name=${name%?}
				case $inc in
				\<axvcpu/*) continue ;;
				\<*)
					[ "$fs" = 1 ] || continue
					case " $fs_ok " in *" $name "*) continue ;; esac
					echo "$f: $line: libc header in a freestanding layer"
					continue
					;;
				esac
				case $name in
				../* | */../*)
					echo "$f: $line: relative path (name it from the root)"
					continue
					;;
				esac
				# Bare name: a header of the same directory.
				case $name in
				*/*) ;;
				*)
					[ -f "$fdir/$name" ] && continue
					echo "$f: $line: no $name beside it"
					continue
					;;
				esac
				ok=0
				for p in $allowed; do
					case $name in "$p"*) ok=1 ;; esac
				done
				[ "$ok" = 1 ] && continue
				echo "$f: $line: $dir may not include $name"
			done
	done
done >"$tmp"

# One result per layer, so a failure names the layer and the lines.
for dir in src/core src/decode src/arch src/kvm src/hosted vmm \
	platform/common platform tools examples bench; do
	n=$((n + 1))
	bad=$(grep "^$dir/" "$tmp")
	if [ -z "$bad" ]; then
		echo "ok $n - $dir includes only what its layer may"
	else
		echo "not ok $n - $dir includes only what its layer may"
		printf '%s\n' "$bad" | sed 's/^/#   /'
		fail=1
	fi
done
# The core names no backend, and no backend the VM layer, by symbol
# either: a cheap guard against a layer reaching around the headers.
n=$((n + 1))
bad=$(grep -rn 'axvcpu_backend_\(riscv64\|kvm\|aarch64\|vmx\|svm\)\b\|\bvmm_[a-z_]*(' src/core src/decode 2>/dev/null)
if [ -z "$bad" ]; then
	echo "ok $n - the core and decoders name no backend or VM-layer symbol"
else
	echo "not ok $n - the core and decoders name no backend or VM-layer symbol"
	printf '%s\n' "$bad" | sed 's/^/#   /'
	fail=1
fi
echo "1..$n"
exit $fail
