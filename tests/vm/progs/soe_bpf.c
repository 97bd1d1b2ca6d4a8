// SPDX-License-Identifier: GPL-2.0
/*
 * soe_bpf: socket filters' classic BPF programs in the record (issue #16),
 * from real calls through the module and the reader.
 *
 * Opens the device at its end and attaches, each program with a length of
 * its own (how its records are found):
 *
 *  - bpfdoor (24): a BPFDoor-like filter on an AF_PACKET socket, waking on
 *    a magic value in a UDP, ICMP or TCP payload;
 *  - reuseport (3): SO_ATTACH_REUSEPORT_CBPF on a UDP socket;
 *  - long (300): more than the record lists;
 *  - partial (40): the first 10 instructions and 4 bytes of the 11th at a
 *    page's end, the rest in a PROT_NONE page;
 *  - too-long (5000): past BPF_MAXINSNS, which the kernel refuses;
 *  - null (7): a NULL program;
 *  - short (2): optlen 4, no whole struct sock_fprog: a filter record that
 *    says there was no program (SOE_BPF_F_NO_PROGRAM), "filter=none".
 *
 * Then eBPF, loaded with bpf(2) (skipped, with the reason, where it is
 * refused): a socket filter program (r0 = 0; exit) attached with
 * SO_ATTACH_BPF and SO_ATTACH_REUSEPORT_EBPF, whose filter records must
 * have SOE_BPF_F_EBPF and the id, tag and type BPF_OBJ_GET_INFO_BY_FD
 * gives, as must the reader's JSON and text (filter=ebpf:id:N,tag:X); and
 * SO_ATTACH_BPF of a pipe's fd, whose record says there was no program.
 *
 * From the raw records: each attach's event has SOE_F_BPF_FILTER and the
 * next record is its filter record (seq + 1, the event's cpu and time),
 * whose length, instructions read, flags, CRC-32 (computed here, bit by
 * bit) and listed instructions are what was attached.  From the reader:
 * the JSON lists the bpfdoor and partial programs instruction by
 * instruction, the text shows filter=len:N,crc32:X, and --bpf lists the
 * bpfdoor program as tcpdump -d.
 *
 * soe_bpf_32.c is this file built for i386: the compat struct sock_fprog.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "device.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define CAPTURE "/tmp/bpf.bin"
#define TEXT "/tmp/bpf.txt"
#define JSON "/tmp/bpf.json"
#define LISTING "/tmp/bpf-listing.txt"
#define MAX_RECORDS 256

#ifndef SO_ATTACH_REUSEPORT_CBPF
#define SO_ATTACH_REUSEPORT_CBPF 51
#endif
#ifndef SO_ATTACH_BPF
#define SO_ATTACH_BPF 50
#endif
#ifndef SO_ATTACH_REUSEPORT_EBPF
#define SO_ATTACH_REUSEPORT_EBPF 52
#endif

enum { L_BPFDOOR = 24, L_REUSEPORT = 3, L_LONG = 300, L_PARTIAL = 40,
       L_TOO_LONG = 5000, L_NULL = 7, L_SHORT = 2 };
#define PARTIAL_READ 10

/* Wakes on 0x7255 after a UDP or ICMP header, 0x39393939 as a TCP seq. */
static const struct sock_filter bpfdoor[L_BPFDOOR] = {
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),			/* 00 ethertype */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 21),	/* 01 IPv4 */
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),			/* 02 protocol */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 5),	/* 03 */
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),			/* 04 fragment */
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 17, 0),	/* 05 */
	BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),		/* 06 ihl */
	BPF_STMT(BPF_LD | BPF_H | BPF_IND, 22),			/* 07 payload */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x7255, 13, 14),	/* 08 magic */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, 0, 5),	/* 09 */
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),			/* 10 */
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 11, 0),	/* 11 */
	BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),		/* 12 */
	BPF_STMT(BPF_LD | BPF_H | BPF_IND, 22),			/* 13 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x7255, 7, 8),	/* 14 */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, 0, 7),	/* 15 */
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),			/* 16 */
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 5, 0),	/* 17 */
	BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),		/* 18 */
	BPF_STMT(BPF_LD | BPF_W | BPF_IND, 18),			/* 19 TCP seq */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x39393939, 0, 2),	/* 20 */
	BPF_STMT(BPF_RET | BPF_K, 0xffff),			/* 21 */
	BPF_STMT(BPF_RET | BPF_K, 0x40000),			/* 22 */
	BPF_STMT(BPF_RET | BPF_K, 0),				/* 23 */
};

