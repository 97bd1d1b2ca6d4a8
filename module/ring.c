// SPDX-License-Identifier: GPL-2.0
/*
 * The ring: a power-of-two array of records, written by the probe handler on
 * any CPU and read by any number of readers, each at its own position.
 *
 * Every record written gets the next sequence number; the record with
 * sequence number s lives in slot s & mask.  A call's records (its event,
 * and the records that come before and after it when it has them) take
 * consecutive slots, claimed together.  Writers never wait for readers: when the ring is
 * full the oldest record is overwritten.  A reader whose position has fallen
 * behind the oldest record still held gets one loss record that counts what
 * it missed, and moves on to the oldest record.
 *
 * No lock: a writer claims the next sequence numbers (ctl->claimed) with a
 * cmpxchg, fills its records in their slots, in place, and publishes each by
 * storing its seq in the slot's header last.  The head (ctl->head) is the
 * first record not yet published: records below it are complete.  Whoever
 * publishes the record at the head moves the head over it and over every
 * published record after it, so a writer that finishes before an earlier
 * one leaves its records to be passed over by that one.  Writers on other
 * CPUs thus never wait for each other, and the handler never copies a
 * record: it builds it where readers will find it.  A writer never stores a
 * slot's seq but to publish it, so a slot being filled still shows the seq
 * of the record it held.
 *
 * A writer whose slots still hold a record being written (the ring went all
 * the way round while the writer of that record, on another CPU, was held
 * up: by interrupts, or by the hypervisor in a virtual machine) waits for
 * that record to be published, as it would have waited for a lock.  The
 * wait is bounded: that writer runs a probe handler (the hook's entry, or a
 * call's return) with preemption off, has claimed already (it never waits
 * once it has), and there is one such writer per CPU, never the waiting CPU
 * itself (the probes' handlers do not nest: none runs in an interrupt).
 * Dropping the records instead would lose them where no reader sees a loss.
 *
 * Readers copy records out without a lock, through read() or a mapping of
 * the ring (uapi/sockopt_events.h says how: one page of struct soe_ring_ctl,
 * then the slots, in one vmalloc_user() area), and check after each copy
 * that no writer claimed its slot meanwhile, as a seqcount reader would.
 *
 * The ring also keeps the readers that sleep waiting for records, and wakes
 * them.  The writer cannot wake them itself: it runs in the probe handler,
 * where the wait queue's lock may not be taken (on PREEMPT_RT it sleeps).
 * It asks for a wake-up instead, and only when a reader is waiting.  Waking
 * readers per record would cost each of them a context switch and a read()
 * per record (two on a busy CPU), so the wake-ups are batched, as perf's
 * wakeup_watermark does: readers are woken at the next tick, and at once
 * only when a quarter of the ring has been written since they were last
 * woken, so that they drain the ring long before it wraps.  A reader thus
 * waits a tick at most for a record.
 *
 * What runs a wake-up must not wait for the CPU that asked for it: that CPU
 * may go offline and stay so.  Without PREEMPT_RT two irq_works wake the
 * readers, a lazy one run at the writing CPU's next tick and an immediate
 * one.  A CPU going down runs both of its irq_work lists on its way out
 * (smpcfd_dying_cpu()), after which no task runs there to queue another.  On
 * PREEMPT_RT an irq_work that is not marked for hard interrupt context runs
 * in a thread of its CPU instead, and that thread is parked early in the
 * CPU's going down: a wake-up queued later, or within a tick before, stays
 * pending on the dead CPU until it comes back, every later queueing, from any
 * CPU, finds it pending and does nothing, and irq_work_sync() at unload waits
 * for that CPU.  (Since 5.11 the scheduler moves user tasks off a CPU going
 * down before it parks that thread, which leaves only the tick's window;
 * before, they ran there until its last moment.)  A hard irq_work would run,
 * but could not take the wait queue's lock.  So on PREEMPT_RT a timer wakes
 * the readers at the next tick: its base's lock is raw, the timers of a CPU
 * that died move to a live one in the same hotplug operation
 * (timers_dead_cpu()), and timer_shutdown_sync() waits for no CPU in
 * particular.  There the wake-up at a quarter is left out (a timer comes no
 * sooner than the tick): a storm that writes three quarters of the ring
 * within a tick overruns a sleeping reader, who gets a loss record for it.  A
 * per-CPU work with a hotplug callback was weighed too: the callback could
 * wake the readers, but not take back a work left pending on a dead CPU's
 * list, so unloading would still wait for that CPU, or leave our code queued
 * there.
 */
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/irq_work.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/atomic.h>

#include "soe.h"

static struct {
	u64 mask;		/* capacity - 1 */
	/* The area's first page: head, claimed (see the top of this file). */
	struct soe_ring_ctl *ctl;
	struct soe_event *slots;
	size_t size;		/* of the area */

	wait_queue_head_t waiters;
	u64 woken_at;		/* the head when the readers were last woken */
	struct irq_work wake_soon;	/* at the next tick */
	struct irq_work wake_now;
	struct timer_list wake_tick;	/* PREEMPT_RT: both of them */
	atomic64_t wakeups;	/* times wake_readers() ran */
} ring;

