// SPDX-License-Identifier: GPL-2.0
/*
 * soe_mmap: the ring mapped (uapi/sockopt_events.h, tools/reader/ringmap.h).
 * One line per check: "ok - NAME" or "not ok - NAME: why".
 *
 *   soe_mmap device   what may be mapped and how; the mapped stream is the
 *                     read() stream, byte for byte; SOE_IOC_WAIT; rmmod is
 *                     refused while a mapping is left
 *   soe_mmap loss N   N events on a small ring (buffer_records=16) that the
 *                     reader does not read in time: one loss record, and
 *                     delivered + lost = written
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "ringmap.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define EVENTS 50

static void make_events(int n)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1, i;

	for (i = 0; i < n; i++)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	close(fd);
}

/*
 * A process that makes one event 300 ms from now.  A process, not a
 * thread: a 32-bit thread's futex calls need COMPAT_32BIT_TIME, which the
 * debug kernels leave out.
 */
static pid_t late_event(void)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	pid_t pid = fork();

	if (pid == 0) {
		nanosleep(&ts, NULL);
		make_events(1);
		_exit(0);
	}
	return pid;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static size_t map_len(int fd)
{
	struct soe_info info;

	if (ioctl(fd, SOE_IOC_INFO, &info))
		return 0;
	return (size_t)sysconf(_SC_PAGESIZE) +
	       (size_t)info.buffer_records * SOE_RECORD_SIZE;
}

