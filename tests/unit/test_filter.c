// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The reader's filters: what each option accepts, what it refuses and
 * with which words, and which events pass.
 */
#include <string.h>
#include <sys/socket.h>

#include "craft.h"
#include "filter.h"
#include "tap.h"
#include "tests.h"

static char why[256];

/* Add one argument; returns the message, or "" when it was accepted. */
static const char *add(struct rd_filter *f, enum rd_filter_key key, const char *arg)
{
	why[0] = '\0';
	if (rd_filter_add(f, key, arg, why, sizeof(why)))
		return why[0] ? why : "(refused without a reason)";
	return "";
}

static const char *finish(struct rd_filter *f)
{
	why[0] = '\0';
	if (rd_filter_finish(f, why, sizeof(why)))
		return why[0] ? why : "(refused without a reason)";
	return "";
}

static bool passes(const struct rd_filter *f, const struct soe_event *ev)
{
	return rd_filter_match(f, ev);
}

static void empty_passes_all(void)
{
	struct rd_filter f;
	struct soe_event ev;

	rd_filter_init(&f);
	craft_event(&ev);
	CHECK(!rd_filter_active(&f));
	CHECK_STR(finish(&f), "");
	CHECK(passes(&f, &ev));
}

static void pid_uid_comm(void)
{
	struct rd_filter f;
	struct soe_event ev;

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_PID, "1,9412"), "");
	CHECK(rd_filter_active(&f));
	craft_event(&ev);
	CHECK(!passes(&f, &ev));
	ev.host_pid = 9412;		/* the pid in the initial namespace counts */
	CHECK(passes(&f, &ev));
	ev.host_pid = 412;
	ev.pid = 9412;
	CHECK(!passes(&f, &ev));

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_UID, "1000"), "");
	CHECK_STR(add(&f, RD_FILTER_UID, "0"), "");	/* repeated: added */
	craft_event(&ev);
	CHECK(passes(&f, &ev));
	ev.uid = 1000;
	CHECK(passes(&f, &ev));
	ev.uid = 1001;
	ev.euid = 0;			/* the real uid counts */
	CHECK(!passes(&f, &ev));

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_COMM, "nginx,curl"), "");
	craft_event(&ev);
	CHECK(passes(&f, &ev));
	strcpy(ev.comm, "nginx2");	/* whole names only */
	CHECK(!passes(&f, &ev));
	strcpy(ev.comm, "curl");
	CHECK(passes(&f, &ev));
	memcpy(ev.comm, "ABCDEFGHIJKLMNOP", 16);	/* no NUL: never a match */
	CHECK(!passes(&f, &ev));
}

/* A backslash escapes a comma, itself, or a byte as text output writes it. */
static void comm_escapes(void)
{
	struct rd_filter f;
	struct soe_event ev;

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_COMM, "a\\,b,c"), "");
	CHECK(f.list[RD_FILTER_COMM].n == 2);
	craft_event(&ev);
	strcpy(ev.comm, "a,b");
	CHECK(passes(&f, &ev));
	strcpy(ev.comm, "c");
	CHECK(passes(&f, &ev));
	strcpy(ev.comm, "a");		/* the comma is not a separator */
	CHECK(!passes(&f, &ev));
	strcpy(ev.comm, "b");
	CHECK(!passes(&f, &ev));

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_COMM, "x\\\\,y\\,"), "");
	CHECK(f.list[RD_FILTER_COMM].n == 2);
	strcpy(ev.comm, "x\\");	/* an escaped backslash escapes no comma */
	CHECK(passes(&f, &ev));
	strcpy(ev.comm, "y,");
	CHECK(passes(&f, &ev));

	/* the bytes as text output shows them: we"ird\ ESC e-acute */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_COMM, "we\\x22ird\\x5c\\x1B\\xc3\\xa9"), "");
	memcpy(ev.comm, "we\"ird\\\x1b\xc3\xa9", 11);
	CHECK(passes(&f, &ev));
	/* 15 bytes once unescaped is not too long, 16 is */
	CHECK_STR(add(&f, RD_FILTER_COMM, "\\x41\\x42cdefghijklmno"), "");
	memcpy(ev.comm, "ABcdefghijklmno", 16);
	CHECK(passes(&f, &ev));
	CHECK_STR(add(&f, RD_FILTER_COMM, "\\x41bcdefghijklmnop"),
		  "--comm 'Abcdefghijklmnop' is longer than a task name can be (15 bytes)");

	/* the same splitting for every filter */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_PID, "1\\,2"), "--pid wants numbers, not '1,2'");
	CHECK_STR(add(&f, RD_FILTER_PID, "\\x31,2"), "");
	CHECK(f.list[RD_FILTER_PID].n == 2 && f.list[RD_FILTER_PID].v[0].number == 1);
}

