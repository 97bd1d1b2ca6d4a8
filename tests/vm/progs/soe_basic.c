// SPDX-License-Identifier: GPL-2.0
/*
 * soe_basic: a dozen known setsockopt() calls on TCP, UDP, TCP over IPv6
 * and unix sockets, from the main thread and a second thread, each printed
 * as the event the reader must show for it (see expect.h).  The VM suite
 * compares them; the filter tests count on exactly these calls: 12 in all,
 * 1 at IPPROTO_TCP, 3 with option number 2 (SO_REUSEADDR, IP_TTL twice);
 * make run uses it as its demo workload.
 */
#include "expect.h"

#include <netinet/tcp.h>
#include <pthread.h>

#define UNIX_PATH "/tmp/soe-basic.sock"
#define UNIX_ABSTRACT "soe-basic-abstract"

static void tcp4(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = expect_socket(AF_INET, SOCK_STREAM, 0);

	set_opt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_REUSEADDR", "1",
			       "IPPROTO_TCP", "CLOSE" });
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		soe_die("bind");
	set_opt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int),
		&(struct opt){ "IPPROTO_TCP", "TCP_NODELAY", "1",
			       "IPPROTO_TCP", "CLOSE" });
	if (listen(fd, 4))
		soe_die("listen");
	set_opt(fd, SOL_SOCKET, SO_KEEPALIVE, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_KEEPALIVE", "1",
			       "IPPROTO_TCP", "LISTEN" });
	close(fd);
}

static void udp4(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd = expect_socket(AF_INET, SOCK_DGRAM, 0);

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		soe_die("bind");
	set_opt(fd, SOL_SOCKET, SO_BROADCAST, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_BROADCAST", "1",
			       "IPPROTO_UDP", "CLOSE" });
	set_opt(fd, IPPROTO_IP, IP_TTL, &(int){ 7 }, sizeof(int),
		&(struct opt){ "IPPROTO_IP", "IP_TTL", "7", "IPPROTO_UDP",
			       "CLOSE" });
	close(fd);
}

static void tcp6(void)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	int fd = expect_socket(AF_INET6, SOCK_STREAM, 0);

	set_opt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &(int){ 1 }, sizeof(int),
		&(struct opt){ "IPPROTO_IPV6", "IPV6_V6ONLY", "1",
			       "IPPROTO_TCP", "CLOSE" });
	sin6.sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)))
		soe_die("bind");
	set_opt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 65536 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "65536",
			       "IPPROTO_TCP", "CLOSE" });
	close(fd);
}

static void unix_sockets(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	socklen_t len;
	int fd, pair[2];

	fd = expect_socket(AF_UNIX, SOCK_STREAM, 0);
	unlink(UNIX_PATH);
	strcpy(sun.sun_path, UNIX_PATH);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)))
		soe_die("bind");
	set_opt(fd, SOL_SOCKET, SO_SNDBUF, &(int){ 32768 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_SNDBUF", "32768", "0",
			       "CLOSE" });
	close(fd);
	unlink(UNIX_PATH);

	fd = expect_socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(sun.sun_path, 0, sizeof(sun.sun_path));
	memcpy(sun.sun_path + 1, UNIX_ABSTRACT, strlen(UNIX_ABSTRACT));
	len = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(UNIX_ABSTRACT);
	if (bind(fd, (struct sockaddr *)&sun, len))
		soe_die("bind");
	set_opt(fd, SOL_SOCKET, SO_PASSCRED, &(int){ 1 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_PASSCRED", "1", "0", "CLOSE" });
	close(fd);

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair))
		soe_die("socketpair");
	set_opt(pair[0], SOL_SOCKET, SO_RCVBUF, &(int){ 4096 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "4096", "0",
			       "ESTABLISHED" });
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
	expect_init();
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
