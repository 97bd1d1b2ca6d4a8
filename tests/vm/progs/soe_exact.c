// SPDX-License-Identifier: GPL-2.0
/*
 * soe_exact: names exactly as the kernel saw them (issue #15), from real
 * calls through the module and the reader, as tests/unit/test_exact.c
 * checks them on crafted records.
 *
 * Opens the device at its end, makes one setsockopt(SO_RCVBUF) per case,
 * each with its own value, from a unix socket bound to the relative path
 * "@evil", one bound to the abstract name "evil", a stream socket
 * connected to a peer bound to the relative path "?", and under task names
 * set with prctl(PR_SET_NAME): "\xff", "\xc3\xbf" (U+00FF), and names
 * holding U+2028, U+0085 and U+009B.  It reads its own records back into
 * a capture, has sockopt-reader decode it as text and as JSON, finds each
 * case's line by the pid and the value, and checks the exact substrings
 * sockopt-reader(1) promises; the JSON strings are parsed back, as a JSON
 * parser would, with processNameHex and sun_path_hex, and must give the
 * exact bytes.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "device.h"
#include "json_exact.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define WORKDIR "/tmp/soe_exact.d"
#define CAPTURE "/tmp/exact.bin"
#define TEXT "/tmp/exact.txt"
#define JSON "/tmp/exact.json"
#define MAX_RECORDS 1024

/* The SO_RCVBUF value of each call: how its lines are found. */
enum {
	V_PATH_AT = 61001,	/* local: the relative path "@evil" */
	V_ABSTRACT,		/* local: the abstract name "evil" */
	V_PEER_QMARK,		/* remote: the relative path "?" */
	V_COMM_FF,		/* comm "\xff" */
	V_COMM_C3BF,		/* comm "\xc3\xbf" */
	V_COMM_2028,		/* comm "a\xe2\x80\xa8z" */
	V_COMM_0085,		/* comm "a\xc2\x85z" */
	V_COMM_009B,		/* comm "a\xc2\x9bz" */
	V_LONG_NAMES,		/* local: an 84-byte path, remote: a short one */
	V_LONG_59,		/* local: a 59-byte path, remote: an 18-byte one */
	V_LONG_AUTOBIND,	/* local: the 59-byte path, remote: autobound */
};

/* Longer than the event's room for both names: from the names record. */
#define LONG_PATH WORKDIR "/shim-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"
#define LONG_PEER WORKDIR "/cli"
#define PATH_59 WORKDIR "/listener-0123456789abcdef0123456789abcdef0"
#define PEER_18 WORKDIR "/c"
/* The autobound peer's name (abstract, 5 hex digits), as getsockname() gave it. */
static char autobound[8];

static void die(const char *what)
{
	fprintf(stderr, "soe_exact: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void set_rcvbuf(int fd, int val)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, sizeof(val)))
		die("setsockopt");
}

/* A unix socket, bound to name (len bytes, a leading NUL: abstract). */
static int unix_socket(int type, const char *name, size_t len)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0)
		die("socket");
	if (name) {
		memcpy(sun.sun_path, name, len);
		if (bind(fd, (struct sockaddr *)&sun,
			 offsetof(struct sockaddr_un, sun_path) + len))
			die("bind");
	}
	return fd;
}

