// SPDX-License-Identifier: GPL-2.0
/*
 * The module's counters, read from the parts that keep them (ring.c,
 * filter.c, optval.c, probe.c), which know nothing of this file.  Shown in
 * /sys/class/misc/sockopt_events/counters/ and returned by the
 * SOE_IOC_COUNTERS ioctl; the wake-up count is in sysfs only (the ioctl's
 * structure is ABI).
 */
#include <linux/device.h>
#include <linux/sysfs.h>

#include "soe.h"

/*
 * Each counter from the part that keeps it; seen and overwritten follow
 * from the same reading of the ring's head.
 */
void soe_counters_read(struct soe_counters *c)
{
	memset(c, 0, sizeof(*c));
	c->written = soe_ring_head();
	c->overwritten = c->written - min(c->written, soe_ring_capacity());
	c->filtered = soe_filter_rejected();
	c->seen = c->written + c->filtered;
	c->missed = soe_probe_missed();
	c->copy_faults = soe_optval_faults();
}

struct soe_counter_attr {
	struct device_attribute attr;
	size_t offset;
};

static ssize_t counter_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	const struct soe_counter_attr *ca =
		container_of(attr, struct soe_counter_attr, attr);
	struct soe_counters c;

	soe_counters_read(&c);
	return sysfs_emit(buf, "%llu\n", *(u64 *)((char *)&c + ca->offset));
}

static ssize_t wakeups_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%llu\n", soe_ring_wakeups());
}

static DEVICE_ATTR_RO(wakeups);

#define SOE_COUNTER(_name) {						\
	.attr = __ATTR(_name, 0444, counter_show, NULL),		\
	.offset = offsetof(struct soe_counters, _name),			\
}

static struct soe_counter_attr soe_counter_attrs[] = {
	SOE_COUNTER(seen),
	SOE_COUNTER(written),
	SOE_COUNTER(filtered),
	SOE_COUNTER(overwritten),
	SOE_COUNTER(missed),
	SOE_COUNTER(copy_faults),
};

static struct attribute *soe_counter_list[] = {
	&soe_counter_attrs[0].attr.attr,
	&soe_counter_attrs[1].attr.attr,
	&soe_counter_attrs[2].attr.attr,
	&soe_counter_attrs[3].attr.attr,
	&soe_counter_attrs[4].attr.attr,
	&soe_counter_attrs[5].attr.attr,
	&dev_attr_wakeups.attr,
	NULL,
};

static const struct attribute_group soe_counter_group = {
	.name = "counters",
	.attrs = soe_counter_list,
};

const struct attribute_group *soe_attr_groups[] = {
	&soe_counter_group,
	NULL,
};
