// SPDX-License-Identifier: GPL-2.0
/*
 * soe_storm: load, races and bad input against /dev/sockopt_events.
 *
 *   soe_storm storm MS WORKERS READERS [flip] [mmap]
 *	WORKERS threads per CPU make setsockopt() calls as fast as they can
 *	for MS milliseconds while READERS readers drain the device (the last
 *	one slowly, so that it is overrun); with "flip", the level filter is
 *	changed back and forth during the storm; with "mmap", every second
 *	reader (the 2nd, the 4th...) reads the mapped ring instead
 *	(tools/reader/ringmap.h), and must find its losses by itself.  Every call must be
 *	accounted for (seen + missed), and for every reader delivered + lost
 *	must equal what was written while it was open.  Every byte a record
 *	leaves unused must be zero.
 *   soe_storm teardown MS
 *	sockets closed by one thread while others set options on them, and
 *	processes killed in the middle of their calls.
 *   soe_storm badinput
 *	reads of every odd size and into bad buffers, writes, random ioctls,
 *	every lseek whence.
 *
 * Prints "ok - NAME", "not ok - NAME: why" and "# what it did" lines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netinet/in.h>
#include <sockopt_events.h>
#include "join.h"
#include "ringmap.h"
#include "tap.h"

#define DEV "/dev/" SOE_DEVICE_NAME
#define FILTER_LEVEL "/sys/module/sockopt_events/parameters/filter_level"
#define MAX_READERS 8

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void counters(int fd, struct soe_counters *c)
{
	if (ioctl(fd, SOE_IOC_COUNTERS, c)) {
		perror("soe_storm: SOE_IOC_COUNTERS");
		exit(1);
	}
}

static int all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/*
 * Every byte of a record that no field uses must be zero: comm after its NUL, optval past optval_len, and the address
 * union past the member the family uses.
 */
static const char *record_unclean(const unsigned char *rec)
{
	const struct soe_event *ev = (const void *)rec;
	const struct soe_loss *loss = (const void *)rec;
	size_t used, n;

	if (ev->hdr.magic != SOE_MAGIC || ev->hdr.version != SOE_VERSION ||
	    ev->hdr.size != SOE_RECORD_SIZE)
		return "bad header";
	if (ev->hdr.type == SOE_RECORD_LOSS)
		return all_zero(loss->reserved, sizeof(loss->reserved)) ?
		       NULL : "loss reserved";
	if (ev->hdr.type == SOE_RECORD_UNIX_NAMES) {
		const struct soe_unix_names *un = (const void *)rec;

		if (un->hdr.flags || un->reserved ||
		    un->local_len > SOE_UNIX_NAME_MAX ||
		    un->remote_len > SOE_UNIX_NAME_MAX)
			return "unix names header";
		return all_zero(un->local + un->local_len,
				SOE_UNIX_NAME_MAX - un->local_len) &&
		       all_zero(un->remote + un->remote_len,
				SOE_UNIX_NAME_MAX - un->remote_len) ?
		       NULL : "unix names padding";
	}
	if (ev->hdr.type == SOE_RECORD_RESULT) {
		const struct soe_result *r = (const void *)rec;

		if (r->hdr.flags & ~(SOE_RESULT_F_LSM | SOE_RESULT_F_RET))
			return "result flags";
		if (!(r->hdr.flags & SOE_RESULT_F_LSM) && r->lsm_ret)
			return "result lsm_ret";
		if (!(r->hdr.flags & SOE_RESULT_F_RET) && (r->ret || r->syscall))
			return "result ret";
		if (r->event_seq >= r->hdr.seq || r->syscall > SOE_SYSCALL_IO_URING)
			return "result event_seq or syscall";
		return all_zero(r->reserved, sizeof(r->reserved)) ?
		       NULL : "result reserved";
	}
	if (ev->hdr.type != SOE_RECORD_EVENT)
		return "bad type";
	if (!(ev->hdr.flags & SOE_F_RESULT))
		return "event without SOE_F_RESULT";
	/* version 3's capabilities: net_caps has no bit the uapi does not name */
	if (ev->net_caps & ~(SOE_NET_CAP_NETNS_NET_ADMIN | SOE_NET_CAP_NETNS_NET_RAW |
			     SOE_NET_CAP_INIT_NET_ADMIN | SOE_NET_CAP_INIT_NET_RAW |
			     SOE_NET_CAP_NETNS_KNOWN))
		return "net_caps";
	n = strnlen(ev->comm, sizeof(ev->comm));
	if (n == sizeof(ev->comm) || !all_zero(ev->comm + n, sizeof(ev->comm) - n))
		return "comm padding";
	if (ev->optval_len > SOE_OPTVAL_MAX ||
	    !all_zero(ev->optval + ev->optval_len,
		      SOE_OPTVAL_MAX - ev->optval_len))
		return "optval padding";
	switch (ev->family) {
	case AF_INET:
	case AF_INET6:
		if (ev->addr.inet.local.reserved || ev->addr.inet.remote.reserved)
			return "inet reserved";
		if (ev->family == AF_INET &&
		    (!all_zero(ev->addr.inet.local.addr + 4, 12) ||
		     !all_zero(ev->addr.inet.remote.addr + 4, 12)))
			return "inet address padding";
		used = sizeof(ev->addr.inet);
		break;
	case AF_UNIX:
		/* Whole lengths: the bytes held are what fits of each. */
		if (ev->addr.un.local_len > SOE_UNIX_NAME_MAX ||
		    ev->addr.un.remote_len > SOE_UNIX_NAME_MAX)
			return "unix lengths";
		used = ev->addr.un.local_len < SOE_UNIX_PATH_MAX ?
		       ev->addr.un.local_len : SOE_UNIX_PATH_MAX;
		used += ev->addr.un.remote_len < SOE_UNIX_PATH_MAX - used ?
			ev->addr.un.remote_len : SOE_UNIX_PATH_MAX - used;
		if (!all_zero(ev->addr.un.path + used, SOE_UNIX_PATH_MAX - used))
			return "unix path padding";
		used = sizeof(ev->addr.un);
		break;
	case AF_NETLINK:
		used = sizeof(ev->addr.nl);
		break;
	case AF_PACKET:
		if (ev->addr.packet.reserved)
			return "packet reserved";
		used = sizeof(ev->addr.packet);
		break;
	default:
		used = 0;
	}
	if (!all_zero(ev->addr.raw + used, sizeof(ev->addr.raw) - used))
		return "address union padding";
	if (ev->mnt_ns)
		return "mnt_ns";
	return NULL;
}

