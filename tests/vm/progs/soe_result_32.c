// SPDX-License-Identifier: GPL-2.0
/*
 * soe_result_32: result records (SOE_RECORD_RESULT) of a 32-bit (i386)
 * task's calls, read raw from the device; built with -m32 (soe_build_progs).
 *
 *	soe_result_32 KO
 *
 *  - plain calls, through the i386 setsockopt(2) syscall (not glibc's
 *    choice, which may be socketcall) and through socketcall(2)
 *    SYS_SETSOCKOPT: for each, SO_PRIORITY 3, which succeeds, optname 9999
 *    (ENOPROTOOPT) and one more failure (EFAULT, EINVAL).  Each result
 *    pairs with its event (result.h), has the verdict 0, the call's return
 *    and the syscall it came by.
 *  - the module loaded mid-call: with the module unloaded, a thread's
 *    socketcall(SYS_SETSOCKOPT) whose argument array lies in a page that
 *    userfaultfd holds back sleeps in the kernel's copy of the array, which
 *    comes before the hook; the module (KO) is loaded, then the page
 *    filled.  The call reaches the hook with the module in place but began
 *    before it: its result has the verdict and says that the return is
 *    unknown (SOE_RESULT_F_LSM without SOE_RESULT_F_RET).  Skipped where
 *    userfaultfd(2) is missing.
 *  - the module unloaded mid-call: a child's setsockopt(TCP_ULP) held
 *    asleep after the hook (result.h's modprobe hold, every kernel), its
 *    event read, so that the hook's and the entry point's kretprobes each
 *    have an instance in flight; the module is unloaded, then the call let
 *    go: it returns -ENOENT as without the module, and the kernel neither
 *    oopses nor warns (the suite's kernel-log-clean, with KASAN and
 *    lockdep on the debug kernels).  The module is loaded again.
 *
 * Whatever happens the module is loaded again, with its defaults, as the
 * suite had it.
 *
 * Each part: every event read has one result, and the counters agree.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/net.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "join.h"
#include "result.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define MODNAME "sockopt_events"
#define FAULT_WAIT_MS 20000	/* TCG guests are slow */
#define BOTH (SOE_RESULT_F_LSM | SOE_RESULT_F_RET)

/* A call and the syscall it is made by (enum soe_syscall). */
struct call32 {
	struct call c;
	int how;
};

static struct call32 plain[] = {
	{ { "setsockopt-success", SOL_SOCKET, SO_PRIORITY, 0 }, SOE_SYSCALL_SETSOCKOPT },
	{ { "setsockopt-enoprotoopt", SOL_SOCKET, 9999, ENOPROTOOPT }, SOE_SYSCALL_SETSOCKOPT },
	{ { "setsockopt-efault", SOL_SOCKET, SO_PRIORITY, EFAULT }, SOE_SYSCALL_SETSOCKOPT },
	{ { "socketcall-success", SOL_SOCKET, SO_PRIORITY, 0 }, SOE_SYSCALL_SOCKETCALL },
	{ { "socketcall-enoprotoopt", SOL_SOCKET, 9999, ENOPROTOOPT }, SOE_SYSCALL_SOCKETCALL },
	{ { "socketcall-einval", SOL_SOCKET, SO_RCVBUF, EINVAL }, SOE_SYSCALL_SOCKETCALL },
};

#define NPLAIN ARRAY_SIZE(plain)

static struct call mid = { "loaded-mid-call", SOL_SOCKET, SO_PRIORITY, 0 };
static struct call unloaded = { "unloaded-mid-call", IPPROTO_TCP, TCP_ULP, ENOENT,
				SOCK_STREAM };

static void call_set(struct call32 *k, const void *val, socklen_t len)
{
	unsigned long args[5] = { k->c.sock, k->c.level, k->c.optname,
				  (unsigned long)val, len };
	long r;

	k->c.tid = gettid();
	if (k->how == SOE_SYSCALL_SOCKETCALL)
		r = syscall(SYS_socketcall, SYS_SETSOCKOPT, args);
	else
		r = syscall(SYS_setsockopt, k->c.sock, k->c.level, k->c.optname,
			    val, len);
	k->c.got = r ? -errno : 0;
}

