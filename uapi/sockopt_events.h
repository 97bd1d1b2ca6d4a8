/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sockopt_events: the records read from /dev/sockopt_events.
 *
 * The module puts a kretprobe on the LSM hook security_socket_setsockopt()
 * and writes one record for each call it sees into a ring buffer in the
 * kernel, and another when the call returns (SOE_RECORD_RESULT).
 * A read() of the device returns whole records, never part of one: as many
 * as fit in the buffer given, which must hold at least one record
 * (SOE_RECORD_SIZE bytes; a smaller buffer gets EINVAL).
 *
 * Every record has the same size, SOE_RECORD_SIZE, a power of two, so a
 * capture made with "cat /dev/sockopt_events > cap.bin" is a plain array of
 * records.  Each record opens with a struct soe_header: a magic number, the
 * version of this format, the size of the record and its type.  A reader
 * checks all three before it trusts the rest; a format that changes the
 * meaning of a field changes SOE_VERSION.
 *
 * Record types:
 *
 *  - SOE_RECORD_EVENT (struct soe_event): one setsockopt() that reached the
 *    hook, with the calling task, the socket and the option.
 *  - SOE_RECORD_UNIX_NAMES (struct soe_unix_names, version 2): both names of
 *    a unix socket, whole, when the event's own room for them
 *    (struct soe_unix_addr) could not hold them.  It comes just before its
 *    event, one seq lower, written together with it; the event has
 *    SOE_F_UNIX_NAMES.  A reader that did not get it (the ring overwrote it,
 *    or the reader started at the event) still has the event, whose names
 *    say how long they are and so whether they were cut.
 *  - SOE_RECORD_BPF_FILTER (struct soe_bpf_filter, version 3): the classic
 *    BPF program of a SO_ATTACH_FILTER or SO_ATTACH_REUSEPORT_CBPF call
 *    (SOL_SOCKET): its length, a CRC-32 of its instructions and as many
 *    leading instructions as fit (below); or the eBPF program of a
 *    SO_ATTACH_BPF or SO_ATTACH_REUSEPORT_EBPF call: its id, tag and type
 *    (SOE_BPF_F_EBPF, below).  It comes just after its event,
 *    one seq higher, written together with it; the event has
 *    SOE_F_BPF_FILTER.  A reader that did not get it (the ring overwrote
 *    it, or the reader stopped at the event) still has the event, whose
 *    optval holds the program's length.
 *  - SOE_RECORD_RESULT (struct soe_result, version 3, added after the rest):
 *    how a call ended: the hook's verdict and the call's return value.  It
 *    is written when the call returns, so it comes after its event, with
 *    other records possibly between them (a call can sleep in the kernel
 *    for as long as it likes), and names its event by event_seq.  Every
 *    event flagged SOE_F_RESULT gets one; an event without the flag (an
 *    older module) gets none.
 *  - SOE_RECORD_LOSS (struct soe_loss): this reader missed records because
 *    the ring overwrote them before it read them; "lost" says how many, and
 *    its seq is the first one missed.  It comes in the stream where the
 *    missing records would have been, so a reader's stream accounts for
 *    every seq from where it started: each record written from then on is
 *    either delivered or counted in a loss record.  A reader starts at the
 *    oldest record the ring still holds when it opens the device (records
 *    written before it opened, up to the ring's capacity, since the module
 *    was loaded), or at the next record to be written after
 *    lseek(fd, 0, SEEK_END); lseek(fd, 0, SEEK_SET) starts it again at the
 *    oldest.
 *
 * A reader skips a record whose type it does not know (since version 3),
 * so a later record type that only adds to the stream needs no new version.
 *
 * Every record carries "seq": the position of the record in the ring, one
 * sequence for all CPUs, so it orders all records and a gap in it is a loss.
 * Calls rejected by the module's filters get no record and no seq.  A call
 * gets one event, and since version 2 may get records that come with it
 * (SOE_RECORD_UNIX_NAMES before it, SOE_RECORD_BPF_FILTER after it, or
 * both), so the counters count events and records apart.
 *
 * Versions.  Version 2 added SOE_RECORD_UNIX_NAMES and SOE_F_UNIX_NAMES, and
 * changed what soe_unix_addr's lengths mean (below).  Version 3 added
 * SOE_RECORD_BPF_FILTER and SOE_F_BPF_FILTER, and gave three of the event's
 * reserved fields a meaning: the caller's capabilities (cap_effective_lo,
 * cap_effective_hi, net_caps), zero in older records; later, still in
 * version 3, it added SOE_RECORD_RESULT and SOE_F_RESULT, which a reader of
 * the first version 3 skips and ignores.  Every other field
 * means what it meant in version 1.  (Readers of version 2 stop at a record
 * type they do not know, so they refuse a version 3 stream at its first
 * record rather than at its first filter; readers of version 3 skip record
 * types they do not know.)  The module writes version 3; a reader of this
 * header reads versions 1 to 3 (SOE_VERSION_MIN to SOE_VERSION).
 *
 * The event says what the caller asked for, which is not proof of what the
 * kernel did (its result record says that).  level and optname are the
 * hook's own arguments; the fd, the optval pointer and optlen come from the
 * syscall's arguments, and for
 * socketcall(2) they are read again from the argument array in the
 * caller's memory after the kernel read it; the value is copied from the
 * caller's memory when the hook runs, before the kernel reads it.  Another
 * thread of the caller can change that memory in between, so fd, optlen and
 * optval[] may differ from what the kernel used.
 *
 * The syscall's arguments are used only when they are this call's: the
 * task is in setsockopt(2) (or socketcall(2)), with the hook's level and
 * optname, and the fd names the hooked socket in the task's file table
 * when the hook runs.  Otherwise fd is -1, optlen 0, there is no value, and
 * syscall is SOE_SYSCALL_UNKNOWN: the hook was reached some other way while
 * the task was in such a syscall (since Linux 6.7, an io_uring setsockopt
 * run as task work on the way out of another setsockopt of the task), or
 * another thread closed or replaced the fd in the meantime.
 *
 * A socket's addresses are read without its lock.  An IPv6 address is
 * kept only when a copy of it is followed by a look at the socket that
 * finds no other thread owning it (as bind() and connect() do while they
 * write it) and by a second copy that agrees; otherwise (after a few
 * tries) it is left zero and flagged SOE_F_LOCAL_UNKNOWN or
 * SOE_F_REMOTE_UNKNOWN.  So an address in a record is one the socket had,
 * and a socket another thread holds locked (a bind, a connect, a send in
 * progress) may have its IPv6 addresses flagged unknown.
 *
 * x32 tasks are read as the kernel reads them, the whole 64-bit registers
 * under x32's own setsockopt number.  Their records have SOE_F_X32, not
 * SOE_F_COMPAT: their option values have the layouts of a 64-bit task where
 * the format's readers look (a struct timeval of two 64-bit fields), but
 * for struct sock_fprog, which the kernel reads in its compat layout for
 * them as for i386 tasks, and so does the module (SOE_RECORD_BPF_FILTER).  An
 * x32 task's io_uring calls, run by the kernel's io workers, are not
 * flagged: nothing there says which ABI queued them.
 *
 * Option values.  optval[] holds the first optval_len bytes of the value
 * (at most SOE_OPTVAL_MAX), copied without faulting.  A value that runs
 * into a page the module cannot read keeps the bytes before that page and
 * has SOE_F_OPTVAL_PARTIAL: the kernel may read only those (an int option
 * passed with optlen 8), so they are what it applies.  When not even the
 * first byte can be read the record has SOE_F_OPTVAL_FAULT and no value.
 *
 * Two rules, by level and option whatever the socket's family (the hook
 * runs before the family looks at the option), keep what a reader of the
 * device must not see out of the record:
 *
 *  - Key material is never copied.  For these options the record keeps the
 *    bytes before the first secret one (optval_len is at most that) and has
 *    SOE_F_OPTVAL_REDACTED, whenever optval is not NULL and optlen > 0:
 *
 *	level		option			bytes kept
 *	SOL_ALG		ALG_SET_KEY		none
 *	SOL_ALG		ALG_SET_DRBG_ENTROPY	none
 *	SOL_TLS		TLS_TX, TLS_RX		4: version and cipher_type
 *	IPPROTO_TCP	TCP_MD5SIG,		136: struct tcp_md5sig up to
 *			TCP_MD5SIG_EXT		tcpm_key (the peer, key length)
 *	IPPROTO_TCP	TCP_FASTOPEN_KEY	none
 *	IPPROTO_TCP	TCP_AO_ADD_KEY		208: struct tcp_ao_add up to key
 *	IPPROTO_SCTP	SCTP_AUTH_KEY		8: association, key number and
 *						length, not sca_key
 *	SOL_RDS		RDS_FREE_MR		none: the cookie holds an RDMA
 *						remote key
 *
 *  - Pointers into the caller's memory would show its address layout to
 *    every reader.  These bytes of the value are zeroed in the record, and
 *    SOE_F_OPTVAL_POINTER says they were not all zero (a pointer was there):
 *
 *	level		option			bytes zeroed
 *	SOL_SOCKET	SO_ATTACH_FILTER,	2 to 15: struct sock_fprog but
 *			SO_ATTACH_REUSEPORT_CBPF len (the pointer is at 8, or
 *						at 4 for a 32-bit or x32
 *						task); the program it points
 *						to is in the filter record
 *	SOL_PACKET	PACKET_FANOUT_DATA	2 to 15: a struct sock_fprog
 *						(or an eBPF program's fd, of
 *						which 2 bytes are kept)
 *	SOL_XDP		XDP_UMEM_REG		0 to 7: addr
 *	SOL_RDS		RDS_GET_MR		0 to 23: vec.addr, vec.bytes,
 *						cookie_addr
 *	SOL_RDS		RDS_GET_MR_FOR_DEST	128 to 151: the same
 *	IPPROTO_IP	IPT_SO_SET_REPLACE	88 to 95: counters
 *	IPPROTO_IPV6	IP6T_SO_SET_REPLACE	88 to 95: counters
 *	IPPROTO_IP	ARPT_SO_SET_REPLACE	72 to 79: counters
 *	IPPROTO_IP	EBT_SO_SET_ENTRIES,	44 to 119: hook_entry,
 *			EBT_SO_SET_COUNTERS	counters, entries
 *
 *    SO_ATTACH_BPF and SO_ATTACH_REUSEPORT_EBPF pass an eBPF program's fd
 *    (an int), which optval holds as it is: the event has the fd the
 *    caller passed, and the filter record after it the program's id, tag
 *    and type.
 *
 *    Rows whose bytes lie past SOE_OPTVAL_MAX change nothing in this
 *    version; they are there for a format that copies more.
 *
 * To extend either list, add a case to optval_rule() in module/optval.c
 * and a row here and in sockopt_events(4).  The option numbers are uapi,
 * the same on every kernel.
 *
 * All multi-byte fields are in the byte order of the machine that wrote the
 * record (ports too: they are converted from network order).  Every reserved
 * field and every byte past the end of a variable-length value is zero.
 * No record holds a kernel pointer.
 */
