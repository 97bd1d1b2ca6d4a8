/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expect.h: for the guest test programs.  set_opt() makes one setsockopt()
 * and prints one JSON line with everything the reader's event line for it
 * must say, each value taken from what the program did or from what user
 * space sees of the same process and socket.  The host compares the lines
 * with the reader's output (tests/vm/check_vm.py).
 *
 * Header-only: each guest program is one .c file, built static, 64-bit or
 * 32-bit.
 */
#ifndef SOE_EXPECT_H
#define SOE_EXPECT_H

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* What the caller knows about one call; the rest is looked up. */
struct opt {
	const char *level;	/* name as the reader prints it */
	const char *optname;
	const char *optval;	/* the decoded value, as a JSON literal */
	const char *protocol;	/* name, or a number */
	const char *state;	/* name, or a number */
	const char *flags;	/* the reader's flag names, "" for none */
	int local_unknown;
	int remote_unknown;
	const char *syscall;	/* NULL: "setsockopt" */
	/*
	 * The hook was reached without the syscall's arguments (io_uring):
	 * the event shows fd -1, optlen 0 and no value.
	 */
	int no_call_args;
	/*
	 * The record holds only this many bytes of the value: the rest could
	 * not be read (optval_partial).  0: as many as optlen says, up to 32.
	 */
	int value_bytes;
};

/*
 * How a call is made: setsockopt(2) unless a program says otherwise.  It
 * returns as setsockopt() does, 0 or -1 with errno set to the kernel's
 * error.
 */
typedef int (*soe_setsockopt_fn)(int fd, int level, int optname,
				 const void *val, socklen_t len);
static soe_setsockopt_fn soe_call = (soe_setsockopt_fn)setsockopt;

/*
 * For a call the kernel made on the program's behalf before set_opt() was
 * called (soe_call then makes none): the time the window for its event's
 * timestamp starts.  NULL: when soe_call starts.
 */
static const struct timespec *soe_before;

static unsigned long long soe_cgroup_id;
static int soe_cpu = -1;
static long soe_host_pid = -1, soe_host_tid = -1, soe_host_ppid = -1;

static void soe_die(const char *what)
{
	fprintf(stderr, "expect: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Our cgroup's id: what name_to_handle_at() gives for its directory. */
static unsigned long long soe_read_cgroup_id(void)
{
	struct {
		struct file_handle fh;
		unsigned char id[8];
	} h;
	unsigned long long id;
	int mount_id;
	FILE *f;

	if (access("/sys/fs/cgroup/cgroup.procs", F_OK))
		return access("/proc/self/cgroup", F_OK) ? 0 : 1;
	mkdir("/sys/fs/cgroup/soe-test", 0755);
	f = fopen("/sys/fs/cgroup/soe-test/cgroup.procs", "w");
	if (!f || fprintf(f, "0\n") < 0 || fclose(f))
		soe_die("moving into /sys/fs/cgroup/soe-test");
	h.fh.handle_bytes = sizeof(h.id);
	if (name_to_handle_at(AT_FDCWD, "/sys/fs/cgroup/soe-test", &h.fh,
			      &mount_id, 0))
		soe_die("name_to_handle_at");
	memcpy(&id, h.fh.f_handle, sizeof(id));
	return id;
}

/*
 * Pin the process to its last CPU, so every event's processorId is known,
 * and move it into a cgroup of its own.  Children and threads inherit both.
 */
static void expect_init(void)
{
	cpu_set_t set;
	int cpu;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set))
		soe_die("sched_getaffinity");
	for (cpu = CPU_SETSIZE - 1; cpu >= 0 && !CPU_ISSET(cpu, &set); cpu--)
		;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		soe_die("sched_setaffinity");
	soe_cpu = cpu;
	soe_cgroup_id = soe_read_cgroup_id();
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* A socket with an fd number of its own, so that a wrong fd shows. */
static inline int expect_socket(int family, int type, int protocol)
{
	static int next_fd = 20;
	int fd = socket(family, type, protocol), moved;

	if (fd < 0)
		soe_die("socket");
	moved = fcntl(fd, F_DUPFD, next_fd++);
	if (moved < 0)
		soe_die("fcntl");
	close(fd);
	return moved;
}

/* For a process in another pid namespace: its ids in the initial one. */
static inline void expect_host_ids(long pid, long tid, long ppid)
{
	soe_host_pid = pid;
	soe_host_tid = tid;
	soe_host_ppid = ppid;
}

struct soe_buf {
	char s[8192];
	size_t len;
};

static void put(struct soe_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	b->len += vsnprintf(b->s + b->len, sizeof(b->s) - b->len, fmt, ap);
	va_end(ap);
	if (b->len >= sizeof(b->s))
		soe_die("expectation too long");
}

/* A name is printed as a JSON string, a number as a JSON number. */
static void put_name_or_number(struct soe_buf *b, const char *v)
{
	if ((v[0] >= '0' && v[0] <= '9') || v[0] == '-')
		put(b, "%s", v);
	else
		put(b, "\"%s\"", v);
}

static void put_ns(struct soe_buf *b, const char *key, const char *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns);
	if (stat(path, &st) == 0)
		put(b, ",\"%s\":%llu", key, (unsigned long long)st.st_ino);
}

