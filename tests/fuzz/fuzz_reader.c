/*
 * fuzz_reader.c — libFuzzer target for the traffic-log readers.
 *
 * Feeds arbitrary bytes to the event parser (as one line and split at
 * newlines, as the scanner would) and to the accounts-file parser. Any
 * crash, sanitizer report or leak is a bug; parse errors are expected and
 * must come with a non-empty reason.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/error.h"
#include "core/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sw_event_parser *parser;
    if (!parser && sw_event_parser_new(&parser) != SW_OK)
        abort();
    const char *text = (const char *)data;
    sw_event ev;
    char err[256];
    if (sw_event_parse(parser, text, size, &ev, err, sizeof err) != SW_OK && !err[0])
        abort();
    size_t start = 0;
    for (size_t i = 0; i <= size; i++) {
        if (i == size || text[i] == '\n') {
            err[0] = '\0';
            if (sw_event_parse(parser, text + start, i - start, &ev, err, sizeof err) == SW_OK) {
                /* what a parsed event promises */
                if (!ev.account || !ev.account[0] || !ev.model || !ev.prompt || !ev.system ||
                    strlen(ev.prompt) != ev.prompt_len)
                    abort();
            } else if (!err[0]) {
                abort();
            }
            start = i + 1;
        }
    }
    sw_account_info info;
    if (sw_account_parse(text, size, &info, err, sizeof err) == SW_OK && !info.account[0])
        abort();
    return 0;
}