#ifndef _UAPI_SOCKOPT_EVENTS_H
#define _UAPI_SOCKOPT_EVENTS_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define SOE_DEVICE_NAME		"sockopt_events"
#define SOE_MAGIC		0x56454f53	/* "SOEV" in little-endian memory */
#define SOE_VERSION		3
#define SOE_VERSION_MIN		1	/* the oldest this header describes */
#define SOE_RECORD_SIZE		256

enum soe_record_type {
	SOE_RECORD_EVENT = 1,
	SOE_RECORD_LOSS = 2,
	SOE_RECORD_UNIX_NAMES = 3,	/* version 2 */
	SOE_RECORD_BPF_FILTER = 4,	/* version 3 */
	SOE_RECORD_RESULT = 5,		/* version 3, added later */
};

/* soe_event.syscall: how the call reached the hook. */
enum soe_syscall {
	SOE_SYSCALL_UNKNOWN = 0,	/* not a syscall's own call; fd is -1 */
	SOE_SYSCALL_SETSOCKOPT = 1,	/* setsockopt(2) */
	SOE_SYSCALL_SOCKETCALL = 2,	/* socketcall(2), SYS_SETSOCKOPT (i386) */
	SOE_SYSCALL_IO_URING = 3,	/* io_uring SOCKET_URING_OP_SETSOCKOPT */
};