static const char *soe_family_name(int family)
{
	switch (family) {
	case AF_UNIX: return "AF_UNIX";
	case AF_INET: return "AF_INET";
	case AF_INET6: return "AF_INET6";
	case AF_NETLINK: return "AF_NETLINK";
	case AF_PACKET: return "AF_PACKET";
	case 44: return "AF_XDP";
	default: return NULL;
	}
}

static const char *soe_type_name(int type)
{
	switch (type) {
	case SOCK_STREAM: return "SOCK_STREAM";
	case SOCK_DGRAM: return "SOCK_DGRAM";
	case SOCK_RAW: return "SOCK_RAW";
	case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
	default: return "?";
	}
}

/* One address, as the reader prints it, from getsockname/getpeername. */
static void put_addr(struct soe_buf *b, int fd, int family, int remote,
		     int unknown)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss), tl = sizeof(int);
	char ip[INET6_ADDRSTRLEN], port[24] = "";
	int rc, type = 0;

	put(b, "{\"sa_family\":\"%s\"", soe_family_name(family));
	if (unknown || (family == AF_PACKET && remote) ||
	    !soe_family_name(family) || family == 44) {
		put(b, "}");
		return;
	}
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = family;
	rc = remote ? getpeername(fd, (struct sockaddr *)&ss, &len)
		    : getsockname(fd, (struct sockaddr *)&ss, &len);
	if (rc && !(remote && errno == ENOTCONN))
		soe_die(remote ? "getpeername" : "getsockname");
	if (rc)
		len = 0;	/* not connected: all zeros */
	/* A raw socket has no port (the kernel keeps its protocol there). */
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl))
		soe_die("SO_TYPE");

	switch (family) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		if (type != SOCK_RAW)
			snprintf(port, sizeof(port), ",\"sin_port\":\"%u\"",
				 ntohs(sin->sin_port));
		put(b, ",\"sin_addr\":\"%s\"%s}", ip, port);
		break;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		if (type != SOCK_RAW)
			snprintf(port, sizeof(port), ",\"sin6_port\":\"%u\"",
				 ntohs(sin6->sin6_port));
		put(b, ",\"sin6_addr\":\"%s\"%s,\"sin6_flowinfo\":\"%u\",\"sin6_scopeid\":\"%u\"}",
		    ip, port, ntohl(sin6->sin6_flowinfo),
		    sin6->sin6_scope_id);
		break;
	}
	case AF_UNIX: {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		size_t n = len > offsetof(struct sockaddr_un, sun_path) ?
			   len - offsetof(struct sockaddr_un, sun_path) : 0;

		if (n && sun->sun_path[0] == '\0')
			put(b, ",\"sun_path\":\"@%.*s\",\"sun_abstract\":true}",
			    (int)n - 1, sun->sun_path + 1);
		else
			put(b, ",\"sun_path\":\"%.*s\",\"sun_abstract\":false}",
			    (int)strnlen(sun->sun_path, n), sun->sun_path);
		break;
	}
	case AF_NETLINK: {
		struct sockaddr_nl *snl = (struct sockaddr_nl *)&ss;

		put(b, ",\"nl_pid\":\"%u\",\"nl_groups\":\"%u\"}", snl->nl_pid,
		    snl->nl_groups);
		break;
	}
	case AF_PACKET: {
		struct sockaddr_ll *sll = (struct sockaddr_ll *)&ss;
		unsigned int proto = ntohs(sll->sll_protocol);

		if (proto == 3)
			put(b, ",\"sll_protocol\":\"ETH_P_ALL\"");
		else
			put(b, ",\"sll_protocol\":\"%u\"", proto);
		put(b, ",\"sll_ifindex\":\"%d\"}", sll->sll_ifindex);
		break;
	}
	}
}