/* ---- storm ---- */

static volatile int stop_workers;
static int stop_readers;

struct worker {
	pthread_t thread;
	int cpu;
	long calls;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int fd = socket(AF_INET, SOCK_DGRAM, 0), one = 1, level;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
	while (!stop_workers) {
		/* Alternate levels so that a level filter drops half. */
		level = (w->calls & 1) ? SOL_SOCKET : IPPROTO_IP;
		setsockopt(fd, level, level == SOL_SOCKET ? SO_REUSEADDR : IP_TTL,
			   &one, sizeof(one));
		w->calls++;
	}
	close(fd);
	return NULL;
}

struct reader {
	pthread_t thread;
	int fd, slow, mapped;
	struct soe_ringmap map;		/* mapped: its ring */
	unsigned long long start;	/* written when it started */
	unsigned long long delivered, lost, loss_records;
	const char *unclean;
	long long last_seq;
	int seq_gap;
};

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	static __thread unsigned char buf[SOE_RECORD_SIZE * 64];
	struct timespec pause = { 0, 2 * 1000 * 1000 };
	size_t want = r->slow ? SOE_RECORD_SIZE : sizeof(buf);
	ssize_t n;
	int i;

	for (;;) {
		/*
		 * Look at the stop flag before reading: an empty read that
		 * follows it means every record written before it was read.
		 * Looked at after, a reader that slept in between would stop
		 * with records still in the ring.
		 */
		int stopping = __atomic_load_n(&stop_readers, __ATOMIC_ACQUIRE);

		n = r->mapped ? soe_ringmap_read(&r->map, buf, want) :
				read(r->fd, buf, want);
		if (n < 0 && errno == EAGAIN) {
			if (stopping)
				break;
			usleep(1000);
			continue;
		}
		if (n <= 0)
			break;
		for (i = 0; i < n / SOE_RECORD_SIZE; i++) {
			const unsigned char *rec = buf + i * SOE_RECORD_SIZE;
			const struct soe_loss *loss = (const void *)rec;
			const char *bad = record_unclean(rec);
			long long seq = (long long)loss->hdr.seq;

			if (bad && !r->unclean)
				r->unclean = bad;
			if (r->last_seq >= 0 && seq != r->last_seq + 1)
				r->seq_gap = 1;
			if (loss->hdr.type == SOE_RECORD_LOSS) {
				r->lost += loss->lost;
				r->loss_records++;
				r->last_seq = seq + loss->lost - 1;
			} else {
				r->delivered++;
				r->last_seq = seq;
			}
		}
		/* Slow while the storm lasts; then drain. */
		if (r->slow && !stopping)
			nanosleep(&pause, NULL);
	}
	return NULL;
}