/* soe_event.flags */
#define SOE_F_COMPAT		(1U << 0)	/* an i386 task on a 64-bit kernel */
#define SOE_F_OPTVAL_NULL	(1U << 1)	/* optval was a NULL pointer */
#define SOE_F_OPTVAL_FAULT	(1U << 2)	/* optval could not be copied */
#define SOE_F_OPTVAL_TRUNC	(1U << 3)	/* optlen > SOE_OPTVAL_MAX */
#define SOE_F_ADDR_TRUNC	(1U << 4)	/* a unix name here was cut short */
#define SOE_F_NO_SOCK		(1U << 5)	/* the socket had no struct sock */
#define SOE_F_LOCAL_UNKNOWN	(1U << 6)	/* local address not readable here */
#define SOE_F_REMOTE_UNKNOWN	(1U << 7)	/* remote address not readable here */
#define SOE_F_OPTVAL_REDACTED	(1U << 8)	/* key material not copied: below */
#define SOE_F_OPTVAL_POINTER	(1U << 9)	/* a user pointer zeroed: below */
#define SOE_F_OPTVAL_PARTIAL	(1U << 10)	/* the copy stopped at a fault */
#define SOE_F_X32		(1U << 11)	/* an x32 task: below */
#define SOE_F_UNIX_NAMES	(1U << 12)	/* v2: the record before holds the names */
#define SOE_F_BPF_FILTER	(1U << 13)	/* v3: the record after holds the filter */
#define SOE_F_RESULT		(1U << 14)	/* v3: a SOE_RECORD_RESULT comes later */

