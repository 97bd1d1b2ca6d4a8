// SPDX-License-Identifier: GPL-2.0
/*
 * soe_lsm: a call an LSM refuses, in its result record (issue #16).
 *
 * A BPF LSM program on the hook socket_setsockopt refuses SO_PEEK_OFF
 * (SOL_SOCKET), which no other guest program sets, with EPERM, and only to
 * this process: its pid is in the program.  It is loaded and attached with
 * bpf(2) alone (the guest programs are static, libc only): the hook's BTF
 * id is looked up in /sys/kernel/btf/vmlinux here, and the program is
 * written out instruction by instruction.  Then, on a unix socket:
 *
 *  - denied: SO_PEEK_OFF fails with EPERM;
 *  - allowed: SO_KEEPALIVE succeeds;
 *  - detached: after the program is detached, SO_PEEK_OFF succeeds.
 *
 * For each, from the records read at the device's end: one event, flagged
 * SOE_F_RESULT, and one result record naming it (event_seq), after it,
 * with the LSMs' verdict (SOE_RESULT_F_LSM: -EPERM for denied, 0 else) and
 * the call's return value (SOE_RESULT_F_RET: the same), this thread's id
 * and SOE_SYSCALL_SETSOCKOPT.
 *
 * The whole test is skipped, with the reason, on a kernel without BTF, or
 * whose active LSMs do not include bpf, or whose BPF LSM refuses the
 * program with EINVAL or E2BIG.  The reader does not print the result
 * records yet: only the records are checked.
 *
 * Prints "ok - NAME" or "not ok - NAME: why" lines (tests/tap.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <sockopt_events.h>

#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define BTF_VMLINUX "/sys/kernel/btf/vmlinux"
#define SECURITYFS "/sys/kernel/security"
#define HOOK "bpf_lsm_socket_setsockopt"
#define MAX_RECORDS 4096
#define LOG_SIZE (64 * 1024)
#define CAPTURE "/tmp/lsm.bin"
#define JSON "/tmp/lsm.json"
#define TEXT "/tmp/lsm.txt"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The option the program refuses; nothing else in the suite sets it. */
#define DENIED_OPT SO_PEEK_OFF

struct lsm_case {
	const char *name;
	int optname;
	int val;		/* how its event is found */
	int err;		/* the call's errno, 0 for success */
	int got_err;
};

enum { DENIED, ALLOWED, DETACHED, NCASES };

static struct lsm_case cases[NCASES] = {
	[DENIED] = { "denied", DENIED_OPT, 0x5e01, EPERM },
	[ALLOWED] = { "allowed", SO_KEEPALIVE, 1, 0 },
	[DETACHED] = { "detached", DENIED_OPT, 0x5e02, 0 },
};

static char verifier_log[LOG_SIZE];

