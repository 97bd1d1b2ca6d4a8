// SPDX-License-Identifier: GPL-2.0
/*
 * soe_ebpf: loader and reader of the bench's eBPF anchor (soe_ebpf.bpf.c),
 * linked static so that it runs in the bench's initramfs.
 *
 *   soe_ebpf ring|batch|perf [read [SAMPLE]]
 *	Load the program, attach the kprobe that writes to the BPF ring
 *	buffer (ring; batch: the same, with the reader woken once a quarter
 *	of the ring is unread, and polling every 10 ms) or to the perf
 *	buffer (perf), print "attached", and
 *	wait for SIGTERM.  With "read", drain the buffer meanwhile: each
 *	record is copied out and checked, as the bench's readers of the
 *	module's mapped ring do; SAMPLE, a file, gets the first record
 *	decoded.  At SIGTERM: detach, read what is left, and print
 *	"written=N dropped=N" (the program's counters: records the buffer
 *	took, and refused because it was full) and, with "read",
 *	"events=N lost=N odd=N wakeups=N": records read, records the perf
 *	buffer said it lost, records whose fields are not those of
 *	soe_bench's call, and the times the reader slept.
 *
 * Without "read" the buffer fills and then refuses every record: case
 * (g0) measures a program that gathers the whole record and fails to
 * store it.  The perf buffer's per-CPU buffers are mapped either way
 * (without them the program's output fails at once, with no copy).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "soe_ebpf.h"
#include "soe_ebpf.skel.h"
#include "../progs/wakeups.h"

/* The perf buffer per CPU: 1 MiB, as the ring buffer (and the module's). */
#define PERF_PAGES 256

struct tally {
	unsigned long long events, lost, odd;
	FILE *sample;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "soe_ebpf: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* The call soe_bench makes: setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &0, 4). */
static int odd(const struct soe_ebpf_event *ev)
{
	static const unsigned char zero[4];

	return strcmp(ev->comm, "soe_bench") || ev->level != 1 ||
	       ev->optname != 12 || ev->fd < 0 ||
	       ev->syscall != SOE_EBPF_SYSCALL_SETSOCKOPT || ev->optlen != 4 ||
	       ev->optval_len != 4 || memcmp(ev->optval, zero, 4) ||
	       ev->family != 2 || ev->sock_type != 2 || ev->protocol != 17 ||
	       !ev->host_pid || ev->pid != ev->host_pid || !ev->socket_inode ||
	       !ev->net_ns || !ev->pid_ns || !ev->mnt_ns || !ev->cgroup_id;
}

static void print_event(FILE *f, const struct soe_ebpf_event *ev)
{
	int i;

	fprintf(f, "seq=%llu t=%llu cpu=%u comm=%s host_pid=%u host_tid=%u host_ppid=%u pid=%u tid=%u ppid=%u uid=%u euid=%u gid=%u egid=%u cgroup_id=%llu fd=%d level=%d optname=%d optlen=%d optval_len=%u optval=",
		(unsigned long long)ev->seq,
		(unsigned long long)ev->timestamp_ns, ev->cpu, ev->comm,
		ev->host_pid, ev->host_tid, ev->host_ppid, ev->pid, ev->tid,
		ev->ppid, ev->uid, ev->euid, ev->gid, ev->egid,
		(unsigned long long)ev->cgroup_id, ev->fd, ev->level,
		ev->optname, ev->optlen, ev->optval_len);
	for (i = 0; i < ev->optval_len && i < SOE_EBPF_OPTVAL_MAX; i++)
		fprintf(f, "%02x", ev->optval[i]);
	fprintf(f, " syscall=%u flags=%#x family=%u type=%u protocol=%u state=%u inode=%llu local=%u.%u.%u.%u:%u remote=%u.%u.%u.%u:%u ns(pid,net,user,uts,cgroup,mnt)=%u,%u,%u,%u,%u,%u\n",
		ev->syscall, ev->flags, ev->family, ev->sock_type, ev->protocol,
		ev->state, (unsigned long long)ev->socket_inode,
		ev->local.addr[0], ev->local.addr[1], ev->local.addr[2],
		ev->local.addr[3], ev->local.port, ev->remote.addr[0],
		ev->remote.addr[1], ev->remote.addr[2], ev->remote.addr[3],
		ev->remote.port, ev->pid_ns, ev->net_ns, ev->user_ns,
		ev->uts_ns, ev->cgroup_ns, ev->mnt_ns);
}

static void take(struct tally *t, const void *data, size_t size)
{
	struct soe_ebpf_event ev;

	if (size < sizeof(ev)) {
		t->odd++;
		return;
	}
	memcpy(&ev, data, sizeof(ev));
	t->events++;
	t->odd += odd(&ev);
	if (t->sample) {
		print_event(t->sample, &ev);
		fclose(t->sample);
		t->sample = NULL;
	}
}

static int on_ring(void *ctx, void *data, size_t size)
{
	take(ctx, data, size);
	return 0;
}

static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	(void)cpu;
	take(ctx, data, size);
}