#define SOE_COMM_LEN		16
#define SOE_OPTVAL_MAX		32
#define SOE_UNIX_PATH_MAX	60
#define SOE_UNIX_NAME_MAX	108	/* sizeof(sun_path): a whole name */

/* Common to every record: 32 bytes. */
struct soe_header {
	__u32 magic;		/* SOE_MAGIC */
	__u16 version;		/* SOE_VERSION */
	__u16 size;		/* SOE_RECORD_SIZE */
	__u16 type;		/* enum soe_record_type */
	__u16 flags;		/* SOE_F_*, for events */
	__u32 cpu;		/* the CPU that wrote the record */
	__aligned_u64 seq;	/* position in the ring, from 0 at load */
	__aligned_u64 timestamp_ns; /* CLOCK_REALTIME, ns since the epoch */
};

/* An IPv4 or IPv6 endpoint. */
struct soe_inet_addr {
	__u16 port;		/* host byte order */
	__u16 reserved;
	__u32 flowinfo;		/* 0: the flow label is not recorded yet */
	__u32 scope_id;		/* IPv6: the bound interface index */
	__u8 addr[16];		/* IPv4: the first 4 bytes; IPv6: all 16 */
};

/*
 * A unix socket's two names share one buffer: the local name's bytes, then
 * the peer's.  A length of 0 is an unnamed socket (or no peer); a name
 * starting with a NUL byte is abstract.  Names are not NUL-terminated; a
 * path name's own terminating NUL is not part of it.  The peer of a
 * connected datagram socket can change during the call, so it is not read:
 * SOE_F_REMOTE_UNKNOWN says there is one.
 *
 * Version 2: each length is the name's whole length (0 to
 * SOE_UNIX_NAME_MAX); path[] holds as much of the local name as fits, then
 * as much of the peer's as fits after it, so a name whose length is more
 * than the bytes it got was cut.  Then the event has SOE_F_ADDR_TRUNC and
 * SOE_F_UNIX_NAMES, and the record before it holds both names whole.
 * Version 1: each length is the bytes copied; with SOE_F_ADDR_TRUNC the last
 * name with bytes was cut, and a peer after a local name that filled
 * path[] was not read.
 */
struct soe_unix_addr {
	__u16 local_len;
	__u16 remote_len;
	__u8 path[SOE_UNIX_PATH_MAX];
};

/*
 * On PREEMPT_RT the local netlink address is not read (reading its groups
 * takes a lock that sleeps there): SOE_F_LOCAL_UNKNOWN.
 */
struct soe_netlink_addr {
	__u32 local_pid;
	__u32 local_groups;
	__u32 remote_pid;
	__u32 remote_groups;
};

struct soe_packet_addr {
	__u16 protocol;		/* host byte order (ETH_P_*) */
	__u16 reserved;
	__s32 ifindex;
};

/* 64 bytes; which member is valid follows from soe_event.family. */
union soe_addrs {
	struct {
		struct soe_inet_addr local;
		struct soe_inet_addr remote;
	} inet;			/* AF_INET, AF_INET6 */
	struct soe_unix_addr un; /* AF_UNIX */
	struct soe_netlink_addr nl; /* AF_NETLINK */
	struct soe_packet_addr packet; /* AF_PACKET */
	__u8 raw[64];
};

