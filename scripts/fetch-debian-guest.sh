#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch single Debian package files of another architecture (guest kernels,
# busybox-static) into a cache directory, from Debian 13 "trixie" (Debian 12
# has no riscv64 port), without touching the machine's apt configuration.
#
# usage: fetch-debian-guest.sh ARCH CACHEDIR PACKAGE...
#
#   ARCH      Debian architecture: riscv64, arm64, ...
#   CACHEDIR  where the .deb files go (created); also holds a private apt
#             state while fetching
#   PACKAGE   package names; a metapackage (linux-image-riscv64) is resolved
#             to the package it depends on (linux-image-6.12.x-riscv64)
#
# For each PACKAGE, CACHEDIR/PACKAGE.deb is written (a stable name, so
# make rules can depend on it) and CACHEDIR/PACKAGE.version names the
# real package and version. A PACKAGE whose .deb is already there is not
# fetched again: a second run with the same arguments downloads nothing.
#
# The apt source is a file of our own with [arch=ARCH], used together
# with a private lists/cache directory under CACHEDIR through apt's
# Dir::* options: /etc/apt and /var/lib/apt are never written, so there is
# nothing to restore afterwards. The private state is removed on every exit
# (success, failure or signal). Needs apt-get, apt-cache and dpkg-deb;
# downloads from the Debian archive only.
set -eu

usage() {
	echo "usage: $0 ARCH CACHEDIR PACKAGE..." >&2
	exit 2
}
[ $# -ge 3 ] || usage
arch=$1 cache=$2
shift 2
case $arch in
*[!a-z0-9]* | '') echo "$0: bad architecture '$arch'" >&2 && exit 2 ;;
esac
mirror=${DEBIAN_GUEST_MIRROR:-http://deb.debian.org/debian}
suite=${DEBIAN_GUEST_SUITE:-trixie}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

missing=
for p in "$@"; do
	[ -s "$cache/$p.deb" ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	exit 0
fi

state=$(mktemp -d "$cache/.apt.XXXXXX")
cleanup() {
	rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/apt.conf.d" \
	"$state/etc/preferences.d" "$state/etc/sources.list.d"
echo "deb [arch=$arch signed-by=$keyring] $mirror $suite main" \
	>"$state/etc/sources.list"
# Every place apt reads or writes, redirected into $state; the machine's
# dpkg status file is only read (apt needs one) and never changed.
apt_opts="-o Dir::Etc=$state/etc -o Dir::Etc::sourcelist=$state/etc/sources.list
	-o Dir::Etc::sourceparts=$state/etc/sources.list.d
	-o Dir::Etc::parts=$state/etc/apt.conf.d
	-o Dir::Etc::preferencesparts=$state/etc/preferences.d
	-o Dir::State::Lists=$state/lists -o Dir::Cache=$state
	-o Dir::Cache::archives=$state/archives
	-o Dir::State::extended_states=$state/extended_states
	-o APT::Architecture=$arch -o APT::Architectures::=$arch
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root -o Acquire::Languages=none -q"

echo "fetch-debian-guest: $suite $arch index" >&2
# shellcheck disable=SC2086
apt-get $apt_opts update >"$state/update.log" 2>&1 || {
	cat "$state/update.log" >&2
	echo "$0: apt-get update of $suite/$arch failed" >&2
	exit 1
}

# The package a metapackage stands for: its first Depends that is a
# real (non-virtual) package with the same prefix.
resolve() {
	# shellcheck disable=SC2086
	dep=$(apt-cache $apt_opts depends "$1" 2>/dev/null |
		sed -n "s/^ *Depends: \($1\|${1%-*}-[0-9][^ ]*\)$/\1/p" |
		grep -v "^$1\$" | head -n 1)
	echo "${dep:-$1}"
}

for p in $missing; do
	real=$(resolve "$p")
	# shellcheck disable=SC2086
	ver=$(apt-cache $apt_opts show "$real" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1)
	if [ -z "$ver" ]; then
		echo "$0: no package $real for $arch in $suite" >&2
		exit 1
	fi
	echo "fetch-debian-guest: $real $ver ($arch)" >&2
	# shellcheck disable=SC2086
	(cd "$state" && apt-get $apt_opts download "$real:$arch") >&2
	f=$(ls "$state"/"${real}"_*_"$arch".deb 2>/dev/null | head -n 1)
	if [ -z "$f" ] || ! dpkg-deb --info "$f" >/dev/null 2>&1; then
		echo "$0: download of $real failed" >&2
		exit 1
	fi
	mv "$f" "$cache/$p.deb.tmp"
	mv "$cache/$p.deb.tmp" "$cache/$p.deb"
	echo "$real $ver" >"$cache/$p.version"
done
