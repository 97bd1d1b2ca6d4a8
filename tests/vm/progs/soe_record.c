// SPDX-License-Identifier: GPL-2.0
/*
 * soe_record: makes setsockopt() calls that exercise every field of the
 * record, and prints for each one a JSON line with everything the reader's
 * event line must say about it: the process (ids in the task's and the
 * initial pid namespace, uids and gids, name, CPU, cgroup, namespaces), the
 * call (fd, level, option, optlen, the value raw and decoded, how it was
 * made) and the socket (type, protocol, state, inode, both addresses).
 * "timestamp" is given as {"min":..,"max":..}, the clock read just before
 * and just after the call.  Every expected value comes from what the program
 * did or from what user space sees (getsockname, fstat, /proc/self/ns).
 *
 *   soe_record          the 64-bit scenarios
 *
 * Scenarios: IPv4 listening, connected and accepted TCP sockets; UDP;
 * IPv6 and v4-mapped; unix sockets named, abstract, unnamed, connected and
 * accepted; netlink; packet; AF_XDP as a family the reader has no address
 * format for; option values decoded as int, linger, timeval, string, hex,
 * cut short, NULL, unreadable, and readable only up to a page the kernel
 * does not read; a second thread; a child that changed its uids, gids and
 * name; a child in new pid, net and uts namespaces; socketcall(2) through
 * int $0x80 from this 64-bit program, with garbage in the registers' upper
 * halves.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "expect.h"

#ifndef AF_XDP
#define AF_XDP 44
#endif

#define UNIX_STREAM_PATH "/tmp/soe-record.sock"

static int rt_kernel;
/*
 * What a connected unix datagram socket's sk_state is: TCP_ESTABLISHED since
 * 5.15 ("af_unix: Set TCP_ESTABLISHED for datagram sockets too", for
 * sockmap); before, connect() left it TCP_CLOSE.  The record shows the
 * kernel's own state either way.
 */
static const char *unix_dgram_connected_state = "ESTABLISHED";

static void die(const char *what)
{
	fprintf(stderr, "soe_record: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- IPv4 and IPv6 over TCP: listening, connected, accepted ---- */

static void tcp_scenarios(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct linger lg = { .l_onoff = 1, .l_linger = 7 };
	struct timeval tv = { .tv_sec = 3, .tv_usec = 500000 };
	socklen_t len = sizeof(sin);
	int lfd, cfd, afd, c6, buf = 65536, one = 1;

	lfd = expect_socket(AF_INET, SOCK_STREAM, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 8))
		die("bind/listen");
	set_opt(lfd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "65536",
			       "IPPROTO_TCP", "LISTEN" });
	getsockname(lfd, (struct sockaddr *)&sin, &len);

	cfd = expect_socket(AF_INET, SOCK_STREAM, 0);
	if (connect(cfd, (struct sockaddr *)&sin, sizeof(sin)))
		die("connect");
	afd = accept(lfd, NULL, NULL);
	if (afd < 0)
		die("accept");
	set_opt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one),
		&(struct opt){ "IPPROTO_TCP", "TCP_NODELAY", "1",
			       "IPPROTO_TCP", "ESTABLISHED" });
	set_opt(afd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg),
		&(struct opt){ "SOL_SOCKET", "SO_LINGER",
			       "{\"l_onoff\":1,\"l_linger\":7}",
			       "IPPROTO_TCP", "ESTABLISHED" });
	set_opt(cfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv),
		&(struct opt){ "SOL_SOCKET", "SO_RCVTIMEO",
			       "{\"tv_sec\":3,\"tv_usec\":500000}",
			       "IPPROTO_TCP", "ESTABLISHED" });
	set_opt(cfd, IPPROTO_TCP, TCP_CONGESTION, "cubic", 5,
		&(struct opt){ "IPPROTO_TCP", "TCP_CONGESTION", "\"cubic\"",
			       "IPPROTO_TCP", "ESTABLISHED" });

	/* An IPv6 socket talking IPv4: v4-mapped addresses. */
	c6 = expect_socket(AF_INET6, SOCK_STREAM, 0);
	sin6.sin6_port = sin.sin_port;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6.sin6_addr);
	if (connect(c6, (struct sockaddr *)&sin6, sizeof(sin6)))
		die("connect v4-mapped");
	set_opt(c6, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one),
		&(struct opt){ "SOL_SOCKET", "SO_KEEPALIVE", "1",
			       "IPPROTO_TCP", "ESTABLISHED" });
	close(c6);
	close(afd);
	close(cfd);
	close(lfd);

	/* IPv6 proper: a listener on ::1 and a connected client. */
	lfd = expect_socket(AF_INET6, SOCK_STREAM, 0);
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_loopback;
	len = sizeof(sin6);
	if (bind(lfd, (struct sockaddr *)&sin6, sizeof(sin6)) ||
	    listen(lfd, 8) || getsockname(lfd, (struct sockaddr *)&sin6, &len))
		die("bind/listen ::1");
	cfd = expect_socket(AF_INET6, SOCK_STREAM, 0);
	if (connect(cfd, (struct sockaddr *)&sin6, sizeof(sin6)))
		die("connect ::1");
	set_opt(cfd, IPPROTO_IPV6, IPV6_TCLASS, &(int){ 32 }, sizeof(int),
		&(struct opt){ "IPPROTO_IPV6", "IPV6_TCLASS", "32",
			       "IPPROTO_TCP", "ESTABLISHED" });
	close(cfd);
	close(lfd);
}