static void die(const char *what)
{
	fprintf(stderr, "soe_lsm: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The whole of a file, in *len bytes (malloc'd), or NULL. */
static unsigned char *slurp(const char *path, size_t *len)
{
	size_t room = 1 << 20;
	unsigned char *buf = malloc(room), *more;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	*len = 0;
	if (!buf || fd < 0)
		goto fail;
	for (;;) {
		if (*len == room) {
			more = realloc(buf, room * 2);
			if (!more)
				goto fail;
			buf = more;
			room *= 2;
		}
		n = read(fd, buf + *len, room - *len);
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		*len += n;
	}
	close(fd);
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* The bytes after a struct btf_type of this kind and vlen, or -1. */
static long btf_trailer(unsigned int kind, unsigned int vlen)
{
	switch (kind) {
	case BTF_KIND_INT:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return 4;
	case BTF_KIND_ARRAY:
		return sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return (long)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM:
		return (long)vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return (long)vlen * sizeof(struct btf_enum64);
	case BTF_KIND_FUNC_PROTO:
		return (long)vlen * sizeof(struct btf_param);
	case BTF_KIND_DATASEC:
		return (long)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_PTR:
	case BTF_KIND_FWD:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	}
	return -1;
}

/*
 * The id of the FUNC named name in the kernel's BTF (buf, len bytes), or 0
 * and why in err.  Ids count the types from 1, in the order of the types
 * section.
 */
static __u32 btf_func_id(const unsigned char *buf, size_t len, const char *name,
			 char *err, size_t errlen)
{
	const struct btf_header *h = (const void *)buf;
	const unsigned char *types, *strs;
	const struct btf_type *t;
	size_t off, namelen = strlen(name) + 1;
	__u32 id = 1;
	unsigned int kind;
	long trailer;

	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->version != BTF_VERSION ||
	    h->hdr_len < sizeof(*h) || h->hdr_len > len ||
	    (__u64)h->type_off + h->type_len > len - h->hdr_len ||
	    (__u64)h->str_off + h->str_len > len - h->hdr_len) {
		snprintf(err, errlen, "not a BTF header of version %d (%zu bytes)",
			 BTF_VERSION, len);
		return 0;
	}
	types = buf + h->hdr_len + h->type_off;
	strs = buf + h->hdr_len + h->str_off;
	for (off = 0; off + sizeof(*t) <= h->type_len; id++) {
		t = (const void *)(types + off);
		kind = BTF_INFO_KIND(t->info);
		trailer = btf_trailer(kind, BTF_INFO_VLEN(t->info));
		if (trailer < 0) {
			snprintf(err, errlen, "type %u has kind %u, unknown here", id, kind);
			return 0;
		}
		if (kind == BTF_KIND_FUNC && t->name_off < h->str_len &&
		    h->str_len - t->name_off >= namelen &&
		    !memcmp(strs + t->name_off, name, namelen))
			return id;
		off += sizeof(*t) + trailer;
	}
	snprintf(err, errlen, "no FUNC %s among its %u types", name, id - 1);
	return 0;
}

/* Whether bpf is among the active LSMs; or -1 and why in err. */
static int bpf_lsm_active(char *err, size_t errlen)
{
	char list[512], *p, *save = NULL;
	bool mounted = false;
	size_t n;
	FILE *f;

	if (access(SECURITYFS "/lsm", R_OK)) {
		if (!mount("securityfs", SECURITYFS, "securityfs", 0, NULL)) {
			mounted = true;
		} else if (errno != EBUSY) {
			snprintf(err, errlen,
				 "cannot mount securityfs at %s: %s (no CONFIG_SECURITYFS?)",
				 SECURITYFS, strerror(errno));
			return -1;
		}
	}
	f = fopen(SECURITYFS "/lsm", "r");
	n = f ? fread(list, 1, sizeof(list) - 1, f) : 0;
	if (f)
		fclose(f);
	if (mounted)
		umount(SECURITYFS);
	if (!f) {
		snprintf(err, errlen,
			 "no %s/lsm: the active LSMs are not known (no CONFIG_SECURITY?)",
			 SECURITYFS);
		return -1;
	}
	list[n] = '\0';
	list[strcspn(list, "\n")] = '\0';
	tap_note("active LSMs: %s", list);
	for (p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (!strcmp(p, "bpf"))
			return 1;
	return 0;
}

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

/*
 * The program: the ctx is the hook's arguments as u64s (sock, level,
 * optname, and the verdict so far).  EPERM for level SOL_SOCKET, option
 * DENIED_OPT, from the task group pid; else 0.
 */
static int load_program(__u32 btf_id, pid_t pid)
{
	const struct bpf_insn insns[] = {
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_2, BPF_REG_1, 8, 0),
		INSN(BPF_JMP32 | BPF_JNE | BPF_K, BPF_REG_2, 0, 7, SOL_SOCKET),
		INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_2, BPF_REG_1, 16, 0),
		INSN(BPF_JMP32 | BPF_JNE | BPF_K, BPF_REG_2, 0, 5, DENIED_OPT),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_get_current_pid_tgid),
		INSN(BPF_ALU64 | BPF_RSH | BPF_K, BPF_REG_0, 0, 0, 32),
		INSN(BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 2, pid),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, -EPERM),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_LSM;
	attr.expected_attach_type = BPF_LSM_MAC;
	attr.attach_btf_id = btf_id;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (unsigned long)"GPL";
	attr.log_level = 1;
	attr.log_buf = (unsigned long)verifier_log;
	attr.log_size = sizeof(verifier_log);
	snprintf(attr.prog_name, sizeof(attr.prog_name), "soe_lsm_deny");
	verifier_log[0] = '\0';
	return syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* Attached until the returned fd is closed. */
static int attach_program(int prog)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.raw_tracepoint.prog_fd = prog;
	return syscall(SYS_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
}

/* The verifier's first line, for a skip. */
static const char *first_log_line(void)
{
	static char line[160];

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(verifier_log, "\n"), verifier_log);
	return line[0] ? line : "(empty log)";
}

