// SPDX-License-Identifier: GPL-2.0
/*
 * soe_x32: built with -mx32, run on a 64-bit kernel with x32 enabled
 * (CONFIG_X86_X32_ABI; Debian's kernels also want syscall.x32=y on the
 * command line).  x32's setsockopt has a syscall number of its own (541
 * with __X32_SYSCALL_BIT) and takes the whole 64-bit registers: the calls
 * must be recorded with their fd and value, as setsockopt, flagged "x32"
 * and not with the i386 flag "compat" (an x32 struct timeval is two 64-bit
 * fields).
 * Prints one expectation line per call (see expect.h).
 *
 * "soe_x32 probe" only exits 0: whether this kernel runs x32 programs.
 */
#include "expect.h"

int main(int argc, char **argv)
{
	struct { long long tv_sec, tv_usec; } tv = { 3, 500000 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int fd;

	if (argc > 1 && !strcmp(argv[1], "probe"))
		return 0;
	if (sizeof(long) != 4 || sizeof(void *) != 4) {
		fprintf(stderr, "soe_x32: not built with -mx32\n");
		return 1;
	}
	prctl(PR_SET_NAME, "soe_x32");
	expect_init();
	fd = expect_socket(AF_INET, SOCK_DGRAM, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		soe_die("bind");

	set_opt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv),
		&(struct opt){ "SOL_SOCKET", "SO_RCVTIMEO",
			       "{\"tv_sec\":3,\"tv_usec\":500000}",
			       "IPPROTO_UDP", "CLOSE", "x32" });
	set_opt(fd, IPPROTO_IP, IP_TTL, &(int){ 5 }, sizeof(int),
		&(struct opt){ "IPPROTO_IP", "IP_TTL", "5", "IPPROTO_UDP",
			       "CLOSE", "x32" });
	close(fd);
	return 0;
}