/* The CRC-32 zlib's crc32() computes, one bit at a time. */
static uint32_t crc32_bits(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t c = ~0U;
	int k;

	while (n--) {
		c ^= *b++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320U : c >> 1;
	}
	return ~c;
}

static void die(const char *what)
{
	fprintf(stderr, "soe_bpf: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A program of n instructions: ld #i for each, then ret #0. */
static struct sock_filter *loads(unsigned int n)
{
	struct sock_filter *p = calloc(n, sizeof(*p));
	unsigned int i;

	if (!p)
		die("calloc");
	for (i = 0; i + 1 < n; i++)
		p[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	p[n - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
	return p;
}

static int attach(int fd, int optname, const struct sock_filter *insns,
		  unsigned int len)
{
	struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *)insns };

	return setsockopt(fd, SOL_SOCKET, optname, &prog, sizeof(prog));
}

/* The attaches' programs, kept for the checks. */
static struct sock_filter *long_prog, *too_long_prog, *partial_prog;

static void calls(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int pkt = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	int other = socket(AF_INET, SOCK_DGRAM, 0);
	uint32_t shortval = L_SHORT;
	char *area;
	int ret;

	if (pkt < 0 || udp < 0 || other < 0)
		die("socket");
	ret = attach(pkt, SO_ATTACH_FILTER, bpfdoor, L_BPFDOOR);
	tap_result(ret == 0, "attach-bpfdoor-packet-socket", "%s", strerror(errno));
	setsockopt(udp, SOL_SOCKET, SO_REUSEPORT, &(int){ 1 }, sizeof(int));
	attach(udp, SO_ATTACH_REUSEPORT_CBPF, bpfdoor + 21, L_REUSEPORT);

	long_prog = loads(L_LONG);
	ret = attach(other, SO_ATTACH_FILTER, long_prog, L_LONG);
	tap_result(ret == 0, "attach-long", "%s", strerror(errno));

	/* 10 instructions and half of the 11th before the PROT_NONE page */
	area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		die("mmap");
	partial_prog = (struct sock_filter *)(area + page -
		PARTIAL_READ * sizeof(struct sock_filter) - 4);
	memcpy(partial_prog, bpfdoor, PARTIAL_READ * sizeof(struct sock_filter));
	memset(partial_prog + PARTIAL_READ, 0x5a, 4);
	if (mprotect(area + page, page, PROT_NONE))
		die("mprotect");
	ret = attach(other, SO_ATTACH_FILTER, partial_prog, L_PARTIAL);
	/*
	 * The kernel refuses it: EFAULT from the copy on most kernels, but
	 * 5.4.286 says EINVAL.  What is checked here is the record; the
	 * kernel's errno is only noted.
	 */
	tap_result(ret < 0 && (errno == EFAULT || errno == EINVAL), "attach-partial-refused",
		   "ret %d, %s", ret, strerror(errno));
	if (ret < 0)
		tap_note("the partial program's attach: %s", strerror(errno));

	too_long_prog = loads(L_TOO_LONG);
	ret = attach(other, SO_ATTACH_FILTER, too_long_prog, L_TOO_LONG);
	tap_result(ret < 0 && errno == EINVAL, "attach-too-long-refused",
		   "ret %d, %s", ret, strerror(errno));
	attach(other, SO_ATTACH_FILTER, NULL, L_NULL);
	setsockopt(other, SOL_SOCKET, SO_ATTACH_FILTER, &shortval, sizeof(shortval));
	close(pkt);
	close(udp);
	close(other);
}

/* The eBPF program: its fd, what the kernel says of it, a pipe's fd. */
static int ebpf_fd = -1, ebpf_errno, pipe_fd = -1;
static struct bpf_prog_info ebpf_info;

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* r0 = 0; exit: a socket filter that drops every packet. */
static int load_ebpf(void)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uintptr_t)"GPL";
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0) {
		ebpf_errno = errno;
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(ebpf_info);
	attr.info.info = (uintptr_t)&ebpf_info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr))
		die("BPF_OBJ_GET_INFO_BY_FD");
	return fd;
}

