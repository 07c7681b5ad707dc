/* ctrun features: the runtime-spec features document. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "runtime/cli/cli.h"
#include "spec/spec.h"

int cli_features(struct cli_globals *g, int argc, char **argv) {
  if (argc != 1)
    return cli_usage_error(g, "features", "takes no arguments");
  if (g->parse_only)
    return 0;
  char *text = NULL;
  ctrun_error *err = NULL;
  if (spec_features_to_json(SPEC_JSON_PRETTY, &text, &err) < 0)
    return cli_fail(g, err);
  printf("%s\n", text);
  free(text);
  return 0;
}
