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
#define HEAD_SC(sc) \
	"{\"timestamp\":1795865789123456789,\"processorId\":1,\"processId\":412," \
	"\"threadId\":412,\"parentProcessId\":1,\"hostProcessId\":412," \
	"\"hostThreadId\":412,\"hostParentProcessId\":1,\"userId\":0," \
	"\"processName\":\"nginx\",\"eventName\":\"security_socket_setsockopt\"," \
	"\"syscall\":\"" sc "\",\"seq\":7,\"args\":["
#define HEAD	HEAD_SC("setsockopt")

#define ARG(name, type, value) \
	"{\"name\":\"" name "\",\"type\":\"" type "\",\"value\":" value "}"
#define ARGS_CALL(fd, level, optname) \
	ARG("sockfd", "int", fd) "," ARG("level", "int", level) "," \
	ARG("optname", "int", optname)
#define ARGS_ADDR(local, remote) \
	ARG("local_addr", "struct sockaddr*", local) "," \
	ARG("remote_addr", "struct sockaddr*", remote)
#define ARGS_SOCK(type, protocol, state) \
	ARG("sock_type", "int", type) "," ARG("protocol", "int", protocol) "," \
	ARG("state", "int", state)
#define ARGS_OPT(optlen, hex, flags) \
	ARG("optlen", "int", optlen) "," ARG("optval_hex", "bytes", hex) "," \
	ARG("flags", "string", flags)
#define TAIL	"]}\n"

#define INET0	"{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}"
#define OPT_ONE	ARGS_OPT("4", "\"01000000\"", "\"\"")
#define S(x)	"\"" x "\""

#define TEXT_HEAD	"2026-11-28T11:36:29.123456789Z nginx pid=412 tid=412 uid=0"

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
		  "\"processName\":\"nginx\",\"eventName\":\"security_socket_setsockopt\","
		  "\"syscall\":\"setsockopt\",\"seq\":7,\"args\":["
		  "{\"name\":\"sockfd\",\"type\":\"int\",\"value\":5},"
		  "{\"name\":\"level\",\"type\":\"int\",\"value\":\"SOL_SOCKET\"},"
		  "{\"name\":\"optname\",\"type\":\"int\",\"value\":\"SO_REUSEADDR\"},"
		  "{\"name\":\"local_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		  "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}},"
		  "{\"name\":\"remote_addr\",\"type\":\"struct sockaddr*\",\"value\":"
		  "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"0.0.0.0\",\"sin_port\":\"0\"}},"
		  "{\"name\":\"sock_type\",\"type\":\"int\",\"value\":\"SOCK_STREAM\"},"
		  "{\"name\":\"protocol\",\"type\":\"int\",\"value\":\"IPPROTO_TCP\"},"
		  "{\"name\":\"state\",\"type\":\"int\",\"value\":\"TCP_CLOSE\"},"
		  "{\"name\":\"optlen\",\"type\":\"int\",\"value\":4},"
		  "{\"name\":\"optval_hex\",\"type\":\"bytes\",\"value\":\"01000000\"},"
		  "{\"name\":\"flags\",\"type\":\"string\",\"value\":\"\"}]}\n");
	/* and the same through the macros the other tests use */
	CHECK_STR(craft_json(&ev),
		  HEAD ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		  ARGS_ADDR(INET0, INET0) ","
		  ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_CLOSE")) ","
		  OPT_ONE TAIL);
}

static void event_text_example(void)
{
	struct soe_event ev;

	craft_event(&ev);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_SOCKET SO_REUSEADDR AF_INET SOCK_STREAM IPPROTO_TCP"
		  " local=0.0.0.0:0 remote=0.0.0.0:0 state=TCP_CLOSE optlen=4 optval=01000000\n");
}