struct soe_event {
	struct soe_header hdr;		/*   0 */
	__aligned_u64 cgroup_id;	/*  32: cgroup v2 id, 0 if none */
	__aligned_u64 socket_inode;	/*  40: N of socket:[N] */
	/* Process, in the initial pid namespace, then in the task's own. */
	__u32 host_pid;			/*  48: tgid */
	__u32 host_tid;			/*  52 */
	__u32 host_ppid;		/*  56 */
	__u32 pid;			/*  60 */
	__u32 tid;			/*  64 */
	__u32 ppid;			/*  68: 0 if outside the namespace */
	__u32 uid;			/*  72: in the initial user namespace */
	__u32 euid;			/*  76 */
	__u32 gid;			/*  80 */
	__u32 egid;			/*  84 */
	/* The call. */
	__s32 fd;			/*  88: -1 when unknown */
	__s32 level;			/*  92 */
	__s32 optname;			/*  96 */
	__s32 optlen;			/* 100: as passed by the caller */
	__u8 optval_len;		/* 104: bytes of optval[] copied */
	__u8 syscall;			/* 105: enum soe_syscall */
	__u8 state;			/* 106: sk_state: TCP_* for inet sockets */
	__u8 net_caps;			/* 107: v3: SOE_NET_CAP_*, below */
	/* The socket. */
	__u16 family;			/* 108: AF_* */
	__u16 sock_type;		/* 110: SOCK_* */
	__u16 protocol;			/* 112: IPPROTO_* or ETH_P_* */
	__u16 cap_effective_hi;		/* 114: v3: below */
	/* Namespace inode numbers; 0 when the module cannot reach one. */
	__u32 pid_ns;			/* 116 */
	__u32 net_ns;			/* 120: the socket's */
	__u32 user_ns;			/* 124 */
	__u32 uts_ns;			/* 128 */
	__u32 cgroup_ns;		/* 132 */
	__u32 mnt_ns;			/* 136: always 0 (private to fs/) */
	char comm[SOE_COMM_LEN];	/* 140: NUL-terminated */
	__u8 optval[SOE_OPTVAL_MAX];	/* 156: first bytes of optval */
	__u32 cap_effective_lo;		/* 188: v3: below */
	union soe_addrs addr;		/* 192 */
};

/*
 * The caller's privilege (version 3; zero in older records), read from the
 * task's credentials when the hook runs, which are those the kernel's own
 * capability checks use later in the same call:
 *
 *  - cap_effective_lo | (__u64)cap_effective_hi << 32: the task's effective
 *    capability set, one bit per CAP_* number of <linux/capability.h> (41 of
 *    them, 0 to CAP_CHECKPOINT_RESTORE, in Linux 6.12), in the task's own
 *    user namespace (user_ns): a task that is root in a user namespace it
 *    created has them all, there and below only.
 *  - net_caps: whether the task has CAP_NET_ADMIN and CAP_NET_RAW where the
 *    kernel's checks for setsockopt() ask: in the user namespace that owns
 *    the socket's network namespace (ns_capable(), as for SO_MARK) and in
 *    the initial user namespace (capable()).  Decided as the kernel's
 *    cap_capable() decides (the owner of a child namespace has every
 *    capability in it), from the capability sets alone: an LSM can still
 *    refuse a capability the sets grant (SELinux's capability class), and
 *    no audit record is made.  SOE_NET_CAP_NETNS_KNOWN: the first two bits
 *    are valid (the socket had a struct sock, hence a network namespace).
 */
#define SOE_NET_CAP_NETNS_NET_ADMIN	(1U << 0)
#define SOE_NET_CAP_NETNS_NET_RAW	(1U << 1)
#define SOE_NET_CAP_INIT_NET_ADMIN	(1U << 2)
#define SOE_NET_CAP_INIT_NET_RAW	(1U << 3)
#define SOE_NET_CAP_NETNS_KNOWN		(1U << 7)

/*
 * SOE_RECORD_UNIX_NAMES: the names of the next record's unix socket, whole
 * (hdr.seq is the event's seq - 1; hdr.cpu and timestamp_ns are the
 * event's).  A length of 0 is no name; a name starting with a NUL byte is
 * abstract; a peer that was not read (SOE_F_REMOTE_UNKNOWN on the event)
 * has length 0 here too.
 */
struct soe_unix_names {
	struct soe_header hdr;			/*   0 */
	__u16 local_len;			/*  32 */
	__u16 remote_len;			/*  34 */
	__u32 reserved;				/*  36 */
	__u8 local[SOE_UNIX_NAME_MAX];		/*  40 */
	__u8 remote[SOE_UNIX_NAME_MAX];		/* 148 */
};

