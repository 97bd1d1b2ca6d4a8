// SPDX-License-Identifier: GPL-2.0
/*
 * soe_compat_32: built with -m32, run on a 64-bit kernel.  A 32-bit
 * program reaches setsockopt through socketcall(2) or through the direct
 * 32-bit setsockopt syscall; both must be recorded with the right fd,
 * option and value (a 32-bit struct timeval is 8 bytes), marked compat.
 * Prints one expectation line per call (see expect.h).
 */
#include "expect.h"

#include <linux/net.h>
#include <sys/time.h>

static int via_socketcall(int fd, int level, int optname, const void *val,
			  socklen_t len)
{
	unsigned long args[5] = { fd, level, optname, (unsigned long)val, len };

	return syscall(SYS_socketcall, SYS_SETSOCKOPT, args);
}

static int via_setsockopt(int fd, int level, int optname, const void *val,
			  socklen_t len)
{
	return syscall(SYS_setsockopt, fd, level, optname, val, len);
}

int main(void)
{
	struct { int tv_sec, tv_usec; } tv = { 3, 500000 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd;

	if (sizeof(long) != 4) {
		fprintf(stderr, "soe_compat_32: not built with -m32\n");
		return 1;
	}
	prctl(PR_SET_NAME, "soe_compat_32");
	expect_init();
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		soe_die("socket/bind");

	soe_call = via_socketcall;
	set_opt(fd, SOL_SOCKET, SO_RCVBUF, &(int){ 4096 }, sizeof(int),
		&(struct opt){ "SOL_SOCKET", "SO_RCVBUF", "4096", "IPPROTO_UDP",
			       "CLOSE", .flags = "compat",
			       .syscall = "socketcall" });
	set_opt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv),
		&(struct opt){ "SOL_SOCKET", "SO_RCVTIMEO",
			       "{\"tv_sec\":3,\"tv_usec\":500000}",
			       "IPPROTO_UDP", "CLOSE", .flags = "compat",
			       .syscall = "socketcall" });
	soe_call = via_setsockopt;
	set_opt(fd, IPPROTO_IP, IP_TTL, &(int){ 5 }, sizeof(int),
		&(struct opt){ "IPPROTO_IP", "IP_TTL", "5", "IPPROTO_UDP",
			       "CLOSE", .flags = "compat" });
	close(fd);
	return 0;
}
