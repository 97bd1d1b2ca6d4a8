// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * sockopt-reader: print the records of /dev/sockopt_events, or of a capture
 * of it, as text or JSON lines.  Options and opening the input live here;
 * the loop is in stream.c, the formats in decode.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockopt_events.h"
#include "stream.h"

#define SOE_READER_VERSION	"0.1"
#define SOE_DEVICE_PATH		"/dev/" SOE_DEVICE_NAME

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [OPTIONS] [FILE]\n"
		"Print the setsockopt() events recorded by the sockopt_events module.\n"
		"\n"
		"FILE is a capture made with 'cat %s > FILE', or - for standard\n"
		"input; without FILE the events are read live from %s.\n"
		"\n"
		"  -f, --format FORMAT  text (the default) or json, one line per record\n"
		"  -c, --count N        stop after N events\n"
		"  -u, --utc            text: times in UTC instead of local time\n"
		"  -h, --help           show this help and exit\n"
		"  -V, --version        show the version and exit\n"
		"\n"
		"Exit status: 0 when the input ends, N events are printed or the reader\n"
		"is interrupted; 1 on a bad record or an I/O error; 2 on a usage error.\n",
		SOE_READER_NAME, SOE_DEVICE_PATH, SOE_DEVICE_PATH);
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

static void open_error(const char *path, int err)
{
	bool device = !strcmp(path, SOE_DEVICE_PATH);

	if (device && err == ENOENT)
		fprintf(stderr,
			"%s: %s does not exist: load the module first, with 'modprobe sockopt_events' or 'insmod sockopt_events.ko'\n",
			SOE_READER_NAME, path);
	else if (device && (err == EACCES || err == EPERM))
		fprintf(stderr,
			"%s: cannot open %s: %s: reading events needs root (CAP_SYS_ADMIN, or CAP_PERFMON on Linux 5.8 and later)\n",
			SOE_READER_NAME, path, strerror(err));
	else
		fprintf(stderr, "%s: cannot open %s: %s\n", SOE_READER_NAME,
			path, strerror(err));
}

/*
 * Ctrl-C ends the reader quietly, with status 0.  Output is line-buffered
 * and every line is handed to write() whole, so no half line is left.
 */
static void on_interrupt(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'c' },
		{ "utc", no_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct soe_format_opts opts = { SOE_FORMAT_TEXT, false };
	const char *path = SOE_DEVICE_PATH;
	struct sigaction sa;
	uint64_t count = 0;
	int c, fd, status;

	while ((c = getopt_long(argc, argv, "f:c:uhV", long_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				opts.format = SOE_FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				opts.format = SOE_FORMAT_JSON;
			else
				return usage_error("unknown format '%s' (text or json)", optarg);
			break;
		case 'c':
			if (parse_count(optarg, &count))
				return usage_error("--count wants a positive number, not '%s'", optarg);
			break;
		case 'u':
			opts.utc = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s %s (record format version %d)\n",
			       SOE_READER_NAME, SOE_READER_VERSION, SOE_VERSION);
			return 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				SOE_READER_NAME);
			return 2;
		}
	}
	if (argc - optind > 1)
		return usage_error("one input at most, '%s' is one too many", argv[optind + 1]);
	if (optind < argc)
		path = argv[optind];

	/* Lines go out as they are made, so "| grep" sees events live. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A closed pipe shows up as EPIPE from write(), which ends quietly. */
	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);

	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
		path = "standard input";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			open_error(path, errno);
			return 1;
		}
	}

	status = soe_stream_run(fd, path, &opts, count, stdout, stderr);
	if (fd != STDIN_FILENO)
		close(fd);
	return status;
}
