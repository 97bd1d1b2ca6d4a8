// SPDX-License-Identifier: GPL-2.0
/*
 * soe_bench: the guest half of `make bench`.
 *
 *   soe_bench loop CALLS WORKERS
 *	WORKERS threads, thread i pinned to CPU i, each make CALLS/10
 *	untimed setsockopt() calls, wait for the others, then CALLS timed
 *	ones.  Prints "ns=MEAN w=NS0,NS1,...": each thread's nanoseconds per
 *	call (CLOCK_MONOTONIC around its own loop) and their mean.
 *   soe_bench loop CALLS WORKERS filter
 *	The same with SO_ATTACH_FILTER calls instead, each attaching (in
 *	place of the last) a classic BPF program of 24 instructions, the size
 *	of BPFDoor's: what the socket filter record costs shows against the
 *	same calls without the module.
 *   soe_bench drain PATH
 *	Read PATH (the device, or trace_pipe) into a 64 KiB buffer and throw
 *	it away until SIGTERM, then print what was read: for the device,
 *	"records=N events=N lost=N" (lost: what loss records said); for any
 *	other file "bytes=N lines=N"; then "wakeups=N", the times it slept
 *	(voluntary context switches).  The device is read from now on
 *	(SEEK_END), not from the oldest record.  PATH "mmap" maps the
 *	device's ring instead (tools/reader/ringmap.h), copies each record
 *	out of it, and sleeps in SOE_IOC_WAIT.
 *   soe_bench rate RATE MS [mmap]
 *	A generator pinned to CPU 0 makes RATE setsockopt() calls a second
 *	(0: as fast as it can) for MS milliseconds, while one reader thread
 *	pinned to CPU 1 drains /dev/sockopt_events.  Prints
 *	"rate=RATE achieved=N written=N delivered=N lost=N gaps=N": written
 *	is what the module's counters say it wrote meanwhile, delivered the
 *	events the reader got, lost what its loss records said, gaps how many
 *	loss records there were (one gap of about a ring's worth is a stall;
 *	a reader slower than the writer loses again and again).  With
 *	"mmap" the reader maps the ring instead of reading the device.
 *
 * Every call is the same: setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &0, 4) on
 * a UDP socket, which any user may make and which the kernel handles
 * cheaply, so that what a probe adds stands out.
 */
#define _GNU_SOURCE
#include "ringmap.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/filter.h>
#include <netinet/in.h>
#include <sockopt_events.h>

#include "wakeups.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define MAX_WORKERS 64
#define BUF_SIZE (64 * 1024)

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("soe_bench: sched_setaffinity");
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("soe_bench: socket");
	return fd;
}

/* loop ... filter: SO_ATTACH_FILTER calls instead of SO_PRIORITY ones. */
static int filter_calls;

#define FILTER_INSNS 24

static void calls(int fd, unsigned long n)
{
	static struct sock_filter insns[FILTER_INSNS];
	struct sock_fprog prog = { FILTER_INSNS, insns };
	int v = 0, i;

	if (filter_calls) {
		/* ld #i, 23 times, then ret #0: accepted everywhere */
		for (i = 0; i < FILTER_INSNS - 1; i++)
			insns[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
		insns[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
		while (n--)
			if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
				die("soe_bench: setsockopt SO_ATTACH_FILTER");
		return;
	}
	while (n--)
		if (setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &v, sizeof(v)))
			die("soe_bench: setsockopt");
}

/* loop */

struct worker {
	pthread_t thread;
	int cpu;
	unsigned long calls;
	pthread_barrier_t *start;
	double ns_per_call;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int fd = udp_socket();
	uint64_t t0;

	pin(w->cpu);
	calls(fd, w->calls / 10);
	pthread_barrier_wait(w->start);
	t0 = now_ns();
	calls(fd, w->calls);
	w->ns_per_call = (double)(now_ns() - t0) / w->calls;
	close(fd);
	return NULL;
}

static int cmd_loop(unsigned long n, int nworkers)
{
	struct worker w[MAX_WORKERS];
	pthread_barrier_t start;
	double sum = 0;
	int i;

	if (nworkers < 1 || nworkers > MAX_WORKERS || !n) {
		fprintf(stderr, "soe_bench loop: bad arguments\n");
		return 2;
	}
	pthread_barrier_init(&start, NULL, nworkers);
	for (i = 0; i < nworkers; i++) {
		w[i].cpu = i;
		w[i].calls = n;
		w[i].start = &start;
		if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]))
			die("soe_bench: pthread_create");
	}
	for (i = 0; i < nworkers; i++) {
		pthread_join(w[i].thread, NULL);
		sum += w[i].ns_per_call;
	}
	printf("ns=%.1f w=", sum / nworkers);
	for (i = 0; i < nworkers; i++)
		printf("%s%.1f", i ? "," : "", w[i].ns_per_call);
	printf("\n");
	return 0;
}

