/*
 * main.c — the stillwatch binary: dispatches to one subcommand per job
 * (see DESIGN.md). Only argument routing lives here.
 */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} commands[] = {
    {"scan", sw_cmd_scan, "run the detector over traffic logs and write verdicts"},
    {"simulate", sw_cmd_simulate, "write labelled synthetic traffic"},
    {"eval", sw_cmd_eval, "score verdicts against labels"},
    {"serve", sw_cmd_serve, "run the gateway in front of the model servers"},
    {"account", sw_cmd_account, "create, change or show an account of the gateway's state"},
    {"key", sw_cmd_key, "create or revoke an account's API key"},
    {"detect", sw_cmd_detect, "run the fleet's detector over the shared event stream (Redis)"},
    {"wm", sw_cmd_wm, "detect watermarks in texts, corpora and suspect models"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: stillwatch <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'stillwatch <command> --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("stillwatch 0.1.0\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "stillwatch: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
