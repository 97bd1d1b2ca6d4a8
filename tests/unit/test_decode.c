// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The decoder: records made in memory, formatted, compared byte for byte
 * with the expected text and JSON lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "craft.h"
#include "decode.h"
#include "json_valid.h"
#include "tap.h"
#include "tests.h"

/* The JSON line up to "args":[ for craft_event(), through syscall sc. */
/* craft_event()'s caller: root in the initial namespaces (version 3). */
#define ROOT_CAPS \
	"\"capEffective\":\"000001ffffffffff\",\"netCaps\":{\"netns\":" \
	"[\"CAP_NET_ADMIN\",\"CAP_NET_RAW\"],\"init\":[\"CAP_NET_ADMIN\",\"CAP_NET_RAW\"]},"

#define HEAD_SC(sc) \
	"{\"timestamp\":1795865789123456789,\"processorId\":1,\"processId\":412," \
	"\"threadId\":412,\"parentProcessId\":1,\"hostProcessId\":412," \
	"\"hostThreadId\":412,\"hostParentProcessId\":1,\"userId\":0," \
	"\"effectiveUserId\":0,\"groupId\":0,\"effectiveGroupId\":0," \
	ROOT_CAPS \
	"\"processName\":\"nginx\",\"cgroupId\":7315,\"pidNamespace\":4026531836," \
	"\"netNamespace\":4026531840,\"userNamespace\":4026531837," \
	"\"utsNamespace\":4026531838,\"cgroupNamespace\":4026531835," \
	"\"eventName\":\"security_socket_setsockopt\"," \
	"\"syscall\":\"" sc "\",\"seq\":7,\"returnValue\":null,\"lsmReturnValue\":null,\"args\":["
#define HEAD	HEAD_SC("setsockopt")

#define ARG(name, type, value) \
	"{\"name\":\"" name "\",\"type\":\"" type "\",\"value\":" value "}"
#define ARGS_CALL(fd, level, optname) \
	ARG("sockfd", "int", fd) "," ARG("level", "int", level) "," \
	ARG("optname", "int", optname)
#define ARGS_OPT(optlen, optval, hex) \
	ARG("optlen", "int", optlen) "," ARG("optval", "void*", optval) "," \
	ARG("optval_hex", "bytes", hex)
#define ARGS_ADDR(local, remote) \
	ARG("local_addr", "struct sockaddr*", local) "," \
	ARG("remote_addr", "struct sockaddr*", remote)
#define ARGS_SOCK(type, protocol, state) \
	ARG("sock_type", "int", type) "," ARG("protocol", "int", protocol) "," \
	ARG("sock_state", "int", state) "," ARG("socket_inode", "u64", "48213")
#define ARG_FLAGS(flags)	ARG("flags", "string", flags)
/* The end of a line: the audit tags, "\"raw_socket\"" say (tags.h). */
#define TAIL_TAGS(tags)	"],\"tags\":[" tags "]}\n"
#define TAIL	TAIL_TAGS("")

/* A whole JSON event line from its parts. */
#define LINE_SC(sc, call, opt, addr, sock, flags) \
	HEAD_SC(sc) call "," opt "," addr "," sock "," flags TAIL
#define LINE(call, opt, addr, sock, flags) \
	LINE_SC("setsockopt", call, opt, addr, sock, flags)
#define LINE_TAGS(call, opt, addr, sock, flags, tags) \
	HEAD call "," opt "," addr "," sock "," flags TAIL_TAGS(tags)

#define S(x)	"\"" x "\""
#define INET0	"{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}"
#define OPT_ONE	ARGS_OPT("4", "1", S("01000000"))
#define NO_FLAGS	ARG_FLAGS(S(""))
#define REUSEADDR	ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR"))
#define ADDR0	ARGS_ADDR(INET0, INET0)
#define TCP_CLOSED	ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("CLOSE"))

/*
 * The text columns for craft_event(): time, comm padded to 16, pid/tid
 * right-aligned in 15, uid in 6, fd in 4.
 */
#define TEXT_HEAD \
	"2026-11-28T11:36:29.123456789Z nginx           " \
	"         412/412      0    5"
/* The fields after the option and the socket, for craft_event(). */
#define TEXT_TAIL(state, optlen) \
	" state=" state " inode=48213 ppid=1 netcaps=admin,raw cgroup=7315 optlen=" optlen
#define TEXT_INET0	" AF_INET SOCK_STREAM IPPROTO_TCP local=0.0.0.0:0 remote=0.0.0.0:0"

/* The text line of craft_event() with another option field and optlen. */
#define TEXT_OPT(option, optlen, rest) \
	TEXT_HEAD option TEXT_INET0 TEXT_TAIL("CLOSE", optlen) rest "\n"
/* The JSON line of craft_event() with another call and value. */
#define JSON_OPT(call, opt, flags)	LINE(call, opt, ADDR0, TCP_CLOSED, flags)
#define JSON_OPT_TAGS(call, opt, flags, tags) \
	LINE_TAGS(call, opt, ADDR0, TCP_CLOSED, flags, tags)

static bool starts_with(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

static void event_json_example(void)
{
	struct soe_event ev;

	craft_event(&ev);
	/* Written out in full once: the shape the reader promises. */
	CHECK_STR(craft_json(&ev),
		  "{\"timestamp\":1795865789123456789,\"processorId\":1,\"processId\":412,"
		  "\"threadId\":412,\"parentProcessId\":1,\"hostProcessId\":412,"
		  "\"hostThreadId\":412,\"hostParentProcessId\":1,\"userId\":0,"
		  "\"effectiveUserId\":0,\"groupId\":0,\"effectiveGroupId\":0,"
		  ROOT_CAPS
		  "\"processName\":\"nginx\",\"cgroupId\":7315,\"pidNamespace\":4026531836,"
		  "\"netNamespace\":4026531840,\"userNamespace\":4026531837,"
		  "\"utsNamespace\":4026531838,\"cgroupNamespace\":4026531835,"
		  "\"eventName\":\"security_socket_setsockopt\","
		  "\"syscall\":\"setsockopt\",\"seq\":7,\"returnValue\":null,\"lsmReturnValue\":null,\"args\":["
		  "{\"name\":\"sockfd\",\"type\":\"int\",\"value\":5},"
		  "{\"name\":\"level\",\"type\":\"int\",\"value\":\"SOL_SOCKET\"},"
		  "{\"name\":\"optname\",\"type\":\"int\",\"value\":\"SO_REUSEADDR\"},"
		  "{\"name\":\"optlen\",\"type\":\"int\",\"value\":4},"
		  "{\"name\":\"optval\",\"type\":\"void*\",\"value\":1},"
		  "{\"name\":\"optval_hex\",\"type\":\"bytes\",\"value\":\"01000000\"},"
		  "{\"name\":\"local_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		  "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}},"
		  "{\"name\":\"remote_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		  "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}},"
		  "{\"name\":\"sock_type\",\"type\":\"int\",\"value\":\"SOCK_STREAM\"},"
		  "{\"name\":\"protocol\",\"type\":\"int\",\"value\":\"IPPROTO_TCP\"},"
		  "{\"name\":\"sock_state\",\"type\":\"int\",\"value\":\"CLOSE\"},"
		  "{\"name\":\"socket_inode\",\"type\":\"u64\",\"value\":48213},"
		  "{\"name\":\"flags\",\"type\":\"string\",\"value\":\"\"}],"
		  "\"tags\":[]}\n");
	/* and the same through the macros the other tests use */
	CHECK_STR(craft_json(&ev), LINE(REUSEADDR, OPT_ONE, ADDR0, TCP_CLOSED, NO_FLAGS));
}

static void event_text_example(void)
{
	struct soe_event ev;

	craft_event(&ev);
	CHECK_STR(craft_text(&ev),
		  "2026-11-28T11:36:29.123456789Z nginx                    412/412      0    5"
		  " SOL_SOCKET SO_REUSEADDR=1 AF_INET SOCK_STREAM IPPROTO_TCP"
		  " local=0.0.0.0:0 remote=0.0.0.0:0 state=CLOSE inode=48213 ppid=1"
		  " netcaps=admin,raw cgroup=7315 optlen=4\n");
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_REUSEADDR=1", "4", ""));
}

static void text_columns(void)
{
	struct soe_event ev;

	/* the widest usual values fill the columns exactly */
	craft_event(&ev);
	memcpy(ev.comm, "systemd-resolve", 16);
	ev.pid = ev.host_pid = 4194304;
	ev.tid = ev.host_tid = 4194303;
	ev.uid = ev.gid = 100000;
	ev.fd = 1023;
	CHECK(starts_with(craft_text(&ev),
			  "2026-11-28T11:36:29.123456789Z systemd-resolve  4194304/4194303 100000 1023"
			  " SOL_SOCKET "));
	/* short ones are padded to the same columns */
	craft_event(&ev);
	memcpy(ev.comm, "a", 2);
	ev.pid = ev.host_pid = ev.tid = ev.host_tid = 1;
	ev.fd = -1;
	CHECK(starts_with(craft_text(&ev),
			  "2026-11-28T11:36:29.123456789Z a                            1/1      0   -1"
			  " SOL_SOCKET "));
}
/* The line in the zone tz (a POSIX TZ string), UTC again after. */
/*
 * want, an expected line for craft_event()'s record (version 3, root's
 * capabilities), as it is for the same record in an older version, which
 * has no capabilities: null in JSON, nothing in text.
 */
static const char *as_v2(const char *want)
{
	static const char *const from[] = { ROOT_CAPS, " netcaps=admin,raw" };
	static const char *const to[] = {
		"\"capEffective\":null,\"netCaps\":null,", ""
	};
	static char buf[2][SOE_LINE_MAX];
	static int n;
	char *out = buf[n++ % 2], *at, *rest;
	size_t i;

	snprintf(out, SOE_LINE_MAX, "%s", want);
	for (i = 0; i < 2; i++) {
		at = strstr(out, from[i]);
		if (!at)
			continue;
		rest = at + strlen(from[i]);
		memmove(at + strlen(to[i]), rest, strlen(rest) + 1);
		memcpy(at, to[i], strlen(to[i]));
	}
	return out;
}

/* Make ev, from craft_event(), a record of an older version. */
static void make_old(struct soe_event *ev, unsigned int version)
{
	ev->hdr.version = version;
	ev->cap_effective_lo = 0;
	ev->cap_effective_hi = 0;
	ev->net_caps = 0;
}