/*
 * ---- values read as the kernel reads them (issue #15) ----
 * IPV6_CHECKSUM at SOL_RAW is an int (ping6 sets it); SO_TIMESTAMPING with
 * optlen 8 is struct so_timestamping; a device or congestion name of 20
 * bytes without a NUL is its first 15; and a raw inet socket has no port,
 * so its protocol number is not shown as one.
 */
static void kernel_reads_scenarios(void)
{
	static const char twenty[] = "abcdefghijklmnopqrst";
	int fd;

	fd = expect_socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	set_opt(fd, SOL_RAW, IPV6_CHECKSUM, &(int){ 2 }, sizeof(int),
		&(struct opt){ "SOL_RAW", "IPV6_CHECKSUM", "2", "IPPROTO_RAW",
			       "CLOSE" });
	close(fd);
	fd = expect_socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	set_opt(fd, SOL_SOCKET, SO_PRIORITY, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_PRIORITY", "1", "IPPROTO_TCP",
			       "CLOSE" });
	close(fd);
	fd = expect_socket(AF_INET, SOCK_DGRAM, 0);
	set_opt(fd, SOL_SOCKET, SO_TIMESTAMPING, (int[]){ 92, 3 }, 2 * sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_TIMESTAMPING",
			       "{\"flags\":92,\"bind_phc\":3}", "IPPROTO_UDP",
			       "CLOSE" });
	set_opt(fd, SOL_SOCKET, SO_BINDTODEVICE, twenty, 20,
		&(struct opt){ "SOL_SOCKET", "SO_BINDTODEVICE",
			       "\"abcdefghijklmno\"", "IPPROTO_UDP", "CLOSE" });
	close(fd);
	fd = expect_socket(AF_INET, SOCK_STREAM, 0);
	set_opt(fd, IPPROTO_TCP, TCP_CONGESTION, twenty, 20,
		&(struct opt){ "IPPROTO_TCP", "TCP_CONGESTION",
			       "\"abcdefghijklmno\"", "IPPROTO_TCP", "CLOSE" });
	close(fd);
}

/* ---- option values: cut short, NULL, unreadable, raw ---- */

static void value_scenarios(void)
{
	char dev[64] = "lo";
	unsigned char ipopts[4] = { 1, 1, 1, 0 };	/* NOP NOP NOP EOL */
	void *unreadable;
	int fd = expect_socket(AF_INET, SOCK_DGRAM, 0);

	set_opt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, sizeof(dev),
		&(struct opt){ "SOL_SOCKET", "SO_BINDTODEVICE", "\"lo\"",
			       "IPPROTO_UDP", "CLOSE", .flags = "optval_trunc" });
	set_opt(fd, IPPROTO_IP, IP_OPTIONS, ipopts, sizeof(ipopts),
		&(struct opt){ "IPPROTO_IP", "IP_OPTIONS", "\"01010100\"",
			       "IPPROTO_UDP", "CLOSE" });
	set_opt(fd, SOL_SOCKET, SO_REUSEADDR, NULL, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_REUSEADDR", "null",
			       "IPPROTO_UDP", "CLOSE", .flags = "optval_null" });
	unreadable = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	if (unreadable == MAP_FAILED)
		die("mmap");
	set_opt(fd, SOL_SOCKET, SO_REUSEADDR, unreadable, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_REUSEADDR", "null",
			       "IPPROTO_UDP", "CLOSE", .flags = "optval_fault" });
	set_opt(fd, SOL_SOCKET, SO_PRIORITY, &(int){ 3 }, 0,
		&(struct opt){ "SOL_SOCKET", "SO_PRIORITY", "null",
			       "IPPROTO_UDP", "CLOSE" });
	munmap(unreadable, 4096);
	close(fd);
}

