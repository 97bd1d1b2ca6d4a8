# SPDX-License-Identifier: GPL-2.0
#
# sockopt_events: the module, the reader, and their tests.
#
#   make              module and reader
#   make module       sockopt_events.ko against KDIR
#   make reader       tools/reader/sockopt-reader (honours CC, CFLAGS, LDFLAGS)
#   make install      the reader, its man pages and the record's header
#                     (PREFIX, default /usr/local, and DESTDIR)
#   make run          load the module here, or boot it in a QEMU VM, and
#                     stream decoded events
#   make check        every test (installs the Debian packages it needs)
#   make style        checkpatch.pl and sparse on the kernel code
#   make soak         the stress tests for longer, on the debug kernels
#   make dkms-install  register, build and install this checkout with DKMS
#                      for KERNELRELEASE (default the running kernel) alone
#   make dkms-uninstall  remove it from DKMS and /usr/src
#   make deb          the Debian packages, into build/deb/
#   make clean

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX ?= /usr/local
# The record format for readers of the device: <sockopt-events/sockopt_events.h>.
INCLUDEDIR ?= $(PREFIX)/include

# The version is dkms.conf's PACKAGE_VERSION, and only there.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)
DKMS_NAME := sockopt-events
DKMS_SRC = $(DESTDIR)/usr/src/$(DKMS_NAME)-$(VERSION)
DEB_OUT := build/deb

.PHONY: all module reader run check style soak clean install bench
.PHONY: dkms-source dkms-install dkms-uninstall dkms-not-packaged deb

all: module reader

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

reader:
	$(MAKE) -C tools/reader

run:
	tools/run.sh

check:
	tests/check.sh

style:
	tests/deps.sh linux-source-6.1 sparse perl
	tests/style.sh | awk -f tests/tap.awk

# A minute a storm and 1000 load/unload rounds, on the debug kernels (make
# check builds them); SOE_KERNELS picks others.
soak:
	tests/deps.sh
	(tests/host/run.sh >/dev/null; \
	 SOE_KERNELS="$${SOE_KERNELS:-debug-6.1 rt-debug-6.12}" \
	 SOE_GUEST_CMDLINE="soe_stress_ms=60000 soe_rounds=1000" \
	 SOE_VM_TIMEOUT=7200 tests/vm/run.sh) 2>&1 | awk -f tests/tap.awk

bench:
	bench/run.sh

install: reader
	$(MAKE) -C tools/reader install PREFIX=$(PREFIX)
	install -D -m 0644 uapi/sockopt_events.h \
		$(DESTDIR)$(INCLUDEDIR)/sockopt-events/sockopt_events.h

# What DKMS builds from: $(DESTDIR)/usr/src/sockopt-events-VERSION.  Only
# sources: a tree that has been built also holds objects, a generated .mod.c
# and module/soe_features.h (the feature tests' results, for the kernel it
# was built for) that DKMS must not see.  The tests and the script that
# runs them are sources: Kbuild runs them for each kernel DKMS builds for.
dkms-source:
	install -d $(DKMS_SRC)/module/features $(DKMS_SRC)/uapi
	install -m 0644 Kbuild dkms.conf $(DKMS_SRC)/
	install -m 0644 $(filter-out %.mod.c,$(wildcard module/*.c)) \
		$(filter-out module/soe_features.h,$(wildcard module/*.h)) \
		$(DKMS_SRC)/module/
	install -m 0755 module/features.sh $(DKMS_SRC)/module/
	install -m 0644 module/features/*.c $(DKMS_SRC)/module/features/
	install -m 0644 uapi/*.h $(DKMS_SRC)/uapi/

# The package's files are the package manager's to remove.
dkms-not-packaged:
	@if dpkg-query -S /usr/src/$(DKMS_NAME)-$(VERSION) >/dev/null 2>&1; then \
		echo "/usr/src/$(DKMS_NAME)-$(VERSION) belongs to the sockopt-events-dkms package:" \
			"remove it with apt-get remove sockopt-events-dkms" >&2; \
		exit 1; \
	fi

# Install the checkout as it is now, for KERNELRELEASE only: the sources in
# /usr/src are replaced (DKMS links them, it does not copy them), the
# version is registered unless it is, and only this kernel's build is
# undone and done again.  The other kernels keep the builds they have.
dkms-install: dkms-not-packaged
	rm -rf /usr/src/$(DKMS_NAME)-$(VERSION)
	$(MAKE) dkms-source DESTDIR=
	if [ -z "$$(dkms status -m $(DKMS_NAME) -v $(VERSION))" ]; then \
		dkms add -m $(DKMS_NAME) -v $(VERSION); \
	else \
		dkms unbuild -m $(DKMS_NAME) -v $(VERSION) -k $(KERNELRELEASE); \
	fi
	dkms install -m $(DKMS_NAME) -v $(VERSION) -k $(KERNELRELEASE)

dkms-uninstall: dkms-not-packaged
	if [ -n "$$(dkms status -m $(DKMS_NAME) -v $(VERSION))" ]; then \
		dkms remove -m $(DKMS_NAME) -v $(VERSION) --all; \
	fi
	rm -rf /usr/src/$(DKMS_NAME)-$(VERSION)

# dpkg-buildpackage writes next to the source tree: build in a copy, so that
# the packages land in $(DEB_OUT) and nothing beside the checkout.
deb:
	rm -rf $(DEB_OUT)
	mkdir -p $(DEB_OUT)/$(DKMS_NAME)-$(VERSION)
	cp -r Kbuild Makefile README.md dkms.conf module uapi tools debian \
		$(DEB_OUT)/$(DKMS_NAME)-$(VERSION)/
	cd $(DEB_OUT)/$(DKMS_NAME)-$(VERSION) && \
		dpkg-buildpackage -us -uc -b >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; echo "make deb failed: $(DEB_OUT)/build.log" >&2; exit 1; }
	rm -rf $(DEB_OUT)/$(DKMS_NAME)-$(VERSION)
	@ls $(DEB_OUT)/*.deb

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/reader clean
	rm -rf build
