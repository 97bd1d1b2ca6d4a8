/* SPDX-License-Identifier: GPL-2.0 */
/*
 * result.h: for the guest programs that check result records
 * (SOE_RECORD_RESULT) against the calls they made, from the raw records,
 * not through the reader: the records read from the device, a call's
 * event and its result found among them, and two ways to make a call
 * sleep in the kernel until the program lets it go on: a modprobe the
 * kernel waits for (every kernel) and a page that userfaultfd holds back
 * (kernels built with it).  Header-only, as device.h: each program is one
 * .c file, 64-bit or 32-bit.
 */
#ifndef SOE_RESULT_H
#define SOE_RESULT_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "tap.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* One record, whatever its type. */
union soe_record {
	struct soe_header hdr;
	struct soe_event ev;
	struct soe_result res;
	unsigned char raw[SOE_RECORD_SIZE];
};

/* Records read from the device, in the order read. */
struct soe_records {
	union soe_record *r;
	size_t n;
};

/* Every record there is to read from dev (O_NONBLOCK); exits on error. */
static inline void records_read(int dev, struct soe_records *recs)
{
	size_t room = 0;
	ssize_t got;

	recs->r = NULL;
	recs->n = 0;
	for (;;) {
		if (recs->n + 64 > room) {
			room += 1024;
			recs->r = realloc(recs->r, room * sizeof(*recs->r));
			if (!recs->r) {
				perror(__func__);
				exit(1);
			}
		}
		got = read(dev, recs->r + recs->n, 64 * SOE_RECORD_SIZE);
		if (got < 0 && errno == EAGAIN)
			return;
		if (got <= 0 || got % SOE_RECORD_SIZE) {
			fprintf(stderr, "%s: read %zd: %s\n", __func__, got,
				strerror(errno));
			exit(1);
		}
		recs->n += got / SOE_RECORD_SIZE;
	}
}

/* The module's counters, through the device open as dev; exits on error. */
static inline void counters_get(int dev, struct soe_counters *c)
{
	if (ioctl(dev, SOE_IOC_COUNTERS, c)) {
		fprintf(stderr, "SOE_IOC_COUNTERS: %s\n", strerror(errno));
		exit(1);
	}
}

/*
 * The event of tid's call of level and optname on the socket of inode (0:
 * any socket); *count says how many there are: the first is returned.
 */
static inline const struct soe_event *
event_find(const struct soe_records *recs, pid_t tid, unsigned long long inode,
	   int level, int optname, size_t *count)
{
	const struct soe_event *found = NULL, *ev;
	size_t i;

	*count = 0;
	for (i = 0; i < recs->n; i++) {
		ev = &recs->r[i].ev;
		if (ev->hdr.type != SOE_RECORD_EVENT || ev->host_tid != (__u32)tid ||
		    ev->level != level || ev->optname != optname ||
		    (inode && ev->socket_inode != inode))
			continue;
		if (!found)
			found = ev;
		(*count)++;
	}
	return found;
}

/* The result naming the event of seq; *count says how many do. */
static inline const struct soe_result *
result_find(const struct soe_records *recs, unsigned long long seq, size_t *count)
{
	const struct soe_result *found = NULL, *res;
	size_t i;

	*count = 0;
	for (i = 0; i < recs->n; i++) {
		res = &recs->r[i].res;
		if (res->hdr.type != SOE_RECORD_RESULT || res->event_seq != seq)
			continue;
		if (!found)
			found = res;
		(*count)++;
	}
	return found;
}

/* What a call's result must say. */
struct result_want {
	pid_t tid;		/* the calling thread */
	unsigned int flags;	/* SOE_RESULT_F_*, exactly */
	int ret;		/* with SOE_RESULT_F_RET: 0 or -errno */
	bool any_error;		/* ret is any -errno, not the one above */
	int syscall;		/* enum soe_syscall, with SOE_RESULT_F_RET */
};

static inline const char *syscall_name(int syscall)
{
	switch (syscall) {
	case SOE_SYSCALL_UNKNOWN: return "unknown";
	case SOE_SYSCALL_SETSOCKOPT: return "setsockopt";
	case SOE_SYSCALL_SOCKETCALL: return "socketcall";
	case SOE_SYSCALL_IO_URING: return "io_uring";
	default: return "?";
	}
}