static void set_filter(const char *value)
{
	int fd = open(FILTER_LEVEL, O_WRONLY);

	if (fd < 0 || write(fd, value, strlen(value)) < 0) {
		perror("soe_storm: " FILTER_LEVEL);
		exit(1);
	}
	close(fd);
}

static int storm(long ms, int per_cpu, int nreaders, int flip, int mapped)
{
	struct reader readers[MAX_READERS];
	struct soe_counters before, after;
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN), nworkers = ncpu * per_cpu;
	struct worker *workers = calloc(nworkers, sizeof(*workers));
	long long end, flips = 0, calls = 0;
	char name[64];
	int i, ctl = open(DEV, O_RDONLY);

	if (ctl < 0 || !workers || nreaders > MAX_READERS) {
		perror("soe_storm: open");
		return 1;
	}
	memset(readers, 0, sizeof(readers));
	for (i = 0; i < nreaders; i++) {
		struct soe_counters c;

		readers[i].fd = open(DEV, O_RDONLY | O_NONBLOCK);
		if (readers[i].fd < 0 || lseek(readers[i].fd, 0, SEEK_END)) {
			perror("soe_storm: reader open");
			return 1;
		}
		readers[i].mapped = mapped && i % 2;
		if (readers[i].mapped) {
			if (soe_ringmap_map(&readers[i].map, readers[i].fd)) {
				perror("soe_storm: reader mmap");
				return 1;
			}
			/* From now on, as lseek(SEEK_END) for the others. */
			soe_ringmap_seek_end(&readers[i].map);
		}
		counters(ctl, &c);
		readers[i].start = c.written;
		readers[i].last_seq = -1;
		readers[i].slow = i > 0 && i == nreaders - 1;
		pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]);
	}
	counters(ctl, &before);
	stop_workers = 0;
	for (i = 0; i < nworkers; i++) {
		workers[i].cpu = i % ncpu;
		pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
	}
	end = now_ms() + ms;
	while (now_ms() < end) {
		if (flip) {
			set_filter(flips & 1 ? "\n" : "1\n");
			flips++;
		}
		usleep(flip ? 20000 : 50000);
	}
	if (flip)
		set_filter("\n");
	stop_workers = 1;
	for (i = 0; i < nworkers; i++) {
		thread_join(workers[i].thread);
		calls += workers[i].calls;
	}
	counters(ctl, &after);
	__atomic_store_n(&stop_readers, 1, __ATOMIC_RELEASE);
	for (i = 0; i < nreaders; i++)
		thread_join(readers[i].thread);
	stop_readers = 0;

	tap_note("storm %ld ms, %d workers on %d CPUs, %d readers%s%s: %lld calls, %llu seen, %llu written, %llu filtered, %llu missed, %llu overwritten, %lld filter changes",
	       ms, nworkers, ncpu, nreaders, mapped ? " (every second one mapped)" : "",
	       flip ? ", filter flips" : "", calls,
	       after.seen - before.seen, after.written - before.written,
	       after.filtered - before.filtered, after.missed - before.missed,
	       after.overwritten - before.overwritten, flips);
	tap_result(after.seen - before.seen + after.missed - before.missed ==
	      (unsigned long long)calls, "storm-every-call-seen-or-missed",
	      "%lld calls, %llu seen, %llu missed", calls,
	      after.seen - before.seen, after.missed - before.missed);
	tap_result(after.seen - before.seen == (after.events - before.events) +
	      (after.filtered - before.filtered), "storm-seen-is-events-plus-filtered",
	      "seen %llu events %llu filtered %llu", after.seen - before.seen,
	      after.events - before.events, after.filtered - before.filtered);
	/*
	 * The storm's names are short: two records a call, its event and its
	 * result, no more; every call has returned, each result known.
	 */
	tap_result(after.events - before.events == after.results - before.results &&
	      after.written - before.written == 2 * (after.events - before.events) &&
	      after.returns_missed == before.returns_missed,
	      "storm-event-and-result-a-call", "events %llu results %llu written %llu returns missed %llu",
	      after.events - before.events, after.results - before.results,
	      after.written - before.written, after.returns_missed - before.returns_missed);
	if (flip)
		tap_result(after.filtered > before.filtered, "storm-filter-flips-applied",
		      "nothing was filtered");
	for (i = 0; i < nreaders; i++) {
		struct reader *r = &readers[i];
		unsigned long long written = after.written - r->start;

		tap_note("reader %d%s%s: delivered %llu, lost %llu in %llu loss records, written while open %llu",
		       i, r->mapped ? " (mapped)" : "", r->slow ? " (slow)" : "",
		       r->delivered, r->lost,
		       r->loss_records, written);
		snprintf(name, sizeof(name), "storm-reader-%d-delivered-plus-lost-is-written", i);
		tap_result(r->delivered + r->lost == written, name,
		      "%llu + %llu != %llu", r->delivered, r->lost, written);
		snprintf(name, sizeof(name), "storm-reader-%d-records-clean", i);
		tap_result(!r->unclean, name, "a record has %s", r->unclean);
		snprintf(name, sizeof(name), "storm-reader-%d-no-seq-gap", i);
		tap_result(!r->seq_gap, name, "seq jumped without a loss record");
		if (r->mapped)
			soe_ringmap_unmap(&r->map);
		close(r->fd);
	}
	if (nreaders > 1 && readers[nreaders - 1].slow)
		tap_result(readers[nreaders - 1].loss_records > 0 ||
		      after.written - before.written < 4096,
		      "storm-slow-reader-was-overrun", "no loss records");
	close(ctl);
	free(workers);
	return tap_status();
}

