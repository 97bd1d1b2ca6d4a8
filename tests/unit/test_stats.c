// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * --stats: the counters read from a directory laid out like sysfs, and
 * their two formats.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"
#include "tap.h"
#include "tests.h"

/* The counters as the uapi header lists them: the tests follow the list. */
#define COUNTER(name) { #name, offsetof(struct soe_counters, name) },
static const struct {
	const char *name;
	size_t offset;
} list[] = {
	SOE_COUNTER_LIST(COUNTER)
};

#define N	(sizeof(list) / sizeof(list[0]))

static uint64_t *counter(struct soe_counters *c, size_t i)
{
	return (uint64_t *)((char *)c + list[i].offset);
}

/* A value for each counter: 0 for the first, the largest for the last. */
static uint64_t value(size_t i)
{
	return i + 1 == N ? UINT64_MAX : i * 1001;
}

/* A directory with one file per counter; content NULL leaves one out. */
static char *fake_dir(const char *const content[N])
{
	static char dir[64];
	char path[128];
	size_t i;

	strcpy(dir, "/tmp/soe-stats-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	for (i = 0; i < N; i++) {
		FILE *f;

		if (!content[i])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, list[i].name);
		f = fopen(path, "w");
		if (!f || fputs(content[i], f) < 0 || fclose(f))
			abort();
	}
	return dir;
}

static void remove_dir(const char *dir)
{
	char path[128];
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i].name);
		unlink(path);
	}
	rmdir(dir);
}

static void read_dir(void)
{
	static char text[N][32];
	const char *content[N];
	struct soe_counters c;
	size_t known;
	char why[256], *dir;
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(text[i], sizeof(text[i]), "%" PRIu64 "\n", value(i));
		content[i] = text[i];
	}
	dir = fake_dir(content);
	memset(&c, 0xa5, sizeof(c));
	CHECK_INT(soe_stats_read_dir(dir, &c, &known, why, sizeof(why)), 0);
	CHECK_INT(known, N);
	for (i = 0; i < N; i++)
		if (!CHECK(*counter(&c, i) == value(i)))
			printf("# %s: %" PRIu64 "\n", list[i].name, *counter(&c, i));
	remove_dir(dir);
}

/* Every file "0\n", but the one at bad, which holds what (NULL: absent). */
static char *dir_with(size_t bad, const char *what)
{
	const char *content[N];
	size_t i;

	for (i = 0; i < N; i++)
		content[i] = i == bad ? what : "0\n";
	return fake_dir(content);
}

static void read_dir_errors(void)
{
	struct soe_counters c;
	size_t known;
	char why[256], want[256], *dir;

	CHECK_INT(soe_stats_read_dir("/nonexistent/counters", &c, &known, why, sizeof(why)), ENOENT);
	snprintf(want, sizeof(want),
		 "cannot open /nonexistent/counters/%s: No such file or directory", list[0].name);
	CHECK_STR(why, want);

	dir = dir_with(2, NULL);
	CHECK_INT(soe_stats_read_dir(dir, &c, &known, why, sizeof(why)), ENOENT);
	snprintf(want, sizeof(want), "cannot open %s/%s: No such file or directory", dir,
		 list[2].name);
	CHECK_STR(why, want);
	remove_dir(dir);

	/* an older module: the counters after the first published ones are new */
	dir = dir_with(N - 1, NULL);
	CHECK_INT(soe_stats_read_dir(dir, &c, &known, why, sizeof(why)), 0);
	CHECK_INT(known, N - 1);
	remove_dir(dir);

	dir = dir_with(3, "x\n");
	CHECK_INT(soe_stats_read_dir(dir, &c, &known, why, sizeof(why)), EINVAL);
	snprintf(want, sizeof(want), "%s/%s does not hold a number", dir, list[3].name);
	CHECK_STR(why, want);
	remove_dir(dir);

	dir = dir_with(N - 1, "");
	CHECK_INT(soe_stats_read_dir(dir, &c, &known, why, sizeof(why)), EINVAL);
	snprintf(want, sizeof(want), "%s/%s does not hold a number", dir, list[N - 1].name);
	CHECK_STR(why, want);
	remove_dir(dir);
}

/*
 * Text: a line a counter in the list's order, its name padded to the
 * longest name's length, a space and the value.  JSON: one object, the
 * counters in the same order.
 */
static void formats(void)
{
	char buf[1024], text[1024], json[1024];
	size_t i, width = 0, tlen = 0, jlen = 0;
	struct soe_counters c;

	for (i = 0; i < N; i++) {
		*counter(&c, i) = value(i);
		if (strlen(list[i].name) > width)
			width = strlen(list[i].name);
	}
	for (i = 0; i < N; i++) {
		tlen += snprintf(text + tlen, sizeof(text) - tlen, "%-*s %" PRIu64 "\n",
				 (int)width, list[i].name, value(i));
		jlen += snprintf(json + jlen, sizeof(json) - jlen, "%s\"%s\":%" PRIu64 "%s",
				 i ? "," : "{", list[i].name, value(i), i + 1 == N ? "}\n" : "");
	}
	CHECK_INT(soe_stats_format(&c, N, SOE_FORMAT_TEXT, buf, sizeof(buf)), (long long)tlen);
	CHECK_STR(buf, text);
	CHECK_INT(soe_stats_format(&c, N, SOE_FORMAT_JSON, buf, sizeof(buf)), (long long)jlen);
	CHECK_STR(buf, json);
	CHECK_INT(soe_stats_format(&c, N, SOE_FORMAT_JSON, buf, 20), -1);
	/* an older module's counters: only the first ones */
	CHECK_INT(soe_stats_format(&c, 2, SOE_FORMAT_JSON, buf, sizeof(buf)),
		  (long long)snprintf(json, sizeof(json), "{\"%s\":%" PRIu64 ",\"%s\":%" PRIu64 "}\n",
				      list[0].name, value(0), list[1].name, value(1)));
	CHECK_STR(buf, json);
}

static void not_the_device(void)
{
	struct soe_counters c;
	size_t known;
	FILE *f = tmpfile();

	/* a file that is not the device refuses the ioctl */
	if (!CHECK(f != NULL))
		return;
	CHECK_INT(soe_stats_read_fd(fileno(f), &c, &known), ENOTTY);
	fclose(f);
}

static const struct tap_test tests[] = {
	{ "stats: counters read from the sysfs files", read_dir },
	{ "stats: a missing or bad file is reported by name", read_dir_errors },
	{ "stats: text and JSON", formats },
	{ "stats: the ioctl on a file that is not the device fails", not_the_device },
};

const struct tap_group stats_tests = TAP_TESTS(tests);
