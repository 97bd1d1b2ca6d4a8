// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The --state file: read once at start, written now and then and on the
 * way out (stream.c says when, main.c does it).  The format is in state.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"

/* A whole decimal number up to max, nothing else. */
static bool parse_u64(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n > max)
		return false;
	*v = n;
	return true;
}

int soe_state_load(const char *path, struct soe_state *st, char *why, size_t why_size)
{
	char line[128], key[32], value[32], extra[2];
	bool have_id = false, have_seq = false;
	unsigned int lineno = 0;
	uint64_t v;
	FILE *f;
	int err;

	f = fopen(path, "re");
	if (!f)
		return errno;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			goto bad;
		if (sscanf(line, "%31s %31s %1s", key, value, extra) != 2)
			goto bad;
		if (!strcmp(key, "load_id") && !have_id && parse_u64(value, UINT32_MAX, &v)) {
			st->load_id = (uint32_t)v;
			have_id = true;
		} else if (!strcmp(key, "next_seq") && !have_seq &&
			   parse_u64(value, UINT64_MAX, &v)) {
			st->next_seq = v;
			have_seq = true;
		} else {
			goto bad;
		}
	}
	err = ferror(f) ? EIO : 0;
	fclose(f);
	if (err)
		return err;
	if (!have_id || !have_seq) {
		snprintf(why, why_size, "%s: not a state file (no %s line)", path,
			 have_id ? "next_seq" : "load_id");
		return EINVAL;
	}
	return 0;
bad:
	fclose(f);
	snprintf(why, why_size,
		 "%s: not a state file (line %u is not \"load_id N\" or \"next_seq N\")",
		 path, lineno);
	return EINVAL;
}

/* Decimal digits of v before end; returns where they start. */
static char *put_u64(char *end, uint64_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while (v /= 10);
	return end;
}

/* Append s (n bytes) at *p. */
static void put(char **p, const char *s, size_t n)
{
	memcpy(*p, s, n);
	*p += n;
}

int soe_state_save(const char *path, const char *tmp, const struct soe_state *st)
{
	char buf[96], num[24], *p = buf, *d;
	ssize_t n;
	int fd, err;

	put(&p, "load_id ", 8);
	d = put_u64(num + sizeof(num), st->load_id);
	put(&p, d, num + sizeof(num) - d);
	put(&p, "\nnext_seq ", 10);
	d = put_u64(num + sizeof(num), st->next_seq);
	put(&p, d, num + sizeof(num) - d);
	put(&p, "\n", 1);

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return -1;
	n = write(fd, buf, p - buf);
	if (n != p - buf || fsync(fd)) {
		err = n < 0 || n == p - buf ? errno : EIO;
		close(fd);
		unlink(tmp);
		errno = err;
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err;
		return -1;
	}
	return 0;
}
