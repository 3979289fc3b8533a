/*
 * verdict_json.h — one sw_verdict as one line of verdicts.jsonl
 * (spec/traffic-log.md): account, score, verdict, reasons, cluster,
 * first_flagged_at, events.
 */
#ifndef SW_VERDICT_JSON_H
#define SW_VERDICT_JSON_H

#include "core/buf.h"
#include "detect/engine.h"

/* Appends the JSON object and a newline to b. */
void sw_verdict_to_json(const sw_verdict *v, sw_buf *b);

#endif
