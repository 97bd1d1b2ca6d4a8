// SPDX-License-Identifier: GPL-2.0
/*
 * proto_ops->getname(sock, addr, peer) returning the address's length: 4.17;
 * before, a fourth argument, int *, received the length.  Absent: the
 * module passes that pointer.
 */
#include <linux/net.h>

static int __maybe_unused soe_feature(struct socket *sock, struct sockaddr *addr)
{
	return sock->ops->getname(sock, addr, 1);
}
