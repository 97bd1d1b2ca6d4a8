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
#include <poll.h>
#include <signal.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif

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
	       (h->type == SOE_RECORD_EVENT || h->type == SOE_RECORD_LOSS ||
		h->type == SOE_RECORD_UNIX_NAMES || h->type == SOE_RECORD_BPF_FILTER ||
		h->type == SOE_RECORD_RESULT);
}

/* Whether the n bytes at p all hold b. */
static int all_bytes(const void *p, unsigned char b, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		if (*s++ != b)
			return 0;
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Count the records a non-blocking drain returns. */
static long drain(int fd)
{
	static unsigned char buf[SOE_RECORD_SIZE * 16];
	int flags = fcntl(fd, F_GETFL);
	long records = 0;
	ssize_t n;

	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		records += n / SOE_RECORD_SIZE;
	fcntl(fd, F_SETFL, flags);
	return records;
}

static void test_seek_poll_ioctl(void)
{
	unsigned char buf[SOE_RECORD_SIZE];
	pthread_t thread;
	struct pollfd pfd;
	struct soe_info info;
	__u32 load_id;
	struct soe_counters c;
	struct sigaction sa;
	void *bad, *volatile low_page = (void *)8;
	ssize_t n;
	off_t off;
	int fd = open(DEV, O_RDONLY);

	make_event();
	off = lseek(fd, 0, SEEK_END);
	tap_result(off == 0, "seek-end", "got %ld errno %d", off, errno);
	tap_result(drain(fd) == 0, "seek-end-skips-to-now", "%ld records left",
	       drain(fd));
	pfd.fd = fd;
	pfd.events = POLLIN;
	n = poll(&pfd, 1, 0);
	tap_result(n == 0, "poll-empty", "poll returned %ld revents %d", n,
	       pfd.revents);
	make_event();
	n = poll(&pfd, 1, 5000);
	tap_result(n == 1 && (pfd.revents & POLLIN), "poll-readable",
	       "poll returned %ld revents %d", n, pfd.revents);
	{
		struct timeval tv = { 5, 0 };
		struct epoll_event ee = { .events = EPOLLIN }, got;
		fd_set rset;
		int ep = epoll_create1(0);

		FD_ZERO(&rset);
		FD_SET(fd, &rset);
		n = select(fd + 1, &rset, NULL, NULL, &tv);
		tap_result(n == 1 && FD_ISSET(fd, &rset), "select-readable",
		       "select returned %ld errno %d", n, errno);
		/* epoll, woken by an event that comes while it waits. */
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee);
		drain(fd);
		pthread_create(&thread, NULL, late_event, NULL);
		n = epoll_wait(ep, &got, 1, 5000);
		pthread_join(thread, NULL);
		tap_result(n == 1 && (got.events & EPOLLIN), "epoll-woken-by-new-event",
		       "epoll_wait returned %ld errno %d", n, errno);
		close(ep);
	}

	/* A read into an invalid buffer fails and loses nothing. */
	bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	n = read(fd, bad, SOE_RECORD_SIZE);
	tap_result(n == -1 && errno == EFAULT, "read-invalid-buffer-efault",
	       "got %ld errno %d", n, errno);
	n = read(fd, low_page, SOE_RECORD_SIZE);
	tap_result(n == -1 && errno == EFAULT, "read-null-page-efault",
	       "got %ld errno %d", n, errno);
	n = read(fd, buf, sizeof(buf));
	tap_result(n == SOE_RECORD_SIZE && valid_record(buf),
	       "read-after-efault-gets-the-record", "got %ld errno %d", n,
	       errno);

	off = lseek(fd, 0, SEEK_SET);
	tap_result(off == 0 && drain(fd) >= 2, "seek-set-goes-back-to-oldest",
	       "got %ld errno %d", off, errno);
	off = lseek(fd, 5, SEEK_SET);
	tap_result(off == -1 && errno == ESPIPE, "seek-nonzero-offset-espipe",
	       "got %ld errno %d", off, errno);
	off = lseek(fd, 0, SEEK_CUR);
	tap_result(off == -1 && errno == EINVAL, "seek-cur-einval",
	       "got %ld errno %d", off, errno);

	memset(&info, 0xff, sizeof(info));
	n = ioctl(fd, SOE_IOC_INFO, &info);
	tap_result(n == 0 && info.version == SOE_VERSION &&
	       info.record_size == SOE_RECORD_SIZE && info.load_id != 0,
	       "ioctl-info", "rc %ld version %u load_id %u", n, info.version,
	       info.load_id);
	/* The load id is the module's, not made up per call or per file. */
	load_id = info.load_id;
	memset(&info, 0, sizeof(info));
	n = ioctl(fd, SOE_IOC_INFO, &info);
	tap_result(n == 0 && info.load_id == load_id, "ioctl-info-load-id-stable",
	       "rc %ld load_id %u then %u", n, load_id, info.load_id);
	n = ioctl(fd, SOE_IOC_COUNTERS, &c);
	/* A call's event counts once, whatever records come with it. */
	tap_result(n == 0 && c.written >= 3 && c.seen == c.events + c.filtered &&
		   c.events <= c.written,
	       "ioctl-counters", "rc %ld written %ld events %ld", n,
	       (long)c.written, (long)c.events);
	/* A caller built with the first header gets its six counters. */
	memset(&c, 0xa5, sizeof(c));
	n = ioctl(fd, _IOC(_IOC_READ, SOE_IOC_MAGIC, _IOC_NR(SOE_IOC_COUNTERS),
			   SOE_COUNTERS_SIZE_VER0), &c);
	tap_result(n == 0 && c.written >= 3 && c.seen >= c.filtered &&
		   all_bytes((char *)&c + SOE_COUNTERS_SIZE_VER0, 0xa5,
			     sizeof(c) - SOE_COUNTERS_SIZE_VER0),
		   "ioctl-counters-first-size-gets-first-counters",
		   "rc %ld written %ld", n, (long)c.written);
	n = ioctl(fd, _IOC(_IOC_READ, SOE_IOC_MAGIC, _IOC_NR(SOE_IOC_COUNTERS),
			   sizeof(c) + 8), &c);
	tap_result(n == -1 && errno == ENOTTY, "ioctl-counters-larger-size-enotty",
		   "rc %ld errno %d", n, errno);
	n = ioctl(fd, _IOR(SOE_IOC_MAGIC, 99, int), &c);
	tap_result(n == -1 && errno == ENOTTY, "ioctl-unknown-enotty",
	       "rc %ld errno %d", n, errno);
	n = ioctl(fd, SOE_IOC_COUNTERS, (void *)8);
	tap_result(n == -1 && errno == EFAULT, "ioctl-bad-pointer-efault",
	       "rc %ld errno %d", n, errno);

	/* A signal interrupts a blocked read cleanly. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	drain(fd);
	alarm(1);
	n = read(fd, buf, sizeof(buf));
	tap_result(n == -1 && errno == EINTR, "read-interrupted-by-signal-eintr",
	       "got %ld errno %d", n, errno);
	close(fd);
}

/*
 * Readers are woken per tick, not per record.  An epoll instance watching
 * the device stays on its wait queue, so every record finds a reader to
 * wake; a call every 100 us for 40 ms then costs about 400 wake-ups if they
 * are made per record, and 4 to 40 if they are made at the writing CPU's
 * tick (100 to 1000 Hz).  The module counts them (counters/wakeups).
 */
#define BATCH_CALLS 400
#define BATCH_GAP_NS 100000L
#define WAKEUPS "/sys/class/misc/" SOE_DEVICE_NAME "/counters/wakeups"

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static long read_wakeups(void)
{
	return read_long(WAKEUPS);
}

static long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void test_batched_wakeups(void)
{
	int fd = open(DEV, O_RDONLY), sock = socket(AF_INET, SOCK_DGRAM, 0);
	struct epoll_event ee = { .events = EPOLLIN }, got;
	int ep = epoll_create1(0), prio = 0, i, n;
	long next, records, wakeups;

	lseek(fd, 0, SEEK_END);
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee);
	wakeups = read_wakeups();
	next = now_ns();
	for (i = 0; i < BATCH_CALLS; i++) {
		setsockopt(sock, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio));
		next += BATCH_GAP_NS;
		while (now_ns() < next)
			;
	}
	n = epoll_wait(ep, &got, 1, 5000);
	wakeups = wakeups < 0 ? -1 : read_wakeups() - wakeups;
	records = drain(fd);
	tap_note("batched wake-ups: %ld for %d calls", wakeups, BATCH_CALLS);
	tap_result(n == 1 && records >= BATCH_CALLS, "batched-wakeups-all-readable",
	       "epoll_wait %d, %ld records", n, records);
	tap_result(wakeups >= 1 && wakeups * 4 <= BATCH_CALLS,
	       "batched-wakeups-not-one-per-record",
	       "%ld wake-ups for %d records", wakeups, BATCH_CALLS);
	close(ep);
	close(sock);
	close(fd);
}