/* ---- teardown races ---- */

static int shared_fds[4];

static void *closer_main(void *arg)
{
	long long end = *(long long *)arg;
	int i;

	while (now_ms() < end) {
		for (i = 0; i < 4; i++) {
			int fd = socket(i & 1 ? AF_INET6 : AF_INET,
					i & 2 ? SOCK_STREAM : SOCK_DGRAM, 0);
			int old = __atomic_exchange_n(&shared_fds[i], fd,
						      __ATOMIC_SEQ_CST);

			if (old > 0)
				close(old);
		}
	}
	return NULL;
}

static void *setter_main(void *arg)
{
	long long end = *(long long *)arg;
	int one = 1, i = 0;

	while (now_ms() < end)
		setsockopt(__atomic_load_n(&shared_fds[i++ & 3], __ATOMIC_SEQ_CST),
			   SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	return NULL;
}

static int teardown(long ms)
{
	long long end = now_ms() + ms;
	pthread_t closer, setters[3];
	int i, kids = 0, status;

	pthread_create(&closer, NULL, closer_main, &end);
	for (i = 0; i < 3; i++)
		pthread_create(&setters[i], NULL, setter_main, &end);
	/* Processes killed in the middle of their calls. */
	while (now_ms() < end) {
		pid_t pid = fork();

		if (pid == 0) {
			int fd = socket(AF_UNIX, SOCK_STREAM, 0), one = 1;

			for (;;)
				setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one,
					   sizeof(one));
		}
		usleep(5000);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		kids++;
	}
	thread_join(closer);
	for (i = 0; i < 3; i++)
		thread_join(setters[i]);
	tap_note("teardown %ld ms: sockets closed under 3 setter threads, %d processes killed mid-call",
	       ms, kids);
	tap_ok("teardown-races-survived");
	return tap_status();
}

/* ---- bad input ---- */

