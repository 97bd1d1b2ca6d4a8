#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# counters.sh [HEADER]: the module's counters, one name a line, in the
# order of SOE_COUNTER_LIST in the uapi header (by default this tree's):
# what the tests that name counters follow.
header=${1:-$(dirname "$0")/../../uapi/sockopt_events.h}
sed -n '/^#define SOE_COUNTER_LIST(/,/[^\\]$/s/^[[:space:]]*X(\([a-z0-9_]*\)).*/\1/p' "$header"
