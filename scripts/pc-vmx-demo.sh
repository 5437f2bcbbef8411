#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo ARCH=vmx: a guest on the PC hypervisor (Intel VMX) under bochs,
# booted from a disk through bochs's BIOS, its console (COM1) on this
# terminal (Ctrl-A x leaves).
# usage: pc-vmx-demo.sh HV.bin BOOT.bin BOCHS-DISK GUEST DISK_OUT [LINUX_DIR]
#   GUEST: uboot (default), seabios, memtest, linux, or a path: a bzImage (booted with
#   console=ttyS0), a firmware ROM (a multiple of 4 KiB, at most 1 MiB:
#   mapped below 4 GiB), or a flat 64-bit image entered at 0x100000.
set -eu
hv=$1 boot=$2 mkdisk=$3 guest=${4:-uboot} disk=$5 linux=${6:-}
here=$(dirname "$0")
cpus=1
case $guest in
uboot) set -- /usr/lib/u-boot/qemu-x86_64/u-boot.rom bios
	echo "== U-Boot on the axvcpu VMX hypervisor under bochs. Try: version, md 100000 10, reset" ;;
seabios) set -- /usr/share/seabios/bios.bin bios
	cpus=2
	echo "== SeaBIOS on 2 vCPUs; it finds no disk and retries every minute" ;;
memtest) set -- /boot/memtest86+x64.bin "kernel console=ttyS0"
	echo "== memtest86+ (serial console); its first pass takes about 4 minutes under bochs" ;;
linux) set -- "$linux/vmlinuz" "kernel console=ttyS0 quiet" "$linux/initramfs.gz" initrd
	cpus=2
	echo "== Debian's Linux on 2 vCPUs, busybox shell (about 2 minutes under bochs). Try: nproc, poweroff -f" ;;
*)
	if [ ! -f "$guest" ]; then
		echo "pc-vmx-demo: GUEST=$guest: no such file (or uboot, seabios, memtest, linux)" >&2
		exit 2
	fi
	size=$(wc -c < "$guest")
	if [ "$(dd if="$guest" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]; then
		set -- "$guest" "kernel console=ttyS0"
	elif [ $((size % 4096)) -eq 0 ] && [ "$size" -le 1048576 ]; then
		set -- "$guest" bios
	else
		set -- "$guest" flat
	fi
	echo "== $guest on the axvcpu VMX hypervisor under bochs ($2)" ;;
esac
"$mkdisk" "$disk" "$boot" "$hv" "cpus=$cpus mem=128" "$@"
echo "== bochs emulates the whole machine: expect a few seconds to the first output."
echo "== Leave with Ctrl-A x."
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
sh "$here/../tests/x86/bochs-run.sh" -c "$cpus" -t 86400 -s "$port" "$disk" \
	>/dev/null 2>&1 &
bochs=$!
perl "$here/bochs-console.pl" "$port" "$bochs"
wait "$bochs" 2>/dev/null || true
