// SPDX-License-Identifier: GPL-2.0
/*
 * soe_basic: makes known setsockopt() calls on TCP, UDP, TCP over IPv6 and
 * unix sockets, from the main thread and from a second thread, and prints
 * for each one a JSON line with what the event for it must contain.  The
 * local address is taken from getsockname() right after the call, so the
 * test compares the kernel's record with what user space sees.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define UNIX_PATH "/tmp/soe-basic.sock"
#define UNIX_ABSTRACT "soe-basic-abstract"

static void die(const char *what)
{
	fprintf(stderr, "soe_basic: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Each socket gets its own fd number, so a wrong fd in a record shows. */
static int xsocket(int family, int type)
{
	static int next_fd = 10;
	int fd = socket(family, type, 0), moved;

	if (fd < 0)
		die("socket");
	moved = fcntl(fd, F_DUPFD, next_fd++);
	if (moved < 0)
		die("fcntl");
	close(fd);
	return moved;
}

static void local_addr_json(int fd, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char ip[INET6_ADDRSTRLEN];

	memset(&ss, 0, sizeof(ss));
	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		die("getsockname");
	switch (ss.ss_family) {
	case AF_INET: {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		snprintf(out, size,
			 "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"%s\",\"sin_port\":\"%u\"}",
			 ip, ntohs(sin->sin_port));
		break;
	}
	case AF_INET6: {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		snprintf(out, size,
			 "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"%s\",\"sin6_port\":\"%u\",\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"%u\"}",
			 ip, ntohs(sin6->sin6_port), sin6->sin6_scope_id);
		break;
	}
	case AF_UNIX: {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		size_t n = len > offsetof(struct sockaddr_un, sun_path) ?
			   len - offsetof(struct sockaddr_un, sun_path) : 0;

		if (n && sun->sun_path[0] == '\0')
			snprintf(out, size,
				 "{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"@%.*s\"}",
				 (int)n - 1, sun->sun_path + 1);
		else
			snprintf(out, size,
				 "{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"%s\"}",
				 n ? sun->sun_path : "");
		break;
	}
	default:
		fprintf(stderr, "soe_basic: unexpected family %d\n", ss.ss_family);
		exit(1);
	}
}

/* Set an int option and print what the event must say. */
static void set_int(int fd, int level, const char *level_name, int optname,
		    const char *optname_name, const char *type, int value)
{
	char local[256];

	if (setsockopt(fd, level, optname, &value, sizeof(value)))
		die(optname_name);
	local_addr_json(fd, local, sizeof(local));
	printf("{\"processName\":\"soe_basic\",\"processId\":%d,\"threadId\":%ld,"
	       "\"syscall\":\"setsockopt\",\"args\":{\"sockfd\":%d,\"level\":\"%s\","
	       "\"optname\":\"%s\",\"sock_type\":\"%s\",\"local_addr\":%s}}\n",
	       getpid(), (long)syscall(SYS_gettid), fd, level_name, optname_name,
	       type, local);
	fflush(stdout);
}

static void bind_or_die(int fd, const struct sockaddr *sa, socklen_t len)
{
	if (bind(fd, sa, len))
		die("bind");
}

static void tcp4(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = xsocket(AF_INET, SOCK_STREAM);

	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_REUSEADDR, "SO_REUSEADDR",
		"SOCK_STREAM", 1);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind_or_die(fd, (struct sockaddr *)&sin, sizeof(sin));
	set_int(fd, IPPROTO_TCP, "IPPROTO_TCP", TCP_NODELAY, "TCP_NODELAY",
		"SOCK_STREAM", 1);
	if (listen(fd, 4))
		die("listen");
	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_KEEPALIVE, "SO_KEEPALIVE",
		"SOCK_STREAM", 1);
	close(fd);
}

static void udp4(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = xsocket(AF_INET, SOCK_DGRAM);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind_or_die(fd, (struct sockaddr *)&sin, sizeof(sin));
	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_BROADCAST, "SO_BROADCAST",
		"SOCK_DGRAM", 1);
	set_int(fd, IPPROTO_IP, "IPPROTO_IP", IP_TTL, "IP_TTL",
		"SOCK_DGRAM", 7);
	close(fd);
}

static void tcp6(void)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	int fd = xsocket(AF_INET6, SOCK_STREAM);

	set_int(fd, IPPROTO_IPV6, "IPPROTO_IPV6", IPV6_V6ONLY, "IPV6_V6ONLY",
		"SOCK_STREAM", 1);
	sin6.sin6_addr = in6addr_loopback;
	bind_or_die(fd, (struct sockaddr *)&sin6, sizeof(sin6));
	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_RCVBUF, "SO_RCVBUF",
		"SOCK_STREAM", 65536);
	close(fd);
}

static void unix_sockets(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd, pair[2];

	fd = xsocket(AF_UNIX, SOCK_STREAM);
	unlink(UNIX_PATH);
	strcpy(sun.sun_path, UNIX_PATH);
	bind_or_die(fd, (struct sockaddr *)&sun, sizeof(sun));
	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_SNDBUF, "SO_SNDBUF",
		"SOCK_STREAM", 32768);
	close(fd);
	unlink(UNIX_PATH);

	fd = xsocket(AF_UNIX, SOCK_DGRAM);
	memset(sun.sun_path, 0, sizeof(sun.sun_path));
	memcpy(sun.sun_path + 1, UNIX_ABSTRACT, strlen(UNIX_ABSTRACT));
	len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(UNIX_ABSTRACT);
	bind_or_die(fd, (struct sockaddr *)&sun, len);
	set_int(fd, SOL_SOCKET, "SOL_SOCKET", SO_PASSCRED, "SO_PASSCRED",
		"SOCK_DGRAM", 1);
	close(fd);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair))
		die("socketpair");
	pair[0] = fcntl(pair[0], F_DUPFD, 40);
	set_int(pair[0], SOL_SOCKET, "SOL_SOCKET", SO_RCVBUF, "SO_RCVBUF",
		"SOCK_SEQPACKET", 4096);
	close(pair[0]);
	close(pair[1]);
}

static void *thread_main(void *arg)
{
	(void)arg;
	udp4();
	return NULL;
}

int main(void)
{
	pthread_t thread;

	/* The name the events must carry, whatever the binary is called. */
	prctl(PR_SET_NAME, "soe_basic");
	tcp4();
	udp4();
	tcp6();
	unix_sockets();
	if (pthread_create(&thread, NULL, thread_main, NULL) ||
	    pthread_join(thread, NULL)) {
		fprintf(stderr, "soe_basic: cannot run a thread\n");
		return 1;
	}
	return 0;
}
