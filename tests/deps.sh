#!/bin/sh
# Install the Debian packages the test suite needs, or, when not root, say
# exactly which are missing.  Extra package names may be given as arguments.
set -u
packages="build-essential gcc-multilib cpio gzip file python3 kmod busybox-static qemu-system-x86 clang libclang-rt-14-dev groff-base man-db
linux-image-cloud-amd64 linux-headers-cloud-amd64 libbpf-dev bpftool libcap-ng-dev libpcap0.8-dev $*"

missing=
for p in $packages; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "make check needs these Debian packages:$missing" >&2
	echo "install them as root: apt-get install$missing" >&2
	exit 1
fi
echo "# installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null 2>&1 || true
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
	echo "apt-get install$missing failed" >&2
	exit 1
}
