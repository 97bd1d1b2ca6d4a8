#!/bin/bash
# The Debian packages, for real, on this machine (as root): build them with
# "make deb", lint them, install them (with the headers packages of the
# prepared older kernels in ../shared/kernels/), check that DKMS built and
# installed the module for every kernel that has headers, boot the module
# DKMS built for the cloud kernel and for the oldest prepared kernel in VMs
# and see their events, upgrade to a second build with a bumped version,
# then purge the packages and check that nothing is left.  On the way:
# the dev package's header compiles on its own, and the postinst says why
# DKMS skipped a kernel (made-up kernels, each without an option DKMS
# wants, and a run as on aarch64).  Last, make dkms-install for one kernel
# and then another must leave the first as it was.
#
# Prints the lines of tests/tap.sh, each name after "dkms: ";
# tests/tap.awk numbers them.
#
# The run is a list of named stages, the stage_NAME functions below, run
# in order at the end of the file, each printing its own lines after a
# "# dkms: stage NAME" note: preconditions, version, build, contents,
# lintian, prepared_headers, unfit_kernels, kernels, install, skips,
# signatures, tools, vms, upgrade, purge, make_dkms_install.  A stage that cannot go on (not root, no packages, no
# kernel) ends the run there; the trap puts the machine back.
#
# It changes the machine only while it runs: the packages (and the headers
# packages it installed) are purged on every way out (trap).  It does not run where sockopt-events is already
# installed (packaged or by "make dkms-install"): it would remove it.
# Work files are in build/dkms/, the packages in build/deb/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
out=$top/build/dkms
name=sockopt-events
pkgs=(sockopt-events-dkms sockopt-events-tools sockopt-events-dev)
export DEBIAN_FRONTEND=noninteractive

. tests/tap.sh
# apt-get waits for a dpkg lock held by someone else instead of failing.
apt() { apt-get -y -q -o DPkg::Lock::Timeout=600 "$@"; }
now() { date +%s; }

# Root, the tools, one run at a time, and no sockopt-events of the user's:
# where one is missing the run stops here, with one line.
stage_preconditions() {
	if [ "$(id -u)" != 0 ]; then
		tap_skip "dkms: package install, upgrade and purge" "needs root"
		exit 0
	fi
	if ! tests/deps.sh dkms dh-dkms debhelper lintian dpkg-dev >/dev/null; then
		tap_fail "dkms: build and test tools installed" "tests/deps.sh dkms dh-dkms debhelper lintian dpkg-dev failed"
		exit 0
	fi

	# One run at a time: two would install and purge the same packages.
	mkdir -p "$out"
	mkdir -p /run/lock
	exec 9>/run/lock/sockopt-events-dkms-test.lock
	if ! flock -w 3600 9; then
		tap_fail "dkms: package install, upgrade and purge" "another run held the lock for an hour"
		exit 0
	fi

	# Whatever sockopt-events is on this machine is the user's: leave it.
	# The second letter of the status is the package's state: "n" is not
	# installed, whatever was asked of it ("in" after an interrupted install).
	ours=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${pkgs[@]}" 2>/dev/null |
		awk 'substr($1, 2, 1) != "n" { print $2 }')
	ours="$ours $(ls -d /usr/src/$name-* /var/lib/dkms/$name 2>/dev/null)"
	if [ -n "${ours// /}" ]; then
		tap_skip "dkms: package install, upgrade and purge" \
			"already on this machine, and this test would remove it:$(echo $ours)"
		exit 0
	fi
}

# The prepared older kernels' headers packages (../shared/kernels/, see
# tests/kernels/prepared.sh) that this run installs, as a user of such a
# kernel installs them, so that DKMS builds for those kernels too.
prepared_headers=()

# Made-up kernels that lack an option dkms.conf asks for (stage
# unfit_kernels): /lib/modules/KERNEL/build, a .config and an empty include/.
unfit=()