/*
 * A value the kernel reads in full although optlen runs into a page it
 * cannot read: an int (the kernel reads 4 bytes) in the last 4 bytes of a
 * page followed by a PROT_NONE one, passed with optlen 8; a congestion
 * control name and its NUL at a page's end, passed with optlen 15 (the
 * kernel stops at the NUL).  The calls succeed, so the record must show
 * the bytes that could be read, flagged partial.
 */
static void partial_scenarios(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *mem, *end;
	int fd, tfd;

	mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || mprotect(mem + page, page, PROT_NONE))
		die("mmap");
	end = mem + page;

	fd = expect_socket(AF_INET, SOCK_DGRAM, 0);
	memcpy(end - 4, &(int){ 24301 }, 4);
	set_opt(fd, SOL_SOCKET, SO_MARK, end - 4, 8,
		&(struct opt){ "SOL_SOCKET", "SO_MARK", "24301", "IPPROTO_UDP",
			       "CLOSE", .flags = "optval_partial",
			       .value_bytes = 4 });
	memcpy(end - 4, &(int){ 1 }, 4);
	set_opt(fd, IPPROTO_IP, IP_TRANSPARENT, end - 4, 8,
		&(struct opt){ "IPPROTO_IP", "IP_TRANSPARENT", "1",
			       "IPPROTO_UDP", "CLOSE", .flags = "optval_partial",
			       .value_bytes = 4 });
	close(fd);

	tfd = expect_socket(AF_INET, SOCK_STREAM, 0);
	memcpy(end - 5, "reno", 5);
	set_opt(tfd, IPPROTO_TCP, TCP_CONGESTION, end - 5, 15,
		&(struct opt){ "IPPROTO_TCP", "TCP_CONGESTION", "\"reno\"",
			       "IPPROTO_TCP", "CLOSE", .flags = "optval_partial",
			       .value_bytes = 5 });
	close(tfd);
	munmap(mem, 2 * page);
}

/*
 * socketcall(SYS_SETSOCKOPT) through int $0x80 from a 64-bit program: the
 * kernel's 32-bit entry takes the low 32 bits of each register, so garbage
 * in the upper halves of rbx (the call) and rcx (the arguments) changes
 * nothing for it, nor must it for the record.  The arguments and the value
 * must be below 4 GiB.
 */
static int via_int80_socketcall(int fd, int level, int optname,
				const void *val, socklen_t len)
{
	static unsigned int *low;
	unsigned long call = 0x5eed000000000000UL | 14;	/* SYS_SETSOCKOPT */
	unsigned long args;
	long ret;

	if (!low) {
		low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (low == MAP_FAILED)
			die("mmap MAP_32BIT");
	}
	if (len > 1024)
		len = 1024;
	memcpy(low + 16, val, len);
	low[0] = fd;
	low[1] = level;
	low[2] = optname;
	low[3] = (unsigned int)(uintptr_t)(low + 16);
	low[4] = len;
	args = 0xbad0000000000000UL | (uintptr_t)low;
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(102L), "b"(call), "c"(args)	/* i386 socketcall */
		     : "memory", "r8", "r9", "r10", "r11");
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

static void int80_scenarios(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = expect_socket(AF_INET, SOCK_DGRAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	soe_call = via_int80_socketcall;
	set_opt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 12288 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "12288", "IPPROTO_UDP",
			       "CLOSE", .flags = "compat",
			       .syscall = "socketcall" });
	soe_call = (soe_setsockopt_fn)setsockopt;
	close(fd);
}

/* ---- unix sockets ---- */

