// SPDX-License-Identifier: GPL-2.0
/*
 * soe_result: each call's result record (SOE_RECORD_RESULT), read raw from
 * the device, which is opened at its end before the calls.  Each call is
 * made on a socket of its own, so that its event is found by thread, level,
 * optname and socket inode; its result is the one record naming the
 * event's seq, written after it, by the same thread (result.h).
 *
 *  - plain calls: SO_PRIORITY 3 succeeds; optname 9999 fails with
 *    ENOPROTOOPT, SO_RCVBUF with optlen 1 with EINVAL, and SO_PRIORITY
 *    with optval (void *)1 with EFAULT, on every kernel from 4.19 (the
 *    length check and the copy of the value come after the hook).  Each
 *    result has the verdict 0 and the call's return, from setsockopt(2).
 *  - a sleeping call: a thread's setsockopt(TCP_ULP) of a ULP no module
 *    provides, which sleeps after the hook while the kernel waits for the
 *    modprobe it started, this program (result.h's hold; every kernel).
 *    Meanwhile the main thread makes three calls, whose results come
 *    before the sleeper's and pair right; the sleeper is moved to another
 *    CPU (when there is one), then the modprobe ends: the sleeper's result
 *    pairs with its own event, ret -ENOENT, written on the CPU it was
 *    moved to.
 *  - a killed call: a child sleeping the same way is killed with SIGKILL;
 *    its event still gets exactly one result, with the child's thread and
 *    an error as ret (which one is printed).
 *
 * Every event read has exactly one result, every result names an event
 * read, nothing is lost, and the counters agree: results grew by the
 * results read, returns_missed stayed 0.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "result.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define HOLD_WAIT_MS 20000	/* TCG guests are slow */
#define BOTH (SOE_RESULT_F_LSM | SOE_RESULT_F_RET)

static struct call plain[] = {
	{ "success", SOL_SOCKET, SO_PRIORITY, 0 },
	{ "enoprotoopt", SOL_SOCKET, 9999, ENOPROTOOPT },
	{ "einval", SOL_SOCKET, SO_RCVBUF, EINVAL },
	{ "efault", SOL_SOCKET, SO_PRIORITY, EFAULT },
};

#define NPLAIN ARRAY_SIZE(plain)

/* The main thread's calls while the sleeper sleeps. */
static struct call others[] = {
	{ "during-sleep-success", SOL_SOCKET, SO_PRIORITY, 0 },
	{ "during-sleep-enoprotoopt", SOL_SOCKET, 9999, ENOPROTOOPT },
	{ "during-sleep-einval", SOL_SOCKET, SO_RCVBUF, EINVAL },
};

#define NOTHERS ARRAY_SIZE(others)

static struct call sleeper = { "sleeper", IPPROTO_TCP, TCP_ULP, ENOENT, SOCK_STREAM };
static struct call killed = { "killed", IPPROTO_TCP, TCP_ULP, 0, SOCK_STREAM };

/* The CPU every thread starts on, and the one the sleeper moves to (-1: none). */
static int cpu_first = -1, cpu_second = -1;

static void die(const char *what)
{
	fprintf(stderr, "soe_result: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void call_set(struct call *c, const void *val, socklen_t len)
{
	__atomic_store_n(&c->tid, gettid(), __ATOMIC_RELEASE);
	c->got = setsockopt(c->sock, c->level, c->optname, val, len) ? -errno : 0;
}

/* A case's call, with val: its errno says how it is made to fail. */
static void call_plain(struct call *c, int val)
{
	call_open(c);
	switch (c->err) {
	case EINVAL:
		call_set(c, &val, 1);
		break;
	case EFAULT:
		call_set(c, (void *)1, sizeof(int));
		break;
	default:
		call_set(c, &val, sizeof(val));
	}
}

static void call_check_plain(const struct soe_records *recs, struct call *c)
{
	struct result_want w = { c->tid, BOTH, c->got, false, SOE_SYSCALL_SETSOCKOPT };

	call_check(recs, c, &w);
}

/* Run on the first allowed CPU; note a second one for the sleeper. */
static int pin_first_cpu(void)
{
	cpu_set_t set;
	int cpu, n;

	if (sched_getaffinity(0, sizeof(set), &set))
		die("sched_getaffinity");
	n = CPU_COUNT(&set);
	for (cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &set))
			continue;
		if (cpu_first < 0)
			cpu_first = cpu;
		else if (cpu_second < 0)
			cpu_second = cpu;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu_first, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		die("sched_setaffinity");
	return n;
}

/* The sleeper: its call sleeps until the hold is let go. */
static void *sleeper_run(void *arg)
{
	struct call *c = arg;

	__atomic_store_n(&c->tid, gettid(), __ATOMIC_RELEASE);
	c->got = hold_call(c->sock);
	return NULL;
}

/* The sleeping call and the main thread's calls meanwhile: their count. */
static size_t sleeping_call(struct modprobe_hold *h)
{
	bool moved = false;
	cpu_set_t set;
	pthread_t t;
	size_t i;
	int err;

	call_open(&sleeper);
	if (pthread_create(&t, NULL, sleeper_run, &sleeper))
		die("pthread_create");
	err = hold_wait(h, HOLD_WAIT_MS);
	tap_result(!err, "sleeper-sleeps", "no modprobe for %s in %d ms: %s",
		   HOLD_MODULE, HOLD_WAIT_MS, strerror(-err));
	for (i = 0; i < NOTHERS; i++)
		call_plain(&others[i], 1 + i);
	if (cpu_second >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu_second, &set);
		moved = !sched_setaffinity(__atomic_load_n(&sleeper.tid, __ATOMIC_ACQUIRE),
					   sizeof(set), &set);
		if (!moved)
			tap_note("sched_setaffinity(sleeper, CPU %d): %s", cpu_second,
				 strerror(errno));
	}
	hold_release(h);
	pthread_join(t, NULL);
	if (!moved)
		cpu_second = -1;
	return NOTHERS + 1;
}

