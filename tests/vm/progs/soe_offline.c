// SPDX-License-Identifier: GPL-2.0
/*
 * soe_offline CPU: readers keep getting records while CPU stays offline.
 *
 * A writer pinned to CPU makes setsockopt() calls without pause while CPU
 * is taken offline, so that its last records, and the wake-ups they queue,
 * are made on a CPU that is going away.  Two readers on another CPU wait
 * for them, one blocked in read(), one in poll().  Once the CPU is offline
 * and the writer has stopped, each reader must have, within a generous
 * hang timeout, every record written since it opened (events plus what
 * loss records count).  The CPU is left offline: the caller checks that
 * the module unloads so, then brings the CPU back.
 *
 * Prints "ok - NAME", "not ok - NAME: why" and "# what it did" lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "device.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define HANG_MS 10000

static int cpu;
static volatile int stop_writer;

struct reader {
	pthread_t thread;
	int fd, use_poll;
	unsigned long long got;		/* events plus the losses counted */
	unsigned long long from_cpu;	/* events written on cpu */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void pin(int c)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(c, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("soe_offline: sched_setaffinity");
		exit(1);
	}
}

static void *writer_main(void *arg)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1;
	long *calls = arg;

	pin(cpu);
	/* Until the CPU is gone from under it, or told to stop. */
	while (!stop_writer && sched_getcpu() == cpu) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		(*calls)++;
	}
	close(fd);
	return NULL;
}

static void *reader_main(void *arg)
{
	/* Each reader its own: the two threads read at the same time. */
	unsigned char buf[64 * SOE_RECORD_SIZE];
	struct reader *r = arg;
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	ssize_t n;
	long i;

	pin(cpu ? 0 : 1);
	for (;;) {
		if (r->use_poll && poll(&pfd, 1, -1) < 0)
			break;
		n = read(r->fd, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n <= 0)
			break;
		for (i = 0; i < n / SOE_RECORD_SIZE; i++) {
			const void *rec = buf + i * SOE_RECORD_SIZE;
			const struct soe_event *ev = rec;
			const struct soe_loss *loss = rec;

			if (ev->hdr.type == SOE_RECORD_LOSS) {
				__atomic_add_fetch(&r->got, loss->lost,
						   __ATOMIC_RELAXED);
				continue;
			}
			if (ev->hdr.cpu == (unsigned int)cpu)
				__atomic_add_fetch(&r->from_cpu, 1,
						   __ATOMIC_RELAXED);
			__atomic_add_fetch(&r->got, 1, __ATOMIC_RELAXED);
		}
	}
	return NULL;
}

static int set_online(int c, int on)
{
	char path[64];
	int fd, ok;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", c);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return 0;
	ok = write(fd, on ? "1" : "0", 1) == 1;
	close(fd);
	return ok;
}

int main(int argc, char **argv)
{
	static const char *const names[] = {
		"read-gets-records-cpu-offline",
		"poll-gets-records-cpu-offline",
	};
	struct reader readers[2];
	unsigned long long start, want, got;
	long long t0, t;
	pthread_t writer;
	long calls = 0;
	int i, done, offline;

	if (argc != 2) {
		fprintf(stderr, "usage: soe_offline CPU\n");
		return 2;
	}
	cpu = atoi(argv[1]);
	memset(readers, 0, sizeof(readers));
	for (i = 0; i < 2; i++) {
		readers[i].use_poll = i;
		readers[i].fd = open(DEV, O_RDONLY | (i ? O_NONBLOCK : 0));
		if (readers[i].fd < 0 || lseek(readers[i].fd, 0, SEEK_END)) {
			perror("soe_offline: open");
			return 1;
		}
	}
	start = written(readers[0].fd);
	for (i = 0; i < 2; i++)
		pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]);
	pthread_create(&writer, NULL, writer_main, &calls);

	pin(cpu ? 0 : 1);
	usleep(300 * 1000);
	offline = set_online(cpu, 0);
	stop_writer = 1;
	pthread_join(writer, NULL);
	tap_result(offline, "cpu-taken-offline", "writing 0 to cpu%d/online failed",
	       cpu);
	if (!offline)
		return 1;

	want = written(readers[0].fd) - start;
	t0 = now_ms();
	do {
		done = 1;
		for (i = 0; i < 2; i++)
			if (__atomic_load_n(&readers[i].got, __ATOMIC_RELAXED) < want)
				done = 0;
		t = now_ms();
		if (!done)
			usleep(1000);
	} while (!done && t - t0 < HANG_MS);

	tap_note("%ld calls, %llu records; offline cpu%d; all delivered %lld ms after",
	       calls, want, cpu, done ? t - t0 : -1LL);
	tap_result(readers[0].from_cpu > 0, "records-from-offlined-cpu",
	       "no record from cpu%d among %ld", cpu,
	       (long)readers[0].got);
	for (i = 0; i < 2; i++) {
		got = __atomic_load_n(&readers[i].got, __ATOMIC_RELAXED);
		tap_result(got == want, names[i],
		       "%ld of the records within the hang timeout, want %ld",
		       (long)got, (long)want);
	}
	/* The readers may still sleep in read() and poll(): exit ends them. */
	return tap_status();
}
