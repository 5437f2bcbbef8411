#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The Linux guest of the PC hypervisor, from Debian packages only: the
# kernel of linux-image-amd64 (the metapackage resolved to its real
# package) and busybox-static, fetched with apt-get download into OUT,
# and a busybox initramfs whose /init mounts the usual file systems,
# installs the applets and gives a shell on the console.
# usage: pc-linux-guest.sh OUT   (writes OUT/vmlinuz and OUT/initramfs.gz)
set -eu
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -s "$out/vmlinuz" ] && [ -s "$out/initramfs.gz" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1)
if [ -z "$kpkg" ]; then
	echo "pc-linux-guest: cannot resolve linux-image-amd64 (apt-get update?)" >&2
	exit 1
fi
# apt's sandbox user cannot write here: download as root, quietly.
apt-get download -q "$kpkg" busybox-static 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
dpkg-deb -x linux-image-*.deb k
dpkg-deb -x busybox-static_*.deb b
cp k/boot/vmlinuz-* "$out/vmlinuz.new"
mkdir -p root/bin root/dev root/proc root/sys root/tmp
cp b/bin/busybox root/bin/busybox
cat > root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
echo "axvcpu-linux: init on $(nproc) CPU(s)"
exec setsid cttyhack sh
INIT
chmod 755 root/init
# The console node must be in the archive: init has no stdout without it.
(cd root && { find . -print | LC_ALL=C sort; } |
	cpio --quiet -o -H newc --reproducible -R 0:0 > ../root.cpio)
printf 'dev/console\n' > dev.list
mkdir -p devroot/dev
# A character node needs root; the archive records it without mknod on
# the host when cpio can't: build it from a tiny newc entry instead.
if mknod devroot/dev/console c 5 1 2>/dev/null; then
	(cd devroot && echo dev/console |
		cpio --quiet -o -H newc --reproducible -R 0:0 > ../dev.cpio)
	cat dev.cpio root.cpio > all.cpio
else
	cp root.cpio all.cpio
fi
gzip -n -9 < all.cpio > "$out/initramfs.gz.new"
touch -d @0 "$out/initramfs.gz.new"
mv "$out/vmlinuz.new" "$out/vmlinuz"
mv "$out/initramfs.gz.new" "$out/initramfs.gz"
echo "pc-linux-guest: $kpkg -> $out/vmlinuz, initramfs.gz"
