/* ctrun spec [--bundle DIR]: writes a default config.json, like runc spec;
 * refuses to overwrite one. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/cli/cli.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

int cli_spec(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {{"bundle", required_argument, NULL, 'b'},
                                          {NULL, 0, NULL, 0}};
  const char *bundle = ".";
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+b:", options, NULL)) != -1) {
    if (c != 'b')
      return cli_usage_error(g, "spec", "unknown option %s", argv[optind - 1]);
    bundle = optarg;
  }
  if (optind != argc)
    return cli_usage_error(g, "spec", "takes no arguments");
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  spec_config *cfg = NULL;
  _cleanup_free_ char *text = NULL;
  if (spec_config_new_default(&cfg, &err) < 0 ||
      spec_config_to_json(cfg, SPEC_JSON_PRETTY, &text, &err) < 0) {
    spec_config_free(cfg);
    return cli_fail(g, err);
  }
  spec_config_free(cfg);
  _cleanup_close_ int dfd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    error_set(&err, errno, "open bundle %s", bundle);
    return cli_fail(g, err);
  }
  _cleanup_close_ int fd = openat(dfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    if (errno == EEXIST)
      error_set(&err, 0, "File %s/config.json exists. Remove it first", bundle);
    else
      error_set(&err, errno, "create %s/config.json", bundle);
    return cli_fail(g, err);
  }
  size_t len = strlen(text);
  if (write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1) {
    error_set(&err, errno, "write %s/config.json", bundle);
    return cli_fail(g, err);
  }
  return 0;
}