/* drain */

struct tally {
	uint64_t bytes, lines, records, events, lost;
};

/* Count what a buffer of whole records from the device holds. */
static void tally_records(struct tally *t, const unsigned char *buf, size_t len)
{
	const struct soe_loss *loss;
	size_t off;

	for (off = 0; off + SOE_RECORD_SIZE <= len; off += SOE_RECORD_SIZE) {
		loss = (const void *)(buf + off);
		t->records++;
		if (loss->hdr.type == SOE_RECORD_LOSS)
			t->lost += loss->lost;
		else
			t->events++;
	}
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void drain_mapped(struct tally *t)
{
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_ringmap m;
	int fd = open(DEV, O_RDONLY);

	if (fd < 0 || soe_ringmap_map(&m, fd))
		die("soe_bench: mapping " DEV);
	soe_ringmap_seek_end(&m);
	while (!stop) {
		if (soe_ringmap_next(&m, rec)) {
			t->bytes += SOE_RECORD_SIZE;
			tally_records(t, rec, SOE_RECORD_SIZE);
		} else if (soe_ringmap_wait(&m, fd) && errno != EINTR) {
			die("soe_bench: SOE_IOC_WAIT");
		}
	}
	soe_ringmap_unmap(&m);
	close(fd);
}

static int cmd_drain(const char *path)
{
	static unsigned char buf[BUF_SIZE];
	struct sigaction sa = { .sa_handler = on_term };
	int dev = !strcmp(path, DEV);
	struct tally t = { 0 };
	ssize_t n, i;
	int fd;

	/* No SA_RESTART: the signal ends a blocked read(). */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (!strcmp(path, "mmap")) {
		drain_mapped(&t);
		dev = 1;
		goto report;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0)
		die(path);
	if (dev && lseek(fd, 0, SEEK_END))
		die("soe_bench: lseek");
	while (!stop) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("soe_bench: read");
		}
		if (n == 0)
			break;
		t.bytes += n;
		if (dev) {
			tally_records(&t, buf, n);
		} else {
			for (i = 0; i < n; i++)
				t.lines += buf[i] == '\n';
		}
	}
report:
	if (dev)
		printf("records=%llu events=%llu lost=%llu",
		       (unsigned long long)t.records,
		       (unsigned long long)t.events,
		       (unsigned long long)t.lost);
	else
		printf("bytes=%llu lines=%llu", (unsigned long long)t.bytes,
		       (unsigned long long)t.lines);
	printf(" wakeups=%llu\n", wakeups());
	return 0;
}

/* rate */

struct reader {
	pthread_t thread;
	int fd;
	int mapped;		/* reads the mapped ring, not the device */
	int wait_fd;		/* mapped: a blocking file for SOE_IOC_WAIT */
	int done;		/* set once the generator has finished */
	uint64_t expect;	/* set before done: records written meanwhile */
	struct tally t;
};

/* The next records into buf, from the device or the mapped ring. */
static ssize_t reader_next(struct reader *r, struct soe_ringmap *m,
			   unsigned char *buf)
{
	if (!r->mapped)
		return read(r->fd, buf, BUF_SIZE);
	return soe_ringmap_read(m, buf, BUF_SIZE);
}

/*
 * Sleep until there may be records: up to 20 ms for the device's reader;
 * the mapping's reader sleeps in SOE_IOC_WAIT until records come or
 * cmd_rate() signals it once the generator is done.
 */
