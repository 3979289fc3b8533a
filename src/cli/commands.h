/*
 * commands.h — one entry point per subcommand (src/cli/<name>.c).
 *
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit status: 0 success, 1 failure of
 * the job, 2 bad usage. CLI files parse arguments and print; the work is done
 * by library calls.
 */
#ifndef SW_CLI_COMMANDS_H
#define SW_CLI_COMMANDS_H

int sw_cmd_simulate(int argc, char **argv);
int sw_cmd_scan(int argc, char **argv);
int sw_cmd_eval(int argc, char **argv);
int sw_cmd_serve(int argc, char **argv);
int sw_cmd_account(int argc, char **argv);
int sw_cmd_key(int argc, char **argv);
int sw_cmd_detect(int argc, char **argv);
int sw_cmd_wm(int argc, char **argv);

#endif