static void family_level_optname(void)
{
	struct rd_filter f;
	struct soe_event ev;

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_FAMILY, "inet6,AF_UNIX,pf_netlink,2"), "");
	craft_event(&ev);
	CHECK(passes(&f, &ev));		/* 2 is AF_INET */
	ev.family = AF_INET6;
	CHECK(passes(&f, &ev));
	ev.family = AF_UNIX;
	CHECK(passes(&f, &ev));
	ev.family = AF_NETLINK;
	CHECK(passes(&f, &ev));
	ev.family = AF_PACKET;
	CHECK(!passes(&f, &ev));

	/* levels by name, libc alias or number */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "sol_tcp,SOL_SOCKET"), "");
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "41"), "");
	CHECK_STR(finish(&f), "");
	craft_event(&ev);
	CHECK(passes(&f, &ev));
	ev.level = 6;
	CHECK(passes(&f, &ev));
	ev.level = 41;
	CHECK(passes(&f, &ev));
	ev.level = 0;
	CHECK(!passes(&f, &ev));

	/* an option by name, at any level: TCP_NODELAY is 1 at IPPROTO_TCP only */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "tcp_nodelay"), "");
	CHECK_STR(finish(&f), "");
	craft_event(&ev);
	ev.optname = 1;
	CHECK(!passes(&f, &ev));	/* SO_DEBUG */
	ev.level = 6;
	CHECK(passes(&f, &ev));

	/* a name two levels share matches at both */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "MCAST_JOIN_GROUP"), "");
	CHECK_STR(finish(&f), "");
	ev.level = 0;
	ev.optname = 42;
	CHECK(passes(&f, &ev));
	ev.level = 41;
	CHECK(passes(&f, &ev));
	ev.level = 1;
	CHECK(!passes(&f, &ev));

	/* a number matches at every level; --level narrows it */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "8"), "");
	craft_event(&ev);
	ev.optname = 8;
	CHECK(passes(&f, &ev));		/* SO_RCVBUF */
	ev.level = 263;
	CHECK(passes(&f, &ev));		/* PACKET_AUXDATA */
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "SOL_SOCKET"), "");
	CHECK_STR(finish(&f), "");
	CHECK(!passes(&f, &ev));

	/* a name within the --level given, whatever the order of the options */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "SO_RCVBUF"), "");
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "SOL_SOCKET"), "");
	CHECK_STR(finish(&f), "");
	craft_event(&ev);
	ev.optname = 8;
	CHECK(passes(&f, &ev));
}

static void refused(void)
{
	struct rd_filter f;
	char many[RD_FILTER_VALUES * 4 + 8];
	size_t i;

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_PID, "abc"), "--pid wants numbers, not 'abc'");
	CHECK_STR(add(&f, RD_FILTER_PID, "-1"), "--pid wants numbers, not '-1'");
	CHECK_STR(add(&f, RD_FILTER_UID, "4294967296"), "--uid wants numbers, not '4294967296'");
	CHECK_STR(add(&f, RD_FILTER_UID, "12x"), "--uid wants numbers, not '12x'");
	CHECK_STR(add(&f, RD_FILTER_PID, "1,,2"), "--pid '1,,2' has an empty value");
	CHECK_STR(add(&f, RD_FILTER_PID, ""), "--pid '' has an empty value");
	CHECK_STR(add(&f, RD_FILTER_COMM, "a-name-too-long-for-comm"),
		  "--comm 'a-name-too-long-for-comm' is longer than a task name can be (15 bytes)");
	CHECK_STR(add(&f, RD_FILTER_COMM, "a\\b"),
		  "--comm 'a\\b': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)");
	CHECK_STR(add(&f, RD_FILTER_COMM, "ab\\"),
		  "--comm 'ab\\': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)");
	CHECK_STR(add(&f, RD_FILTER_COMM, "a\\x4"),
		  "--comm 'a\\x4': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)");
	CHECK_STR(add(&f, RD_FILTER_COMM, "a\\x00b"),
		  "--comm 'a\\x00b': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)");
	CHECK_STR(add(&f, RD_FILTER_COMM, "ok,a\\xg1"),
		  "--comm 'ok,a\\xg1': a backslash must be followed by ',', '\\' or xNN (a byte, not 00)");
	CHECK_STR(add(&f, RD_FILTER_FAMILY, "AF_NOPE"), "--family: unknown address family 'AF_NOPE'");
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "SOL_NOPE"), "--level: unknown level 'SOL_NOPE'");
	CHECK(!rd_filter_active(&f));	/* nothing refused was kept */

	/* option names are checked once every --level is in */
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "SO_NOPE"), "");
	CHECK_STR(finish(&f), "--optname: unknown option 'SO_NOPE'");
	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "TCP_NODELAY"), "");
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "SOL_SOCKET"), "");
	CHECK_STR(finish(&f), "--optname: no option 'TCP_NODELAY' at the --level given");

	/* at most RD_FILTER_VALUES values */
	rd_filter_init(&f);
	many[0] = '\0';
	for (i = 0; i < RD_FILTER_VALUES; i++)
		strcat(many, i ? ",1" : "1");
	CHECK_STR(add(&f, RD_FILTER_PID, many), "");
	CHECK_STR(add(&f, RD_FILTER_PID, "2"), "--pid takes at most 64 values");
}

static void all_filters_at_once(void)
{
	struct rd_filter f;
	struct soe_event ev;

	rd_filter_init(&f);
	CHECK_STR(add(&f, RD_FILTER_PID, "412"), "");
	CHECK_STR(add(&f, RD_FILTER_UID, "0"), "");
	CHECK_STR(add(&f, RD_FILTER_COMM, "nginx"), "");
	CHECK_STR(add(&f, RD_FILTER_FAMILY, "inet"), "");
	CHECK_STR(add(&f, RD_FILTER_LEVEL, "SOL_SOCKET"), "");
	CHECK_STR(add(&f, RD_FILTER_OPTNAME, "SO_REUSEADDR"), "");
	CHECK_STR(finish(&f), "");
	craft_event(&ev);
	CHECK(passes(&f, &ev));
	ev.uid = 1;			/* one filter failing is enough */
	CHECK(!passes(&f, &ev));
}

static const struct tap_test tests[] = {
	{ "filter: none set lets every event through", empty_passes_all },
	{ "filter: --pid, --uid, --comm", pid_uid_comm },
	{ "filter: --comm escapes a comma, a backslash and a byte", comm_escapes },
	{ "filter: --family, --level, --optname by name or number", family_level_optname },
	{ "filter: bad values are refused, saying which", refused },
	{ "filter: every filter must match", all_filters_at_once },
};

const struct tap_group filter_tests = TAP_TESTS(tests);
