// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sockopt-reader: print the records of /dev/sockopt_events, or of a capture
 * of it, as text or JSON lines.  Options and opening the input live here;
 * the loop is in stream.c, the formats in decode.c (which checks a record
 * and hands it to json.c or text.c), the filters in filter.c and the
 * counters in stats.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cap-ng.h>

#include "filter.h"
#include "sockopt_events.h"
#include "stats.h"
#include "ringmap.h"
#include "state.h"
#include "stream.h"
#include "tags.h"

#define SOE_READER_VERSION	"0.1.0"
#define SOE_DEVICE_PATH		"/dev/" SOE_DEVICE_NAME

/*
 * The device checks for a capability at open() only (CAP_PERFMON, or
 * CAP_SYS_ADMIN on kernels before 5.8, which lack CAP_PERFMON): nothing the
 * reader does afterwards needs one, so once its input is open it gives up
 * every capability it holds (libcap-ng), before it parses a byte.
 */
static int drop_capabilities(const char *path)
{
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS) == 0)
		return 0;
	fprintf(stderr, "%s: cannot give up its capabilities after opening %s\n",
		SOE_READER_NAME, path);
	return -1;
}

/* The tags, from their one list (tags.c): sockopt-reader(1) says what each means. */
static void usage_tags(FILE *f)
{
	const char *sep = "";
	size_t i;

	fprintf(f, "\nTags (JSON \"tags\", text tags=, --audit; see sockopt-reader(1)):\n ");
	for (i = 0; i < SOE_TAG_COUNT; i++) {
		fprintf(f, "%s %s", sep, soe_tags[i].name);
		sep = ",";
	}
	fprintf(f, "\n");
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE]\n"
		"Print the setsockopt() calls recorded by the sockopt_events module.\n"
		"\n"
		"FILE is a capture made with 'cat %s > FILE', or - for standard\n"
		"input; without FILE the events are read live from the device until\n"
		"the reader is interrupted.\n"
		"\n"
		"Output:\n"
		"  -f, --format FORMAT  text (the default) or json, one line per record\n"
		"  -u, --utc            text: times in UTC (...Z) instead of local time with\n"
		"                       its UTC offset (...+01:00)\n"
		"  -c, --count N        stop after N events (loss records do not count)\n"
		"  -a, --audit          only the events with a tag (below); loss records\n"
		"                       are still printed\n"
		"      --bpf            a socket filter's recorded instructions too, as\n"
		"                       tcpdump -d prints them (text: a line each after the\n"
		"                       event's; json: \"listing\" in \"bpfFilter\")\n"
		"\n"
		"Filters: each takes a comma-separated list and may be repeated; an event\n"
		"is printed when it matches one value of every filter given.  In a value,\n"
		"\\, is a comma, \\\\ a backslash and \\xNN the byte NN (as text output shows it).\n"
		"  -p, --pid PID        the process, by its id in the initial pid namespace\n"
		"      --comm NAME      the task name (comm), whole\n"
		"      --uid UID        the real user id, in the initial user namespace\n"
		"      --family FAMILY  the socket's family: AF_INET6, inet6, unix, 16...\n"
		"  -l, --level LEVEL    the level: SOL_SOCKET, IPPROTO_TCP, SOL_TCP, 6...\n"
		"  -o, --optname OPT    the option: SO_RCVBUF, TCP_NODELAY, 8...; a name\n"
		"                       is looked up at the --level levels, or at any level\n"
		"\n"
		"Other:\n"
		"  -s, --stats          print the module's counters and exit\n"
		"  -d, --device PATH    the device to read (default %s)\n"
		"  -m, --mmap           read the device through a mapping of its ring:\n"
		"                       no copy through the kernel (the device only)\n"
		"      --state FILE     keep the position in FILE: a restarted reader goes\n"
		"                       on after the last record it handled, reporting those\n"
		"                       the ring overwrote meanwhile as lost (the device only)\n"
		"  -h, --help           show this help and exit\n"
		"  -V, --version        show the version and exit\n"
		"\n"
		"Exit status: 0 when the input ends, N events are printed, the reader is\n"
		"interrupted (SIGINT, SIGTERM) or its output is closed (EPIPE); 1 on a bad\n"
		"record, a capture cut short or an I/O error; 2 on a usage error.\n",
		SOE_READER_NAME, SOE_DEVICE_PATH, SOE_DEVICE_PATH);
	usage_tags(f);
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", SOE_READER_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", SOE_READER_NAME);
	return 2;
}

