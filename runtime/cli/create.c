/* ctrun create [--bundle DIR] [--pid-file F] [--console-socket S]
 *              [--no-pivot] [--no-new-keyring] [--preserve-fds N] ID */
#include "config.h"

#include "runtime/cli/cli.h"

int cli_create(struct cli_globals *g, int argc, char **argv) {
  struct cli_create_flags f;
  int first = cli_parse_create_flags(g, "create", false, argc, argv, &f);
  if (first < 0)
    return 1;
  const char *id;
  if (cli_one_id(g, "create", argc, argv, first, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (container_create(&g->ctx, id, &f.opts, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
