/* ctrun start ID */
#include "config.h"

#include <getopt.h>

#include "runtime/cli/cli.h"

int cli_start(struct cli_globals *g, int argc, char **argv) {
  const char *id;
  if (cli_one_id(g, "start", argc, argv, 1, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (container_start(&g->ctx, id, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
