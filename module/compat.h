/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels sockopt_events builds for lives here,
 * so that the rest of the module reads as if there were one kernel.  Kbuild
 * force-includes this file into every object.
 *
 * Target range: x86-64 kernels 4.14 to 6.12, of which 4.19 to 6.12 are
 * built and booted by make check (README.md, Kernels).  Each entry names
 * the release that changed the interface.  Distribution kernels backport
 * interfaces without changing their version (RHEL 8's 4.18 carries many 5.x
 * ones), so no entry tests the version: where a macro marks the interface
 * (CAP_PERFMON, PF_IO_WORKER, __NR_*), the entry tests the macro, and
 * otherwise it tests SOE_HAVE_NAME from soe_features.h, which Kbuild
 * generates by compiling the feature test module/features/NAME.c against
 * the kernel being built for (see Kbuild and module/features.sh): the
 * interface is there if its test compiles.
 */
#ifndef _SOE_COMPAT_H
#define _SOE_COMPAT_H

#include "soe_features.h"
#include <linux/uaccess.h>
#include <linux/compat.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/cgroup.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <asm/syscall.h>

/*
 * A copy from user memory that neither faults nor sleeps, for the probe
 * handler: copy_from_user_nofault() since 5.8, probe_user_read() in 5.3 to
 * 5.7, and before that an in-atomic copy with page faults disabled.
 */
#if defined(SOE_HAVE_COPY_FROM_USER_NOFAULT)
#define soe_copy_from_user_nofault copy_from_user_nofault
#elif defined(SOE_HAVE_PROBE_USER_READ)
#define soe_copy_from_user_nofault probe_user_read
#else
static inline long soe_copy_from_user_nofault(void *dst,
					      const void __user *src,
					      size_t size)
{
	long ret;

	/* access_ok() lost its access type in 5.0. */
#ifdef SOE_HAVE_ACCESS_OK_2ARG
	if (!access_ok(src, size))
#else
	if (!access_ok(VERIFY_READ, src, size))
#endif
		return -EFAULT;
	pagefault_disable();
	ret = __copy_from_user_inatomic(dst, src, size);
	pagefault_enable();
	return ret ? -EFAULT : 0;
}
#endif

/* syscall_get_arguments() lost its (i, n) parameters in 5.1. */
#ifdef SOE_HAVE_SYSCALL_GET_ARGUMENTS_3ARG
#define soe_syscall_get_arguments(task, regs, args) \
	syscall_get_arguments(task, regs, args)
#else
#define soe_syscall_get_arguments(task, regs, args) \
	syscall_get_arguments(task, regs, 0, 6, args)
#endif

/*
 * The i386 entry points to setsockopt on a 64-bit kernel, and whether the
 * current syscall came through them: in_ia32_syscall(), not
 * in_compat_syscall(), which is true for x32 too.  Only x86 is wired up.
 */
#if defined(CONFIG_X86_64) && defined(CONFIG_IA32_EMULATION)
#include <asm/unistd_32_ia32.h>
#define SOE_NR_COMPAT_SETSOCKOPT	__NR_ia32_setsockopt
#define SOE_NR_COMPAT_SOCKETCALL	__NR_ia32_socketcall
#ifdef __NR_ia32_io_uring_enter
#define SOE_NR_COMPAT_IO_URING_ENTER	__NR_ia32_io_uring_enter
#else
#define SOE_NR_COMPAT_IO_URING_ENTER	(-1)
#endif
#define soe_in_ia32_syscall()		in_ia32_syscall()
#define soe_compat_ptr(uptr)		compat_ptr(uptr)
#else
#define SOE_NR_COMPAT_SETSOCKOPT	(-1)
#define SOE_NR_COMPAT_SOCKETCALL	(-1)
#define SOE_NR_COMPAT_IO_URING_ENTER	(-1)
#define soe_in_ia32_syscall()		false
/* compat_ptr() needs CONFIG_COMPAT on 4.14; this one is never called. */
#define soe_compat_ptr(uptr)		((void __user *)(unsigned long)(uptr))
#endif

