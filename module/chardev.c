// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/sockopt_events: whole records through read(), each open file at its
 * own position in the ring (the model is /dev/kmsg).  The ring keeps the
 * readers that sleep and wakes them (ring.c says when).
 */
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/capability.h>
#include <linux/mutex.h>
#include <linux/sched.h>

#include "soe.h"

/*
 * This load's identity for SOE_IOC_INFO: random and never 0 (0 is what a
 * module without it gives).  get_random_u32() is in every kernel compat.h
 * covers (Linux 4.11 and later).
 */
static u32 soe_load_id;

/* Records copied out of the ring per copy to user space. */
#define SOE_READ_BATCH 16

struct soe_reader {
	struct mutex lock;	/* serialises reads on one open file */
	u64 pos;		/* sequence number of the next record */
	u8 buf[SOE_READ_BATCH * SOE_RECORD_SIZE];
};

static int soe_open(struct inode *inode, struct file *file)
{
	struct soe_reader *r;

	/*
	 * As perf asks: CAP_PERFMON, then CAP_SYS_ADMIN.  Asking for
	 * CAP_SYS_ADMIN first would have every open by a reader that holds
	 * only CAP_PERFMON (the packaged service) fail a capability check,
	 * which SELinux logs as a denial.
	 */
	if (!soe_perfmon_capable())
		return -EPERM;
	if (file->f_mode & FMODE_WRITE)
		return -EINVAL;

	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	mutex_init(&r->lock);
	r->pos = soe_ring_oldest();
	file->private_data = r;
	return 0;
}

static int soe_release(struct inode *inode, struct file *file)
{
	struct soe_reader *r = file->private_data;

	mutex_destroy(&r->lock);
	kfree(r);
	return 0;
}

static ssize_t soe_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	struct soe_reader *r = file->private_data;
	size_t done = 0;
	unsigned int n;
	u64 pos;

	if (count < SOE_RECORD_SIZE)
		return -EINVAL;

	if (mutex_lock_interruptible(&r->lock))
		return -ERESTARTSYS;
	while (!soe_ring_pending(r->pos)) {
		mutex_unlock(&r->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (soe_ring_wait(&r->pos))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&r->lock))
			return -ERESTARTSYS;
	}

	/*
	 * As many whole records as fit, a batch at a time.  The position
	 * moves only past records that reached user space, so a fault loses
	 * nothing: the next read gets them.  A buffer as big as the ring
	 * (256 MiB at most) takes many batches: let others run between them.
	 */
	while (count - done >= SOE_RECORD_SIZE) {
		pos = r->pos;
		n = soe_ring_read(&pos, r->buf,
				  min_t(size_t, (count - done) / SOE_RECORD_SIZE,
					SOE_READ_BATCH));
		if (!n)
			break;
		if (copy_to_user(ubuf + done, r->buf, n * SOE_RECORD_SIZE))
			break;
		r->pos = pos;
		done += n * SOE_RECORD_SIZE;
		cond_resched();
	}
	mutex_unlock(&r->lock);
	return done ? done : -EFAULT;
}

/*
 * Only two seeks mean anything: SEEK_SET to 0 goes back to the oldest record
 * still held, SEEK_END to 0 skips to the next record to be written.
 */
static loff_t soe_llseek(struct file *file, loff_t offset, int whence)
{
	struct soe_reader *r = file->private_data;

	if (offset)
		return -ESPIPE;
	if (whence != SEEK_SET && whence != SEEK_END)
		return -EINVAL;

	mutex_lock(&r->lock);
	r->pos = whence == SEEK_SET ? soe_ring_oldest() : soe_ring_head();
	mutex_unlock(&r->lock);
	return 0;
}

/* SOE_IOC_WAIT: sleep until the head passes *pos, for mapping readers. */
static long soe_wait_past(struct file *file, u64 __user *upos)
{
	u64 pos, head;

	if (copy_from_user(&pos, upos, sizeof(pos)))
		return -EFAULT;
	head = soe_ring_head();
	if (pos > head)
		return -EINVAL;
	if (head > pos)
		return 0;
	if (file->f_flags & O_NONBLOCK)
		return -EAGAIN;
	/* The head only grows: pending past pos means past it. */
	return soe_ring_wait(&pos);
}

static int soe_mmap(struct file *file, struct vm_area_struct *vma)
{
	return soe_ring_mmap(vma);
}

/* An ioctl command without its size. */
#define SOE_IOC_UNSIZED(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/*
 * SOE_IOC_COUNTERS with the size of the caller's struct soe_counters: the
 * first counters, as many as it holds, for a caller built with an older
 * header (counters are only appended).
 */
static long soe_get_counters(void __user *uarg, unsigned int size)
{
	struct soe_counters counters;

	if (size < SOE_COUNTERS_SIZE_VER0 || size > sizeof(counters) ||
	    size % sizeof(__u64))
		return -ENOTTY;
	soe_counters_read(&counters);
	return copy_to_user(uarg, &counters, size) ? -EFAULT : 0;
}

static long soe_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct soe_info info;

	if (SOE_IOC_UNSIZED(cmd) == SOE_IOC_UNSIZED(SOE_IOC_COUNTERS))
		return soe_get_counters(uarg, _IOC_SIZE(cmd));
	switch (cmd) {
	case SOE_IOC_INFO:
		memset(&info, 0, sizeof(info));
		info.version = SOE_VERSION;
		info.record_size = SOE_RECORD_SIZE;
		info.buffer_records = soe_ring_capacity();
		info.load_id = soe_load_id;
		return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
	case SOE_IOC_WAIT:
		return soe_wait_past(file, uarg);
	default:
		return -ENOTTY;
	}
}

static __poll_t soe_poll(struct file *file, poll_table *wait)
{
	struct soe_reader *r = file->private_data;

	soe_ring_poll_wait(file, wait);
	return soe_ring_pending(READ_ONCE(r->pos)) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations soe_fops = {
	.owner = THIS_MODULE,
	.open = soe_open,
	.release = soe_release,
	.read = soe_read,
	.poll = soe_poll,
	.mmap = soe_mmap,
	.unlocked_ioctl = soe_ioctl,
	.compat_ioctl = soe_compat_ptr_ioctl,
	.llseek = soe_llseek,
};

static struct miscdevice soe_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = SOE_DEVICE_NAME,
	.fops = &soe_fops,
	.mode = 0600,
	.groups = soe_attr_groups,
};

/*
 * The device appears last and goes first: a file opened while the module
 * is still loading would outlive a load that fails after it (the kernel
 * frees a module whose init failed whatever its count), and its release()
 * would run in freed memory.
 */
int soe_dev_register(void)
{
	do
		soe_load_id = get_random_u32();
	while (!soe_load_id);
	return misc_register(&soe_misc);
}

void soe_dev_unregister(void)
{
	misc_deregister(&soe_misc);
}
