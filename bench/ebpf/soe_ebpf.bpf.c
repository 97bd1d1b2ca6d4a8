// SPDX-License-Identifier: GPL-2.0
/*
 * The bench's eBPF anchor: what sockopt_events' kprobe does, as far as eBPF
 * can, in a kprobe on security_socket_setsockopt(sock, level, optname).
 * One 256-byte record (soe_ebpf.h) per call, gathered on the stack and
 * copied into a BPF ring buffer (soe_ring) or a perf buffer (soe_perf),
 * as the module gathers its record on the stack and copies it into its
 * ring.  When the buffer is full the copy fails and is counted: a BPF
 * buffer never overwrites.
 *
 * CO-RE: the kernel structures below are our own minimal definitions,
 * relocated by libbpf against the running kernel's BTF, so no vmlinux.h is
 * needed.  Only the fields named here are read; their offsets come from
 * the kernel's BTF at load time.  x86-64 only, like the module.
 */
#include <linux/types.h>
#include <linux/bpf.h>

#define __pai __attribute__((preserve_access_index))

struct pt_regs {
	unsigned long bx, cx, dx, si, di, bp, r10, r8, orig_ax;
} __pai;

struct ns_common {
	unsigned int inum;
} __pai;

struct pid_namespace {
	struct ns_common ns;
} __pai;

struct upid {
	int nr;
	struct pid_namespace *ns;
} __pai;

struct pid {
	unsigned int level;
	struct upid numbers[1];
} __pai;

struct uts_namespace {
	struct ns_common ns;
} __pai;

struct mnt_namespace {
	struct ns_common ns;
} __pai;

struct cgroup_namespace {
	struct ns_common ns;
} __pai;

struct user_namespace {
	struct ns_common ns;
} __pai;

struct net {
	struct ns_common ns;
} __pai;

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct mnt_namespace *mnt_ns;
	struct cgroup_namespace *cgroup_ns;
} __pai;

typedef struct {
	__u32 val;
} kuid_t;

typedef struct {
	__u32 val;
} kgid_t;

struct cred {
	kuid_t uid;
	kgid_t gid;
	kuid_t euid;
	kgid_t egid;
	struct user_namespace *user_ns;
} __pai;

struct thread_info {
	__u32 status;
} __pai;

struct task_struct {
	struct thread_info thread_info;
	unsigned int flags;
	int pid;
	int tgid;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	struct pid *thread_pid;
	const struct cred *cred;
	struct nsproxy *nsproxy;
} __pai;

struct in6_addr {
	__u8 s6_addr[16];
};

typedef struct {
	struct net *net;
} possible_net_t;

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	int skc_bound_dev_if;
	possible_net_t skc_net;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
} __pai;

struct sock {
	struct sock_common __sk_common;
	__u16 sk_type;
	__u16 sk_protocol;
} __pai;

struct inet_sock {
	__be16 inet_sport;
} __pai;

struct socket {
	short type;
	struct sock *sk;
} __pai;

struct inode {
	unsigned long i_ino;
} __pai;

struct socket_alloc {
	struct socket socket;
	struct inode vfs_inode;
} __pai;

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "soe_ebpf.h"

/* The kernel's constants (x86-64), as in the module's headers. */
#define AF_INET			2
#define AF_INET6		10
#define PF_IO_WORKER		0x00000010
#define PF_KTHREAD		0x00200000
#define TS_COMPAT		0x0002
#define X32_SYSCALL_BIT		0x40000000
#define NR_SETSOCKOPT		54
#define NR_IO_URING_ENTER	426
#define NR32_SOCKETCALL		102
#define NR32_SETSOCKOPT		366
#define NR32_IO_URING_ENTER	426
#define SYS_SETSOCKOPT		14

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);	/* 1 MiB, as the module's 4096 records */
} soe_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} soe_perf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SOE_EBPF_NCOUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} soe_counters SEC(".maps");

/* One sequence for all CPUs, as the module's (an atomic add, shared). */
__u64 soe_seq;

/*
 * Set by the loader: wake the ring buffer's reader only once a quarter of
 * the ring is unread (it also polls with a timeout), as the module wakes
 * its readers, instead of whenever it has caught up (the ring buffer's
 * default, which under a steady stream is every few records).
 */
const volatile int soe_batch_wakeups;

static __always_inline void count(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&soe_counters, &which);

	if (n)
		*n += 1;
}

/*
 * &pid->numbers[level]: past what BTF says numbers[] holds, so computed.
 * 6.1's verifier adds to a BTF pointer only an offset it can bound, and
 * bounds a product only by a constant known at load: so a shift, for the
 * 16-byte struct upid of x86-64 (checked: pid_upid() gives NULL if not).
 * Pid namespaces nest at most MAX_PID_NS_LEVEL (32) deep: the mask is a
 * no-op.
 */
