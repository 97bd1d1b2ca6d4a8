// SPDX-License-Identifier: GPL-2.0
/*
 * The offsets the ftrace case of `make bench` needs to reach a socket's
 * family from security_socket_setsockopt()'s first argument, computed by the
 * compiler against the kernel's own headers.  Compiled to assembly only
 * (like the kernel's asm-offsets.c): each line reads
 *	.ascii "->NAME $VALUE ..."
 */
#include <linux/kbuild.h>
#include <linux/net.h>
#include <net/sock.h>

int main(void);

int main(void)
{
	OFFSET(SOCKET_SK, socket, sk);
	OFFSET(SOCK_FAMILY, sock, sk_family);
	DEFINE(SOCK_FAMILY_SIZE, sizeof_field(struct sock, sk_family));
	return 0;
}