/* NAME: the counters grew by the results read, and none missed a return. */
static void counters_check(const char *name, const struct soe_counters *before,
			   const struct soe_counters *after, size_t results,
			   size_t calls)
{
	char key[96];

	snprintf(key, sizeof(key), "%s-counter-results", name);
	tap_result(after->results - before->results == results && results == calls,
		   key, "results grew by %llu; %zu results read, %zu calls made",
		   (unsigned long long)(after->results - before->results), results, calls);
	snprintf(key, sizeof(key), "%s-counter-returns-missed", name);
	tap_result(before->returns_missed == 0 && after->returns_missed == 0, key,
		   "returns_missed %llu before, %llu after; want 0",
		   (unsigned long long)before->returns_missed,
		   (unsigned long long)after->returns_missed);
}

static void plain_calls(void)
{
	struct soe_counters before, after;
	struct soe_records recs;
	struct result_want w;
	int dev, value = 3;
	size_t i, results;

	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0) {
		tap_fail("plain", "%s: %s", DEV, strerror(errno));
		return;
	}
	counters_get(dev, &before);
	for (i = 0; i < NPLAIN; i++) {
		call_open(&plain[i].c);
		switch (plain[i].c.err) {
		case EINVAL:
			call_set(&plain[i], &value, 1);
			break;
		case EFAULT:
			call_set(&plain[i], (void *)1, sizeof(value));
			break;
		default:
			call_set(&plain[i], &value, sizeof(value));
		}
	}
	counters_get(dev, &after);
	records_read(dev, &recs);
	close(dev);
	for (i = 0; i < NPLAIN; i++) {
		w = (struct result_want){ plain[i].c.tid, BOTH, plain[i].c.got, false,
					  plain[i].how };
		call_check(&recs, &plain[i].c, &w);
	}
	results = results_all_paired("plain-every-event-one-result", &recs);
	counters_check("plain", &before, &after, results, NPLAIN);
	free(recs.r);
}

static bool module_loaded(void)
{
	return access("/sys/module/" MODNAME, F_OK) == 0;
}

/* 0 or -errno. */
static int module_load(const char *ko)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, "", 0))
		ret = -errno;
	close(fd);
	return ret;
}

/* 0 or -errno; waits up to 10 s while the module is in use. */
static int module_unload(void)
{
	int i;

	for (i = 0; syscall(SYS_delete_module, MODNAME, O_NONBLOCK); i++) {
		if ((errno != EWOULDBLOCK && errno != EAGAIN && errno != EBUSY) ||
		    i == 1000)
			return -errno;
		usleep(10000);
	}
	return 0;
}

struct mid_arg {
	struct uffd_page *u;
	struct call *c;
};

/* socketcall(2) with its argument array in the page held back. */
static void *mid_run(void *arg)
{
	struct mid_arg *a = arg;

	__atomic_store_n(&a->c->tid, gettid(), __ATOMIC_RELEASE);
	a->c->got = syscall(SYS_socketcall, SYS_SETSOCKOPT, a->u->page) ? -errno : 0;
	return NULL;
}

/* After the module was unloaded: the call, the load, the checks. */
static void mid_call_unloaded(const char *ko, struct uffd_page *u)
{
	struct result_want w = { 0, SOE_RESULT_F_LSM, 0, false, SOE_SYSCALL_UNKNOWN };
	struct mid_arg arg = { u, &mid };
	struct soe_counters before, after;
	struct soe_records recs;
	unsigned long args[5];
	int dev = -1, err, value = 6;
	size_t results;
	pthread_t t;

	args[0] = mid.sock;
	args[1] = mid.level;
	args[2] = mid.optname;
	args[3] = (unsigned long)&value;
	args[4] = sizeof(value);
	if (pthread_create(&t, NULL, mid_run, &arg)) {
		tap_fail("loaded-mid-call-sleeps", "pthread_create failed");
		return;
	}
	err = uffd_wait_fault(u, FAULT_WAIT_MS);
	tap_result(!err, "loaded-mid-call-sleeps", "no sleep on the page in %d ms: %s",
		   FAULT_WAIT_MS, strerror(-err));
	err = module_load(ko);
	if (tap_result(!err, "loaded-mid-call-load", "finit_module(%s): %s", ko,
		       strerror(-err))) {
		dev = open(DEV, O_RDONLY | O_NONBLOCK);
		if (dev < 0 || lseek(dev, 0, SEEK_END) < 0)
			tap_fail("loaded-mid-call-open", "%s: %s", DEV, strerror(errno));
		else
			counters_get(dev, &before);
	}
	err = uffd_fill(u, args, sizeof(args));
	tap_result(!err, "loaded-mid-call-woken", "UFFDIO_COPY: %s", strerror(-err));
	thread_join(t);
	if (dev < 0)
		return;
	counters_get(dev, &after);
	records_read(dev, &recs);
	close(dev);
	w.tid = mid.tid;
	call_check(&recs, &mid, &w);
	results = results_all_paired("loaded-mid-call-every-event-one-result", &recs);
	counters_check("loaded-mid-call", &before, &after, results, 1);
	free(recs.r);
}