static void ebpf_calls(void)
{
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	int reuse = socket(AF_INET, SOCK_DGRAM, 0);
	int pipes[2];
	int ret;

	if (udp < 0 || reuse < 0 || pipe(pipes))
		die("socket");
	pipe_fd = pipes[0];
	ebpf_fd = load_ebpf();
	if (ebpf_fd >= 0) {
		ret = setsockopt(udp, SOL_SOCKET, SO_ATTACH_BPF, &ebpf_fd, sizeof(ebpf_fd));
		tap_result(ret == 0, "ebpf-attach", "%s", strerror(errno));
		setsockopt(reuse, SOL_SOCKET, SO_REUSEPORT, &(int){ 1 }, sizeof(int));
		ret = setsockopt(reuse, SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF, &ebpf_fd,
				 sizeof(ebpf_fd));
		/* the record is checked whatever the kernel answers */
		tap_note("SO_ATTACH_REUSEPORT_EBPF of a socket filter: %s",
			 ret ? strerror(errno) : "accepted");
	}
	/* a kernel without bpf(2) (CONFIG_BPF_SYSCALL=n) says EOPNOTSUPP */
	ret = setsockopt(udp, SOL_SOCKET, SO_ATTACH_BPF, &pipe_fd, sizeof(pipe_fd));
	tap_result(ret < 0 && (errno == EINVAL ||
			       (errno == EOPNOTSUPP && ebpf_errno == ENOSYS)),
		   "ebpf-attach-pipe-refused", "ret %d, %s", ret, strerror(errno));
	close(udp);
	close(reuse);
}

/* Our eBPF attach of optname with fd fd: its event, and the record after. */
static const struct soe_bpf_filter *find_ebpf(const unsigned char *cap, size_t ncap,
					      int optname, int fd, int *nev)
{
	const struct soe_bpf_filter *f = NULL;
	size_t i, n = ncap / SOE_RECORD_SIZE;
	int v;

	*nev = 0;
	for (i = 0; i < n; i++) {
		const struct soe_event *ev = (const void *)(cap + i * SOE_RECORD_SIZE);
		const struct soe_bpf_filter *next = (const void *)(ev + 1);

		if (ev->hdr.type != SOE_RECORD_EVENT || ev->host_pid != (uint32_t)getpid() ||
		    ev->level != SOL_SOCKET || ev->optname != optname || ev->optval_len != 4)
			continue;
		memcpy(&v, ev->optval, sizeof(v));
		if (v != fd)
			continue;
		(*nev)++;
		f = NULL;
		if ((ev->hdr.flags & SOE_F_BPF_FILTER) && i + 1 < n &&
		    next->hdr.type == SOE_RECORD_BPF_FILTER &&
		    next->hdr.seq == ev->hdr.seq + 1 && next->hdr.cpu == ev->hdr.cpu)
			f = next;
	}
	return f;
}

