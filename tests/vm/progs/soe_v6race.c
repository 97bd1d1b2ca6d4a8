// SPDX-License-Identifier: GPL-2.0
/*
 * soe_v6race: an IPv6 socket's addresses are 16 bytes that bind() and
 * connect() write under the socket's lock, which the probe cannot take.
 * While one thread changes them, another makes setsockopt() calls on the
 * socket; every address recorded must be one the socket really had, not a
 * mix of two (or be flagged unknown).
 *
 *  - connect: a UDP socket connected in turn to two addresses that differ
 *    in every 8 bytes, fd00:1111:...:7777 and fd00:8888:...:eeee, added to
 *    lo; the remote address must be one of them, the local one what
 *    getsockname() said.
 *  - bind: fresh sockets, each bound once to one of the two during the
 *    calls; the local address must be :: or that address.
 *
 * Reads the device itself, from its end, between batches of calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sockopt_events.h"
#include "tap.h"

#define BATCH	1000
#define SECONDS	3
#define BINDS	300

static const struct in6_addr addr[2] = {
	{ { { 0xfd, 0, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33,
	      0x44, 0x44, 0x55, 0x55, 0x66, 0x66, 0x77, 0x77 } } },
	{ { { 0xfd, 0, 0x88, 0x88, 0x99, 0x99, 0xaa, 0xaa,
	      0xbb, 0xbb, 0xcc, 0xcc, 0xdd, 0xdd, 0xee, 0xee } } },
};

/* struct in6_ifreq of <linux/ipv6.h>, which clashes with libc's headers. */
struct soe_in6_ifreq {
	struct in6_addr addr;
	unsigned int prefixlen;
	int ifindex;
};

static int dev, sock_fd, stop, go, bound;
static unsigned long long checked, bad, unknown;
static char why[200];

static void die(const char *what)
{
	tap_fail("setup", "%s: %s", what, strerror(errno));
	exit(1);
}

static struct sockaddr_in6 sa6(int which)
{
	struct sockaddr_in6 s = { .sin6_family = AF_INET6, .sin6_port = htons(9) };

	s.sin6_addr = addr[which];
	return s;
}

static void *connector(void *arg)
{
	struct sockaddr_in6 s[2] = { sa6(0), sa6(1) };
	int i = 0;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		i ^= 1;
		connect(sock_fd, (struct sockaddr *)&s[i], sizeof(s[i]));
	}
	return NULL;
}

