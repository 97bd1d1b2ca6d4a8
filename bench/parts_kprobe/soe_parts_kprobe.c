// SPDX-License-Identifier: GPL-2.0
/*
 * soe_parts_kprobe: a kprobe whose handler does one part of what
 * sockopt_events' handler does per event, so that `make bench` can say what
 * each part costs on top of the empty kprobe.  The `part` parameter names
 * it:
 *
 *   clock   ktime_get_real_ns(), the record's timestamp
 *   record  a 256-byte record on the stack, zeroed twice (the kernel's
 *           INIT_STACK_ALL_ZERO at entry, then memset(), as the handler's
 *           record is) and copied into a global slot: the record's trips
 *           through memory
 *   lock    raw_spin_lock_irqsave() and unlock on a global lock, nothing
 *           inside: the ring's lock
 *   notify  the full barrier and wait-queue test that decide whether to
 *           wake a reader (wq_has_sleeper() on an empty queue)
 *   ids     the task's pids in its namespace, its parent's, its uids and
 *           gids in the initial namespace
 *   user    the syscall's arguments and a 4-byte non-faulting copy of the
 *           option value
 *
 * Results go to globals that nothing reads, so that no part is optimised
 * away.
 */
#include <linux/module.h>
#include <linux/kprobes.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/pid_namespace.h>
#include <linux/cred.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <asm/syscall.h>

#define RECORD_SIZE 256		/* SOE_RECORD_SIZE */
#define SLOTS 16

struct record {
	u32 cpu;
	u8 rest[RECORD_SIZE - sizeof(u32)];
};

static char *part = "clock";
module_param(part, charp, 0444);
MODULE_PARM_DESC(part, "What the handler does: clock, record, lock, notify, ids or user");

static char *symbol = "security_socket_setsockopt";
module_param(symbol, charp, 0444);
MODULE_PARM_DESC(symbol, "The function to probe (default: security_socket_setsockopt)");

static struct record slots[SLOTS];
static unsigned int next_slot;
static DEFINE_RAW_SPINLOCK(lock);
static DECLARE_WAIT_QUEUE_HEAD(wq);
static u64 sink;

static int clock_handler(struct kprobe *p, struct pt_regs *regs)
{
	WRITE_ONCE(sink, ktime_get_real_ns());
	return 0;
}

static int record_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct record rec, *slot;

	/* Where the handler calls its filter: rec is zeroed by now. */
	barrier_data(&rec);
	memset(&rec, 0, sizeof(rec));
	rec.cpu = smp_processor_id();
	/* Where the handler fills the record through calls. */
	barrier_data(&rec);
	slot = &slots[next_slot++ % SLOTS];
	*slot = rec;
	barrier_data(slot);
	return 0;
}

static int lock_handler(struct kprobe *p, struct pt_regs *regs)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&lock, flags);
	raw_spin_unlock_irqrestore(&lock, flags);
	return 0;
}

static int notify_handler(struct kprobe *p, struct pt_regs *regs)
{
	WRITE_ONCE(sink, wq_has_sleeper(&wq));
	return 0;
}

static int ids_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct task_struct *task = current, *parent;
	struct pid_namespace *ns = task_active_pid_ns(task);
	const struct cred *cred = current_cred();
	u64 v;

	v = task_tgid_nr_ns(task, ns) + task_pid_nr_ns(task, ns);
	rcu_read_lock();
	parent = rcu_dereference(task->real_parent);
	v += parent->tgid + task_tgid_nr_ns(parent, ns);
	rcu_read_unlock();
	v += from_kuid(&init_user_ns, cred->uid) +
	     from_kuid(&init_user_ns, cred->euid) +
	     from_kgid(&init_user_ns, cred->gid) +
	     from_kgid(&init_user_ns, cred->egid);
	WRITE_ONCE(sink, v);
	return 0;
}

static int user_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct pt_regs *uregs = task_pt_regs(current);
	unsigned long args[6];
	u32 v = 0;

	if (current->flags & PF_KTHREAD ||
	    syscall_get_nr(current, uregs) != __NR_setsockopt)
		return 0;
	syscall_get_arguments(current, uregs, args);
	if (copy_from_user_nofault(&v, (const void __user *)args[3], sizeof(v)))
		v = ~0U;
	WRITE_ONCE(sink, v);
	return 0;
}

static const struct {
	const char *name;
	kprobe_pre_handler_t handler;
} parts[] = {
	{ "clock", clock_handler },
	{ "record", record_handler },
	{ "lock", lock_handler },
	{ "notify", notify_handler },
	{ "ids", ids_handler },
	{ "user", user_handler },
};

static struct kprobe parts_kp;

static int __init parts_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(parts); i++)
		if (!strcmp(part, parts[i].name))
			break;
	if (i == ARRAY_SIZE(parts)) {
		pr_err("part=%s: not one of clock, record, lock, notify, ids, user\n",
		       part);
		return -EINVAL;
	}
	parts_kp.symbol_name = symbol;
	parts_kp.pre_handler = parts[i].handler;
	ret = register_kprobe(&parts_kp);
	if (ret) {
		pr_err("cannot probe %s: register_kprobe failed (%d)\n",
		       symbol, ret);
		return ret;
	}
	return 0;
}

static void __exit parts_exit(void)
{
	unregister_kprobe(&parts_kp);
}

module_init(parts_init);
module_exit(parts_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("One part of sockopt_events' handler, for its bench");
