// SPDX-License-Identifier: GPL-2.0
/*
 * soe_loadrace: the module loaded and unloaded while other processes use
 * what it offers, the module not loaded when it starts.  One line per
 * check: "ok - NAME" or "not ok - NAME: why".
 *
 *   soe_loadrace open-during-load KO ROUNDS
 *	a process opens the device as fast as it can while the module is
 *	loaded and unloaded ROUNDS times; right after each open it makes a
 *	setsockopt() call, which must be recorded: the device may appear
 *	only once the probe is in
 *   soe_loadrace open-during-failing-load KO ROUNDS [PARAM...]
 *	the same opener while ROUNDS loads with PARAM fail: no open may
 *	succeed, since a file opened during a load that then fails would
 *	keep pointers into the freed module (an opener that gets one keeps
 *	it until the module is gone, then uses and closes it, to let KASAN
 *	or an oops show it)
 *   soe_loadrace params-during-unload KO ROUNDS
 *	two processes write the filter parameters in sysfs as fast as they
 *	can while the module is loaded and unloaded ROUNDS times (kmemleak
 *	and KASAN, on the debug kernels, see a filter freed twice or leaked)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sockopt_events.h>
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define MODNAME "sockopt_events"
#define PARAMS "/sys/module/" MODNAME "/parameters/"

/* Shared between the parent and its helpers. */
struct shared {
	volatile int loading;	/* the parent is in finit_module() */
	volatile int loaded;	/* finit_module() succeeded, not yet unloaded */
	volatile int stop;
	volatile long loads;	/* finit_module() calls that returned */
	volatile long opens;	/* opens that succeeded */
	volatile long opens_loading;	/* of them, while finit_module() ran */
	volatile long unrecorded;	/* opens whose own call is not in the ring */
	volatile long writes;		/* parameter writes that were taken */
};

static struct shared *sh;

static int load(const char *ko, const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return rc;
}

/* Unload, waiting while the module is in use. */
static int unload(void)
{
	while (syscall(SYS_delete_module, MODNAME, O_NONBLOCK)) {
		if (errno != EWOULDBLOCK && errno != EAGAIN && errno != EBUSY)
			return -1;
		usleep(1000);
	}
	return 0;
}

/* After an open: is this process's next call recorded? */
static int own_call_recorded(int fd)
{
	static unsigned char buf[SOE_RECORD_SIZE * 64];
	int sock = socket(AF_INET, SOCK_DGRAM, 0), prio = 3, found = 0, i;
	const struct soe_event *ev;
	pid_t tid = gettid();
	ssize_t n;

	lseek(fd, 0, SEEK_END);
	setsockopt(sock, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio));
	close(sock);
	while (!found && (n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n / SOE_RECORD_SIZE; i++) {
			ev = (const struct soe_event *)(buf + i * SOE_RECORD_SIZE);
			if (ev->hdr.type == SOE_RECORD_EVENT &&
			    ev->host_tid == (__u32)tid &&
			    ev->level == SOL_SOCKET && ev->optname == SO_PRIORITY)
				found = 1;
		}
	}
	return found;
}

static void opener(int check_record)
{
	struct soe_info info;
	int fd, was_loading;
	long loads;

	while (!sh->stop) {
		was_loading = sh->loading;
		loads = sh->loads;
		fd = open(DEV, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			continue;
		sh->opens++;
		sh->opens_loading += was_loading;
		if (check_record) {
			if (!own_call_recorded(fd))
				sh->unrecorded++;
		} else {
			/* A failing load: wait until it returns, module freed. */
			while (sh->loads == loads && !sh->stop)
				usleep(1000);
			ioctl(fd, SOE_IOC_INFO, &info);
		}
		close(fd);
	}
	_exit(0);
}

static void writer(int id)
{
	static const char *const files[] = { "filter_level", "filter_optname",
					     "filter_uid" };
	static const char *const values[] = { "1,6", "\n", "2", "1000,0",
					      "\n" };
	char path[64];
	unsigned long i;
	int fd;

	for (i = id; !sh->stop; i++) {
		snprintf(path, sizeof(path), PARAMS "%s", files[i % 3]);
		fd = open(path, O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, values[i % 5], strlen(values[i % 5])) >= 0)
			sh->writes++;
		close(fd);
	}
	_exit(0);
}