# Put the machine back as it was, whatever happened.
cleanup() {
	local v k
	for k in "${unfit[@]}"; do
		rm -rf "/lib/modules/$k"
	done
	apt purge "${pkgs[@]}" >"$out/cleanup.log" 2>&1 || dpkg --purge "${pkgs[@]}" >>"$out/cleanup.log" 2>&1
	if [ ${#prepared_headers[@]} -gt 0 ]; then
		apt purge "${prepared_headers[@]}" >>"$out/cleanup.log" 2>&1 ||
			dpkg --purge "${prepared_headers[@]}" >>"$out/cleanup.log" 2>&1
		# What DKMS and depmod left for a kernel whose image is not here,
		# once its headers are gone: never the files of a package that a
		# failed purge left installed.
		for k in "${prepared_headers[@]#linux-headers-}"; do
			dpkg-query -W -f='${Status}\n' "linux-headers-$k" 2>/dev/null |
				grep -q 'ok installed' && continue
			[ -e "/lib/modules/$k/kernel" ] || rm -rf "/lib/modules/$k"
		done
	fi
	for v in $(dkms status -m $name 2>/dev/null | sed -n 's|^[^/]*/\([^,:]*\).*|\1|p' | sort -u); do
		dkms remove -m $name -v "$v" --all >>"$out/cleanup.log" 2>&1
	done
	rm -rf /usr/src/$name-* /var/lib/dkms/$name
	for k in $(find /lib/modules -path '*/updates/dkms/sockopt_events.ko*' 2>/dev/null |
		cut -d/ -f4 | sort -u); do
		rm -f /lib/modules/"$k"/updates/dkms/sockopt_events.ko*
		depmod "$k"
	done
}

# build_debs TREE: "make deb" there; the three packages' paths on stdout.
build_debs() {
	local tree=$1 v
	make -s -C "$tree" deb >"$out/deb.log" 2>&1 || return 1
	v=$(cd "$tree" && dpkg-parsechangelog -S Version)
	ls "$tree/build/deb/sockopt-events-dkms_${v}_all.deb" \
		"$tree/build/deb/sockopt-events-tools_${v}_$arch.deb" \
		"$tree/build/deb/sockopt-events-dev_${v}_all.deb"
}

# What each package holds (LIST is a package's file list; the rest, paths
# it must hold).
has_all() {
	local list=$1 f
	shift
	for f in "$@"; do
		grep -qx "$f" "$list" || { echo "missing $f"; return 1; }
	done
}
dkms_contents() {
	local src=/usr/src/$name-$version
	has_all "$out/dkms.files" "$src"/dkms.conf "$src"/Kbuild "$src"/module/main.c \
		"$src"/uapi/sockopt_events.h "$src"/module/features.sh \
		$(printf "$src/%s\n" module/features/*.c) || return 1
	# Sources only: no objects or generated files from a built tree (the
	# feature tests' results are for the kernel that tree was built for).
	! grep -E '\.(o|ko|cmd|mod|mod\.c)$|/(modules\.order|Module\.symvers|soe_features\.(h|log))$' \
		"$out/dkms.files"
}
tools_contents() {
	if [ -f tools/reader/sockopt_events.4 ]; then
		has_all "$out/tools.files" /usr/share/man/man4/sockopt_events.4.gz || return 1
	fi
	has_all "$out/tools.files" /usr/bin/sockopt-reader /usr/share/man/man1/sockopt-reader.1.gz \
		/lib/udev/rules.d/60-sockopt-events.rules /lib/systemd/system/sockopt-reader.service \
		/usr/share/doc/sockopt-events-tools/examples/sockopt-events.conf \
		/usr/share/doc/sockopt-events-tools/examples/sockopt-reader-unprivileged.conf
}
# The record's header, and only it (with the package's documentation).
dev_contents() {
	local other
	has_all "$out/dev.files" /usr/include/sockopt-events/sockopt_events.h || return 1
	other=$(grep -v -e '/$' -e '^/usr/include/sockopt-events/sockopt_events\.h$' \
		-e '^/usr/share/doc/sockopt-events-dev/' "$out/dev.files")
	[ -z "$other" ] || { echo "more than the header: $other"; return 1; }
}

# The header sockopt-events-dev installed, alone in a program of its own,
# found where the compiler looks by itself (no -I), and the same as
# uapi/sockopt_events.h.
dev_header() {
	local h=/usr/include/sockopt-events/sockopt_events.h
	dpkg-query -S "$h" || return 1
	cmp "$h" uapi/sockopt_events.h || return 1
	cc -std=c99 -pedantic -Wall -Wextra -Werror -o "$out/uapi-header" tests/dkms/uapi-header.c &&
		"$out/uapi-header"
}

# installed_for VERSION: DKMS built and installed VERSION for each kernel.
installed_for() {
	local v=$1 k ko status
	for k in $kernels; do
		status=$(dkms status -m $name -v "$v" -k "$k" 2>&1)
		ko=$(ls /lib/modules/"$k"/updates/dkms/sockopt_events.ko* 2>/dev/null | head -n 1)
		if ! echo "$status" | grep -q ': installed'; then
			tap_fail "dkms: $v installed for $k" "dkms status says: ${status:-nothing}"
		elif [ -z "$ko" ]; then
			tap_fail "dkms: $v installed for $k" "no /lib/modules/$k/updates/dkms/sockopt_events.ko"
		elif [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" != "$k" ]; then
			tap_fail "dkms: $v installed for $k" "$ko: vermagic $(modinfo -F vermagic "$ko")"
		elif [ "$(modinfo -F version "$ko")" != "$v" ]; then
			tap_fail "dkms: $v installed for $k" "$ko: version $(modinfo -F version "$ko")"
		else
			tap_ok "dkms: $v installed for $k"
		fi
	done
	for k in $skipped; do
		status=$(dkms status -m $name -v "$v" -k "$k" 2>&1)
		echo "$status" | grep -q ': installed' &&
			tap_fail "dkms: $v not installed for $k" "it lacks a BUILD_EXCLUSIVE_CONFIG option, yet: $status"
	done
}

# The module DKMS installed for a kernel, in a VM: it loads, it records,
# and once signatures are enforced (where the kernel can) it is refused as
# Secure Boot would refuse it.
# dkms_vm KERNEL IMAGE MEM TIMEOUT
dkms_vm() {
	local k=$1 image=$2 vm=$out/vm-$1 ko start
	rm -rf "$vm" && mkdir -p "$vm"
	ko=$(ls /lib/modules/"$k"/updates/dkms/sockopt_events.ko* | head -n 1)
	case $ko in
	*.xz) xz -dc "$ko" >"$vm/sockopt_events.ko" ;;
	*.zst) zstd -qdc "$ko" >"$vm/sockopt_events.ko" ;;
	*.gz) gzip -dc "$ko" >"$vm/sockopt_events.ko" ;;
	*) cp "$ko" "$vm/sockopt_events.ko" ;;
	esac
	if ! tests/vm/mkinitramfs.sh "$vm/initrd.gz" "$vm/sockopt_events.ko" \
		"$out/sockopt-reader-static" "$out/progs" tests/dkms/guest-dkms.sh >"$vm/initrd.log" 2>&1; then
		tap_fail "dkms: VM initramfs for $k" "$(tail -n 3 "$vm/initrd.log")"
		return
	fi
	sig=1
	grep -q '^CONFIG_MODULE_SIG=y' "/lib/modules/$k/build/.config" 2>/dev/null || sig=0
	start=$(now)
	SOE_VM_MEM=$3 SOE_VM_TIMEOUT=$4 tests/vm/boot.sh "$image" "$vm/initrd.gz" "$vm/run" 2 \
		"soe_module_sig=$sig"
	tap_note "dkms: VM ($k) ran for $(($(now) - start)) s, qemu exit $(cat "$vm/run/qemu.rc")"
	tests/vm/check_vm.py "$vm/run" "dkms: $k VM"
}

stage_version() {
	# The version: dkms.conf holds it; the changelog, the module and the
	# reader must agree.
	version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' dkms.conf)
	deb_version=$(dpkg-parsechangelog -S Version)
	mod_version=$(sed -n 's/^MODULE_VERSION("\(.*\)");/\1/p' module/*.c)
	reader_version=$(sed -n 's/^#define SOE_READER_VERSION[[:space:]]*"\(.*\)"/\1/p' tools/reader/main.c)
	if [ -n "$version" ] && [ "${deb_version%-*}" = "$version" ] && [ "$mod_version" = "$version" ] &&
		[ "$reader_version" = "$version" ]; then
		tap_ok "dkms: version $version in dkms.conf, debian/changelog, MODULE_VERSION and the reader"
	else
		tap_fail "dkms: version in dkms.conf, debian/changelog, MODULE_VERSION and the reader" \
			"dkms.conf '$version', debian/changelog '$deb_version', MODULE_VERSION '$mod_version', reader '$reader_version'"
	fi
}

# make deb; without the packages the run stops.
stage_build() {
	start=$(now)
	if debs=$(build_debs "$top"); then
		tap_ok "dkms: make deb builds the three packages"
		tap_note "dkms: make deb took $(($(now) - start)) s"
	else
		tap_fail "dkms: make deb builds the three packages" "$(tail -n 5 "$out/deb.log")"
		exit 0
	fi
	dkms_deb=$(echo "$debs" | grep '/sockopt-events-dkms_')
	tools_deb=$(echo "$debs" | grep '/sockopt-events-tools_')
	dev_deb=$(echo "$debs" | grep '/sockopt-events-dev_')
}

# What each package holds.
stage_contents() {
	dpkg-deb -c "$dkms_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$out/dkms.files"
	dpkg-deb -c "$tools_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$out/tools.files"
	dpkg-deb -c "$dev_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$out/dev.files"
	tap_check -l "$out/contents.log" \
		"dkms: dkms package holds the module's sources and dkms.conf, nothing built" dkms_contents
	tap_check -l "$out/contents.log" \
		"dkms: tools package holds the reader, man pages, udev rule, unit and examples" tools_contents
	tap_check -l "$out/contents.log" \
		"dkms: dev package holds /usr/include/sockopt-events/sockopt_events.h and no more" dev_contents
}

stage_lintian() {
	# Lintian: errors fail, warnings are counted.  Run as nobody where nobody
	# can read the packages: lintian warns against running as root.
	as=
	runuser -u nobody -- test -r "$dkms_deb" 2>/dev/null && as="runuser -u nobody --"
	$as lintian --fail-on none "$dkms_deb" "$tools_deb" "$dev_deb" >"$out/lintian.log" 2>&1
	rc=$?
	errors=$(grep -c '^E: ' "$out/lintian.log")
	warnings=$(grep -c '^W: ' "$out/lintian.log")
	tags=$(sed -n 's/^[EW]: [^:]*: \([^ ]*\).*/\1/p' "$out/lintian.log" | sort -u | tr '\n' ' ')
	tap_note "dkms: lintian: $errors errors, $warnings warnings${tags:+ (${tags% })}"
	if [ "$rc" = 0 ] && [ "$errors" = 0 ]; then
		tap_ok "dkms: lintian finds no errors"
	else
		tap_fail "dkms: lintian finds no errors" "exit $rc: $(grep -v '^[WIPN]: ' "$out/lintian.log" | head -n 3)"
	fi
}

stage_prepared_headers() {
	# The prepared older kernels' headers, installed unless they already
	# are, whole: a package dpkg calls installed whose build directory is
	# gone (removed by hand) is installed again, else DKMS would silently
	# serve fewer kernels.
	debs=()
	while read -r kr _ hdr; do
		[ -n "$kr" ] || continue
		dpkg-query -W -f='${Status}\n' "linux-headers-$kr" 2>/dev/null | grep -q 'ok installed' &&
			[ -e "/lib/modules/$kr/build/Makefile" ] && continue
		prepared_headers+=("linux-headers-$kr")
		debs+=("$hdr")
	done < <(tests/kernels/prepared.sh --debs)
	if [ ${#debs[@]} -gt 0 ]; then
		tap_check -l "$out/headers.log" \
			"dkms: headers of the prepared kernels install:$(printf ' %s' "${prepared_headers[@]#linux-headers-}")" \
			apt install --reinstall "${debs[@]}"
	fi
}

# A made-up kernel for each option of BUILD_EXCLUSIVE_CONFIG, whose .config
# (a real kernel's) lacks just that option: DKMS must skip it (exit 77) and
# the postinst say why.  They are there only until the packages are
# installed (stage skips).
stage_unfit_kernels() {
	local base= build opt k
	for build in /lib/modules/*/build; do
		[ -f "$build/.config" ] || continue
		base=$build/.config
		for opt in $(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"$/\1/p' dkms.conf); do
			grep -q "^$opt=[ym]" "$base" || base=
		done
		[ -n "$base" ] && break
	done
	if [ -z "$base" ]; then
		tap_skip "dkms: made-up kernels without a BUILD_EXCLUSIVE_CONFIG option" "no kernel with headers has them all"
		return
	fi
	for opt in $(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"$/\1/p' dkms.conf); do
		k=0.0.0-soe-unfit-$(echo "${opt#CONFIG_}" | tr A-Z_ a-z-)
		unfit+=("$k")
		mkdir -p "/lib/modules/$k/build/include"
		grep -v "^$opt=" "$base" >"/lib/modules/$k/build/.config"
	done
	tap_note "dkms: made-up kernels (from $base):$(printf ' %s' "${unfit[@]}")"
}

# Without a kernel to build for the run stops.
stage_kernels() {
	# The kernels DKMS must serve: those with headers, minus those that lack an
	# option dkms.conf asks for (DKMS skips them).
	kernels=
	skipped=
	for build in /lib/modules/*/build; do
		[ -d "$build" ] || continue
		k=${build%/build}
		k=${k#/lib/modules/}
		missing=
		for opt in $(sed -n 's/^BUILD_EXCLUSIVE_CONFIG="\(.*\)"$/\1/p' dkms.conf); do
			grep -q "^$opt=[ym]" "$build/.config" 2>/dev/null || missing="$missing $opt"
		done
		if [ -n "$missing" ]; then
			skipped="$skipped $k"
			tap_skip "dkms: module installed for $k" "it lacks$missing"
		else
			kernels="$kernels $k"
		fi
	done
	if [ -z "$kernels" ]; then
		tap_fail "dkms: a kernel with headers to build for" "none in /lib/modules/*/build"
		exit 0
	fi
}

# The packages install, and DKMS builds for every kernel.
stage_install() {
	start=$(now)
	if apt install "$dkms_deb" "$tools_deb" "$dev_deb" >"$out/install.log" 2>&1; then
		tap_ok "dkms: packages install"
	else
		tap_fail "dkms: packages install" "$(grep -v '^ ' "$out/install.log" | tail -n 5)"
	fi
	tap_note "dkms: install took $(($(now) - start)) s, for $(echo $kernels | wc -w) kernels"
	installed_for "$version"
}

stage_signatures() {
	# DKMS signs what it builds with its own key, the one a Secure Boot user
	# enrols with mokutil --import /var/lib/dkms/mok.pub.
	if [ -f /var/lib/dkms/mok.pub ]; then
		signer=$(openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject 2>/dev/null |
			sed 's/.*CN *= *//')
		# DKMS signs for a kernel that checks signatures (CONFIG_MODULE_SIG),
		# as the kernel's own build does; the prepared kernels do not.
		bad= unsigned=
		for k in $kernels; do
			ko=$(ls /lib/modules/"$k"/updates/dkms/sockopt_events.ko* 2>/dev/null | head -n 1)
			s=$(modinfo -F signer "$ko" 2>/dev/null)
			if ! grep -q '^CONFIG_MODULE_SIG=y' "/lib/modules/$k/build/.config" 2>/dev/null; then
				[ -z "$s" ] || bad="$bad $k:'$s' (the kernel has no CONFIG_MODULE_SIG)"
				unsigned="$unsigned $k"
			elif [ -z "$s" ] || [ "$s" != "$signer" ]; then
				bad="$bad $k:'$s'"
			fi
		done
		if [ -z "$bad" ]; then
			tap_ok "dkms: modules signed with the DKMS key ($signer)${unsigned:+, unsigned for kernels without CONFIG_MODULE_SIG:$unsigned}"
		else
			tap_fail "dkms: modules signed with the DKMS key ($signer)" "signer by kernel:$bad"
		fi
	else
		tap_skip "dkms: modules signed with the DKMS key" "DKMS made no /var/lib/dkms/mok.pub (no openssl?)"
	fi
}

# skip_named LOG KERNEL LACKS: the postinst's line in LOG for KERNEL names
# every reason DKMS has to skip a kernel (dkms.conf's BUILD_EXCLUSIVE_ARCH
# and each option of BUILD_EXCLUSIVE_CONFIG) and says it was LACKS.
skip_named() {
	local line want
	line=$(grep "^sockopt-events: skipped $2: " "$1") || { echo "no line for $2 in $1"; return 1; }
	echo "$line"
	for want in $(sed -n 's/^BUILD_EXCLUSIVE_\(ARCH\|CONFIG\)="\(.*\)"$/\2/p' dkms.conf) "$3"; do
		case $line in
		*"$want"*) ;;
		*) echo "does not name: $want"; return 1 ;;
		esac
	done
}

# The four reasons DKMS skips a kernel (exit 77), each named by the
# postinst: the made-up kernels, each without one option, during the
# install; then this machine taken for an aarch64 one (uname -m) with the
# installed postinst run again, where every kernel is skipped.  In that run
# a dkms before the real one in PATH does nothing for add and remove (so
# the modules built here stay), and has status say nothing, as on an
# aarch64 machine (dkms status does not tell the x86_64 builds here
# apart): the builds and installs are the real dkms's.
stage_skips() {
	local k opt bin=$out/skip-bin
	for k in "${unfit[@]}"; do
		opt=CONFIG_$(echo "${k#0.0.0-soe-unfit-}" | tr a-z- A-Z_)
		tap_check -l "$out/skip-$k.log" "dkms: postinst names why DKMS skipped $k (lacks $opt)" \
			skip_named "$out/install.log" "$k" "the kernel lacks $opt"
		rm -rf "/lib/modules/$k"
	done
	unfit=()
	mkdir -p "$bin"
	printf '#!/bin/sh\n[ "$*" = -m ] && exec echo aarch64\nexec /bin/uname "$@"\n' >"$bin/uname"
	printf '#!/bin/sh\ncase $1 in add|remove|status) exit 0 ;; esac\nexec /usr/sbin/dkms "$@"\n' >"$bin/dkms"
	chmod 755 "$bin/uname" "$bin/dkms"
	PATH=$bin:/usr/sbin:/usr/bin:/sbin:/bin /var/lib/dpkg/info/sockopt-events-dkms.postinst configure \
		>"$out/skip-arch.log" 2>&1
	tap_note "dkms: postinst run as on aarch64: exit $?"
	tap_check -l "$out/skip-arch-check.log" "dkms: postinst names why DKMS skipped every kernel on an aarch64 machine" \
		skipped_all "$out/skip-arch.log"
	tap_check -l "$out/skip-arch-installed.log" "dkms: that run left the module installed for every kernel" still_installed
}
skipped_all() {
	local k
	for k in $kernels; do
		skip_named "$1" "$k" "this machine is aarch64" || return 1
	done
}
still_installed() {
	local k
	for k in $kernels; do
		dkms status -m $name -v "$version" -k "$k" | grep ': installed' || return 1
	done
}

# What the tools and dev packages install works, and is as shipped.
stage_tools() {
	tap_check -l "$out/reader.log" "dkms: sockopt-reader from the package runs" /usr/bin/sockopt-reader --version
	tap_check -l "$out/unit.log" "dkms: sockopt-reader.service is installed and disabled" sh -c '
		state=$(systemctl is-enabled sockopt-reader.service 2>&1); echo "is-enabled: $state"
		[ "$state" = disabled ]'
	tap_check -l "$out/unit.log" "dkms: sockopt-reader.service passes systemd-analyze verify" \
		systemd-analyze verify /lib/systemd/system/sockopt-reader.service
	tap_check -l "$out/udev.log" "dkms: udev rule leaves the device root-only (0600)" \
		grep -qx 'SUBSYSTEM=="misc", KERNEL=="sockopt_events", OWNER="root", GROUP="root", MODE="0600"' \
		/lib/udev/rules.d/60-sockopt-events.rules
	tap_check -l "$out/header.log" \
		"dkms: the header from sockopt-events-dev compiles on its own (C99, -pedantic -Werror)" dev_header
}

# The modules DKMS built, booted.
stage_vms() {
	. tests/vm/lib.sh
	vm_kernel=$(soe_cloud_kernel)
	case " $kernels " in *" $vm_kernel "*) ;; *) vm_kernel= ;; esac
	# The oldest prepared kernel DKMS built for, booted from its unpacked image.
	old_kernel=$(tests/kernels/prepared.sh | while read -r kr image _; do
		case " $kernels " in *" $kr "*) echo "$kr $image" && break ;; esac
	done)
	if ! soe_build_progs "$out/progs" >"$out/progs.log" 2>&1 ||
		! soe_build_static_reader "$out/sockopt-reader-static" >>"$out/progs.log" 2>&1; then
		tap_fail "dkms: VM test programs and static reader build" "$(tail -n 3 "$out/progs.log")"
	else
		if [ -z "$vm_kernel" ]; then
			tap_skip "dkms: VM with the DKMS-built module" "no cloud kernel with headers (tests/deps.sh installs one)"
		else
			dkms_vm "$vm_kernel" "/boot/vmlinuz-$vm_kernel" 1024 600
		fi
		if [ -z "$old_kernel" ]; then
			tap_skip "dkms: VM with the DKMS-built module on a prepared older kernel" "none in ../shared/kernels/"
		else
			# A debug kernel (KASAN, lockdep): more memory and time.
			dkms_vm ${old_kernel% *} ${old_kernel#* } 2048 1500
		fi
	fi
}

stage_upgrade() {
	# Upgrade: the same tree with the next version, built and installed over
	# the first.  DKMS must drop the old version and build the new one for
	# every kernel.
	next=$(echo "$version" | awk -F. -v OFS=. '{ $NF = $NF + 1; print }')
	tree=$out/next
	rm -rf "$tree" && mkdir -p "$tree"
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$tree" -xf -
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$next\"/" "$tree/dkms.conf"
	sed -i "s/^MODULE_VERSION(\"$version\");/MODULE_VERSION(\"$next\");/" "$tree"/module/*.c
	{
		printf '%s (%s-1) unstable; urgency=medium\n\n' "$name" "$next"
		printf '  * Test build: the upgrade from %s.\n\n' "$deb_version"
		printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -S Maintainer)" "$(date -R)"
		cat debian/changelog
	} >"$tree/debian/changelog"
	start=$(now)
	if next_debs=$(build_debs "$tree"); then
		tap_ok "dkms: make deb builds version $next"
		tap_note "dkms: make deb of $next took $(($(now) - start)) s"
		# This machine's kernel is not one of /lib/modules, so DKMS's postinst
		# builds for every kernel there, as in a chroot.  On a host, it builds
		# for the running and the newest kernel only, and our postinst does the
		# rest: upgrade as a host running the cloud kernel would.
		host=${vm_kernel:-$(echo $kernels | cut -d' ' -f1)}
		mkdir -p "$out/bin"
		printf '#!/bin/sh\n[ "$*" = -r ] && exec echo %s\nexec /bin/uname "$@"\n' "$host" >"$out/bin/uname"
		chmod 755 "$out/bin/uname"
		start=$(now)
		if apt -o DPkg::Path="$out/bin:/usr/sbin:/usr/bin:/sbin:/bin" install $next_debs \
			>"$out/upgrade.log" 2>&1; then
			tap_ok "dkms: upgrade from $version to $next"
		else
			tap_fail "dkms: upgrade from $version to $next" "$(grep -v '^ ' "$out/upgrade.log" | tail -n 5)"
		fi
		tap_note "dkms: upgrade took $(($(now) - start)) s; DKMS's postinst: $(grep -m 1 '^Building for' "$out/upgrade.log")"
		installed_for "$next"
		old=$(dkms status -m $name -v "$version" 2>&1)
		if [ -z "$old" ] && [ ! -e "/usr/src/$name-$version" ] && [ ! -e "/var/lib/dkms/$name/$version" ]; then
			tap_ok "dkms: version $version gone after the upgrade"
		else
			tap_fail "dkms: version $version gone after the upgrade" \
				"dkms status: '$old'; $(ls -d /usr/src/$name-$version /var/lib/dkms/$name/$version 2>/dev/null)"
		fi
	else
		tap_fail "dkms: make deb builds version $next" "$(tail -n 5 "$out/deb.log")"
	fi
}

stage_purge() {
	# Purge: nothing of either package may be left.
	if apt purge "${pkgs[@]}" >"$out/purge.log" 2>&1; then
		tap_ok "dkms: packages purge"
	else
		tap_fail "dkms: packages purge" "$(grep -v '^ ' "$out/purge.log" | tail -n 5)"
	fi
	left=$(
		dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${pkgs[@]}" 2>/dev/null | awk '$1 != "un"'
		ls -d /usr/src/$name-* /var/lib/dkms/$name 2>/dev/null
		find /lib/modules -name 'sockopt_events.ko*' 2>/dev/null
		grep -l sockopt_events /lib/modules/*/modules.dep 2>/dev/null
		dkms status -m $name 2>/dev/null
		find /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
			/etc/systemd/system -name 'sockopt-reader*' 2>/dev/null
		cat "$out/dkms.files" "$out/tools.files" "$out/dev.files" | while read -r f; do
			case $f in */) continue ;; esac
			[ -e "$f" ] && echo "$f"
		done
		ls -d /usr/share/doc/sockopt-events-* 2>/dev/null
	)
	if [ -z "$left" ]; then
		tap_ok "dkms: nothing left after purge"
	else
		tap_fail "dkms: nothing left after purge" "$(echo "$left" | head -n 8)"
	fi
}

# ko_state KERNEL: what identifies the module installed for KERNEL, in
# /lib/modules and in DKMS's tree (path, checksum, modification time).
ko_state() {
	local f
	for f in /lib/modules/"$1"/updates/dkms/sockopt_events.ko* \
		/var/lib/dkms/$name/"$version"/"$1"/*/module/sockopt_events.ko*; do
		[ -e "$f" ] && echo "$f $(sha256sum <"$f" | cut -c1-16) $(stat -c %Y "$f")"
	done
}

# make_installed KERNEL [TAG]: DKMS has the module installed for KERNEL, and
# its soe_test tag (MODULE_INFO) is TAG, or absent.
make_installed() {
	local ko
	dkms status -m $name -v "$version" -k "$1" | grep ': installed' || { echo "not installed for $1"; return 1; }
	ko=$(ls /lib/modules/"$1"/updates/dkms/sockopt_events.ko* 2>/dev/null | head -n 1)
	[ -n "$ko" ] || { echo "no /lib/modules/$1/updates/dkms/sockopt_events.ko"; return 1; }
	[ "$(modinfo -F soe_test "$ko")" = "${2:-}" ] || { echo "$ko: soe_test '$(modinfo -F soe_test "$ko")'"; return 1; }
}

# make_same KERNEL STATE: the module installed for KERNEL is still STATE.
make_same() {
	[ -n "$2" ] && [ "$(ko_state "$1")" = "$2" ] || {
		printf 'was:\n%s\nnow:\n%s\n' "$2" "$(ko_state "$1")"
		return 1
	}
}

# make dkms-install KERNELRELEASE=K installs for K alone, from the checkout
# as it is, and leaves the other kernels' builds as they were; make
# dkms-uninstall removes it all.  From two kernels, the packages gone.
stage_make_dkms_install() {
	local a b state tree=$out/edited
	a=${vm_kernel:-$(echo $kernels | cut -d' ' -f1)}
	b=$(for k in $kernels; do [ "$k" != "$a" ] && echo "$k" && break; done)
	if [ -z "$b" ]; then
		tap_skip "dkms: make dkms-install KERNELRELEASE=... for one kernel of two" "one kernel with headers"
		return
	fi
	start=$(now)
	tap_check -l "$out/make-a.log" "dkms: make dkms-install KERNELRELEASE=$a installs for $a" \
		sh -c 'make -C "$1" dkms-install KERNELRELEASE="$2"' - "$top" "$a"
	tap_check -l "$out/make-a-check.log" "dkms: make dkms-install: the module installed for $a" make_installed "$a"
	state=$(ko_state "$a")
	tap_check -l "$out/make-b.log" "dkms: make dkms-install KERNELRELEASE=$b installs for $b" \
		sh -c 'make -C "$1" dkms-install KERNELRELEASE="$2"' - "$top" "$b"
	tap_check -l "$out/make-b-check.log" "dkms: make dkms-install: the module installed for $b" make_installed "$b"
	tap_check -l "$out/make-a-same.log" "dkms: make dkms-install KERNELRELEASE=$b leaves $a's module as it was" \
		make_same "$a" "$state"

	# Again for b, from a checkout changed since: b gets the change, a not.
	rm -rf "$tree" && mkdir -p "$tree"
	tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$tree" -xf -
	echo 'MODULE_INFO(soe_test, "edited");' >>"$tree/module/main.c"
	tap_check -l "$out/make-b2.log" "dkms: make dkms-install KERNELRELEASE=$b again, from a changed checkout" \
		sh -c 'make -C "$1" dkms-install KERNELRELEASE="$2"' - "$tree" "$b"
	tap_check -l "$out/make-b2-check.log" "dkms: make dkms-install: $b has the changed module" \
		make_installed "$b" edited
	tap_check -l "$out/make-a-same2.log" "dkms: make dkms-install KERNELRELEASE=$b again leaves $a's module as it was" \
		make_same "$a" "$state"
	tap_note "dkms: make dkms-install, three times, took $(($(now) - start)) s"

	make -C "$top" dkms-uninstall >"$out/make-uninstall.log" 2>&1
	left=$(
		dkms status -m $name 2>/dev/null
		ls -d /usr/src/$name-* /var/lib/dkms/$name 2>/dev/null
		find /lib/modules -name 'sockopt_events.ko*' 2>/dev/null
	)
	if [ -z "$left" ]; then
		tap_ok "dkms: make dkms-uninstall leaves nothing"
	else
		tap_fail "dkms: make dkms-uninstall leaves nothing" "$(echo "$left" | head -n 5)"
	fi
}

# The stages, in order: each prints its own TAP lines.
stage_preconditions
trap cleanup EXIT
trap 'tap_fail "dkms: run" "interrupted"; exit 1' INT TERM HUP
start_all=$(now)
arch=$(dpkg --print-architecture)
for stage in version build contents lintian prepared_headers unfit_kernels kernels install \
	skips signatures tools vms upgrade purge make_dkms_install; do
	tap_note "dkms: stage $stage"
	"stage_$stage"
done
tap_note "dkms: whole run took $(($(now) - start_all)) s"
