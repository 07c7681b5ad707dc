/* ctrun-nethook: libvirt's <interface> types as an OCI hook.
 *   createRuntime: ctrun-nethook setup     (reads the state on stdin)
 *   poststop:      ctrun-nethook teardown
 * The only place that prints: "ctrun-nethook: <message>" on stderr. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks/net-config.h"
#include "hooks/net-setup.h"
#include "hooks/net-state.h"
#include "spec/cleanup.h"

#define MAX_INPUT (16 * 1024 * 1024)

DEFINE_CLEANUP_FUNC(struct net_state *, net_state_free)
DEFINE_CLEANUP_FUNC(struct net_config *, net_config_free)

static int read_all(FILE *f, const char *what, char **ret, ctrun_error **err) {
  size_t len = 0, cap = 4096;
  _cleanup_free_ char *buf = malloc(cap);
  if (buf == NULL)
    return error_set(err, ENOMEM, "read %s", what);
  for (;;) {
    size_t n = fread(buf + len, 1, cap - len - 1, f);
    len += n;
    if (n == 0)
      break;
    if (len + 1 == cap) {
      if (cap >= MAX_INPUT)
        return error_set(err, EFBIG, "read %s", what);
      char *bigger = realloc(buf, cap * 2);
      if (bigger == NULL)
        return error_set(err, ENOMEM, "read %s", what);
      buf = bigger;
      cap *= 2;
    }
  }
  if (ferror(f))
    return error_set(err, EIO, "read %s", what);
  buf[len] = '\0';
  *ret = TAKE_PTR(buf);
  return 0;
}

/* The state carries the annotations since runtime-spec 1.0.2; older
 * runtimes only have them in the bundle. */
static int bundle_annotation(const char *bundle, char **ret, ctrun_error **err) {
  _cleanup_free_ char *path = NULL;
  _cleanup_free_ char *text = NULL;
  if (asprintf(&path, "%s/config.json", bundle) < 0)
    return error_set(err, ENOMEM, "config.json");
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", path);
  _cleanup_fclose_ FILE *f = fdopen(fd, "r");
  if (f == NULL) {
    close(fd);
    return error_set(err, errno, "open %s", path);
  }
  int r = read_all(f, path, &text, err);
  if (r < 0)
    return r;
  return net_config_json_annotation(text, ret, err);
}

static void usage(FILE *out) {
  fprintf(out,
          "Usage: ctrun-nethook setup|teardown < STATE\n"
          "An OCI hook: configures the interfaces of the annotation "
          NET_ANNOTATION "\n"
          "in the network namespace of the container (setup, as a "
          "createRuntime hook)\n"
          "and removes its host-side interfaces (teardown, as a poststop "
          "hook).\n");
}

static int run(bool setup, ctrun_error **err) {
  _cleanup_free_ char *input = NULL;
  _cleanup_(net_state_freep) struct net_state *state = NULL;
  _cleanup_(net_config_freep) struct net_config *config = NULL;

  int r = read_all(stdin, "the state on stdin", &input, err);
  if (r >= 0)
    r = net_state_parse(input, &state, err);
  if (r >= 0 && state->annotation == NULL && state->bundle)
    r = bundle_annotation(state->bundle, &state->annotation, err);
  if (r < 0)
    return r;
  if (state->annotation == NULL)
    return 0; /* no network for this container */

  r = net_config_parse(state->annotation, state->id, &config, err);
  if (r < 0)
    return error_prefix(err, r, "annotation %s", NET_ANNOTATION);
  if (!setup)
    return net_teardown(config, err);
  if (state->pid <= 0)
    return error_set(err, 0,
                     "state: pid: missing (setup runs while the container's "
                     "process exists: use it as a createRuntime hook)");
  return net_setup(config, state->pid, err);
}

int main(int argc, char **argv) {
  _cleanup_error_ ctrun_error *err = NULL;
  bool setup;

  if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    usage(stdout);
    return 0;
  }
  /* up/down: the names of the first design draft */
  if (argc == 2 && (strcmp(argv[1], "setup") == 0 || strcmp(argv[1], "up") == 0))
    setup = true;
  else if (argc == 2 &&
           (strcmp(argv[1], "teardown") == 0 || strcmp(argv[1], "down") == 0))
    setup = false;
  else {
    usage(stderr);
    return 2;
  }
  if (run(setup, &err) < 0) {
    char buf[1024];
    fprintf(stderr, "ctrun-nethook: %s\n", error_format(err, buf, sizeof(buf)));
    return 1;
  }
  return 0;
}