static void on_perf_lost(void *ctx, int cpu, __u64 n)
{
	struct tally *t = ctx;

	(void)cpu;
	t->lost += n;
}

/* A per-CPU counter, summed over the CPUs. */
static unsigned long long counter(struct soe_ebpf *skel, __u32 which)
{
	int ncpu = libbpf_num_possible_cpus();
	unsigned long long sum = 0;
	__u64 *v;
	int i;

	if (ncpu < 1)
		die("libbpf_num_possible_cpus", ncpu);
	v = calloc(ncpu, sizeof(*v));
	if (!v || bpf_map_lookup_elem(bpf_map__fd(skel->maps.soe_counters),
				      &which, v))
		die("reading the counters", errno);
	for (i = 0; i < ncpu; i++)
		sum += v[i];
	free(v);
	return sum;
}

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct ring_buffer *rb = NULL;
	struct perf_buffer *pb = NULL;
	struct tally t = { 0 };
	struct bpf_program *prog;
	struct bpf_link *link;
	struct soe_ebpf *skel;
	int perf, batch, reading, err;

	if (argc < 2 || argc > 4 ||
	    (strcmp(argv[1], "ring") && strcmp(argv[1], "batch") &&
	     strcmp(argv[1], "perf")) ||
	    (argc > 2 && strcmp(argv[2], "read"))) {
		fprintf(stderr, "usage: soe_ebpf ring|batch|perf [read [SAMPLE]]\n");
		return 2;
	}
	perf = !strcmp(argv[1], "perf");
	batch = !strcmp(argv[1], "batch");
	reading = argc > 2;
	if (argc > 3) {
		t.sample = fopen(argv[3], "w");
		if (!t.sample)
			die(argv[3], errno);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(print_libbpf);
	/* No SA_RESTART: the signal ends a poll. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	skel = soe_ebpf__open();
	if (!skel)
		die("opening the BPF object", errno);
	skel->rodata->soe_batch_wakeups = batch;
	/* Only the program of the buffer asked for is loaded. */
	bpf_program__set_autoload(perf ? skel->progs.soe_ring_probe :
				  skel->progs.soe_perf_probe, false);
	err = soe_ebpf__load(skel);
	if (err)
		die("loading the BPF object", err);
	if (perf) {
		pb = perf_buffer__new(bpf_map__fd(skel->maps.soe_perf), PERF_PAGES,
				      on_perf, on_perf_lost, &t, NULL);
		if (!pb)
			die("perf_buffer__new", errno);
	} else if (reading) {
		rb = ring_buffer__new(bpf_map__fd(skel->maps.soe_ring), on_ring,
				      &t, NULL);
		if (!rb)
			die("ring_buffer__new", errno);
	}
	prog = perf ? skel->progs.soe_perf_probe : skel->progs.soe_ring_probe;
	link = bpf_program__attach(prog);
	if (!link)
		die("attaching the kprobe", errno);
	printf("attached\n");

	while (!stop) {
		if (!reading)
			pause();
		else if (perf)
			err = perf_buffer__poll(pb, 100);
		else
			err = ring_buffer__poll(rb, batch ? 10 : 100);
		if (err < 0 && err != -EINTR)
			die("polling", err);
	}
	bpf_link__destroy(link);
	if (reading) {
		if (perf)
			perf_buffer__consume(pb);
		else
			ring_buffer__consume(rb);
	}
	printf("written=%llu dropped=%llu", counter(skel, SOE_EBPF_WRITTEN),
	       counter(skel, SOE_EBPF_DROPPED));
	if (reading)
		printf(" events=%llu lost=%llu odd=%llu", t.events,
		       t.lost, t.odd);
	printf(" wakeups=%llu\n", wakeups());
	if (t.sample)
		fclose(t.sample);
	ring_buffer__free(rb);
	perf_buffer__free(pb);
	soe_ebpf__destroy(skel);
	return 0;
}