/* An 84-byte listener and a client bound to a short path: one call, accepted end. */
static void long_names(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX, .sun_path = LONG_PATH };
	int srv, cli, acc;

	_Static_assert(sizeof(LONG_PATH) - 1 == 84, "an 84-byte path");
	unlink(LONG_PATH);
	unlink(LONG_PEER);
	srv = unix_socket(SOCK_STREAM, LONG_PATH, sizeof(LONG_PATH) - 1);
	cli = unix_socket(SOCK_STREAM, LONG_PEER, sizeof(LONG_PEER) - 1);
	if (listen(srv, 1) || connect(cli, (struct sockaddr *)&sun, sizeof(sun)))
		die("long names: listen/connect");
	acc = accept(srv, NULL, NULL);
	if (acc < 0)
		die("long names: accept");
	set_rcvbuf(acc, V_LONG_NAMES);
	close(acc);
	close(cli);
	close(srv);
	unlink(LONG_PATH);
	unlink(LONG_PEER);

	/* a 59-byte listener: with a client bound to a path, and an autobound one */
	_Static_assert(sizeof(PATH_59) - 1 == 59 && sizeof(PEER_18) - 1 == 18,
		       "59 and 18 bytes");
	strcpy(sun.sun_path, PATH_59);
	unlink(PATH_59);
	unlink(PEER_18);
	srv = unix_socket(SOCK_STREAM, PATH_59, sizeof(PATH_59) - 1);
	cli = unix_socket(SOCK_STREAM, PEER_18, sizeof(PEER_18) - 1);
	if (listen(srv, 2) || connect(cli, (struct sockaddr *)&sun, sizeof(sun)))
		die("59: listen/connect");
	acc = accept(srv, NULL, NULL);
	if (acc < 0)
		die("59: accept");
	set_rcvbuf(acc, V_LONG_59);
	close(acc);
	close(cli);
	cli = unix_socket(SOCK_STREAM, NULL, 0);
	if (setsockopt(cli, SOL_SOCKET, SO_PASSCRED, &(int){ 1 }, sizeof(int)) ||
	    connect(cli, (struct sockaddr *)&sun, sizeof(sun)))
		die("autobind: connect");
	acc = accept(srv, NULL, NULL);
	if (acc < 0)
		die("autobind: accept");
	{
		struct sockaddr_un me;
		socklen_t len = sizeof(me);

		if (getsockname(cli, (struct sockaddr *)&me, &len) ||
		    len != offsetof(struct sockaddr_un, sun_path) + 6 || me.sun_path[0])
			die("autobind: getsockname");
		memcpy(autobound, me.sun_path + 1, 5);
	}
	set_rcvbuf(acc, V_LONG_AUTOBIND);
	close(acc);
	close(cli);
	close(srv);
	unlink(PATH_59);
	unlink(PEER_18);
}

/*
 * Values read as the kernel reads them: IPV6_CHECKSUM at SOL_RAW (ping6),
 * SO_TIMESTAMPING with optlen 8, a device name of 20 bytes without a NUL,
 * and a raw inet socket, whose protocol number is where a port would be.
 */
static void option_calls(void)
{
	static const char twenty[] = "abcdefghijklmnopqrst";
	int v6 = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	int raw = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	int udp = socket(AF_INET, SOCK_DGRAM, 0);

	if (v6 < 0 || raw < 0 || udp < 0)
		die("option sockets");
	setsockopt(v6, SOL_RAW, IPV6_CHECKSUM, &(int){ 2 }, sizeof(int));
	setsockopt(udp, SOL_SOCKET, SO_TIMESTAMPING, (int[]){ 92, 3 },
		   2 * sizeof(int));
	setsockopt(udp, SOL_SOCKET, SO_BINDTODEVICE, twenty, 20);
	setsockopt(raw, SOL_SOCKET, SO_PRIORITY, &(int){ 6 }, sizeof(int));
	close(v6);
	close(raw);
	close(udp);
}

static void calls(void)
{
	static const struct {
		const char *comm;
		int val;
	} comms[] = {
		{ "\xff", V_COMM_FF },
		{ "\xc3\xbf", V_COMM_C3BF },
		{ "a\xe2\x80\xa8z", V_COMM_2028 },
		{ "a\xc2\x85z", V_COMM_0085 },
		{ "a\xc2\x9bz", V_COMM_009B },
	};
	struct sockaddr_un peer = { .sun_family = AF_UNIX, .sun_path = "?" };
	char comm[16];
	size_t i;
	int a, b, srv, cli;

	if ((mkdir(WORKDIR, 0700) && errno != EEXIST) || chdir(WORKDIR))
		die(WORKDIR);
	unlink("@evil");
	unlink("?");
	a = unix_socket(SOCK_DGRAM, "@evil", 5);
	b = unix_socket(SOCK_DGRAM, "\0evil", 5);
	/*
	 * A stream socket: the module reads a datagram socket's peer never
	 * (it can change under the handler), a stream socket's always.
	 */
	srv = unix_socket(SOCK_STREAM, "?", 1);
	cli = unix_socket(SOCK_STREAM, NULL, 0);
	if (listen(srv, 1))
		die("listen");
	if (connect(cli, (struct sockaddr *)&peer,
		    offsetof(struct sockaddr_un, sun_path) + 1))
		die("connect");
	long_names();
	option_calls();
	set_rcvbuf(a, V_PATH_AT);
	set_rcvbuf(b, V_ABSTRACT);
	set_rcvbuf(cli, V_PEER_QMARK);

	if (prctl(PR_GET_NAME, comm))
		die("PR_GET_NAME");
	for (i = 0; i < sizeof(comms) / sizeof(comms[0]); i++) {
		if (prctl(PR_SET_NAME, comms[i].comm))
			die("PR_SET_NAME");
		set_rcvbuf(a, comms[i].val);
	}
	if (prctl(PR_SET_NAME, comm))
		die("PR_SET_NAME");
	close(a);
	close(b);
	close(cli);
	close(srv);
	unlink("@evil");
	unlink("?");
	if (chdir("/"))
		die("chdir");
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END))
		die(path);
	n = ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET))
		die(path);
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		die(path);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/*
 * The one line of out (text or JSON, split on '\n' alone) from this process
 * whose SO_RCVBUF value is val, as a new string; NULL, and a note, when
 * there is none or more than one.
 */
