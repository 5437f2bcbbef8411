#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Build a small, reproducible initramfs (cpio newc + gzip) around Debian's
# busybox-static of any architecture: /bin/busybox, a /dev/console node,
# and an /init that mounts proc, sys, devtmpfs and /dev/shm, installs the
# applet links, prints a marker line and runs a shell on the console
# (again whenever it exits). The same inputs give the same bytes: fixed
# mtimes, owners and order, gzip -n.
#
# usage: mk-busybox-initramfs.sh BUSYBOX-STATIC.deb OUT.cpio.gz
#
# The marker is "axvcpu-guest: init ready" followed by the CPUs online.
set -eu
[ $# -eq 2 ] || { echo "usage: $0 BUSYBOX-STATIC.deb OUT.cpio.gz" >&2; exit 2; }
deb=$1 out=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$tmp/x" "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" \
	"$root/dev" "$root/proc" "$root/sys" "$root/tmp" "$root/root" "$root/etc"
dpkg-deb -x "$deb" "$tmp/x"
# Merged /usr (trixie): usr/bin/busybox; older packages: bin/busybox.
for f in "$tmp/x/usr/bin/busybox" "$tmp/x/bin/busybox"; do
	if [ -f "$f" ]; then
		cp "$f" "$root/bin/busybox"
		break
	fi
done
[ -f "$root/bin/busybox" ] || { echo "$0: no busybox in $deb" >&2; exit 1; }
chmod 755 "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cat >"$root/init" <<'INIT'
#!/bin/sh
# The busybox of another architecture cannot list its applets at build
# time: install the links now.
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/shm
mount -t tmpfs -o size=64m tmpfs /dev/shm
export HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin
echo "axvcpu-guest: init ready, $(nproc) CPUs online"
while true; do
	setsid cttyhack sh -l
done
INIT
chmod 755 "$root/init"
printf 'PS1="# "\n' >"$root/etc/profile"
# Without /dev/console in the archive, init has no stdout.
mknod -m 600 "$root/dev/console" c 5 1
find "$root" -exec touch -h -d @0 {} +
(cd "$root" && find . | LC_ALL=C sort |
	cpio --quiet -o -H newc --reproducible -R 0:0) | gzip -n -9 >"$out.tmp"
mv "$out.tmp" "$out"
