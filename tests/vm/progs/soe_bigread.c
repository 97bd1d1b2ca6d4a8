// SPDX-License-Identifier: GPL-2.0
/*
 * soe_bigread: one read() of the whole ring, the module freshly loaded.
 * One line per check: "ok - NAME" or "not ok - NAME: why".
 *
 * It fills the ring, then reads it all with one read() on CPU 0, while a
 * SCHED_FIFO thread on the same CPU wakes every millisecond and looks at
 * how much of the buffer the read has filled.  On a kernel without forced
 * preemption (none or voluntary) that thread runs during the read only if
 * the read reschedules between its batches; it must see the buffer
 * partly filled.  On a preemptible kernel it always may, and the check
 * says nothing (a note says so).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME

static unsigned char *buf;
static size_t records;
static volatile int reading, done;
static volatile long partial;	/* times the watcher saw a read half done */

static int pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int filled(size_t i)
{
	const struct soe_header *h =
		(const void *)(buf + i * SOE_RECORD_SIZE);

	return h->magic == SOE_MAGIC;
}

/* How many records the read has copied so far: they fill from the start. */
static size_t copied(void)
{
	size_t lo = 0, hi = records, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (filled(mid))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void *watcher(void *arg)
{
	struct timespec ts = { 0, 1000 * 1000 };
	size_t n;

	(void)arg;
	pin_to_cpu0();
	while (!done) {
		nanosleep(&ts, NULL);
		if (reading && !done) {
			n = copied();
			if (n > 0 && n < records)
				partial++;
		}
	}
	return NULL;
}

/* "none", "voluntary" or "full": how the kernel preempts. */
static const char *preemption(void)
{
	static char line[128];
	struct utsname u;
	char *p, *q;
	FILE *f;

	f = fopen("/sys/kernel/debug/sched/preempt", "r");
	if (f) {
		/* "none (voluntary) full": the one in parentheses. */
		if (fgets(line, sizeof(line), f) && (p = strchr(line, '(')) &&
		    (q = strchr(p, ')'))) {
			*q = 0;
			fclose(f);
			return p + 1;
		}
		fclose(f);
	}
	uname(&u);
	if (strstr(u.version, "PREEMPT_RT") || strstr(u.version, "PREEMPT "))
		return "full";
	return "voluntary";
}

int main(void)
{
	struct sched_param sp = { .sched_priority = 1 };
	int fd, sock, prio = 1, valid = 1;
	struct soe_info info;
	pthread_attr_t attr;
	pthread_t thread;
	size_t i, size;
	const char *model;
	ssize_t n;

	fd = open(DEV, O_RDONLY);
	if (fd < 0 || ioctl(fd, SOE_IOC_INFO, &info)) {
		tap_fail("open", "errno %d", errno);
		return 1;
	}
	close(fd);
	records = info.buffer_records;
	/* Fill the ring, and a little more. */
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	for (i = 0; i < records + 16; i++)
		setsockopt(sock, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio));
	close(sock);

	/*
	 * Room for the whole ring and one more, written to so that the read
	 * takes no page fault (which may reschedule): not with zeros, which
	 * the compiler may turn, with the malloc(), into a calloc() that
	 * touches nothing.
	 */
	size = (records + 1) * SOE_RECORD_SIZE;
	buf = malloc(size);
	if (!buf) {
		tap_fail("buffer", "no memory for %zu bytes", size);
		return 1;
	}
	memset(buf, 0xa5, size);
	if (pin_to_cpu0()) {
		tap_fail("pin", "errno %d", errno);
		return 1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
	pthread_attr_setschedparam(&attr, &sp);
	if (pthread_create(&thread, &attr, watcher, NULL)) {
		tap_fail("watcher", "no SCHED_FIFO thread");
		return 1;
	}

	fd = open(DEV, O_RDONLY);
	reading = 1;
	n = read(fd, buf, size);
	reading = 0;
	done = 1;
	pthread_join(thread, NULL);
	close(fd);

	for (i = 0; n > 0 && i < (size_t)n / SOE_RECORD_SIZE; i++)
		valid &= filled(i);
	model = preemption();
	tap_note("one read of %zd bytes (%zu records held); preemption %s; the watcher saw it half done %ld times",
	       n, records, model, partial);
	tap_result(n >= (ssize_t)(records * SOE_RECORD_SIZE) && valid,
	       "read-whole-ring", "read %ld bytes, records valid %d", n,
	       valid);
	if (strcmp(model, "full"))
		tap_result(partial > 0, "read-whole-ring-lets-others-run",
		       "the watcher never ran during the read (%ld)",
		       partial);
	else
		tap_skip("read-whole-ring-lets-others-run", "preemptible kernel: the check cannot fail");
	return tap_status();
}
