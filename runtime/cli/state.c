/* ctrun state ID: runc's state JSON on stdout. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "runtime/cli/cli.h"
#include "spec/spec.h"

int cli_state(struct cli_globals *g, int argc, char **argv) {
  const char *id;
  if (cli_one_id(g, "state", argc, argv, 1, &id))
    return 1;
  ctrun_error *err = NULL;
  spec_state *s = NULL;
  char *text = NULL;
  if (container_state(&g->ctx, id, &s, &err) < 0 ||
      spec_state_to_json(s, SPEC_JSON_PRETTY, &text, &err) < 0) {
    spec_state_free(s);
    return cli_fail(g, err);
  }
  printf("%s\n", text);
  free(text);
  spec_state_free(s);
  return 0;
}
