/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interfaces between the parts of the sockopt_events module, each part
 * using only those listed before it: main.c sets up the lot.
 */
#ifndef _SOE_H
#define _SOE_H

#include <linux/types.h>
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <linux/string.h>
#include <linux/stddef.h>
#include <linux/build_bug.h>
#include <sockopt_events.h>

/*
 * A counter the probe handler bumps with this_cpu_inc(), one u64 per CPU,
 * so that counting costs no shared cache line and no atomic: its total,
 * summed as it is read.  The kernel's percpu_counter would cost the
 * handler more: an out-of-line call with a batch test on every count and,
 * every batch, a raw spinlock on a shared total (and an allocation at load).
 */
static inline u64 soe_percpu_sum(u64 __percpu *count)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(count, cpu));
	return sum;
}

/*
 * The header every record opens with, but its seq (the ring's) and flags,
 * for a record the caller has zeroed (soe_clear_record()).  Inline: the probe handler fills one
 * per call.  Preemption or interrupts are off, so the CPU stays the same.
 */
static inline void soe_fill_header(struct soe_header *hdr, u16 type)
{
	hdr->magic = SOE_MAGIC;
	hdr->version = SOE_VERSION;
	hdr->size = SOE_RECORD_SIZE;
	hdr->type = type;
	hdr->cpu = smp_processor_id();
	hdr->timestamp_ns = ktime_get_real_ns();
}

/*
 * Zero a record in its ring slot but for its seq, which only the ring
 * stores (soe_ring_publish()): header fields, then the rest.
 */
static inline void soe_clear_record(void *rec)
{
	struct soe_header *hdr = rec;

	BUILD_BUG_ON(offsetof(struct soe_header, seq) != 16 ||
		     offsetof(struct soe_header, timestamp_ns) != 24);
	memset(hdr, 0, offsetof(struct soe_header, seq));
	memset((u8 *)rec + offsetof(struct soe_header, timestamp_ns), 0,
	       SOE_RECORD_SIZE - offsetof(struct soe_header, timestamp_ns));
}

/* ring.c: one ring of records shared by every reader. */
int soe_ring_init(unsigned int records);
void soe_ring_free(void);
/*
 * A call's records: the unix names record, its event, the socket filter
 * record, in this order, each when it has one.
 */
#define SOE_RING_CLAIM_MAX	3
u64 soe_ring_claim(unsigned int n);
void *soe_ring_slot(u64 seq);
void soe_ring_publish(u64 seq, unsigned int n);
void soe_ring_publish_result(u64 seq);
u64 soe_ring_oldest(void);
u64 soe_ring_head(void);
u64 soe_ring_capacity(void);
bool soe_ring_pending(u64 pos);
int soe_ring_wait(const u64 *pos);
struct file;
struct poll_table_struct;
void soe_ring_poll_wait(struct file *file, struct poll_table_struct *wait);
unsigned int soe_ring_read(u64 *pos, void *buf, unsigned int max);
struct vm_area_struct;
int soe_ring_mmap(struct vm_area_struct *vma);
u64 soe_ring_wakeups(void);
u64 soe_ring_events(void);

/* filter.c: the runtime filters (module parameters). */
bool soe_filter_match(int level, int optname, u32 uid);
bool soe_filter_pass(int level, int optname, u32 uid);
u64 soe_filter_rejected(void);
void soe_filter_exit(void);

/* optval.c: what a record keeps of an option's value, and its copy. */

/*
 * The program a socket filter option passes, as read from the caller's
 * value: a classic one's struct sock_fprog, or an eBPF one's fd.
 */
struct soe_fprog {
	bool found;		/* the value held a whole sock_fprog or fd */
	u16 len;
	const void __user *insns;
	int fd;			/* SO_ATTACH_BPF, SO_ATTACH_REUSEPORT_EBPF */
};

void soe_fill_optval(struct soe_event *ev, const void __user *optval,
		     struct soe_fprog *prog);
void soe_fill_bpf_filter(struct soe_bpf_filter *f, const struct soe_event *ev,
			 const struct soe_fprog *prog);
bool soe_bpf_filter_option(int level, int optname);
u64 soe_optval_faults(void);

/* result.c: how each call ends (SOE_RECORD_RESULT). */
struct soe_call;
/* A hook's call, between its entry and its return (kretprobe data). */
struct soe_hooked {
	u64 event_seq;
	struct soe_call *call;	/* its entry point's, or NULL */
};

int soe_result_init(void);
void soe_result_exit(void);
void soe_result_hooked(struct soe_hooked *h, u64 event_seq);
void soe_result_verdict(const struct soe_hooked *h, int lsm_ret);
u64 soe_result_records(void);
u64 soe_result_missed(void);
unsigned int soe_calls_max(void);

/* probe.c: the kretprobe on the LSM hook. */
int soe_probe_init(const char *symbol);
void soe_probe_exit(void);
u64 soe_probe_missed(void);

/* stats.c: the counters, each read from the part that keeps it. */
struct attribute_group;
extern const struct attribute_group *soe_attr_groups[];
void soe_counters_read(struct soe_counters *c);

/* chardev.c: /dev/sockopt_events. */
int soe_dev_register(void);
void soe_dev_unregister(void);

#endif /* _SOE_H */
