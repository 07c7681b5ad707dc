/* ctrun state ID: runc's state JSON on stdout, plus "oomKilled": true when
 * a stopped container's cgroup records an OOM kill (runc has no such
 * field; tools that do not know it ignore it). */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli.h"
#include "runtime/container-cgroup.h"
#include "spec/cleanup-json.h"
#include "spec/spec.h"

/* Adds "oomKilled": true to the state text (same pretty format, every
 * other field unchanged).  Best effort: on any failure the text stays. */
static void add_oom_killed(const struct cli_globals *g, const char *id, const spec_state *s,
                           char **text) {
  if (s->status == NULL || strcmp(s->status, "stopped") != 0)
    return;
  uint64_t kills = 0;
  ctrun_error *e = NULL;
  if (container_oom_kills(&g->ctx, id, &kills, &e) < 0 || kills == 0) {
    error_free(e);
    return;
  }
  _cleanup_json_ json_t *j = json_loads(*text, 0, NULL);
  if (j == NULL || json_object_set_new(j, "oomKilled", json_true()) < 0)
    return;
  char *out = json_dumps(j, JSON_INDENT(2));
  if (out == NULL)
    return;
  free(*text);
  *text = out;
}

int cli_state(struct cli_globals *g, int argc, char **argv) {
  const char *id;
  if (cli_one_id(g, "state", argc, argv, 1, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  spec_state *s = NULL;
  char *text = NULL;
  if (container_state(&g->ctx, id, &s, &err) < 0 ||
      spec_state_to_json(s, SPEC_JSON_PRETTY, &text, &err) < 0) {
    spec_state_free(s);
    return cli_fail(g, err);
  }
  add_oom_killed(g, id, s, &text);
  printf("%s\n", text);
  free(text);
  spec_state_free(s);
  return 0;
}