/*
 * x32 (CONFIG_X86_X32_ABI, CONFIG_X86_X32 before 5.18): the syscall number
 * carries __X32_SYSCALL_BIT in orig_ax.  setsockopt has an x32 number of
 * its own, 541, from 3.4 to 6.12 (compat_sys_setsockopt up to 5.9,
 * sys_setsockopt since); io_uring_enter has the common one.  Either way the
 * kernel takes the whole 64-bit registers as the arguments, as for a 64-bit
 * task.  Without x32 in the kernel no syscall has these numbers.
 */
#include <asm/unistd_64_x32.h>
#ifdef __NR_x32_setsockopt
#define SOE_NR_X32_SETSOCKOPT		(__X32_SYSCALL_BIT | __NR_x32_setsockopt)
#else
#define SOE_NR_X32_SETSOCKOPT		(-1)
#endif

/*
 * The hook's first three arguments, from the registers at the probed
 * function's entry: regs_get_kernel_argument() came to x86 in 4.20.  Only
 * x86-64 kernels are supported (dkms.conf's BUILD_EXCLUSIVE_ARCH).
 */
#if !defined(CONFIG_X86_64)
#error "sockopt_events supports x86-64 kernels only"
#elif defined(SOE_HAVE_REGS_GET_KERNEL_ARGUMENT)
#define soe_kprobe_arg(regs, n) regs_get_kernel_argument(regs, n)
#else
static inline unsigned long soe_kprobe_arg(struct pt_regs *regs, unsigned int n)
{
	switch (n) {
	case 0:
		return regs->di;
	case 1:
		return regs->si;
	case 2:
		return regs->dx;
	}
	return 0;
}
#endif

/* io_uring_enter(2), from whose context io_uring may reach the hook (6.7). */
#ifdef __NR_io_uring_enter
#define SOE_NR_IO_URING_ENTER		__NR_io_uring_enter
#define SOE_NR_X32_IO_URING_ENTER	(__X32_SYSCALL_BIT | __NR_io_uring_enter)
#else
#define SOE_NR_IO_URING_ENTER		(-1)
#define SOE_NR_X32_IO_URING_ENTER	(-1)
#endif

/*
 * The file at fd in a file table, without a reference: the caller holds
 * rcu_read_lock() and only compares the pointer.  __fcheck_files() was
 * renamed files_lookup_fd_raw() in 5.11.
 */
#include <linux/fdtable.h>
#ifdef SOE_HAVE_FILES_LOOKUP_FD_RAW
#define soe_files_lookup_fd_raw(files, fd) files_lookup_fd_raw(files, fd)
#else
#define soe_files_lookup_fd_raw(files, fd) __fcheck_files(files, fd)
#endif

/*
 * The cgroup v2 id of a task (call under rcu_read_lock()): kernfs node ids
 * became a plain u64 in 5.5, when cgroup_id() appeared; before that the id
 * lives in kn->id.id.
 */
#ifdef CONFIG_CGROUPS
#ifdef SOE_HAVE_CGROUP_ID
#define soe_task_cgroup_id(task) cgroup_id(task_dfl_cgroup(task))
#else
#define soe_task_cgroup_id(task) (task_dfl_cgroup(task)->kn->id.id)
#endif
#define soe_cgroup_ns_inum(nsp) ((nsp)->cgroup_ns->ns.inum)
#else
#define soe_task_cgroup_id(task) 0
#define soe_cgroup_ns_inum(nsp) 0
#endif

/*
 * sk_type and sk_protocol were bit fields (16 and 8 bits), which READ_ONCE()
 * cannot take, until 5.6 made both u16 (for MPTCP).  RHEL 8 backported that
 * to 4.18, which its feature test finds; the plain read below is right for
 * both layouts.
 */
