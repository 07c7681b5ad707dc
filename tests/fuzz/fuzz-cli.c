/* libFuzzer: the ctrun command line.  The input is argv after "ctrun",
 * arguments separated by NUL bytes.  cli_main runs in parse_only mode: the
 * global options and the subcommand's flags are parsed exactly as ctrun
 * parses them, then it returns before acting (tests/fuzz/cli-stubs.c aborts
 * if a subcommand goes further).  Any crash, leak or UB is a bug; so is an
 * exit code other than 0 (accepted, or --help) and 1 (refused). */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *buf = malloc(size + 1);
  char *argv[MAX_ARGS + 2];
  int argc = 0;
  if (buf == NULL)
    return 0;
  memcpy(buf, data, size);
  buf[size] = '\0';
  argv[argc++] = "ctrun";
  for (char *p = buf; p <= buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
    argv[argc++] = p;
  argv[argc] = NULL;

  optind = 0; /* a fresh getopt, as in a new process */
  int r = cli_main(argc, argv, true);
  if (r != 0 && r != 1)
    abort();
  free(buf);
  return 0;
}
