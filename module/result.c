// SPDX-License-Identifier: GPL-2.0
/*
 * How each call ends: the hook's verdict and the call's return value, in a
 * SOE_RECORD_RESULT written when the call returns (uapi header).
 *
 * The hook's probe (probe.c) is a kretprobe: its entry writes the event, its
 * return has the verdict.  The call's return value is the return of the
 * function the task entered the kernel by, which then calls the hook: the
 * syscalls' entry points and io_uring's socket command, each followed here
 * by a kretprobe of its own.  Entry points rather than the inner
 * __sys_setsockopt() or do_sock_setsockopt(): they are reached through the
 * syscall table or a function pointer, so the compiler cannot inline them
 * into a caller the probe would not see.  The list is one for every kernel;
 * each kernel has some of its names (4.19 and 5.4 enter a 32-bit
 * setsockopt() through the compat function, later kernels through the
 * native one; io_uring's command came in 6.7).
 *
 * Between the entry point and the hook a call in flight is found by its
 * task: at the entry point's entry the task's struct soe_call (its
 * kretprobe instance's data) goes into a small hash table keyed by the
 * task; the hook's entry finds it there and notes the event's seq, the
 * hook's return notes the verdict, and the entry point's return takes it
 * out and writes the result.  Only the task itself adds, finds and removes
 * its calls, so a call that sleeps, moves to another CPU or whose task is
 * killed in between is paired right: a killed task still returns from the
 * call, with an error, before it exits.  A call of a task's can run within
 * another of its calls only if the kernel runs io_uring work inside a
 * syscall: the newest is found first.  A hook reached with no call of the
 * task's in the table (the call began before the module was loaded, came
 * from inside the kernel, or was rejected by filters since changed) gets a
 * result with the verdict alone.
 */
#include <linux/kprobes.h>
#include <linux/hash.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/net.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>

#include "soe.h"

/* A call in flight, in its entry point's kretprobe instance. */
struct soe_call {
	struct hlist_node node;
	struct task_struct *task;
	u64 event_seq;
	s32 lsm_ret;
	bool has_event;		/* the hook was reached: event_seq is set */
	bool lsm_known;		/* the hook returned: lsm_ret is set */
	u8 syscall;		/* enum soe_syscall */
};

#define SOE_CALLS_BITS	8

/* Each bucket on a cache line of its own: tasks on other CPUs use others. */
static struct soe_calls_bucket {
	raw_spinlock_t lock;
	struct hlist_head calls;
} ____cacheline_aligned_in_smp soe_calls[1 << SOE_CALLS_BITS];

static struct soe_calls_bucket *bucket_of(struct task_struct *task)
{
	return &soe_calls[hash_ptr(task, SOE_CALLS_BITS)];
}

/* Result records written: see soe_percpu_sum(). */
static DEFINE_PER_CPU(u64, results);

static void write_result(u64 event_seq, const struct soe_call *call,
			 int lsm_ret, bool lsm_known, int ret, bool ret_known)
{
	struct soe_result *r;
	u64 seq;

	/* The return handlers may run with preemption on: the CPU must stay. */
	preempt_disable();
	seq = soe_ring_claim(1);
	r = soe_ring_slot(seq);
	soe_clear_record(r);
	soe_fill_header(&r->hdr, SOE_RECORD_RESULT);
	r->event_seq = event_seq;
	r->host_tid = current->pid;
	if (lsm_known) {
		r->hdr.flags |= SOE_RESULT_F_LSM;
		r->lsm_ret = lsm_ret;
	}
	if (ret_known) {
		r->hdr.flags |= SOE_RESULT_F_RET;
		r->ret = ret;
		r->syscall = call->syscall;
	}
	soe_ring_publish_result(seq);
	this_cpu_inc(results);
	preempt_enable();
}

static void call_enter(struct kretprobe_instance *ri, u8 syscall)
{
	struct soe_call *call = (struct soe_call *)ri->data;
	struct soe_calls_bucket *b = bucket_of(current);
	unsigned long flags;

	*call = (struct soe_call){ .task = current, .syscall = syscall };
	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_add_head(&call->node, &b->calls);
	raw_spin_unlock_irqrestore(&b->lock, flags);
}

/*
 * A call the filters will reject at the hook is not followed: it would
 * only cost the table's lock and the return's trampoline.  Its level and
 * optname are the syscall's (socketcall's are in user memory, and
 * io_uring's in the submission: those calls are followed whatever the
 * filters say).
 */
static int setsockopt_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long args[6];

	soe_syscall_get_arguments(current, task_pt_regs(current), args);
	if (!soe_filter_match((int)args[1], (int)args[2],
			      __kuid_val(current_uid())))
		return 1;	/* no return handler for this one */
	call_enter(ri, SOE_SYSCALL_SETSOCKOPT);
	return 0;
}

/* socketcall(2) serves every socket call: only SYS_SETSOCKOPT is followed. */
static int socketcall_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	unsigned long args[6];

	soe_syscall_get_arguments(current, task_pt_regs(current), args);
	if ((int)args[0] != SYS_SETSOCKOPT)
		return 1;	/* no return handler for this one */
	call_enter(ri, SOE_SYSCALL_SOCKETCALL);
	return 0;
}