#ifdef SOE_HAVE_SK_TYPE_PROTOCOL_U16
#define soe_sk_type(sk) READ_ONCE((sk)->sk_type)
#define soe_sk_protocol(sk) READ_ONCE((sk)->sk_protocol)
#else
#define soe_sk_type(sk) ((sk)->sk_type)
#define soe_sk_protocol(sk) ((sk)->sk_protocol)
#endif

/*
 * A unix socket's peer: unix_peer() is in <net/af_unix.h> by 6.1, and
 * private to net/unix/af_unix.c up to 5.15 at least.
 */
#ifndef SOE_HAVE_UNIX_PEER
#define unix_peer(sk) (unix_sk(sk)->peer)
#endif

/*
 * PREEMPT_RT, where spinlock_t and rwlock_t sleep: the -rt patch set before
 * 5.4 spells the option CONFIG_PREEMPT_RT_FULL.
 */
#if defined(CONFIG_PREEMPT_RT) || defined(CONFIG_PREEMPT_RT_FULL)
#define SOE_PREEMPT_RT 1
#define SOE_PREEMPT_RT_NOTE "; PREEMPT_RT: local netlink addresses are not read"
#else
#define SOE_PREEMPT_RT 0
#define SOE_PREEMPT_RT_NOTE ""
#endif

/*
 * CAP_PERFMON and perfmon_capable() came together in 5.8; before them,
 * system-wide tracing needed CAP_SYS_ADMIN.  RHEL 8 backported both to 4.18,
 * so test the capability's macro, not the version.
 */
#ifdef CAP_PERFMON
#define soe_perfmon_capable() perfmon_capable()
#else
#define soe_perfmon_capable() capable(CAP_SYS_ADMIN)
#endif

/*
 * vm_flags_clear() came in 6.3, which made vma->vm_flags const to all but
 * the mm's helpers; before it, a driver's mmap() clears them in place.
 */
#if defined(SOE_HAVE_VM_FLAGS_CLEAR)
#define soe_vm_flags_clear(vma, flags) vm_flags_clear(vma, flags)
#else
#define soe_vm_flags_clear(vma, flags) ((vma)->vm_flags &= ~(flags))
#endif

/* io_uring reaches the hook from its own threads (PF_IO_WORKER, 5.12). */
#ifdef PF_IO_WORKER
#define SOE_PF_IO_WORKER PF_IO_WORKER
#else
#define SOE_PF_IO_WORKER 0
#endif

/* compat_ptr_ioctl() came in 5.5; our ioctl arguments are all pointers. */
#if defined(SOE_HAVE_COMPAT_PTR_IOCTL)
#define soe_compat_ptr_ioctl compat_ptr_ioctl
#elif defined(CONFIG_COMPAT)
static inline long soe_compat_ptr_ioctl(struct file *file, unsigned int cmd,
					unsigned long arg)
{
	if (!file->f_op->unlocked_ioctl)
		return -ENOIOCTLCMD;
	return file->f_op->unlocked_ioctl(file, cmd,
					  (unsigned long)compat_ptr(arg));
}
#else
#define soe_compat_ptr_ioctl NULL
#endif

/*
 * proto_ops->getname() returns the length since 4.17; before, it took an
 * int * for it.  Either way: a negative errno or the length.
 */
#ifdef SOE_HAVE_GETNAME_RETURNS_LEN
static inline int soe_sock_getname(struct socket *sock, struct sockaddr *addr,
				   int peer)
{
	return READ_ONCE(sock->ops)->getname(sock, addr, peer);
}
#else
static inline int soe_sock_getname(struct socket *sock, struct sockaddr *addr,
				   int peer)
{
	int len = 0, ret;

	ret = READ_ONCE(sock->ops)->getname(sock, addr, &len, peer);
	return ret ? ret : len;
}
#endif