static const char *line_in_zone(const char *tz, const struct soe_event *ev)
{
	static char line[SOE_LINE_MAX];
	struct soe_format_opts opts = { SOE_FORMAT_TEXT, false, false };
	char *old = getenv("TZ");

	old = old ? strdup(old) : NULL;
	setenv("TZ", tz, 1);
	tzset();
	if (soe_record_format(ev, NULL, &opts, line, sizeof(line)) < 0)
		strcpy(line, "(not formatted)");
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
	return line;
}

/* Local time carries its offset from UTC, so the line names one instant. */
static void text_local_time(void)
{
	struct soe_event ev;

	craft_event(&ev);
	/* two hours east of UTC */
	CHECK(starts_with(line_in_zone("SOE-2", &ev),
			  "2026-11-28T13:36:29.123456789+02:00 nginx            "));
	/* three and a half west */
	CHECK(starts_with(line_in_zone("SOE+3:30", &ev),
			  "2026-11-28T08:06:29.123456789-03:30 nginx            "));
	CHECK(starts_with(line_in_zone("UTC0", &ev),
			  "2026-11-28T11:36:29.123456789+00:00 nginx            "));
	/* daylight saving time: the offset of that date (EU rules) */
	CHECK(starts_with(line_in_zone("CET-1CEST,M3.5.0,M10.5.0/3", &ev),
			  "2026-11-28T12:36:29.123456789+01:00 nginx            "));
	ev.hdr.timestamp_ns -= 150ULL * 86400 * 1000000000;	/* 1 July */
	CHECK(starts_with(line_in_zone("CET-1CEST,M3.5.0,M10.5.0/3", &ev),
			  "2026-07-01T13:36:29.123456789+02:00 nginx            "));
	/* an offset of whole minutes only: otherwise UTC */
	craft_event(&ev);
	CHECK(starts_with(line_in_zone("SOE-1:00:30", &ev),
			  "2026-11-28T11:36:29.123456789Z nginx            "));
}

static void text_time_limits(void)
{
	struct soe_loss loss;

	craft_loss(&loss, 1, 1);
	loss.hdr.timestamp_ns = 0;
	CHECK_STR(craft_text(&loss), "1970-01-01T00:00:00.000000000Z lost 1 events\n");
	loss.hdr.timestamp_ns = UINT64_MAX;
	CHECK_STR(craft_text(&loss), "2554-07-21T23:34:33.709551615Z lost 1 events\n");
}

static void inet4_connected(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET, "127.0.0.1", 8080, "10.0.0.2", 443);
	ev.level = 6;
	ev.optname = 1;
	ev.state = 1;
	CHECK_STR(craft_json(&ev),
		  LINE(ARGS_CALL("5", S("IPPROTO_TCP"), S("TCP_NODELAY")), OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_INET\",\"sin_addr\":\"127.0.0.1\",\"sin_port\":\"8080\"}",
				 "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"10.0.0.2\",\"sin_port\":\"443\"}"),
		       ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("ESTABLISHED")), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " IPPROTO_TCP TCP_NODELAY=1 AF_INET SOCK_STREAM IPPROTO_TCP"
		  " local=127.0.0.1:8080 remote=10.0.0.2:443" TEXT_TAIL("ESTABLISHED", "4") "\n");
}

static void inet6_loopback(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET6, "::1", 8080, "::", 0);
	ev.level = 41;
	ev.optname = 26;
	ev.state = 10;
	CHECK_STR(craft_json(&ev),
		  LINE(ARGS_CALL("5", S("IPPROTO_IPV6"), S("IPV6_V6ONLY")), OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::1\",\"sin6_port\":\"8080\","
				 "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}",
				 "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::\",\"sin6_port\":\"0\","
				 "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}"),
		       ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("LISTEN")), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " IPPROTO_IPV6 IPV6_V6ONLY=1 AF_INET6 SOCK_STREAM IPPROTO_TCP"
		  " local=[::1]:8080 remote=[::]:0" TEXT_TAIL("LISTEN", "4") "\n");
}

static void inet6_v4_mapped(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET6, "::ffff:127.0.0.1", 80, "::ffff:198.51.100.7", 51000);
	ev.sock_type = SOCK_DGRAM;
	ev.protocol = 17;
	ev.level = 17;
	ev.optname = 103;
	CHECK_STR(craft_json(&ev),
		  LINE(ARGS_CALL("5", S("IPPROTO_UDP"), S("UDP_SEGMENT")), OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::ffff:127.0.0.1\",\"sin6_port\":\"80\","
				 "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}",
				 "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::ffff:198.51.100.7\",\"sin6_port\":\"51000\","
				 "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}"),
		       ARGS_SOCK(S("SOCK_DGRAM"), S("IPPROTO_UDP"), S("CLOSE")), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " IPPROTO_UDP UDP_SEGMENT=1 AF_INET6 SOCK_DGRAM IPPROTO_UDP"
		  " local=[::ffff:127.0.0.1]:80 remote=[::ffff:198.51.100.7]:51000"
		  TEXT_TAIL("CLOSE", "4") "\n");
}

static void inet6_scope_flowinfo(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET6, "fe80::1", 22, "fe80::2:3", 40000);
	ev.addr.inet.local.scope_id = 2;
	ev.addr.inet.local.flowinfo = 0x12345;
	ev.addr.inet.remote.scope_id = 2;
	CHECK_STR(craft_json(&ev),
		  LINE(REUSEADDR, OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"fe80::1\",\"sin6_port\":\"22\","
				 "\"sin6_flowinfo\":\"74565\",\"sin6_scopeid\":\"2\"}",
				 "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"fe80::2:3\",\"sin6_port\":\"40000\","
				 "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"2\"}"),
		       TCP_CLOSED, NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_INET6 SOCK_STREAM IPPROTO_TCP"
		  " local=[fe80::1%2]:22 remote=[fe80::2:3%2]:40000" TEXT_TAIL("CLOSE", "4") "\n");
}

/* A path name, or "@name" and sun_abstract true for an abstract name. */
#define UNIX_JSON_KIND(path, abstract) \
	"{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"" path "\",\"sun_abstract\":" abstract "}"
#define UNIX_JSON(path)	UNIX_JSON_KIND(path, "false")
#define UNIX_JSON_CUT(len) \
	"{\"sa_family\":\"AF_UNIX\",\"sun_path_cut\":true,\"sun_path_len\":" len "}"
#define UNIX_JSON_ABSTRACT(name)	UNIX_JSON_KIND("@" name, "true")
#define UNIX_ARGS_SOCK	ARGS_SOCK(S("SOCK_STREAM"), "0", S("CLOSE"))
#define UNIX_TEXT(local, remote) \
	TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_UNIX SOCK_STREAM 0 local=" local \
	" remote=" remote TEXT_TAIL("CLOSE", "4") "\n"
#define UNIX_JSON_LINE(local, remote) \
	LINE(REUSEADDR, OPT_ONE, ARGS_ADDR(local, remote), UNIX_ARGS_SOCK, NO_FLAGS)

static void unix_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, "/run/x.sock", 11, NULL, 0);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE(UNIX_JSON("/run/x.sock"), UNIX_JSON("")));
	CHECK_STR(craft_text(&ev), UNIX_TEXT("/run/x.sock", "\"\""));
}

static void unix_named_stops_at_nul(void)
{
	struct soe_event ev;

	/* a path name ends at its NUL, even if the length says more */
	craft_event(&ev);
	craft_unix(&ev, "/x\0junk", 7, "/peer\0", 6);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE(UNIX_JSON("/x"), UNIX_JSON("/peer")));
	CHECK_STR(craft_text(&ev), UNIX_TEXT("/x", "/peer"));
}

static void unix_abstract(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, "\0name", 5, "\0peer", 5);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE(UNIX_JSON_ABSTRACT("name"), UNIX_JSON_ABSTRACT("peer")));
	CHECK_STR(craft_text(&ev), UNIX_TEXT("@name", "@peer"));
}

static void unix_abstract_any_bytes(void)
{
	static const char name[] = "\0a\0b\x01\x7f\"\\ c";
	struct soe_event ev;

	/* in an abstract name every byte counts, NULs too */
	craft_event(&ev);
	craft_unix(&ev, name, sizeof(name) - 1, "\0", 1);
	CHECK_STR(craft_json(&ev),
		  UNIX_JSON_LINE(UNIX_JSON_ABSTRACT("a\\u0000b\\u0001\\u007f\\\"\\\\ c"),
				 UNIX_JSON_ABSTRACT("")));
	CHECK_STR(craft_text(&ev),
		  UNIX_TEXT("@a\\x00b\\x01\\x7f\\x22\\x5c\\x20c", "@"));
}

static void unix_unnamed(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, NULL, 0, NULL, 0);
	ev.sock_type = SOCK_SEQPACKET;
	ev.state = 1;
	CHECK_STR(craft_json(&ev),
		  LINE(REUSEADDR, OPT_ONE, ARGS_ADDR(UNIX_JSON(""), UNIX_JSON("")),
		       ARGS_SOCK(S("SOCK_SEQPACKET"), "0", S("ESTABLISHED")), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_UNIX SOCK_SEQPACKET 0"
		  " local=\"\" remote=\"\"" TEXT_TAIL("ESTABLISHED", "4") "\n");
}

static void unix_lengths_clamped(void)
{
	struct soe_event ev;
	char sixty_a[61], ten_r[11], want[SOE_LINE_MAX];

	memset(sixty_a, 'A', 60);
	sixty_a[60] = '\0';
	memset(ten_r, 'R', 10);
	ten_r[10] = '\0';

	/* version 1: local_len past the buffer, all 60 bytes, no peer bytes */
	craft_event(&ev);
	make_old(&ev, 1);
	craft_unix(&ev, sixty_a, 60, NULL, 0);
	ev.addr.un.local_len = 200;
	ev.addr.un.remote_len = 65535;
	snprintf(want, sizeof(want), UNIX_JSON_LINE(UNIX_JSON("%s"), UNIX_JSON("")), sixty_a);
	CHECK_STR(craft_json(&ev), as_v2(want));
	snprintf(want, sizeof(want), UNIX_TEXT("%s", "\"\""), sixty_a);
	CHECK_STR(craft_text(&ev), as_v2(want));

	/* version 2: the same lengths are whole names' lengths, so both cut */
	ev.hdr.version = 2;
	CHECK_STR(craft_json(&ev),
		  as_v2(UNIX_JSON_LINE(UNIX_JSON_CUT("200"), UNIX_JSON_CUT("65535"))));
	CHECK_STR(craft_text(&ev), as_v2(UNIX_TEXT("?cut:200", "?cut:65535")));

	/* the peer's name gets what the local one leaves */
	craft_event(&ev);
	make_old(&ev, 1);
	craft_unix(&ev, "/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", 50,
		   ten_r, 10);
	ev.addr.un.remote_len = 100;
	CHECK_STR(craft_json(&ev),
		  as_v2(UNIX_JSON_LINE(UNIX_JSON("/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"),
				       UNIX_JSON("RRRRRRRRRR"))));
	ev.hdr.version = 2;
	CHECK_STR(craft_json(&ev),
		  as_v2(UNIX_JSON_LINE(UNIX_JSON("/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"),
				       UNIX_JSON_CUT("100"))));
}

