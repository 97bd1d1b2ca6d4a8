// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The installed record header, alone: its own include line comes first,
 * so it must bring what it uses itself.  Built with -std=c99 -pedantic
 * -Wall -Wextra -Werror against the header sockopt-events-dev installs
 * (tests/dkms/run.sh) and the one make install puts in DESTDIR
 * (tests/unit/docs.sh).  It uses what a reader of the device uses and
 * fails to compile if a record's size is not the one the format promises.
 */
#include <sockopt-events/sockopt_events.h>

#include <stdio.h>

#define SIZE_IS(type, size) \
	typedef char size_of_##type[sizeof(struct type) == (size) ? 1 : -1]

SIZE_IS(soe_header, 32);
SIZE_IS(soe_event, SOE_RECORD_SIZE);
SIZE_IS(soe_loss, SOE_RECORD_SIZE);

int main(void)
{
	struct soe_event ev = { .hdr = { .magic = SOE_MAGIC,
					 .version = SOE_VERSION,
					 .size = SOE_RECORD_SIZE,
					 .type = SOE_RECORD_EVENT } };

	printf("/dev/%s: version %u, %u-byte records, ioctls %#lx %#lx %#lx\n",
	       SOE_DEVICE_NAME, (unsigned int)ev.hdr.version,
	       (unsigned int)ev.hdr.size, (unsigned long)SOE_IOC_INFO,
	       (unsigned long)SOE_IOC_COUNTERS, (unsigned long)SOE_IOC_WAIT);
	return 0;
}