/*
 * The sleeper's call and the others': each pairs; the others' events and
 * results come between the sleeper's; the sleeper's result was written on
 * the CPU it was moved to.
 */
static void check_sleeper(const struct soe_records *recs, int cpus)
{
	bool ordered;
	size_t i;

	call_check_plain(recs, &sleeper);
	ordered = sleeper.ev && sleeper.res;
	for (i = 0; i < NOTHERS; i++) {
		call_check_plain(recs, &others[i]);
		ordered = ordered && others[i].ev && others[i].res &&
			  others[i].ev->hdr.seq > sleeper.ev->hdr.seq &&
			  others[i].res->hdr.seq < sleeper.res->hdr.seq;
	}
	tap_result(ordered, "sleeper-result-after-the-others",
		   "the sleeper's event and result must enclose the others' calls");
	if (cpu_second < 0)
		tap_skip("sleeper-moved-cpu", "%d CPU here: no other to move the sleeper to", cpus);
	else if (!sleeper.ev || !sleeper.res)
		tap_fail("sleeper-moved-cpu", "no event or result");
	else
		tap_result(sleeper.ev->hdr.cpu == (__u32)cpu_first &&
			   sleeper.res->hdr.cpu == (__u32)cpu_second,
			   "sleeper-moved-cpu", "event on CPU %u, result on %u; want %d, %d",
			   sleeper.ev->hdr.cpu, sleeper.res->hdr.cpu, cpu_first, cpu_second);
}

/* What the killed child tells before its call. */
struct child_report {
	pid_t tid;
	unsigned long long inode;
};

static void killed_child(int report)
{
	struct child_report r = { .tid = gettid() };
	struct call *c = &killed;

	call_open(c);
	r.inode = c->inode;
	if (write(report, &r, sizeof(r)) != sizeof(r))
		_exit(1);
	hold_call(c->sock);
	_exit(2);	/* never: it is killed before the hold is let go */
}

/* The killed call: 1 (its result to come), or 0 when it was not made. */
static size_t killed_call(struct modprobe_hold *h)
{
	struct child_report r = { 0 };
	int p[2], status, err;
	pid_t pid;

	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[0]);
		killed_child(p[1]);
	}
	close(p[1]);
	if (read(p[0], &r, sizeof(r)) != sizeof(r)) {
		tap_fail("killed-sleeps", "the child failed before its call");
		waitpid(pid, &status, 0);
		return 0;
	}
	close(p[0]);
	killed.tid = r.tid;
	killed.inode = r.inode;
	err = hold_wait(h, HOLD_WAIT_MS);
	tap_result(!err, "killed-sleeps", "no modprobe for %s in %d ms: %s",
		   HOLD_MODULE, HOLD_WAIT_MS, strerror(-err));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	hold_release(h);
	tap_result(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
		   killed.tid == pid, "killed-by-sigkill",
		   "child %d (thread %d) ended with status %#x", pid, killed.tid, status);
	return 1;
}

int main(int argc, char **argv)
{
	struct soe_counters before, after;
	struct modprobe_hold hold;
	struct result_want w;
	struct soe_records recs;
	size_t i, calls = NPLAIN, results;
	bool sleeping = false;
	int dev, cpus, err;

	hold_helper(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0)
		die(DEV);
	counters_get(dev, &before);
	cpus = pin_first_cpu();
	tap_note("%d CPUs allowed; calls start on CPU %d", cpus, cpu_first);

	for (i = 0; i < NPLAIN; i++)
		call_plain(&plain[i], 3);

	err = hold_open(&hold);
	if (err) {
		tap_fail("sleeper", "%s: %s", hold.what, strerror(-err));
		tap_fail("killed", "%s: %s", hold.what, strerror(-err));
	} else {
		calls += sleeping_call(&hold);
		sleeping = true;
		calls += killed_call(&hold);
	}
	hold_close(&hold);

	counters_get(dev, &after);
	records_read(dev, &recs);
	tap_note("%zu records read", recs.n);

	for (i = 0; i < NPLAIN; i++)
		call_check_plain(&recs, &plain[i]);

	if (sleeping)
		check_sleeper(&recs, cpus);

	if (killed.tid) {
		const struct soe_result *res;
		size_t count;

		w = (struct result_want){ killed.tid, BOTH, 0, true, SOE_SYSCALL_SETSOCKOPT };
		killed.ev = event_find(&recs, killed.tid, killed.inode, killed.level,
				       killed.optname, &count);
		killed.res = result_check("killed", &recs, killed.ev, count, &w);
		res = killed.ev ? result_find(&recs, killed.ev->hdr.seq, &count) : NULL;
		if (res)
			tap_note("the killed child's call returned %d (%s), result flags %#x",
				 res->ret, strerror(-res->ret), res->hdr.flags);
	}

	results = results_all_paired("every-event-one-result", &recs);
	tap_result(after.results - before.results == results && results == calls,
		   "counter-results", "results grew by %llu; %zu results read, %zu calls made",
		   (unsigned long long)(after.results - before.results), results, calls);
	tap_result(before.returns_missed == 0 && after.returns_missed == 0,
		   "counter-returns-missed", "returns_missed %llu before, %llu after; want 0",
		   (unsigned long long)before.returns_missed,
		   (unsigned long long)after.returns_missed);
	free(recs.r);
	close(dev);
	return tap_status();
}