/*
 * Names longer than the event holds (issue #15's cases): whole from the
 * names record before the event; cut, and said so per name, without it.
 */
static void unix_long_names(void)
{
	static const char listener[] =		/* 59 bytes */
		"/run/containerd/s/0123456789abcdef0123456789abcdef012345678";
	static const char shim[] =		/* 84 bytes */
		"/run/containerd/s/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01";
	struct soe_unix_names names;
	struct soe_event ev, other;
	char want[SOE_LINE_MAX];

	/* 59 + 18 bytes: the peer's name is cut in the event */
	craft_event(&ev);
	craft_unix(&ev, listener, 59, "/tmp/u/client-pat", 1);
	ev.addr.un.remote_len = 18;
	craft_unix_names(&names, &ev, listener, 59, "/tmp/u/client-path", 18);
	snprintf(want, sizeof(want), UNIX_TEXT("%s", "/tmp/u/client-path"), listener);
	CHECK_STR(craft_text_names(&ev, &names), want);
	snprintf(want, sizeof(want),
		 UNIX_JSON_LINE(UNIX_JSON("%s"), UNIX_JSON("/tmp/u/client-path")), listener);
	CHECK_STR(craft_json_names(&ev, &names), want);
	/* without its names record: the peer is cut, not "/" */
	CHECK(strstr(craft_text(&ev), " remote=?cut:18 ") != NULL);
	CHECK(strstr(craft_text(&ev), " flags=addr_trunc\n") != NULL);
	CHECK(strstr(craft_json(&ev), UNIX_JSON_CUT("18")) != NULL);

	/* an autobound peer (abstract, 5 hex digits) after a long path */
	craft_event(&ev);
	craft_unix(&ev, listener, 59, "\0", 1);
	ev.addr.un.remote_len = 6;
	craft_unix_names(&names, &ev, listener, 59, "\0" "0001f", 6);
	CHECK(strstr(craft_text_names(&ev, &names), " remote=@0001f ") != NULL);
	CHECK(strstr(craft_json_names(&ev, &names), UNIX_JSON_ABSTRACT("0001f")) != NULL);
	CHECK(strstr(craft_text(&ev), " remote=?cut:6 ") != NULL);

	/* an 84-byte listener: both cut in the event, the peer not unnamed */
	craft_event(&ev);
	craft_unix(&ev, shim, 60, NULL, 0);
	ev.addr.un.local_len = 84;
	ev.addr.un.remote_len = 10;
	craft_unix_names(&names, &ev, shim, 84, "/tmp/u/cli", 10);
	snprintf(want, sizeof(want), UNIX_TEXT("%s", "/tmp/u/cli"), shim);
	CHECK_STR(craft_text_names(&ev, &names), want);
	CHECK(strstr(craft_text(&ev), " local=?cut:84 remote=?cut:10 ") != NULL);

	/* a names record that is not this event's is not used */
	other = ev;
	other.hdr.seq += 5;
	CHECK(strstr(craft_text_names(&other, &names), " local=?cut:84 ") != NULL);
	other = ev;
	other.hdr.flags &= ~SOE_F_UNIX_NAMES;
	CHECK(strstr(craft_text_names(&other, &names), " local=?cut:84 ") != NULL);
	/* a names record on its own prints nothing */
	CHECK_STR(craft_text(&names), "");

	/* version 1: the last name with bytes was cut; after a full local, no peer read */
	craft_event(&ev);
	ev.hdr.version = 1;
	craft_unix(&ev, shim, 60, NULL, 0);
	ev.hdr.flags = SOE_F_ADDR_TRUNC;
	CHECK(strstr(craft_text(&ev), " local=?cut remote=? ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     ARGS_ADDR("{\"sa_family\":\"AF_UNIX\",\"sun_path_cut\":true}",
			       "{\"sa_family\":\"AF_UNIX\"}")) != NULL);
	craft_unix(&ev, listener, 59, "/", 1);
	CHECK(strstr(craft_text(&ev), " remote=?cut ") != NULL);
}

/*
 * A version 1 capture decodes as it did: every record that does not cut a
 * unix name formats as the same record in version 2 does (both without
 * the capabilities of version 3).
 */
static void version1_as_before(void)
{
	struct soe_event ev;
	struct soe_loss loss;
	char v2[SOE_LINE_MAX];
	int i;

	for (i = 0; i < 4; i++) {
		craft_event(&ev);
		if (i == 1)
			craft_inet(&ev, AF_INET6, "fe80::1", 22, "::1", 80);
		if (i == 2)
			craft_unix(&ev, "\0abstract", 9, "/run/peer.sock", 14);
		if (i == 3) {
			ev.family = AF_NETLINK;
			ev.hdr.flags = SOE_F_LOCAL_UNKNOWN | SOE_F_OPTVAL_TRUNC;
		}
		make_old(&ev, 2);
		snprintf(v2, sizeof(v2), "%s", craft_json(&ev));
		ev.hdr.version = 1;
		CHECK_STR(craft_json(&ev), v2);
		ev.hdr.version = 2;
		snprintf(v2, sizeof(v2), "%s", craft_text(&ev));
		ev.hdr.version = 1;
		CHECK_STR(craft_text(&ev), v2);
	}
	craft_loss(&loss, 9, 3);
	snprintf(v2, sizeof(v2), "%s", craft_json(&loss));
	loss.hdr.version = 1;
	CHECK_STR(craft_json(&loss), v2);
}

