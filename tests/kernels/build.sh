#!/bin/bash
# Build one of the suite's own kernels, or find it already built.
#
#   tests/kernels/build.sh NAME
#
# NAME is a fragment here, NAME.config, whose last dash-separated word is the
# Debian source series it builds from: debug-6.1.config builds
# /usr/src/linux-source-6.1.tar.xz (package linux-source-6.1).  The kernel is
# tinyconfig plus the fragment; after olddefconfig every option the fragment
# sets must be in .config as written, or the build stops and names the
# options Kconfig dropped (it drops them silently when a dependency is off).
#
# Built kernels live outside the clone, so that a new clone or "make clean"
# reuses them:
#
#   $SOE_CACHE/kernels/NAME-SOURCEVERSION-HASH/
#
# SOE_CACHE is /var/cache/sockopt-events, or ~/.cache/sockopt-events where
# that cannot be written.
#       bzImage      the kernel to boot
#       build/       the O= output tree: make -C build M=DIR modules
#       fragment     the fragment it was built from
#       built        stamp, written last: a directory without it is a partial
#                    build and is removed and redone
#
# HASH covers the fragment, this script and the compiler's version, so that
# changing any of them builds anew.  Sources are unpacked once per source
# version under $SOE_CACHE/src/ and shared by the kernels made from them (a
# build tree refers to its source tree, so both are kept).  A new build of
# NAME removes the older builds of NAME.
#
# Progress goes to standard error; the last line on standard output is the
# kernel's directory.  SOE_JOBS sets make's -j (default: the number of CPUs).
set -euo pipefail

name=${1:?usage: build.sh NAME}
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/$name.config
cache=${SOE_CACHE:-/var/cache/sockopt-events}
if [ -z "${SOE_CACHE:-}" ] && ! { mkdir -p "$cache" && [ -w "$cache" ]; } 2>/dev/null; then
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/sockopt-events
fi
jobs=${SOE_JOBS:-$(nproc)}

die() {
	echo "build.sh $name: $*" >&2
	exit 1
}

[ -f "$fragment" ] || die "no fragment $fragment"
series=${name##*-}
pkg=linux-source-$series
tarball=/usr/src/$pkg.tar.xz
srcver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) ||
	die "$pkg is not installed (tests/kernels/deps.sh installs it)"
[ -f "$tarball" ] || die "$tarball is missing (reinstall $pkg)"

hash=$( { cat "$fragment" "$0"; gcc --version | head -n 1; } | sha256sum | cut -c 1-16)
dir=$cache/kernels/$name-$srcver-$hash
src=$cache/src/$pkg-$srcver

mkdir -p "$cache/kernels" "$cache/src"
# One build of a kernel at a time, across concurrent "make check" runs.
exec 9>"$cache/kernels/.$name.lock"
flock 9

if [ -f "$dir/built" ]; then
	echo "build.sh $name: cached in $dir" >&2
	echo "$dir"
	exit 0
fi

# The source, unpacked once per version; the stamp says it is complete.
exec 8>"$cache/src/.$pkg.lock"
flock 8
if [ ! -f "$src/.soe-unpacked" ]; then
	echo "build.sh $name: unpacking $tarball ($srcver)" >&2
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
	touch "$src/.soe-unpacked"
fi
flock -u 8

# Not built, or only partly: start again.
rm -rf "$dir"
mkdir -p "$dir/build"
cp "$fragment" "$dir/fragment"
out=$dir/build
kmake() {
	make -C "$src" O="$out" ARCH=x86_64 "$@"
}

echo "build.sh $name: configuring in $out" >&2
kmake tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >&2
kmake olddefconfig >&2

# Every option asked for must have survived olddefconfig as written.
dropped=
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		opt=${line%%=*}
		grep -qxF -- "$line" "$out/.config" ||
			dropped="$dropped $opt (asked ${line#*=}, got $(grep -m1 -E "^(# )?$opt[= ]" "$out/.config" || echo unset))"
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		! grep -q "^$opt=" "$out/.config" ||
			dropped="$dropped $opt (asked off, got $(grep -m1 "^$opt=" "$out/.config"))"
		;;
	esac
done <"$fragment"
if [ -n "$dropped" ]; then
	echo "build.sh $name: olddefconfig dropped or changed:$dropped" >&2
	die "fix $fragment: each of these has a dependency that is off"
fi

echo "build.sh $name: building with -j$jobs" >&2
start=$(date +%s)
kmake -j"$jobs" bzImage modules modules_prepare >&2
cp "$out/arch/x86/boot/bzImage" "$dir/bzImage"
echo "build.sh $name: built in $(($(date +%s) - start)) s" >&2
touch "$dir/built"
# Builds of NAME from another fragment, source or compiler are not used again.
for old in "$cache/kernels/$name"-*; do
	[ "$old" = "$dir" ] || rm -rf "$old"
done
echo "$dir"
