// SPDX-License-Identifier: GPL-2.0
/*
 * An option's value: what of it a record may hold, and the copy from the
 * caller's memory.  Called from the probe handler for every setsockopt(),
 * so the rules are a switch, not a search, and the copy does not fault.
 *
 * Two rules decide what the record keeps (the uapi header lists them):
 * the key material of some options is never copied, and pointers into the
 * caller's memory are zeroed.  They apply by level and option whatever the
 * socket's family: the hook runs before the family looks at the option.
 *
 * The program a socket filter attaches is read here too: a classic one's
 * instructions from the caller's memory (the value holds only their length
 * and address), an eBPF one's id and tag from the program its fd names.
 *
 * The values that could not be copied at all are counted per CPU, so that
 * counting costs no shared cache line.
 */
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/filter.h>
#include <linux/bpf.h>
#include <linux/crc32.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/magic.h>

#include "soe.h"

static DEFINE_PER_CPU(u64, soe_optval_fault_count);

/*
 * Option numbers, written out: old kernels' headers lack some, and some
 * headers (netfilter's) are not meant for the kernel side.  They are uapi
 * and the same on every kernel.
 */
#define SOE_SOL_XDP			283	/* linux/socket.h, 4.18 */

#define SOE_TCP_MD5SIG			14	/* linux/tcp.h */
#define SOE_TCP_MD5SIG_EXT		32	/* linux/tcp.h, 4.13 */
#define SOE_TCP_FASTOPEN_KEY		33	/* linux/tcp.h, 4.19 */
#define SOE_TCP_AO_ADD_KEY		38	/* linux/tcp.h, 6.7 */
#define SOE_SCTP_AUTH_KEY		23	/* linux/sctp.h */
#define SOE_ALG_SET_KEY			1	/* linux/if_alg.h */
#define SOE_ALG_SET_DRBG_ENTROPY	6	/* linux/if_alg.h, 5.9 */
#define SOE_TLS_TX			1	/* linux/tls.h, 4.13 */
#define SOE_TLS_RX			2	/* linux/tls.h, 4.17 */
#define SOE_RDS_GET_MR			2	/* linux/rds.h */
#define SOE_RDS_FREE_MR			3	/* linux/rds.h */
#define SOE_RDS_GET_MR_FOR_DEST		7	/* linux/rds.h */
#define SOE_PACKET_FANOUT_DATA		22	/* linux/if_packet.h, 4.3 */
#define SOE_XDP_UMEM_REG		4	/* linux/if_xdp.h, 4.18 */
#define SOE_IPT_SO_SET_REPLACE		64	/* netfilter_ipv4/ip_tables.h */
#define SOE_IP6T_SO_SET_REPLACE		64	/* netfilter_ipv6/ip6_tables.h */
#define SOE_ARPT_SO_SET_REPLACE		96	/* netfilter_arp/arp_tables.h */
#define SOE_EBT_SO_SET_ENTRIES		128	/* netfilter_bridge/ebtables.h */
#define SOE_EBT_SO_SET_COUNTERS		129

enum optval_rule_kind {
	RULE_NONE,
	RULE_SECRET,		/* bytes from "from" on are key material */
	RULE_POINTER,		/* bytes from "from" to "to" hold pointers */
};

struct optval_rule {
	enum optval_rule_kind kind;
	unsigned int from, to;
};

#define SECRET_FROM(off) ((struct optval_rule){ RULE_SECRET, off, 0 })
#define POINTER_AT(off, end) ((struct optval_rule){ RULE_POINTER, off, end })

/*
 * The rules, by level then option.  The offsets are those of the uapi
 * structures on x86_64; where a 32-bit task's layout differs, the range
 * covers both.
 */