static void unix_remote_unknown(void)
{
	struct soe_event ev;

	/* a connected datagram socket: the module does not read the peer */
	craft_event(&ev);
	craft_unix(&ev, "/run/log", 8, NULL, 0);
	ev.sock_type = SOCK_DGRAM;
	ev.state = 1;
	ev.hdr.flags = SOE_F_REMOTE_UNKNOWN;
	CHECK_STR(craft_json(&ev),
		  LINE(REUSEADDR, OPT_ONE,
		       ARGS_ADDR(UNIX_JSON("/run/log"), "{\"sa_family\":\"AF_UNIX\"}"),
		       ARGS_SOCK(S("SOCK_DGRAM"), "0", S("ESTABLISHED")),
		       ARG_FLAGS(S("remote_unknown"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_UNIX SOCK_DGRAM 0 local=/run/log"
		  " remote=?" TEXT_TAIL("ESTABLISHED", "4") " flags=remote_unknown\n");
}

#define NETLINK_CALL	ARGS_CALL("5", S("SOL_NETLINK"), S("NETLINK_ADD_MEMBERSHIP"))

static void netlink(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = AF_NETLINK;
	ev.sock_type = SOCK_RAW;
	ev.protocol = 0;
	ev.state = 7;
	ev.level = 270;
	ev.optname = 1;
	ev.addr.nl.local_pid = 412;
	ev.addr.nl.local_groups = 17;
	CHECK_STR(craft_json(&ev),
		  LINE(NETLINK_CALL, OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_NETLINK\",\"nl_pid\":\"412\",\"nl_groups\":\"17\"}",
				 "{\"sa_family\":\"AF_NETLINK\",\"nl_pid\":\"0\",\"nl_groups\":\"0\"}"),
		       ARGS_SOCK(S("SOCK_RAW"), S("NETLINK_ROUTE"), "7"), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_NETLINK NETLINK_ADD_MEMBERSHIP=1 AF_NETLINK SOCK_RAW"
		  " NETLINK_ROUTE local=pid:412,groups:17 remote=pid:0,groups:0"
		  TEXT_TAIL("7", "4") "\n");

	/* on PREEMPT_RT the local address is not read */
	ev.hdr.flags = SOE_F_LOCAL_UNKNOWN;
	ev.addr.nl.local_pid = 0;
	ev.addr.nl.local_groups = 0;
	ev.protocol = 16;
	CHECK_STR(craft_json(&ev),
		  LINE(NETLINK_CALL, OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_NETLINK\"}",
				 "{\"sa_family\":\"AF_NETLINK\",\"nl_pid\":\"0\",\"nl_groups\":\"0\"}"),
		       ARGS_SOCK(S("SOCK_RAW"), S("NETLINK_GENERIC"), "7"),
		       ARG_FLAGS(S("local_unknown"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_NETLINK NETLINK_ADD_MEMBERSHIP=1 AF_NETLINK SOCK_RAW"
		  " NETLINK_GENERIC local=? remote=pid:0,groups:0"
		  TEXT_TAIL("7", "4") " flags=local_unknown\n");
}

static void packet(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = AF_PACKET;
	ev.sock_type = SOCK_RAW;
	ev.protocol = 0x0003;
	ev.state = 0;
	ev.level = 263;
	ev.optname = 18;
	ev.addr.packet.protocol = 0x0003;
	ev.addr.packet.ifindex = 2;
	CHECK_STR(craft_json(&ev),
		  LINE_TAGS(ARGS_CALL("5", S("SOL_PACKET"), S("PACKET_FANOUT")), OPT_ONE,
			    ARGS_ADDR("{\"sa_family\":\"AF_PACKET\",\"sll_protocol\":\"ETH_P_ALL\",\"sll_ifindex\":\"2\"}",
				      "{\"sa_family\":\"AF_PACKET\"}"),
			    ARGS_SOCK(S("SOCK_RAW"), S("ETH_P_ALL"), "0"), NO_FLAGS,
			    S("raw_socket")));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_PACKET PACKET_FANOUT=1 AF_PACKET SOCK_RAW ETH_P_ALL"
		  " local=ifindex:2,protocol:ETH_P_ALL" TEXT_TAIL("0", "4") " tags=raw_socket\n");

	/* the EtherTypes a packet socket is usually opened with */
	ev.protocol = ev.addr.packet.protocol = 0x0800;
	CHECK(strstr(craft_json(&ev), "\"sll_protocol\":\"ETH_P_IP\"") != NULL);
	CHECK(strstr(craft_json(&ev), ARG("protocol", "int", S("ETH_P_IP"))) != NULL);
	ev.protocol = ev.addr.packet.protocol = 0x86dd;
	CHECK(strstr(craft_json(&ev), "\"sll_protocol\":\"ETH_P_IPV6\"") != NULL);
	ev.protocol = ev.addr.packet.protocol = 0x0806;
	CHECK(strstr(craft_json(&ev), "\"sll_protocol\":\"ETH_P_ARP\"") != NULL);

	/* an unnamed EtherType is a number */
	ev.protocol = 0x88b5;
	ev.addr.packet.protocol = 0x88b5;
	CHECK_STR(craft_json(&ev),
		  LINE_TAGS(ARGS_CALL("5", S("SOL_PACKET"), S("PACKET_FANOUT")), OPT_ONE,
			    ARGS_ADDR("{\"sa_family\":\"AF_PACKET\",\"sll_protocol\":\"34997\",\"sll_ifindex\":\"2\"}",
				      "{\"sa_family\":\"AF_PACKET\"}"),
			    ARGS_SOCK(S("SOCK_RAW"), "34997", "0"), NO_FLAGS, S("raw_socket")));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_PACKET PACKET_FANOUT=1 AF_PACKET SOCK_RAW 34997"
		  " local=ifindex:2,protocol:34997" TEXT_TAIL("0", "4") " tags=raw_socket\n");

	/* a SOCK_PACKET socket, whose address the module does not read */
	ev.sock_type = SOCK_PACKET;
	ev.hdr.flags = SOE_F_LOCAL_UNKNOWN;
	CHECK(strstr(craft_json(&ev),
		     ARGS_ADDR("{\"sa_family\":\"AF_PACKET\"}", "{\"sa_family\":\"AF_PACKET\"}")) != NULL);
	CHECK(strstr(craft_text(&ev), " SOCK_PACKET 34997 local=? state=0 ") != NULL);
}

static void other_family(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = 44;		/* AF_XDP */
	ev.sock_type = SOCK_RAW;
	ev.protocol = 0;
	ev.state = 7;
	ev.level = 283;		/* SOL_XDP */
	ev.optname = 4;		/* XDP_UMEM_REG: a structure */
	memset(&ev.addr, 0xff, sizeof(ev.addr));
	CHECK_STR(craft_json(&ev),
		  LINE_TAGS(ARGS_CALL("5", S("SOL_XDP"), S("XDP_UMEM_REG")),
			    ARGS_OPT("4", S("01000000"), S("01000000")),
			    ARGS_ADDR("{\"sa_family\":\"AF_XDP\"}", "{\"sa_family\":\"AF_XDP\"}"),
			    ARGS_SOCK(S("SOCK_RAW"), "0", "7"), NO_FLAGS, S("raw_socket")));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_XDP XDP_UMEM_REG=hex:01000000 AF_XDP SOCK_RAW 0"
		  TEXT_TAIL("7", "4") " tags=raw_socket\n");
}

static void unknown_numbers(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = 99;
	ev.sock_type = 77;
	ev.protocol = 65535;
	ev.state = 200;
	ev.level = 9999;
	ev.optname = -3;
	ev.fd = -1;
	ev.optlen = -1;
	ev.optval_len = 0;
	CHECK_STR(craft_json(&ev),
		  LINE(ARGS_CALL("-1", "9999", "-3"), ARGS_OPT("-1", "null", S("")),
		       ARGS_ADDR("{\"sa_family\":\"99\"}", "{\"sa_family\":\"99\"}"),
		       ARGS_SOCK("77", "65535", "200"), NO_FLAGS));
	CHECK(strstr(craft_text(&ev),
		     "   -1 9999 -3 99 77 65535 state=200 inode=48213 ppid=1 netcaps=admin,raw cgroup=7315"
		     " optlen=-1\n") != NULL);
}

static void states_by_family(void)
{
	static const char *const names[] = {
		NULL, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
		"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
		"NEW_SYN_RECV",
	};
	static const int families[] = { AF_INET, AF_INET6, AF_UNIX };
	char want[128];
	struct soe_event ev;
	size_t f;
	int s;

	for (f = 0; f < 3; f++) {
		for (s = 1; s <= 12; s++) {
			craft_event(&ev);
			ev.family = families[f];
			ev.state = s;
			snprintf(want, sizeof(want), ARG("sock_state", "int", "\"%s\""), names[s]);
			CHECK(strstr(craft_json(&ev), want) != NULL);
			snprintf(want, sizeof(want), " state=%s inode=", names[s]);
			CHECK(strstr(craft_text(&ev), want) != NULL);
		}
	}
	/* other families: the number, whatever it is */
	craft_event(&ev);
	ev.family = AF_NETLINK;
	ev.state = 1;
	CHECK(strstr(craft_json(&ev), ARG("sock_state", "int", "1")) != NULL);
	CHECK(strstr(craft_text(&ev), " state=1 inode=") != NULL);
	/* a state the TCP table has no name for */
	ev.family = AF_INET;
	ev.state = 0;
	CHECK(strstr(craft_json(&ev), ARG("sock_state", "int", "0")) != NULL);
}

static void options_named_by_level(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.optname = 1;
	ev.level = 1;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("SO_DEBUG"))) != NULL);
	ev.level = 6;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("TCP_NODELAY"))) != NULL);
	ev.level = 0;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("IP_TOS"))) != NULL);
	ev.level = 41;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("IPV6_ADDRFORM"))) != NULL);
	ev.level = 17;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("UDP_CORK"))) != NULL);
	ev.level = 255;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("ICMP_FILTER"))) != NULL);
	ev.level = 263;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("PACKET_ADD_MEMBERSHIP"))) != NULL);
	ev.level = 270;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", S("NETLINK_ADD_MEMBERSHIP"))) != NULL);
	/* a known level, an unknown option: a number, its value in hex */
	ev.level = 6;
	ev.optname = 15;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", "15")) != NULL);
	CHECK(strstr(craft_json(&ev), ARGS_OPT("4", S("01000000"), S("01000000"))) != NULL);
	CHECK(strstr(craft_text(&ev), " IPPROTO_TCP 15=hex:01000000 ") != NULL);
}

static void ids_and_host_pids(void)
{
	struct soe_event ev;

	/* a setuid program in a container: ids differ, pids too */
	craft_event(&ev);
	ev.uid = 1000;
	ev.euid = 0;
	ev.gid = 1001;
	ev.egid = 0;
	ev.pid = ev.tid = 7;
	ev.ppid = 1;
	ev.host_pid = 9412;
	ev.host_tid = 9413;
	ev.host_ppid = 9400;
	ev.cgroup_id = 0;
	CHECK(starts_with(craft_json(&ev),
			  "{\"timestamp\":1795865789123456789,\"processorId\":1,\"processId\":7,"
			  "\"threadId\":7,\"parentProcessId\":1,\"hostProcessId\":9412,"
			  "\"hostThreadId\":9413,\"hostParentProcessId\":9400,\"userId\":1000,"
			  "\"effectiveUserId\":0,\"groupId\":1001,\"effectiveGroupId\":0,"
		  ROOT_CAPS
			  "\"processName\":\"nginx\",\"cgroupId\":0,"));
	CHECK_STR(craft_text(&ev),
		  "2026-11-28T11:36:29.123456789Z nginx                        7/7   1000    5"
		  " SOL_SOCKET SO_REUSEADDR=1" TEXT_INET0 " state=CLOSE inode=48213 ppid=1"
		  " hostpid=9412/9413 hostppid=9400 euid=0 gid=1001 egid=0"
		  " netcaps=admin,raw optlen=4\n");

	/* the usual case: gid = uid, egid = gid, euid = uid: none shown */
	ev.uid = ev.euid = ev.gid = ev.egid = 1000;
	CHECK(strstr(craft_text(&ev), " hostppid=9400 netcaps=admin,raw optlen=4\n") != NULL);
	ev.egid = 5;
	CHECK(strstr(craft_text(&ev), " hostppid=9400 egid=5 netcaps=admin,raw optlen=4\n") != NULL);
}

static void namespaces_in_json(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.pid_ns = 1;
	ev.net_ns = 2;
	ev.user_ns = 3;
	ev.uts_ns = 4;
	ev.cgroup_ns = 0xffffffffU;
	ev.mnt_ns = 6;		/* always 0 from the module; never shown */
	ev.cgroup_id = UINT64_MAX;
	CHECK(strstr(craft_json(&ev),
		     ",\"cgroupId\":18446744073709551615,\"pidNamespace\":1,\"netNamespace\":2,"
		     "\"userNamespace\":3,\"utsNamespace\":4,\"cgroupNamespace\":4294967295,"
		     "\"eventName\":") != NULL);
	CHECK(strstr(craft_json(&ev), "mountNamespace") == NULL);
	CHECK(strstr(craft_text(&ev), " cgroup=18446744073709551615 ") != NULL);
}

static void comm_escaped(void)
{
	struct soe_event ev;

	craft_event(&ev);
	memcpy(ev.comm, "a\"b\\c\x01\x7f\xc3\xa9\xff d\0", 13);
	CHECK(strstr(craft_json(&ev),
		     "\"processName\":\"a\\\"b\\\\c\\u0001\\u007f\xc3\xa9\\u00ff d\",") != NULL);
	CHECK(starts_with(craft_text(&ev),
			  "2026-11-28T11:36:29.123456789Z a\\x22b\\x5cc\\x01\\x7f\\xc3\\xa9\\xff\\x20d         412/412 "));
}

static void comm_without_nul(void)
{
	struct soe_event ev;

	/* all 16 bytes and not one more: optval follows comm in the record */
	craft_event(&ev);
	memcpy(ev.comm, "ABCDEFGHIJKLMNOP", 16);
	ev.optval[0] = 'Q';
	CHECK(strstr(craft_json(&ev), "\"processName\":\"ABCDEFGHIJKLMNOP\",") != NULL);
	CHECK(strstr(craft_text(&ev), "Z ABCDEFGHIJKLMNOP         412/412 ") != NULL);
}

static void comm_empty(void)
{
	struct soe_event ev;

	craft_event(&ev);
	memset(ev.comm, 0, sizeof(ev.comm));
	CHECK(strstr(craft_json(&ev), "\"processName\":\"\",") != NULL);
	CHECK(strstr(craft_text(&ev), "Z \"\"                       412/412 ") != NULL);
}

