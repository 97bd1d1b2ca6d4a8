// SPDX-License-Identifier: GPL-2.0
/*
 * The probe on the LSM hook security_socket_setsockopt(sock, level, optname)
 * and what it gathers into one struct soe_event per call; the hook's return
 * goes to result.c, which writes the call's result.
 *
 * The handler runs with preemption disabled, on the calling task, for every
 * setsockopt() on the machine.  It takes no lock that can sleep, allocates
 * nothing, and reads user memory only through a copy that cannot fault.  The
 * socket is alive for the whole call (the caller holds the file), so its own
 * fields can be read directly; each is read once.
 */
#include <linux/kprobes.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/un.h>
#include <linux/netlink.h>
#include <linux/if_packet.h>
#include <linux/pid_namespace.h>
#include <linux/nsproxy.h>
#include <linux/utsname.h>
#include <linux/cred.h>
#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/user_namespace.h>
#include <linux/string.h>
#include <linux/rcupdate.h>
#include <linux/percpu.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/af_unix.h>
#include <net/net_namespace.h>

#include "soe.h"

static struct kretprobe soe_rp;

static void fill_task(struct soe_event *ev)
{
	struct task_struct *task = current, *parent;
	struct pid_namespace *pidns = task_active_pid_ns(task);
	const struct cred *cred = current_cred();
	struct nsproxy *nsp = task->nsproxy;
	size_t len;

	ev->host_pid = task->tgid;
	ev->host_tid = task->pid;

	rcu_read_lock();
	parent = rcu_dereference(task->real_parent);
	ev->host_ppid = parent->tgid;
	/*
	 * In the initial namespace the numbers are the ones above, with no
	 * lookup.  pidns is NULL only once the task has left its pids behind,
	 * at exit.
	 */
	if (pidns == &init_pid_ns) {
		ev->pid = ev->host_pid;
		ev->tid = ev->host_tid;
		ev->ppid = ev->host_ppid;
		ev->pid_ns = pidns->ns.inum;
	} else if (pidns) {
		ev->pid = task_tgid_nr_ns(task, pidns);
		ev->tid = task_pid_nr_ns(task, pidns);
		ev->ppid = task_tgid_nr_ns(parent, pidns);
		ev->pid_ns = pidns->ns.inum;
	}
	ev->cgroup_id = soe_task_cgroup_id(task);
	rcu_read_unlock();

	/* kuids and kgids are the ids of the initial user namespace. */
	ev->uid = __kuid_val(cred->uid);
	ev->euid = __kuid_val(cred->euid);
	ev->gid = __kgid_val(cred->gid);
	ev->egid = __kgid_val(cred->egid);

	ev->user_ns = cred->user_ns->ns.inum;
	if (nsp) {
		ev->uts_ns = nsp->uts_ns->ns.inum;
		ev->cgroup_ns = soe_cgroup_ns_inum(nsp);
	}

	/* comm may change under us (prctl): copy it once, then terminate. */
	memcpy(ev->comm, task->comm, sizeof(ev->comm));
	ev->comm[sizeof(ev->comm) - 1] = '\0';
	len = strnlen(ev->comm, sizeof(ev->comm));
	memset(ev->comm + len, 0, sizeof(ev->comm) - len);
}

/*
 * Whether cred has cap in ns, decided as the kernel's cap_capable() decides
 * (the same walk since before 4.19), without its LSM hook or audit: from
 * the task's own namespace, its effective set; in a namespace below it, every
 * capability once the walk reaches a namespace whose parent is the task's
 * and whose owner is the task's euid; elsewhere none.
 */
static bool soe_ns_capable(const struct cred *cred, struct user_namespace *ns,
			   int cap)
{
	for (;;) {
		if (ns == cred->user_ns)
			return cap_raised(cred->cap_effective, cap);
		if (ns->level <= cred->user_ns->level)
			return false;
		if (ns->parent == cred->user_ns && uid_eq(ns->owner, cred->euid))
			return true;
		ns = ns->parent;
	}
}

static u8 net_caps_in(const struct cred *cred, struct user_namespace *ns,
		      u8 net_admin, u8 net_raw)
{
	return (soe_ns_capable(cred, ns, CAP_NET_ADMIN) ? net_admin : 0) |
	       (soe_ns_capable(cred, ns, CAP_NET_RAW) ? net_raw : 0);
}

