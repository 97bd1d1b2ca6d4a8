// SPDX-License-Identifier: GPL-2.0
/*
 * soe_caps: the caller's capabilities in the record (format version 3).
 *
 * Each case is a child that sets SO_MARK (which the kernel allows only with
 * CAP_NET_ADMIN, or since 5.17 CAP_NET_RAW, in the user namespace owning
 * the socket's network namespace) once, with a mark of its own:
 *
 *  - root: the call succeeds, both capabilities held everywhere;
 *  - root without CAP_NET_ADMIN and CAP_NET_RAW in its effective set: EPERM,
 *    neither held anywhere;
 *  - root of a new user namespace, on a socket of a new network namespace
 *    it owns: succeeds, both held there and neither in the initial one;
 *  - the same task on a socket it made before, in the initial network
 *    namespace: EPERM, neither held anywhere.
 *
 * For each: the record's effective set is CapEff of /proc/self/status at
 * the call; net_caps says what the case says, and agrees with the call's
 * result; the reader's text and JSON lines say so too.  The call's result
 * record (read raw, result.h) pairs with its event and says that the LSMs
 * let it go on (lsm_ret 0) and that it returned -errno of the call: 0, or
 * -EPERM where SO_MARK's own check refused it.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "device.h"
#include "result.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define CAPTURE "/tmp/caps.bin"
#define TEXT "/tmp/caps.txt"
#define JSON "/tmp/caps.json"

#define BOTH_NETNS	(SOE_NET_CAP_NETNS_KNOWN | SOE_NET_CAP_NETNS_NET_ADMIN | \
			 SOE_NET_CAP_NETNS_NET_RAW)
#define BOTH_INIT	(SOE_NET_CAP_INIT_NET_ADMIN | SOE_NET_CAP_INIT_NET_RAW)

enum how { ROOT, DROPPED, USERNS_NEW_NETNS, USERNS_OLD_SOCKET };

struct caps_case {
	const char *name;
	enum how how;
	unsigned int mark;
	unsigned int net_caps;		/* what the record must say */
	int err;			/* the call's errno, 0 for success */
	const char *text;		/* in the text line */
	const char *json;		/* in the JSON line */
	/* from the child, through a pipe */
	pid_t pid;
	int got_err;
	unsigned long long cap_eff;
	char skip[128];
};

static struct caps_case cases[] = {
	{ "root", ROOT, 0x5a01, BOTH_NETNS | BOTH_INIT, 0,
	  " netcaps=admin,raw ",
	  "\"netCaps\":{\"netns\":[\"CAP_NET_ADMIN\",\"CAP_NET_RAW\"],"
	  "\"init\":[\"CAP_NET_ADMIN\",\"CAP_NET_RAW\"]}" },
	{ "root-without-net-caps", DROPPED, 0x5a02, SOE_NET_CAP_NETNS_KNOWN, EPERM,
	  NULL, "\"netCaps\":{\"netns\":[],\"init\":[]}" },
	{ "userns-root-new-netns", USERNS_NEW_NETNS, 0x5a03, BOTH_NETNS, 0,
	  " netcaps=admin,raw initcaps=- ",
	  "\"netCaps\":{\"netns\":[\"CAP_NET_ADMIN\",\"CAP_NET_RAW\"],\"init\":[]}" },
	{ "userns-root-initial-netns", USERNS_OLD_SOCKET, 0x5a04, SOE_NET_CAP_NETNS_KNOWN,
	  EPERM, NULL, "\"netCaps\":{\"netns\":[],\"init\":[]}" },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static unsigned long long cap_eff_now(void)
{
	unsigned long long v = ~0ULL;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	if (f)
		fclose(f);
	return v;
}

/* Take CAP_NET_ADMIN and CAP_NET_RAW out of the effective set. */
static int drop_net_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective &= ~((1U << CAP_NET_ADMIN) | (1U << CAP_NET_RAW));
	return syscall(SYS_capset, &h, d);
}

/* The child: one SO_MARK, then what it saw, through fd. */
static void child(struct caps_case *c, int fd)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0), mark = c->mark, r;

	c->skip[0] = '\0';
	if (c->how == DROPPED && drop_net_caps())
		snprintf(c->skip, sizeof(c->skip), "capset: %s", strerror(errno));
	if (c->how == USERNS_NEW_NETNS || c->how == USERNS_OLD_SOCKET) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			snprintf(c->skip, sizeof(c->skip),
				 "unshare(CLONE_NEWUSER | CLONE_NEWNET): %s (no CONFIG_USER_NS or CONFIG_NET_NS?)",
				 strerror(errno));
		else if (c->how == USERNS_NEW_NETNS)
			s = socket(AF_INET, SOCK_DGRAM, 0);
	}
	c->cap_eff = cap_eff_now();
	r = c->skip[0] || s < 0 ? -1 :
		setsockopt(s, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	c->got_err = r ? errno : 0;
	if (write(fd, c, sizeof(*c)) != sizeof(*c))
		_exit(1);
	_exit(0);
}

