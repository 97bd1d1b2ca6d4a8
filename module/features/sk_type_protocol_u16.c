// SPDX-License-Identifier: GPL-2.0
/*
 * sk->sk_type and sk->sk_protocol as whole u16s that READ_ONCE() can read:
 * 5.6 (for MPTCP) made both u16 in one change; before, they were bit fields
 * (16 and 8 bits), whose size READ_ONCE() cannot take.  Absent: the module
 * reads the fields plainly.
 */
#include <net/sock.h>

static u32 __maybe_unused soe_feature(const struct sock *sk)
{
	return READ_ONCE(sk->sk_type) + READ_ONCE(sk->sk_protocol);
}