/*
 * The caller's capabilities (see the uapi header).  kernel_cap_t is two
 * u32s, low first, up to 6.2 and one u64 from 6.3: on a little-endian
 * machine both are the same 8 bytes in memory.  sk may be NULL.
 */
static void fill_caps(struct soe_event *ev, struct sock *sk)
{
	const struct cred *cred = current_cred();
	u64 caps;

	BUILD_BUG_ON(sizeof(cred->cap_effective) != sizeof(caps) ||
		     !IS_ENABLED(CONFIG_X86_64));
	memcpy(&caps, &cred->cap_effective, sizeof(caps));
	ev->cap_effective_lo = lower_32_bits(caps);
	ev->cap_effective_hi = upper_32_bits(caps) & 0xffff;
	ev->net_caps = net_caps_in(cred, &init_user_ns,
				   SOE_NET_CAP_INIT_NET_ADMIN,
				   SOE_NET_CAP_INIT_NET_RAW);
	if (sk)
		ev->net_caps |= SOE_NET_CAP_NETNS_KNOWN |
				net_caps_in(cred, sock_net(sk)->user_ns,
					    SOE_NET_CAP_NETNS_NET_ADMIN,
					    SOE_NET_CAP_NETNS_NET_RAW);
}

/*
 * Whether fd, in the current task's file table, is the hooked socket's
 * file.  Only the pointers are compared, so the file needs no reference;
 * the table is read under RCU, as fget() does before it takes one.  A
 * socket without a file (a kernel socket) is never the caller's fd.
 */
static bool fd_is_sock(int fd, struct socket *sock)
{
	struct files_struct *files = current->files;
	struct file *file;
	bool same;

	if (fd < 0 || !sock || !files)
		return false;
	file = READ_ONCE(sock->file);
	if (!file)
		return false;
	rcu_read_lock();
	same = soe_files_lookup_fd_raw(files, fd) == file;
	rcu_read_unlock();
	return same;
}

/*
 * The fd, optval and optlen are not hook arguments: they come from the
 * syscall the task is in, when that is a setsockopt whose level and optname
 * match the hook's and whose fd is the hooked socket.  Anything else leaves
 * fd at -1.  The fd check matters since 6.7: io_uring's setsockopt can run
 * as task work on the way out of the task's own setsockopt(), whose
 * registers then describe another call, on another socket.
 *
 * The kernel's 32-bit entry takes the low 32 bits of each register, also
 * for a 64-bit task that enters through int $0x80 with the upper halves
 * set: each argument is compared and used as the kernel's int or compat
 * pointer, never as the whole register.  x32 takes the whole registers, as
 * a 64-bit task does, under a syscall number of its own.
 */
static void fill_call(struct soe_event *ev, struct socket *sock, int level,
		      int optname, struct soe_fprog *prog)
{
	struct task_struct *task = current;
	unsigned long args[6];
	struct pt_regs *regs;
	u32 sc_args[5];
	long nr;

	ev->fd = -1;
	ev->level = level;
	ev->optname = optname;
	if (task->flags & SOE_PF_IO_WORKER) {
		ev->syscall = SOE_SYSCALL_IO_URING;
		return;
	}
	if (task->flags & PF_KTHREAD)
		return;

	regs = task_pt_regs(task);
	nr = syscall_get_nr(task, regs);
	soe_syscall_get_arguments(task, regs, args);

	if (soe_in_ia32_syscall()) {
		ev->hdr.flags |= SOE_F_COMPAT;
		if (nr == SOE_NR_COMPAT_SOCKETCALL &&
		    (int)args[0] == SYS_SETSOCKOPT) {
			if (soe_copy_from_user_nofault(sc_args,
						       soe_compat_ptr((u32)args[1]),
						       sizeof(sc_args)))
				return;
			for (nr = 0; nr < ARRAY_SIZE(sc_args); nr++)
				args[nr] = sc_args[nr];
			ev->syscall = SOE_SYSCALL_SOCKETCALL;
		} else if (nr == SOE_NR_COMPAT_SETSOCKOPT) {
			ev->syscall = SOE_SYSCALL_SETSOCKOPT;
		} else if (nr == SOE_NR_COMPAT_IO_URING_ENTER) {
			ev->syscall = SOE_SYSCALL_IO_URING;
			return;
		} else {
			return;
		}
		args[3] = (unsigned long)soe_compat_ptr((u32)args[3]);
	} else if (nr == __NR_setsockopt) {
		ev->syscall = SOE_SYSCALL_SETSOCKOPT;
	} else if (nr == SOE_NR_X32_SETSOCKOPT) {
		ev->hdr.flags |= SOE_F_X32;
		ev->syscall = SOE_SYSCALL_SETSOCKOPT;
	} else if (nr == SOE_NR_IO_URING_ENTER) {
		ev->syscall = SOE_SYSCALL_IO_URING;
		return;
	} else if (nr == SOE_NR_X32_IO_URING_ENTER) {
		ev->hdr.flags |= SOE_F_X32;
		ev->syscall = SOE_SYSCALL_IO_URING;
		return;
	} else {
		return;
	}

	if ((int)args[1] != level || (int)args[2] != optname ||
	    !fd_is_sock((int)args[0], sock)) {
		ev->syscall = SOE_SYSCALL_UNKNOWN;
		return;
	}
	ev->fd = (int)args[0];
	ev->optlen = (int)args[4];
	soe_fill_optval(ev, (const void __user *)args[3], prog);
}

