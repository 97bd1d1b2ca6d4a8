// SPDX-License-Identifier: GPL-2.0
/*
 * unix_peer() in <net/af_unix.h>: there in 6.1; up to 5.15 at least the
 * macro is private to net/unix/af_unix.c.  Absent: compat.h spells it out.
 */
#include <net/af_unix.h>

static struct sock __maybe_unused *soe_feature(struct sock *sk)
{
	return unix_peer(sk);
}
