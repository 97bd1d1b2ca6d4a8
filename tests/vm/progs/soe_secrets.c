// SPDX-License-Identifier: GPL-2.0
/*
 * soe_secrets: the options whose value carries key material, or a pointer
 * into the caller's memory, keep it out of every record.
 *
 * Opens the device at its end, sets each option on a plain TCP socket with
 * a fresh random key (the hook runs before the kernel refuses an option
 * the socket does not have), reads back its own records into a capture,
 * and has sockopt-reader decode the capture as text and as JSON.  Then, for
 * each option: no 4-byte window of the key is in the raw capture, nor in
 * the text or the JSON, as bytes or as the reader's hex; the record holds
 * the bytes that are not secret and the flag; the text and JSON lines show
 * the flag.  Pointers likewise: no window of the pointer's bytes (those
 * without a zero byte, which could match anything), the bytes zeroed in
 * the record, the flag shown.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "device.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define CAPTURE "/tmp/secrets.bin"
#define TEXT "/tmp/secrets.txt"
#define JSON "/tmp/secrets.json"
#define MAX_RECORDS 4096

enum kind { SECRET, POINTER };

/* One option, the value set, and which of its bytes must not show. */
struct secret_case {
	const char *name;
	int level, optname;
	const char *level_name;	/* as the reader prints them */
	const char *opt_name;
	enum kind kind;
	size_t len;		/* optlen */
	size_t from, to;	/* the secret (or pointer) bytes of the value */
	size_t keep;		/* SECRET: bytes the record must keep */
	unsigned char val[320];
};

static struct secret_case cases[] = {
	{ "alg-set-key", 279, 1, "SOL_ALG", "ALG_SET_KEY", SECRET, 32, 0, 32, 0 },
	{ "alg-set-drbg-entropy", 279, 6, "SOL_ALG", "ALG_SET_DRBG_ENTROPY",
	  SECRET, 32, 0, 32, 0 },
	/* struct tls12_crypto_info_aes_gcm_256: version, cipher, then iv,
	 * key, salt and rec_seq (56 bytes) */
	{ "tls-tx", 282, 1, "SOL_TLS", "TLS_TX", SECRET, 56, 4, 56, 4 },
	{ "tls-rx", 282, 2, "SOL_TLS", "TLS_RX", SECRET, 56, 4, 56, 4 },
	{ "tcp-fastopen-key", IPPROTO_TCP, 33, "IPPROTO_TCP", "TCP_FASTOPEN_KEY",
	  SECRET, 32, 0, 32, 0 },
	/* struct tcp_md5sig: the key at 136, 80 bytes */
	{ "tcp-md5sig", IPPROTO_TCP, 14, "IPPROTO_TCP", "TCP_MD5SIG", SECRET,
	  216, 136, 216, 32 },
	{ "tcp-md5sig-ext", IPPROTO_TCP, 32, "IPPROTO_TCP", "TCP_MD5SIG_EXT",
	  SECRET, 216, 136, 216, 32 },
	/* struct tcp_ao_add: the key at 208, 80 bytes */
	{ "tcp-ao-add-key", IPPROTO_TCP, 38, "IPPROTO_TCP", "TCP_AO_ADD_KEY",
	  SECRET, 288, 208, 288, 32 },
	/* struct sctp_authkey: assoc id, number, length, then the key */
	{ "sctp-auth-key", 132, 23, "IPPROTO_SCTP", "23", SECRET, 40, 8, 40, 8 },
	/* struct rds_free_mr_args: the cookie (an RDMA remote key), flags */
	{ "rds-free-mr", 276, 3, "SOL_RDS", "3", SECRET, 16, 0, 8, 0 },
	/* struct sock_fprog: len, then the program's address at 8 */
	{ "so-attach-filter", SOL_SOCKET, SO_ATTACH_FILTER, "SOL_SOCKET",
	  "SO_ATTACH_FILTER", POINTER, 16, 8, 16 },
	{ "so-attach-reuseport-cbpf", SOL_SOCKET, 51, "SOL_SOCKET",
	  "SO_ATTACH_REUSEPORT_CBPF", POINTER, 16, 8, 16 },
	{ "packet-fanout-data", 263, 22, "SOL_PACKET", "PACKET_FANOUT_DATA",
	  POINTER, 16, 8, 16 },
	/* struct xdp_umem_reg: addr first */
	{ "xdp-umem-reg", 283, 4, "SOL_XDP", "XDP_UMEM_REG", POINTER, 24, 0, 8 },
	/* struct rds_get_mr_args: vec.addr, vec.bytes, cookie_addr, flags */
	{ "rds-get-mr", 276, 2, "SOL_RDS", "2", POINTER, 32, 0, 8 },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static void die(const char *what)
{
	fprintf(stderr, "soe_secrets: %s: %s\n", what, strerror(errno));
	exit(1);
}

/*
 * Random bytes that never wait: an old kernel's getrandom() blocks until
 * its pool is ready, which a VM without a hardware source may not see for
 * many minutes.  The keys need not be strong, only unlike anything else in
 * the capture: then from the clock and the pid through splitmix64.
 */
static void random_bytes(void *p, size_t n)
{
	static uint64_t state;
	unsigned char *b = p;
	struct timespec ts;
	size_t i;

	if (getrandom(p, n, GRND_NONBLOCK) == (ssize_t)n)
		return;
	if (!state) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		state = ((uint64_t)ts.tv_sec << 32) ^ ts.tv_nsec ^
			((uint64_t)getpid() << 48);
	}
	for (i = 0; i < n; i++) {
		uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		b[i] = (unsigned char)(z ^ (z >> 31));
	}
}