static void fill_inet(struct soe_event *ev, struct sock *sk)
{
	struct soe_inet_addr *local = &ev->addr.inet.local;
	struct soe_inet_addr *remote = &ev->addr.inet.remote;
	__be32 saddr = READ_ONCE(sk->sk_rcv_saddr);
	__be32 daddr = READ_ONCE(sk->sk_daddr);

	local->port = ntohs(READ_ONCE(inet_sk(sk)->inet_sport));
	memcpy(local->addr, &saddr, sizeof(saddr));
	remote->port = ntohs(READ_ONCE(sk->sk_dport));
	memcpy(remote->addr, &daddr, sizeof(daddr));
}

/*
 * bind() and connect() write a socket's IPv6 addresses under the socket's
 * lock, which the handler cannot take, and 16 bytes take more than one
 * store: a copy made during such a write can mix the old address and the
 * new.  Two copies that agree are not enough: a writer held up between its
 * stores (an interrupt, a preempted vCPU) leaves the same mix for both.
 * The writer owns the socket (lock_sock()) from before its first store to
 * after its last, so a copy is kept when the socket was not owned after it
 * was made and a second copy made after that look agrees: a write under
 * way at the first copy either still owned the socket then, or had
 * finished, and the second copy holds the new address whole (equal to the
 * first only if that already was the new address).  x86 keeps stores, and
 * loads, in program order; smp_rmb() keeps the compiler from moving ours.
 * A socket another thread owns (a bind, a connect, a send in progress) for
 * all the tries gets its address flagged unknown.
 */
#if IS_ENABLED(CONFIG_IPV6)
#define SOE_IN6_TRIES 4

static bool copy_in6(u8 *dst, const struct in6_addr *src, const struct sock *sk)
{
	struct in6_addr a, b;
	int i;

	for (i = 0; i < SOE_IN6_TRIES; i++) {
		memcpy(&a, src, sizeof(a));
		/* The first copy before the look at the owner. */
		smp_rmb();
		if (sock_owned_by_user_nocheck(sk)) {
			cpu_relax();
			continue;
		}
		/* The look at the owner before the second copy. */
		smp_rmb();
		memcpy(&b, src, sizeof(b));
		if (!memcmp(&a, &b, sizeof(a))) {
			memcpy(dst, &a, sizeof(a));
			return true;
		}
	}
	return false;
}
#endif

static void fill_inet6(struct soe_event *ev, struct sock *sk)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct soe_inet_addr *local = &ev->addr.inet.local;
	struct soe_inet_addr *remote = &ev->addr.inet.remote;

	local->port = ntohs(READ_ONCE(inet_sk(sk)->inet_sport));
	if (!copy_in6(local->addr, &sk->sk_v6_rcv_saddr, sk))
		ev->hdr.flags |= SOE_F_LOCAL_UNKNOWN;
	local->scope_id = READ_ONCE(sk->sk_bound_dev_if);
	remote->port = ntohs(READ_ONCE(sk->sk_dport));
	if (!copy_in6(remote->addr, &sk->sk_v6_daddr, sk))
		ev->hdr.flags |= SOE_F_REMOTE_UNKNOWN;
	remote->scope_id = local->scope_id;
#endif
}

/*
 * A unix socket's name: its bytes, and its length in *len (0: none).  The
 * name is set once, at bind, and freed with the socket.
 */
