/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The record of the bench's eBPF anchor (cases g0, g, g0p, gp): one per
 * security_socket_setsockopt() call, 256 bytes like sockopt_events' struct
 * soe_event, so that both write the same amount.  Its own layout, not the
 * module's uapi: no magic, version or type (one kind of record), and
 * nothing for unix, netlink or packet addresses (see bench/README.md).
 * Shared by the BPF program and its loader.
 */
#ifndef SOE_EBPF_H
#define SOE_EBPF_H

/* soe_ebpf_event.flags, as the module's SOE_F_* where they mean the same */
#define SOE_EBPF_F_COMPAT	(1U << 0)
#define SOE_EBPF_F_OPTVAL_NULL	(1U << 1)
#define SOE_EBPF_F_OPTVAL_FAULT	(1U << 2)
#define SOE_EBPF_F_OPTVAL_TRUNC	(1U << 3)
#define SOE_EBPF_F_NO_SOCK	(1U << 5)
#define SOE_EBPF_F_X32		(1U << 8)	/* x32 syscall: not decoded */

/* soe_ebpf_event.syscall: the module's enum soe_syscall */
#define SOE_EBPF_SYSCALL_UNKNOWN	0
#define SOE_EBPF_SYSCALL_SETSOCKOPT	1
#define SOE_EBPF_SYSCALL_SOCKETCALL	2
#define SOE_EBPF_SYSCALL_IO_URING	3

#define SOE_EBPF_OPTVAL_MAX	32

struct soe_ebpf_inet {
	__u16 port;		/* host byte order */
	__u16 reserved;
	__u32 scope_id;		/* IPv6: the bound interface index */
	__u8 addr[16];		/* IPv4: the first 4 bytes */
};

struct soe_ebpf_event {
	__u64 seq;		/*   0: one sequence for all CPUs */
	__u64 timestamp_ns;	/*   8: CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u64 cgroup_id;	/*  16: cgroup v2 id */
	__u64 socket_inode;	/*  24 */
	__u32 cpu;		/*  32 */
	__u16 flags;		/*  36: SOE_EBPF_F_* */
	__u8 syscall;		/*  38: SOE_EBPF_SYSCALL_* */
	__u8 state;		/*  39: sk_state */
	__u32 host_pid;		/*  40: tgid */
	__u32 host_tid;		/*  44 */
	__u32 host_ppid;	/*  48 */
	__u32 pid;		/*  52: in the task's pid namespace */
	__u32 tid;		/*  56 */
	__u32 ppid;		/*  60: 0 if outside the namespace */
	__u32 uid;		/*  64: kuids and kgids */
	__u32 euid;		/*  68 */
	__u32 gid;		/*  72 */
	__u32 egid;		/*  76 */
	__s32 fd;		/*  80: -1 when unknown */
	__s32 level;		/*  84 */
	__s32 optname;		/*  88 */
	__s32 optlen;		/*  92 */
	__u16 family;		/*  96 */
	__u16 sock_type;	/*  98 */
	__u16 protocol;		/* 100 */
	__u8 optval_len;	/* 102 */
	__u8 reserved0;		/* 103 */
	__u32 pid_ns;		/* 104: namespace inode numbers */
	__u32 net_ns;		/* 108: the socket's */
	__u32 user_ns;		/* 112 */
	__u32 uts_ns;		/* 116 */
	__u32 cgroup_ns;	/* 120 */
	__u32 mnt_ns;		/* 124 */
	char comm[16];		/* 128 */
	__u8 optval[SOE_EBPF_OPTVAL_MAX]; /* 144 */
	struct soe_ebpf_inet local;	/* 176: AF_INET, AF_INET6 */
	struct soe_ebpf_inet remote;	/* 200 */
	__u8 reserved1[32];	/* 224 */
};

_Static_assert(sizeof(struct soe_ebpf_event) == 256, "a 256-byte record");

/* The counters map: per CPU, indexed by these. */
enum soe_ebpf_counter {
	SOE_EBPF_WRITTEN,	/* records the buffer took */
	SOE_EBPF_DROPPED,	/* records the buffer refused: full */
	SOE_EBPF_NCOUNTERS,
};

#endif