/* The one line of ours (text or JSON) that holds key, or NULL. */
static char *find_by(const char *out, const char *key, bool json)
{
	char who[64], *found = NULL;
	const char *line, *end;
	int n = 0;

	if (json)
		snprintf(who, sizeof(who), "\"processId\":%d,", getpid());
	else
		snprintf(who, sizeof(who), " %d/%d ", getpid(), getpid());
	for (line = out; *line; line = end + 1) {
		char *l;

		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		l = strndup(line, end - line);
		if (!l)
			die("strndup");
		if (strstr(l, who) && strstr(l, key)) {
			n++;
			free(found);
			found = l;
		} else {
			free(l);
		}
		if (!*end)
			break;
	}
	if (n != 1) {
		tap_note("%s lines with %s: %d, want 1", json ? "JSON" : "text",
			 key, n);
		free(found);
		return NULL;
	}
	return found;
}

static char *find_line(const char *out, int val, bool json)
{
	char opt[96];

	if (json)
		snprintf(opt, sizeof(opt),
			 "{\"name\":\"optval\",\"type\":\"void*\",\"value\":%d}", val);
	else
		snprintf(opt, sizeof(opt), " SOL_SOCKET SO_RCVBUF=%d ", val);
	return find_by(out, opt, json);
}

/* Bytes as \xNN, for a message. */
static const char *shown(const unsigned char *s, long n)
{
	static char buf[4][256];
	static int k;
	char *b = buf[k++ % 4];
	long i;

	b[0] = '\0';
	if (n < 0)
		return "(missing)";
	for (i = 0; i < n && i < 60; i++)
		sprintf(b + 4 * i, "\\x%02x", s[i]);
	return b;
}

static const char *or_none(const char *line)
{
	return line ? line : "(no line)";
}

/* The line holds want; the test is named NAME. */
static void has(const char *name, const char *line, const char *want)
{
	tap_result(line && strstr(line, want), name, "no %s in %s", want,
		   or_none(line));
}

/* The line lacks bad. */
static void lacks(const char *name, const char *line, const char *bad)
{
	tap_result(line && !strstr(line, bad), name, "%s in %s", bad,
		   or_none(line));
}

/* The JSON string of key (after start) parses back to the len bytes want. */
static void round_trips(const char *name, const char *line, const char *start,
			const char *key, const char *hex_key, const void *want,
			size_t len)
{
	unsigned char back[1024] = { 0 };
	long n = line ? json_exact(line, start, key, hex_key, back) : -1;

	tap_result(n == (long)len && !memcmp(back, want, len), name,
		   "%s gives back %s, want %s", key, shown(back, n),
		   shown(want, (long)len));
}

#define LOCAL "{\"name\":\"local_addr\","
#define REMOTE "{\"name\":\"remote_addr\","
#define UNIX_ADDR(path, abstract) \
	"\"value\":{\"sa_family\":\"AF_UNIX\",\"sun_path\":\"" path \
	"\",\"sun_abstract\":" abstract "}"