/* Only a capable process in the initial user namespace may open. */
static void test_access(void)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (setgid(1000) || setuid(1000))
			_exit(2);
		fd = open(DEV, O_RDONLY);
		_exit(fd == -1 && errno == EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_result(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "open-as-uid-1000-eacces", "child status %d", status);

	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUSER))
			_exit(2);
		/* Still uid 0 to the file system; no capability outside. */
		fd = open(DEV, O_RDONLY);
		_exit(fd == -1 && (errno == EPERM || errno == EACCES) ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_result(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "open-in-new-user-namespace-refused", "child status %d",
	       status);
}

/* Keep only the capability cap (-1: none), in every set; stay uid 0. */
static int keep_only_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (cap >= 0) {
		data[cap / 32].effective = 1U << (cap % 32);
		data[cap / 32].permitted = 1U << (cap % 32);
	}
	return syscall(SYS_capset, &hdr, data);
}

/* A child that keeps only cap and opens the device: 0 if it could. */
static int open_with_only(int cap, const char *comm)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		if (keep_only_cap(cap))
			_exit(2);
		/* Named after capset(), which checks CAP_SETPCAP. */
		prctl(PR_SET_NAME, comm);
		fd = open(DEV, O_RDONLY);
		_exit(fd >= 0 ? 0 : errno == EPERM ? 1 : 3);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 4;
}