static void loaded_mid_call(const char *ko)
{
	struct uffd_page u;
	int err;

	err = uffd_page_open(&u);
	if (err == -errno_no_syscall()) {
		tap_skip("loaded-mid-call", "userfaultfd(2): %s: no CONFIG_USERFAULTFD",
			 strerror(-err));
		return;
	}
	if (err) {
		tap_fail("loaded-mid-call", "%s: %s", u.what, strerror(-err));
		return;
	}
	if (!module_loaded()) {
		tap_fail("loaded-mid-call", "the module is not loaded to begin with");
		return;
	}
	call_open(&mid);
	err = module_unload();
	if (!tap_result(!err, "loaded-mid-call-unload", "delete_module: %s", strerror(-err)))
		return;
	mid_call_unloaded(ko, &u);
}

/*
 * The unloaded-mid-call call is a child's: waitpid() waits without a
 * futex (join.h).  The child closes its copy of the device,
 * which would keep the module in use, and exits with the call's -errno.
 */
static pid_t unloaded_child(int dev)
{
	pid_t pid = fork();

	if (pid == 0) {
		close(dev);
		_exit(-hold_call(unloaded.sock) & 0xff);
	}
	return pid;
}

static void unloaded_mid_call(const char *ko)
{
	struct modprobe_hold h;
	struct soe_records recs = { NULL, 0 };
	const struct soe_event *ev;
	size_t count = 0;
	int dev, err, status;
	pid_t pid;

	err = hold_open(&h);
	if (err) {
		tap_fail("unloaded-mid-call", "%s: %s", h.what, strerror(-err));
		hold_close(&h);
		return;
	}
	call_open(&unloaded);
	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0) {
		tap_fail("unloaded-mid-call", "%s: %s", DEV, strerror(errno));
		hold_close(&h);
		return;
	}
	pid = unloaded_child(dev);
	if (pid < 0) {
		tap_fail("unloaded-mid-call", "fork: %s", strerror(errno));
		close(dev);
		hold_close(&h);
		return;
	}
	unloaded.tid = pid;
	err = hold_wait(&h, FAULT_WAIT_MS);
	tap_result(!err, "unloaded-mid-call-sleeps", "no modprobe for %s in %d ms: %s",
		   HOLD_MODULE, FAULT_WAIT_MS, strerror(-err));
	records_read(dev, &recs);
	close(dev);
	ev = event_find(&recs, unloaded.tid, unloaded.inode, unloaded.level,
			unloaded.optname, &count);
	tap_result(count == 1 && (ev->hdr.flags & SOE_F_RESULT), "unloaded-mid-call-event",
		   "%zu events of the sleeping call (want 1, with SOE_F_RESULT)", count);
	free(recs.r);
	err = module_unload();
	tap_result(!err, "unloaded-mid-call-unload", "delete_module: %s", strerror(-err));
	hold_release(&h);
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	hold_close(&h);
	tap_result(WIFEXITED(status) && WEXITSTATUS(status) == ENOENT,
		   "unloaded-mid-call-returns", "the child ended with status %#x; want exit %d (ENOENT)",
		   status, ENOENT);
	err = module_load(ko);
	tap_result(!err, "unloaded-mid-call-load-again", "finit_module(%s): %s", ko,
		   strerror(-err));
}

int main(int argc, char **argv)
{
	const char *ko = argc > 1 ? argv[1] : "/" MODNAME ".ko";
	bool was_loaded = module_loaded();
	int err;

	hold_helper(argc, argv);
	if (sizeof(long) != 4) {
		fprintf(stderr, "soe_result_32: not built with -m32\n");
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	plain_calls();
	loaded_mid_call(ko);
	if (module_loaded())
		unloaded_mid_call(ko);
	else
		tap_fail("unloaded-mid-call", "the module is not loaded to begin with");
	/* The suite goes on with the module as it was: loaded, defaults. */
	if (was_loaded && !module_loaded()) {
		err = module_load(ko);
		tap_fail("module-restored", "left unloaded; loaded again: %s",
			 strerror(-err));
	}
	return tap_status();
}