static void utf8_checked(void)
{
	/* valid: U+00E9, U+20AC, U+1F600; invalid: cut short, overlong, surrogate, past U+10FFFF */
	static const char name[] = "\0" "\xc3\xa9" "\xe2\x82\xac" "\xf0\x9f\x98\x80"
		"|\xe2\x82" "|\xc0\xaf" "|\xed\xa0\x80" "|\xf4\x90\x80\x80" "|\x80";
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, name, sizeof(name) - 1, NULL, 0);
	CHECK_STR(craft_json(&ev),
		  UNIX_JSON_LINE("{\"sa_family\":\"AF_UNIX\",\"sun_path\":"
				 "\"@\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
				 "|\\u00e2\\u0082|\\u00c0\\u00af|\\u00ed\\u00a0\\u0080"
				 "|\\u00f4\\u0090\\u0080\\u0080|\\u0080\","
				 "\"sun_path_hex\":\"c3a9e282acf09f98807ce2827cc0af7c"
				 "eda0807cf49080807c80\",\"sun_abstract\":true}",
				 UNIX_JSON("")));
}

/* A value's bytes as the caller passed them, in this machine's order. */
static void put32(unsigned char *p, int32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, int64_t v)
{
	memcpy(p, &v, 8);
}

static void optval_ints(void)
{
	static const struct {
		int level, optname;
		const char *level_name, *name;
		const char *tags;	/* as JSON has them, and as text's tags= */
	} ints[] = {
		{ 1, 2, "SOL_SOCKET", "SO_REUSEADDR", NULL },
		{ 1, 8, "SOL_SOCKET", "SO_RCVBUF", NULL },
		{ 1, 9, "SOL_SOCKET", "SO_KEEPALIVE", NULL },
		{ 1, 36, "SOL_SOCKET", "SO_MARK", "privileged" },
		{ 6, 1, "IPPROTO_TCP", "TCP_NODELAY", NULL },
		{ 0, 2, "IPPROTO_IP", "IP_TTL", NULL },
		{ 41, 26, "IPPROTO_IPV6", "IPV6_V6ONLY", NULL },
		{ 17, 103, "IPPROTO_UDP", "UDP_SEGMENT", NULL },
		{ 263, 8, "SOL_PACKET", "PACKET_AUXDATA", NULL },
		{ 270, 3, "SOL_NETLINK", "NETLINK_PKTINFO", NULL },
	};
	unsigned char val[8];
	char want[SOE_LINE_MAX];
	struct soe_event ev;
	size_t i;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		craft_event(&ev);
		put32(val, 65536);
		craft_option(&ev, ints[i].level, ints[i].optname, val, 4);
		snprintf(want, sizeof(want),
			 JSON_OPT_TAGS(ARGS_CALL("5", "\"%s\"", "\"%s\""),
				       ARGS_OPT("4", "65536", S("00000100")), NO_FLAGS, "%s%s%s"),
			 ints[i].level_name, ints[i].name, ints[i].tags ? "\"" : "",
			 ints[i].tags ? ints[i].tags : "", ints[i].tags ? "\"" : "");
		CHECK_STR(craft_json(&ev), want);
		snprintf(want, sizeof(want), TEXT_OPT(" %s %s=65536", "4", "%s%s"),
			 ints[i].level_name, ints[i].name, ints[i].tags ? " tags=" : "",
			 ints[i].tags ? ints[i].tags : "");
		CHECK_STR(craft_text(&ev), want);
	}

	/* signed, and only the first four bytes of a longer value */
	craft_event(&ev);
	put32(val, -1);
	put32(val + 4, 77);
	craft_option(&ev, 1, 42, val, 8);	/* SO_PEEK_OFF */
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_PEEK_OFF")),
			   ARGS_OPT("8", "-1", S("ffffffff4d000000")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_PEEK_OFF=-1", "8", ""));

	/* IP_TOS set with one byte: do_ip_setsockopt() reads that byte */
	craft_event(&ev);
	val[0] = 0x10;
	craft_option(&ev, 0, 1, val, 1);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("IPPROTO_IP"), S("IP_TOS")),
			   ARGS_OPT("1", "16", S("10")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" IPPROTO_IP IP_TOS=16", "1", ""));

	/* TCP_NODELAY with one byte: too short for the int the kernel wants */
	craft_option(&ev, 6, 1, val, 1);
	CHECK_STR(craft_text(&ev), TEXT_OPT(" IPPROTO_TCP TCP_NODELAY=hex:10", "1", ""));
}

static void optval_linger(void)
{
	unsigned char val[8];
	struct soe_event ev;

	craft_event(&ev);
	put32(val, 1);
	put32(val + 4, 7);
	craft_option(&ev, 1, 13, val, 8);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_LINGER")),
			   ARGS_OPT("8", "{\"l_onoff\":1,\"l_linger\":7}", S("0100000007000000")),
			   NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_LINGER={l_onoff=1,l_linger=7}", "8", ""));

	/* fewer bytes than a struct linger: hex */
	craft_option(&ev, 1, 13, val, 4);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_LINGER")),
			   ARGS_OPT("4", S("01000000"), S("01000000")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_LINGER=hex:01000000", "4", ""));
}

#define TV_JSON(sec, usec)	"{\"tv_sec\":" sec ",\"tv_usec\":" usec "}"
#define TV_TEXT(sec, usec)	"={tv_sec=" sec ",tv_usec=" usec "}"

static void optval_timeval(void)
{
	unsigned char val[16];
	struct soe_event ev;

	/* a 64-bit task: struct timeval is two 64-bit longs */
	craft_event(&ev);
	put64(val, 3);
	put64(val + 8, 500000);
	craft_option(&ev, 1, 20, val, 16);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_RCVTIMEO")),
			   ARGS_OPT("16", TV_JSON("3", "500000"),
				    S("030000000000000020a1070000000000")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_RCVTIMEO" TV_TEXT("3", "500000"), "16", ""));

	craft_option(&ev, 1, 21, val, 16);
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_SNDTIMEO" TV_TEXT("3", "500000"), "16", ""));

	/* 64-bit seconds that do not fit 32 bits, and a negative value */
	put64(val, 5000000000LL);
	put64(val + 8, -1);
	craft_option(&ev, 1, 20, val, 16);
	CHECK(strstr(craft_json(&ev),
		     ARG("optval", "void*", TV_JSON("5000000000", "-1"))) != NULL);

	/* 8 bytes from a 64-bit task are not a timeval */
	craft_option(&ev, 1, 20, val, 8);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_RCVTIMEO")),
			   ARGS_OPT("8", S("00f2052a01000000"), S("00f2052a01000000")), NO_FLAGS));
}

static void optval_timeval_compat(void)
{
	unsigned char val[16];
	struct soe_event ev;

	/* a 32-bit task (SOE_F_COMPAT): two 32-bit longs */
	craft_event(&ev);
	put32(val, 3);
	put32(val + 4, 500000);
	craft_option(&ev, 1, 21, val, 8);
	ev.hdr.flags = SOE_F_COMPAT;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_SNDTIMEO")),
			   ARGS_OPT("8", TV_JSON("3", "500000"), S("0300000020a10700")),
			   ARG_FLAGS(S("compat"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_SNDTIMEO" TV_TEXT("3", "500000"), "8", " flags=compat"));

	/* negative 32-bit values stay negative */
	put32(val, -2);
	put32(val + 4, -3);
	craft_option(&ev, 1, 20, val, 8);
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", TV_JSON("-2", "-3"))) != NULL);

	/* _NEW is two 64-bit values for every task, compat or not */
	put64(val, 3);
	put64(val + 8, 500000);
	craft_option(&ev, 1, 66, val, 16);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_RCVTIMEO_NEW")),
			   ARGS_OPT("16", TV_JSON("3", "500000"),
				    S("030000000000000020a1070000000000")),
			   ARG_FLAGS(S("compat"))));
	ev.hdr.flags = 0;
	craft_option(&ev, 1, 67, val, 16);
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_SNDTIMEO_NEW" TV_TEXT("3", "500000"), "16", ""));
	/* and 8 bytes of it are not enough, compat or not */
	ev.hdr.flags = SOE_F_COMPAT;
	craft_option(&ev, 1, 67, val, 8);
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", S("0300000000000000"))) != NULL);
}

static void optval_strings(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_option(&ev, 6, 13, "bbr", 4);	/* with its NUL */
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("IPPROTO_TCP"), S("TCP_CONGESTION")),
			   ARGS_OPT("4", S("bbr"), S("62627200")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" IPPROTO_TCP TCP_CONGESTION=\"bbr\"", "4", ""));

	craft_option(&ev, 6, 31, "tls", 3);	/* without */
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("IPPROTO_TCP"), S("TCP_ULP")),
			   ARGS_OPT("3", S("tls"), S("746c73")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" IPPROTO_TCP TCP_ULP=\"tls\"", "3", ""));

	/* IFNAMSIZ bytes: the name ends at the first NUL */
	craft_option(&ev, 1, 25, "eth0\0\0\0\0\0\0\0\0\0\0\0x", 16);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_BINDTODEVICE")),
				ARGS_OPT("16", S("eth0"), S("65746830000000000000000000000078")),
				NO_FLAGS, S("privileged")));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_BINDTODEVICE=\"eth0\"", "16",
					    " tags=privileged"));

	/* an empty name unbinds */
	craft_option(&ev, 1, 25, "", 1);
	CHECK(strstr(craft_json(&ev), ARGS_OPT("1", S(""), S("00"))) != NULL);
	CHECK(strstr(craft_text(&ev), " SO_BINDTODEVICE=\"\" AF_INET ") != NULL);

	/* odd bytes are escaped, as in every string */
	craft_option(&ev, 6, 13, "a\"b\\ \x01\xc3\xa9\xff", 9);
	CHECK(strstr(craft_json(&ev),
		     ARG("optval", "void*", S("a\\\"b\\\\ \\u0001\xc3\xa9\\u00ff"))) != NULL);
	CHECK(strstr(craft_text(&ev),
		     " TCP_CONGESTION=\"a\\x22b\\x5c\\x20\\x01\\xc3\\xa9\\xff\" ") != NULL);
}

static void optval_pacing_rate(void)
{
	unsigned char val[8];
	struct soe_event ev;

	craft_event(&ev);
	put32(val, -1);
	craft_option(&ev, 1, 47, val, 4);
	/* the kernel takes a 32-bit ~0U for ~0UL: no limit */
	CHECK(strstr(craft_json(&ev),
		     ARGS_OPT("4", "18446744073709551615", S("ffffffff"))) != NULL);
	CHECK(strstr(craft_text(&ev), " SO_MAX_PACING_RATE=18446744073709551615 ") != NULL);
	put32(val, -2);
	craft_option(&ev, 1, 47, val, 4);
	CHECK(strstr(craft_text(&ev), " SO_MAX_PACING_RATE=4294967294 ") != NULL);
	put64(val, 12500000000LL);
	craft_option(&ev, 1, 47, val, 8);
	CHECK(strstr(craft_json(&ev), ARGS_OPT("8", "12500000000", S("00dd0ee902000000"))) != NULL);
	CHECK(strstr(craft_text(&ev), " SO_MAX_PACING_RATE=12500000000 ") != NULL);
	/* eight bytes captured, but optlen 4: the kernel reads the u32 */
	ev.optlen = 4;
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", "3910065408")) != NULL);
}