static struct optval_rule optval_rule(int level, int optname)
{
	switch (level) {
	case SOL_SOCKET:
		switch (optname) {
		case SO_ATTACH_FILTER:
		case SO_ATTACH_REUSEPORT_CBPF:
			/* struct sock_fprog: len, then the filter's address */
			return POINTER_AT(2, 16);
		}
		break;
	case SOL_IP:
		switch (optname) {
		case SOE_IPT_SO_SET_REPLACE:
			/* struct ipt_replace: counters */
			return POINTER_AT(88, 96);
		case SOE_ARPT_SO_SET_REPLACE:
			/* struct arpt_replace: counters */
			return POINTER_AT(72, 80);
		case SOE_EBT_SO_SET_ENTRIES:
		case SOE_EBT_SO_SET_COUNTERS:
			/* struct ebt_replace: hook_entry[], counters, entries */
			return POINTER_AT(44, 120);
		}
		break;
	case SOL_IPV6:
		if (optname == SOE_IP6T_SO_SET_REPLACE)
			return POINTER_AT(88, 96);
		break;
	case SOL_TCP:
		switch (optname) {
		case SOE_TCP_MD5SIG:
		case SOE_TCP_MD5SIG_EXT:
			/* struct tcp_md5sig: the peer, flags, lengths; tcpm_key */
			return SECRET_FROM(136);
		case SOE_TCP_FASTOPEN_KEY:
			return SECRET_FROM(0);
		case SOE_TCP_AO_ADD_KEY:
			/* struct tcp_ao_add: the peer, algorithm, ids; key */
			return SECRET_FROM(208);
		}
		break;
	case SOL_SCTP:
		if (optname == SOE_SCTP_AUTH_KEY)
			/* struct sctp_authkey: assoc id, number, length; key */
			return SECRET_FROM(8);
		break;
	case SOL_ALG:
		if (optname == SOE_ALG_SET_KEY ||
		    optname == SOE_ALG_SET_DRBG_ENTROPY)
			return SECRET_FROM(0);
		break;
	case SOL_TLS:
		if (optname == SOE_TLS_TX || optname == SOE_TLS_RX)
			/* struct tls_crypto_info: version, cipher; iv, key... */
			return SECRET_FROM(4);
		break;
	case SOL_RDS:
		switch (optname) {
		case SOE_RDS_FREE_MR:
			/* the cookie: an RDMA remote key and an offset */
			return SECRET_FROM(0);
		case SOE_RDS_GET_MR:
			/* struct rds_get_mr_args: vec.addr, vec.bytes, cookie_addr */
			return POINTER_AT(0, 24);
		case SOE_RDS_GET_MR_FOR_DEST:
			/* after the destination, the same fields */
			return POINTER_AT(128, 152);
		}
		break;
	case SOL_PACKET:
		if (optname == SOE_PACKET_FANOUT_DATA)
			/* a struct sock_fprog, or an eBPF program's fd */
			return POINTER_AT(2, 16);
		break;
	case SOE_SOL_XDP:
		if (optname == SOE_XDP_UMEM_REG)
			/* struct xdp_umem_reg: addr */
			return POINTER_AT(0, 8);
		break;
	}
	return (struct optval_rule){ RULE_NONE, 0, 0 };
}

/*
 * Copy len bytes (at most SOE_OPTVAL_MAX, so at most two pages): the part
 * in the first page, then the rest.  Returns how many were copied: len, the
 * first page's part when the rest could not be read, or 0.  What was not
 * copied is zero in dst.
 */
static unsigned int copy_readable(u8 *dst, const u8 __user *src,
				  unsigned int len)
{
	unsigned int first = PAGE_SIZE - ((unsigned long)src & ~PAGE_MASK);

	if (first > len)
		first = len;
	if (soe_copy_from_user_nofault(dst, src, first)) {
		memset(dst, 0, first);
		return 0;
	}
	if (first == len)
		return len;
	if (soe_copy_from_user_nofault(dst + first, src + first, len - first)) {
		memset(dst + first, 0, len - first);
		return first;
	}
	return len;
}

/* Zero the pointer bytes the record holds; flag them if one was set. */
static void hide_pointers(struct soe_event *ev, unsigned int from,
			  unsigned int to)
{
	unsigned int i, seen = 0;

	if (to > ev->optval_len)
		to = ev->optval_len;
	for (i = from; i < to; i++) {
		seen |= ev->optval[i];
		ev->optval[i] = 0;
	}
	if (seen)
		ev->hdr.flags |= SOE_F_OPTVAL_POINTER;
}

/* Whether a SOL_SOCKET option passes an eBPF program's fd. */
static bool ebpf_option(int optname)
{
	return optname == SO_ATTACH_BPF || optname == SO_ATTACH_REUSEPORT_EBPF;
}

/* Whether the option attaches a BPF program: a filter record's. */
bool soe_bpf_filter_option(int level, int optname)
{
	return level == SOL_SOCKET && (optname == SO_ATTACH_FILTER ||
				       optname == SO_ATTACH_REUSEPORT_CBPF ||
				       ebpf_option(optname));
}