/* What may be mapped, and how. */
static void test_mapping_rules(int fd)
{
	size_t len = map_len(fd), page = sysconf(_SC_PAGESIZE);
	struct soe_info info;
	struct soe_ringmap m;
	void *p;
	int rc;

	ioctl(fd, SOE_IOC_INFO, &info);
	rc = soe_ringmap_map(&m, fd);
	tap_result(rc == 0, "map", "rc %d errno %d", rc, errno);
	if (rc)
		return;
	tap_result(m.ctl->capacity == info.buffer_records &&
	       m.ctl->record_size == SOE_RECORD_SIZE &&
	       m.ctl->records_offset == page &&
	       m.ctl->version == SOE_VERSION, "map-control-page",
	       "capacity %ld records_offset %ld", (long)m.ctl->capacity,
	       (long)m.ctl->records_offset);
	rc = mprotect((void *)m.ctl, len, PROT_READ | PROT_WRITE);
	tap_result(rc == -1 && errno == EACCES, "map-mprotect-write-refused",
	       "rc %d errno %d", rc, errno);
	rc = mprotect((void *)m.ctl, len, PROT_READ | PROT_EXEC);
	tap_result(rc == -1 && errno == EACCES, "map-mprotect-exec-refused",
	       "rc %d errno %d", rc, errno);
	soe_ringmap_unmap(&m);

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	tap_result(p == MAP_FAILED && errno == EACCES, "map-writable-refused",
	       "got %d errno %d", p != MAP_FAILED, errno);
	p = mmap(NULL, len, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
	tap_result(p == MAP_FAILED && errno == EACCES, "map-executable-refused",
	       "got %d errno %d", p != MAP_FAILED, errno);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	tap_result(p == MAP_FAILED && errno == EACCES, "map-private-refused",
	       "got %d errno %d", p != MAP_FAILED, errno);
	p = mmap(NULL, len - page, PROT_READ, MAP_SHARED, fd, page);
	tap_result(p == MAP_FAILED && errno == EINVAL, "map-offset-refused",
	       "got %d errno %d", p != MAP_FAILED, errno);
	p = mmap(NULL, len + page, PROT_READ, MAP_SHARED, fd, 0);
	tap_result(p == MAP_FAILED && errno == EINVAL, "map-too-long-refused",
	       "got %d errno %d", p != MAP_FAILED, errno);
	p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	tap_result(p != MAP_FAILED &&
	       ((struct soe_ring_ctl *)p)->capacity == info.buffer_records,
	       "map-control-page-alone", "got %d errno %d",
	       p != MAP_FAILED, errno);
	if (p != MAP_FAILED)
		munmap(p, page);
}

/* The mapped stream is the read() stream, record for record. */
static void test_same_stream(int fd)
{
	static unsigned char got_read[EVENTS * 3][SOE_RECORD_SIZE];
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_ringmap m;
	int rfd = open(DEV, O_RDONLY | O_NONBLOCK), i, nread = 0, nmap = 0;
	int differ = 0;
	ssize_t n;

	if (soe_ringmap_map(&m, fd)) {
		tap_result(0, "map-same-stream-as-read", "no mapping: errno %d",
		       errno);
		return;
	}
	lseek(rfd, 0, SEEK_END);
	soe_ringmap_seek_end(&m);
	make_events(EVENTS);
	while (nread < EVENTS * 3 &&
	       (n = read(rfd, got_read[nread], SOE_RECORD_SIZE)) > 0)
		nread++;
	for (i = 0; soe_ringmap_next(&m, rec); i++) {
		if (i >= nread || memcmp(rec, got_read[i], SOE_RECORD_SIZE))
			differ++;
		nmap++;
	}
	/* Each call: its event and its result record. */
	tap_result(nread == 2 * EVENTS && nmap == 2 * EVENTS && !differ,
	       "map-same-stream-as-read", "read %d, mapped %ld", nread,
	       nmap * 1000L + differ);
	soe_ringmap_unmap(&m);
	close(rfd);
}

static void test_wait(int fd)
{
	struct sigaction sa;
	struct soe_ringmap m;
	uint64_t pos;
	pid_t child;
	int rc, flags;

	if (soe_ringmap_map(&m, fd)) {
		tap_result(0, "wait", "no mapping: errno %d", errno);
		return;
	}
	soe_ringmap_seek_end(&m);
	child = late_event();
	rc = soe_ringmap_wait(&m, fd);
	waitpid(child, NULL, 0);
	tap_result(rc == 0 && m.ctl->head > m.pos, "wait-until-new-record",
	       "rc %d errno %d", rc, errno);
	rc = soe_ringmap_wait(&m, fd);
	tap_result(rc == 0, "wait-returns-at-once-when-behind", "rc %d errno %d",
	       rc, errno);

	pos = m.ctl->head + 1;
	rc = ioctl(fd, SOE_IOC_WAIT, &pos);
	tap_result(rc == -1 && errno == EINVAL, "wait-beyond-head-einval",
	       "rc %d errno %d", rc, errno);
	rc = ioctl(fd, SOE_IOC_WAIT, (void *)8);
	tap_result(rc == -1 && errno == EFAULT, "wait-bad-pointer-efault",
	       "rc %d errno %d", rc, errno);

	m.pos = m.ctl->head;
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	rc = soe_ringmap_wait(&m, fd);
	tap_result(rc == -1 && errno == EAGAIN, "wait-nonblock-eagain",
	       "rc %d errno %d", rc, errno);
	fcntl(fd, F_SETFL, flags);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	rc = soe_ringmap_wait(&m, fd);
	tap_result(rc == -1 && errno == EINTR, "wait-interrupted-by-signal-eintr",
	       "rc %d errno %d", rc, errno);
	soe_ringmap_unmap(&m);
}

/* A mapping holds the module, as an open file does. */
static void test_mapping_holds_module(void)
{
	struct soe_ringmap m;
	int fd = open(DEV, O_RDONLY), rc;

	rc = soe_ringmap_map(&m, fd);
	close(fd);
	if (rc) {
		tap_result(0, "rmmod-refused-while-mapped", "no mapping: errno %d",
		       errno);
		return;
	}
	/* The kernel says EAGAIN for a module in use; EBUSY is as good. */
	rc = syscall(SYS_delete_module, "sockopt_events", O_NONBLOCK);
	tap_result(rc == -1 && (errno == EAGAIN || errno == EBUSY) &&
	       access("/sys/module/sockopt_events", F_OK) == 0,
	       "rmmod-refused-while-mapped", "rc %d errno %d", rc, errno);
	make_events(1);
	tap_result(m.ctl->head > 0, "mapping-outlives-its-file", "head %ld",
	       (long)m.ctl->head);
	soe_ringmap_unmap(&m);
}

static int device(void)
{
	int fd = open(DEV, O_RDONLY);

	if (fd < 0) {
		tap_fail("open", "%s", strerror(errno));
		return 1;
	}
	test_mapping_rules(fd);
	test_same_stream(fd);
	test_wait(fd);
	close(fd);
	test_mapping_holds_module();
	return tap_status();
}

static int loss(long n)
{
	unsigned char rec[SOE_RECORD_SIZE];
	struct soe_ringmap m;
	struct soe_loss l;
	long records = 0, loss_records = 0;
	uint64_t lost = 0, start;
	int fd = open(DEV, O_RDONLY);

	if (fd < 0 || soe_ringmap_map(&m, fd)) {
		tap_fail("map", "%s", strerror(errno));
		return 1;
	}
	soe_ringmap_seek_end(&m);
	start = m.pos;
	make_events(n);
	while (soe_ringmap_next(&m, rec)) {
		memcpy(&l, rec, sizeof(l));
		if (l.hdr.type == SOE_RECORD_LOSS) {
			loss_records++;
			lost += l.lost;
		} else {
			records++;
		}
	}
	tap_note("loss: written %ld, delivered %ld, reported lost %ld in %ld loss records",
	       (long)(m.ctl->head - start), records, (long)lost, loss_records);
	tap_result(loss_records == 1 && lost, "stalled-mapping-reader-gets-one-loss-record",
	       "%ld loss records, %ld lost", loss_records, (long)lost);
	/* Each call: its event and its result record. */
	tap_result(records + lost == m.ctl->head - start &&
		   m.ctl->head - start == 2 * (uint64_t)n,
	       "delivered-plus-lost-is-written", "delivered + lost %ld, written %ld",
	       (long)(records + lost), (long)(m.ctl->head - start));
	soe_ringmap_unmap(&m);
	close(fd);
	return tap_status();
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "device"))
		return device();
	if (argc == 3 && !strcmp(argv[1], "loss"))
		return loss(atol(argv[2]));
	fprintf(stderr, "usage: soe_mmap device | soe_mmap loss N\n");
	return 2;
}
