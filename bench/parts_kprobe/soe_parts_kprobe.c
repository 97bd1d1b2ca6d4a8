// SPDX-License-Identifier: GPL-2.0
/*
 * soe_parts_kprobe: a kprobe whose handler does one part of what
 * sockopt_events' handler does per event, so that `make bench` can say what
 * each part costs on top of the empty kprobe.  The `part` parameter names
 * it:
 *
 *   clock   ktime_get_real_ns(), the record's timestamp
 *   record  a 256-byte record on the stack, zeroed once (memset(), which
 *           the compiler merges with the kernel's INIT_STACK_ALL_ZERO, as in
 *           the handler's record_call()) and copied into a global slot: the
 *           record's trips through memory
 *   lock    raw_spin_lock_irqsave() and unlock on a global lock, nothing
 *           inside: the ring's lock
 *   notify  the test that decides whether to wake a reader
 *           (waitqueue_active() on an empty queue, under the ring's lock)
 *   ids     what fill_task() does: pids (none looked up in the initial pid
 *           namespace), the parent's, uids and gids, the cgroup id, the
 *           namespace inode numbers and comm
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
#include <linux/cgroup.h>
#include <linux/nsproxy.h>
#include <linux/utsname.h>
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
	WRITE_ONCE(sink, waitqueue_active(&wq));
	return 0;
}

/* As fill_task() in module/probe.c, into a throwaway record. */
static int ids_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct task_struct *task = current, *parent;
	struct pid_namespace *ns = task_active_pid_ns(task);
	const struct cred *cred = current_cred();
	struct nsproxy *nsp = task->nsproxy;
	struct {
		u32 ids[7];
		u32 uids[4];
		u32 ns[4];
		u64 cgroup_id;
		char comm[TASK_COMM_LEN];
	} r;
	size_t len;

	r.ids[0] = task->tgid;
	r.ids[1] = task->pid;
	rcu_read_lock();
	parent = rcu_dereference(task->real_parent);
	r.ids[2] = parent->tgid;
	if (ns == &init_pid_ns) {
		r.ids[3] = r.ids[0];
		r.ids[4] = r.ids[1];
		r.ids[5] = r.ids[2];
		r.ids[6] = ns->ns.inum;
	} else if (ns) {
		r.ids[3] = task_tgid_nr_ns(task, ns);
		r.ids[4] = task_pid_nr_ns(task, ns);
		r.ids[5] = task_tgid_nr_ns(parent, ns);
		r.ids[6] = ns->ns.inum;
	}
	r.cgroup_id = cgroup_id(task_dfl_cgroup(task));
	rcu_read_unlock();
	r.uids[0] = __kuid_val(cred->uid);
	r.uids[1] = __kuid_val(cred->euid);
	r.uids[2] = __kgid_val(cred->gid);
	r.uids[3] = __kgid_val(cred->egid);
	r.ns[0] = cred->user_ns->ns.inum;
	if (nsp) {
		r.ns[1] = nsp->uts_ns->ns.inum;
		r.ns[2] = nsp->cgroup_ns->ns.inum;
	}
	memcpy(r.comm, task->comm, sizeof(r.comm));
	r.comm[sizeof(r.comm) - 1] = '\0';
	len = strnlen(r.comm, sizeof(r.comm));
	memset(r.comm + len, 0, sizeof(r.comm) - len);
	barrier_data(&r);
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