static void check_unix(const char *text, const char *json)
{
	char *t_at = find_line(text, V_PATH_AT, false);
	char *t_abs = find_line(text, V_ABSTRACT, false);
	char *t_q = find_line(text, V_PEER_QMARK, false);
	char *j_at = find_line(json, V_PATH_AT, true);
	char *j_abs = find_line(json, V_ABSTRACT, true);
	char *j_q = find_line(json, V_PEER_QMARK, true);
	char *t_long, *j_long;

	/* "@evil", a path, and the abstract "evil" */
	has("path-at-evil-text-escaped", t_at, " local=\\x40evil ");
	has("abstract-evil-text", t_abs, " local=@evil ");
	has("path-at-evil-json-not-abstract", j_at,
	    LOCAL "\"type\":\"struct sockaddr*\"," UNIX_ADDR("@evil", "false"));
	has("abstract-evil-json-abstract", j_abs,
	    LOCAL "\"type\":\"struct sockaddr*\"," UNIX_ADDR("@evil", "true"));
	round_trips("path-at-evil-json-exact-bytes", j_at, LOCAL, "sun_path",
		    "sun_path_hex", "@evil", 5);
	round_trips("abstract-evil-json-exact-bytes", j_abs, LOCAL, "sun_path",
		    "sun_path_hex", "\0evil", 5);

	/* a peer bound to the path "?" is not "peer not read" */
	has("peer-path-qmark-text-escaped", t_q, " remote=\\x3f ");
	lacks("peer-path-qmark-text-not-bare", t_q, " remote=? ");
	has("peer-path-qmark-json", j_q,
	    REMOTE "\"type\":\"struct sockaddr*\"," UNIX_ADDR("?", "false"));
	round_trips("peer-path-qmark-json-exact-bytes", j_q, REMOTE, "sun_path",
		    "sun_path_hex", "?", 1);

	/* names longer than the event holds: whole, never cut or "no peer" */
	t_long = find_line(text, V_LONG_NAMES, false);
	j_long = find_line(json, V_LONG_NAMES, true);
	has("long-names-text-whole", t_long,
	    " local=" LONG_PATH " remote=" LONG_PEER " ");
	lacks("long-names-text-not-cut", t_long, "?cut");
	round_trips("long-names-json-local-exact-bytes", j_long, LOCAL,
		    "sun_path", "sun_path_hex", LONG_PATH, sizeof(LONG_PATH) - 1);
	round_trips("long-names-json-remote-exact-bytes", j_long, REMOTE,
		    "sun_path", "sun_path_hex", LONG_PEER, sizeof(LONG_PEER) - 1);
	free(t_long);
	free(j_long);
	t_long = find_line(text, V_LONG_59, false);
	has("long-59-peer-text-whole", t_long,
	    " local=" PATH_59 " remote=" PEER_18 " ");
	free(t_long);
	t_long = find_line(text, V_LONG_AUTOBIND, false);
	{
		char want[96];

		snprintf(want, sizeof(want), " local=%s remote=@%s ", PATH_59,
			 autobound);
		has("long-59-autobound-peer-text-whole", t_long, want);
	}
	free(t_long);
	j_long = find_line(json, V_LONG_AUTOBIND, true);
	{
		char want[8] = "";

		want[0] = '\0';
		memcpy(want + 1, autobound, 5);
		round_trips("long-59-autobound-peer-json-exact-bytes", j_long,
			    REMOTE, "sun_path", "sun_path_hex", want, 6);
	}
	free(j_long);

	free(t_at);
	free(t_abs);
	free(t_q);
	free(j_at);
	free(j_abs);
	free(j_q);
}

static void check_options(const char *text, const char *json)
{
	static const struct {
		const char *name, *text, *json;
	} cases[] = {
		{ "ipv6-checksum-int", " SOL_RAW IPV6_CHECKSUM=2 ",
		  "{\"name\":\"optval\",\"type\":\"void*\",\"value\":2}" },
		{ "so-timestamping-optlen-8",
		  " SO_TIMESTAMPING={flags=92,bind_phc=3} ",
		  "\"value\":{\"flags\":92,\"bind_phc\":3}" },
		{ "bindtodevice-20-bytes-kernel-reads-15",
		  " SO_BINDTODEVICE=\"abcdefghijklmno\"+ignored:7071727374 ",
		  "\"value\":\"abcdefghijklmno\"" },
	};
	char name[96], *t, *j;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = find_by(text, cases[i].text, false);
		snprintf(name, sizeof(name), "%s-text", cases[i].name);
		tap_result(t != NULL, name, "no line of ours with %s", cases[i].text);
		/* the JSON line: the same call, found by its optname */
		j = find_by(json, cases[i].json, true);
		snprintf(name, sizeof(name), "%s-json", cases[i].name);
		tap_result(j != NULL, name, "no line of ours with %s", cases[i].json);
		free(t);
		free(j);
	}
	/* a raw inet socket: no port, so no ":6" after its address */
	t = find_by(text, " SOL_SOCKET SO_PRIORITY=6 ", false);
	has("raw-inet-text-no-port", t, " local=0.0.0.0 remote=0.0.0.0 ");
	j = find_by(json, "\"optname\",\"type\":\"int\",\"value\":\"SO_PRIORITY\"", true);
	lacks("raw-inet-json-no-port", j, "sin_port");
	free(t);
	free(j);
}