static void unix_scenarios(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int lfd, cfd, afd, d1, d2, pair[2], one = 1;
	socklen_t len;

	lfd = expect_socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(UNIX_STREAM_PATH);
	strcpy(sun.sun_path, UNIX_STREAM_PATH);
	if (bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) || listen(lfd, 4))
		die("unix bind/listen");
	set_opt(lfd, SOL_SOCKET, SO_SNDBUF, &(int){ 32768 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_SNDBUF", "32768", "0",
			       "LISTEN" });
	cfd = expect_socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(cfd, (struct sockaddr *)&sun, sizeof(sun)))
		die("unix connect");
	afd = accept(lfd, NULL, NULL);
	if (afd < 0)
		die("unix accept");
	/* Client: unnamed, its peer has the path; accepted: the reverse. */
	set_opt(cfd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one),
		&(struct opt){ "SOL_SOCKET", "SO_PASSCRED", "1", "0",
			       "ESTABLISHED" });
	set_opt(afd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one),
		&(struct opt){ "SOL_SOCKET", "SO_PASSCRED", "1", "0",
			       "ESTABLISHED" });
	close(afd);
	close(cfd);
	close(lfd);
	unlink(UNIX_STREAM_PATH);

	/* Abstract datagram sockets; once connected, the peer is not read. */
	d1 = expect_socket(AF_UNIX, SOCK_DGRAM, 0);
	d2 = expect_socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(sun.sun_path, 0, sizeof(sun.sun_path));
	memcpy(sun.sun_path + 1, "soe-record-a", 12);
	len = offsetof(struct sockaddr_un, sun_path) + 13;
	if (bind(d1, (struct sockaddr *)&sun, len))
		die("abstract bind");
	set_opt(d1, SOL_SOCKET, SO_RCVBUF, &(int){ 8192 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "8192", "0",
			       "CLOSE" });
	if (connect(d2, (struct sockaddr *)&sun, len))
		die("abstract connect");
	set_opt(d2, SOL_SOCKET, SO_RCVBUF, &(int){ 8192 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "8192", "0",
			       unix_dgram_connected_state,
			       .flags = "remote_unknown",
			       .remote_unknown = 1 });
	close(d2);
	close(d1);

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair))
		die("socketpair");
	set_opt(pair[0], SOL_SOCKET, SO_SNDBUF, &(int){ 16384 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_SNDBUF", "16384", "0",
			       "ESTABLISHED" });
	close(pair[0]);
	close(pair[1]);
}

/*
 * Names longer than the event's room for both (60 bytes): a 59-byte
 * listener with a named client, and with an autobound one (SO_PASSCRED
 * before connect, as systemd's and D-Bus's clients do); an 84-byte listener
 * (containerd's shim sockets are 82) with a short-named client.  The reader
 * must show each name whole, from the names record that comes before the
 * event; the expectations are getsockname()'s and getpeername()'s.
 */
#define UNIX_DIR "/tmp/u"
#define UNIX_PATH_59 UNIX_DIR "/listener-59-bytes-0123456789abcdef0123456789abcdef01"
#define UNIX_PATH_84 UNIX_DIR "/shim-84-bytes-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde"

static int unix_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = expect_socket(AF_UNIX, SOCK_STREAM, 0);

	unlink(path);
	strcpy(sun.sun_path, path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) || listen(fd, 4))
		die("unix bind/listen");
	return fd;
}

/* A client bound to bind_path (NULL: not bound) connected to path. */
static int unix_connect(const char *path, const char *bind_path, int passcred)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = expect_socket(AF_UNIX, SOCK_STREAM, 0), one = 1;

	if (bind_path) {
		unlink(bind_path);
		strcpy(sun.sun_path, bind_path);
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)))
			die("unix client bind");
	}
	if (passcred)
		set_opt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one),
			&(struct opt){ "SOL_SOCKET", "SO_PASSCRED", "1", "0",
				       "CLOSE" });
	strcpy(sun.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		die("unix connect");
	return fd;
}

/* One call on each end of a connection to lfd from cfd. */
static void unix_both_ends(int lfd, int cfd)
{
	int afd = accept(lfd, NULL, NULL);

	if (afd < 0)
		die("unix accept");
	set_opt(afd, SOL_SOCKET, SO_SNDBUF, &(int){ 24576 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_SNDBUF", "24576", "0",
			       "ESTABLISHED" });
	set_opt(cfd, SOL_SOCKET, SO_SNDBUF, &(int){ 24576 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_SNDBUF", "24576", "0",
			       "ESTABLISHED" });
	close(afd);
	close(cfd);
}

static void unix_long_names(void)
{
	int lfd;

	if (mkdir(UNIX_DIR, 0755) && errno != EEXIST)
		die("mkdir " UNIX_DIR);
	lfd = unix_listen(UNIX_PATH_59);
	unix_both_ends(lfd, unix_connect(UNIX_PATH_59, UNIX_DIR "/client-path", 0));
	unix_both_ends(lfd, unix_connect(UNIX_PATH_59, NULL, 1));
	close(lfd);
	lfd = unix_listen(UNIX_PATH_84);
	unix_both_ends(lfd, unix_connect(UNIX_PATH_84, UNIX_DIR "/cli", 0));
	close(lfd);
	unlink(UNIX_PATH_59);
	unlink(UNIX_PATH_84);
	unlink(UNIX_DIR "/client-path");
	unlink(UNIX_DIR "/cli");
}

/* ---- netlink, packet, and a family without an address format ---- */

