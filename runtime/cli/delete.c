/* ctrun delete [--force] ID
 * Unlike runc, deleting a created (not started) container needs --force:
 * the runtime-spec says delete of a container that is not stopped is an
 * error (see runtime/kill.c).  Like runc and crun, delete --force of a
 * container that does not exist succeeds: engines (podman after a failed
 * create, containerd's shim on cleanup) call it to make sure a container is
 * gone, and an error there only hides the real one. */
#include "config.h"

#include <errno.h>
#include <getopt.h>

#include "runtime/cli/cli.h"

static bool container_exists(struct cli_globals *g, const char *id) {
  spec_state *st = NULL;
  ctrun_error *err = NULL;
  int r = container_state(&g->ctx, id, &st, &err);
  error_free(err);
  spec_state_free(st);
  return r != -ENOENT;
}

int cli_delete(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {{"force", no_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  bool force = false;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+f", options, NULL)) != -1) {
    if (c != 'f')
      return cli_usage_error(g, "delete", "unknown option %s", argv[optind - 1]);
    force = true;
  }
  const char *id;
  if (cli_one_id(g, "delete", argc, argv, optind, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  int r = container_delete(&g->ctx, id, force, &err);
  if (r == -ENOENT && force && !container_exists(g, id)) {
    error_free(err);
    return 0;
  }
  if (r < 0)
    return cli_fail(g, err);
  return 0;
}
