/* ctrun list [-q] [--format table|json] */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli.h"
#include "spec/spec.h"

static void print_table(spec_state **list, size_t n) {
  int w[4] = {2, 3, 6, 6}; /* ID PID STATUS BUNDLE */
  char pid[24];
  for (size_t i = 0; i < n; i++) {
    int lens[4] = {(int)strlen(list[i]->id), snprintf(pid, sizeof(pid), "%lld", (long long)list[i]->pid),
                   (int)strlen(list[i]->status), (int)strlen(list[i]->bundle ? list[i]->bundle : "")};
    for (int k = 0; k < 4; k++)
      if (lens[k] > w[k])
        w[k] = lens[k];
  }
  for (int k = 0; k < 4; k++)
    w[k] = w[k] + 3 < 12 ? 12 : w[k] + 3;
  printf("%-*s%-*s%-*s%-*s%-*s%s\n", w[0], "ID", w[1], "PID", w[2], "STATUS", w[3], "BUNDLE",
         33, "CREATED", "OWNER");
  for (size_t i = 0; i < n; i++) {
    snprintf(pid, sizeof(pid), "%lld", (long long)list[i]->pid);
    printf("%-*s%-*s%-*s%-*s%-*s%s\n", w[0], list[i]->id, w[1], pid, w[2], list[i]->status, w[3],
           list[i]->bundle ? list[i]->bundle : "", 33, list[i]->created ? list[i]->created : "",
           list[i]->owner && list[i]->owner[0] ? list[i]->owner : "root");
  }
}

static int print_json(struct cli_globals *g, spec_state **list, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; arr && i < n; i++) {
    char *text = NULL;
    ctrun_error *err = NULL;
    if (spec_state_to_json(list[i], 0, &text, &err) < 0) {
      json_decref(arr);
      return cli_fail(g, err);
    }
    json_array_append_new(arr, json_loads(text, 0, NULL));
    free(text);
  }
  char *out = arr ? json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
  json_decref(arr);
  if (out == NULL)
    return cli_usage_error(g, "list", "out of memory");
  printf("%s\n", out);
  free(out);
  return 0;
}

int cli_list(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {{"quiet", no_argument, NULL, 'q'},
                                          {"format", required_argument, NULL, 'f'},
                                          {NULL, 0, NULL, 0}};
  bool quiet = false, json = false;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+qf:", options, NULL)) != -1) {
    if (c == 'q')
      quiet = true;
    else if (c == 'f' && (strcmp(optarg, "json") == 0 || strcmp(optarg, "table") == 0))
      json = strcmp(optarg, "json") == 0;
    else
      return cli_usage_error(g, "list", "unknown option or format %s", argv[optind - 1]);
  }
  if (optind != argc)
    return cli_usage_error(g, "list", "takes no arguments");
  if (g->parse_only)
    return 0;
  spec_state **list = NULL;
  size_t n = 0;
  ctrun_error *err = NULL;
  if (container_list(&g->ctx, &list, &n, &err) < 0)
    return cli_fail(g, err);
  int ret = 0;
  if (quiet)
    for (size_t i = 0; i < n; i++)
      printf("%s\n", list[i]->id);
  else if (json)
    ret = print_json(g, list, n);
  else
    print_table(list, n);
  container_state_list_free(list, n);
  return ret;
}