static void other_family_scenarios(void)
{
	struct sockaddr_nl snl = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, one = 1;

	fd = expect_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (bind(fd, (struct sockaddr *)&snl, sizeof(snl)))
		die("netlink bind");
	set_opt(fd, SOL_NETLINK, NETLINK_PKTINFO, &one, sizeof(one),
		&(struct opt){ "SOL_NETLINK", "NETLINK_PKTINFO", "1",
			       "NETLINK_ROUTE", "7",
			       .flags = rt_kernel ? "local_unknown" : "",
			       .local_unknown = rt_kernel });
	close(fd);

	fd = expect_socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex("lo");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("packet bind");
	set_opt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one),
		&(struct opt){ "SOL_PACKET", "PACKET_AUXDATA", "1",
			       "ETH_P_ALL", "7" });
	close(fd);

	fd = socket(AF_XDP, SOCK_RAW, 0);
	if (fd < 0) {
		printf("# no AF_XDP socket (%s): that case is not run\n",
		       strerror(errno));
		return;
	}
	set_opt(fd, SOL_SOCKET, SO_PRIORITY, &(int){ 2 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_PRIORITY", "2", "0", "7" });
	close(fd);
}

/* ---- threads, children, namespaces ---- */

static void *thread_main(void *arg)
{
	int fd = expect_socket(AF_INET, SOCK_DGRAM, 0);

	(void)arg;
	set_opt(fd, IPPROTO_IP, IP_TTL, &(int){ 9 }, sizeof(int),
		&(struct opt){ "IPPROTO_IP", "IP_TTL", "9", "IPPROTO_UDP",
			       "CLOSE" });
	close(fd);
	return NULL;
}

static void wait_child(pid_t pid, const char *what)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "soe_record: %s failed\n", what);
		exit(1);
	}
}

/* A child that changed its uids, gids and name. */
static void child_with_new_ids(void)
{
	pid_t pid;
	int fd;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (setresgid(2000, 2001, 2002) || setresuid(1000, 1001, 1002))
			die("setresuid");
		prctl(PR_SET_NAME, "soe_child");
		fd = expect_socket(AF_INET, SOCK_DGRAM, 0);
		set_opt(fd, SOL_SOCKET, SO_BROADCAST, &(int){ 1 }, sizeof(int),
			&(struct opt){ "SOL_SOCKET", "SO_BROADCAST", "1",
				       "IPPROTO_UDP", "CLOSE" });
		fflush(stdout);
		_exit(0);
	}
	wait_child(pid, "the child with new ids");
}

/*
 * A child in new pid, net and uts namespaces: pid 1 there, no parent in its
 * namespace.  Its pid in the initial namespace comes from the parent.
 */
static void child_in_namespaces(void)
{
	int pipefd[2];
	pid_t parent = getpid(), pid, host_pid;
	int fd;

	if (pipe(pipefd))
		die("pipe");
	if (unshare(CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS))
		die("unshare");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (read(pipefd[0], &host_pid, sizeof(host_pid)) !=
		    sizeof(host_pid))
			die("read pipe");
		expect_host_ids(host_pid, host_pid, parent);
		prctl(PR_SET_NAME, "soe_nschild");
		fd = expect_socket(AF_INET, SOCK_DGRAM, 0);
		set_opt(fd, SOL_SOCKET, SO_PRIORITY, &(int){ 4 }, sizeof(int),
			&(struct opt){ "SOL_SOCKET", "SO_PRIORITY", "4",
				       "IPPROTO_UDP", "CLOSE" });
		fflush(stdout);
		_exit(0);
	}
	if (write(pipefd[1], &pid, sizeof(pid)) != sizeof(pid))
		die("write pipe");
	wait_child(pid, "the child in new namespaces");
}

int main(void)
{
	struct utsname u;
	pthread_t thread;
	int major, minor;

	prctl(PR_SET_NAME, "soe_record");
	uname(&u);
	rt_kernel = strstr(u.version, "PREEMPT_RT") != NULL;
	if (sscanf(u.release, "%d.%d", &major, &minor) == 2 &&
	    (major < 5 || (major == 5 && minor < 15)))
		unix_dgram_connected_state = "CLOSE";
	expect_init();

	tcp_scenarios();
	value_scenarios();
	partial_scenarios();
	int80_scenarios();
	unix_scenarios();
	unix_long_names();
	kernel_reads_scenarios();
	other_family_scenarios();
	if (pthread_create(&thread, NULL, thread_main, NULL) ||
	    pthread_join(thread, NULL)) {
		fprintf(stderr, "soe_record: cannot run a thread\n");
		return 1;
	}
	child_with_new_ids();
	child_in_namespaces();
	return 0;
}