static void *binder(void *arg)
{
	struct sockaddr_in6 s = sa6(*(int *)arg);

	s.sin6_port = 0;
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		;
	if (bind(sock_fd, (struct sockaddr *)&s, sizeof(s)))
		die("bind");
	__atomic_store_n(&bound, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int is(const __u8 *a, const struct in6_addr *b)
{
	return !memcmp(a, b, 16);
}

/* Check what the device holds of this thread's calls on ino. */
static void drain(unsigned long long ino, const struct in6_addr *local,
		  int bind_case)
{
	static struct soe_event ev[64];
	const struct in6_addr any = IN6ADDR_ANY_INIT;
	long tid = syscall(SYS_gettid);
	ssize_t n;
	int i;

	while ((n = read(dev, ev, sizeof(ev))) > 0) {
		for (i = 0; i < n / (ssize_t)sizeof(ev[0]); i++) {
			const struct soe_event *e = &ev[i];
			const __u8 *l = e->addr.inet.local.addr;
			const __u8 *r = e->addr.inet.remote.addr;
			int ok;

			if (e->hdr.type != SOE_RECORD_EVENT ||
			    (long)e->host_tid != tid || e->socket_inode != ino)
				continue;
			checked++;
			if (e->hdr.flags & (SOE_F_LOCAL_UNKNOWN | SOE_F_REMOTE_UNKNOWN))
				unknown++;
			if (bind_case)
				ok = (e->hdr.flags & SOE_F_LOCAL_UNKNOWN ||
				      is(l, &any) || is(l, local)) && is(r, &any);
			else
				ok = (e->hdr.flags & SOE_F_LOCAL_UNKNOWN || is(l, local)) &&
				     (e->hdr.flags & SOE_F_REMOTE_UNKNOWN ||
				      is(r, &addr[0]) || is(r, &addr[1]));
			if (!ok && !bad++)
				snprintf(why, sizeof(why),
					 "seq %llu local %02x%02x:%02x%02x...%02x%02x remote %02x%02x:%02x%02x:...:%02x%02x:%02x%02x",
					 (unsigned long long)e->hdr.seq, l[0], l[1], l[2], l[3],
					 l[14], l[15], r[0], r[1], r[2], r[3], r[12], r[13],
					 r[14], r[15]);
		}
	}
	if (n < 0 && errno != EAGAIN)
		die("read");
}

static unsigned long long inode_of(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		die("fstat");
	return st.st_ino;
}

static void connect_case(void)
{
	struct sockaddr_in6 s = sa6(0), local;
	socklen_t len = sizeof(local);
	unsigned long long ino;
	pthread_t t;
	time_t end;
	int v = 4096, i;

	sock_fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (sock_fd < 0 || connect(sock_fd, (struct sockaddr *)&s, sizeof(s)) ||
	    getsockname(sock_fd, (struct sockaddr *)&local, &len))
		die("connect");
	ino = inode_of(sock_fd);
	if (pthread_create(&t, NULL, connector, NULL))
		die("pthread_create");
	end = time(NULL) + SECONDS;
	while (time(NULL) < end) {
		for (i = 0; i < BATCH; i++)
			setsockopt(sock_fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
		drain(ino, &local.sin6_addr, 0);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	close(sock_fd);
}

static void bind_case(void)
{
	int v = 4096, round, which, after;
	unsigned long long ino;
	pthread_t t;

	for (round = 0; round < BINDS; round++) {
		which = round & 1;
		sock_fd = socket(AF_INET6, SOCK_DGRAM, 0);
		if (sock_fd < 0)
			die("socket");
		ino = inode_of(sock_fd);
		go = bound = 0;
		if (pthread_create(&t, NULL, binder, &which))
			die("pthread_create");
		__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
		for (after = 0; after < 20;) {
			setsockopt(sock_fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
			if (__atomic_load_n(&bound, __ATOMIC_ACQUIRE))
				after++;
		}
		pthread_join(t, NULL);
		drain(ino, &addr[which], 1);
		close(sock_fd);
	}
}

int main(void)
{
	struct soe_in6_ifreq ifr = { .prefixlen = 128 };
	int s, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	if (s < 0 && errno == EAFNOSUPPORT) {
		tap_skip("connect", "no IPv6 in this kernel");
		tap_skip("bind", "no IPv6 in this kernel");
		return 0;
	}
	if (s < 0)
		die("socket");
	ifr.ifindex = if_nametoindex("lo");
	for (i = 0; i < 2; i++) {
		ifr.addr = addr[i];
		if (ioctl(s, SIOCSIFADDR, &ifr) && errno != EEXIST)
			die("SIOCSIFADDR");
	}
	close(s);
	dev = open("/dev/sockopt_events", O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0)
		die("/dev/sockopt_events");

	connect_case();
	tap_note("connect: %llu events checked, %llu with an address unknown",
		 checked, unknown);
	tap_result(checked && !bad, "connect",
		   "%llu of %llu events hold an address the socket never had", bad, checked);
	if (bad)
		tap_note("first: %s", why);
	checked = bad = unknown = 0;
	bind_case();
	tap_note("bind: %llu events checked, %llu with an address unknown",
		 checked, unknown);
	tap_result(checked && !bad, "bind",
		   "%llu of %llu events hold an address the socket never had", bad, checked);
	if (bad)
		tap_note("first: %s", why);
	return tap_status();
}