static void text_local_time(void)
{
	struct soe_format_opts opts = { SOE_FORMAT_TEXT, false };
	char line[SOE_LINE_MAX], *old = getenv("TZ");
	struct soe_event ev;

	old = old ? strdup(old) : NULL;
	setenv("TZ", "SOE-2", 1);		/* two hours east of UTC */
	tzset();
	craft_event(&ev);
	CHECK(soe_record_format(&ev, &opts, line, sizeof(line)) > 0);
	CHECK(starts_with(line, "2026-11-28T13:36:29.123456789 nginx pid=412 "));
	if (old)
		setenv("TZ", old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(old);
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
		  HEAD ARGS_CALL("5", S("IPPROTO_TCP"), S("TCP_NODELAY")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_INET\",\"sin_addr\":\"127.0.0.1\",\"sin_port\":\"8080\"}",
			    "{\"sa_family\":\"AF_INET\",\"sin_addr\":\"10.0.0.2\",\"sin_port\":\"443\"}") ","
		  ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_ESTABLISHED")) ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 IPPROTO_TCP TCP_NODELAY AF_INET SOCK_STREAM IPPROTO_TCP"
		  " local=127.0.0.1:8080 remote=10.0.0.2:443 state=TCP_ESTABLISHED"
		  " optlen=4 optval=01000000\n");
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
		  HEAD ARGS_CALL("5", S("IPPROTO_IPV6"), S("IPV6_V6ONLY")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::1\",\"sin6_port\":\"8080\","
			    "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}",
			    "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::\",\"sin6_port\":\"0\","
			    "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}") ","
		  ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_LISTEN")) ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 IPPROTO_IPV6 IPV6_V6ONLY AF_INET6 SOCK_STREAM IPPROTO_TCP"
		  " local=[::1]:8080 remote=[::]:0 state=TCP_LISTEN optlen=4 optval=01000000\n");
}

static void inet6_v4_mapped(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_inet(&ev, AF_INET6, "::ffff:192.0.2.1", 80, "::ffff:198.51.100.7", 51000);
	ev.sock_type = SOCK_DGRAM;
	ev.protocol = 17;
	ev.level = 17;
	ev.optname = 103;
	CHECK_STR(craft_json(&ev),
		  HEAD ARGS_CALL("5", S("IPPROTO_UDP"), S("UDP_SEGMENT")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::ffff:192.0.2.1\",\"sin6_port\":\"80\","
			    "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}",
			    "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"::ffff:198.51.100.7\",\"sin6_port\":\"51000\","
			    "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"0\"}") ","
		  ARGS_SOCK(S("SOCK_DGRAM"), S("IPPROTO_UDP"), S("TCP_CLOSE")) ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 IPPROTO_UDP UDP_SEGMENT AF_INET6 SOCK_DGRAM IPPROTO_UDP"
		  " local=[::ffff:192.0.2.1]:80 remote=[::ffff:198.51.100.7]:51000"
		  " state=TCP_CLOSE optlen=4 optval=01000000\n");
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
		  HEAD ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"fe80::1\",\"sin6_port\":\"22\","
			    "\"sin6_flowinfo\":\"74565\",\"sin6_scopeid\":\"2\"}",
			    "{\"sa_family\":\"AF_INET6\",\"sin6_addr\":\"fe80::2:3\",\"sin6_port\":\"40000\","
			    "\"sin6_flowinfo\":\"0\",\"sin6_scopeid\":\"2\"}") ","
		  ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_CLOSE")) ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_SOCKET SO_REUSEADDR AF_INET6 SOCK_STREAM IPPROTO_TCP"
		  " local=[fe80::1%2]:22 remote=[fe80::2:3%2]:40000 state=TCP_CLOSE"
		  " optlen=4 optval=01000000\n");
}

#define UNIX_JSON(path)	"{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"" path "\"}"
#define UNIX_ARGS_SOCK	ARGS_SOCK(S("SOCK_STREAM"), "0", S("TCP_CLOSE"))
#define UNIX_TEXT(local, remote) \
	TEXT_HEAD " fd=5 SOL_SOCKET SO_REUSEADDR AF_UNIX SOCK_STREAM 0 local=" local \
	" remote=" remote " optlen=4 optval=01000000\n"
#define UNIX_JSON_LINE(local, remote) \
	HEAD ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) "," \
	ARGS_ADDR(UNIX_JSON(local), UNIX_JSON(remote)) "," UNIX_ARGS_SOCK "," \
	OPT_ONE TAIL

static void unix_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, "/run/x.sock", 11, NULL, 0);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE("/run/x.sock", ""));
	CHECK_STR(craft_text(&ev), UNIX_TEXT("/run/x.sock", "\"\""));
}

static void unix_named_stops_at_nul(void)
{
	struct soe_event ev;

	/* a path name ends at its NUL, even if the length says more */
	craft_event(&ev);
	craft_unix(&ev, "/x\0junk", 7, "/peer\0", 6);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE("/x", "/peer"));
	CHECK_STR(craft_text(&ev), UNIX_TEXT("/x", "/peer"));
}

static void unix_abstract(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, "\0name", 5, "\0peer", 5);
	CHECK_STR(craft_json(&ev), UNIX_JSON_LINE("@name", "@peer"));
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
		  UNIX_JSON_LINE("@a\\u0000b\\u0001\\u007f\\\"\\\\ c", "@"));
	CHECK_STR(craft_text(&ev),
		  UNIX_TEXT("@a\\x00b\\x01\\x7f\\x22\\x5c\\x20c", "@"));
}

