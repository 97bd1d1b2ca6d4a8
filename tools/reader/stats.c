// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The counters, as SOE_COUNTER_LIST in the uapi header names them.  sysfs
 * has one file per counter, each a decimal number and a newline; the ioctl
 * fills a struct soe_counters.  Both are read, and printed, in the order of
 * the list, which is that of the structure.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "stats.h"

#define COUNTER(name) { #name, offsetof(struct soe_counters, name) },
static const struct {
	const char *name;
	size_t offset;
} counters[] = {
	SOE_COUNTER_LIST(COUNTER)
};

#define NCOUNTERS	(sizeof(counters) / sizeof(counters[0]))

/* The list names every field of the structure, once, in its order. */
#define INDEX(name) COUNTER_##name,
enum { SOE_COUNTER_LIST(INDEX) };
#define IN_PLACE(name) \
	_Static_assert(offsetof(struct soe_counters, name) == COUNTER_##name * sizeof(uint64_t), \
		       #name ": SOE_COUNTER_LIST and struct soe_counters disagree");
SOE_COUNTER_LIST(IN_PLACE)
_Static_assert(NCOUNTERS * sizeof(uint64_t) == sizeof(struct soe_counters),
	       "SOE_COUNTER_LIST leaves out a field of struct soe_counters");

static uint64_t *field(struct soe_counters *c, size_t i)
{
	return (uint64_t *)((char *)c + counters[i].offset);
}

static const uint64_t *cfield(const struct soe_counters *c, size_t i)
{
	return (const uint64_t *)((const char *)c + counters[i].offset);
}

/* One file: a decimal number, a newline and nothing else. */
static int read_counter(const char *path, uint64_t *v, char *why, size_t why_size)
{
	char buf[32], *end;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		snprintf(why, why_size, "cannot open %s: %s", path, strerror(err));
		return err;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	err = errno;
	close(fd);
	if (n < 0) {
		snprintf(why, why_size, "cannot read %s: %s", path, strerror(err));
		return err;
	}
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	errno = 0;
	*v = strtoull(buf, &end, 10);
	if (!n || buf[0] < '0' || buf[0] > '9' || *end || errno) {
		snprintf(why, why_size, "%s does not hold a number", path);
		return EINVAL;
	}
	return 0;
}

/* The counters every module has: those of the first published struct. */
#define NCOUNTERS_VER0	(SOE_COUNTERS_SIZE_VER0 / sizeof(uint64_t))

int soe_stats_read_dir(const char *dir, struct soe_counters *c, size_t *known,
		       char *why, size_t why_size)
{
	char path[4096];
	size_t i;
	int err;

	memset(c, 0, sizeof(*c));
	*known = NCOUNTERS;
	for (i = 0; i < NCOUNTERS; i++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, counters[i].name) >=
		    (int)sizeof(path)) {
			snprintf(why, why_size, "the path %s is too long", dir);
			return ENAMETOOLONG;
		}
		err = read_counter(path, field(c, i), why, why_size);
		if (err == ENOENT && i >= NCOUNTERS_VER0) {
			/* an older module: the list's later counters are new */
			*known = i;
			return 0;
		}
		if (err)
			return err;
	}
	return 0;
}

int soe_stats_read_fd(int fd, struct soe_counters *c, size_t *known)
{
	memset(c, 0, sizeof(*c));
	/*
	 * An older module knows the command only with its own, smaller size:
	 * from ours down to the first published one, a counter at a time.
	 */
	for (*known = NCOUNTERS; *known >= NCOUNTERS_VER0; --*known) {
		if (!ioctl(fd, _IOC(_IOC_READ, SOE_IOC_MAGIC,
				    _IOC_NR(SOE_IOC_COUNTERS),
				    *known * sizeof(uint64_t)), c))
			return 0;
		if (errno != ENOTTY)
			return errno;
	}
	*known = NCOUNTERS_VER0;
	return ENOTTY;
}

int soe_stats_format(const struct soe_counters *c, size_t known,
		     enum soe_format format, char *buf, size_t size)
{
	size_t i, len = 0;
	int n, width = 0;

	/* Text: the values in a column, one space past the longest name. */
	if (known > NCOUNTERS)
		known = NCOUNTERS;
	for (i = 0; i < known; i++)
		if ((int)strlen(counters[i].name) > width)
			width = (int)strlen(counters[i].name);
	for (i = 0; i < known; i++) {
		if (format == SOE_FORMAT_JSON)
			n = snprintf(buf + len, size - len, "%s\"%s\":%" PRIu64 "%s",
				     i ? "," : "{", counters[i].name, *cfield(c, i),
				     i + 1 == known ? "}\n" : "");
		else
			n = snprintf(buf + len, size - len, "%-*s %" PRIu64 "\n",
				     width, counters[i].name, *cfield(c, i));
		if (n < 0 || (size_t)n >= size - len)
			return -1;
		len += n;
	}
	return (int)len;
}