static void optval_other_as_hex(void)
{
	unsigned char mreq[8] = { 0xe0, 0, 0, 0xfb, 192, 168, 1, 9 };
	struct soe_event ev;

	craft_event(&ev);
	craft_option(&ev, 0, 35, mreq, 8);	/* IP_ADD_MEMBERSHIP */
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("IPPROTO_IP"), S("IP_ADD_MEMBERSHIP")),
			   ARGS_OPT("8", S("e00000fbc0a80109"), S("e00000fbc0a80109")), NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" IPPROTO_IP IP_ADD_MEMBERSHIP=hex:e00000fbc0a80109", "8", ""));
}

static void optval_clamped(void)
{
	struct soe_event ev;
	char want[SOE_LINE_MAX], hex[65];
	int i;

	craft_event(&ev);
	ev.level = 0;
	ev.optname = 4;		/* IP_OPTIONS: bytes */
	for (i = 0; i < SOE_OPTVAL_MAX; i++) {
		ev.optval[i] = i * 7;
		sprintf(hex + 2 * i, "%02x", i * 7);
	}
	ev.optval_len = 200;
	ev.optlen = 4096;
	ev.hdr.flags = SOE_F_OPTVAL_TRUNC;
	snprintf(want, sizeof(want),
		 JSON_OPT(ARGS_CALL("5", S("IPPROTO_IP"), S("IP_OPTIONS")),
			  ARGS_OPT("4096", "\"%s\"", "\"%s\""), ARG_FLAGS(S("optval_trunc"))),
		 hex, hex);
	CHECK_STR(craft_json(&ev), want);
	snprintf(want, sizeof(want),
		 TEXT_OPT(" IPPROTO_IP IP_OPTIONS=hex:%s...", "4096", " flags=optval_trunc"), hex);
	CHECK_STR(craft_text(&ev), want);

	/* a long int value still gives its int */
	ev.optname = 2;		/* IP_TTL */
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", "353240832")) != NULL);
}

static void optval_null(void)
{
	struct soe_event ev;

	/* a NULL pointer */
	craft_event(&ev);
	memset(ev.optval, 0, sizeof(ev.optval));
	ev.optval_len = 0;
	ev.hdr.flags = SOE_F_OPTVAL_NULL;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(REUSEADDR, ARGS_OPT("4", "null", S("")), ARG_FLAGS(S("optval_null"))));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_REUSEADDR", "4", " flags=optval_null"));

	/* a pointer the module could not read */
	ev.hdr.flags = SOE_F_OPTVAL_FAULT;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(REUSEADDR, ARGS_OPT("4", "null", S("")), ARG_FLAGS(S("optval_fault"))));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_REUSEADDR", "4", " flags=optval_fault"));

	/* optlen 0: nothing to copy, no flag */
	ev.hdr.flags = 0;
	ev.optlen = 0;
	CHECK_STR(craft_json(&ev), JSON_OPT(REUSEADDR, ARGS_OPT("0", "null", S("")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_SOCKET SO_REUSEADDR", "0", ""));
}

static void optval_redacted(void)
{
	struct soe_event ev;

	/* ALG_SET_KEY: no byte kept, the flag says why */
	craft_event(&ev);
	ev.level = 279;
	ev.optname = 1;
	ev.optlen = 16;
	ev.optval_len = 0;
	memset(ev.optval, 0, sizeof(ev.optval));
	ev.hdr.flags = SOE_F_OPTVAL_REDACTED;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_ALG"), S("ALG_SET_KEY")),
				ARGS_OPT("16", "null", S("")), ARG_FLAGS(S("optval_redacted")),
				S("redacted")));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_ALG ALG_SET_KEY", "16", " flags=optval_redacted tags=redacted"));

	/* TLS_TX: version and cipher kept */
	ev.level = 282;
	ev.optname = 1;
	ev.optlen = 40;
	ev.optval_len = 4;
	memcpy(ev.optval, "\x03\x03\x33\x00", 4);
	ev.hdr.flags = SOE_F_OPTVAL_REDACTED | SOE_F_OPTVAL_TRUNC;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_TLS"), S("TLS_TX")),
				ARGS_OPT("40", S("03033300"), S("03033300")),
				ARG_FLAGS(S("optval_trunc|optval_redacted")), S("redacted")));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_TLS TLS_TX=hex:03033300...", "40",
			   " flags=optval_trunc|optval_redacted tags=redacted"));
}

static void optval_pointer(void)
{
	struct soe_event ev;

	/* SO_ATTACH_FILTER: len kept, the program's address zeroed */
	craft_event(&ev);
	ev.optname = 26;
	ev.optlen = 16;
	ev.optval_len = 16;
	memset(ev.optval, 0, sizeof(ev.optval));
	ev.optval[0] = 4;
	ev.hdr.flags = SOE_F_OPTVAL_POINTER;
	/* on a TCP socket: privileged too (tags.c) */
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_ATTACH_FILTER")),
				ARGS_OPT("16", S("04000000000000000000000000000000"),
					 S("04000000000000000000000000000000")),
				ARG_FLAGS(S("optval_pointer")),
				S("privileged") "," S("socket_filter")));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_ATTACH_FILTER=hex:04000000000000000000000000000000",
			   "16", " flags=optval_pointer tags=privileged|socket_filter"));
}

static void optval_partial(void)
{
	struct soe_event ev;

	/* SO_MARK with optlen 8, the second int unreadable: the first shown */
	craft_event(&ev);
	ev.optname = 36;
	ev.optlen = 8;
	ev.optval_len = 4;
	memset(ev.optval, 0, sizeof(ev.optval));
	ev.optval[0] = 0x2a;
	ev.hdr.flags = SOE_F_OPTVAL_PARTIAL;
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_MARK")),
				ARGS_OPT("8", "42", S("2a000000")), ARG_FLAGS(S("optval_partial")),
				S("privileged")));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_MARK=42", "8", " flags=optval_partial tags=privileged"));

	/* TCP_CONGESTION "reno" and its NUL at the end of a page, optlen 15 */
	ev.level = 6;
	ev.optname = 13;
	ev.optlen = 15;
	ev.optval_len = 5;
	memcpy(ev.optval, "reno", 5);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("IPPROTO_TCP"), S("TCP_CONGESTION")),
			   ARGS_OPT("15", S("reno"), S("72656e6f00")),
			   ARG_FLAGS(S("optval_partial"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" IPPROTO_TCP TCP_CONGESTION=\"reno\"", "15", " flags=optval_partial"));
}

static void io_uring(void)
{
	struct soe_event ev;

	/* from io_uring the module knows neither the fd nor the value */
	craft_event(&ev);
	ev.syscall = SOE_SYSCALL_IO_URING;
	ev.fd = -1;
	ev.optlen = 0;
	ev.optval_len = 0;
	memset(ev.optval, 0, sizeof(ev.optval));
	strcpy(ev.comm, "iou-wrk-412");
	ev.tid = ev.host_tid = 415;
	CHECK_STR(craft_json(&ev),
		  "{\"timestamp\":1795865789123456789,\"processorId\":1,\"processId\":412,"
		  "\"threadId\":415,\"parentProcessId\":1,\"hostProcessId\":412,"
		  "\"hostThreadId\":415,\"hostParentProcessId\":1,\"userId\":0,"
		  "\"effectiveUserId\":0,\"groupId\":0,\"effectiveGroupId\":0,"
		  ROOT_CAPS
		  "\"processName\":\"iou-wrk-412\",\"cgroupId\":7315,\"pidNamespace\":4026531836,"
		  "\"netNamespace\":4026531840,\"userNamespace\":4026531837,"
		  "\"utsNamespace\":4026531838,\"cgroupNamespace\":4026531835,"
		  "\"eventName\":\"security_socket_setsockopt\","
		  "\"syscall\":\"io_uring\",\"seq\":7,\"returnValue\":null,\"lsmReturnValue\":null,\"args\":["
		  ARGS_CALL("-1", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		  ARGS_OPT("0", "null", S("")) "," ADDR0 "," TCP_CLOSED "," NO_FLAGS TAIL);
	CHECK_STR(craft_text(&ev),
		  "2026-11-28T11:36:29.123456789Z iou-wrk-412              412/415      0   -1"
		  " SOL_SOCKET SO_REUSEADDR" TEXT_INET0 TEXT_TAIL("CLOSE", "0") " via=io_uring\n");
}

static void flags_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.flags = SOE_F_COMPAT | SOE_F_OPTVAL_FAULT | SOE_F_ADDR_TRUNC |
		       SOE_F_NO_SOCK | 0x8000;
	CHECK(strstr(craft_json(&ev),
		     ARG_FLAGS(S("compat|optval_fault|addr_trunc|no_sock|0x8000"))) != NULL);
	CHECK(strstr(craft_text(&ev),
		     " flags=compat|optval_fault|addr_trunc|no_sock|0x8000\n") != NULL);
	ev.hdr.flags = 0xffff;
	CHECK(strstr(craft_json(&ev),
		     ARG_FLAGS(S("compat|optval_null|optval_fault|optval_trunc|addr_trunc|"
				 "no_sock|local_unknown|remote_unknown|optval_redacted|"
				 "optval_pointer|optval_partial|x32|0x8000"))) != NULL);
	/* bpf_filter and result say records follow: shown as them; in version 2 unknown */
	ev.hdr.version = 2;
	CHECK(strstr(craft_json(&ev), "x32|0xe000") != NULL);
	/* unix_names says where the names are: not shown; in version 1 unknown */
	ev.hdr.version = 1;
	CHECK(strstr(craft_json(&ev), "x32|0xf000") != NULL);
	ev.hdr.version = SOE_VERSION;
	/* both addresses unknown */
	ev.hdr.flags = SOE_F_LOCAL_UNKNOWN | SOE_F_REMOTE_UNKNOWN;
	CHECK_STR(craft_json(&ev),
		  LINE(REUSEADDR, OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_INET\"}", "{\"sa_family\":\"AF_INET\"}"),
		       TCP_CLOSED, ARG_FLAGS(S("local_unknown|remote_unknown"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_INET SOCK_STREAM IPPROTO_TCP"
		  " local=? remote=?" TEXT_TAIL("CLOSE", "4") " flags=local_unknown|remote_unknown\n");
}

static void no_sock(void)
{
	struct soe_event ev;

	/* a socket without a struct sock: no family, nothing of it known */
	craft_event(&ev);
	ev.family = 0;
	ev.protocol = 0;
	ev.state = 0;
	memset(&ev.addr, 0, sizeof(ev.addr));
	ev.hdr.flags = SOE_F_NO_SOCK;
	CHECK_STR(craft_json(&ev),
		  LINE(REUSEADDR, OPT_ONE,
		       ARGS_ADDR("{\"sa_family\":\"AF_UNSPEC\"}", "{\"sa_family\":\"AF_UNSPEC\"}"),
		       ARGS_SOCK(S("SOCK_STREAM"), "0", "0"), ARG_FLAGS(S("no_sock"))));
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " SOL_SOCKET SO_REUSEADDR=1 AF_UNSPEC SOCK_STREAM 0"
		  TEXT_TAIL("0", "4") " flags=no_sock\n");
}

static void syscalls_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.syscall = SOE_SYSCALL_SOCKETCALL;
	ev.hdr.flags = SOE_F_COMPAT;
	CHECK_STR(craft_json(&ev),
		  LINE_SC("socketcall", REUSEADDR, OPT_ONE, ADDR0, TCP_CLOSED,
			  ARG_FLAGS(S("compat"))));
	CHECK(strstr(craft_text(&ev), " optlen=4 flags=compat via=socketcall\n") != NULL);
	ev.hdr.flags = 0;
	ev.syscall = SOE_SYSCALL_UNKNOWN;
	ev.fd = -1;
	CHECK(strstr(craft_json(&ev), "\"syscall\":\"unknown\",") != NULL);
	CHECK(strstr(craft_text(&ev), " via=unknown\n") != NULL);
	ev.syscall = 9;
	CHECK(strstr(craft_json(&ev), "\"syscall\":\"unknown\",") != NULL);
	CHECK(strstr(craft_text(&ev), " via=9\n") != NULL);
}

