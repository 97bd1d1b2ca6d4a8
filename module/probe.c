// SPDX-License-Identifier: GPL-2.0
/*
 * The kprobe on the LSM hook security_socket_setsockopt(sock, level, optname)
 * and what it gathers into one struct soe_event per call.
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
#include <linux/user_namespace.h>
#include <linux/string.h>
#include <linux/rcupdate.h>
#include <linux/percpu.h>
#include <net/sock.h>
#include <net/inet_sock.h>
#include <net/af_unix.h>
#include <net/net_namespace.h>

#include "soe.h"

static struct kprobe soe_kp;

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
 * The names that do not fit in the event go whole into a record of their
 * own, built here: the handler runs with preemption off and never nests on
 * a CPU (a probe hit inside it is counted missed), so one a CPU is enough,
 * and the event's stack frame stays small for the calls that need none.
 */
static DEFINE_PER_CPU(struct soe_unix_names, soe_unix_names_buf);

static struct soe_unix_names *fill_unix_names(const struct soe_event *ev,
					      const u8 *local, int local_len,
					      const u8 *remote, int remote_len)
{
	struct soe_unix_names *names = this_cpu_ptr(&soe_unix_names_buf);

	memset(names, 0, sizeof(*names));
	names->hdr = ev->hdr;
	names->hdr.type = SOE_RECORD_UNIX_NAMES;
	names->hdr.flags = 0;
	names->local_len = local_len;
	names->remote_len = remote_len;
	if (local_len)
		memcpy(names->local, local, local_len);
	if (remote_len)
		memcpy(names->remote, remote, remote_len);
	return names;
}

/*
 * The caller holds our socket, so its name is safe to read.  A connected
 * stream or seqpacket socket holds a reference on its peer from connect()
 * until its own release, and never changes peer, so the peer's name is safe
 * too.  A datagram socket can connect elsewhere at any time, dropping its
 * reference on the old peer: that peer could be freed under us, and the
 * kernel's own readers take the state lock (a spinlock_t, which sleeps on
 * PREEMPT_RT) to read it.  It is not read.
 *
 * Each name is read once.  The event gets both lengths whole and as many
 * bytes as fit; when a name is cut, *names gets both names whole.
 */
static void fill_unix(struct soe_event *ev, struct sock *sk,
		      struct soe_unix_names **names)
{
	struct soe_unix_addr *un = &ev->addr.un;
	struct sock *peer = READ_ONCE(unix_peer(sk));
	const u8 *local, *remote = NULL;
	int local_len, remote_len = 0, n;

	local = unix_name(sk, &local_len);
	if (peer && soe_sk_type(sk) == SOCK_DGRAM)
		ev->hdr.flags |= SOE_F_REMOTE_UNKNOWN;
	else if (peer)
		remote = unix_name(peer, &remote_len);