/*
 * SOE_RECORD_BPF_FILTER: the BPF program of the previous record's
 * SO_ATTACH_FILTER or SO_ATTACH_REUSEPORT_CBPF, classic, or of its
 * SO_ATTACH_BPF or SO_ATTACH_REUSEPORT_EBPF, eBPF (hdr.seq is the event's
 * seq + 1; hdr.cpu and timestamp_ns are the event's; hdr.flags is 0).  The
 * program is read from the caller's memory without faulting, at most
 * SOE_BPF_MAXINSNS instructions, when the event's optval held the whole
 * struct sock_fprog (its 64-bit layout, or for a 32-bit or x32 task the
 * compat one: a 16-bit len, then a 32-bit pointer at offset 4).  Every
 * such event gets this record: when its optval did not hold a whole
 * struct sock_fprog (NULL, optlen shorter, not readable), the record has
 * SOE_BPF_F_NO_PROGRAM and len, read and listed are 0.  (The module claims
 * a call's ring slots before it reads the call, so it knows only the
 * option then.)
 *
 *  - len: sock_fprog.len as passed (0 to 65535 instructions; the kernel
 *    refuses 0 and more than SOE_BPF_MAXINSNS).
 *  - read: the instructions read, from the first on: len, or fewer when
 *    len is more than SOE_BPF_MAXINSNS (SOE_BPF_F_TOO_LONG: the first
 *    SOE_BPF_MAXINSNS are read) or when an instruction lies in memory the
 *    module could not read without faulting (SOE_BPF_F_FAULT: an unmapped
 *    or unreadable page, or one not resident; the instructions before it
 *    are read).  read is 0 for a NULL or unreadable pointer.
 *  - crc32: the CRC-32 of the first read instructions, 8 bytes each as
 *    struct sock_filter lays them out in memory (code, jt, jf, k, in the
 *    writer's byte order): the ISO-HDLC CRC of zlib's crc32() (and
 *    Python's zlib.crc32()), the kernel's crc32_le() with the usual
 *    inversion before and after.  It covers exactly the read instructions, so a
 *    program read whole (read == len) has the CRC-32 of all of it; 0 when
 *    read is 0.
 *  - listed: the instructions in insns[], the first min(read,
 *    SOE_BPF_INSNS_MAX); the slots after them are zero.
 *  - prog_id, ebpf: 0 in a classic program's record.
 *
 * An eBPF program's record (SO_ATTACH_BPF, SO_ATTACH_REUSEPORT_EBPF: the
 * event's optval holds the program's fd, an int) has SOE_BPF_F_EBPF; its
 * len, read, listed and crc32 are 0 and insns[] is not used: in its place
 * "ebpf" holds the program's tag and type, and prog_id its id.  The
 * program is the one the fd named in the caller's file table when the hook
 * ran (the kernel looks the fd up again after it).  When the fd was not
 * read (optval NULL, optlen shorter than an int, not readable), was not
 * open, or named no eBPF program, the record has SOE_BPF_F_NO_PROGRAM too,
 * and prog_id and ebpf are 0.
 *
 *  - prog_id: the program's id, as bpftool prog show and
 *    BPF_OBJ_GET_INFO_BY_FD give it (struct bpf_prog_info.id).
 *  - ebpf.prog_tag: the program's tag, a hash of its instructions
 *    (bpf_prog_info.tag), the bytes in the order bpftool prints them in hex.
 *  - ebpf.prog_type: its enum bpf_prog_type (BPF_PROG_TYPE_SOCKET_FILTER,
 *    1, is the only one SO_ATTACH_BPF accepts; SO_ATTACH_REUSEPORT_EBPF
 *    takes BPF_PROG_TYPE_SK_REUSEPORT, 21, too).  The hook runs before the
 *    kernel checks the type, so a call it refuses has its program's type
 *    here too.
 *
 * This came after the first version 3 records, without a new version: a
 * reader of the first version 3 parses the record, finds len and read 0
 * and no instruction, so it shows an empty program (or no program, with
 * SOE_BPF_F_NO_PROGRAM) and ignores the flag it does not know.
 */
#define SOE_BPF_MAXINSNS	4096	/* BPF_MAXINSNS: the kernel's limit */
#define SOE_BPF_INSNS_MAX	26	/* instructions a record lists */

/* soe_bpf_filter.flags */
#define SOE_BPF_F_FAULT		(1U << 0)	/* read < len: a fault stopped it */
#define SOE_BPF_F_TOO_LONG	(1U << 1)	/* len > SOE_BPF_MAXINSNS */
#define SOE_BPF_F_NO_PROGRAM	(1U << 2)	/* no sock_fprog, or no eBPF fd */
#define SOE_BPF_F_EBPF		(1U << 3)	/* an eBPF program: prog_id, ebpf */