static void loss_record(void)
{
	struct soe_loss loss;

	craft_loss(&loss, 42, 5);
	CHECK_STR(craft_json(&loss),
		  "{\"timestamp\":1795865789123457789,\"processorId\":3,"
		  "\"eventName\":\"lost\",\"seq\":42,\"lost\":5}\n");
	CHECK_STR(craft_text(&loss), "2026-11-28T11:36:29.123457789Z lost 5 events\n");
}

static void check_good(void)
{
	struct soe_event ev;
	struct soe_loss loss;
	char why[256];

	craft_event(&ev);
	craft_loss(&loss, 1, 1);
	CHECK_INT(soe_record_check(&ev, why, sizeof(why)), SOE_RECORD_EVENT);
	CHECK_INT(soe_record_check(&loss, why, sizeof(why)), SOE_RECORD_LOSS);
}

static const char *check_why(const struct soe_event *ev)
{
	static char why[256];

	if (soe_record_check(ev, why, sizeof(why)) != -1)
		return "(accepted)";
	return why;
}

static void check_bad_magic(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.magic = 0x12345678;
	ev.hdr.version = 9;	/* the magic is checked first */
	CHECK_STR(check_why(&ev), "bad magic 0x12345678 (expected 0x56454f53)");
	ev.hdr.magic = 0;
	CHECK_STR(check_why(&ev), "bad magic 0x00000000 (expected 0x56454f53)");
}

static void check_swapped_magic(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.magic = 0x534f4556;
	CHECK_STR(check_why(&ev),
		  "bad magic 0x534f4556 (expected 0x56454f53): the record was written "
		  "by a machine of the other byte order");
}

static void check_bad_version(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.version = 4;
	ev.hdr.size = 512;	/* a newer format may be bigger: version first */
	CHECK_STR(check_why(&ev), "record version 4, this reader understands versions 1 to 3");
	ev.hdr.version = 0;
	CHECK_STR(check_why(&ev), "record version 0, this reader understands versions 1 to 3");
	ev.hdr.version = 1;
	ev.hdr.size = SOE_RECORD_SIZE;
	CHECK_INT(soe_record_check(&ev, NULL, 0), SOE_RECORD_EVENT);
}

static void check_bad_size(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.size = 128;
	CHECK_STR(check_why(&ev), "record size 128, expected 256");
	ev.hdr.size = 65535;
	CHECK_STR(check_why(&ev), "record size 65535, expected 256");
}

static void check_bad_type(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.version = 2;
	ev.hdr.type = 0;
	CHECK_STR(check_why(&ev), "unknown record type 0 in version 2");
	ev.hdr.type = 4;
	CHECK_STR(check_why(&ev), "unknown record type 4 in version 2");
	/* since version 3 any type is accepted, for the reader to skip */
	ev.hdr.version = 3;
	CHECK_INT(soe_record_check(&ev, NULL, 0), SOE_RECORD_BPF_FILTER);
	ev.hdr.type = 99;
	CHECK_INT(soe_record_check(&ev, NULL, 0), 99);
	ev.hdr.version = 2;
	/* unix names records came with version 2 */
	ev.hdr.type = SOE_RECORD_UNIX_NAMES;
	CHECK_INT(soe_record_check(&ev, NULL, 0), SOE_RECORD_UNIX_NAMES);
	ev.hdr.version = 1;
	CHECK_STR(check_why(&ev), "unknown record type 3 in version 1");
}

static void format_small_buffer(void)
{
	struct soe_format_opts opts = { SOE_FORMAT_JSON, true, false };
	struct soe_event ev;
	char buf[64];
	size_t i;

	craft_event(&ev);
	memset(buf, 'X', sizeof(buf));
	CHECK_INT(soe_record_format(&ev, NULL, &opts, buf, 50), -1);
	for (i = 50; i < sizeof(buf); i++)
		CHECK(buf[i] == 'X');
	CHECK(memchr(buf, '\0', 50) != NULL);
	CHECK_INT(soe_record_format(&ev, NULL, &opts, buf, 0), -1);
	opts.format = SOE_FORMAT_TEXT;
	CHECK_INT(soe_record_format(&ev, NULL, &opts, buf, 50), -1);
	for (i = 50; i < sizeof(buf); i++)
		CHECK(buf[i] == 'X');
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/*
 * Random records with a valid header, in a heap block of exactly one
 * record (so the sanitizers see any read past it): every one formats to
 * one line; JSON lines are valid JSON, text lines printable ASCII.
 */
static void random_records(void)
{
	static const int families[] = { AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, AF_PACKET, -1 };
	struct soe_format_opts json = { SOE_FORMAT_JSON, true, false };
	struct soe_format_opts text = { SOE_FORMAT_TEXT, true, false };
	unsigned char *rec = malloc(SOE_RECORD_SIZE);
	char line[SOE_LINE_MAX], why[256];
	int i, bad = 0;

	if (!CHECK(rec != NULL))
		return;
	for (i = 0; i < 20000 && bad < 5; i++) {
		struct soe_header hdr;
		int family = families[i % 6], len, j;
		size_t k;

		for (k = 0; k < SOE_RECORD_SIZE; k += 8) {
			uint64_t r = rng();

			memcpy(rec + k, &r, 8);
		}
		if (rng() % 4) {
			memcpy(&hdr, rec, sizeof(hdr));
			hdr.magic = SOE_MAGIC;
			hdr.version = SOE_VERSION;
			hdr.size = SOE_RECORD_SIZE;
			hdr.type = i % 10 ? SOE_RECORD_EVENT : SOE_RECORD_LOSS;
			memcpy(rec, &hdr, sizeof(hdr));
		}
		if (family >= 0) {
			uint16_t f = family;

			memcpy(rec + offsetof(struct soe_event, family), &f, sizeof(f));
		}
		if (soe_record_check(rec, why, sizeof(why)) < 0)
			continue;
		for (j = 0; j < 2; j++) {
			const struct soe_format_opts *opts = j ? &text : &json;

			len = soe_record_format(rec, NULL, opts, line, sizeof(line));
			if (!CHECK(len > 0) || !CHECK(line[len - 1] == '\n') ||
			    !CHECK(strlen(line) == (size_t)len) ||
			    !CHECK(memchr(line, '\n', len - 1) == NULL)) {
				bad++;
				continue;
			}
			if (opts == &json) {
				if (!CHECK(json_valid(line, len)))
					bad++;
			} else {
				for (k = 0; k + 1 < (size_t)len; k++)
					if (line[k] < 0x20 || line[k] > 0x7e)
						break;
				if (!CHECK(k + 1 == (size_t)len))
					bad++;
			}
			if (bad)
				printf("# record %d: %s", i, line);
		}
	}
	free(rec);
}

static void json_checker_works(void)
{
	/* the checker the random test relies on must reject what is wrong */
	CHECK(json_valid("{\"a\":[1,\"x\",{}]}\n", 17));
	CHECK(!json_valid("{\"a\":\"\x01\"}", 9));
	CHECK(!json_valid("{\"a\":\"\xff\"}", 9));
	CHECK(!json_valid("{\"a\":\"\xc0\xaf\"}", 10));
	CHECK(!json_valid("{\"a\":1,}", 8));
	CHECK(!json_valid("{\"a\":\"\\x41\"}", 12));
	CHECK(!json_valid("{\"a\":1} x", 9));
}

/* Option values read the way the kernel's own setsockopt code reads them. */
static void optval_sol_raw_ints(void)
{
	unsigned char val[4];
	struct soe_event ev;

	/* ping6: setsockopt(s, SOL_RAW, IPV6_CHECKSUM, &(int){2}, 4) */
	craft_event(&ev);
	put32(val, 2);
	craft_option(&ev, 255, 7, val, 4);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_RAW"), S("IPV6_CHECKSUM")),
			   ARGS_OPT("4", "2", S("02000000")), NO_FLAGS));
	CHECK_STR(craft_text(&ev), TEXT_OPT(" SOL_RAW IPV6_CHECKSUM=2", "4", ""));
	put32(val, -1);
	craft_option(&ev, 255, 36, val, 4);
	CHECK(strstr(craft_text(&ev), " SOL_RAW IPV6_HDRINCL=-1 ") != NULL);
}