static void check_ebpf_record(const char *name, const unsigned char *cap, size_t ncap,
			      int optname)
{
	int nev;
	const struct soe_bpf_filter *f = find_ebpf(cap, ncap, optname, ebpf_fd, &nev);

	if (nev != 1 || !f) {
		tap_fail(name, "%d events, %s filter record after", nev, f ? "a" : "no");
		return;
	}
	tap_result(f->flags == SOE_BPF_F_EBPF && f->prog_id == ebpf_info.id &&
		   !memcmp(f->ebpf.prog_tag, ebpf_info.tag, SOE_BPF_TAG_SIZE) &&
		   f->ebpf.prog_type == ebpf_info.type && !f->len && !f->read &&
		   !f->listed && !f->crc32, name,
		   "flags 0x%x id %u type %u len %u read %u listed %u; kernel: id %u type %u%s",
		   f->flags, f->prog_id, f->ebpf.prog_type, f->len, f->read, f->listed,
		   ebpf_info.id, ebpf_info.type,
		   memcmp(f->ebpf.prog_tag, ebpf_info.tag, SOE_BPF_TAG_SIZE) ?
		   ", tags differ" : "");
}

static const char *line_with(const char *out, const char *a, const char *b, size_t *len);

static void check_ebpf(const unsigned char *cap, size_t ncap, const char *text,
		       const char *json)
{
	char tag[2 * SOE_BPF_TAG_SIZE + 1], a[64], b[128];
	const struct soe_bpf_filter *f;
	size_t len;
	int i, nev;

	f = find_ebpf(cap, ncap, SO_ATTACH_BPF, pipe_fd, &nev);
	tap_result(nev == 1 && f && f->flags == (SOE_BPF_F_EBPF | SOE_BPF_F_NO_PROGRAM) &&
		   !f->prog_id && !f->ebpf.prog_type, "ebpf-pipe-no-program",
		   "%d events, %s filter record (flags 0x%x, id %u)", nev, f ? "a" : "no",
		   f ? f->flags : 0, f ? f->prog_id : 0);
	snprintf(a, sizeof(a), " SO_ATTACH_BPF=%d ", pipe_fd);
	tap_result(line_with(text, a, " filter=none", &len) != NULL,
		   "ebpf-pipe-text-filter-none", "no line with%sand filter=none", a);

	if (ebpf_fd < 0) {
		tap_skip("ebpf-record", "bpf(BPF_PROG_LOAD): %s", strerror(ebpf_errno));
		return;
	}
	check_ebpf_record("ebpf-record", cap, ncap, SO_ATTACH_BPF);
	check_ebpf_record("ebpf-reuseport-record", cap, ncap, SO_ATTACH_REUSEPORT_EBPF);
	for (i = 0; i < SOE_BPF_TAG_SIZE; i++)
		sprintf(tag + 2 * i, "%02x", ebpf_info.tag[i]);
	snprintf(b, sizeof(b), "\"bpfFilter\":{\"kind\":\"ebpf\",\"noProgram\":false,"
		 "\"id\":%u,\"tag\":\"%s\",\"type\":\"socket_filter\"}", ebpf_info.id, tag);
	tap_result(line_with(json, "\"SO_ATTACH_BPF\"", b, &len) != NULL, "ebpf-json",
		   "no JSON line with %s", b);
	snprintf(a, sizeof(a), " SO_ATTACH_BPF=%d ", ebpf_fd);
	snprintf(b, sizeof(b), " filter=ebpf:id:%u,tag:%s ", ebpf_info.id, tag);
	tap_result(line_with(text, a, b, &len) != NULL, "ebpf-text", "no line with%sand%s",
		   a, b);
}

struct found {
	const struct soe_event *ev;
	const struct soe_bpf_filter *f;	/* the record after ev, if a filter */
	int n;				/* events found */
};

/* Our SO_ATTACH_* events by the program's length, with the record after. */
static struct found find(const unsigned char *cap, size_t ncap, unsigned int len)
{
	struct found r = { NULL, NULL, 0 };
	size_t i, n = ncap / SOE_RECORD_SIZE;