static void unix_unnamed(void)
{
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, NULL, 0, NULL, 0);
	ev.sock_type = SOCK_SEQPACKET;
	CHECK_STR(craft_json(&ev),
		  HEAD ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		  ARGS_ADDR(UNIX_JSON(""), UNIX_JSON("")) ","
		  ARGS_SOCK(S("SOCK_SEQPACKET"), "0", S("TCP_CLOSE")) ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_SOCKET SO_REUSEADDR AF_UNIX SOCK_SEQPACKET 0"
		  " local=\"\" remote=\"\" optlen=4 optval=01000000\n");
}

static void unix_lengths_clamped(void)
{
	struct soe_event ev;
	char sixty_a[61], ten_r[11], want[SOE_LINE_MAX];

	memset(sixty_a, 'A', 60);
	sixty_a[60] = '\0';
	memset(ten_r, 'R', 10);
	ten_r[10] = '\0';

	/* local_len past the buffer: all 60 bytes, nothing left for the peer */
	craft_event(&ev);
	craft_unix(&ev, sixty_a, 60, NULL, 0);
	ev.addr.un.local_len = 200;
	ev.addr.un.remote_len = 65535;
	snprintf(want, sizeof(want), UNIX_JSON_LINE("%s", ""), sixty_a);
	CHECK_STR(craft_json(&ev), want);
	snprintf(want, sizeof(want), UNIX_TEXT("%s", "\"\""), sixty_a);
	CHECK_STR(craft_text(&ev), want);

	/* the peer's name gets what the local one leaves */
	craft_event(&ev);
	craft_unix(&ev, "/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", 50,
		   ten_r, 10);
	ev.addr.un.remote_len = 100;
	CHECK_STR(craft_json(&ev),
		  UNIX_JSON_LINE("/LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL", "RRRRRRRRRR"));
}

static void netlink(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = AF_NETLINK;
	ev.sock_type = SOCK_RAW;
	ev.protocol = 0;
	ev.state = 0;
	ev.level = 270;
	ev.optname = 1;
	ev.addr.nl.local_pid = 412;
	ev.addr.nl.local_groups = 17;
	CHECK_STR(craft_json(&ev),
		  HEAD ARGS_CALL("5", S("SOL_NETLINK"), S("NETLINK_ADD_MEMBERSHIP")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_NETLINK\",\"nl_pid\":\"412\",\"nl_groups\":\"17\"}",
			    "{\"sa_family\":\"AF_NETLINK\",\"nl_pid\":\"0\",\"nl_groups\":\"0\"}") ","
		  ARGS_SOCK(S("SOCK_RAW"), S("NETLINK_ROUTE"), "0") ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_NETLINK NETLINK_ADD_MEMBERSHIP AF_NETLINK SOCK_RAW"
		  " NETLINK_ROUTE local=pid:412,groups:17 remote=pid:0,groups:0"
		  " optlen=4 optval=01000000\n");
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
		  HEAD ARGS_CALL("5", S("SOL_PACKET"), S("PACKET_FANOUT")) ","
		  ARGS_ADDR("{\"sa_family\":\"AF_PACKET\",\"sll_protocol\":\"ETH_P_ALL\",\"sll_ifindex\":\"2\"}",
			    "{\"sa_family\":\"AF_PACKET\"}") ","
		  ARGS_SOCK(S("SOCK_RAW"), S("ETH_P_ALL"), "0") ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_PACKET PACKET_FANOUT AF_PACKET SOCK_RAW ETH_P_ALL"
		  " local=ifindex:2,protocol:ETH_P_ALL optlen=4 optval=01000000\n");

	/* an unnamed EtherType is a number */
	ev.protocol = 0x88b5;
	ev.addr.packet.protocol = 0x88b5;
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_PACKET PACKET_FANOUT AF_PACKET SOCK_RAW 34997"
		  " local=ifindex:2,protocol:34997 optlen=4 optval=01000000\n");
}

