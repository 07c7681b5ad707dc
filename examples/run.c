/* run: runs the container of BUNDLE/config.json with libctrun, as
 * `ctrun run` does, and prints its exit code.  The container's output goes
 * to this program's stdout/stderr (process.terminal false).
 *
 *   cc run.c $(pkg-config --cflags --libs libctrun) -o run
 *   ./run BUNDLE ID [STATE-ROOT]                      (as root) */
#include <ctrun/ctrun.h>
#include <stdio.h>

/* The library never prints: its messages come here. */
static void print_log(ctrun_log_level level, const char *message, void *userdata) {
  (void)userdata;
  if (level <= CTRUN_LOG_WARNING)
    fprintf(stderr, "run: %s: %s\n", level == CTRUN_LOG_ERROR ? "error" : "warning", message);
}

int main(int argc, char **argv) {
  if (argc < 3 || argc > 4) {
    fprintf(stderr, "usage: %s BUNDLE ID [STATE-ROOT]\n", argv[0]);
    return 2;
  }
  ctrun_context_options ctx_opts = CTRUN_CONTEXT_OPTIONS_INIT;
  ctx_opts.state_root = argc == 4 ? argv[3] : NULL; /* NULL: /run/ctrun */
  ctx_opts.log = print_log;

  ctrun_context *ctx = NULL;
  ctrun_error *err = NULL;
  int status = -1;
  if (ctrun_context_new(&ctx_opts, &ctx, &err) == 0) {
    ctrun_create_options opts = CTRUN_CREATE_OPTIONS_INIT;
    opts.bundle = argv[1];
    /* create, start, wait for the init, delete */
    fflush(stdout);
    ctrun_container_run(ctx, argv[2], &opts, &status, &err);
  }
  ctrun_context_free(ctx);
  if (err) {
    fprintf(stderr, "run: %s (errno %d)\n", ctrun_error_get_message(err),
            ctrun_error_get_errno(err));
    ctrun_error_free(err);
    return 1;
  }
  printf("run: container %s exited with status %d\n", argv[2], status);
  return 0;
}