static __always_inline struct upid *pid_upid(struct pid *pid, unsigned int level)
{
	if (bpf_core_type_size(struct upid) != 16)
		return 0;
	return (void *)pid + bpf_core_field_offset(struct pid, numbers) +
	       ((__u64)(level & 63) << 4);
}

/* The nr of pid in ns (at level), or 0 if pid is not seen there. */
static __always_inline __u32 pid_nr_in(struct pid *pid, unsigned int level,
				       struct pid_namespace *ns)
{
	struct upid *up;

	if (!pid || pid->level < level)
		return 0;
	up = pid_upid(pid, level);
	if (BPF_CORE_READ(up, ns) != ns)
		return 0;
	return BPF_CORE_READ(up, nr);
}

/*
 * The task is a BTF pointer (bpf_get_current_task_btf()): its fields, and
 * the fields of what it points to, are read with plain loads, which the
 * verifier turns into loads that cannot fault, with no helper call.  The
 * socket is not (a kprobe's arguments are plain numbers): it is read with
 * BPF_CORE_READ(), one bpf_probe_read_kernel() per field.
 */
static __always_inline void fill_task(struct soe_ebpf_event *ev,
				      struct task_struct *task)
{
	struct task_struct *parent = task->real_parent;
	struct pid *pid = task->thread_pid;
	const struct cred *cred = task->cred;
	struct nsproxy *nsp = task->nsproxy;
	struct pid_namespace *ns;
	unsigned int level;
	struct upid *up;

	ev->host_pid = task->tgid;
	ev->host_tid = task->pid;
	ev->host_ppid = parent->tgid;

	/*
	 * task_active_pid_ns(): the namespace of the task's own pid.  The
	 * upid, at a computed address, is read with helpers.
	 */
	if (pid) {
		level = pid->level;
		up = pid_upid(pid, level);
		ns = BPF_CORE_READ(up, ns);
		ev->tid = BPF_CORE_READ(up, nr);
		ev->pid = pid_nr_in(task->group_leader->thread_pid, level, ns);
		ev->ppid = pid_nr_in(parent->group_leader->thread_pid, level, ns);
		ev->pid_ns = BPF_CORE_READ(ns, ns.inum);
	}
	ev->cgroup_id = bpf_get_current_cgroup_id();

	ev->uid = cred->uid.val;
	ev->euid = cred->euid.val;
	ev->gid = cred->gid.val;
	ev->egid = cred->egid.val;
	ev->user_ns = cred->user_ns->ns.inum;
	if (nsp) {
		ev->uts_ns = nsp->uts_ns->ns.inum;
		ev->cgroup_ns = nsp->cgroup_ns->ns.inum;
		ev->mnt_ns = nsp->mnt_ns->ns.inum;
	}
	bpf_get_current_comm(ev->comm, sizeof(ev->comm));
}

static __always_inline void fill_optval(struct soe_ebpf_event *ev,
					const void *optval)
{
	__u32 len;

	if (!optval) {
		ev->flags |= SOE_EBPF_F_OPTVAL_NULL;
		return;
	}
	if (ev->optlen <= 0)
		return;
	len = ev->optlen;
	if (len > SOE_EBPF_OPTVAL_MAX) {
		len = SOE_EBPF_OPTVAL_MAX;
		ev->flags |= SOE_EBPF_F_OPTVAL_TRUNC;
	}
	if (bpf_probe_read_user(ev->optval, len, optval)) {
		__builtin_memset(ev->optval, 0, sizeof(ev->optval));
		ev->flags |= SOE_EBPF_F_OPTVAL_FAULT;
		return;
	}
	ev->optval_len = len;
}

/*
 * fd, optval and optlen from the syscall the task is in, when it is a
 * setsockopt whose level and optname are the hook's: module/probe.c
 * fill_call(), with the syscall numbers of x86-64 and i386.
 */
static __always_inline void fill_call(struct soe_ebpf_event *ev,
				      struct task_struct *task)
{
	unsigned int flags = task->flags;
	unsigned long args[5];
	struct pt_regs *regs;
	__u32 sc_args[5];
	long nr;

