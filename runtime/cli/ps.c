/* ctrun ps [--format table|json] ID [ps options]: the processes of the
 * container; json is the array of pids, table is ps(1)'s output (ps -ef,
 * or the given ps options) restricted to them, as runc does. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli-cgroup.h"
#include "runtime/container-cgroup.h"

static bool has_pid(const pid_t *pids, size_t n, long pid) {
  for (size_t i = 0; i < n; i++)
    if (pids[i] == pid)
      return true;
  return false;
}

static int print_table(struct cli_globals *g, const pid_t *pids, size_t n, int argc, char **argv) {
  char cmd[1024] = "ps";
  for (int i = 0; i < argc; i++) {
    /* the options are passed to ps: keep them to a safe alphabet */
    if (strspn(argv[i], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-,=") != strlen(argv[i]))
      return cli_usage_error(g, "ps", "unsupported ps option \"%s\"", argv[i]);
    strncat(cmd, " ", sizeof(cmd) - strlen(cmd) - 1);
    strncat(cmd, argv[i], sizeof(cmd) - strlen(cmd) - 1);
  }
  if (argc == 0)
    strncat(cmd, " -ef", sizeof(cmd) - strlen(cmd) - 1);
  FILE *f = popen(cmd, "r");
  if (f == NULL)
    return cli_usage_error(g, "ps", "cannot run %s", cmd);
  char line[4096];
  int pid_col = -1;
  bool header = true;
  while (fgets(line, sizeof(line), f)) {
    if (header) {
      /* find the PID column in the header */
      char copy[4096];
      snprintf(copy, sizeof(copy), "%s", line);
      int col = 0;
      for (char *save = NULL, *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), col++)
        if (strcmp(t, "PID") == 0)
          pid_col = col;
      fputs(line, stdout);
      header = false;
      continue;
    }
    char copy[4096];
    snprintf(copy, sizeof(copy), "%s", line);
    int col = 0;
    for (char *save = NULL, *t = strtok_r(copy, " \t\n", &save); t; t = strtok_r(NULL, " \t\n", &save), col++)
      if (col == pid_col) {
        if (has_pid(pids, n, strtol(t, NULL, 10)))
          fputs(line, stdout);
        break;
      }
  }
  int st = pclose(f);
  if (pid_col < 0 || st != 0)
    return cli_usage_error(g, "ps", "%s: no PID column in its output", cmd);
  return 0;
}

int cli_ps(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {{"format", required_argument, NULL, 'f'}, {NULL, 0, NULL, 0}};
  const char *format = "table";
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+f:", options, NULL)) != -1) {
    if (c != 'f')
      return cli_usage_error(g, "ps", "unknown option %s", argv[optind - 1]);
    format = optarg;
  }
  if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)
    return cli_usage_error(g, "ps", "invalid format \"%s\" (table or json)", format);
  if (optind >= argc)
    return cli_usage_error(g, "ps", "usage: ctrun ps [--format table|json] <container-id> [ps options]");
  const char *id = argv[optind];
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  pid_t *pids = NULL;
  size_t n = 0;
  if (container_ps(&g->ctx, id, &pids, &n, &err) < 0)
    return cli_fail(g, err);
  int ret = 0;
  if (strcmp(format, "json") == 0) {
    printf("[");
    for (size_t i = 0; i < n; i++)
      printf("%s%d", i ? "," : "", (int)pids[i]);
    printf("]\n");
  } else {
    ret = print_table(g, pids, n, argc - optind - 1, argv + optind + 1);
  }
  free(pids);
  return ret;
}
