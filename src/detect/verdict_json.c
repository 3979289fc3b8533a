/* verdict_json.c — see verdict_json.h. Scores are rounded to 4 decimals:
 * more digits would suggest a precision the model does not have. */
#include "detect/verdict_json.h"

#include <math.h>

#include "core/time.h"

static double round4(double x)
{
    return round(x * 10000) / 10000;
}

void sw_verdict_to_json(const sw_verdict *v, sw_buf *b)
{
    sw_json_obj_begin(b);
    sw_json_kv_str(b, "account", v->account);
    sw_json_kv_num(b, "score", round4(v->score));
    sw_json_kv_str(b, "verdict", sw_action_name(v->action));
    sw_json_key(b, "reasons");
    sw_json_arr_begin(b);
    for (int i = 0; i < v->nreasons; i++) {
        sw_json_obj_begin(b);
        sw_json_kv_str(b, "signal", v->reasons[i].signal);
        sw_json_kv_num(b, "weight", round4(v->reasons[i].weight));
        sw_json_kv_str(b, "detail", v->reasons[i].detail);
        sw_json_obj_end(b);
    }
    sw_json_arr_end(b);
    sw_json_kv_str(b, "cluster", v->cluster[0] ? v->cluster : NULL);
    sw_json_key(b, "first_flagged_at");
    if (v->first_flagged_ms >= 0) {
        char ts[SW_TIME_BUFSZ];
        sw_time_format(v->first_flagged_ms, ts);
        sw_json_str(b, ts);
    } else {
        sw_json_null(b);
    }
    sw_json_kv_int(b, "events", v->events);
    sw_json_obj_end(b);
    sw_json_newline(b);
}