static int uring_enter(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	call_enter(ri, SOE_SYSCALL_IO_URING);
	return 0;
}

static int call_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct soe_call *call = (struct soe_call *)ri->data;
	struct soe_calls_bucket *b = bucket_of(call->task);
	unsigned long flags;

	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_del(&call->node);
	raw_spin_unlock_irqrestore(&b->lock, flags);
	if (call->has_event)
		write_result(call->event_seq, call, call->lsm_ret,
			     call->lsm_known, (int)regs_return_value(regs), true);
	return 0;
}

/* The current task's newest call in flight, or NULL. */
static struct soe_call *current_call(void)
{
	struct soe_calls_bucket *b = bucket_of(current);
	struct soe_call *call, *found = NULL;
	unsigned long flags;

	raw_spin_lock_irqsave(&b->lock, flags);
	hlist_for_each_entry(call, &b->calls, node) {
		if (call->task == current) {
			found = call;
			break;
		}
	}
	raw_spin_unlock_irqrestore(&b->lock, flags);
	return found;
}

void soe_result_hooked(struct soe_hooked *h, u64 event_seq)
{
	struct soe_call *call = current_call();

	h->event_seq = event_seq;
	h->call = call;
	if (!call)
		return;
	/* Reached twice in one call (never seen): the first gets its verdict alone. */
	if (call->has_event)
		write_result(call->event_seq, call, call->lsm_ret,
			     call->lsm_known, 0, false);
	call->event_seq = event_seq;
	call->has_event = true;
	call->lsm_known = false;
}

void soe_result_verdict(const struct soe_hooked *h, int lsm_ret)
{
	struct soe_call *call = h->call;

	if (call && call->has_event && call->event_seq == h->event_seq) {
		call->lsm_ret = lsm_ret;
		call->lsm_known = true;
		return;
	}
	write_result(h->event_seq, NULL, lsm_ret, true, 0, false);
}

/*
 * Calls sleep in the kernel as long as they like (on a lock, or on a page
 * of their value that userfaultfd holds back), each holding an instance:
 * room for many.  A call that finds none is counted, and its result says
 * that its return value is unknown.
 */
#define SOE_CALLS_MIN	256U

/* The calls in flight a kretprobe has room for (its maxactive). */
unsigned int soe_calls_max(void)
{
	return max(SOE_CALLS_MIN, 16 * num_possible_cpus());
}

#define SOE_ENTRY(_symbol, _enter) {				\
	.kp.symbol_name = _symbol,				\
	.entry_handler = _enter,				\
	.handler = call_return,					\
	.data_size = sizeof(struct soe_call),			\
}

static struct kretprobe soe_entries[] = {
	SOE_ENTRY("__x64_sys_setsockopt", setsockopt_enter),
	SOE_ENTRY("__ia32_sys_setsockopt", setsockopt_enter),		/* 5.10 on */
	SOE_ENTRY("__ia32_compat_sys_setsockopt", setsockopt_enter),	/* to 5.9 */
	SOE_ENTRY("__x32_compat_sys_setsockopt", setsockopt_enter),	/* to 5.9 */
	SOE_ENTRY("__ia32_compat_sys_socketcall", socketcall_enter),
	SOE_ENTRY("io_uring_cmd_sock", uring_enter),			/* 6.7 on */
};

static bool soe_entry_on[ARRAY_SIZE(soe_entries)];

int soe_result_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(soe_calls); i++) {
		raw_spin_lock_init(&soe_calls[i].lock);
		INIT_HLIST_HEAD(&soe_calls[i].calls);
	}
	for (i = 0; i < ARRAY_SIZE(soe_entries); i++) {
		struct kretprobe *rp = &soe_entries[i];

		rp->maxactive = soe_calls_max();
		ret = register_kretprobe(rp);
		/*
		 * Not in this kernel: before 5.11 (commit 97c753e62e6c, not
		 * in every stable tree) a kretprobe on a symbol the kernel
		 * does not have fails with EINVAL rather than ENOENT.  The
		 * first entry point every kernel has: its failure is fatal.
		 */
		if (i && (ret == -ENOENT || ret == -EINVAL))
			continue;
		if (ret) {
			pr_err("cannot follow the returns of %s: register_kretprobe failed (%d)\n",
			       rp->kp.symbol_name, ret);
			goto err;
		}
		soe_entry_on[i] = true;
	}
	return 0;

err:
	soe_result_exit();
	return ret;
}

u64 soe_result_records(void)
{
	return soe_percpu_sum(&results);
}

u64 soe_result_missed(void)
{
	u64 missed = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(soe_entries); i++)
		missed += READ_ONCE(soe_entries[i].nmissed) +
			  READ_ONCE(soe_entries[i].kp.nmissed);
	return missed;
}

void soe_result_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(soe_entries); i++) {
		if (soe_entry_on[i])
			unregister_kretprobe(&soe_entries[i]);
		soe_entry_on[i] = false;
	}
}
