/* ctrun kill [--all] ID [SIGNAL]: SIGNAL by name (KILL, SIGKILL) or
 * number; TERM when omitted. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <string.h>

#include "runtime/cli/cli.h"

int cli_kill(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {{"all", no_argument, NULL, 'a'}, {NULL, 0, NULL, 0}};
  bool all = false;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+a", options, NULL)) != -1) {
    if (c != 'a')
      return cli_usage_error(g, "kill", "unknown option %s", argv[optind - 1]);
    all = true;
  }
  int n = argc - optind;
  if (n < 1 || n > 2)
    return cli_usage_error(g, "kill", "usage: ctrun kill [--all] <container-id> [signal]");
  const char *id = argv[optind];
  int sig = SIGTERM;
  if (n == 2 && (sig = cli_parse_signal(argv[optind + 1])) < 0)
    return cli_usage_error(g, "kill", "unknown signal \"%s\"", argv[optind + 1]);
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (container_kill(&g->ctx, id, sig, all, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
