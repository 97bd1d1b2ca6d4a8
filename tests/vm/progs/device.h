/* SPDX-License-Identifier: GPL-2.0 */
/*
 * device.h: what the guest programs ask of /dev/sockopt_events alike.
 * Header-only, as tap.h and expect.h: each program is one .c file.
 */
#ifndef SOE_DEVICE_H
#define SOE_DEVICE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <sockopt_events.h>

/* The module's written counter, through the device open as fd; exits on error. */
static inline unsigned long long written(int fd)
{
	struct soe_counters c;

	if (ioctl(fd, SOE_IOC_COUNTERS, &c)) {
		fprintf(stderr, "SOE_IOC_COUNTERS: %s\n", strerror(errno));
		exit(1);
	}
	return c.written;
}

#endif /* SOE_DEVICE_H */