/*
 * Two lines for the call of the event ev, found count times in recs (the
 * first is ev):
 *
 *  - NAME-paired: one event, flagged SOE_F_RESULT, and one result naming
 *    it, written after it, by the same thread;
 *  - NAME-result: the result's flags, the verdict 0 when SOE_RESULT_F_LSM
 *    is among them, and ret and syscall (unknown, and ret 0, without
 *    SOE_RESULT_F_RET).
 *
 * Returns the result when both hold, or NULL.
 */
static inline const struct soe_result *
result_check(const char *name, const struct soe_records *recs,
	     const struct soe_event *ev, size_t count, const struct result_want *w)
{
	char paired[96], result[96];
	const struct soe_result *res;
	int want_ret, want_syscall;
	size_t results;
	bool ok;

	snprintf(paired, sizeof(paired), "%s-paired", name);
	snprintf(result, sizeof(result), "%s-result", name);
	if (count != 1) {
		tap_fail(paired, "%zu events of thread %d's call, want 1", count, w->tid);
		tap_fail(result, "no single event to pair");
		return NULL;
	}
	res = result_find(recs, ev->hdr.seq, &results);
	ok = tap_result((ev->hdr.flags & SOE_F_RESULT) && results == 1 &&
			res->hdr.seq > ev->hdr.seq && res->host_tid == (__u32)w->tid,
			paired,
			"event seq %llu flags %#x (want SOE_F_RESULT %#x): %zu results naming it; the first: seq %llu, host_tid %u, want a later seq and %d",
			(unsigned long long)ev->hdr.seq, ev->hdr.flags, SOE_F_RESULT,
			results, res ? (unsigned long long)res->hdr.seq : 0ULL,
			res ? res->host_tid : 0, w->tid);
	if (!res) {
		tap_fail(result, "no result");
		return NULL;
	}
	want_ret = w->flags & SOE_RESULT_F_RET ? w->ret : 0;
	want_syscall = w->flags & SOE_RESULT_F_RET ? w->syscall : SOE_SYSCALL_UNKNOWN;
	ok &= tap_result(res->hdr.flags == w->flags && res->lsm_ret == 0 &&
			 (w->any_error ? res->ret < 0 : res->ret == want_ret) &&
			 res->syscall == want_syscall, result,
			 "flags %#x lsm_ret %d ret %d syscall %s; want flags %#x lsm_ret 0 ret %s%d syscall %s",
			 res->hdr.flags, res->lsm_ret, res->ret,
			 syscall_name(res->syscall), w->flags,
			 w->any_error ? "< 0, not " : "", want_ret,
			 syscall_name(want_syscall));
	return ok ? res : NULL;
}

/*
 * A call a program made, on a socket of its own: its event is found by
 * thread, level, optname and socket inode.
 */
struct call {
	const char *name;
	int level;
	int optname;
	int err;		/* the errno the call is made to fail with */
	int type;		/* the socket's type; 0: SOCK_DGRAM */
	int sock;
	unsigned long long inode;
	pid_t tid;		/* the thread that made it */
	int got;		/* what it returned: 0 or -errno */
	const struct soe_event *ev;
	const struct soe_result *res;
};

/* An AF_INET socket of c->type for the call; exits on error. */
static inline void call_open(struct call *c)
{
	struct stat st;

	c->sock = socket(AF_INET, c->type ? c->type : SOCK_DGRAM, 0);
	if (c->sock < 0 || fstat(c->sock, &st)) {
		perror(c->name);
		exit(1);
	}
	c->inode = st.st_ino;
}

/*
 * NAME-call: the call failed as it was made to (or succeeded); then its
 * event and result, as result_check() says.
 */
static inline void call_check(const struct soe_records *recs, struct call *c,
			      const struct result_want *w)
{
	char name[96];
	size_t count;

	snprintf(name, sizeof(name), "%s-call", c->name);
	tap_result(c->got == -c->err, name, "returned %d, want %d", c->got, -c->err);
	c->ev = event_find(recs, c->tid, c->inode, c->level, c->optname, &count);
	c->res = result_check(c->name, recs, c->ev, count, w);
}

/*
 * NAME: every event in recs has SOE_F_RESULT and exactly one result in
 * recs, every result names an event in recs, and no record was lost; for
 * records read after every call they hold had returned.  Returns the
 * number of results.
 */
