// SPDX-License-Identifier: GPL-2.0
/*
 * The ring: a power-of-two array of records, written by the probe handler on
 * any CPU and read by any number of readers, each at its own position.
 *
 * Every record written gets the next sequence number; the record with
 * sequence number s lives in slot s & mask.  A call's records (its event,
 * and the records that come before and after it when it has them) are
 * written in one go, in consecutive slots.  Writers never wait for readers:
 * when the ring is full the oldest record is overwritten.  A reader whose
 * position has fallen behind the oldest record still held gets one loss
 * record that counts what it missed, and moves on to the oldest record.
 *
 * The lock is a raw spinlock taken with interrupts off: the probe handler runs
 * with preemption disabled, and on PREEMPT_RT a spinlock_t would sleep.  It is
 * held only to copy records in or out.
 *
 * Readers may also map the ring (uapi/sockopt_events.h says how they read
 * it): one page of struct soe_ring_ctl, then the slots, in one vmalloc_user()
 * area.  For them a writer claims a slot (ctl->claimed) before it writes it
 * and publishes it (ctl->head) after, as a seqcount would; they take no lock.
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
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/poll.h>
#include <linux/irq_work.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/atomic.h>

#include "soe.h"

static struct {
	raw_spinlock_t lock;
	u64 mask;		/* capacity - 1 */
	/* The area's first page; ctl->head: the seq of the next record. */
	struct soe_ring_ctl *ctl;
	struct soe_event *slots;
	size_t size;		/* of the area */

	wait_queue_head_t waiters;
	u64 woken_at;		/* the head when the readers were last woken */
	struct irq_work wake_soon;	/* at the next tick */
	struct irq_work wake_now;
	struct timer_list wake_tick;	/* PREEMPT_RT: both of them */
	atomic64_t wakeups;	/* times wake_readers() ran */
	u64 events;		/* events written; under the lock */
} ring;

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

/* Called by soe_ring_write() for the record it just stored as seq. */
static void ask_wakeup(u64 seq)
{
	/*
	 * No barrier before the test: the writer calls this under the ring's
	 * lock, and a reader tests for records under the same lock after it
	 * joined the wait queue (soe_ring_pending()).  Either the reader sees
	 * this record or this sees the reader.
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
	/* records is at most SOE_RECORDS_MAX (main.c): no overflow. */
	ring.size = PAGE_SIZE + PAGE_ALIGN((size_t)records * sizeof(*ring.slots));
	ring.ctl = vmalloc_user(ring.size);	/* zeroed */
	if (!ring.ctl)
		return -ENOMEM;
	ring.slots = (void *)ring.ctl + PAGE_SIZE;
	ring.ctl->capacity = records;
	ring.ctl->record_size = SOE_RECORD_SIZE;
	ring.ctl->records_offset = PAGE_SIZE;
	ring.ctl->version = SOE_VERSION;
	raw_spin_lock_init(&ring.lock);
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
 * Called from the probe handler with an event, the record that goes just
 * before it (its names, when it has SOE_F_UNIX_NAMES) and the one that goes
 * just after it (its filter, when it has SOE_F_BPF_FILTER), each NULL when
 * there is none: fills in the sequence numbers, stores, and asks for the
 * readers to be woken, still under the lock (see ask_wakeup()).
 */
void soe_ring_write(struct soe_event *ev, struct soe_unix_names *before,
		    struct soe_bpf_filter *after)
{
	unsigned int n = 1 + !!before + !!after;
	unsigned long flags;
	u64 seq, s;

	BUILD_BUG_ON(sizeof(*before) != sizeof(*ring.slots));
	BUILD_BUG_ON(sizeof(*after) != sizeof(*ring.slots));
	raw_spin_lock_irqsave(&ring.lock, flags);
	seq = ring.ctl->head;
	s = seq;
	WRITE_ONCE(ring.ctl->claimed, seq + n);
	/* The claim before the slots: pairs with a mapping reader's fence. */
	smp_wmb();
	if (before) {
		before->hdr.seq = s;
		memcpy(&ring.slots[s++ & ring.mask], before, sizeof(*before));
	}
	ev->hdr.seq = s;
	ring.slots[s++ & ring.mask] = *ev;
	if (after) {
		after->hdr.seq = s;
		memcpy(&ring.slots[s & ring.mask], after, sizeof(*after));
	}
	/* The slots before the head: pairs with a mapping reader's acquire. */
	smp_wmb();
	WRITE_ONCE(ring.ctl->head, seq + n);
	ring.events++;
	ask_wakeup(seq + n - 1);
	raw_spin_unlock_irqrestore(&ring.lock, flags);
}

/* The events written since load: one a call, whatever came with it. */
u64 soe_ring_events(void)
{
	unsigned long flags;
	u64 n;

	raw_spin_lock_irqsave(&ring.lock, flags);
	n = ring.events;
	raw_spin_unlock_irqrestore(&ring.lock, flags);
	return n;
}

static u64 oldest_locked(void)
{
	u64 head = ring.ctl->head;

	return head > ring.mask ? head - ring.mask - 1 : 0;
}

/* The sequence number of the oldest record still held. */
u64 soe_ring_oldest(void)
{
	unsigned long flags;
	u64 seq;

	raw_spin_lock_irqsave(&ring.lock, flags);
	seq = oldest_locked();
	raw_spin_unlock_irqrestore(&ring.lock, flags);
	return seq;
}

/* The sequence number the next record will get. */
u64 soe_ring_head(void)
{
	unsigned long flags;
	u64 seq;

	raw_spin_lock_irqsave(&ring.lock, flags);
	seq = ring.ctl->head;
	raw_spin_unlock_irqrestore(&ring.lock, flags);
	return seq;
}

u64 soe_ring_capacity(void)
{
	return ring.mask + 1;
}

/*
 * Is there a record, or a loss to report, for a reader at pos?  The head is
 * read under the lock: that is what lets ask_wakeup() test for sleeping
 * readers without a barrier.
 */
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

/* Called under the ring's lock, interrupts off. */
static void make_loss(struct soe_loss *loss, u64 seq, u64 lost)
{
	memset(loss, 0, sizeof(*loss));
	soe_fill_header(&loss->hdr, SOE_RECORD_LOSS);
	loss->hdr.seq = seq;
	loss->lost = lost;
}

/*
 * Copy up to max records, starting at *pos, into buf (max * SOE_RECORD_SIZE
 * bytes), and move *pos past them.  A reader that was overrun gets a loss
 * record first.  Returns the number of records copied; 0 when there is
 * nothing new.  The caller commits *pos only once the records reached user
 * space, so a failed copy loses nothing.
 */
unsigned int soe_ring_read(u64 *pos, void *buf, unsigned int max)
{
	struct soe_event *out = buf;
	unsigned long flags;
	unsigned int n = 0;
	u64 oldest;

	raw_spin_lock_irqsave(&ring.lock, flags);
	oldest = oldest_locked();
	if (*pos < oldest && max) {
		make_loss((struct soe_loss *)&out[n++], *pos, oldest - *pos);
		*pos = oldest;
	}
	for (; n < max && *pos < ring.ctl->head; n++, (*pos)++)
		out[n] = ring.slots[*pos & ring.mask];
	raw_spin_unlock_irqrestore(&ring.lock, flags);
	return n;
}