	ev->fd = -1;
	if (flags & PF_IO_WORKER) {
		ev->syscall = SOE_EBPF_SYSCALL_IO_URING;
		return;
	}
	if (flags & PF_KTHREAD)
		return;

	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	nr = regs->orig_ax;
	if (task->thread_info.status & TS_COMPAT) {
		ev->flags |= SOE_EBPF_F_COMPAT;
		args[0] = (__u32)regs->bx;
		args[1] = (__u32)regs->cx;
		args[2] = (__u32)regs->dx;
		args[3] = (__u32)regs->si;
		args[4] = (__u32)regs->di;
		if (nr == NR32_SOCKETCALL && args[0] == SYS_SETSOCKOPT) {
			if (bpf_probe_read_user(sc_args, sizeof(sc_args),
						(void *)args[1]))
				return;
			args[0] = sc_args[0];
			args[1] = sc_args[1];
			args[2] = sc_args[2];
			args[3] = sc_args[3];
			args[4] = sc_args[4];
			ev->syscall = SOE_EBPF_SYSCALL_SOCKETCALL;
		} else if (nr == NR32_SETSOCKOPT) {
			ev->syscall = SOE_EBPF_SYSCALL_SETSOCKOPT;
		} else if (nr == NR32_IO_URING_ENTER) {
			ev->syscall = SOE_EBPF_SYSCALL_IO_URING;
			return;
		} else {
			return;
		}
	} else if (nr & X32_SYSCALL_BIT) {
		ev->flags |= SOE_EBPF_F_X32;
		return;
	} else if (nr == NR_SETSOCKOPT) {
		args[0] = regs->di;
		args[1] = regs->si;
		args[2] = regs->dx;
		args[3] = regs->r10;
		args[4] = regs->r8;
		ev->syscall = SOE_EBPF_SYSCALL_SETSOCKOPT;
	} else if (nr == NR_IO_URING_ENTER) {
		ev->syscall = SOE_EBPF_SYSCALL_IO_URING;
		return;
	} else {
		return;
	}

	if ((int)args[1] != ev->level || (int)args[2] != ev->optname) {
		ev->syscall = SOE_EBPF_SYSCALL_UNKNOWN;
		return;
	}
	ev->fd = (int)args[0];
	ev->optlen = (int)args[4];
	fill_optval(ev, (const void *)args[3]);
}

static __always_inline void fill_sock(struct soe_ebpf_event *ev,
				      struct socket *sock)
{
	struct socket_alloc *sa = (void *)sock -
		bpf_core_field_offset(struct socket_alloc, socket);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	struct inet_sock *inet = (void *)sk;

	ev->socket_inode = BPF_CORE_READ(sa, vfs_inode.i_ino);
	ev->sock_type = BPF_CORE_READ(sock, type);
	if (!sk) {
		ev->flags |= SOE_EBPF_F_NO_SOCK;
		return;
	}
	ev->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	ev->protocol = BPF_CORE_READ(sk, sk_protocol);
	ev->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	ev->net_ns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);

	if (ev->family == AF_INET) {
		ev->local.port = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
		BPF_CORE_READ_INTO((__u32 *)ev->local.addr, sk,
				   __sk_common.skc_rcv_saddr);
		ev->remote.port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		BPF_CORE_READ_INTO((__u32 *)ev->remote.addr, sk,
				   __sk_common.skc_daddr);
	} else if (ev->family == AF_INET6) {
		ev->local.port = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
		BPF_CORE_READ_INTO(&ev->local.addr, sk,
				   __sk_common.skc_v6_rcv_saddr);
		ev->local.scope_id = BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if);
		ev->remote.port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		BPF_CORE_READ_INTO(&ev->remote.addr, sk,
				   __sk_common.skc_v6_daddr);
		ev->remote.scope_id = ev->local.scope_id;
	}
}

static __always_inline void fill(struct soe_ebpf_event *ev, struct pt_regs *ctx)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct socket *sock = (void *)ctx->di;

	__builtin_memset(ev, 0, sizeof(*ev));
	ev->seq = __sync_fetch_and_add(&soe_seq, 1);
	ev->timestamp_ns = bpf_ktime_get_ns();
	ev->cpu = bpf_get_smp_processor_id();
	ev->level = (int)ctx->si;
	ev->optname = (int)ctx->dx;
	fill_task(ev, task);
	fill_call(ev, task);
	if (sock)
		fill_sock(ev, sock);
}

SEC("kprobe/security_socket_setsockopt")
int soe_ring_probe(struct pt_regs *ctx)
{
	struct soe_ebpf_event ev;

	__u64 wake = 0;	/* the default: wake the reader if it has caught up */

	fill(&ev, ctx);
	if (soe_batch_wakeups)
		wake = bpf_ringbuf_query(&soe_ring, BPF_RB_AVAIL_DATA) >=
		       (1 << 20) / 4 ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_output(&soe_ring, &ev, sizeof(ev), wake))
		count(SOE_EBPF_DROPPED);
	else
		count(SOE_EBPF_WRITTEN);
	return 0;
}

SEC("kprobe/security_socket_setsockopt")
int soe_perf_probe(struct pt_regs *ctx)
{
	struct soe_ebpf_event ev;

	fill(&ev, ctx);
	if (bpf_perf_event_output(ctx, &soe_perf, BPF_F_CURRENT_CPU, &ev,
				  sizeof(ev)))
		count(SOE_EBPF_DROPPED);
	else
		count(SOE_EBPF_WRITTEN);
	return 0;
}