static int run_case(struct caps_case *c)
{
	int p[2], status;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		child(c, p[1]);
	}
	close(p[1]);
	if (read(p[0], c, sizeof(*c)) != sizeof(*c)) {
		close(p[0]);
		return -1;
	}
	close(p[0]);
	waitpid(pid, &status, 0);
	c->pid = pid;
	return 0;
}

static const struct soe_event *find(const unsigned char *cap, size_t len,
				    const struct caps_case *c)
{
	const struct soe_event *ev;
	size_t off;
	int mark;

	for (off = 0; off + SOE_RECORD_SIZE <= len; off += SOE_RECORD_SIZE) {
		ev = (const struct soe_event *)(cap + off);
		if (ev->hdr.type != SOE_RECORD_EVENT || ev->host_pid != (uint32_t)c->pid ||
		    ev->level != SOL_SOCKET || ev->optname != SO_MARK || ev->optval_len < 4)
			continue;
		memcpy(&mark, ev->optval, sizeof(mark));
		if ((unsigned int)mark == c->mark)
			return ev;
	}
	return NULL;
}

/* The line of file that holds key (a pid's text or JSON), or "". */
static const char *line_with(const char *file, const char *key)
{
	static char line[4096];
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, key)) {
			fclose(f);
			return line;
		}
	}
	if (f)
		fclose(f);
	return "";
}

int main(void)
{
	int dev = open(DEV, O_RDONLY | O_NONBLOCK);
	const struct soe_event *ev;
	struct soe_records recs;
	struct result_want w;
	unsigned char *cap;
	unsigned long long eff;
	char key[64], want[64];
	const char *line;
	size_t len, i;

	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0) {
		fprintf(stderr, "soe_caps: %s: %s\n", DEV, strerror(errno));
		return 1;
	}
	for (i = 0; i < NCASES; i++) {
		if (run_case(&cases[i])) {
			fprintf(stderr, "soe_caps: %s: the child failed\n", cases[i].name);
			return 1;
		}
	}
	cap = capture_decoded(dev, 4096, CAPTURE, TEXT, JSON, &len);
	recs.r = (union soe_record *)cap;
	recs.n = len / SOE_RECORD_SIZE;

	for (i = 0; i < NCASES; i++) {
		struct caps_case *c = &cases[i];

		if (c->skip[0]) {
			tap_skip(c->name, "%s", c->skip);
			continue;
		}
		ev = find(cap, len, c);
		if (!ev) {
			tap_fail(c->name, "no record of pid %d's SO_MARK %#x", c->pid, c->mark);
			continue;
		}
		eff = ev->cap_effective_lo | (unsigned long long)ev->cap_effective_hi << 32;
		tap_result(eff == c->cap_eff, c->name, "record's effective set %#llx, CapEff %#llx",
			   eff, c->cap_eff);
		snprintf(key, sizeof(key), "%s-net-caps", c->name);
		tap_result(ev->net_caps == c->net_caps, key, "net_caps %#x, want %#x",
			   ev->net_caps, c->net_caps);
		snprintf(key, sizeof(key), "%s-call-result", c->name);
		tap_result(c->got_err == c->err, key, "SO_MARK: errno %d, want %d (%s)",
			   c->got_err, c->err, strerror(c->err));
		w = (struct result_want){ c->pid, SOE_RESULT_F_LSM | SOE_RESULT_F_RET,
					  -c->got_err, false, SOE_SYSCALL_SETSOCKOPT };
		result_check(c->name, &recs, ev, 1, &w);

		snprintf(key, sizeof(key), " %d/%d ", c->pid, c->pid);
		line = line_with(TEXT, key);
		snprintf(key, sizeof(key), "%s-text", c->name);
		tap_result(*line && (c->text ? strstr(line, c->text) != NULL :
				     !strstr(line, "netcaps=") && !strstr(line, "initcaps=")),
			   key, "want %s in: %s", c->text ? c->text : "no caps", line);

		snprintf(key, sizeof(key), "\"hostProcessId\":%d,", c->pid);
		line = line_with(JSON, key);
		snprintf(want, sizeof(want), "\"capEffective\":\"%016llx\"", c->cap_eff);
		snprintf(key, sizeof(key), "%s-json", c->name);
		tap_result(*line && strstr(line, want) && strstr(line, c->json), key,
			   "want %s and %s in: %s", want, c->json, line);
	}
	free(cap);
	return tap_status();
}