static int write_file(const char *path, const char *s, int flags)
{
	int fd = open(path, O_WRONLY | flags), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Which capabilities does an open ask for, in which order?  A kprobe event
 * on cap_capable(), which every capability check reaches, records the
 * third argument (x86-64: %dx) of the checks made by a child that holds
 * only CAP_PERFMON, from the moment it names itself soe_capchk.  Writes the capabilities seen,
 * in order, to caps (at most max); returns how many, or -1 without
 * kprobe events.
 */
#define CAPCHK "soe_capchk"

static int traced_caps(int *caps, int max)
{
	static const char *const roots[] = { "/sys/kernel/tracing",
					     "/sys/kernel/debug/tracing" };
	char path[128], line[512], *p;
	const char *root = NULL;
	unsigned int i;
	int n = 0;
	FILE *f;

	mount("tracefs", roots[0], "tracefs", 0, NULL);
	for (i = 0; i < 2 && !root; i++) {
		snprintf(path, sizeof(path), "%s/kprobe_events", roots[i]);
		if (!access(path, W_OK))
			root = roots[i];
	}
	if (!root)
		return -1;
	if (write_file(path, "p:soe_cap cap_capable cap=%dx:s32\n", O_APPEND))
		return -1;
	snprintf(line, sizeof(line), "%s/trace", root);
	write_file(line, "", O_TRUNC);
	/*
	 * The comm at each check, not the one the trace prints (the pid's
	 * latest): the child's capset() checks CAP_SETPCAP under the old name.
	 */
	snprintf(line, sizeof(line), "%s/events/kprobes/soe_cap/filter", root);
	if (write_file(line, "comm == \"" CAPCHK "\"\n", 0)) {
		write_file(path, "-:soe_cap\n", O_APPEND);
		return -1;
	}
	/*
	 * Enabling an event would also start recording task names, which
	 * hooks the scheduler's sched_switch tracepoint: a live patch of
	 * __schedule() that TCG once ran half done on the other vCPU (an
	 * int3 oops in __schedule, 6.12).  The names are not looked at.
	 */
	snprintf(line, sizeof(line), "%s/options/record-cmd", root);
	write_file(line, "0", 0);
	snprintf(line, sizeof(line), "%s/events/kprobes/soe_cap/enable", root);
	write_file(line, "1", 0);
	open_with_only(CAP_PERFMON, CAPCHK);
	write_file(line, "0", 0);
	/* Read before the event goes: removing it empties the buffer. */
	snprintf(line, sizeof(line), "%s/trace", root);
	f = fopen(line, "r");
	/*
	 * Every line of the event is the child's (the filter sees to that):
	 * its name in the line may be "<...>", when the trace's cache of
	 * task names has lost it, so it is not looked at.
	 */
	while (f && n < max && fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strstr(line, " soe_cap: ") ||
		    !(p = strstr(line, "cap=")))
			continue;
		caps[n++] = atoi(p + 4);
	}
	if (f)
		fclose(f);
	write_file(path, "-:soe_cap\n", O_APPEND);
	return f ? n : -1;
}