/* Events published, one a call: see soe_percpu_sum(). */
static DEFINE_PER_CPU(u64, ring_events);

/* In a slot's header before its first record: no seq is ever that. */
#define SOE_SEQ_NONE	(~0ULL)

static void wake_readers(void)
{
	WRITE_ONCE(ring.woken_at, soe_ring_head());
	atomic64_inc(&ring.wakeups);
	wake_up_interruptible(&ring.waiters);
}

/* The times the sleeping readers were woken since load. */
u64 soe_ring_wakeups(void)
{
	return atomic64_read(&ring.wakeups);
}

static void wake_work(struct irq_work *work)
{
	wake_readers();
}

static void wake_timer(struct timer_list *timer)
{
	wake_readers();
}

/* Called by soe_ring_publish() once it moved the head past seq. */
static void ask_wakeup(u64 seq)
{
	/*
	 * No barrier before the test: the head was just moved by a cmpxchg,
	 * which orders it before this read, and a reader tests for records
	 * after it joined the wait queue, with a full barrier in between
	 * (set_current_state()).  Either the reader sees the new head or this
	 * sees the reader.
	 */
	if (!waitqueue_active(&ring.waiters))
		return;
	/* A look first spares an atomic, or the timer's lock, when pending. */
	if (SOE_PREEMPT_RT) {
		if (!timer_pending(&ring.wake_tick))
			mod_timer(&ring.wake_tick, jiffies + 1);
	} else if (seq - READ_ONCE(ring.woken_at) >= (ring.mask + 1) / 4) {
		if (!soe_irq_work_is_pending(&ring.wake_now))
			irq_work_queue(&ring.wake_now);
	} else if (!soe_irq_work_is_pending(&ring.wake_soon)) {
		irq_work_queue(&ring.wake_soon);
	}
}

/* Before the probe: it may write as soon as it is in. */
int soe_ring_init(unsigned int records)
{
	unsigned int i;

	/* records is at most SOE_RECORDS_MAX (main.c): no overflow. */
	ring.size = PAGE_SIZE + PAGE_ALIGN((size_t)records * sizeof(*ring.slots));
	ring.ctl = vmalloc_user(ring.size);	/* zeroed */
	if (!ring.ctl)
		return -ENOMEM;
	ring.slots = (void *)ring.ctl + PAGE_SIZE;
	for (i = 0; i < records; i++)
		ring.slots[i].hdr.seq = SOE_SEQ_NONE;
	ring.ctl->capacity = records;
	ring.ctl->record_size = SOE_RECORD_SIZE;
	ring.ctl->records_offset = PAGE_SIZE;
	ring.ctl->version = SOE_VERSION;
	ring.mask = records - 1;

	init_waitqueue_head(&ring.waiters);
	soe_init_irq_work_lazy(&ring.wake_soon, wake_work);
	init_irq_work(&ring.wake_now, wake_work);
	soe_timer_setup(&ring.wake_tick, wake_timer);
	return 0;
}

/*
 * Once the probe is gone, nothing asks for a wake-up any more: wait for the
 * last one to have run, then free.
 */
void soe_ring_free(void)
{
	irq_work_sync(&ring.wake_soon);
	irq_work_sync(&ring.wake_now);
	soe_timer_shutdown_sync(&ring.wake_tick);
	vfree(ring.ctl);
	ring.ctl = NULL;
	ring.slots = NULL;
}

/*
 * Map the area into a reader: shared and read-only (the device opens only
 * for reading, so a shared mapping can never become writable), never
 * executable, not even later through mprotect(), from its start, no longer
 * than the area.  64-bit kernels only.
 */
int soe_ring_mmap(struct vm_area_struct *vma)
{
	/* A 32-bit kernel stores head and claimed in two halves. */
	if (!IS_ENABLED(CONFIG_64BIT))
		return -EOPNOTSUPP;
	if (vma->vm_pgoff)
		return -EINVAL;
	if (vma->vm_end - vma->vm_start > ring.size)
		return -EINVAL;
	if (!(vma->vm_flags & VM_MAYSHARE) ||
	    (vma->vm_flags & (VM_WRITE | VM_MAYWRITE | VM_EXEC)))
		return -EACCES;
	soe_vm_flags_clear(vma, VM_MAYEXEC);
	return remap_vmalloc_range(vma, ring.ctl, 0);
}

/*
 * Called from the probe handler: claims the next n sequence numbers (n is 1
 * to SOE_RING_CLAIM_MAX) and returns the first.  Their slots
 * (soe_ring_slot()) are to be filled in place, hdr.seq left alone, and
 * handed to soe_ring_publish().  The slots still hold the records of
 * capacity earlier; while one of those is not published yet, this waits
 * (see the top of this file).
 */
u64 soe_ring_claim(unsigned int n)
{
	u64 s = READ_ONCE(ring.ctl->claimed), old;

	for (;;) {
		if (s + n - 1 - READ_ONCE(ring.ctl->head) > ring.mask) {
			cpu_relax();
			s = READ_ONCE(ring.ctl->claimed);
			continue;
		}
		/* Fully ordered: the claim before the slots' first write. */
		old = cmpxchg64(&ring.ctl->claimed, s, s + n);
		if (old == s)
			return s;
		s = old;
	}
}

