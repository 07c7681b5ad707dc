/* bench-lib: the library path of tests/bench/bench.sh.  One process keeps
 * libctrun.so.1 loaded (as an engine would) and, for each line "ID BUNDLE"
 * read from stdin, creates, starts, waits for and deletes that container
 * through the public API, then prints the microseconds it took, or
 * "ERR <message>".  The script runs it as a coprocess, so its samples
 * interleave with the CLI runs.
 *
 *   bench-lib STATE_ROOT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ctrun/ctrun.h>

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int lifecycle(ctrun_context *ctx, const char *id, const char *bundle, ctrun_error **err) {
  ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
  opts.bundle = bundle;
  ctrun_container *c = NULL;
  int code = -1;
  int r = ctrun_container_create(ctx, id, &opts, &c, err);
  if (r == 0)
    r = ctrun_container_start(c, err);
  if (r == 0)
    r = ctrun_container_wait(c, &code, err);
  if (r == 0)
    r = ctrun_container_delete(c, 0, err);
  else if (c)
    ctrun_container_delete(c, CTRUN_DELETE_FORCE, NULL);
  ctrun_container_free(c);
  if (r == 0 && code != 0) {
    *err = NULL;
    return -code - 1000; /* not an errno: the process failed */
  }
  return r;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bench-lib STATE_ROOT < lines of \"ID BUNDLE\"\n");
    return 2;
  }
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  o.state_root = argv[1];
  ctrun_context *ctx = NULL;
  ctrun_error *err = NULL;
  if (ctrun_context_new(&o, &ctx, &err) < 0) {
    fprintf(stderr, "bench-lib: %s\n", ctrun_error_get_message(err));
    return 1;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  char line[8192];
  while (fgets(line, sizeof(line), stdin)) {
    char id[1100], bundle[4096];
    if (sscanf(line, "%1099s %4095s", id, bundle) != 2) {
      printf("ERR bad line\n");
      continue;
    }
    long long t0 = now_us();
    int r = lifecycle(ctx, id, bundle, &err);
    long long t1 = now_us();
    if (r == 0)
      printf("%lld\n", t1 - t0);
    else if (err)
      printf("ERR %s: %s\n", id, ctrun_error_get_message(err));
    else
      printf("ERR %s: the process exited with %d\n", id, -r - 1000);
    ctrun_error_free(err);
    err = NULL;
  }
  ctrun_context_free(ctx);
  return 0;
}
