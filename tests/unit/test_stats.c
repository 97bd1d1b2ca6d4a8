// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * --stats: the counters read from a directory laid out like sysfs, and
 * their two formats.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats.h"
#include "tap.h"
#include "tests.h"

static const char *const names[] = {
	"seen", "written", "filtered", "overwritten", "missed", "copy_faults",
};

/* A directory with one file per counter; content NULL leaves one out. */
static char *fake_dir(const char *const content[6])
{
	static char dir[64];
	char path[128];
	size_t i;

	strcpy(dir, "/tmp/soe-stats-XXXXXX");
	if (!mkdtemp(dir))
		abort();
	for (i = 0; i < 6; i++) {
		FILE *f;

		if (!content[i])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
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

	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void read_dir(void)
{
	static const char *const content[6] = {
		"1234\n", "1200\n", "34\n", "0\n", "18446744073709551615\n", "2\n",
	};
	struct soe_counters c;
	char why[256], *dir = fake_dir(content);

	CHECK_INT(soe_stats_read_dir(dir, &c, why, sizeof(why)), 0);
	CHECK(c.seen == 1234);
	CHECK(c.written == 1200);
	CHECK(c.filtered == 34);
	CHECK(c.overwritten == 0);
	CHECK(c.missed == UINT64_MAX);
	CHECK(c.copy_faults == 2);
	remove_dir(dir);
}

static void read_dir_errors(void)
{
	static const char *const missing[6] = { "1\n", "1\n", NULL, "0\n", "0\n", "0\n" };
	static const char *const bad[6] = { "1\n", "1\n", "0\n", "x\n", "0\n", "0\n" };
	static const char *const empty[6] = { "1\n", "1\n", "0\n", "0\n", "0\n", "" };
	struct soe_counters c;
	char why[256], want[256], *dir;

	CHECK_INT(soe_stats_read_dir("/nonexistent/counters", &c, why, sizeof(why)), ENOENT);
	CHECK_STR(why, "cannot open /nonexistent/counters/seen: No such file or directory");

	dir = fake_dir(missing);
	CHECK_INT(soe_stats_read_dir(dir, &c, why, sizeof(why)), ENOENT);
	snprintf(want, sizeof(want), "cannot open %s/filtered: No such file or directory", dir);
	CHECK_STR(why, want);
	remove_dir(dir);

	dir = fake_dir(bad);
	CHECK_INT(soe_stats_read_dir(dir, &c, why, sizeof(why)), EINVAL);
	snprintf(want, sizeof(want), "%s/overwritten does not hold a number", dir);
	CHECK_STR(why, want);
	remove_dir(dir);

	dir = fake_dir(empty);
	CHECK_INT(soe_stats_read_dir(dir, &c, why, sizeof(why)), EINVAL);
	snprintf(want, sizeof(want), "%s/copy_faults does not hold a number", dir);
	CHECK_STR(why, want);
	remove_dir(dir);
}

static void formats(void)
{
	struct soe_counters c = { 1234, 1200, 34, 0, 5, 2 };
	char buf[512];

	CHECK(soe_stats_format(&c, SOE_FORMAT_TEXT, buf, sizeof(buf)) > 0);
	CHECK_STR(buf,
		  "seen        1234\n"
		  "written     1200\n"
		  "filtered    34\n"
		  "overwritten 0\n"
		  "missed      5\n"
		  "copy_faults 2\n");
	CHECK(soe_stats_format(&c, SOE_FORMAT_JSON, buf, sizeof(buf)) > 0);
	CHECK_STR(buf, "{\"seen\":1234,\"written\":1200,\"filtered\":34,\"overwritten\":0,"
		  "\"missed\":5,\"copy_faults\":2}\n");
	CHECK_INT(soe_stats_format(&c, SOE_FORMAT_JSON, buf, 20), -1);
}

static void not_the_device(void)
{
	struct soe_counters c;
	FILE *f = tmpfile();

	/* a file that is not the device refuses the ioctl */
	if (!CHECK(f != NULL))
		return;
	CHECK_INT(soe_stats_read_fd(fileno(f), &c), ENOTTY);
	fclose(f);
}

static const struct tap_test tests[] = {
	{ "stats: counters read from the sysfs files", read_dir },
	{ "stats: a missing or bad file is reported by name", read_dir_errors },
	{ "stats: text and JSON", formats },
	{ "stats: the ioctl on a file that is not the device fails", not_the_device },
};

const struct tap_group stats_tests = TAP_TESTS(tests);