static void optval_timestamping_struct(void)
{
	unsigned char val[12];
	struct soe_event ev;

	/* optlen 8: struct so_timestamping, flags and bind_phc */
	craft_event(&ev);
	put32(val, 0x5c);
	put32(val + 4, 3);
	put32(val + 8, 9);
	craft_option(&ev, 1, 37, val, 8);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_TIMESTAMPING")),
			   ARGS_OPT("8", "{\"flags\":92,\"bind_phc\":3}", S("5c00000003000000")),
			   NO_FLAGS));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_TIMESTAMPING={flags=92,bind_phc=3}", "8", ""));
	craft_option(&ev, 1, 65, val, 8);
	CHECK(strstr(craft_text(&ev), " SO_TIMESTAMPING_NEW={flags=92,bind_phc=3} ") != NULL);
	/* any other optlen: the flags alone, an int */
	craft_option(&ev, 1, 37, val, 4);
	CHECK(strstr(craft_text(&ev), " SO_TIMESTAMPING=92 ") != NULL);
	craft_option(&ev, 1, 37, val, 12);
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", "92")) != NULL);
}

static void optval_names_cut_where_the_kernel_cuts(void)
{
	static const char twenty[] = "abcdefghijklmnopqrst";
	struct soe_event ev;

	/* 20 bytes, no NUL: the kernel uses 15 (IFNAMSIZ - 1, TCP_CA_NAME_MAX - 1) */
	craft_event(&ev);
	craft_option(&ev, 1, 25, twenty, 20);
	CHECK_STR(craft_json(&ev),
		  JSON_OPT_TAGS(ARGS_CALL("5", S("SOL_SOCKET"), S("SO_BINDTODEVICE")),
				ARGS_OPT("20", S("abcdefghijklmno"),
					 S("6162636465666768696a6b6c6d6e6f7071727374")),
				NO_FLAGS, S("privileged")));
	CHECK_STR(craft_text(&ev),
		  TEXT_OPT(" SOL_SOCKET SO_BINDTODEVICE=\"abcdefghijklmno\"+ignored:7071727374",
			   "20", " tags=privileged"));
	craft_option(&ev, 6, 13, twenty, 20);
	CHECK(strstr(craft_text(&ev),
		     " TCP_CONGESTION=\"abcdefghijklmno\"+ignored:7071727374 ") != NULL);
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", S("abcdefghijklmno"))) != NULL);
	craft_option(&ev, 6, 31, twenty, 16);
	CHECK(strstr(craft_text(&ev), " TCP_ULP=\"abcdefghijklmno\"+ignored:70 ") != NULL);
	/* 15 bytes and no NUL: all of it, nothing ignored */
	craft_option(&ev, 6, 13, twenty, 15);
	CHECK(strstr(craft_text(&ev), " TCP_CONGESTION=\"abcdefghijklmno\" ") != NULL);
}

static void optval_other_kinds(void)
{
	unsigned char val[8] = { 0, 0, 0, 3 };
	struct soe_event ev;

	/* IP_UNICAST_IF and IPV6_UNICAST_IF: an ifindex in network byte order */
	craft_event(&ev);
	craft_option(&ev, 0, 50, val, 4);
	CHECK(strstr(craft_text(&ev), " IP_UNICAST_IF=3 ") != NULL);
	craft_option(&ev, 41, 76, val, 4);
	CHECK(strstr(craft_json(&ev), ARG("optval", "void*", "3")) != NULL);

	/* SOL_NETLINK reads an unsigned int */
	put32(val, -1);
	craft_option(&ev, 270, 1, val, 4);
	CHECK(strstr(craft_text(&ev), " NETLINK_ADD_MEMBERSHIP=4294967295 ") != NULL);
	/* and SO_MARK is a u32: fwmarks often have the top bit set */
	put32(val, (int32_t)0x80000001u);
	craft_option(&ev, 1, 36, val, 4);
	CHECK(strstr(craft_text(&ev), " SO_MARK=2147483649 ") != NULL);

	/* PACKET_FANOUT: an int, or struct fanout_args with optlen 8 */
	val[0] = 7;
	val[1] = 0;
	val[2] = 0x03;
	val[3] = 0x10;
	put32(val + 4, 64);
	craft_option(&ev, 263, 18, val, 8);
	CHECK(strstr(craft_text(&ev),
		     " PACKET_FANOUT={id=7,type_flags=4099,max_num_members=64} ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     ARG("optval", "void*",
			 "{\"id\":7,\"type_flags\":4099,\"max_num_members\":64}")) != NULL);
	craft_option(&ev, 263, 18, val, 4);
	CHECK(strstr(craft_text(&ev), " PACKET_FANOUT=268632071 ") != NULL);
	/* IP_LOCAL_PORT_RANGE: the low port in the low 16 bits, the high above */
	put32(val, (int32_t)(40000u | 60000u << 16));
	craft_option(&ev, 0, 51, val, 4);
	CHECK(strstr(craft_text(&ev), " IP_LOCAL_PORT_RANGE={lo=40000,hi=60000} ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     ARG("optval", "void*", "{\"lo\":40000,\"hi\":60000}")) != NULL);
}

/* A raw inet socket: the record's port is the protocol (inet_num), not shown. */
static void inet_raw_no_port(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET, "0.0.0.0", 6, "10.0.0.2", 0);
	ev.sock_type = SOCK_RAW;
	ev.protocol = 6;
	CHECK(strstr(craft_text(&ev), " local=0.0.0.0 remote=10.0.0.2 ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     ARGS_ADDR("{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\"}",
			       "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"10.0.0.2\"}")) != NULL);
	craft_inet(&ev, AF_INET6, "::1", 58, "fe80::1", 0);
	ev.sock_type = SOCK_RAW;
	ev.addr.inet.remote.scope_id = 2;
	CHECK(strstr(craft_text(&ev), " local=[::1] remote=[fe80::1%2] ") != NULL);
	CHECK(strstr(craft_json(&ev),
		     "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::1\","
		     "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}") != NULL);
	/* a datagram socket keeps its port */
	ev.sock_type = SOCK_DGRAM;
	CHECK(strstr(craft_text(&ev), " local=[::1]:58 ") != NULL);
}

static const struct tap_test tests[] = {
	{ "decode: JSON event, the documented example", event_json_example },
	{ "decode: text event, the documented example", event_text_example },
	{ "decode: text columns keep their widths", text_columns },
	{ "decode: text in local time with its UTC offset (TZ)", text_local_time },
	{ "decode: text times at 0 and 2^64-1 ns", text_time_limits },
	{ "decode: AF_INET connected, option named by level", inet4_connected },
	{ "decode: AF_INET6 loopback", inet6_loopback },
	{ "decode: AF_INET6 v4-mapped addresses", inet6_v4_mapped },
	{ "decode: AF_INET6 scope id and flow info", inet6_scope_flowinfo },
	{ "decode: AF_UNIX path name", unix_named },
	{ "decode: AF_UNIX path name ends at its NUL", unix_named_stops_at_nul },
	{ "decode: AF_UNIX abstract names as @name", unix_abstract },
	{ "decode: AF_UNIX abstract name with NULs and odd bytes", unix_abstract_any_bytes },
	{ "decode: AF_UNIX unnamed", unix_unnamed },
	{ "decode: AF_UNIX lengths clamped to the path buffer", unix_lengths_clamped },
	{ "decode: AF_UNIX long names whole from their record, else cut", unix_long_names },
	{ "decode: version 1 records decode as before", version1_as_before },
	{ "decode: AF_UNIX peer not read (remote_unknown)", unix_remote_unknown },
	{ "decode: AF_NETLINK, and its local address unknown", netlink },
	{ "decode: AF_PACKET, EtherTypes by name or number", packet },
	{ "decode: other family (AF_XDP)", other_family },
	{ "decode: unknown numbers stay numbers", unknown_numbers },
	{ "decode: sock_state named for inet, inet6 and unix, a number otherwise", states_by_family },
	{ "decode: options are named by level", options_named_by_level },
	{ "decode: euid, gid, egid and host pids when they differ", ids_and_host_pids },
	{ "decode: cgroup id and namespaces, no mount namespace", namespaces_in_json },
	{ "decode: comm escaped in JSON and text", comm_escaped },
	{ "decode: comm of 16 bytes without NUL", comm_without_nul },
	{ "decode: empty comm", comm_empty },
	{ "decode: UTF-8 kept when valid, escaped byte by byte when not", utf8_checked },
	{ "decode: optval of int options is a number", optval_ints },
	{ "decode: optval of SO_LINGER", optval_linger },
	{ "decode: optval of SO_RCVTIMEO and SO_SNDTIMEO, 64-bit task", optval_timeval },
	{ "decode: optval of timeouts, 32-bit task (compat) and _NEW", optval_timeval_compat },
	{ "decode: optval of TCP_CONGESTION, TCP_ULP, SO_BINDTODEVICE", optval_strings },
	{ "decode: optval of SO_MAX_PACING_RATE", optval_pacing_rate },
	{ "decode: optval of other options is hex", optval_other_as_hex },
	{ "decode: optval of IPV6_CHECKSUM and IPV6_HDRINCL at SOL_RAW is an int", optval_sol_raw_ints },
	{ "decode: optval of SO_TIMESTAMPING with optlen 8 is struct so_timestamping",
	  optval_timestamping_struct },
	{ "decode: optval names cut at 15 bytes, as the kernel does, the rest shown apart",
	  optval_names_cut_where_the_kernel_cuts },
	{ "decode: optval in network order, unsigned, struct fanout_args, a port range",
	  optval_other_kinds },
	{ "decode: a raw inet socket has no port", inet_raw_no_port },
	{ "decode: optval clamped to 32 bytes, truncation shown", optval_clamped },
	{ "decode: optval null: NULL pointer, fault, optlen 0", optval_null },
	{ "decode: optval redacted: none or the bytes kept, the flag shown", optval_redacted },
	{ "decode: optval pointer: zeroed bytes, the flag shown", optval_pointer },
	{ "decode: optval partial: the bytes before the fault decoded, the flag shown", optval_partial },
	{ "decode: io_uring: fd -1, optval null", io_uring },
	{ "decode: flags by name, unknown bits in hex, unknown addresses", flags_named },
	{ "decode: a socket without a sock (no_sock)", no_sock },
	{ "decode: syscall names", syscalls_named },
	{ "decode: loss record", loss_record },
	{ "check: event and loss records accepted", check_good },
	{ "check: bad magic", check_bad_magic },
	{ "check: byte-swapped magic", check_swapped_magic },
	{ "check: bad version", check_bad_version },
	{ "check: bad size", check_bad_size },
	{ "check: bad type", check_bad_type },
	{ "decode: a small buffer gets -1, nothing written past it", format_small_buffer },
	{ "decode: JSON checker rejects bad JSON", json_checker_works },
	{ "decode: 20000 random records give one valid line each", random_records },
};

const struct tap_group decode_tests = TAP_TESTS(tests);
