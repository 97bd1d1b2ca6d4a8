/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The two renderers of a checked record, called by soe_record_format():
 * json.c writes one JSON object, text.c one text line, each ending in '\n'.
 */
#ifndef SOE_RENDER_H
#define SOE_RENDER_H

#include <stdbool.h>

#include "out.h"
#include "sockopt_events.h"

void soe_json_event(struct soe_out *o, const struct soe_event *ev);
void soe_json_loss(struct soe_out *o, const struct soe_loss *loss);

/* utc: times in UTC instead of local time. */
void soe_text_event(struct soe_out *o, const struct soe_event *ev, bool utc);
void soe_text_loss(struct soe_out *o, const struct soe_loss *loss, bool utc);

#endif /* SOE_RENDER_H */