#define SOE_BPF_TAG_SIZE	8	/* BPF_TAG_SIZE */

/* One instruction, as struct sock_filter in <linux/filter.h>. */
struct soe_sock_filter {
	__u16 code;
	__u8 jt;
	__u8 jf;
	__u32 k;
};

struct soe_bpf_filter {
	struct soe_header hdr;				/*   0 */
	__u16 len;					/*  32 */
	__u16 read;					/*  34 */
	__u16 listed;					/*  36 */
	__u16 flags;					/*  38: SOE_BPF_F_* */
	__u32 crc32;					/*  40 */
	__u32 prog_id;					/*  44: eBPF */
	/* An unnamed union: C11, or GNU C (__extension__) before it. */
	__extension__ union {
		struct soe_sock_filter insns[SOE_BPF_INSNS_MAX]; /*  48 */
		struct {
			__u8 prog_tag[SOE_BPF_TAG_SIZE];	/*  48 */
			__u32 prog_type;			/*  56 */
		} ebpf;						/* SOE_BPF_F_EBPF */
	};
};

/*
 * SOE_RECORD_RESULT: how the call of the event event_seq ended.  hdr.cpu
 * and hdr.timestamp_ns are the return's (the call's duration is the
 * difference from its event's time); hdr.flags are SOE_RESULT_F_*.
 *
 *  - lsm_ret, with SOE_RESULT_F_LSM: what security_socket_setsockopt()
 *    returned, the verdict of the LSMs (AppArmor, SELinux, a BPF LSM
 *    program...): 0 to let the call go on, or -errno (-EPERM, -EACCES) to
 *    refuse it, in which case the call returns the same error.  The module
 *    always has it, but when it was unloaded before the hook returned (and
 *    then no result is written at all).
 *  - ret, with SOE_RESULT_F_RET: what the call returned: 0, or -errno
 *    (-EPERM for SO_MARK without CAP_NET_ADMIN, -ENOPROTOOPT, -EINVAL,
 *    -EFAULT...).  For setsockopt(2) and socketcall(2) the syscall's
 *    return value as the task gets it (a call whose task was killed while
 *    it slept in the kernel returns an error the task never sees); for
 *    io_uring's SOCKET_URING_OP_SETSOCKOPT (Linux 6.7 on) the value that
 *    becomes the completion's res.  Without the flag the call's result is
 *    unknown, never 0: the call began before the module was loaded, or
 *    reached the hook by a path the module does not follow (an in-kernel
 *    caller), or the module had no room left to follow another call in
 *    flight (counted in returns_missed).
 *  - host_tid: the calling task, as in the event.
 *  - syscall: the call that returned (enum soe_syscall), SOE_SYSCALL_UNKNOWN
 *    without SOE_RESULT_F_RET.
 */
#define SOE_RESULT_F_LSM	(1U << 0)	/* lsm_ret holds the hook's verdict */
#define SOE_RESULT_F_RET	(1U << 1)	/* ret holds the call's return value */

struct soe_result {
	struct soe_header hdr;		/*   0 */
	__aligned_u64 event_seq;	/*  32: the seq of the call's event */
	__s32 lsm_ret;			/*  40: 0 or -errno */
	__s32 ret;			/*  44: 0 or -errno */
	__u32 host_tid;			/*  48 */
	__u8 syscall;			/*  52: enum soe_syscall */
	__u8 reserved[SOE_RECORD_SIZE - 53];
};

struct soe_loss {
	struct soe_header hdr;		/*   0 */
	__aligned_u64 lost;		/*  32: records this reader missed */
	__u8 reserved[SOE_RECORD_SIZE - 40];
};

/*
 * ioctl()s on an open /dev/sockopt_events.  Unknown commands get ENOTTY.
 * Both structures have the same layout for 32-bit and 64-bit callers.
 */
struct soe_info {
	__u32 version;		/* SOE_VERSION */
	__u32 record_size;	/* SOE_RECORD_SIZE */
	__u32 buffer_records;	/* ring capacity */
	__u32 load_id;		/* this load of the module: below */
};

/*
 * soe_info.load_id is a random number, never 0, drawn when the module is
 * loaded and the same until it is unloaded.  seq starts again from 0 at
 * each load, so a reader that keeps its position across its own restarts
 * (sockopt-reader --state) needs both: the same load_id means the same
 * sequence.  A module from before this field gives 0 here.
 */

