#!/bin/bash
# The prepared older kernels: every folder of ../shared/kernels/ beside the
# clone (SOE_PREPARED_KERNELS names another), each holding a linux-image and
# a linux-headers .deb built from one kernel.org release with the debug
# fragment (its README.md says how).  Nothing is installed on the host: the
# packages are unpacked with dpkg -x, once per pair of packages, into
#
#   $SOE_CACHE/prepared/KR-HASH/
#       boot/vmlinuz-KR              the kernel to boot
#       usr/src/linux-headers-KR/    the KDIR to build the module against
#       unpacked                     stamp, written last
#
# (SOE_CACHE as in build.sh), where HASH covers both packages.
#
#   tests/kernels/prepared.sh          one line per kernel: "KR IMAGE KDIR"
#   tests/kernels/prepared.sh --debs   one line per kernel: "KR IMAGE_DEB HEADERS_DEB"
#
# Problems go to standard error and the folder is left out: the caller
# counts the folders (prepared.sh --folders) to notice one missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
shared=${SOE_PREPARED_KERNELS:-$top/../shared/kernels}
cache=${SOE_CACHE:-/var/cache/sockopt-events}
if [ -z "${SOE_CACHE:-}" ] && ! { mkdir -p "$cache" && [ -w "$cache" ]; } 2>/dev/null; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/sockopt-events
fi

folders() {
	[ -d "$shared" ] || return 0
	for d in "$shared"/*/; do
		[ -d "$d" ] && echo "${d%/}"
	done | sort -V
}

# debs FOLDER: "KR IMAGE_DEB HEADERS_DEB", or a message on stderr.
debs() {
	local d=$1 img hdr kr
	img=$(ls "$d"/linux-image-*.deb 2>/dev/null | head -n 1)
	hdr=$(ls "$d"/linux-headers-*.deb 2>/dev/null | head -n 1)
	if [ -z "$img" ] || [ -z "$hdr" ]; then
		echo "prepared.sh: $d: no linux-image-*.deb and linux-headers-*.deb pair" >&2
		return 1
	fi
	kr=$(basename "$img")
	kr=${kr#linux-image-}
	kr=${kr%%_*}
	echo "$kr $img $hdr"
}

case "${1:-}" in
--folders)
	folders
	exit 0
	;;
--debs)
	for d in $(folders); do debs "$d" || true; done
	exit 0
	;;
"") ;;
*)
	echo "usage: prepared.sh [--debs | --folders]" >&2
	exit 2
	;;
esac

mkdir -p "$cache/prepared"
for d in $(folders); do
	set -- $(debs "$d") || continue
	[ $# = 3 ] || continue
	kr=$1 img=$2 hdr=$3
	hash=$(cat "$img" "$hdr" | sha256sum | cut -c 1-16)
	dir=$cache/prepared/$kr-$hash
	(
		flock 9
		if [ ! -f "$dir/unpacked" ]; then
			rm -rf "$dir"
			mkdir -p "$dir"
			dpkg -x "$img" "$dir" && dpkg -x "$hdr" "$dir" && touch "$dir/unpacked"
		fi
	) 9>"$cache/prepared/.$kr.lock"
	image=$dir/boot/vmlinuz-$kr
	kdir=$dir/usr/src/linux-headers-$kr
	if [ ! -f "$dir/unpacked" ] || [ ! -f "$image" ] || [ ! -d "$kdir" ]; then
		echo "prepared.sh: $d: unpacking into $dir gave no $image and $kdir" >&2
		continue
	fi
	# Unpacked packages of an older pair of this release are not used again.
	for old in "$cache/prepared/$kr"-*; do
		[ "$old" = "$dir" ] || rm -rf "$old"
	done
	echo "$kr $image $kdir"
done