static int parse_count(const char *s, uint64_t *count)
{
	unsigned long long n;
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n == 0)
		return -1;
	*count = n;
	return 0;
}

static void open_error(const char *path, bool device, int err)
{
	if (device && (err == ENOENT || err == ENODEV || err == ENXIO))
		fprintf(stderr,
			"%s: cannot open %s (%s): load the module first, with 'modprobe sockopt_events' or 'insmod sockopt_events.ko'\n",
			SOE_READER_NAME, path, strerror(err));
	else if (device && (err == EACCES || err == EPERM))
		fprintf(stderr,
			"%s: cannot open %s (%s): reading events needs root (CAP_SYS_ADMIN, or CAP_PERFMON on Linux 5.8 and later)\n",
			SOE_READER_NAME, path, strerror(err));
	else
		fprintf(stderr, "%s: cannot open %s: %s\n", SOE_READER_NAME,
			path, strerror(err));
}

/*
 * --stats: the counters from sysfs, which anyone may read; from the device
 * when it was named, or when sysfs does not have them.
 */
static int print_stats(const char *device, bool device_given, enum soe_format format)
{
	struct soe_counters c;
	char buf[512], why[4200];
	int fd, err, len;
	size_t known;

	err = device_given ? ENOENT :
	      soe_stats_read_dir(SOE_COUNTERS_DIR, &c, &known, why, sizeof(why));
	if (err == ENOENT) {
		fd = open(device, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			open_error(device, true, errno);
			return 1;
		}
		err = soe_stats_read_fd(fd, &c, &known);
		close(fd);
		if (err) {
			fprintf(stderr, "%s: cannot read the counters from %s: %s\n",
				SOE_READER_NAME, device, strerror(err));
			return 1;
		}
	} else if (err) {
		fprintf(stderr, "%s: %s\n", SOE_READER_NAME, why);
		return 1;
	}
	len = soe_stats_format(&c, known, format, buf, sizeof(buf));
	if (len < 0 || fwrite(buf, 1, len, stdout) != (size_t)len || fflush(stdout)) {
		if (errno == EPIPE)
			return 0;
		fprintf(stderr, "%s: cannot write the output: %s\n", SOE_READER_NAME,
			strerror(errno));
		return 1;
	}
	return 0;
}

/*
 * --state: the position, the file it goes to and the load it belongs to.
 * Saved at most a second after a record is handled (an alarm armed by
 * the first record after a save), and on the way out; both from signal
 * handlers that block each other, so only one save runs at a time.
 */
static struct {
	const char *path;
	char *tmp;
	uint32_t load_id;
	struct soe_resume pos;
	uint64_t saved;			/* next_seq as last saved */
	volatile sig_atomic_t armed;	/* an alarm is pending */
	volatile sig_atomic_t failed;	/* a save failed: said once */
} state;

/* Save the position if it moved; async-signal-safe. */
static void state_save(void)
{
	struct soe_state st;

	if (!state.path || !__atomic_load_n(&state.pos.known, __ATOMIC_RELAXED))
		return;
	st.load_id = state.load_id;
	st.next_seq = __atomic_load_n(&state.pos.next, __ATOMIC_RELAXED);
	if (st.next_seq == state.saved)
		return;
	if (soe_state_save(state.path, state.tmp, &st)) {
		if (!state.failed) {
			static const char msg[] = SOE_READER_NAME
				": cannot save the position to the --state file\n";

			state.failed = 1;
			if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
				state.failed = 1;
		}
		return;
	}
	state.failed = 0;
	state.saved = st.next_seq;
}

static void on_alarm(int sig)
{
	int saved_errno = errno;

	(void)sig;
	state.armed = 0;
	state_save();
	errno = saved_errno;
}

/* stream.c moved the position: save it within a second. */
static void state_moved(struct soe_resume *r)
{
	(void)r;
	if (!state.armed) {
		state.armed = 1;
		alarm(1);
	}
}

/*
 * SIGINT and SIGTERM end the reader quietly, with status 0, after saving
 * the position.  Output is line-buffered and every line is handed to
 * stdio whole, so no half line is left.
 */
static void on_interrupt(int sig)
{
	(void)sig;
	state_save();
	_exit(0);
}

/*
 * Where a reader with --state starts: after the saved position when the
 * module is the same load (the same nonzero load id, and at least as many
 * records written as the position says), else from the oldest record held
 * as any reader does.  Returns 0, or 1 after an error.
 */
