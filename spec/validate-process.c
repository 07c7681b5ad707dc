/* Validation of the "process" object (config.json and process.json). */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/names.h"
#include "spec/validate.h"

static int check_capability_set(const strv_t *set, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < set->n; i++) {
    if (!spec_capability_value(set->items[i], NULL)) {
      struct jpath ep = {p, NULL, i};
      _cleanup_free_ char *shown = json_quote(set->items[i]);
      return jpath_error(err, &ep, "unknown capability %s", shown ? shown : "?");
    }
  }
  return 0;
}

static int check_capabilities(const spec_capabilities *caps, const struct jpath *p,
                              ctrun_error **err) {
  const struct {
    const char *key;
    const strv_t *set;
  } sets[] = {
      {"bounding", &caps->bounding},       {"effective", &caps->effective},
      {"inheritable", &caps->inheritable}, {"permitted", &caps->permitted},
      {"ambient", &caps->ambient},
  };
  for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
    struct jpath sp = {p, sets[i].key, 0};
    int r = check_capability_set(sets[i].set, &sp, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int check_rlimits(const spec_process *proc, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < proc->n_rlimits; i++) {
    const spec_rlimit *rl = &proc->rlimits[i];
    struct jpath ep = {p, NULL, i}, tp = {&ep, "type", 0}, sp = {&ep, "soft", 0};
    int r = check_required(rl->type, &tp, err);
    if (r < 0)
      return r;
    if (!spec_rlimit_value(rl->type, NULL)) {
      _cleanup_free_ char *shown = json_quote(rl->type);
      return jpath_error(err, &tp, "unknown rlimit %s", shown ? shown : "?");
    }
    for (size_t k = 0; k < i; k++)
      if (strcmp(proc->rlimits[k].type, rl->type) == 0)
        return jpath_error(err, &tp, "%s is repeated (also at index %zu)", rl->type, k);
    if (rl->soft > rl->hard)
      return jpath_error(err, &sp, "soft limit %ju is above the hard limit %ju",
                         (uintmax_t)rl->soft, (uintmax_t)rl->hard);
  }
  return 0;
}

static int check_io_priority(const spec_io_priority *io, const struct jpath *p, ctrun_error **err) {
  if (!io->present)
    return 0;
  struct jpath cp = {p, "class", 0}, pp = {p, "priority", 0};
  int r = check_required(io->class_, &cp, err);
  if (r < 0)
    return r;
  if (!spec_ioprio_class_known(io->class_)) {
    _cleanup_free_ char *shown = json_quote(io->class_);
    return jpath_error(err, &cp, "unknown class %s", shown ? shown : "?");
  }
  /* The kernel's levels within a class are 0 (highest) to 7. */
  if (io->priority < 0 || io->priority > 7)
    return jpath_error(err, &pp, "%jd is out of range (0..7)", (intmax_t)io->priority);
  return 0;
}

static int check_scheduler(const spec_scheduler *s, const struct jpath *p, ctrun_error **err) {
  if (!s->present)
    return 0;
  struct jpath pp = {p, "policy", 0}, fp = {p, "flags", 0}, np = {p, "nice", 0};
  int r = check_required(s->policy, &pp, err);
  if (r < 0)
    return r;
  if (!spec_scheduler_policy_known(s->policy)) {
    _cleanup_free_ char *shown = json_quote(s->policy);
    return jpath_error(err, &pp, "unknown policy %s", shown ? shown : "?");
  }
  for (size_t i = 0; i < s->flags.n; i++)
    if (!spec_scheduler_flag_known(s->flags.items[i])) {
      struct jpath ep = {&fp, NULL, i};
      _cleanup_free_ char *shown = json_quote(s->flags.items[i]);
      return jpath_error(err, &ep, "unknown flag %s", shown ? shown : "?");
    }
  if (s->nice.set && (s->nice.value < -20 || s->nice.value > 19))
    return jpath_error(err, &np, "%jd is out of range (-20..19)", (intmax_t)s->nice.value);
  return 0;
}

/* NAME=VALUE with a name, as runc requires: execve would pass anything, but
 * a process that gets "FOO" cannot read it back with getenv. */
static int check_env(const strv_t *env, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < env->n; i++) {
    struct jpath ep = {p, NULL, i};
    const char *eq = strchr(env->items[i], '=');
    if (eq == NULL || eq == env->items[i]) {
      _cleanup_free_ char *shown = json_quote(env->items[i]);
      return jpath_error(err, &ep, "%s is not NAME=VALUE", shown ? shown : "?");
    }
  }
  return 0;
}

int validate_process(const spec_process *proc, const struct jpath *path, spec_warn_fn warn,
                     void *userdata, ctrun_error **err) {
  struct jpath args = {path, "args", 0}, cwd = {path, "cwd", 0}, caps = {path, "capabilities", 0},
               rlimits = {path, "rlimits", 0}, oom = {path, "oomScoreAdj", 0},
               io = {path, "ioPriority", 0}, sched = {path, "scheduler", 0},
               aff = {path, "execCPUAffinity", 0}, aff_initial = {&aff, "initial", 0},
               aff_final = {&aff, "final", 0}, env = {path, "env", 0};
  int r;
  /* On Linux at least one argument is required (commandLine is Windows-only). */
  if (proc->args.n == 0)
    return jpath_error(err, &args,
                       proc->args.present ? "must not be empty" : "required property is missing");
  if ((r = check_required(proc->cwd, &cwd, err)) < 0)
    return r;
  if ((r = check_absolute(proc->cwd, &cwd, err)) < 0)
    return r;
  if ((r = check_env(&proc->env, &env, err)) < 0)
    return r;
  if ((r = check_capabilities(&proc->capabilities, &caps, err)) < 0)
    return r;
  if ((r = check_rlimits(proc, &rlimits, err)) < 0)
    return r;
  /* The kernel accepts -1000..1000 and nothing else. */
  if (proc->oom_score_adj.set &&
      (proc->oom_score_adj.value < -1000 || proc->oom_score_adj.value > 1000))
    return jpath_error(err, &oom, "%jd is out of range (-1000..1000)",
                       (intmax_t)proc->oom_score_adj.value);
  if ((r = check_io_priority(&proc->io_priority, &io, err)) < 0)
    return r;
  if ((r = check_scheduler(&proc->scheduler, &sched, err)) < 0)
    return r;
  if ((r = check_cpu_list(proc->exec_cpu_affinity.initial, &aff_initial, err)) < 0)
    return r;
  if ((r = check_cpu_list(proc->exec_cpu_affinity.final, &aff_final, err)) < 0)
    return r;
  return 0;
}
