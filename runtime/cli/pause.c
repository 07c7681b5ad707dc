/* ctrun pause ID: freezes every process of the container. */
#include "config.h"

#include "runtime/cli/cli-cgroup.h"
#include "runtime/container-cgroup.h"

int cli_pause(struct cli_globals *g, int argc, char **argv) {
  const char *id;
  if (cli_one_id(g, "pause", argc, argv, 1, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (container_pause(&g->ctx, id, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