static const u8 *unix_name(struct sock *sk, int *len)
{
	struct unix_address *ua;
	int n;

	*len = 0;
	/* Pairs with the release in unix_bind(), as in unix_getname(). */
	ua = smp_load_acquire(&unix_sk(sk)->addr);
	if (!ua)
		return NULL;
	n = ua->len - (int)offsetof(struct sockaddr_un, sun_path);
	if (n <= 0)
		return NULL;
	if (n > (int)sizeof(ua->name->sun_path))
		n = sizeof(ua->name->sun_path);
	/* A path name is stored with its terminating NUL: drop it. */
	if (ua->name->sun_path[0])
		n = strnlen(ua->name->sun_path, n);
	*len = n;
	return (const u8 *)ua->name->sun_path;
}

/*
 * The header of a record that comes with an event, in its slot: the
 * event's CPU and time; its seq is the ring's.
 */
static void fill_companion_header(struct soe_header *hdr,
				  const struct soe_event *ev, u16 type)
{
	hdr->magic = SOE_MAGIC;
	hdr->version = SOE_VERSION;
	hdr->size = SOE_RECORD_SIZE;
	hdr->type = type;
	hdr->cpu = ev->hdr.cpu;
	hdr->timestamp_ns = ev->hdr.timestamp_ns;
}

/* A unix socket's two names, as read once for a call's records. */
struct soe_unix_src {
	const u8 *local, *remote;
	int local_len, remote_len;
	bool remote_unknown;	/* a datagram socket's peer: not read */
	bool is_unix;		/* the rest is valid: an AF_UNIX socket */
};

/*
 * The caller holds our socket, so its name is safe to read.  A connected
 * stream or seqpacket socket holds a reference on its peer from connect()
 * until its own release, and never changes peer, so the peer's name is safe
 * too.  A datagram socket can connect elsewhere at any time, dropping its
 * reference on the old peer: that peer could be freed under us, and the
 * kernel's own readers take the state lock (a spinlock_t, which sleeps on
 * PREEMPT_RT) to read it.  It is not read.
 *
 * Each name is read once, here, before the call's records are claimed: the
 * names decide whether the call gets a names record.  Returns whether it
 * does (the names do not both fit in the event).
 */
static bool read_unix_names(struct socket *sock, struct soe_unix_src *un)
{
	struct sock *sk = READ_ONCE(sock->sk), *peer;

	if (!sk || READ_ONCE(sk->sk_family) != AF_UNIX)
		return false;
	un->is_unix = true;
	un->local = unix_name(sk, &un->local_len);
	peer = READ_ONCE(unix_peer(sk));
	if (peer && soe_sk_type(sk) == SOCK_DGRAM)
		un->remote_unknown = true;
	else if (peer)
		un->remote = unix_name(peer, &un->remote_len);
	return un->local_len + un->remote_len > SOE_UNIX_PATH_MAX;
}

/*
 * The event gets both lengths whole and as many bytes as fit; when a name is
 * cut, the record before it (fill_unix_names()) has both names whole.
 */
static void fill_unix(struct soe_event *ev, const struct soe_unix_src *src)
{
	struct soe_unix_addr *un = &ev->addr.un;
	int n;

	if (src->remote_unknown)
		ev->hdr.flags |= SOE_F_REMOTE_UNKNOWN;
	un->local_len = src->local_len;
	un->remote_len = src->remote_len;
	n = min(src->local_len, SOE_UNIX_PATH_MAX);
	if (n)
		memcpy(un->path, src->local, n);
	if (src->remote_len)
		memcpy(un->path + n, src->remote,
		       min(src->remote_len, SOE_UNIX_PATH_MAX - n));
	if (src->local_len + src->remote_len > SOE_UNIX_PATH_MAX)
		ev->hdr.flags |= SOE_F_ADDR_TRUNC | SOE_F_UNIX_NAMES;
}

/*
 * The names record, in its slot (hdr.seq is the ring's): both names whole,
 * with the event's CPU and time.
 */
static void fill_unix_names(struct soe_unix_names *names,
			    const struct soe_event *ev,
			    const struct soe_unix_src *src)
{
	soe_clear_record(names);
	fill_companion_header(&names->hdr, ev, SOE_RECORD_UNIX_NAMES);
	names->local_len = src->local_len;
	names->remote_len = src->remote_len;
	if (src->local_len)
		memcpy(names->local, src->local, src->local_len);
	if (src->remote_len)
		memcpy(names->remote, src->remote, src->remote_len);
}

