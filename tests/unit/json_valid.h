/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A strict JSON checker (RFC 8259) for the tests: is s, n bytes long, one
 * JSON value with nothing but whitespace around it, and valid UTF-8?
 */
#ifndef SOE_JSON_VALID_H
#define SOE_JSON_VALID_H

#include <stdbool.h>
#include <stddef.h>

bool json_valid(const char *s, size_t n);

#endif /* SOE_JSON_VALID_H */
