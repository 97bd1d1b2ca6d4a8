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
#include <unistd.h>

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

/*
 * What a program's own calls gave: up to max records read from the device
 * open as dev (non-blocking, at the end before the calls), saved to the
 * file capture and decoded by the static reader from it, as text into the
 * file text and as JSON into the file json.  Returns the records (*len
 * bytes, malloc'd); exits on error.
 */
static inline unsigned char *capture_decoded(int dev, size_t max,
					     const char *capture,
					     const char *text, const char *json,
					     size_t *len)
{
	size_t room = max * SOE_RECORD_SIZE, want;
	unsigned char *cap = malloc(room);
	char cmd[512];
	ssize_t n;
	FILE *f;

	*len = 0;
	if (!cap) {
		perror("capture_decoded: malloc");
		exit(1);
	}
	while (*len < room) {
		want = room - *len < 64 * SOE_RECORD_SIZE ? room - *len :
							     64 * SOE_RECORD_SIZE;
		n = read(dev, cap + *len, want);
		if (n <= 0)
			break;
		*len += n;
	}
	f = fopen(capture, "w");
	if (!f || fwrite(cap, 1, *len, f) != *len || fclose(f)) {
		perror(capture);
		exit(1);
	}
	snprintf(cmd, sizeof(cmd), "sockopt-reader %s >%s && "
		 "sockopt-reader --format json %s >%s",
		 capture, text, capture, json);
	if (system(cmd)) {
		fprintf(stderr, "capture_decoded: %s failed\n", cmd);
		exit(1);
	}
	return cap;
}

#endif /* SOE_DEVICE_H */
