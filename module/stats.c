// SPDX-License-Identifier: GPL-2.0
/*
 * The module's counters, as the uapi header's SOE_COUNTER_LIST names them:
 * read from the parts that keep them (ring.c, filter.c, optval.c, probe.c,
 * result.c),
 * which know nothing of this file.  Shown in
 * /sys/class/misc/sockopt_events/counters/, one file a counter, and returned
 * by the SOE_IOC_COUNTERS ioctl (chardev.c).
 */
#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#include "soe.h"

/* The counters' places in the list, and how many there are. */
#define SOE_COUNTER_INDEX(_name) SOE_COUNTER_##_name,
enum { SOE_COUNTER_LIST(SOE_COUNTER_INDEX) SOE_NCOUNTERS };

/*
 * Each counter from its owner, into a local variable named after it, then
 * all of them into *c by name: a counter added to the list without its line
 * here does not compile.  The parts are read one after the other, not as
 * one snapshot; overwritten follows from the same reading of the ring's
 * head.
 */
#define SOE_COUNTER_INIT(_name) ._name = _name,

void soe_counters_read(struct soe_counters *c)
{
	u64 written = soe_ring_head();
	u64 events = soe_ring_events();
	u64 filtered = soe_filter_rejected();
	u64 seen = events + filtered;
	u64 overwritten = written - min(written, soe_ring_capacity());
	u64 missed = soe_probe_missed();
	u64 copy_faults = soe_optval_faults();
	u64 wakeups = soe_ring_wakeups();
	u64 results = soe_result_records();
	u64 returns_missed = soe_result_missed();

	/* The list names each field once (the enum refuses a duplicate). */
	BUILD_BUG_ON(sizeof(*c) != SOE_NCOUNTERS * sizeof(u64));
	*c = (struct soe_counters){ SOE_COUNTER_LIST(SOE_COUNTER_INIT) };
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

/* One file a counter, named after it. */
#define SOE_COUNTER_ATTR(_name) {					\
	.attr = __ATTR(_name, 0444, counter_show, NULL),		\
	.offset = offsetof(struct soe_counters, _name),			\
},
static struct soe_counter_attr soe_counter_attrs[] = {
	SOE_COUNTER_LIST(SOE_COUNTER_ATTR)
};

#define SOE_COUNTER_FILE(_name) (&soe_counter_attrs[SOE_COUNTER_##_name].attr.attr),
static struct attribute *soe_counter_files[] = {
	SOE_COUNTER_LIST(SOE_COUNTER_FILE)
	NULL,
};

static const struct attribute_group soe_counter_group = {
	.name = "counters",
	.attrs = soe_counter_files,
};

const struct attribute_group *soe_attr_groups[] = {
	&soe_counter_group,
	NULL,
};
