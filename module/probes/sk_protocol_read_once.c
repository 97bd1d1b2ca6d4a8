// SPDX-License-Identifier: GPL-2.0
/*
 * sk->sk_protocol as a whole u16 that READ_ONCE() can read: 5.6 (for MPTCP);
 * before, an 8-bit bit field, whose size READ_ONCE() cannot take.  Absent:
 * the module reads the field plainly.
 */
#include <net/sock.h>

static u16 __maybe_unused soe_probe(const struct sock *sk)
{
	return READ_ONCE(sk->sk_protocol);
}