static int state_start(int fd, const char *device)
{
	struct soe_counters c;
	struct soe_info info;
	struct soe_state st;
	char why[4200];
	size_t known;
	int err;

	if (ioctl(fd, SOE_IOC_INFO, &info)) {
		fprintf(stderr, "%s: cannot ask %s which load of the module it is: %s\n",
			SOE_READER_NAME, device, strerror(errno));
		return 1;
	}
	state.load_id = info.load_id;
	err = soe_state_load(state.path, &st, why, sizeof(why));
	if (err == ENOENT)
		return 0;
	if (err == EINVAL) {
		fprintf(stderr, "%s: %s; starting from the oldest record held\n",
			SOE_READER_NAME, why);
		return 0;
	}
	if (err) {
		fprintf(stderr, "%s: cannot read %s: %s\n", SOE_READER_NAME,
			state.path, strerror(err));
		return 1;
	}
	if (!info.load_id) {
		fprintf(stderr,
			"%s: the module does not say which load it is (a version without load_id), so the position in %s cannot be trusted: starting from the oldest record held\n",
			SOE_READER_NAME, state.path);
		return 0;
	}
	if (st.load_id != info.load_id) {
		fprintf(stderr,
			"%s: the module was loaded again since %s was saved (its records start again from 0): starting from the oldest record held\n",
			SOE_READER_NAME, state.path);
		return 0;
	}
	err = soe_stats_read_fd(fd, &c, &known);
	if (err) {
		fprintf(stderr, "%s: cannot read the counters from %s: %s\n",
			SOE_READER_NAME, device, strerror(err));
		return 1;
	}
	if (st.next_seq > c.written) {
		fprintf(stderr,
			"%s: %s is past the last record written (%" PRIu64 " > %" PRIu64 "): starting from the oldest record held\n",
			SOE_READER_NAME, state.path, st.next_seq, (uint64_t)c.written);
		return 0;
	}
	state.pos.next = st.next_seq;
	state.pos.known = true;
	state.pos.skip = true;
	state.saved = st.next_seq;
	return 0;
}

/* Reading live, how long an event waits for its call's result, in ms. */
#define SOE_RESULT_WAIT_MS	1000

struct mapped_input {
	int fd;
	const char *path;
};

/*
 * soe_stream_run_ring()'s wait: in SOE_IOC_WAIT, which a signal ends; or,
 * while an event waits for its result (wait_ms is not -1), a look every
 * 10 ms, SOE_IOC_WAIT having no time limit.
 */
static int wait_mapped(struct soe_ringmap *m, void *arg, int wait_ms)
{
	const struct mapped_input *in = arg;
	struct timespec ts = { 0, 10 * 1000000L };

	if (wait_ms >= 0) {
		if (wait_ms < 10)
			ts.tv_nsec = wait_ms * 1000000L;
		nanosleep(&ts, NULL);
		return -1;
	}

	if (soe_ringmap_wait(m, in->fd) && errno != EINTR) {
		fprintf(stderr, "%s: cannot wait for records on %s: %s\n",
			SOE_READER_NAME, in->path, strerror(errno));
		return 1;
	}
	return -1;
}

/* --mmap: the device's ring, mapped. */
static int run_mapped(int fd, const char *path, const struct soe_stream_opts *opts)
{
	struct mapped_input in = { fd, path };
	struct soe_ringmap m;
	int status;

	if (soe_ringmap_map(&m, fd)) {
		fprintf(stderr, "%s: cannot map %s: %s%s\n", SOE_READER_NAME, path,
			strerror(errno),
			errno == ENODEV ? " (a module too old to map its ring?)" :
			errno == ENOTTY ? " (not the sockopt_events device)" : "");
		return 1;
	}
	status = soe_stream_run_ring(&m, wait_mapped, &in, opts, stdout, stderr);
	soe_ringmap_unmap(&m);
	return status;
}