	for (i = 0; i < n; i++) {
		const struct soe_event *ev = (const void *)(cap + i * SOE_RECORD_SIZE);
		uint16_t l;

		if (ev->hdr.type != SOE_RECORD_EVENT || ev->host_pid != (uint32_t)getpid() ||
		    ev->level != SOL_SOCKET || (ev->optname != SO_ATTACH_FILTER &&
						ev->optname != SO_ATTACH_REUSEPORT_CBPF))
			continue;
		memcpy(&l, ev->optval, sizeof(l));
		if (l != len)
			continue;
		r.n++;
		r.ev = ev;
		r.f = NULL;
		if (i + 1 < n && ((const struct soe_header *)(ev + 1))->type ==
				 SOE_RECORD_BPF_FILTER)
			r.f = (const void *)(ev + 1);
	}
	return r;
}

/*
 * The record of the attach of len instructions at insns (NULL: none
 * readable), of which read were readable: its event, the filter record
 * after it, the CRC-32 of the read ones, the listed ones.
 */
static void check_record(const char *name, const unsigned char *cap, size_t ncap,
			 unsigned int len, const struct sock_filter *insns,
			 unsigned int read, unsigned int flags)
{
	struct found r = find(cap, ncap, len);
	unsigned int listed = read < SOE_BPF_INSNS_MAX ? read : SOE_BPF_INSNS_MAX;
	uint32_t crc = read ? crc32_bits(insns, read * sizeof(*insns)) : 0;
	char full[96];

	snprintf(full, sizeof(full), "%s-record", name);
	if (r.n != 1 || !r.f) {
		tap_fail(full, "%d events of %u instructions, %s filter record after", r.n,
			 len, r.f ? "a" : "no");
		return;
	}
	if (!(r.ev->hdr.flags & SOE_F_BPF_FILTER) || r.f->hdr.seq != r.ev->hdr.seq + 1 ||
	    r.f->hdr.cpu != r.ev->hdr.cpu || r.f->hdr.timestamp_ns != r.ev->hdr.timestamp_ns ||
	    r.f->hdr.flags || r.f->hdr.version != SOE_VERSION) {
		tap_fail(full, "event flags 0x%x seq %llu cpu %u; filter seq %llu cpu %u flags 0x%x",
			 r.ev->hdr.flags, (unsigned long long)r.ev->hdr.seq, r.ev->hdr.cpu,
			 (unsigned long long)r.f->hdr.seq, r.f->hdr.cpu, r.f->hdr.flags);
		return;
	}
	if (r.f->len != len || r.f->read != read || r.f->listed != listed ||
	    r.f->flags != flags || r.f->crc32 != crc) {
		tap_fail(full, "len %u read %u listed %u flags 0x%x crc32 %08x; want %u %u %u 0x%x %08x",
			 r.f->len, r.f->read, r.f->listed, r.f->flags, r.f->crc32,
			 len, read, listed, flags, crc);
		return;
	}
	if (listed && memcmp(r.f->insns, insns, listed * sizeof(*insns))) {
		tap_fail(full, "the listed instructions differ from those attached");
		return;
	}
	tap_result(true, full, NULL);
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

/* The one line of out holding both a and b (NULL, and a note, if not one). */
static const char *line_with(const char *out, const char *a, const char *b, size_t *len)
{
	const char *line, *end, *found = NULL;
	int n = 0;

	for (line = out; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		if (memmem(line, end - line, a, strlen(a)) &&
		    memmem(line, end - line, b, strlen(b))) {
			n++;
			found = line;
			*len = end - line;
		}
		if (!*end)
			break;
	}
	if (n != 1) {
		tap_note("lines with %s and %s: %d, want 1", a, b, n);
		return NULL;
	}
	return found;
}

/*
 * The reader's JSON line for the attach of len instructions lists the
 * first ones of insns, each as attached, and says what was read.
 */
static void check_json(const char *name, const char *json, unsigned int len,
		       const struct sock_filter *insns, unsigned int read, bool partial)
{
	char who[64], key[64], full[96], *line;
	unsigned int l, r, listed, i, code, jt, jf, k, crc;
	const char *p;
	size_t n;
	char part[8];

	snprintf(full, sizeof(full), "%s-json-listing", name);
	snprintf(who, sizeof(who), "\"processId\":%d,", getpid());
	snprintf(key, sizeof(key), "\"bpfFilter\":{\"len\":%u,", len);
	p = line_with(json, who, key, &n);
	if (!p) {
		tap_fail(full, "no JSON line");
		return;
	}
	line = strndup(p, n);
	p = strstr(line, "\"bpfFilter\":");
	if (!p || sscanf(p, "\"bpfFilter\":{\"len\":%u,\"read\":%u,\"crc32\":\"%x\",\"partial\":%5[a-z],"
			 "\"tooLong\":false,\"noProgram\":false,\"listed\":%u,", &l, &r, &crc, part, &listed) != 5) {
		tap_fail(full, "cannot parse: %.300s", p ? p : line);
		free(line);
		return;
	}
	if (l != len || r != read || strcmp(part, partial ? "true" : "false") ||
	    listed != (read < SOE_BPF_INSNS_MAX ? read : SOE_BPF_INSNS_MAX) ||
	    crc != crc32_bits(insns, read * sizeof(*insns))) {
		tap_fail(full, "len %u read %u partial %s listed %u crc32 %08x", l, r, part,
			 listed, crc);
		free(line);
		return;
	}
	p = strstr(p, "\"insns\":[");
	for (i = 0; p && i < listed; i++) {
		p = strchr(p, '{');
		if (!p || sscanf(p, "{\"code\":%u,\"jt\":%u,\"jf\":%u,\"k\":%u}",
				 &code, &jt, &jf, &k) != 4)
			break;
		if (code != insns[i].code || jt != insns[i].jt || jf != insns[i].jf ||
		    k != insns[i].k) {
			tap_fail(full, "instruction %u: {%u,%u,%u,%u}, attached {%u,%u,%u,%u}",
				 i, code, jt, jf, k, insns[i].code, insns[i].jt, insns[i].jf,
				 insns[i].k);
			free(line);
			return;
		}
		p++;
	}
	tap_result(i == listed && p && strncmp(strchr(p, '}'), "}]", 2) == 0, full,
		   "%u of %u instructions parsed", i, listed);
	free(line);
}

/* The text line's field filter=len:N[,read:M],crc32:X[,partial]. */
static void check_text(const char *name, const char *text, unsigned int len,
		       const struct sock_filter *insns, unsigned int read, const char *tail)
{
	char who[64], want[96], full[96];
	const char *p, *at, *end = NULL;
	size_t n;

	snprintf(full, sizeof(full), "%s-text", name);
	snprintf(who, sizeof(who), " %d/%d ", getpid(), getpid());
	if (read == len)
		snprintf(want, sizeof(want), " filter=len:%u,crc32:%08x%s", len,
			 crc32_bits(insns, read * sizeof(*insns)), tail);
	else
		snprintf(want, sizeof(want), " filter=len:%u,read:%u,crc32:%08x%s", len, read,
			 read ? crc32_bits(insns, read * sizeof(*insns)) : 0, tail);
	p = line_with(text, who, want, &n);
	/* a whole field: the line ends there, or the next field (the tags) starts */
	if (p) {
		at = memmem(p, n, want, strlen(want));
		end = at ? at + strlen(want) : NULL;
	}
	tap_result(p && end && (end == p + n || *end == ' '), full,
		   "no field '%s' ending there", want);
}

/* --bpf: the bpfdoor program's 24 lines after its event, (000) to (023). */
static void check_listing(void)
{
	char who[64], cmd[256], want[16], *out;
	const char *p, *next;
	unsigned int i;
	size_t n;

	snprintf(cmd, sizeof(cmd), "sockopt-reader --bpf %s >%s", CAPTURE, LISTING);
	if (system(cmd)) {
		tap_fail("bpfdoor-bpf-listing", "%s failed", cmd);
		return;
	}
	out = slurp(LISTING);
	snprintf(who, sizeof(who), " %d/%d ", getpid(), getpid());
	p = line_with(out, who, " filter=len:24,", &n);
	for (i = 0; p && i < L_BPFDOOR; i++) {
		p = p + n + 1;
		next = strchr(p, '\n');
		snprintf(want, sizeof(want), "(%03u) ", i);
		if (!next || strncmp(p, want, strlen(want)))
			break;
		n = next - p;
	}
	tap_result(i == L_BPFDOOR && strstr(out, "(000) ldh      [12]\n"), "bpfdoor-bpf-listing",
		   "%u of %u listing lines after the event", i, L_BPFDOOR);
	free(out);
}

int main(void)
{
	unsigned char *cap;
	char *text, *json;
	size_t ncap;
	struct found r;
	int dev;

	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END))
		die(DEV);
	calls();
	ebpf_calls();
	cap = capture_decoded(dev, MAX_RECORDS, CAPTURE, TEXT, JSON, &ncap);
	close(dev);
	tap_note("%zu records read back", ncap / SOE_RECORD_SIZE);

	check_record("bpfdoor", cap, ncap, L_BPFDOOR, bpfdoor, L_BPFDOOR, 0);
	check_record("reuseport-cbpf", cap, ncap, L_REUSEPORT, bpfdoor + 21, L_REUSEPORT, 0);
	check_record("long", cap, ncap, L_LONG, long_prog, L_LONG, 0);
	check_record("partial", cap, ncap, L_PARTIAL, partial_prog, PARTIAL_READ,
		     SOE_BPF_F_FAULT);
	check_record("too-long", cap, ncap, L_TOO_LONG, too_long_prog, SOE_BPF_MAXINSNS,
		     SOE_BPF_F_TOO_LONG);
	check_record("null", cap, ncap, L_NULL, NULL, 0, SOE_BPF_F_FAULT);
	r = find(cap, ncap, L_SHORT);
	tap_result(r.n == 1 && (r.ev->hdr.flags & SOE_F_BPF_FILTER) && r.f &&
		   r.f->hdr.seq == r.ev->hdr.seq + 1 && r.f->flags == SOE_BPF_F_NO_PROGRAM &&
		   !r.f->len && !r.f->read && !r.f->listed,
		   "short-optlen-no-program", "%d events, flags 0x%x, %s filter record (flags 0x%x)",
		   r.n, r.n ? r.ev->hdr.flags : 0, r.f ? "a" : "no", r.f ? r.f->flags : 0);

	text = slurp(TEXT);
	json = slurp(JSON);
	check_json("bpfdoor", json, L_BPFDOOR, bpfdoor, L_BPFDOOR, false);
	check_json("long", json, L_LONG, long_prog, L_LONG, false);
	check_json("partial", json, L_PARTIAL, partial_prog, PARTIAL_READ, true);
	check_text("bpfdoor", text, L_BPFDOOR, bpfdoor, L_BPFDOOR, "");
	check_text("partial", text, L_PARTIAL, partial_prog, PARTIAL_READ, ",partial");
	check_text("null", text, L_NULL, NULL, 0, ",partial");
	tap_result(strstr(text, " SO_ATTACH_FILTER=") && strstr(text, " filter=none"),
		   "short-optlen-text-filter-none", "no \" filter=none\" in the text");
	check_listing();
	check_ebpf(cap, ncap, text, json);
	free(cap);
	free(text);
	free(json);
	return tap_status();
}
