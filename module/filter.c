// SPDX-License-Identifier: GPL-2.0
/*
 * Filters, applied in the probe handler before a record is written: by
 * level, by option name and by uid.  Each is a module parameter that takes a
 * comma-separated list of up to SOE_FILTER_MAX numbers (an empty string
 * lets everything through), settable at insmod and at runtime under
 * /sys/module/sockopt_events/parameters/.  A value that does not parse is
 * refused with -EINVAL and the old filter stays.
 *
 * The handler reads the filters under RCU; a change builds a new copy,
 * publishes it and frees the old one after a grace period.  The calls it
 * rejects are counted per CPU, so that counting costs no shared cache line.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kernel.h>

#include "soe.h"

#define SOE_FILTER_MAX 8

struct soe_filter_list {
	unsigned int n;
	s64 v[SOE_FILTER_MAX];
};

enum soe_filter_kind { SOE_FILTER_LEVEL, SOE_FILTER_OPTNAME, SOE_FILTER_UID,
		       SOE_FILTER_KINDS };

struct soe_filter {
	struct rcu_head rcu;
	struct soe_filter_list list[SOE_FILTER_KINDS];
};

/* NULL while no filter is set. */
static struct soe_filter __rcu *soe_filter;
static DEFINE_MUTEX(soe_filter_lock);
/*
 * Set at unload (or a failed load), under the lock: the parameter files stay
 * writable until the module's sysfs goes, after its exit function, and a
 * filter set then would be leaked.
 */
static bool soe_filter_closed;
static DEFINE_PER_CPU(u64, soe_filter_rejects);

static bool list_has(const struct soe_filter_list *list, s64 v)
{
	unsigned int i;

	if (!list->n)
		return true;
	for (i = 0; i < list->n; i++)
		if (list->v[i] == v)
			return true;
	return false;
}

/*
 * Whether the filters let a call of level and optname by uid through,
 * without counting it: for the calls' entry points (result.c), which do not
 * follow a call the hook's probe will reject.
 */
bool soe_filter_match(int level, int optname, u32 uid)
{
	const struct soe_filter *f;
	bool pass = true;

	rcu_read_lock();
	f = rcu_dereference(soe_filter);
	if (f)
		pass = list_has(&f->list[SOE_FILTER_LEVEL], level) &&
		       list_has(&f->list[SOE_FILTER_OPTNAME], optname) &&
		       list_has(&f->list[SOE_FILTER_UID], uid);
	rcu_read_unlock();
	return pass;
}

/* Called from the hook's probe handler; counts the calls it rejects. */
bool soe_filter_pass(int level, int optname, u32 uid)
{
	bool pass = soe_filter_match(level, optname, uid);

	if (!pass)
		this_cpu_inc(soe_filter_rejects);
	return pass;
}

/* The calls rejected since load, summed over CPUs as they are read. */
u64 soe_filter_rejected(void)
{
	return soe_percpu_sum(&soe_filter_rejects);
}

/* Levels and options are ints; a uid is anything but (uid_t)-1. */
static s64 kind_min(enum soe_filter_kind kind)
{
	return kind == SOE_FILTER_UID ? 0 : INT_MIN;
}

static s64 kind_max(enum soe_filter_kind kind)
{
	return kind == SOE_FILTER_UID ? (s64)U32_MAX - 1 : INT_MAX;
}

static int parse_list(const char *val, enum soe_filter_kind kind,
		      struct soe_filter_list *list)
{
	s64 min = kind_min(kind), max = kind_max(kind);
	/* Eight values of 11 characters, their separators, echo's newline. */
	char buf[SOE_FILTER_MAX * 12 + 1], *s, *tok;
	s64 v;

	if (strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	s = strim(buf);
	list->n = 0;
	if (!*s)
		return 0;
	while ((tok = strsep(&s, ",")) != NULL) {
		if (list->n == SOE_FILTER_MAX || kstrtos64(strim(tok), 0, &v) ||
		    v < min || v > max)
			return -EINVAL;
		list->v[list->n++] = v;
	}
	return 0;
}

static int filter_set(const char *val, const struct kernel_param *kp)
{
	enum soe_filter_kind kind = *(const enum soe_filter_kind *)kp->arg;
	struct soe_filter *old, *new;
	int ret, i, empty = 0;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;

	mutex_lock(&soe_filter_lock);
	if (soe_filter_closed) {
		mutex_unlock(&soe_filter_lock);
		kfree(new);
		return -ENODEV;
	}
	old = rcu_dereference_protected(soe_filter,
					lockdep_is_held(&soe_filter_lock));
	if (old)
		memcpy(new->list, old->list, sizeof(new->list));
	ret = parse_list(val, kind, &new->list[kind]);
	if (ret) {
		mutex_unlock(&soe_filter_lock);
		kfree(new);
		pr_err_ratelimited("%s: value refused: want up to %d comma-separated numbers from %lld to %lld, at most %d characters\n",
				   kp->name, SOE_FILTER_MAX, kind_min(kind),
				   kind_max(kind), SOE_FILTER_MAX * 12 - 1);
		return ret;
	}
	for (i = 0; i < SOE_FILTER_KINDS; i++)
		empty += !new->list[i].n;
	if (empty == SOE_FILTER_KINDS) {
		kfree(new);
		new = NULL;
	}
	rcu_assign_pointer(soe_filter, new);
	mutex_unlock(&soe_filter_lock);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static int filter_get(char *buffer, const struct kernel_param *kp)
{
	enum soe_filter_kind kind = *(const enum soe_filter_kind *)kp->arg;
	const struct soe_filter *f;
	unsigned int i;
	int len = 0;

	mutex_lock(&soe_filter_lock);
	f = rcu_dereference_protected(soe_filter,
				      lockdep_is_held(&soe_filter_lock));
	for (i = 0; f && i < f->list[kind].n; i++)
		len += scnprintf(buffer + len, PAGE_SIZE - len, "%s%lld",
				 i ? "," : "", f->list[kind].v[i]);
	mutex_unlock(&soe_filter_lock);
	len += scnprintf(buffer + len, PAGE_SIZE - len, "\n");
	return len;
}

static const struct kernel_param_ops soe_filter_ops = {
	.set = filter_set,
	.get = filter_get,
};

static enum soe_filter_kind level_kind = SOE_FILTER_LEVEL;
static enum soe_filter_kind optname_kind = SOE_FILTER_OPTNAME;
static enum soe_filter_kind uid_kind = SOE_FILTER_UID;

module_param_cb(filter_level, &soe_filter_ops, &level_kind, 0644);
MODULE_PARM_DESC(filter_level,
		 "Record only these levels: up to 8 numbers, comma-separated; empty for all");
module_param_cb(filter_optname, &soe_filter_ops, &optname_kind, 0644);
MODULE_PARM_DESC(filter_optname,
		 "Record only these option names (numbers, any level): up to 8, comma-separated; empty for all");
module_param_cb(filter_uid, &soe_filter_ops, &uid_kind, 0644);
MODULE_PARM_DESC(filter_uid,
		 "Record only calls by these uids (initial user namespace): up to 8, comma-separated; empty for all");

/*
 * At unload, once the probe is gone: nothing reads the filter any more, but
 * a write to a parameter file may be under way or still to come.
 */
void soe_filter_exit(void)
{
	struct soe_filter *f;

	mutex_lock(&soe_filter_lock);
	soe_filter_closed = true;
	f = rcu_dereference_protected(soe_filter,
				      lockdep_is_held(&soe_filter_lock));
	RCU_INIT_POINTER(soe_filter, NULL);
	mutex_unlock(&soe_filter_lock);
	kfree(f);
}
