// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mkcapture [-m BAD] [-v BAD] N: write a capture of N records to standard
 * output, as "cat /dev/sockopt_events" would, for the command-line tests.
 * Record 5 is a loss record; the others are events of every kind the
 * reader decodes, in a cycle of 12 (see event()).  -m gives record BAD a
 * bad magic number, -v a version this reader does not know.
 *
 * mkcapture -c DIR: write one record of each kind to its own file in DIR,
 * the seed corpus of the fuzzer.
 *
 * mkcapture -a: the capture of the audit test (tests/host/audit.sh), one
 * record for each row of audit_records[]: events with and without tags
 * and a loss record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "craft.h"

#define KINDS	12

static void put32(unsigned char *p, int32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(unsigned char *p, int64_t v)
{
	memcpy(p, &v, 8);
}

/* Event i: the kind is i % KINDS. */
static void event(struct soe_event *ev, unsigned long i)
{
	unsigned char val[16];

	craft_event(ev);
	ev->hdr.seq = i;
	ev->hdr.timestamp_ns += i * 1000;
	ev->fd = 3 + i % 60;
	switch (i % KINDS) {
	case 1:
		craft_inet(ev, AF_INET, "192.0.2.7", 8080, "198.51.100.1", 50123);
		ev->level = 6;		/* IPPROTO_TCP */
		ev->optname = 1;	/* TCP_NODELAY */
		ev->state = 1;
		break;
	case 2:
		craft_inet(ev, AF_INET6, "::ffff:127.0.0.1", 53, "::", 0);
		ev->sock_type = SOCK_DGRAM;
		ev->protocol = 17;
		put32(val, 65536);
		craft_option(ev, 1, 8, val, 4);		/* SO_RCVBUF */
		break;
	case 3:
		craft_unix(ev, "/run/x.sock", 11, NULL, 0);
		put32(val, 1);
		put32(val + 4, 7);
		craft_option(ev, 1, 13, val, 8);	/* SO_LINGER */
		break;
	case 4:
		ev->family = AF_NETLINK;
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0;
		ev->state = 7;
		ev->level = 270;	/* SOL_NETLINK */
		ev->optname = 1;
		ev->addr.nl.local_pid = 412;
		break;
	case 5:
		craft_unix(ev, "\0ab\x01\xff", 5, NULL, 0);
		memcpy(ev->comm, "we\"ird\\\x1b\xc3\xa9", 10);
		ev->hdr.flags = SOE_F_REMOTE_UNKNOWN;
		break;
	case 6:
		put64(val, 3);
		put64(val + 8, 500000);
		craft_option(ev, 1, 20, val, 16);	/* SO_RCVTIMEO */
		break;
	case 7:
		put32(val, 3);
		put32(val + 4, 500000);
		craft_option(ev, 1, 21, val, 8);	/* SO_SNDTIMEO, 32-bit */
		ev->hdr.flags = SOE_F_COMPAT;
		ev->syscall = SOE_SYSCALL_SOCKETCALL;
		break;
	case 8:
		craft_option(ev, 6, 13, "bbr", 4);	/* TCP_CONGESTION */
		ev->state = 1;
		break;
	case 9:
		ev->family = AF_PACKET;
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0x0003;
		ev->state = 0;
		ev->addr.packet.protocol = 0x0003;
		ev->addr.packet.ifindex = 2;
		put32(val, 1);
		craft_option(ev, 263, 8, val, 4);	/* PACKET_AUXDATA */
		break;
	case 10:
		ev->syscall = SOE_SYSCALL_IO_URING;
		ev->fd = -1;
		craft_option(ev, 1, 2, NULL, 0);
		break;
	case 11:
		ev->family = 44;	/* AF_XDP */
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0;
		craft_option(ev, 0, 35, "\xe0\0\0\xfb\xc0\xa8\x01\x09", 8);
		ev->uid = 1000;
		ev->euid = 0;
		ev->host_pid = 9412;
		break;
	}
}

/*
 * The audit capture, seq = index.  The comment of each row is the tags the
 * reader must give it; the host test checks the same list.
 */
static void audit_event(struct soe_event *ev, unsigned long i)
{
	int32_t v;

	craft_event(ev);
	ev->hdr.seq = i;
	ev->hdr.timestamp_ns += i * 1000;
	switch (i) {
	case 0:		/* none: SO_REUSEADDR */
		break;
	case 1:		/* none: SO_PRIORITY 6 */
		v = 6;
		craft_option(ev, 1, 12, &v, 4);
		break;
	case 2:		/* privileged: SO_PRIORITY 7 */
		v = 7;
		craft_option(ev, 1, 12, &v, 4);
		break;
	case 4:		/* socket_filter, raw_socket: a BPFDoor-like attach */
		memcpy(ev->comm, "bpfdoor\0", 8);
		ev->family = AF_PACKET;
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0x0800;	/* ETH_P_IP */
		ev->state = 0;
		ev->addr.packet.protocol = 0x0800;
		craft_option(ev, 1, 26, "\x1e\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0", 16);
		ev->hdr.flags = SOE_F_OPTVAL_POINTER;
		break;
	case 5:		/* redacted: TCP_MD5SIG, the key not kept */
		craft_option(ev, 6, 14, NULL, 0);
		ev->optlen = 216;
		ev->hdr.flags = SOE_F_OPTVAL_REDACTED | SOE_F_OPTVAL_TRUNC;
		break;
	case 6:		/* none: netlink's SOCK_RAW */
		ev->family = AF_NETLINK;
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0;
		ev->state = 7;
		v = 1;
		craft_option(ev, 270, 1, &v, 4);	/* NETLINK_ADD_MEMBERSHIP */
		break;
	case 7:		/* privileged, raw_socket: IP_TRANSPARENT 1 on a raw socket */
		ev->sock_type = SOCK_RAW;
		ev->protocol = 255;
		v = 1;
		craft_option(ev, 0, 19, &v, 4);
		memcpy(ev->comm, "proxy\0", 6);
		break;
	case 8:		/* none: IP_TRANSPARENT 0 */
		v = 0;
		craft_option(ev, 0, 19, &v, 4);
		memcpy(ev->comm, "proxy\0", 6);
		break;
	}
}

#define AUDIT_RECORDS	9

static int write_audit(void)
{
	unsigned long i;

	for (i = 0; i < AUDIT_RECORDS; i++) {
		union {
			struct soe_event ev;
			struct soe_loss loss;
		} r;

		if (i == 3)
			craft_loss(&r.loss, i, 2);
		else
			audit_event(&r.ev, i);
		if (fwrite(&r, SOE_RECORD_SIZE, 1, stdout) != 1)
			return 1;
	}
	return fflush(stdout) ? 1 : 0;
}

static int write_corpus(const char *dir)
{
	char path[4096];
	unsigned long i;

	for (i = 0; i <= KINDS; i++) {
		union {
			struct soe_event ev;
			struct soe_loss loss;
		} r;
		FILE *f;

		if (i == KINDS)
			craft_loss(&r.loss, 42, 17);
		else
			event(&r.ev, i);
		snprintf(path, sizeof(path), "%s/seed-%02lu", dir, i);
		f = fopen(path, "w");
		if (!f || fwrite(&r, SOE_RECORD_SIZE, 1, f) != 1 || fclose(f)) {
			fprintf(stderr, "mkcapture: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n, bad_magic = (unsigned long)-1, bad_version = (unsigned long)-1, i;
	int c;

	while ((c = getopt(argc, argv, "m:v:c:a")) != -1) {
		switch (c) {
		case 'a':
			return write_audit();
		case 'm':
			bad_magic = strtoul(optarg, NULL, 10);
			break;
		case 'v':
			bad_version = strtoul(optarg, NULL, 10);
			break;
		case 'c':
			return write_corpus(optarg);
		default:
			return 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "usage: mkcapture [-m BAD] [-v BAD] N | mkcapture -c DIR | mkcapture -a\n");
		return 2;
	}
	n = strtoul(argv[optind], NULL, 10);
	for (i = 0; i < n; i++) {
		union {
			struct soe_event ev;
			struct soe_loss loss;
		} r;

		if (i == 5)
			craft_loss(&r.loss, i, 17);
		else
			event(&r.ev, i);
		if (i == bad_magic)
			r.ev.hdr.magic = 0x12345678;
		if (i == bad_version)
			r.ev.hdr.version = SOE_VERSION + 1;
		if (fwrite(&r, SOE_RECORD_SIZE, 1, stdout) != 1)
			return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
