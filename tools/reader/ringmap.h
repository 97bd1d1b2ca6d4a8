/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Reading /dev/sockopt_events through a mapping of its ring, as
 * uapi/sockopt_events.h describes: no copy through the kernel and no lock,
 * so any number of such readers cost the writers nothing.  The reader keeps
 * its own position and finds its own losses; soe_ringmap_next() turns them
 * into loss records like the device's, so what follows it sees one stream
 * either way.
 *
 * soe_ringmap_next() works on any struct soe_ring_ctl and slots, mapped or
 * not, so that the unit tests can drive it with writers of their own.
 */
#ifndef SOE_RINGMAP_H
#define SOE_RINGMAP_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sockopt_events.h"

struct soe_ringmap {
	const volatile struct soe_ring_ctl *ctl;
	const volatile unsigned char *slots;
	uint64_t capacity;
	uint64_t pos;		/* sequence number of the next record */
	size_t len;		/* of the mapping; 0 when not mapped */
};

/* Start at the oldest record held, as a new open file of the device does. */
static inline void soe_ringmap_attach(struct soe_ringmap *m,
				      const volatile void *ctl,
				      const volatile void *slots)
{
	uint64_t claimed;

	m->ctl = ctl;
	m->slots = slots;
	m->capacity = m->ctl->capacity;
	/* Slots below claimed - capacity may be being overwritten. */
	claimed = __atomic_load_n(&m->ctl->claimed, __ATOMIC_ACQUIRE);
	m->pos = claimed > m->capacity ? claimed - m->capacity : 0;
}

/* Skip to now, as lseek(fd, 0, SEEK_END) does for a reader of the device. */
static inline void soe_ringmap_seek_end(struct soe_ringmap *m)
{
	m->pos = __atomic_load_n(&m->ctl->head, __ATOMIC_ACQUIRE);
}

/*
 * Map the ring of fd, an open /dev/sockopt_events.  0, or -1 with errno set:
 * EINVAL when the module speaks another format.
 */
static inline int soe_ringmap_map(struct soe_ringmap *m, int fd)
{
	struct soe_info info;
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	if (ioctl(fd, SOE_IOC_INFO, &info))
		return -1;
	if (info.version < SOE_VERSION_MIN || info.version > SOE_VERSION ||
	    info.record_size != SOE_RECORD_SIZE) {
		errno = EINVAL;
		return -1;
	}
	m->len = (size_t)page + (size_t)info.buffer_records * SOE_RECORD_SIZE;
	p = mmap(NULL, m->len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		m->len = 0;
		return -1;
	}
	soe_ringmap_attach(m, p, (const unsigned char *)p +
			   ((const struct soe_ring_ctl *)p)->records_offset);
	return 0;
}

static inline void soe_ringmap_unmap(struct soe_ringmap *m)
{
	if (m->len)
		munmap((void *)m->ctl, m->len);
	m->len = 0;
}

/* A loss record, as the device makes one: lost records from seq on. */
static inline void soe_ringmap_loss(void *rec, uint64_t seq, uint64_t lost)
{
	struct soe_loss *l = rec;
	struct timespec ts;

	memset(l, 0, sizeof(*l));
	l->hdr.magic = SOE_MAGIC;
	l->hdr.version = SOE_VERSION;
	l->hdr.size = SOE_RECORD_SIZE;
	l->hdr.type = SOE_RECORD_LOSS;
	l->hdr.seq = seq;
	clock_gettime(CLOCK_REALTIME, &ts);
	l->hdr.timestamp_ns = (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
	l->lost = lost;
}

/*
 * The next record into rec (SOE_RECORD_SIZE bytes): 1 when rec holds one
 * (a record of the ring, or a loss record for those the ring overwrote
 * before they were read), 0 when there is nothing new.
 */
static inline int soe_ringmap_next(struct soe_ringmap *m, void *rec)
{
	uint64_t head, claimed, pos = m->pos;

	head = __atomic_load_n(&m->ctl->head, __ATOMIC_ACQUIRE);
	if (pos == head)
		return 0;
	if (head - pos > m->capacity) {
		m->pos = head - m->capacity;
		soe_ringmap_loss(rec, pos, m->pos - pos);
		return 1;
	}
	memcpy(rec, (const void *)(m->slots +
		(pos & (m->capacity - 1)) * SOE_RECORD_SIZE), SOE_RECORD_SIZE);
	/* The copy before the claim: a writer claims before it writes. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	claimed = __atomic_load_n(&m->ctl->claimed, __ATOMIC_RELAXED);
	if (claimed > pos + m->capacity) {
		/* A writer was in the slot: the copy may be torn. */
		m->pos = claimed - m->capacity;
		soe_ringmap_loss(rec, pos, m->pos - pos);
		return 1;
	}
	m->pos = pos + 1;
	return 1;
}

/*
 * As read() of the device does: as many whole records as there are and fit
 * in len bytes of buf, their size in bytes; -1 with EAGAIN when none.
 */
static inline ssize_t soe_ringmap_read(struct soe_ringmap *m, void *buf,
				       size_t len)
{
	size_t n = 0;

	while (n + SOE_RECORD_SIZE <= len &&
	       soe_ringmap_next(m, (unsigned char *)buf + n))
		n += SOE_RECORD_SIZE;
	if (!n)
		errno = EAGAIN;
	return n ? (ssize_t)n : -1;
}

/*
 * Sleep until there is something new (or a signal: -1 with EINTR).  0 when
 * there is.
 */
static inline int soe_ringmap_wait(struct soe_ringmap *m, int fd)
{
	uint64_t pos = m->pos;

	return ioctl(fd, SOE_IOC_WAIT, &pos);
}

#endif /* SOE_RINGMAP_H */
