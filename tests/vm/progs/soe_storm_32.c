// SPDX-License-Identifier: GPL-2.0
/* soe_storm built with -m32: bad input through the 32-bit entry points. */
#include "soe_storm.c"
