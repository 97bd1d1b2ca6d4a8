/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* The groups of unit tests, one per file. */
#ifndef SOE_TESTS_H
#define SOE_TESTS_H

#include "tap.h"

extern const struct tap_group names_tests;
extern const struct tap_group decode_tests;
extern const struct tap_group stream_tests;
extern const struct tap_group filter_tests;
extern const struct tap_group stats_tests;
extern const struct tap_group ringmap_tests;
extern const struct tap_group exact_tests;
extern const struct tap_group state_tests;
extern const struct tap_group tags_tests;
extern const struct tap_group bpf_tests;
extern const struct tap_group result_tests;

#endif /* SOE_TESTS_H */