static void other_family(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.family = 31;		/* AF_BLUETOOTH */
	ev.sock_type = SOCK_SEQPACKET;
	ev.protocol = 0;
	ev.state = 0;
	ev.level = 274;		/* SOL_BLUETOOTH: no option names */
	ev.optname = 4;
	memset(&ev.addr, 0xff, sizeof(ev.addr));
	CHECK_STR(craft_json(&ev),
		  HEAD ARGS_CALL("5", S("SOL_BLUETOOTH"), "4") ","
		  ARGS_ADDR("{\"sa_family\":\"AF_BLUETOOTH\"}", "{\"sa_family\":\"AF_BLUETOOTH\"}") ","
		  ARGS_SOCK(S("SOCK_SEQPACKET"), "0", "0") ","
		  OPT_ONE TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=5 SOL_BLUETOOTH 4 AF_BLUETOOTH SOCK_SEQPACKET 0"
		  " optlen=4 optval=01000000\n");
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
		  HEAD ARGS_CALL("-1", "9999", "-3") ","
		  ARGS_ADDR("{\"sa_family\":\"99\"}", "{\"sa_family\":\"99\"}") ","
		  ARGS_SOCK("77", "65535", "200") ","
		  ARGS_OPT("-1", "\"\"", "\"\"") TAIL);
	CHECK_STR(craft_text(&ev),
		  TEXT_HEAD " fd=-1 9999 -3 99 77 65535 optlen=-1\n");
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
	/* a known level, an unknown option: a number */
	ev.level = 6;
	ev.optname = 15;
	CHECK(strstr(craft_json(&ev), ARG("optname", "int", "15")) != NULL);
	CHECK(strstr(craft_text(&ev), " IPPROTO_TCP 15 ") != NULL);
}

static void comm_escaped(void)
{
	struct soe_event ev;

	craft_event(&ev);
	memcpy(ev.comm, "a\"b\\c\x01\x7f\xc3\xa9\xff d\0", 13);
	CHECK(strstr(craft_json(&ev),
		     "\"processName\":\"a\\\"b\\\\c\\u0001\\u007f\xc3\xa9\\u00ff d\",") != NULL);
	CHECK(starts_with(craft_text(&ev),
			  "2026-11-28T11:36:29.123456789Z a\\x22b\\x5cc\\x01\\x7f\\xc3\\xa9\\xff\\x20d pid=412 "));
}

static void comm_without_nul(void)
{
	struct soe_event ev;

	/* all 16 bytes and not one more: optval follows comm in the record */
	craft_event(&ev);
	memcpy(ev.comm, "ABCDEFGHIJKLMNOP", 16);
	ev.optval[0] = 'Q';
	CHECK(strstr(craft_json(&ev), "\"processName\":\"ABCDEFGHIJKLMNOP\",") != NULL);
	CHECK(strstr(craft_text(&ev), "Z ABCDEFGHIJKLMNOP pid=412 ") != NULL);
}

static void comm_empty(void)
{
	struct soe_event ev;

	craft_event(&ev);
	memset(ev.comm, 0, sizeof(ev.comm));
	CHECK(strstr(craft_json(&ev), "\"processName\":\"\",") != NULL);
	CHECK(strstr(craft_text(&ev), "Z \"\" pid=412 ") != NULL);
}

static void utf8_checked(void)
{
	/* valid: é, €, U+1F600; invalid: cut short, overlong, surrogate, past U+10FFFF */
	static const char name[] = "\0" "\xc3\xa9" "\xe2\x82\xac" "\xf0\x9f\x98\x80"
		"|\xe2\x82" "|\xc0\xaf" "|\xed\xa0\x80" "|\xf4\x90\x80\x80" "|\x80";
	struct soe_event ev;

	craft_event(&ev);
	craft_unix(&ev, name, sizeof(name) - 1, NULL, 0);
	CHECK_STR(craft_json(&ev),
		  UNIX_JSON_LINE("@\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"
				 "|\\u00e2\\u0082|\\u00c0\\u00af|\\u00ed\\u00a0\\u0080"
				 "|\\u00f4\\u0090\\u0080\\u0080|\\u0080", ""));
}

static void optval_clamped(void)
{
	struct soe_event ev;
	char want[SOE_LINE_MAX], hex[65];
	int i;

	craft_event(&ev);
	for (i = 0; i < SOE_OPTVAL_MAX; i++) {
		ev.optval[i] = i * 7;
		sprintf(hex + 2 * i, "%02x", i * 7);
	}
	ev.optval_len = 200;
	ev.optlen = 4096;
	ev.hdr.flags = SOE_F_OPTVAL_TRUNC;
	snprintf(want, sizeof(want),
		 HEAD ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		 ARGS_ADDR(INET0, INET0) ","
		 ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_CLOSE")) ","
		 ARGS_OPT("4096", "\"%s\"", S("OPTVAL_TRUNC")) TAIL, hex);
	CHECK_STR(craft_json(&ev), want);
	snprintf(want, sizeof(want),
		 TEXT_HEAD " fd=5 SOL_SOCKET SO_REUSEADDR AF_INET SOCK_STREAM IPPROTO_TCP"
		 " local=0.0.0.0:0 remote=0.0.0.0:0 state=TCP_CLOSE optlen=4096"
		 " optval=%s... flags=OPTVAL_TRUNC\n", hex);
	CHECK_STR(craft_text(&ev), want);
}

