// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Filters on the reader's side, for what the module's own filters
 * (filter_level, filter_optname, filter_uid) do not cover or should not
 * change for every reader.  Names are looked up in names.c, without regard
 * to case; an option given by name matches that option at any of the
 * --level levels, or at any level when there is no --level.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "filter.h"
#include "names.h"

static const char *const key_names[RD_FILTER_KEYS] = {
	[RD_FILTER_PID] = "--pid",
	[RD_FILTER_UID] = "--uid",
	[RD_FILTER_COMM] = "--comm",
	[RD_FILTER_FAMILY] = "--family",
	[RD_FILTER_LEVEL] = "--level",
	[RD_FILTER_OPTNAME] = "--optname",
};

void rd_filter_init(struct rd_filter *f)
{
	memset(f, 0, sizeof(*f));
}

/* A whole decimal number from min to max. */
static int parse_number(const char *s, int64_t min, int64_t max, int64_t *v)
{
	long long n;
	char *end;

	if (!((s[0] >= '0' && s[0] <= '9') || (s[0] == '-' && s[1] >= '0' && s[1] <= '9')))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

static int add_value(struct rd_filter *f, enum rd_filter_key key, const char *item,
		     char *why, size_t why_size)
{
	struct rd_filter_value v;
	int n;

	memset(&v, 0, sizeof(v));
	switch (key) {
	case RD_FILTER_PID:
	case RD_FILTER_UID:
		if (parse_number(item, 0, UINT32_MAX, &v.number)) {
			snprintf(why, why_size, "%s wants numbers, not '%s'",
				 key_names[key], item);
			return -1;
		}
		break;
	case RD_FILTER_COMM:
		if (strlen(item) >= SOE_COMM_LEN) {
			snprintf(why, why_size,
				 "--comm '%s' is longer than a task name can be (%d bytes)",
				 item, SOE_COMM_LEN - 1);
			return -1;
		}
		strcpy(v.name, item);
		break;
	case RD_FILTER_FAMILY:
		if (!parse_number(item, 0, UINT16_MAX, &v.number))
			break;
		if (soe_family_by_name(item, &n)) {
			snprintf(why, why_size, "--family: unknown address family '%s'", item);
			return -1;
		}
		v.number = n;
		break;
	case RD_FILTER_LEVEL:
		if (!parse_number(item, INT32_MIN, INT32_MAX, &v.number))
			break;
		if (soe_level_by_name(item, &n)) {
			snprintf(why, why_size, "--level: unknown level '%s'", item);
			return -1;
		}
		v.number = n;
		break;
	case RD_FILTER_OPTNAME:
		if (!parse_number(item, INT32_MIN, INT32_MAX, &v.number))
			break;
		if (strlen(item) >= sizeof(v.name)) {
			snprintf(why, why_size, "--optname: unknown option '%s'", item);
			return -1;
		}
		strcpy(v.name, item);	/* looked up in rd_filter_finish() */
		break;
	default:
		snprintf(why, why_size, "no such filter");
		return -1;
	}
	if (f->list[key].n == RD_FILTER_VALUES) {
		snprintf(why, why_size, "%s takes at most %d values", key_names[key],
			 RD_FILTER_VALUES);
		return -1;
	}
	f->list[key].v[f->list[key].n++] = v;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The next value of arg from *s on, unescaped into item (room for all of
 * arg): it ends at a comma or at the end.  A backslash escapes: "\,"
 * is a comma inside the value, "\\" a backslash and "\xNN" the byte NN,
 * as the text output writes the bytes it does not show.  Returns 0, with
 * *s past the comma (NULL after the last value), or -1 with why set.
 */
static int next_value(const char **s, char *item, enum rd_filter_key key,
		      const char *arg, char *why, size_t why_size)
{
	const char *p = *s;
	size_t n = 0;
	int hi, lo;

	for (; *p && *p != ','; p++) {
		if (*p != '\\') {
			item[n++] = *p;
			continue;
		}
		if (p[1] == ',' || p[1] == '\\') {
			item[n++] = *++p;
			continue;
		}
		if (p[1] == 'x' && (hi = hex_digit(p[2])) >= 0 &&
		    (lo = hex_digit(p[3])) >= 0 && (hi || lo)) {
			item[n++] = (char)(hi << 4 | lo);
			p += 3;
			continue;
		}
		snprintf(why, why_size,
			 "%s '%s': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)",
			 key_names[key], arg);
		return -1;
	}
	item[n] = '\0';
	*s = *p ? p + 1 : NULL;
	return 0;
}

int rd_filter_add(struct rd_filter *f, enum rd_filter_key key, const char *arg,
		   char *why, size_t why_size)
{
	char *item = malloc(strlen(arg) + 1);
	size_t before = f->list[key].n;
	const char *rest = arg;
	int ret = 0;

	if (!item) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	while (rest) {
		ret = next_value(&rest, item, key, arg, why, why_size);
		if (ret)
			break;
		if (!*item) {
			snprintf(why, why_size, "%s '%s' has an empty value", key_names[key], arg);
			ret = -1;
			break;
		}
		ret = add_value(f, key, item, why, why_size);
		if (ret)
			break;
	}
	free(item);
	if (ret)
		f->list[key].n = before;	/* all of the argument or none of it */
	return ret;
}

/* An option name exists at one of the --level levels, or at any level. */
static bool option_exists(const struct rd_filter *f, const char *name)
{
	const struct rd_filter_list *levels = &f->list[RD_FILTER_LEVEL];
	size_t i;
	int n;

	if (!levels->n) {
		for (i = 0; i < soe_levels_count; i++)
			if (!soe_option_by_name(soe_levels[i].level, name, &n))
				return true;
		return false;
	}
	for (i = 0; i < levels->n; i++)
		if (!soe_option_by_name((int)levels->v[i].number, name, &n))
			return true;
	return false;
}

int rd_filter_finish(struct rd_filter *f, char *why, size_t why_size)
{
	const struct rd_filter_list *opts = &f->list[RD_FILTER_OPTNAME];
	size_t i;

	for (i = 0; i < opts->n; i++) {
		const char *name = opts->v[i].name;

		if (!name[0] || option_exists(f, name))
			continue;
		if (f->list[RD_FILTER_LEVEL].n)
			snprintf(why, why_size,
				 "--optname: no option '%s' at the --level given", name);
		else
			snprintf(why, why_size, "--optname: unknown option '%s'", name);
		return -1;
	}
	return 0;
}

bool rd_filter_active(const struct rd_filter *f)
{
	size_t k;

	for (k = 0; k < RD_FILTER_KEYS; k++)
		if (f->list[k].n)
			return true;
	return false;
}

static size_t comm_len(const struct soe_event *ev)
{
	const char *nul = memchr(ev->comm, '\0', sizeof(ev->comm));

	return nul ? (size_t)(nul - ev->comm) : sizeof(ev->comm);
}

static bool value_matches(enum rd_filter_key key, const struct rd_filter_value *v,
			  const struct soe_event *ev)
{
	const char *name;

	switch (key) {
	case RD_FILTER_PID:
		return v->number == ev->host_pid;
	case RD_FILTER_UID:
		return v->number == ev->uid;
	case RD_FILTER_COMM:
		return strlen(v->name) == comm_len(ev) &&
		       !memcmp(v->name, ev->comm, comm_len(ev));
	case RD_FILTER_FAMILY:
		return v->number == ev->family;
	case RD_FILTER_LEVEL:
		return v->number == ev->level;
	case RD_FILTER_OPTNAME:
		if (!v->name[0])
			return v->number == ev->optname;
		name = soe_option_name(ev->level, ev->optname);
		return name && !strcasecmp(name, v->name);
	default:
		return false;
	}
}

bool rd_filter_match(const struct rd_filter *f, const struct soe_event *ev)
{
	size_t k, i;

	for (k = 0; k < RD_FILTER_KEYS; k++) {
		bool hit = !f->list[k].n;

		for (i = 0; i < f->list[k].n && !hit; i++)
			hit = value_matches(k, &f->list[k].v[i], ev);
		if (!hit)
			return false;
	}
	return true;
}