enum {
	OPT_COMM = 256,
	OPT_UID,
	OPT_FAMILY,
	OPT_STATE,
	OPT_BPF,
};

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "utc", no_argument, NULL, 'u' },
		{ "count", required_argument, NULL, 'c' },
		{ "audit", no_argument, NULL, 'a' },
		{ "bpf", no_argument, NULL, OPT_BPF },
		{ "pid", required_argument, NULL, 'p' },
		{ "comm", required_argument, NULL, OPT_COMM },
		{ "uid", required_argument, NULL, OPT_UID },
		{ "family", required_argument, NULL, OPT_FAMILY },
		{ "level", required_argument, NULL, 'l' },
		{ "optname", required_argument, NULL, 'o' },
		{ "stats", no_argument, NULL, 's' },
		{ "device", required_argument, NULL, 'd' },
		{ "mmap", no_argument, NULL, 'm' },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct rd_filter filter;
	struct soe_stream_opts opts = { { SOE_FORMAT_TEXT, false, false }, NULL, 0, NULL, false, 0 };
	const char *device = SOE_DEVICE_PATH, *path;
	bool stats = false, device_given = false, is_device, mapped = false;
	enum rd_filter_key key;
	struct sigaction sa;
	struct stat st;
	char why[256];
	int c, fd, status;

	rd_filter_init(&filter);
	while ((c = getopt_long(argc, argv, "f:uc:ap:l:o:sd:mhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				opts.format.format = SOE_FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				opts.format.format = SOE_FORMAT_JSON;
			else
				return usage_error("unknown format '%s' (text or json)", optarg);
			break;
		case 'u':
			opts.format.utc = true;
			break;
		case 'a':
			opts.audit = true;
			break;
		case OPT_BPF:
			opts.format.bpf = true;
			break;
		case 'c':
			if (parse_count(optarg, &opts.max_events))
				return usage_error("--count wants a positive number, not '%s'", optarg);
			break;
		case 'p':
		case OPT_COMM:
		case OPT_UID:
		case OPT_FAMILY:
		case 'l':
		case 'o':
			key = c == 'p' ? RD_FILTER_PID : c == OPT_COMM ? RD_FILTER_COMM :
			      c == OPT_UID ? RD_FILTER_UID : c == OPT_FAMILY ? RD_FILTER_FAMILY :
			      c == 'l' ? RD_FILTER_LEVEL : RD_FILTER_OPTNAME;
			if (rd_filter_add(&filter, key, optarg, why, sizeof(why)))
				return usage_error("%s", why);
			break;
		case 's':
			stats = true;
			break;
		case 'd':
			device = optarg;
			device_given = true;
			break;
		case 'm':
			mapped = true;
			break;
		case OPT_STATE:
			state.path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s %s (record format versions %d to %d)\n",
			       SOE_READER_NAME, SOE_READER_VERSION,
			       SOE_VERSION_MIN, SOE_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				SOE_READER_NAME);
			return 2;
		}
	}
	if (argc - optind > 1)
		return usage_error("one input at most, '%s' is one too many", argv[optind + 1]);
	if (optind < argc && device_given)
		return usage_error("--device and FILE are two inputs; give one");
	if (rd_filter_finish(&filter, why, sizeof(why)))
		return usage_error("%s", why);
	if (rd_filter_active(&filter))
		opts.filter = &filter;

	/* A closed pipe shows up as EPIPE from write(), which ends quietly. */
	signal(SIGPIPE, SIG_IGN);
	if (stats) {
		if (optind < argc)
			return usage_error("--stats reads the module's counters, not '%s'",
					   argv[optind]);
		return print_stats(device, device_given, opts.format.format);
	}

	/* Lines go out as they are made, so "| grep" sees events live. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGALRM);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* The alarm that saves the position: read() and the wait go on after it. */
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);

	path = optind < argc ? argv[optind] : device;
	is_device = optind == argc || !strcmp(path, SOE_DEVICE_PATH);
	if (mapped && !is_device)
		return usage_error("--mmap maps the device's ring; '%s' is a capture", path);
	if (state.path && !is_device)
		return usage_error("--state keeps a position in the device's ring; '%s' is a capture",
				   path);
	if (state.path && asprintf(&state.tmp, "%s.tmp", state.path) < 0) {
		fprintf(stderr, "%s: out of memory\n", SOE_READER_NAME);
		return 1;
	}
	if (!strcmp(path, "-") && !is_device) {
		fd = STDIN_FILENO;
		path = "standard input";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			open_error(path, is_device, errno);
			return 1;
		}
	}

	if (drop_capabilities(path)) {
		if (fd != STDIN_FILENO)
			close(fd);
		return 1;
	}
	if (state.path) {
		if (state_start(fd, path)) {
			close(fd);
			return 1;
		}
		state.pos.moved = state_moved;
		opts.resume = &state.pos;
	}
	/* Live input: an event waits a second at most for its result. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		opts.result_wait_ms = SOE_RESULT_WAIT_MS;
	if (mapped)
		status = run_mapped(fd, path, &opts);
	else
		status = soe_stream_run(fd, path, &opts, stdout, stderr);
	if (fd != STDIN_FILENO)
		close(fd);
	if (state.path) {
		sigprocmask(SIG_BLOCK, &sa.sa_mask, NULL);
		state_save();
		free(state.tmp);
	}
	return status;
}