static void check_comms(const char *text, const char *json)
{
	static const struct {
		const char *name, *comm, *text, *json;
		int val;
	} cases[] = {
		{ "comm-ff", "\xff", "\\xff", "\"processName\":\"\\u00ff\",\"processNameHex\":\"ff\",",
		  V_COMM_FF },
		{ "comm-c3bf", "\xc3\xbf", "\\xc3\\xbf", "\"processName\":\"\xc3\xbf\",\"cgroupId\"",
		  V_COMM_C3BF },
		{ "comm-u2028", "a\xe2\x80\xa8z", "a\\xe2\\x80\\xa8z",
		  "\"processName\":\"a\\u2028z\",\"cgroupId\"", V_COMM_2028 },
		{ "comm-u0085", "a\xc2\x85z", "a\\xc2\\x85z",
		  "\"processName\":\"a\\u0085z\",\"cgroupId\"", V_COMM_0085 },
		{ "comm-u009b", "a\xc2\x9bz", "a\\xc2\\x9bz",
		  "\"processName\":\"a\\u009bz\",\"cgroupId\"", V_COMM_009B },
	};
	char name[96], *j_ff = NULL, *j_c3bf = NULL;
	unsigned char ff[256] = { 0 }, c3bf[256] = { 0 };
	long nff, nc3bf;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = find_line(text, cases[i].val, false);
		char *j = find_line(json, cases[i].val, true);
		char want[64];

		snprintf(name, sizeof(name), "%s-text", cases[i].name);
		snprintf(want, sizeof(want), " %s ", cases[i].text);
		has(name, t, want);
		snprintf(name, sizeof(name), "%s-json", cases[i].name);
		has(name, j, cases[i].json);
		snprintf(name, sizeof(name), "%s-json-exact-bytes", cases[i].name);
		round_trips(name, j, NULL, "processName", "processNameHex",
			    cases[i].comm, strlen(cases[i].comm));
		if (cases[i].val >= V_COMM_2028) {
			/* one whole line: an object, no raw separator in it */
			snprintf(name, sizeof(name), "%s-json-one-line", cases[i].name);
			tap_result(j && j[0] == '{' && j[strlen(j) - 1] == '}' &&
				   !strstr(j, cases[i].comm + 1), name,
				   "not one object on one line, or the raw character in it: %s",
				   or_none(j));
		}
		free(t);
		if (cases[i].val == V_COMM_FF)
			j_ff = j;
		else if (cases[i].val == V_COMM_C3BF)
			j_c3bf = j;
		else
			free(j);
	}
	/* a consumer of the JSON gets two different names back */
	nff = j_ff ? json_exact(j_ff, NULL, "processName", "processNameHex", ff) : -1;
	nc3bf = j_c3bf ? json_exact(j_c3bf, NULL, "processName", "processNameHex", c3bf) : -1;
	tap_result(nff >= 0 && nc3bf >= 0 && (nff != nc3bf || memcmp(ff, c3bf, nff)),
		   "comm-ff-c3bf-json-differ", "\\xff gives back %s, \\xc3\\xbf %s",
		   shown(ff, nff), shown(c3bf, nc3bf));
	free(j_ff);
	free(j_c3bf);
	/* the whole output: only escaped separators and C1 controls */
	tap_result(!strstr(json, "\xe2\x80\xa8") && !strstr(json, "\xc2\x85") &&
		   !strstr(json, "\xc2\x9b"), "json-no-raw-separators",
		   "a raw U+2028, U+0085 or U+009B in the JSON output");
}

int main(void)
{
	unsigned char *cap;
	char *text, *json;
	size_t ncap;
	int dev;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END))
		die(DEV);
	calls();

	cap = capture_decoded(dev, MAX_RECORDS, CAPTURE, TEXT, JSON, &ncap);
	close(dev);
	text = slurp(TEXT);
	json = slurp(JSON);
	tap_note("%zu records read back", ncap / SOE_RECORD_SIZE);

	check_unix(text, json);
	check_options(text, json);
	check_comms(text, json);
	free(cap);
	free(text);
	free(json);
	return tap_status();
}