static inline size_t results_all_paired(const char *name,
					const struct soe_records *recs)
{
	size_t i, j, results = 0, events = 0, bad = 0, count;
	unsigned long long bad_seq = 0;
	const union soe_record *rec;

	for (i = 0; i < recs->n; i++) {
		rec = &recs->r[i];
		switch (rec->hdr.type) {
		case SOE_RECORD_EVENT:
			events++;
			result_find(recs, rec->hdr.seq, &count);
			if (!(rec->hdr.flags & SOE_F_RESULT) || count != 1) {
				bad_seq = bad++ ? bad_seq : rec->hdr.seq;
				tap_note("event seq %llu: flags %#x, %zu results",
					 (unsigned long long)rec->hdr.seq,
					 rec->hdr.flags, count);
			}
			break;
		case SOE_RECORD_RESULT:
			results++;
			count = 0;
			for (j = 0; j < recs->n; j++)
				if (recs->r[j].hdr.type == SOE_RECORD_EVENT &&
				    recs->r[j].hdr.seq == rec->res.event_seq)
					count++;
			if (count != 1) {
				bad_seq = bad++ ? bad_seq : rec->hdr.seq;
				tap_note("result seq %llu names seq %llu: %zu events there",
					 (unsigned long long)rec->hdr.seq,
					 (unsigned long long)rec->res.event_seq, count);
			}
			break;
		case SOE_RECORD_LOSS:
			bad_seq = bad++ ? bad_seq : rec->hdr.seq;
			tap_note("loss record at seq %llu: %llu lost",
				 (unsigned long long)rec->hdr.seq,
				 (unsigned long long)((const struct soe_loss *)rec)->lost);
			break;
		}
	}
	tap_result(bad == 0, name, "%zu of %zu records wrong (%zu events, %zu results), first %llu",
		   bad, recs->n, events, results, bad_seq);
	return results;
}

/*
 * A call held asleep in the kernel after the hook, on every kernel with
 * TCP_ULP (4.13) and modules, also those built without userfaultfd:
 * setsockopt(TCP_ULP) with the name of a ULP no module provides makes
 * the kernel run modprobe for "tcp-ulp-NAME" and wait for it to end
 * (request_module(): a killable sleep, with the socket locked).
 * kernel.modprobe is set to this very program, which, started that way
 * (hold_helper()), connects to the test and waits for it to let go.
 */
#define HOLD_ULP "soe-hold"		/* at most 15 bytes: TCP_ULP_NAME_MAX */
#define HOLD_MODULE "tcp-ulp-" HOLD_ULP
#define HOLD_SOCKET "soe-hold"		/* abstract AF_UNIX name */
#define MODPROBE "/proc/sys/kernel/modprobe"

struct modprobe_hold {
	int listen;		/* the test's end */
	int helper;		/* the helper's connection, -1 before */
	char saved[256];	/* kernel.modprobe as it was */
	const char *what;	/* the step that failed */
};

static inline socklen_t hold_address(struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path + 1, HOLD_SOCKET, strlen(HOLD_SOCKET));
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(HOLD_SOCKET);
}

/*
 * Call first in main(): when the kernel started this program as modprobe
 * for HOLD_MODULE, connect to the test, wait until it closes its end, and
 * exit 1 (no module loaded); else return.
 */
static inline void hold_helper(int argc, char **argv)
{
	struct sockaddr_un a;
	socklen_t len = hold_address(&a);
	char c;
	int s;

	if (argc < 2 || strcmp(argv[argc - 1], HOLD_MODULE))
		return;
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s >= 0 && !connect(s, (struct sockaddr *)&a, len))
		while (read(s, &c, 1) > 0)
			;
	exit(1);
}

static inline int file_put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = errno ? -errno : -EIO;
	close(fd);
	return ret;
}

/* Listen for the helper and make this program kernel.modprobe: 0 or -errno. */
static inline int hold_open(struct modprobe_hold *h)
{
	char self[256];
	struct sockaddr_un a;
	socklen_t len = hold_address(&a);
	ssize_t n;
	int fd;

	h->helper = -1;
	h->saved[0] = 0;
	h->what = "socket(AF_UNIX)";
	h->listen = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (h->listen < 0)
		return -errno;
	h->what = "bind/listen";
	if (bind(h->listen, (struct sockaddr *)&a, len) || listen(h->listen, 4))
		return -errno;
	h->what = MODPROBE;
	fd = open(MODPROBE, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, h->saved, sizeof(h->saved) - 1);
	close(fd);
	if (n <= 0)
		return n ? -errno : -EIO;
	h->saved[n] = 0;
	h->what = "readlink(/proc/self/exe)";
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -errno;
	self[n] = 0;
	h->what = "writing " MODPROBE;
	return file_put(MODPROBE, self);
}