/*
 * The program of a BPF attach, from the bytes copied: an eBPF program's
 * fd, the int the value starts with; or a classic program's struct
 * sock_fprog, before its pointer is zeroed: a 32-bit or x32 task passes
 * the compat layout (the kernel reads it so when in_compat_syscall()).
 */
static void find_fprog(const struct soe_event *ev, struct soe_fprog *prog)
{
	u64 ptr;
	u32 ptr32;

	if (!soe_bpf_filter_option(ev->level, ev->optname))
		return;
	if (ebpf_option(ev->optname)) {
		if (ev->optval_len < sizeof(prog->fd))
			return;
		memcpy(&prog->fd, ev->optval, sizeof(prog->fd));
		prog->found = true;
		return;
	}
	if (ev->hdr.flags & (SOE_F_COMPAT | SOE_F_X32)) {
		if (ev->optval_len < 8)
			return;
		memcpy(&ptr32, ev->optval + 4, sizeof(ptr32));
		prog->insns = soe_compat_ptr(ptr32);
	} else {
		if (ev->optval_len < 16)
			return;
		memcpy(&ptr, ev->optval + 8, sizeof(ptr));
		prog->insns = (const void __user *)(unsigned long)ptr;
	}
	memcpy(&prog->len, ev->optval, sizeof(prog->len));
	prog->found = true;
}

/*
 * Fill ev's optval[] and flags from the caller's optval; ev->optlen is set.
 * prog, zeroed by the caller, gets the value's classic BPF program, if any.
 */
void soe_fill_optval(struct soe_event *ev, const void __user *optval,
		     struct soe_fprog *prog)
{
	struct optval_rule rule;
	unsigned int len, got;

	if (!optval) {
		ev->hdr.flags |= SOE_F_OPTVAL_NULL;
		return;
	}
	if (ev->optlen <= 0)
		return;
	len = min_t(unsigned int, ev->optlen, SOE_OPTVAL_MAX);
	if (len < ev->optlen)
		ev->hdr.flags |= SOE_F_OPTVAL_TRUNC;

	rule = optval_rule(ev->level, ev->optname);
	if (rule.kind == RULE_SECRET) {
		ev->hdr.flags |= SOE_F_OPTVAL_REDACTED;
		if (len > rule.from)
			len = rule.from;
		if (!len)
			return;
	}

	got = copy_readable(ev->optval, optval, len);
	if (!got) {
		ev->hdr.flags |= SOE_F_OPTVAL_FAULT;
		this_cpu_inc(soe_optval_fault_count);
		return;
	}
	if (got < len)
		ev->hdr.flags |= SOE_F_OPTVAL_PARTIAL;
	ev->optval_len = got;

	find_fprog(ev, prog);
	if (rule.kind == RULE_POINTER)
		hide_pointers(ev, rule.from, rule.to);
}

/* Instructions one copy reads: a bounded buffer on the handler's stack. */
#define SOE_BPF_CHUNK	16

/*
 * Fill f's classic program fields (f is zeroed but for its header) from
 * prog: the instructions are read in chunks that stay within a page (but
 * for one instruction across a page boundary), so a fault stops the read
 * at the first instruction that cannot be read, and the CRC covers exactly
 * those before it.  At most SOE_BPF_MAXINSNS instructions: 32 KiB, read
 * once.
 */
static void fill_classic(struct soe_bpf_filter *f, const struct soe_fprog *prog)
{
	struct soe_sock_filter chunk[SOE_BPF_CHUNK];
	const u8 __user *src = prog->insns;
	unsigned int want = prog->len, done = 0, n, room;
	u32 crc = ~0U;

	BUILD_BUG_ON(sizeof(chunk[0]) != sizeof(struct sock_filter));
	BUILD_BUG_ON(SOE_BPF_MAXINSNS != BPF_MAXINSNS);

	f->len = prog->len;
	if (want > SOE_BPF_MAXINSNS) {
		want = SOE_BPF_MAXINSNS;
		f->flags |= SOE_BPF_F_TOO_LONG;
	}
	while (done < want) {
		room = (PAGE_SIZE - ((unsigned long)src & ~PAGE_MASK)) /
		       sizeof(chunk[0]);
		n = min3(want - done, (unsigned int)SOE_BPF_CHUNK, max(room, 1U));
		if (soe_copy_from_user_nofault(chunk, src, n * sizeof(chunk[0]))) {
			f->flags |= SOE_BPF_F_FAULT;
			break;
		}
		crc = crc32_le(crc, (const u8 *)chunk, n * sizeof(chunk[0]));
		if (done < SOE_BPF_INSNS_MAX)
			memcpy(f->insns + done, chunk,
			       min(n, SOE_BPF_INSNS_MAX - done) * sizeof(chunk[0]));
		done += n;
		src += n * sizeof(chunk[0]);
	}
	f->read = done;
	f->listed = min_t(unsigned int, done, SOE_BPF_INSNS_MAX);
	f->crc32 = done ? ~crc : 0;
}