static void print_log(void)
{
	char *p, *save = NULL;

	for (p = strtok_r(verifier_log, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		tap_note("verifier: %s", p);
}

static void call(int s, struct lsm_case *c)
{
	c->got_err = setsockopt(s, SOL_SOCKET, c->optname, &c->val, sizeof(c->val)) ? errno : 0;
	tap_result(c->got_err == c->err, c->name, "setsockopt: errno %d (%s), want %d (%s)",
		   c->got_err, strerror(c->got_err), c->err, strerror(c->err));
}

/* Result records of this thread in the n records at cap. */
static int our_results(const unsigned char *cap, size_t n, pid_t tid)
{
	const struct soe_result *r;
	int found = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		r = (const void *)(cap + i * SOE_RECORD_SIZE);
		if (r->hdr.type == SOE_RECORD_RESULT && r->host_tid == (__u32)tid)
			found++;
	}
	return found;
}

/*
 * The records from the device's position on, until the results of this
 * thread's NCASES calls are among them (a record is readable once every
 * record before it is written) or 5 s have passed.
 */
static unsigned char *capture(int dev, size_t *n, pid_t tid)
{
	unsigned char *cap = malloc(MAX_RECORDS * SOE_RECORD_SIZE);
	struct pollfd p = { .fd = dev, .events = POLLIN };
	int waits = 0;
	ssize_t got;

	if (!cap)
		die("malloc");
	*n = 0;
	while (*n < MAX_RECORDS) {
		got = read(dev, cap + *n * SOE_RECORD_SIZE, (MAX_RECORDS - *n) * SOE_RECORD_SIZE);
		if (got > 0) {
			*n += got / SOE_RECORD_SIZE;
			continue;
		}
		if (got < 0 && errno != EAGAIN)
			die("read");
		if (our_results(cap, *n, tid) >= NCASES || waits++ == 50)
			break;
		poll(&p, 1, 100);
	}
	return cap;
}

/* The event of a case: this process's, its option, its value. */
static const struct soe_event *find_event(const unsigned char *cap, size_t n,
					  const struct lsm_case *c, int *count)
{
	const struct soe_event *ev, *found = NULL;
	size_t i;
	int val;

	*count = 0;
	for (i = 0; i < n; i++) {
		ev = (const void *)(cap + i * SOE_RECORD_SIZE);
		if (ev->hdr.type != SOE_RECORD_EVENT || ev->host_pid != (__u32)getpid() ||
		    ev->level != SOL_SOCKET || ev->optname != c->optname || ev->optval_len < 4)
			continue;
		memcpy(&val, ev->optval, sizeof(val));
		if (val != c->val)
			continue;
		(*count)++;
		found = ev;
	}
	return found;
}

/* Its event, and the one result record naming it, say what the call did. */
static void check_records(const unsigned char *cap, size_t n, const struct lsm_case *c,
			  pid_t tid)
{
	const struct soe_result *r, *res = NULL;
	const struct soe_event *ev;
	unsigned int want_flags = SOE_RESULT_F_LSM | SOE_RESULT_F_RET;
	char name[64];
	int count, results = 0;
	size_t i;

	snprintf(name, sizeof(name), "%s-event", c->name);
	ev = find_event(cap, n, c, &count);
	if (count != 1 || !(ev->hdr.flags & SOE_F_RESULT)) {
		tap_fail(name,
			 "%d events of option %d value %#x, want 1 with SOE_F_RESULT (flags %#x)",
			 count, c->optname, c->val, ev ? ev->hdr.flags : 0);
		return;
	}
	tap_ok(name);

	for (i = 0; i < n; i++) {
		r = (const void *)(cap + i * SOE_RECORD_SIZE);
		if (r->hdr.type == SOE_RECORD_RESULT && r->event_seq == ev->hdr.seq) {
			results++;
			res = r;
		}
	}
	snprintf(name, sizeof(name), "%s-one-result", c->name);
	if (!tap_result(results == 1, name, "%d result records name event %llu", results,
			(unsigned long long)ev->hdr.seq))
		return;
	snprintf(name, sizeof(name), "%s-result-after-event", c->name);
	tap_result(res->hdr.seq > ev->hdr.seq && res->hdr.version == SOE_VERSION &&
		   res->hdr.size == SOE_RECORD_SIZE, name,
		   "result seq %llu version %u size %u, event seq %llu",
		   (unsigned long long)res->hdr.seq, res->hdr.version, res->hdr.size,
		   (unsigned long long)ev->hdr.seq);
	snprintf(name, sizeof(name), "%s-result-lsm-verdict", c->name);
	tap_result((res->hdr.flags & SOE_RESULT_F_LSM) && res->lsm_ret == -c->err, name,
		   "flags %#x lsm_ret %d, want SOE_RESULT_F_LSM and %d", res->hdr.flags,
		   res->lsm_ret, -c->err);
	snprintf(name, sizeof(name), "%s-result-return-value", c->name);
	tap_result((res->hdr.flags & SOE_RESULT_F_RET) && res->ret == -c->got_err &&
		   res->ret == -c->err, name,
		   "flags %#x ret %d, want SOE_RESULT_F_RET and %d (the call gave errno %d)",
		   res->hdr.flags, res->ret, -c->err, c->got_err);
	snprintf(name, sizeof(name), "%s-result-caller", c->name);
	tap_result(res->hdr.flags == want_flags && res->host_tid == (__u32)tid &&
		   res->host_tid == ev->host_tid && res->syscall == SOE_SYSCALL_SETSOCKOPT,
		   name, "flags %#x host_tid %u syscall %u; want flags %#x, tid %d, syscall %d",
		   res->hdr.flags, res->host_tid, res->syscall, want_flags, tid,
		   SOE_SYSCALL_SETSOCKOPT);
}

/*
 * The reader's view of the same records: the refused call's line says the
 * LSM's verdict and the call's error, and is tagged denied (not failed);
 * the calls let through say 0 and have neither tag.
 */
static void check_reader(const unsigned char *cap, size_t n)
{
	char *json, *text, *line, *save = NULL;
	int denied = 0, allowed = 0, other = 0;
	FILE *f = fopen(CAPTURE, "w");
	size_t len;

	if (!f || fwrite(cap, SOE_RECORD_SIZE, n, f) != n || fclose(f))
		die(CAPTURE);
	if (system("sockopt-reader --format json " CAPTURE " >" JSON " && "
		   "sockopt-reader " CAPTURE " >" TEXT)) {
		tap_fail("reader-shows-the-verdict", "sockopt-reader failed");
		return;
	}
	json = (char *)slurp(JSON, &len);
	for (line = strtok_r(json, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, "\"processName\":\"soe_lsm\""))
			continue;
		if (strstr(line, "\"returnValue\":-1,\"lsmReturnValue\":-1,") &&
		    strstr(line, "\"tags\":[\"denied\"]"))
			denied++;
		else if (strstr(line, "\"returnValue\":0,\"lsmReturnValue\":0,") &&
			 strstr(line, "\"tags\":[]"))
			allowed++;
		else
			other++;
	}
	free(json);
	tap_result(denied == 1 && allowed == 2 && !other, "reader-json-shows-the-verdict",
		   "%d denied, %d allowed, %d other lines of ours in " JSON,
		   denied, allowed, other);
	text = (char *)slurp(TEXT, &len);
	tap_result(strstr(text, " ret=-EPERM lsm=-EPERM") && strstr(text, "tags=denied"),
		   "reader-text-shows-the-verdict", "no ret=-EPERM lsm=-EPERM ... tags=denied in " TEXT);
	free(text);
}