static void optval_null(void)
{
	struct soe_event ev;

	craft_event(&ev);
	memset(ev.optval, 0, sizeof(ev.optval));
	ev.optval_len = 0;
	ev.hdr.flags = SOE_F_OPTVAL_NULL;
	CHECK(strstr(craft_json(&ev), ARGS_OPT("4", "\"\"", S("OPTVAL_NULL")) TAIL) != NULL);
	CHECK(strstr(craft_text(&ev), " optlen=4 flags=OPTVAL_NULL\n") != NULL);
}

static void flags_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.hdr.flags = SOE_F_COMPAT | SOE_F_OPTVAL_FAULT | SOE_F_ADDR_TRUNC |
		       SOE_F_NO_SOCK | 0x8000;
	CHECK(strstr(craft_json(&ev),
		     ARG("flags", "string", S("COMPAT|OPTVAL_FAULT|ADDR_TRUNC|NO_SOCK|0x8000"))) != NULL);
	CHECK(strstr(craft_text(&ev),
		     " flags=COMPAT|OPTVAL_FAULT|ADDR_TRUNC|NO_SOCK|0x8000\n") != NULL);
}

static void syscalls_named(void)
{
	struct soe_event ev;

	craft_event(&ev);
	ev.syscall = SOE_SYSCALL_IO_URING;
	CHECK_STR(craft_json(&ev),
		  HEAD_SC("io_uring") ARGS_CALL("5", S("SOL_SOCKET"), S("SO_REUSEADDR")) ","
		  ARGS_ADDR(INET0, INET0) ","
		  ARGS_SOCK(S("SOCK_STREAM"), S("IPPROTO_TCP"), S("TCP_CLOSE")) ","
		  OPT_ONE TAIL);
	CHECK(strstr(craft_text(&ev), " optval=01000000 via=io_uring\n") != NULL);
	ev.syscall = SOE_SYSCALL_SOCKETCALL;
	CHECK(strstr(craft_json(&ev), "\"syscall\":\"socketcall\",") != NULL);
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
	ev.hdr.version = 2;
	ev.hdr.size = 512;	/* a newer format may be bigger: version first */
	CHECK_STR(check_why(&ev), "record version 2, this reader understands version 1");
	ev.hdr.version = 0;
	CHECK_STR(check_why(&ev), "record version 0, this reader understands version 1");
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
	ev.hdr.type = 0;
	CHECK_STR(check_why(&ev), "unknown record type 0");
	ev.hdr.type = 3;
	CHECK_STR(check_why(&ev), "unknown record type 3");
}

static void format_small_buffer(void)
{
	struct soe_format_opts opts = { SOE_FORMAT_JSON, true };
	struct soe_event ev;
	char buf[64];
	size_t i;

	craft_event(&ev);
	memset(buf, 'X', sizeof(buf));
	CHECK_INT(soe_record_format(&ev, &opts, buf, 50), -1);
	for (i = 50; i < sizeof(buf); i++)
		CHECK(buf[i] == 'X');
	CHECK(memchr(buf, '\0', 50) != NULL);
	CHECK_INT(soe_record_format(&ev, &opts, buf, 0), -1);
	opts.format = SOE_FORMAT_TEXT;
	CHECK_INT(soe_record_format(&ev, &opts, buf, 50), -1);
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
	struct soe_format_opts json = { SOE_FORMAT_JSON, true };
	struct soe_format_opts text = { SOE_FORMAT_TEXT, true };
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

			len = soe_record_format(rec, opts, line, sizeof(line));
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

static const struct tap_test tests[] = {
	{ "decode: JSON event, the documented example", event_json_example },
	{ "decode: text event, the documented example", event_text_example },
	{ "decode: text in local time (TZ)", text_local_time },
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
	{ "decode: AF_NETLINK", netlink },
	{ "decode: AF_PACKET", packet },
	{ "decode: other family (AF_BLUETOOTH)", other_family },
	{ "decode: unknown numbers stay numbers", unknown_numbers },
	{ "decode: options are named by level", options_named_by_level },
	{ "decode: comm escaped in JSON and text", comm_escaped },
	{ "decode: comm of 16 bytes without NUL", comm_without_nul },
	{ "decode: empty comm", comm_empty },
	{ "decode: UTF-8 kept when valid, escaped byte by byte when not", utf8_checked },
	{ "decode: optval clamped to 32 bytes, truncation shown", optval_clamped },
	{ "decode: NULL optval", optval_null },
	{ "decode: flags by name, unknown bits in hex", flags_named },
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
