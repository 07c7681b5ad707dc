/* The ctrun command line: one file per subcommand, each a cli_command in
 * the table of main.c.  Subcommands parse their flags, call the library
 * (runtime/container.h) and print; errors are printed once, by cli_fail. */
#ifndef CTRUN_CLI_CLI_H
#define CTRUN_CLI_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/container.h"
#include "spec/error.h"

struct cli_globals {
  const char *root;     /* --root */
  const char *log_path; /* --log */
  bool log_json;        /* --log-format json */
  bool debug;           /* --debug */
  bool systemd_cgroup;  /* --systemd-cgroup */
  FILE *log;            /* --log opened for appending, or NULL (stderr) */
  /* Parse the command line and stop before doing anything (no file opened,
   * no library call): what the CLI fuzzer (tests/fuzz/fuzz-cli.c) runs.
   * Each subcommand returns 0 right after its arguments are accepted. */
  bool parse_only;
  struct container_context ctx;
};

struct cli_command {
  const char *name;
  const char *summary;
  /* argv[0] is the subcommand name; returns the process exit code */
  int (*run)(struct cli_globals *g, int argc, char **argv);
};

/* The whole CLI: main() is cli_main(argc, argv, false). */
int cli_main(int argc, char **argv, bool parse_only);

int cli_create(struct cli_globals *g, int argc, char **argv);
int cli_start(struct cli_globals *g, int argc, char **argv);
int cli_run(struct cli_globals *g, int argc, char **argv);
int cli_state(struct cli_globals *g, int argc, char **argv);
int cli_list(struct cli_globals *g, int argc, char **argv);
int cli_kill(struct cli_globals *g, int argc, char **argv);
int cli_delete(struct cli_globals *g, int argc, char **argv);
int cli_spec(struct cli_globals *g, int argc, char **argv);
int cli_features(struct cli_globals *g, int argc, char **argv);
int cli_exec(struct cli_globals *g, int argc, char **argv);

/* Prints "ctrun: <message>[: <strerror>]" to stderr (and the log), frees
 * e, returns 1. */
int cli_fail(struct cli_globals *g, ctrun_error *e);
/* Usage error of a subcommand: prints it and returns 1. */
int cli_usage_error(struct cli_globals *g, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The log callback of the context (text or JSON lines to --log or stderr). */
void cli_log(enum container_log_level level, const char *message, void *userdata);
/* Exactly one positional argument, the container id. */
int cli_one_id(struct cli_globals *g, const char *cmd, int argc, char **argv, int optind_,
               const char **ret_id);
/* "KILL", "SIGKILL", "9", "RTMIN+3" -> signal number; -1 when unknown. */
int cli_parse_signal(const char *s);

/* --preserve-fds N: 0 .. 65536; -1 after printing an error. */
int cli_parse_preserve_fds(struct cli_globals *g, const char *cmd, const char *arg,
                           unsigned *ret);

/* Foreground run and exec: the signals ctrun gets are handed to forward()
 * until the process behind pidfd (our child or a subreaped one) exits;
 * then it is reaped and *ret_code is its exit code (128+N for signal N).
 * With a pty master (>= 0), stdin and stdout are relayed to it meanwhile. */
typedef void (*cli_forward_fn)(int sig, void *userdata);
void cli_wait_forwarding(int pidfd, cli_forward_fn forward, void *userdata, int master,
                         int *ret_code);

/* tty.c: a terminal without --console-socket (foreground run and exec).
 * The remote end goes to the library as console_socket_fd; the master
 * arrives on the local end. */
int cli_console_pair(int *ret_local, int *ret_remote);
int cli_console_receive(int local); /* the master, or -1 (no terminal) */
struct termios;
bool cli_tty_raw(struct termios *saved); /* stdin to raw mode, when a tty */
void cli_tty_resize(int master);         /* our window size to the pty */
int cli_copy(int from, int to);          /* one read and its writes: bytes, 0 EOF, -errno */

/* create/run share their flags */
struct cli_create_flags {
  struct container_create_options opts;
  bool detach; /* run only */
};
/* Parses create's flags (run: with_detach adds --detach/-d); returns the
 * index of the first positional argument, or -1 after printing an error. */
int cli_parse_create_flags(struct cli_globals *g, const char *cmd, bool with_detach, int argc,
                           char **argv, struct cli_create_flags *ret);

#endif
