/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * An output line being built, and the escaping of untrusted bytes into it.
 *
 * A line has a fixed buffer; once a write does not fit, the line is full
 * and stays full, dropping the rest, so the caller checks once at the end.
 */
#ifndef SOE_OUT_H
#define SOE_OUT_H

#include <stdbool.h>
#include <stddef.h>

struct soe_out {
	char *buf;
	size_t size;
	size_t len;
	bool full;
};

void soe_put_mem(struct soe_out *o, const char *s, size_t n);
void soe_put_str(struct soe_out *o, const char *s);
void soe_put_char(struct soe_out *o, char c);
__attribute__((format(printf, 2, 3)))
void soe_put_fmt(struct soe_out *o, const char *fmt, ...);
/* Bytes as lowercase hex digits, two a byte. */
void soe_put_hex(struct soe_out *o, const unsigned char *p, size_t n);

/*
 * The inside of a JSON string holding n bytes at s (see out.c); false when
 * the string does not parse back to exactly these bytes (not UTF-8).
 */
bool soe_json_chars(struct soe_out *o, const unsigned char *s, size_t n);
/* n bytes at s inside a text field: printable ASCII, the rest as \xNN. */
void soe_text_chars(struct soe_out *o, const unsigned char *s, size_t n);

#endif /* SOE_OUT_H */
