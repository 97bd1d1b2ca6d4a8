// SPDX-License-Identifier: GPL-2.0
/*
 * soe_readers: many readers over one ring.
 *
 *   soe_readers same N   two readers each get the same N new events
 *   soe_readers loss N   a reader that stalls while N events are written
 *                        to a small ring gets loss records, and
 *                        delivered + lost == written while it was open
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "device.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define MAX_RECORDS 100000

struct stream {
	unsigned char *data;
	long records;
	long events;		/* event records from this process */
	unsigned long long lost;
	long loss_records;
};

static int open_at_end(void)
{
	int fd = open(DEV, O_RDONLY | O_NONBLOCK);

	if (fd < 0 || lseek(fd, 0, SEEK_END)) {
		perror("soe_readers: open");
		exit(1);
	}
	return fd;
}

static void make_events(long n)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1;

	while (n--)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	close(fd);
}

static void drain(int fd, struct stream *s)
{
	ssize_t n;
	long i;

	memset(s, 0, sizeof(*s));
	s->data = malloc((size_t)MAX_RECORDS * SOE_RECORD_SIZE);
	while (s->records < MAX_RECORDS &&
	       (n = read(fd, s->data + s->records * SOE_RECORD_SIZE,
			 SOE_RECORD_SIZE * 64)) > 0)
		s->records += n / SOE_RECORD_SIZE;
	for (i = 0; i < s->records; i++) {
		const void *rec = s->data + i * SOE_RECORD_SIZE;
		const struct soe_event *ev = rec;
		const struct soe_loss *loss = rec;

		if (ev->hdr.type == SOE_RECORD_LOSS) {
			s->lost += loss->lost;
			s->loss_records++;
		} else if (ev->hdr.type == SOE_RECORD_EVENT &&
			   ev->host_pid == (unsigned int)getpid()) {
			s->events++;
		}
	}
}

static int same(long n)
{
	int a = open_at_end(), b = open_at_end(), c = open_at_end();
	static unsigned char buf[SOE_RECORD_SIZE * 64];
	struct stream sa, sb;
	ssize_t got;

	make_events(n);
	/* One read returns as many records as fit, not one batch. */
	got = read(c, buf, sizeof(buf));
	close(c);
	if (got != (ssize_t)sizeof(buf)) {
		tap_fail("one-read-fills-the-buffer", "%zd of %zu bytes",
		       got, sizeof(buf));
		return 1;
	}
	tap_ok("one-read-fills-the-buffer");
	drain(a, &sa);
	drain(b, &sb);
	if (sa.events != n || sb.events != n) {
		tap_fail("two-readers-get-every-event", "%ld and %ld of %ld",
		       sa.events, sb.events, n);
		return 1;
	}
	tap_ok("two-readers-get-every-event");
	if (sa.records != sb.records ||
	    memcmp(sa.data, sb.data, sa.records * SOE_RECORD_SIZE)) {
		tap_fail("two-readers-identical-streams", "%ld and %ld records differ",
		       sa.records, sb.records);
		return 1;
	}
	tap_ok("two-readers-identical-streams");
	return 0;
}

static int loss(long n)
{
	int fd = open_at_end();
	unsigned long long before = written(fd), after, total;
	struct stream s;

	make_events(n);
	after = written(fd);
	drain(fd, &s);
	total = after - before;
	tap_note("loss: written %llu, delivered %ld, reported lost %llu in %ld loss records",
	       total, s.records - s.loss_records, s.lost, s.loss_records);
	if (s.loss_records != 1 || !s.lost) {
		tap_fail("stalled-reader-gets-one-loss-record", "%ld loss records, %llu lost",
		       s.loss_records, s.lost);
		return 1;
	}
	tap_ok("stalled-reader-gets-one-loss-record");
	if ((unsigned long long)(s.records - s.loss_records) + s.lost != total) {
		tap_fail("delivered-plus-lost-equals-written", "%ld + %llu != %llu",
		       s.records - s.loss_records, s.lost, total);
		return 1;
	}
	tap_ok("delivered-plus-lost-equals-written");
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 0;

	if (argc == 3 && !strcmp(argv[1], "same"))
		return same(n);
	if (argc == 3 && !strcmp(argv[1], "loss"))
		return loss(n);
	fprintf(stderr, "usage: soe_readers same|loss N\n");
	return 2;
}
