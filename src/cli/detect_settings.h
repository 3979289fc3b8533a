/*
 * detect_settings.h — the detector's settings from the command line, shared
 * by the commands that run the engine (scan, and the fleet's detect worker),
 * so that both read the same files the same way.
 *
 *   --config FILE     'name = value' lines, '#' comments, blank lines
 *   --set name=value  one setting, applied after the file
 *   --print-config    every setting with its value, default and meaning
 *
 * Problems are reported on stderr as "FILE:LINE: reason" (or "CMD: --set:
 * reason"); every bad line of a file is reported before giving up.
 */
#ifndef SW_CLI_DETECT_SETTINGS_H
#define SW_CLI_DETECT_SETTINGS_H

#include <stdio.h>

#include "detect/config.h"

/* Reads a settings file over cfg: 0, or 1 after reporting. */
int sw_cli_settings_file(sw_detect_config *cfg, const char *cmd, const char *path);

/* Applies one "name=value": 0, or 2 (bad usage) after reporting. */
int sw_cli_settings_set(sw_detect_config *cfg, const char *cmd, const char *assignment);

/* Checks the result (thresholds in order…): 0, or 2 after reporting. */
int sw_cli_settings_check(const sw_detect_config *cfg, const char *cmd);

/* Writes every setting, one "name = value # meaning (default d)" line each. */
void sw_cli_settings_print(const sw_detect_config *cfg, FILE *f);

#endif