static pid_t spawn(void (*fn)(int), int arg)
{
	pid_t pid = fork();

	if (pid == 0)
		fn(arg);
	return pid;
}

static void stop(pid_t *pids, int n)
{
	int i;

	sh->stop = 1;
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
}

static int open_during_load(const char *ko, long rounds)
{
	long r, loaded = 0, waited;
	pid_t pid;

	pid = spawn(opener, 1);
	for (r = 0; r < rounds; r++) {
		sh->loading = 1;
		if (load(ko, "")) {
			sh->loading = 0;
			break;
		}
		sh->loading = 0;
		loaded++;
		/* Let the opener in at least once a round. */
		for (waited = sh->opens; sh->opens == waited;)
			sched_yield();
		if (unload())
			break;
	}
	stop(&pid, 1);
	tap_note("%ld opens, %ld while the module was loading", sh->opens,
	       sh->opens_loading);
	tap_result(loaded == rounds, "loads", "%ld of %ld loads succeeded", loaded,
	       rounds);
	tap_result(r == rounds, "unloads", "stopped at round %ld errno %d", r,
	       errno);
	tap_result(sh->unrecorded == 0, "own-call-recorded",
	       "%ld opens of %ld saw their own call go unrecorded",
	       sh->unrecorded, sh->opens);
	return tap_status();
}

static int open_during_failing_load(const char *ko, long rounds,
				    const char *params)
{
	long r, loaded = 0;
	pid_t pid;

	pid = spawn(opener, 0);
	for (r = 0; r < rounds; r++) {
		sh->loading = 1;
		if (load(ko, params) == 0) {
			loaded++;
			unload();
		}
		sh->loading = 0;
		sh->loads++;
	}
	stop(&pid, 1);
	tap_note("%ld opens while %ld loads failed", sh->opens,
	       rounds - loaded);
	tap_result(loaded == 0, "loads-fail", "%ld of %ld loads succeeded", loaded,
	       rounds);
	tap_result(sh->opens == 0, "no-file",
	       "%ld opens succeeded during %ld failing loads", sh->opens,
	       rounds);
	return tap_status();
}

static int params_during_unload(const char *ko, long rounds)
{
	long r, loaded = 0;
	pid_t pids[2];

	pids[0] = spawn(writer, 0);
	pids[1] = spawn(writer, 1);
	for (r = 0; r < rounds; r++) {
		if (load(ko, "") == 0)
			loaded++;
		if (unload())
			break;
	}
	stop(pids, 2);
	tap_note("%ld parameter writes taken over %ld loads", sh->writes,
	       loaded);
	tap_result(loaded == rounds && r == rounds, "load-unload",
	       "%ld loads, stopped at round %ld", loaded, r);
	tap_result(sh->writes > 0, "writes-taken", "%ld writes %d", sh->writes,
	       0);
	return tap_status();
}

int main(int argc, char **argv)
{
	char params[256] = "";
	int i;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || argc < 4)
		return 2;
	for (i = 4; i < argc; i++) {
		strncat(params, argv[i], sizeof(params) - strlen(params) - 2);
		strcat(params, " ");
	}
	if (!strcmp(argv[1], "open-during-load"))
		return open_during_load(argv[2], atol(argv[3]));
	if (!strcmp(argv[1], "open-during-failing-load"))
		return open_during_failing_load(argv[2], atol(argv[3]), params);
	if (!strcmp(argv[1], "params-during-unload"))
		return params_during_unload(argv[2], atol(argv[3]));
	return 2;
}
