// SPDX-License-Identifier: GPL-2.0
/*
 * soe_devtest: checks the read() contract of /dev/sockopt_events and prints
 * one line per check: "ok - NAME" or "not ok - NAME: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>

#define DEV "/dev/" SOE_DEVICE_NAME

static int failed;

static void result(int ok, const char *name, const char *fmt, long a, long b)
{
	if (ok) {
		printf("ok - %s\n", name);
		return;
	}
	failed = 1;
	printf("not ok - %s: ", name);
	printf(fmt, a, b);
	printf("\n");
}

static void make_event(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	close(fd);
}

static void *late_event(void *arg)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	make_event();
	return NULL;
}

static int valid_record(const unsigned char *buf)
{
	const struct soe_header *h = (const struct soe_header *)buf;

	return h->magic == SOE_MAGIC && h->version == SOE_VERSION &&
	       h->size == SOE_RECORD_SIZE &&
	       (h->type == SOE_RECORD_EVENT || h->type == SOE_RECORD_LOSS);
}

int main(void)
{
	static unsigned char buf[SOE_RECORD_SIZE * 8];
	pthread_t thread;
	ssize_t n;
	int fd, flags;

	fd = open(DEV, O_RDONLY);
	if (fd < 0) {
		printf("not ok - open: %s\n", strerror(errno));
		return 1;
	}
	make_event();

	n = read(fd, buf, SOE_RECORD_SIZE - 1);
	result(n == -1 && errno == EINVAL, "read-short-buffer-einval",
	       "got %ld errno %ld", n, errno);
	n = read(fd, buf, 1);
	result(n == -1 && errno == EINVAL, "read-1-byte-einval",
	       "got %ld errno %ld", n, errno);

	n = read(fd, buf, SOE_RECORD_SIZE + 100);
	result(n == SOE_RECORD_SIZE && valid_record(buf),
	       "read-whole-record-only", "got %ld bytes, magic ok %ld", n,
	       valid_record(buf));

	/* Drain what is there, then a non-blocking read must say EAGAIN. */
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (n % SOE_RECORD_SIZE || !valid_record(buf))
			break;
	result(n <= 0, "read-multiple-whole-records",
	       "got %ld bytes, magic ok %ld", n, valid_record(buf));
	result(n == -1 && errno == EAGAIN, "read-nonblock-eagain",
	       "got %ld errno %ld", n, errno);
	fcntl(fd, F_SETFL, flags);

	/* A blocking read waits for the next event and then returns it. */
	if (pthread_create(&thread, NULL, late_event, NULL)) {
		printf("not ok - read-blocks-until-event: no thread\n");
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	pthread_join(thread, NULL);
	result(n >= SOE_RECORD_SIZE && n % SOE_RECORD_SIZE == 0 &&
	       valid_record(buf), "read-blocks-until-event",
	       "got %ld errno %ld", n, errno);

	n = write(fd, buf, SOE_RECORD_SIZE);
	result(n == -1, "write-refused", "got %ld errno %ld", n, errno);
	close(fd);

	fd = open(DEV, O_RDWR);
	result(fd == -1 && errno == EINVAL, "open-for-writing-einval",
	       "got fd %ld errno %ld", fd, errno);
	return failed;
}