/*
 * The poll method returns __poll_t, with the EPOLL* constants, since 4.16;
 * before, it returned unsigned int with the POLL* ones (the same bits).
 */
#include <linux/poll.h>
#ifndef SOE_HAVE_POLL_T
#define __poll_t unsigned int
#endif
#ifndef EPOLLIN
#define EPOLLIN POLLIN
#endif
#ifndef EPOLLRDNORM
#define EPOLLRDNORM POLLRDNORM
#endif

/*
 * sysfs_emit() came in 5.10, and stable kernels from 4.4 on got it in 2021
 * (with the iSCSI fixes for CVE-2021-27365).  Its declaration is read before
 * the macro is defined, so the macro is harmless where it exists.
 */
#include <linux/sysfs.h>
#ifndef SOE_HAVE_SYSFS_EMIT
#define sysfs_emit(buf, fmt, ...) scnprintf(buf, PAGE_SIZE, fmt, ##__VA_ARGS__)
#endif

/*
 * An irq_work that runs at the CPU's next tick instead of at once (the lazy
 * flag is as old as 3.9): IRQ_WORK_INIT_LAZY() and irq_work_is_pending()
 * since 5.11; before, the work's flags field is set by hand, an atomic_t in
 * 5.6 to 5.10 and a plain unsigned long before that.  Without any of these
 * the work runs at once and is queued without a look first: readers are
 * woken more often, nothing else changes.
 */
#include <linux/irq_work.h>
#if defined(IRQ_WORK_INIT_LAZY)
static inline void soe_init_irq_work_lazy(struct irq_work *work,
					  void (*func)(struct irq_work *))
{
	*work = IRQ_WORK_INIT_LAZY(func);
}

#define soe_irq_work_is_pending(work) irq_work_is_pending(work)
#elif defined(SOE_HAVE_IRQ_WORK_FLAGS_ATOMIC)
static inline void soe_init_irq_work_lazy(struct irq_work *work,
					  void (*func)(struct irq_work *))
{
	init_irq_work(work, func);
	atomic_set(&work->flags, IRQ_WORK_LAZY);
}

#define soe_irq_work_is_pending(work) \
	(atomic_read(&(work)->flags) & IRQ_WORK_PENDING)
#elif defined(SOE_HAVE_IRQ_WORK_FLAGS_ULONG)
static inline void soe_init_irq_work_lazy(struct irq_work *work,
					  void (*func)(struct irq_work *))
{
	init_irq_work(work, func);
	work->flags = IRQ_WORK_LAZY;
}

#define soe_irq_work_is_pending(work) \
	(READ_ONCE((work)->flags) & IRQ_WORK_PENDING)
#else
#define soe_init_irq_work_lazy(work, func) init_irq_work(work, func)
#define soe_irq_work_is_pending(work) false
#endif

/*
 * A timer whose callback gets the timer: timer_setup() since 4.15; before,
 * setup_timer() passed an unsigned long, here the timer's own address, to
 * a callback of that type (as 4.15's own conversion of timers did).
 */
#include <linux/timer.h>
#ifdef SOE_HAVE_TIMER_SETUP
#define soe_timer_setup(timer, func) timer_setup(timer, func, 0)
#else
#define soe_timer_setup(timer, func)					\
	setup_timer(timer, (void (*)(unsigned long))(func),		\
		    (unsigned long)(timer))
#endif

/*
 * Stop a timer for good and wait for its callback: timer_shutdown_sync()
 * since 6.2 (and stable series that took it), del_timer_sync() before, which
 * 6.2 deprecated; where we use it nothing arms the timer again anyway.
 */
#ifdef SOE_HAVE_TIMER_SHUTDOWN_SYNC
#define soe_timer_shutdown_sync(timer) timer_shutdown_sync(timer)
#else
#define soe_timer_shutdown_sync(timer) del_timer_sync(timer)
#endif

#endif /* _SOE_COMPAT_H */