/*
 * The module's counters since load.  SOE_COUNTER_LIST(X) calls X(name) for
 * each, in the order of struct soe_counters.  It is the one list: the
 * module's files in /sys/class/misc/sockopt_events/counters/ (one a
 * counter, a decimal number and a newline), SOE_IOC_COUNTERS and the
 * reader's --stats follow it, and both check at compile time that it names
 * every field of the structure once.
 *
 * Counters are only ever appended, and SOE_IOC_COUNTERS carries the size
 * of the caller's structure: the module fills the first counters for any
 * size from SOE_COUNTERS_SIZE_VER0 up to its own in whole counters, so a
 * caller built with an older header gets the counters it knows (a larger
 * size, or one that is not in whole counters, gets ENOTTY).
 */
#define SOE_COUNTER_LIST(X)	\
	X(seen)			\
	X(written)		\
	X(filtered)		\
	X(overwritten)		\
	X(missed)		\
	X(copy_faults)		\
	X(wakeups)		\
	X(events)		\
	X(results)		\
	X(returns_missed)

struct soe_counters {
	__aligned_u64 seen;		/* probe hits handled: events + filtered */
	__aligned_u64 written;		/* records written to the ring */
	__aligned_u64 filtered;		/* hits the filters rejected */
	__aligned_u64 overwritten;	/* records the full ring overwrote */
	__aligned_u64 missed;		/* hook probe hits skipped (nmissed) */
	__aligned_u64 copy_faults;	/* option values that could not be copied */
	/* SOE_COUNTERS_SIZE_VER0 ends here. */
	__aligned_u64 wakeups;		/* times the sleeping readers were woken */
	__aligned_u64 events;		/* event records written (one a call) */
	__aligned_u64 results;		/* result records written (one a call) */
	__aligned_u64 returns_missed;	/* calls whose return was not followed */
};

#define SOE_COUNTERS_SIZE_VER0	48	/* sizeof the first published struct */

/*
 * Mapping the ring.  Instead of read(), a reader may map the device:
 *
 *	len = page size + capacity * SOE_RECORD_SIZE   (capacity: SOE_IOC_INFO)
 *	mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0)
 *
 * (read-only and shared; a shorter length maps less; a 32-bit kernel
 * refuses with EOPNOTSUPP).  The mapping starts
 * with a struct soe_ring_ctl; the ring's capacity slots follow, from
 * records_offset: the record with sequence number s is in slot
 * s & (capacity - 1).  Such a reader copies nothing through the kernel and
 * takes no lock, so it costs the writers nothing; but it must notice by
 * itself the records the ring overwrote before, or while, it read them, and
 * it keeps its own position.  For each record, at position pos:
 *
 *	head = __atomic_load_n(&ctl->head, __ATOMIC_ACQUIRE);
 *	if (pos == head)
 *		wait: ioctl(fd, SOE_IOC_WAIT, &pos), or poll again later;
 *	if (head - pos > capacity)
 *		lost head - capacity - pos records; pos = head - capacity;
 *	copy the slot of pos;
 *	__atomic_thread_fence(__ATOMIC_ACQUIRE);
 *	claimed = __atomic_load_n(&ctl->claimed, __ATOMIC_RELAXED);
 *	if (claimed > pos + capacity)
 *		the copy may be torn: lost claimed - capacity - pos records,
 *		pos = claimed - capacity;
 *	else
 *		the copy is good (its seq is pos); pos++;
 *
 * SOE_IOC_WAIT sleeps until the ring's head passes *pos (at once if it
 * has; EAGAIN without sleeping for an O_NONBLOCK file, EINVAL when *pos is
 * beyond the head).  The wake-ups are batched as for read().  poll() and
 * the loss records belong to read()'s position, not to a mapping's.
 */
struct soe_ring_ctl {
	__aligned_u64 head;	/* records below this seq are complete */
	__aligned_u64 claimed;	/* writers have claimed the slots below this */
	__u32 capacity;		/* slots: a power of two */
	__u32 record_size;	/* SOE_RECORD_SIZE */
	__u32 records_offset;	/* where slot 0 starts: one page in */
	__u32 version;		/* SOE_VERSION */
};

#define SOE_IOC_MAGIC		0xe4
#define SOE_IOC_INFO		_IOR(SOE_IOC_MAGIC, 1, struct soe_info)
#define SOE_IOC_COUNTERS	_IOR(SOE_IOC_MAGIC, 2, struct soe_counters)
#define SOE_IOC_WAIT		_IOW(SOE_IOC_MAGIC, 3, __u64)

#endif /* _UAPI_SOCKOPT_EVENTS_H */
