#!/bin/sh
# Make the test VM's initramfs: busybox, the module, the static reader, the
# static test programs (PROGDIR's files, and its folders as they are), the
# guest script that /init runs and the scripts it sources.
#   mkinitramfs.sh OUT.cpio.gz MODULE.ko READER PROGDIR GUEST_SCRIPT
set -eu
out=$1 ko=$2 reader=$3 progs=$4 guest=$5
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/bin" "$root/progs" "$root/proc" "$root/sys" "$root/dev" \
	"$root/tmp" "$root/mnt"
cp /bin/busybox "$root/bin/busybox"
cp "$ko" "$root/sockopt_events.ko"
cp "$reader" "$root/bin/sockopt-reader"
cp -r "$progs"/. "$root/progs/"
cp "$here/init" "$root/init"
cp "$here"/guest-*.sh "$here/../tap.sh" "$root/"
cp "$guest" "$root/guest.sh"
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