/*
 * Netlink keeps its addresses in a structure private to net/netlink, so
 * they are read through the family's getname().  The peer's needs no lock;
 * the local one reads the groups under nl_table_lock, an rwlock, which is a
 * sleeping lock on PREEMPT_RT: there the local address is not read.
 */
static void fill_netlink(struct soe_event *ev, struct socket *sock)
{
	struct soe_netlink_addr *nl = &ev->addr.nl;
	struct sockaddr_storage ss;
	struct sockaddr_nl *snl = (struct sockaddr_nl *)&ss;

	if (SOE_PREEMPT_RT) {
		ev->hdr.flags |= SOE_F_LOCAL_UNKNOWN;
	} else if (soe_sock_getname(sock, (struct sockaddr *)&ss, 0) >= 0) {
		nl->local_pid = snl->nl_pid;
		nl->local_groups = snl->nl_groups;
	}
	if (soe_sock_getname(sock, (struct sockaddr *)&ss, 1) >= 0) {
		nl->remote_pid = snl->nl_pid;
		nl->remote_groups = snl->nl_groups;
	}
}

/*
 * Packet sockets too keep their binding, and their protocol (sk_protocol is
 * left 0), in a private structure; packet_getname() reads both without
 * locks (the device under RCU).  It
 * writes the device's hardware address after the sockaddr_ll, so it gets a
 * whole sockaddr_storage, as from the getsockname() syscall.  SOCK_PACKET
 * sockets name a device instead, which the record has no room for: their
 * address is flagged unknown.
 */
static void fill_packet(struct soe_event *ev, struct socket *sock)
{
	struct sockaddr_storage ss;
	struct sockaddr_ll *sll = (struct sockaddr_ll *)&ss;

	if (READ_ONCE(sock->type) == SOCK_PACKET) {
		ev->hdr.flags |= SOE_F_LOCAL_UNKNOWN;
		return;
	}
	if (soe_sock_getname(sock, (struct sockaddr *)&ss, 0) < 0)
		return;
	ev->protocol = ntohs(sll->sll_protocol);
	ev->addr.packet.protocol = ev->protocol;
	ev->addr.packet.ifindex = sll->sll_ifindex;
}

/* un: the names read_unix_names() read, for a unix socket. */
static void fill_sock(struct soe_event *ev, struct socket *sock,
		      const struct soe_unix_src *un)
{
	struct sock *sk = READ_ONCE(sock->sk);

	ev->socket_inode = SOCK_INODE(sock)->i_ino;
	ev->sock_type = READ_ONCE(sock->type);
	if (!sk) {
		ev->hdr.flags |= SOE_F_NO_SOCK;
		return;
	}

	ev->family = READ_ONCE(sk->sk_family);
	ev->protocol = soe_sk_protocol(sk);
	ev->state = READ_ONCE(sk->sk_state);
	ev->net_ns = sock_net(sk)->ns.inum;

	switch (ev->family) {
	case AF_INET:
		fill_inet(ev, sk);
		break;
	case AF_INET6:
		fill_inet6(ev, sk);
		break;
	case AF_UNIX:
		if (un->is_unix)
			fill_unix(ev, un);
		break;
	case AF_NETLINK:
		fill_netlink(ev, sock);
		break;
	case AF_PACKET:
		fill_packet(ev, sock);
		break;
	}
}

/*
 * A socket filter's program, in its slot after the event's (hdr.seq is the
 * ring's), with the event's CPU and time.  Every SO_ATTACH_FILTER-like call
 * gets one, also when the value held no program (it says so).
 */
static void fill_bpf_filter(struct soe_bpf_filter *f, struct soe_event *ev,
			    const struct soe_fprog *prog)
{
	soe_clear_record(f);
	fill_companion_header(&f->hdr, ev, SOE_RECORD_BPF_FILTER);
	soe_fill_bpf_filter(f, ev, prog);
	ev->hdr.flags |= SOE_F_BPF_FILTER;
}

/*
 * make bench says what each step of record_call() costs by building the
 * module with SOE_BENCH_STEPS=n, which keeps only steps 1 to n (the
 * claim, the record's zeroing and its publication stay): bench/run.sh finds the
 * steps here, by their soe_step() lines.  Every other build keeps them all.
 */
#ifdef SOE_BENCH_STEPS
#define soe_step(n)	((n) <= SOE_BENCH_STEPS)
#else
#define soe_step(n)	true
#endif