static void put_ptr(unsigned char *p, const void *ptr)
{
	uint64_t v = (uintptr_t)ptr;

	memcpy(p, &v, sizeof(v));
}

/* Fill each case's value: random secrets, real pointers. */
static void make_values(void *mem)
{
	/* "ret #-1": a filter the kernel takes where it takes one */
	static const unsigned char prog[8] = { 0x06, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	unsigned char *buf = mem;
	size_t i;

	memcpy(buf + 0x123, prog, sizeof(prog));
	for (i = 0; i < NCASES; i++) {
		struct secret_case *c = &cases[i];

		memset(c->val, 0, sizeof(c->val));
		if (c->kind == SECRET) {
			random_bytes(c->val + c->from, c->to - c->from);
			if (c->level == 282) {		/* TLS 1.3, AES-GCM-256 */
				c->val[0] = 0x04;
				c->val[1] = 0x03;
				c->val[2] = 52;
			} else if (c->optname == 14 || c->optname == 32) {
				struct sockaddr_in sin = { .sin_family = AF_INET };

				sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
				memcpy(c->val, &sin, sizeof(sin));
				c->val[130] = 80;	/* tcpm_keylen */
			} else if (c->level == 132) {
				c->val[4] = 1;		/* sca_keynumber */
				c->val[6] = 32;		/* sca_keylength */
			}
		} else if (c->level == 283 || c->level == 276) {
			put_ptr(c->val, buf + 0x777);	/* addr */
			c->val[9] = 0x10;		/* len 4096 */
		} else {
			c->val[0] = 1;			/* one instruction */
			put_ptr(c->val + 8, buf + 0x123);
		}
	}
}

/*
 * Where a window of 4 bytes of secret[0..n) occurs in hay, raw or as hex:
 * the window's offset + 1, or 0 for nowhere.
 */
static long leaks(const unsigned char *hay, size_t hay_len,
		 const unsigned char *secret, size_t n, int skip_zero)
{
	char hex[9];
	size_t i;

	for (i = 0; i + 4 <= n; i++) {
		const unsigned char *w = secret + i;

		if (skip_zero && (!w[0] || !w[1] || !w[2] || !w[3]))
			continue;
		if (memmem(hay, hay_len, w, 4))
			return i + 1;
		snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", w[0], w[1], w[2], w[3]);
		if (memmem(hay, hay_len, hex, 8))
			return i + 1;
	}
	return 0;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	unsigned char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		die(path);
	buf = malloc(n + 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		die(path);
	buf[n] = '\0';
	fclose(f);
	*len = n;
	return buf;
}

/* The line of text (or JSON) for case c from this process, if there is one. */
static char *find_line(char *text, const struct secret_case *c, int json)
{
	char who[64], opt[160], *line, *end;

	if (json) {
		snprintf(who, sizeof(who), "\"processId\":%d,", getpid());
		if (c->opt_name[0] >= '0' && c->opt_name[0] <= '9')
			snprintf(opt, sizeof(opt),
				 "\"value\":\"%s\"},{\"name\":\"optname\",\"type\":\"int\",\"value\":%s}",
				 c->level_name, c->opt_name);
		else
			snprintf(opt, sizeof(opt),
				 "\"value\":\"%s\"},{\"name\":\"optname\",\"type\":\"int\",\"value\":\"%s\"}",
				 c->level_name, c->opt_name);
	} else {
		snprintf(who, sizeof(who), " %d/%d ", getpid(), getpid());
		snprintf(opt, sizeof(opt), " %s %s", c->level_name, c->opt_name);
	}
	for (line = text; line && *line; line = end ? end + 1 : NULL) {
		char *hit;

		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		hit = strstr(line, opt);
		if (strstr(line, who) && hit &&
		    (json || hit[strlen(opt)] == '=' || hit[strlen(opt)] == ' ')) {
			char *copy = strdup(line);

			if (end)
				*end = '\n';
			return copy;
		}
		if (end)
			*end = '\n';
	}
	return NULL;
}

static void check_case(const struct secret_case *c, const unsigned char *cap,
		       size_t ncap, char *text, size_t ntext, char *json,
		       size_t njson)
{
	const char *flag = c->kind == SECRET ? "optval_redacted" : "optval_pointer";
	unsigned int want_flag = c->kind == SECRET ? SOE_F_OPTVAL_REDACTED
						   : SOE_F_OPTVAL_POINTER;
	const unsigned char *secret = c->val + c->from;
	size_t n = c->to - c->from, i, found = 0;
	const struct soe_event *ev = NULL;
	char name[128], *line;
	int skip_zero = c->kind == POINTER;
	long at;

	snprintf(name, sizeof(name), "%s-not-in-capture", c->name);
	at = leaks(cap, ncap, secret, n, skip_zero);
	tap_result(!at, name, "the 4 bytes at %ld of the %ld secret ones are in the raw capture",
	       at - 1, (long)n);
	snprintf(name, sizeof(name), "%s-not-in-text", c->name);
	at = leaks((unsigned char *)text, ntext, secret, n, skip_zero);
	tap_result(!at, name, "the 4 bytes at %ld of the %ld secret ones are in the reader's text",
	       at - 1, (long)n);
	snprintf(name, sizeof(name), "%s-not-in-json", c->name);
	at = leaks((unsigned char *)json, njson, secret, n, skip_zero);
	tap_result(!at, name, "the 4 bytes at %ld of the %ld secret ones are in the reader's JSON",
	       at - 1, (long)n);

	for (i = 0; i + SOE_RECORD_SIZE <= ncap; i += SOE_RECORD_SIZE) {
		const struct soe_event *e = (const void *)(cap + i);

		if (e->hdr.type == SOE_RECORD_EVENT &&
		    e->host_pid == (unsigned int)getpid() &&
		    e->level == c->level && e->optname == c->optname) {
			ev = e;
			found++;
		}
	}
	snprintf(name, sizeof(name), "%s-recorded-once", c->name);
	tap_result(found == 1, name, "%ld records, want %d", (long)found, 1);
	if (found != 1)
		return;
	snprintf(name, sizeof(name), "%s-record-flag", c->name);
	tap_result((ev->hdr.flags & want_flag) != 0, name, "flags 0x%x, want 0x%x",
	       ev->hdr.flags, want_flag);
	if (c->kind == SECRET) {
		size_t keep = c->keep < c->len ? c->keep : c->len;

		if (keep > SOE_OPTVAL_MAX)
			keep = SOE_OPTVAL_MAX;
		snprintf(name, sizeof(name), "%s-record-keeps-the-rest", c->name);
		tap_result(ev->optval_len == keep && !memcmp(ev->optval, c->val, keep),
		       name, "optval_len %d, want %ld and the value's first bytes",
		       ev->optval_len, (long)keep);
	} else {
		int zero = 1;

		for (i = c->from; i < c->to && i < SOE_OPTVAL_MAX; i++)
			zero &= !ev->optval[i];
		snprintf(name, sizeof(name), "%s-record-pointer-zeroed", c->name);
		tap_result(zero && ev->optval_len == (c->len < 32 ? c->len : 32), name,
		       "pointer bytes zeroed: %d, optval_len %d", zero,
		       ev->optval_len);
	}

	line = find_line(text, c, 0);
	snprintf(name, sizeof(name), "%s-text-shows-flag", c->name);
	tap_result(line && strstr(line, flag), name,
	       "lines for the call: %d, with the flag: 0", !!line);
	free(line);
	line = find_line(json, c, 1);
	snprintf(name, sizeof(name), "%s-json-shows-flag", c->name);
	tap_result(line && strstr(line, flag), name,
	       "lines for the call: %d, with the flag: 0", !!line);
	free(line);
}

int main(void)
{
	size_t ncap, ntext, njson, i;
	unsigned char *cap;
	char *text, *json;
	int dev, fd;
	void *mem;

	setvbuf(stdout, NULL, _IOLBF, 0);
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	make_values(mem);

	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END))
		die(DEV);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	for (i = 0; i < NCASES; i++)
		setsockopt(fd, cases[i].level, cases[i].optname, cases[i].val,
			   cases[i].len);
	close(fd);

	cap = capture_decoded(dev, MAX_RECORDS, CAPTURE, TEXT, JSON, &ncap);
	close(dev);
	text = (char *)slurp(TEXT, &ntext);
	json = (char *)slurp(JSON, &njson);

	for (i = 0; i < NCASES; i++)
		check_case(&cases[i], cap, ncap, text, ntext, json, njson);
	return tap_status();
}