/*
 * The capability open() asks for: CAP_PERFMON as perf does, then
 * CAP_SYS_ADMIN, so that a reader holding only CAP_PERFMON is never
 * denied a check (SELinux would log each one).
 */
static void test_perfmon(void)
{
	int caps[16], n, i, admin = 0;

	n = open_with_only(-1, "soe_nocaps");
	tap_result(n == 1, "open-without-capabilities-eperm",
	       "child status %d", n);
	if (read_long("/proc/sys/kernel/cap_last_cap") < CAP_PERFMON) {
		tap_skip("open-with-cap-perfmon-only", "no CAP_PERFMON before 5.8");
		tap_skip("open-asks-cap-perfmon-first", "no CAP_PERFMON before 5.8");
		return;
	}
	n = open_with_only(CAP_PERFMON, "soe_perfmon");
	tap_result(n == 0, "open-with-cap-perfmon-only", "child status %d", n);
	n = traced_caps(caps, 16);
	if (n < 0) {
		tap_skip("open-asks-cap-perfmon-first", "no kprobe events");
		return;
	}
	for (i = 0; i < n; i++)
		admin |= caps[i] == CAP_SYS_ADMIN;
	tap_result(n >= 1 && caps[0] == CAP_PERFMON && !admin,
	       "open-asks-cap-perfmon-first",
	       "first capability checked %d, CAP_SYS_ADMIN checked %d",
	       n ? caps[0] : -1, admin);
}

int main(void)
{
	static unsigned char buf[SOE_RECORD_SIZE * 8];
	pthread_t thread;
	ssize_t n;
	int fd, flags;

	fd = open(DEV, O_RDONLY);
	if (fd < 0) {
		tap_fail("open", "%s", strerror(errno));
		return 1;
	}
	make_event();

	n = read(fd, buf, SOE_RECORD_SIZE - 1);
	tap_result(n == -1 && errno == EINVAL, "read-short-buffer-einval",
	       "got %ld errno %d", n, errno);
	n = read(fd, buf, 1);
	tap_result(n == -1 && errno == EINVAL, "read-1-byte-einval",
	       "got %ld errno %d", n, errno);

	n = read(fd, buf, SOE_RECORD_SIZE + 100);
	tap_result(n == SOE_RECORD_SIZE && valid_record(buf),
	       "read-whole-record-only", "got %ld bytes, magic ok %d", n,
	       valid_record(buf));

	/* Drain what is there, then a non-blocking read must say EAGAIN. */
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (n % SOE_RECORD_SIZE || !valid_record(buf))
			break;
	tap_result(n <= 0, "read-multiple-whole-records",
	       "got %ld bytes, magic ok %d", n, valid_record(buf));
	tap_result(n == -1 && errno == EAGAIN, "read-nonblock-eagain",
	       "got %ld errno %d", n, errno);
	fcntl(fd, F_SETFL, flags);

	/* A blocking read waits for the next event and then returns it. */
	if (pthread_create(&thread, NULL, late_event, NULL)) {
		tap_fail("read-blocks-until-event", "no thread");
		return 1;
	}
	n = read(fd, buf, sizeof(buf));
	pthread_join(thread, NULL);
	tap_result(n >= SOE_RECORD_SIZE && n % SOE_RECORD_SIZE == 0 &&
	       valid_record(buf), "read-blocks-until-event",
	       "got %ld errno %d", n, errno);

	n = write(fd, buf, SOE_RECORD_SIZE);
	tap_result(n == -1, "write-refused", "got %ld errno %d", n, errno);
	close(fd);

	fd = open(DEV, O_RDWR);
	tap_result(fd == -1 && errno == EINVAL, "open-for-writing-einval",
	       "got fd %d errno %d", fd, errno);

	test_seek_poll_ioctl();
	test_batched_wakeups();
	test_access();
	test_perfmon();
	return tap_status();
}