/*
 * Whether file is an eBPF program's: bpf_prog_fops is not exported, but
 * every such file is made by bpf_prog_new_fd() (kernel/bpf/syscall.c,
 * 4.19 to 6.12) as anon_inode_getfd("bpf-prog", ...), whose file is on the
 * anon inode filesystem under a dentry of that name, with the program as
 * its private_data.  No other file there has that name (maps are
 * "bpf-map", links "bpf_link" or "bpf-link"), and a file elsewhere named
 * so is on another filesystem.  Such a dentry is never renamed.
 */
static bool is_bpf_prog_file(struct file *file)
{
	return file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	       !strcmp((const char *)file->f_path.dentry->d_name.name,
		       "bpf-prog");
}

/*
 * The eBPF program the fd names in the caller's file table, now: its id,
 * tag and type into f.  Safe with preemption or interrupts off:
 *
 *  - fget() looks the fd up under RCU and takes a reference only when the
 *    count is not zero (get_file_rcu(), an atomic inc-not-zero), retrying
 *    when the slot changed; it neither sleeps nor takes a lock.
 *  - The reference keeps the file, hence the program: the file's release,
 *    bpf_prog_release(), is what puts the program, and it runs only after
 *    the last fput().  So prog and prog->aux are read, not referenced:
 *    bpf_prog_get*() and bpf_prog_put() are never called here (4.19's last
 *    bpf_prog_put() takes spin_lock_bh() for the id, which warns with
 *    interrupts off).
 *  - fput() drops the reference.  It is the last one only when another
 *    thread closed the fd meanwhile; fput() then never releases the file
 *    itself (fs/file_table.c, the same from 4.19 to 6.12): from a task
 *    outside interrupt context it queues ____fput() with task_work_add()
 *    (a cmpxchg on task->task_works and set_notify_resume(): the release
 *    runs on the task's way back to user space); otherwise (a kprobe hit
 *    through int3 counts as NMI context on x86 since 5.8) it adds the file
 *    to delayed_fput_list (llist_add(), lock-free) and queues a delayed
 *    work, whose irq-safe locks this task cannot hold at the hook's entry.
 */
static void fill_ebpf(struct soe_bpf_filter *f, int fd)
{
	const struct bpf_prog *prog;
	struct file *file;

	BUILD_BUG_ON(SOE_BPF_TAG_SIZE != BPF_TAG_SIZE);
	BUILD_BUG_ON(offsetof(struct soe_bpf_filter, ebpf.prog_tag) !=
		     offsetof(struct soe_bpf_filter, insns));

	if (fd < 0)
		goto none;
	file = fget(fd);
	if (!file)
		goto none;
	if (!is_bpf_prog_file(file)) {
		fput(file);
		goto none;
	}
	prog = file->private_data;
	f->prog_id = prog->aux->id;
	memcpy(f->ebpf.prog_tag, prog->tag, sizeof(f->ebpf.prog_tag));
	f->ebpf.prog_type = prog->type;
	fput(file);
	return;
none:
	f->flags |= SOE_BPF_F_NO_PROGRAM;
}

/*
 * Fill the filter record f (zeroed but for its header) of the event ev
 * from the program its value passed, prog.
 */
void soe_fill_bpf_filter(struct soe_bpf_filter *f, const struct soe_event *ev,
			 const struct soe_fprog *prog)
{
	if (ebpf_option(ev->optname)) {
		f->flags = SOE_BPF_F_EBPF;
		if (prog->found)
			fill_ebpf(f, prog->fd);
		else
			f->flags |= SOE_BPF_F_NO_PROGRAM;
	} else if (prog->found) {
		fill_classic(f, prog);
	} else {
		f->flags = SOE_BPF_F_NO_PROGRAM;
	}
}

/* The values not copied since load, summed over CPUs as they are read. */
u64 soe_optval_faults(void)
{
	return soe_percpu_sum(&soe_optval_fault_count);
}