/* The call that sleeps until hold_release(): 0, or -errno (-ENOENT). */
static inline int hold_call(int sock)
{
	return setsockopt(sock, IPPROTO_TCP, TCP_ULP, HOLD_ULP,
			  strlen(HOLD_ULP)) ? -errno : 0;
}

/*
 * Wait up to timeout_ms for the helper, which runs only while a call
 * sleeps in hold_call(): 0 once it is there, else -errno (-ETIMEDOUT).
 */
static inline int hold_wait(struct modprobe_hold *h, int timeout_ms)
{
	struct pollfd p = { .fd = h->listen, .events = POLLIN };
	int n = poll(&p, 1, timeout_ms);

	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	h->helper = accept4(h->listen, NULL, NULL, SOCK_CLOEXEC);
	return h->helper < 0 ? -errno : 0;
}

/* Let the helper end, and with it the held call's sleep. */
static inline void hold_release(struct modprobe_hold *h)
{
	if (h->helper >= 0)
		close(h->helper);
	h->helper = -1;
}

/* kernel.modprobe as it was; no more helpers. */
static inline void hold_close(struct modprobe_hold *h)
{
	hold_release(h);
	if (h->saved[0])
		file_put(MODPROBE, h->saved);
	if (h->listen >= 0)
		close(h->listen);
}

/*
 * A page that userfaultfd holds back: the first access to it, the kernel's
 * copy of a call's argument too, sleeps until uffd_fill() fills it.
 */
struct uffd_page {
	int fd;
	void *page;
	size_t size;
	const char *what;	/* the step that failed */
};

/*
 * The errno of a syscall this kernel does not have: that of a number no
 * kernel gives a syscall.
 */
static inline int errno_no_syscall(void)
{
	syscall(100000L);
	return errno;
}

/*
 * 0, or -errno of the step that failed (-errno_no_syscall(): a kernel
 * without userfaultfd).
 */
static inline int uffd_page_open(struct uffd_page *u)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };

	u->size = sysconf(_SC_PAGESIZE);
	u->page = MAP_FAILED;
	u->what = "userfaultfd(2)";
	u->fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (u->fd < 0)
		return -errno;
	u->what = "UFFDIO_API";
	if (ioctl(u->fd, UFFDIO_API, &api))
		return -errno;
	u->what = "mmap";
	u->page = mmap(NULL, u->size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (u->page == MAP_FAILED)
		return -errno;
	u->what = "UFFDIO_REGISTER";
	reg.range.start = (uintptr_t)u->page;
	reg.range.len = u->size;
	if (ioctl(u->fd, UFFDIO_REGISTER, &reg))
		return -errno;
	return 0;
}

/*
 * Wait up to timeout_ms (-1: for ever) for an access to the page to sleep
 * on it: 0 once one does, else -errno (-ETIMEDOUT).
 */
static inline int uffd_wait_fault(struct uffd_page *u, int timeout_ms)
{
	struct pollfd p = { .fd = u->fd, .events = POLLIN };
	struct uffd_msg msg;
	uintptr_t addr;
	int n;

	n = poll(&p, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (read(u->fd, &msg, sizeof(msg)) != sizeof(msg))
		return errno ? -errno : -EIO;
	addr = (uintptr_t)msg.arg.pagefault.address;
	if (msg.event != UFFD_EVENT_PAGEFAULT || addr < (uintptr_t)u->page ||
	    addr >= (uintptr_t)u->page + u->size)
		return -EPROTO;
	return 0;
}

/* Fill the page with len bytes of data, then zeros, and wake its sleepers. */
static inline int uffd_fill(struct uffd_page *u, const void *data, size_t len)
{
	struct uffdio_copy copy = { .mode = 0 };
	unsigned char *src = calloc(1, u->size);
	int ret = 0;

	if (!src)
		return -ENOMEM;
	memcpy(src, data, len < u->size ? len : u->size);
	copy.dst = (uintptr_t)u->page;
	copy.src = (uintptr_t)src;
	copy.len = u->size;
	if (ioctl(u->fd, UFFDIO_COPY, &copy))
		ret = -errno;
	free(src);
	return ret;
}

#endif /* SOE_RESULT_H */
