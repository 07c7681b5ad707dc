/* Validation of linux.seccomp: every action, architecture, operator and
 * flag must be one the spec names. */
#include "config.h"

#include <string.h>

#include "spec/cleanup.h"
#include "spec/names.h"
#include "spec/validate.h"

/* The argument registers a filter can look at. */
#define SECCOMP_MAX_ARGS 6

static int check_names(const strv_t *v, bool (*known)(const char *), const char *what,
                       const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < v->n; i++) {
    struct jpath ep = {p, NULL, i};
    if (!known(v->items[i]))
      return unknown_value(what, v->items[i], &ep, err);
  }
  return 0;
}

static int check_action(const char *action, const spec_seccomp *sc, const struct jpath *p,
                        ctrun_error **err) {
  int r = check_required(action, p, err);
  if (r < 0)
    return r;
  if (!spec_seccomp_action_known(action))
    return unknown_value("seccomp action", action, p, err);
  /* Notifications go to the listener; without one nobody would answer. */
  if (strcmp(action, "SCMP_ACT_NOTIFY") == 0 && sc->listener_path == NULL)
    return jpath_error(err, p, "SCMP_ACT_NOTIFY needs linux.seccomp.listenerPath");
  return 0;
}

static int check_syscall(const spec_syscall *s, const spec_seccomp *sc, const struct jpath *p,
                         ctrun_error **err) {
  struct jpath np = {p, "names", 0}, acp = {p, "action", 0}, ap = {p, "args", 0};
  int r;
  if (s->names.n == 0)
    return jpath_error(err, &np, "must not be empty");
  for (size_t i = 0; i < s->names.n; i++)
    if (s->names.items[i][0] == '\0') {
      struct jpath ep = {&np, NULL, i};
      return jpath_error(err, &ep, "must not be empty");
    }
  if ((r = check_action(s->action, sc, &acp, err)) < 0)
    return r;
  for (size_t i = 0; i < s->n_args; i++) {
    const spec_seccomp_arg *a = &s->args[i];
    struct jpath ep = {&ap, NULL, i}, ip = {&ep, "index", 0}, op = {&ep, "op", 0};
    if (a->index >= SECCOMP_MAX_ARGS)
      return jpath_error(err, &ip, "%u is out of range (0..%d)", a->index, SECCOMP_MAX_ARGS - 1);
    if ((r = check_required(a->op, &op, err)) < 0)
      return r;
    if (!spec_seccomp_op_known(a->op))
      return unknown_value("seccomp operator", a->op, &op, err);
  }
  return 0;
}

int validate_seccomp(const spec_seccomp *sc, const struct jpath *path, ctrun_error **err) {
  struct jpath sp = {path, "seccomp", 0}, dp = {&sp, "defaultAction", 0},
               arch = {&sp, "architectures", 0}, flags = {&sp, "flags", 0},
               calls = {&sp, "syscalls", 0};
  int r;
  if (!sc->present)
    return 0;
  if ((r = check_action(sc->default_action, sc, &dp, err)) < 0)
    return r;
  if ((r = check_names(&sc->architectures, spec_seccomp_arch_known, "seccomp architecture", &arch,
                       err)) < 0)
    return r;
  if ((r = check_names(&sc->flags, spec_seccomp_flag_known, "seccomp flag", &flags, err)) < 0)
    return r;
  for (size_t i = 0; i < sc->n_syscalls; i++) {
    struct jpath ep = {&calls, NULL, i};
    if ((r = check_syscall(&sc->syscalls[i], sc, &ep, err)) < 0)
      return r;
  }
  return 0;
}
