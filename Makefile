# SPDX-License-Identifier: GPL-2.0
#
# sockopt_events: the module, the reader, and their tests.
#
#   make              module and reader
#   make module       module/sockopt_events.ko against KDIR
#   make reader       tools/reader/sockopt-reader (honours CC, CFLAGS, LDFLAGS)
#   make run          load the module here, or boot it in a QEMU VM, and
#                     stream decoded events
#   make check        every test (installs the Debian packages it needs)
#   make style        checkpatch.pl and sparse on the kernel code
#   make clean

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
PREFIX ?= /usr/local

.PHONY: all module reader run check style clean install bench

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
	tests/style.sh

bench:
	bench/run.sh

install: reader
	$(MAKE) -C tools/reader install PREFIX=$(PREFIX)

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/reader clean
	rm -rf build