/* The slot of a record claimed by soe_ring_claim(). */
void *soe_ring_slot(u64 seq)
{
	return &ring.slots[seq & ring.mask];
}

/*
 * Publish the n records claimed from seq on; then move the head over every
 * published record from where it is, and ask for a wake-up if it moved.
 */
static void publish(u64 seq, unsigned int n)
{
	bool moved = false;
	unsigned int i;
	u64 head, old;

	for (i = 0; i < n; i++) {
		/* The record before its seq: pairs with the acquire below. */
		smp_store_release(&ring.slots[(seq + i) & ring.mask].hdr.seq,
				  seq + i);
	}
	/*
	 * The seqs before the head is read.  A writer of an earlier record
	 * stores its seq, then moves the head (a full barrier), then reads
	 * this record's seq: either it sees this seq or this sees its head.
	 */
	smp_mb();
	head = READ_ONCE(ring.ctl->head);
	/* A record's seq before the record: pairs with the release above. */
	while (smp_load_acquire(&ring.slots[head & ring.mask].hdr.seq) == head) {
		/* Fully ordered: the record before the head that covers it. */
		old = cmpxchg64(&ring.ctl->head, head, head + 1);
		if (old == head) {
			moved = true;
			head++;
		} else {
			head = old;
		}
	}
	if (moved)
		ask_wakeup(head - 1);
}

/* A call's records: one event and what comes with it. */
void soe_ring_publish(u64 seq, unsigned int n)
{
	publish(seq, n);
	this_cpu_inc(ring_events);
}

/* The same for a call's result record, claimed alone, after its event. */
void soe_ring_publish_result(u64 seq)
{
	publish(seq, 1);
}

/* The events written since load: one a call, whatever came with it. */
u64 soe_ring_events(void)
{
	return soe_percpu_sum(&ring_events);
}

/*
 * The sequence number of the oldest record a reader can still get: slots
 * below claimed - capacity are being, or about to be, overwritten.
 */
u64 soe_ring_oldest(void)
{
	u64 claimed = READ_ONCE(ring.ctl->claimed);

	return claimed > ring.mask ? claimed - ring.mask - 1 : 0;
}

/* The sequence number the next record will get once it is complete. */
u64 soe_ring_head(void)
{
	/* The head before the records below it: pairs with the cmpxchg. */
	return smp_load_acquire(&ring.ctl->head);
}

u64 soe_ring_capacity(void)
{
	return ring.mask + 1;
}

/* Is there a record, or a loss to report, for a reader at pos? */
bool soe_ring_pending(u64 pos)
{
	return soe_ring_head() != pos;
}

/*
 * Sleep until there is something for a reader at *pos (which another task
 * may move meanwhile): 0, or -ERESTARTSYS on a signal.
 */
int soe_ring_wait(const u64 *pos)
{
	return wait_event_interruptible(ring.waiters,
					soe_ring_pending(READ_ONCE(*pos)));
}

void soe_ring_poll_wait(struct file *file, poll_table *wait)
{
	poll_wait(file, &ring.waiters, wait);
}

/*
 * A loss record, made by a reader in read(): preemptible, since no lock is
 * taken any more, so the header's CPU is read with preemption off.
 */
static void make_loss(struct soe_loss *loss, u64 seq, u64 lost)
{
	memset(loss, 0, sizeof(*loss));
	preempt_disable();
	soe_fill_header(&loss->hdr, SOE_RECORD_LOSS);
	preempt_enable();
	loss->hdr.seq = seq;
	loss->lost = lost;
}

/*
 * Copy up to max records, starting at *pos, into buf (max * SOE_RECORD_SIZE
 * bytes), and move *pos past them.  A reader that was overrun gets a loss
 * record first, and one more for a record overwritten while it was being
 * copied (adjacent losses are merged).  Returns the number of records
 * copied; 0 when there is nothing new.  The caller commits *pos only once
 * the records reached user space, so a failed copy loses nothing.
 */
unsigned int soe_ring_read(u64 *pos, void *buf, unsigned int max)
{
	struct soe_event *out = buf;
	struct soe_loss *loss = NULL;
	unsigned int n = 0;
	u64 oldest;

	while (n < max && *pos < soe_ring_head()) {
		oldest = soe_ring_oldest();
		if (*pos < oldest) {
			if (loss && loss->hdr.seq + loss->lost == *pos) {
				loss->lost += oldest - *pos;
			} else {
				loss = (struct soe_loss *)&out[n++];
				make_loss(loss, *pos, oldest - *pos);
			}
			*pos = oldest;
			continue;
		}
		out[n] = ring.slots[*pos & ring.mask];
		/* The copy before the check: pairs with the claim's cmpxchg. */
		smp_rmb();
		if (soe_ring_oldest() > *pos)
			continue;	/* overwritten meanwhile: a loss */
		n++;
		(*pos)++;
	}
	return n;
}
