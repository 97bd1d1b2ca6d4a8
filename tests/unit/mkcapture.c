// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * mkcapture N [BAD]: write a capture of N records to standard output, as
 * "cat /dev/sockopt_events" would, for the command-line tests.  Record 5
 * is a loss record; the others are events on sockets of every family the
 * reader decodes.  Record BAD, if given, gets a bad magic number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "craft.h"

static void event(struct soe_event *ev, unsigned long i)
{
	craft_event(ev);
	ev->hdr.seq = i;
	ev->hdr.timestamp_ns += i * 1000;
	ev->fd = 3 + i % 60;
	switch (i % 6) {
	case 1:
		craft_inet(ev, AF_INET, "192.0.2.7", 8080, "198.51.100.1", 50123);
		ev->level = 6;		/* IPPROTO_TCP */
		ev->optname = 1;	/* TCP_NODELAY */
		ev->state = 1;
		break;
	case 2:
		craft_inet(ev, AF_INET6, "::ffff:192.0.2.7", 53, "::", 0);
		ev->sock_type = SOCK_DGRAM;
		ev->protocol = 17;
		break;
	case 3:
		craft_unix(ev, "/run/x.sock", 11, NULL, 0);
		break;
	case 4:
		ev->family = AF_NETLINK;
		ev->sock_type = SOCK_RAW;
		ev->protocol = 0;
		ev->level = 270;	/* SOL_NETLINK */
		ev->optname = 1;
		ev->addr.nl.local_pid = 412;
		break;
	case 5:
		craft_unix(ev, "\0ab\x01\xff", 5, NULL, 0);
		memcpy(ev->comm, "we\"ird\\\x1b\xc3\xa9", 10);
		break;
	}
}

int main(int argc, char **argv)
{
	unsigned long n, bad = (unsigned long)-1, i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mkcapture N [BAD]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	if (argc == 3)
		bad = strtoul(argv[2], NULL, 10);
	for (i = 0; i < n; i++) {
		union {
			struct soe_event ev;
			struct soe_loss loss;
		} r;

		if (i == 5)
			craft_loss(&r.loss, i, 17);
		else
			event(&r.ev, i);
		if (i == bad)
			r.ev.hdr.magic = 0x12345678;
		if (fwrite(&r, SOE_RECORD_SIZE, 1, stdout) != 1)
			return 1;
	}
	return fflush(stdout) ? 1 : 0;
}