	un->local_len = local_len;
	un->remote_len = remote_len;
	n = min(local_len, SOE_UNIX_PATH_MAX);
	if (n)
		memcpy(un->path, local, n);
	if (remote_len)
		memcpy(un->path + n, remote,
		       min(remote_len, SOE_UNIX_PATH_MAX - n));
	if (local_len + remote_len <= SOE_UNIX_PATH_MAX)
		return;
	ev->hdr.flags |= SOE_F_ADDR_TRUNC | SOE_F_UNIX_NAMES;
	*names = fill_unix_names(ev, local, local_len, remote, remote_len);
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

/* *names: see fill_unix(). */
static void fill_sock(struct soe_event *ev, struct socket *sock,
		      struct soe_unix_names **names)
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
		fill_unix(ev, sk, names);
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
 * A socket filter's program, in a record of its own after the event: one
 * a CPU, as for the unix names.
 */
static DEFINE_PER_CPU(struct soe_bpf_filter, soe_bpf_filter_buf);

static struct soe_bpf_filter *fill_bpf_filter(struct soe_event *ev,
					      const struct soe_fprog *prog)
{
	struct soe_bpf_filter *f = this_cpu_ptr(&soe_bpf_filter_buf);

	memset(f, 0, sizeof(*f));
	f->hdr = ev->hdr;
	f->hdr.type = SOE_RECORD_BPF_FILTER;
	f->hdr.flags = 0;
	soe_fill_bpf_filter(f, prog);
	ev->hdr.flags |= SOE_F_BPF_FILTER;
	return f;
}

/*
 * make bench says what each step of record_call() costs by building the
 * module with SOE_BENCH_STEPS=n, which keeps only steps 1 to n (the
 * record's zeroing and its copy into the ring stay): bench/run.sh finds the
 * steps here, by their soe_step() lines.  Every other build keeps them all.
 */
#ifdef SOE_BENCH_STEPS
#define soe_step(n)	((n) <= SOE_BENCH_STEPS)
#else
#define soe_step(n)	true
#endif

/*
 * Kept out of line so that a call the filters reject never pays for the
 * record: the kernel zeroes large stack variables on entry
 * (CONFIG_INIT_STACK_ALL_ZERO).
 *
 * The record is zeroed before any step, not in one: every byte a reader
 * gets is then defined, also from a bench build that leaves steps out, and
 * the full build does what it did when step 1 zeroed it.
 */
static noinline void record_call(struct socket *sock, int level, int optname)
{
	struct soe_unix_names *names = NULL;
	struct soe_bpf_filter *filter = NULL;
	struct soe_fprog prog = { 0 };
	struct soe_event ev;

	memset(&ev, 0, sizeof(ev));
	if (soe_step(1))
		soe_fill_header(&ev.hdr, SOE_RECORD_EVENT);
	if (soe_step(2))
		fill_task(&ev);
	if (soe_step(3))
		fill_call(&ev, sock, level, optname, &prog);
	if (soe_step(4) && sock)
		fill_sock(&ev, sock, &names);
	/* Only a SO_ATTACH_FILTER-like call that step 3 read has a program. */
	if (prog.found)
		filter = fill_bpf_filter(&ev, &prog);
	soe_ring_write(&ev, names, filter);
}

static int soe_pre_handler(struct kprobe *p, struct pt_regs *regs)
{
	struct socket *sock = (struct socket *)soe_kprobe_arg(regs, 0);
	int level = (int)soe_kprobe_arg(regs, 1);
	int optname = (int)soe_kprobe_arg(regs, 2);

	/* kuids are the uids of the initial user namespace. */
	if (soe_filter_pass(level, optname, __kuid_val(current_uid())))
		record_call(sock, level, optname);
	return 0;
}

int soe_probe_init(const char *symbol)
{
	int ret;

	soe_kp.symbol_name = symbol;
	soe_kp.pre_handler = soe_pre_handler;
	ret = register_kprobe(&soe_kp);
	if (ret) {
		switch (ret) {
		case -ENOENT:
			pr_err("cannot probe %s: no such symbol (does this kernel have CONFIG_SECURITY_NETWORK=y?)\n",
			       symbol);
			break;
		case -EOPNOTSUPP:
			pr_err("cannot probe %s: this kernel has no kprobes (CONFIG_KPROBES=n)\n",
			       symbol);
			break;
		case -EINVAL:
			pr_err("cannot probe %s: the kernel refuses kprobes there (blacklisted or not a function start)\n",
			       symbol);
			break;
		default:
			pr_err("cannot probe %s: register_kprobe failed (%d)\n",
			       symbol, ret);
		}
		return ret;
	}
	pr_info("probing %s%s\n", symbol, SOE_PREEMPT_RT_NOTE);
	return 0;
}

u64 soe_probe_missed(void)
{
	return READ_ONCE(soe_kp.nmissed);
}

void soe_probe_exit(void)
{
	unregister_kprobe(&soe_kp);
	if (soe_kp.nmissed)
		pr_info("%lu probe hits were missed while the module was loaded\n",
			soe_kp.nmissed);
}
