/*
 * parse_only.c — the floor under `stillwatch scan`: read every line of a
 * traffic log and parse it into an sw_event, with no detection. bench/scan
 * prints the detector's throughput beside this one.
 */
#include <stdio.h>

#include "core/error.h"
#include "core/event.h"
#include "core/lines.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_only EVENTS.jsonl\n");
        return 2;
    }
    sw_lines in;
    sw_event_parser *p;
    if (sw_lines_open(&in, argv[1]) != SW_OK || sw_event_parser_new(&p) != SW_OK) {
        perror(argv[1]);
        return 1;
    }
    const char *line;
    size_t len;
    unsigned long long ok = 0, bad = 0, chars = 0;
    while (sw_lines_next(&in, &line, &len) == SW_OK) {
        sw_event ev;
        char err[128];
        if (sw_event_parse(p, line, len, &ev, err, sizeof err) == SW_OK) {
            ok++;
            chars += ev.prompt_len;
        } else {
            bad++;
        }
    }
    printf("%llu events parsed, %llu malformed, %llu prompt bytes\n", ok, bad, chars);
    sw_event_parser_free(p);
    sw_lines_close(&in);
    return 0;
}
