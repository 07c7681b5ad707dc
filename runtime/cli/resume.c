/* ctrun resume ID: thaws a paused container. */
#include "config.h"

#include "runtime/cli/cli-cgroup.h"
#include "runtime/container-cgroup.h"

int cli_resume(struct cli_globals *g, int argc, char **argv) {
  const char *id;
  if (cli_one_id(g, "resume", argc, argv, 1, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (container_resume(&g->ctx, id, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