/*
 * Kept out of line so that a call the filters reject never pays for what
 * the record needs on the stack (the kernel zeroes stack variables on entry
 * under CONFIG_INIT_STACK_ALL_ZERO).
 *
 * The event is built in its ring slot, which still holds an older record
 * that readers may be copying (they notice the claim): it is zeroed before
 * any step, so that every byte a reader gets is defined, also from a bench
 * build that leaves steps out, and soe_ring_publish() stores its seq last.
 */
static noinline u64 record_call(struct socket *sock, int level, int optname)
{
	struct soe_unix_src un = { };
	struct soe_fprog prog = { 0 };
	bool names = sock && read_unix_names(sock, &un);
	bool filter = soe_bpf_filter_option(level, optname);
	struct soe_event *ev;
	unsigned int n = names + 1 + filter;
	u64 seq;

	seq = soe_ring_claim(n);
	ev = soe_ring_slot(seq + names);
	soe_clear_record(ev);
	ev->hdr.flags = SOE_F_RESULT;
	if (soe_step(1))
		soe_fill_header(&ev->hdr, SOE_RECORD_EVENT);
	if (soe_step(2))
		fill_task(ev);
	if (soe_step(3))
		fill_call(ev, sock, level, optname, &prog);
	if (soe_step(4) && sock)
		fill_sock(ev, sock, &un);
	if (soe_step(5))
		fill_caps(ev, sock ? READ_ONCE(sock->sk) : NULL);
	if (names)
		fill_unix_names(soe_ring_slot(seq), ev, &un);
	if (filter)
		fill_bpf_filter(soe_ring_slot(seq + names + 1), ev, &prog);
	soe_ring_publish(seq, n);
	return seq + names;
}

/*
 * The hook's entry: a call the filters let through gets its event, and
 * its return is followed (returning 1 tells the kretprobe not to).
 */
static int soe_entry_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct socket *sock = (struct socket *)soe_kprobe_arg(regs, 0);
	int level = (int)soe_kprobe_arg(regs, 1);
	int optname = (int)soe_kprobe_arg(regs, 2);

	/* kuids are the uids of the initial user namespace. */
	if (!soe_filter_pass(level, optname, __kuid_val(current_uid())))
		return 1;
	soe_result_hooked((struct soe_hooked *)ri->data,
			  record_call(sock, level, optname));
	return 0;
}

/* The hook's return: its value is the LSMs' verdict. */
static int soe_return_handler(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	soe_result_verdict((struct soe_hooked *)ri->data,
			   (int)regs_return_value(regs));
	return 0;
}

int soe_probe_init(const char *symbol)
{
	int ret;

	soe_rp.kp.symbol_name = symbol;
	soe_rp.entry_handler = soe_entry_handler;
	soe_rp.handler = soe_return_handler;
	soe_rp.data_size = sizeof(struct soe_hooked);
	/* A call that finds no room is missed whole, and counted. */
	soe_rp.maxactive = soe_calls_max();
	ret = register_kretprobe(&soe_rp);
	if (ret) {
		switch (ret) {
		case -ENOENT:
			pr_err("cannot probe %s: no such symbol (does this kernel have CONFIG_SECURITY_NETWORK=y?)\n",
			       symbol);
			break;
		case -EOPNOTSUPP:
			pr_err("cannot probe %s: this kernel has no kretprobes (CONFIG_KRETPROBES=n)\n",
			       symbol);
			break;
		case -EINVAL:
			/* Before 5.11 a missing symbol gives EINVAL too. */
			pr_err("cannot probe %s: the kernel refuses a kretprobe there (blacklisted, not a function start, or before 5.11 no such symbol: CONFIG_SECURITY_NETWORK=n?)\n",
			       symbol);
			break;
		default:
			pr_err("cannot probe %s: register_kretprobe failed (%d)\n",
			       symbol, ret);
		}
		return ret;
	}
	pr_info("probing %s%s\n", symbol, SOE_PREEMPT_RT_NOTE);
	return 0;
}

u64 soe_probe_missed(void)
{
	return READ_ONCE(soe_rp.kp.nmissed) + READ_ONCE(soe_rp.nmissed);
}

void soe_probe_exit(void)
{
	unregister_kretprobe(&soe_rp);
	if (soe_probe_missed())
		pr_info("%llu probe hits were missed while the module was loaded\n",
			soe_probe_missed());
}