static int badinput(void)
{
	static unsigned char buf[SOE_RECORD_SIZE * 20];
	unsigned char *big;
	void *volatile dst;
	long tried = 0;
	unsigned int seed = 1;
	int fd = open(DEV, O_RDONLY | O_NONBLOCK), i, ok;
	ssize_t n;

	if (fd < 0) {
		perror("soe_storm: open");
		return 1;
	}
	n = read(fd, buf, 0);
	tap_result(n == -1 && errno == EINVAL, "bad-read-0-bytes", "got %zd errno %d", n, errno);
	n = read(fd, buf, SOE_RECORD_SIZE - 1);
	tap_result(n == -1 && errno == EINVAL, "bad-read-one-byte-short", "got %zd errno %d", n, errno);
	/* 1 GiB asked, a 5 KiB buffer given: at most what fits in a batch. */
	lseek(fd, 0, SEEK_SET);
	big = mmap(NULL, 1UL << 30, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	dst = big == MAP_FAILED ? (void *)buf : big;
	n = read(fd, dst, 1UL << 30);
	tap_result(n >= 0 || errno == EAGAIN, "bad-read-1-gib", "got %zd errno %d", n, errno);
	if (big != MAP_FAILED)
		munmap(big, 1UL << 30);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf + 1, SOE_RECORD_SIZE * 2);
	tap_result(n % SOE_RECORD_SIZE == 0 || errno == EAGAIN, "bad-read-unaligned-buffer",
	      "got %zd errno %d", n, errno);
	n = read(fd, (void *)-4096L, SOE_RECORD_SIZE);
	tap_result(n == -1 && (errno == EFAULT || errno == EAGAIN), "bad-read-kernel-address",
	      "got %zd errno %d", n, errno);
	n = write(fd, buf, SOE_RECORD_SIZE);
	tap_result(n == -1 && errno == EBADF, "bad-write-ebadf", "got %zd errno %d", n, errno);
	tried += 6;

	for (i = 0, ok = 1; i <= 5; i++) {
		off_t off = lseek(fd, 0, i);

		if (i == SEEK_SET || i == SEEK_END)
			ok &= off == 0;
		else
			ok &= off == -1 && errno == EINVAL;
		tried++;
	}
	tap_result(ok, "bad-lseek-every-whence", "an lseek gave the wrong result");

	/* Random ioctls: any command but ours gets ENOTTY. */
	for (i = 0, ok = 1; i < 20000; i++) {
		unsigned int cmd = rand_r(&seed) ^ ((unsigned int)rand_r(&seed) << 16);
		unsigned long arg = (unsigned long)rand_r(&seed) << (i & 31);
		long r;

		/*
		 * Ours, and the generic ones the VFS answers itself for any
		 * file (FIOCLEX, FIONBIO, FIGETBSZ, FICLONE...: type 'T', 'X',
		 * 'f', 0x94 or 0).
		 */
		if (cmd == SOE_IOC_INFO || cmd == SOE_IOC_COUNTERS ||
		    strchr("TXf\x94", (cmd >> 8) & 0xff) || !((cmd >> 8) & 0xff))
			continue;
		r = ioctl(fd, cmd, (i & 1) ? (void *)buf : (void *)arg);
		ok &= r == -1 && errno == ENOTTY;
		tried++;
	}
	tap_result(ok, "bad-random-ioctls-enotty", "an unknown ioctl did not give ENOTTY");

	/* Our own ioctls work from this build too (compat_ioctl for -m32). */
	{
		struct soe_info info;
		struct soe_counters c;

		memset(&info, 0xff, sizeof(info));
		tap_result(ioctl(fd, SOE_IOC_INFO, &info) == 0 &&
		      info.version == SOE_VERSION &&
		      info.record_size == SOE_RECORD_SIZE && info.load_id,
		      "ioctl-info-works", "errno %d version %u", errno,
		      info.version);
		tap_result(ioctl(fd, SOE_IOC_COUNTERS, &c) == 0 &&
		      c.seen == c.events + c.filtered, "ioctl-counters-work",
		      "errno %d", errno);
	}
	tap_note("bad input: %ld bad calls tried", tried);
	close(fd);
	return tap_status();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5 && !strcmp(argv[1], "storm"))
		return storm(atol(argv[2]), atoi(argv[3]), atoi(argv[4]),
			     argc > 5 && !strcmp(argv[5], "flip"),
			     !strcmp(argv[argc - 1], "mmap"));
	if (argc == 3 && !strcmp(argv[1], "teardown"))
		return teardown(atol(argv[2]));
	if (argc == 2 && !strcmp(argv[1], "badinput"))
		return badinput();
	fprintf(stderr, "usage: soe_storm storm MS WORKERS READERS [flip] [mmap] | teardown MS | badinput\n");
	return 2;
}