static void put_hex(struct soe_buf *b, const void *val, size_t len)
{
	const unsigned char *p = val;
	size_t i;

	for (i = 0; i < len; i++)
		put(b, "%02x", p[i]);
}

/*
 * Make the call and print what its event must say, its result too: the
 * call's return value (0 or -errno), and the LSMs' verdict, 0 (the guest
 * loads no policy that refuses a call).
 */
static void set_opt(int fd, int level, int optname, const void *val,
		    socklen_t len, const struct opt *o)
{
	struct timespec before, after;
	struct soe_buf b = { .len = 0 };
	socklen_t sl = sizeof(int);
	char comm[17] = "";
	struct stat st;
	int family = 0, type = 0;
	size_t shown;
	int ret;

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &family, &sl) ||
	    getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &sl) || fstat(fd, &st))
		soe_die("socket facts");
	prctl(PR_GET_NAME, comm);

	clock_gettime(CLOCK_REALTIME, &before);
	if (soe_before)
		before = *soe_before;
	ret = soe_call(fd, level, optname, val, len) ? -errno : 0;
	clock_gettime(CLOCK_REALTIME, &after);

	put(&b, "{\"timestamp\":{\"min\":%lld,\"max\":%lld}",
	    before.tv_sec * 1000000000LL + before.tv_nsec,
	    after.tv_sec * 1000000000LL + after.tv_nsec);
	put(&b, ",\"processorId\":%d", soe_cpu);
	put(&b, ",\"processId\":%ld,\"threadId\":%ld,\"parentProcessId\":%ld",
	    (long)getpid(), (long)syscall(SYS_gettid), (long)getppid());
	put(&b, ",\"hostProcessId\":%ld,\"hostThreadId\":%ld,\"hostParentProcessId\":%ld",
	    soe_host_pid >= 0 ? soe_host_pid : (long)getpid(),
	    soe_host_tid >= 0 ? soe_host_tid : (long)syscall(SYS_gettid),
	    soe_host_ppid >= 0 ? soe_host_ppid : (long)getppid());
	put(&b, ",\"userId\":%u,\"effectiveUserId\":%u,\"groupId\":%u,\"effectiveGroupId\":%u",
	    getuid(), geteuid(), getgid(), getegid());
	put(&b, ",\"processName\":\"%s\",\"cgroupId\":%llu", comm,
	    soe_cgroup_id);
	put_ns(&b, "pidNamespace", "pid");
	put_ns(&b, "netNamespace", "net");
	put_ns(&b, "userNamespace", "user");
	put_ns(&b, "utsNamespace", "uts");
	put_ns(&b, "cgroupNamespace", "cgroup");
	put(&b, ",\"eventName\":\"security_socket_setsockopt\",\"syscall\":\"%s\"",
	    o->syscall ? o->syscall : "setsockopt");
	put(&b, ",\"returnValue\":%d,\"lsmReturnValue\":0", ret);

	put(&b, ",\"args\":{\"sockfd\":%d", o->no_call_args ? -1 : fd);
	put(&b, ",\"level\":");
	put_name_or_number(&b, o->level);
	put(&b, ",\"optname\":");
	put_name_or_number(&b, o->optname);
	put(&b, ",\"optlen\":%d,\"optval\":%s,\"optval_hex\":\"",
	    o->no_call_args ? 0 : (int)len, o->optval);
	shown = len < 32 ? len : 32;
	if (o->flags && (strstr(o->flags, "optval_null") ||
			 strstr(o->flags, "optval_fault")))
		shown = 0;
	if (o->value_bytes)
		shown = o->value_bytes;
	if (!o->no_call_args)
		put_hex(&b, val, shown);
	put(&b, "\",\"local_addr\":");
	put_addr(&b, fd, family, 0, o->local_unknown);
	put(&b, ",\"remote_addr\":");
	put_addr(&b, fd, family, 1, o->remote_unknown);
	put(&b, ",\"sock_type\":\"%s\",\"protocol\":", soe_type_name(type));
	put_name_or_number(&b, o->protocol);
	put(&b, ",\"sock_state\":");
	put_name_or_number(&b, o->state);
	put(&b, ",\"socket_inode\":%llu,\"flags\":\"%s\"}}\n",
	    (unsigned long long)st.st_ino, o->flags ? o->flags : "");
	fputs(b.s, stdout);
}

#endif /* SOE_EXPECT_H */