static void reader_sleep(struct reader *r, struct soe_ringmap *m)
{
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	struct timespec ts = { 0, 20000000 };
	uint64_t pos = m->pos;

	if (!r->mapped)
		poll(&pfd, 1, 20);
	else if (__atomic_load_n(&r->done, __ATOMIC_ACQUIRE))
		nanosleep(&ts, NULL);
	else if (ioctl(r->wait_fd, SOE_IOC_WAIT, &pos) && errno != EINTR)
		die("soe_bench: SOE_IOC_WAIT");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void *reader_main(void *arg)
{
	unsigned char buf[BUF_SIZE];
	struct reader *r = arg;
	struct soe_ringmap m = { 0 };
	uint64_t idle_since = 0;
	ssize_t n;

	pin(1);
	if (r->mapped) {
		if (soe_ringmap_map(&m, r->fd))
			die("soe_bench: mapping " DEV);
		soe_ringmap_seek_end(&m);
	}
	for (;;) {
		n = reader_next(r, &m, buf);
		if (n > 0) {
			tally_records(&r->t, buf, n);
			idle_since = 0;
			continue;
		}
		if (n < 0 && errno != EAGAIN)
			die("soe_bench: read");
		if (__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
			if (r->t.events + r->t.lost >= r->expect)
				break;
			/* Give up on a record that never comes after 5 s. */
			if (!idle_since)
				idle_since = now_ns();
			else if (now_ns() - idle_since > 5000000000ULL)
				break;
		}
		reader_sleep(r, &m);
	}
	if (r->mapped)
		soe_ringmap_unmap(&m);
	return NULL;
}

static uint64_t written(int fd)
{
	struct soe_counters c;

	if (ioctl(fd, SOE_IOC_COUNTERS, &c))
		die("soe_bench: SOE_IOC_COUNTERS");
	return c.written;
}

static int cmd_rate(unsigned long rate, unsigned long ms, int mapped)
{
	struct reader r = { .mapped = mapped };
	uint64_t t0, t, end, w0, issued = 0;
	int fd = udp_socket();

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		fprintf(stderr, "soe_bench rate: needs two CPUs\n");
		return 2;
	}
	pin(0);
	r.fd = open(DEV, O_RDONLY | O_NONBLOCK);
	if (r.fd < 0)
		die(DEV);
	if (lseek(r.fd, 0, SEEK_END))
		die("soe_bench: lseek");
	if (mapped) {
		struct sigaction sa = { .sa_handler = on_usr1 };

		/* No SA_RESTART: the signal ends SOE_IOC_WAIT. */
		sigaction(SIGUSR1, &sa, NULL);
		r.wait_fd = open(DEV, O_RDONLY);
		if (r.wait_fd < 0)
			die(DEV);
	}
	w0 = written(r.fd);
	if (pthread_create(&r.thread, NULL, reader_main, &r))
		die("soe_bench: pthread_create");
	usleep(100000);

	/*
	 * Keep issued at rate * elapsed: spin while ahead, catch up when
	 * behind.  Flat out, look at the clock only every 256 calls.
	 */
	t0 = now_ns();
	end = t0 + ms * 1000000ULL;
	for (t = t0; t < end; t = now_ns()) {
		if (!rate) {
			calls(fd, 256);
			issued += 256;
		} else if (issued < (t - t0) * rate / 1000000000ULL) {
			calls(fd, 1);
			issued++;
		}
	}

	r.expect = written(r.fd) - w0;
	__atomic_store_n(&r.done, 1, __ATOMIC_RELEASE);
	/* Until it exits: a signal only interrupts a wait it is already in. */
	while (r.mapped && pthread_tryjoin_np(r.thread, NULL)) {
		pthread_kill(r.thread, SIGUSR1);
		usleep(10000);
	}
	if (!r.mapped)
		pthread_join(r.thread, NULL);
	printf("rate=%lu mapped=%d achieved=%.0f written=%llu delivered=%llu lost=%llu gaps=%llu\n",
	       rate, mapped, issued * 1e9 / (t - t0), (unsigned long long)r.expect,
	       (unsigned long long)r.t.events, (unsigned long long)r.t.lost,
	       (unsigned long long)(r.t.records - r.t.events));
	close(r.fd);
	if (mapped)
		close(r.wait_fd);
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: soe_bench loop CALLS WORKERS [filter] | drain PATH|mmap | rate RATE MS [mmap]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "filter"))) &&
	    !strcmp(argv[1], "loop")) {
		filter_calls = argc == 5;
		return cmd_loop(strtoul(argv[2], NULL, 0), atoi(argv[3]));
	}
	if (argc == 3 && !strcmp(argv[1], "drain"))
		return cmd_drain(argv[2]);
	if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "mmap"))) &&
	    !strcmp(argv[1], "rate"))
		return cmd_rate(strtoul(argv[2], NULL, 0),
				strtoul(argv[3], NULL, 0), argc == 5);
	usage();
	return 2;
}
