#!/bin/sh
# The packages for the whole kernel matrix of "make check", on top of those
# tests/deps.sh always wants: Debian 12's generic, rt and 6.12 kernels with
# their headers (the cloud kernel comes from tests/deps.sh), the kernel
# sources the suite builds its own kernels from, and what building a kernel
# needs.  "make run" does not use this: it needs only the cloud kernel.
# Further package names may be given as arguments.
set -u
here=$(cd "$(dirname "$0")" && pwd)

# A 6.12 kernel from bookworm (its -backports-like "+deb12" builds).  Keep
# the one already installed; otherwise take the newest version whose image
# and headers are both in the archive.
k612() {
	local v
	v=$(dpkg-query -W -f='${Status} ${Package}\n' 'linux-image-6.12.*+deb12-amd64' 2>/dev/null |
		sed -n 's/^install ok installed linux-image-//p' | sort -V | tail -n 1)
	if [ -n "$v" ] && [ -d "/lib/modules/$v/build" ]; then
		echo "$v"
		return
	fi
	apt-cache pkgnames linux-image-6.12. |
		sed -n 's/^linux-image-\(6\.12\.[0-9]*+deb12-amd64\)$/\1/p' | sort -rV |
		while read -r v; do
			if apt-cache show "linux-headers-$v" >/dev/null 2>&1; then
				echo "$v"
				break
			fi
		done
}

v612=$(k612)
if [ -z "$v612" ]; then
	echo "no linux-image-6.12.*+deb12-amd64 with matching headers in the apt sources" >&2
	exit 1
fi
exec "$here/../deps.sh" \
	bc bison flex libelf-dev libssl-dev xz-utils \
	linux-source-6.1 linux-source-6.12 \
	linux-image-amd64 linux-headers-amd64 \
	linux-image-rt-amd64 linux-headers-rt-amd64 \
	"linux-image-$v612" "linux-headers-$v612" "$@"