int main(void)
{
	unsigned char *btf, *cap;
	int dev, s, prog, link, active, losses = 0;
	char err[256];
	pid_t tid = gettid();
	__u32 id;
	size_t len, n, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	btf = slurp(BTF_VMLINUX, &len);
	if (!btf) {
		tap_skip("bpf-lsm-denial",
			 "cannot read %s: %s (a kernel without CONFIG_DEBUG_INFO_BTF)",
			 BTF_VMLINUX, strerror(errno));
		return 0;
	}
	active = bpf_lsm_active(err, sizeof(err));
	if (active <= 0) {
		tap_skip("bpf-lsm-denial", "%s", active < 0 ? err :
			 "bpf is not among the active LSMs (no CONFIG_BPF_LSM, or left out of CONFIG_LSM or lsm=)");
		return 0;
	}
	id = btf_func_id(btf, len, HOOK, err, sizeof(err));
	free(btf);
	if (!tap_result(id != 0, "btf-id-of-hook", "%s: %s", BTF_VMLINUX, err))
		return tap_status();
	tap_note("%s is BTF type %u", HOOK, id);

	prog = load_program(id, getpid());
	if (prog < 0 && (errno == EINVAL || errno == E2BIG)) {
		tap_skip("bpf-lsm-denial",
			 "this kernel's BPF LSM refuses the program: %s; verifier: %s",
			 strerror(errno), first_log_line());
		return 0;
	}
	if (prog < 0) {
		tap_fail("load-program", "BPF_PROG_LOAD: %s", strerror(errno));
		print_log();
		return tap_status();
	}
	tap_ok("load-program");
	link = attach_program(prog);
	if (!tap_result(link >= 0, "attach-program", "BPF_RAW_TRACEPOINT_OPEN: %s",
			strerror(errno)))
		return tap_status();

	dev = open(DEV, O_RDONLY | O_NONBLOCK);
	if (dev < 0 || lseek(dev, 0, SEEK_END) < 0)
		die(DEV);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0)
		die("socket");
	call(s, &cases[DENIED]);
	call(s, &cases[ALLOWED]);
	close(link);
	close(prog);
	call(s, &cases[DETACHED]);
	close(s);

	cap = capture(dev, &n, tid);
	close(dev);
	for (i = 0; i < n; i++)
		if (((const struct soe_header *)(cap + i * SOE_RECORD_SIZE))->type ==
		    SOE_RECORD_LOSS)
			losses++;
	tap_note("%zu records read back, %d loss records", n, losses);
	for (i = 0; i < NCASES; i++)
		check_records(cap, n, &cases[i], tid);
	check_reader(cap, n);
	free(cap);
	return tap_status();
}
