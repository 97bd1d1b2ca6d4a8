/* SPDX-License-Identifier: GPL-2.0 */
/*
 * join.h: thread_join(), pthread_join() without a futex(2) wait, for the
 * guest programs that are also built with -m32 (soe_NAME_32.c).  A 32-bit
 * program's wait with no timeout (pthread_join(), a condition or semaphore
 * wait) takes the futex(2) of 32-bit time, which a kernel built without
 * CONFIG_COMPAT_32BIT_TIME refuses (tinyconfig: the debug kernels here),
 * and glibc then aborts: "The futex facility returned an unexpected error
 * code".  pthread_tryjoin_np() never waits, and usleep() takes
 * clock_nanosleep_time64 where the kernel has it.  tests/style.sh checks
 * that no 32-bit program waits the other way.  Header-only, as device.h.
 */
#ifndef SOE_JOIN_H
#define SOE_JOIN_H

#include <errno.h>
#include <pthread.h>
#include <unistd.h>

/* Wait for t to end, and reap it; its return value is dropped. */
static inline void thread_join(pthread_t t)
{
	while (pthread_tryjoin_np(t, NULL) == EBUSY)
		usleep(1000);
}

#endif /* SOE_JOIN_H */
