#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# make demo ARCH=svm: a guest on the PC hypervisor (AMD SVM) under
# qemu-system-x86_64, interactive on this terminal (Ctrl-A x leaves).
# usage: pc-demo.sh HV.bin GUEST LINUX_DIR
#   GUEST: uboot (default), seabios, memtest, linux, or a path: a bzImage
#   (Linux boot protocol: booted with console=ttyS0), a firmware ROM (a
#   multiple of 4 KiB, at most 1 MiB: mapped below 4 GiB), or a flat
#   64-bit image entered at 0x100000.
set -eu
hv=$1 guest=${2:-uboot} linux=$3
cpus=1
case $guest in
uboot) mods="/usr/lib/u-boot/qemu-x86_64/u-boot.rom bios"
	echo "== U-Boot on the axvcpu SVM hypervisor. Try: version, md 100000 10, reset" ;;
seabios) mods="/usr/share/seabios/bios.bin bios" cpus=2
	echo "== SeaBIOS on 2 vCPUs; it finds no disk and retries every minute" ;;
memtest) mods="/boot/memtest86+x64.bin kernel console=ttyS0"
	echo "== memtest86+ (serial console); its first pass takes a few minutes" ;;
linux) mods="$linux/vmlinuz kernel console=ttyS0 quiet,$linux/initramfs.gz initrd" cpus=2
	echo "== Debian's Linux on 2 vCPUs, busybox shell. Try: nproc, cat /proc/cpuinfo, poweroff -f" ;;
*)
	if [ ! -f "$guest" ]; then
		echo "pc-demo: GUEST=$guest: no such file (or uboot, seabios, memtest, linux)" >&2
		exit 2
	fi
	size=$(wc -c < "$guest")
	if [ "$(dd if="$guest" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ]; then
		mods="$guest kernel console=ttyS0"
	elif [ $((size % 4096)) -eq 0 ] && [ "$size" -le 1048576 ]; then
		mods="$guest bios"
	else
		mods="$guest flat"
	fi
	echo "== $guest on the axvcpu SVM hypervisor (${mods##* })" ;;
esac
echo "== Leave with Ctrl-A x."
exec qemu-system-x86_64 -accel tcg -cpu qemu64,+svm,+npt -m 1G -smp "$cpus" \
	-nographic -device isa-debug-exit,iobase=0xf4,iosize=4 \
	-kernel "$hv" -append "cpus=$cpus" -initrd "$mods"
