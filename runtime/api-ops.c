/* exec, pause, resume, update, ps, stats.  Each wrapper checks its
 * arguments and the handle, then calls the internal function the CLI
 * subcommand calls (runtime/container.h, runtime/container-cgroup.h). */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/api-internal.h"
#include "runtime/container-cgroup.h"

struct ctrun_stats {
  struct cgroup_stats st;
};

CTRUN_API int ctrun_container_exec(ctrun_container *c, const ctrun_process *process,
                                   const ctrun_exec_options *opts, int *ret_pid,
                                   int *ret_exit_status, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_exec";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(process, fn, err);
  int r;
  if (opts) {
    r = api_check_version(err, fn, "ctrun_exec_options", opts->version,
                          CTRUN_EXEC_OPTIONS_VERSION);
    uint32_t known = CTRUN_EXEC_DETACH | (opts->version >= 2 ? CTRUN_EXEC_STDIO : 0);
    if (r < 0 || (r = api_check_flags(err, fn, opts->flags, known)) < 0)
      return r;
  }
  if ((r = api_container_check(c, fn, err)) < 0)
    return r;
  struct container_exec_options eo = {0};
  if (opts) {
    eo.console_socket = opts->console_socket;
    eo.pid_file = opts->pid_file;
    eo.preserve_fds = opts->preserve_fds;
    if (opts->flags & CTRUN_EXEC_STDIO) /* (a version 1 struct ends before stdio) */
      eo.stdio = opts->stdio;
  }
  pid_t pid = 0;
  int pidfd = -1, code = 255;
  r = container_exec(&c->ctx->ic, c->id, process->proc, &eo, &pid, &pidfd, &code, err);
  if (r < 0)
    return r;
  if (ret_pid)
    *ret_pid = (int)pid;
  if (opts && (opts->flags & CTRUN_EXEC_DETACH)) {
    close(pidfd);
    return 0;
  }
  r = container_exec_wait(pidfd, &code, err);
  close(pidfd);
  if (r == 0 && ret_exit_status)
    *ret_exit_status = code;
  return r;
}

CTRUN_API int ctrun_container_pause(ctrun_container *c, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_pause";
  API_CHECK_NULL(c, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  return container_pause(&c->ctx->ic, c->id, err);
}

CTRUN_API int ctrun_container_resume(ctrun_container *c, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_resume";
  API_CHECK_NULL(c, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  return container_resume(&c->ctx->ic, c->id, err);
}

CTRUN_API int ctrun_container_update(ctrun_container *c, const char *resources_json, size_t len,
                                     ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_update";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(resources_json, fn, err);
  spec_config *cfg = NULL;
  int r = container_resources_parse(resources_json, len, &cfg, err);
  if (r < 0)
    return r;
  if ((r = api_container_check(c, fn, err)) == 0)
    r = container_update(&c->ctx->ic, c->id, &cfg->linux_.resources, err);
  spec_config_free(cfg);
  return r;
}

CTRUN_API int ctrun_container_ps(ctrun_container *c, int **ret_pids, size_t *ret_n,
                                 ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_ps";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_pids, fn, err);
  API_CHECK_NULL(ret_n, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  pid_t *pids = NULL;
  size_t n = 0;
  if ((r = container_ps(&c->ctx->ic, c->id, &pids, &n, err)) < 0)
    return r;
  /* the public type is int whatever pid_t is */
  int *out = n ? calloc(n, sizeof(*out)) : NULL;
  if (n && out == NULL) {
    free(pids);
    return error_set(err, ENOMEM, "%s", fn);
  }
  for (size_t i = 0; i < n; i++)
    out[i] = (int)pids[i];
  free(pids);
  *ret_pids = out;
  *ret_n = n;
  return 0;
}

CTRUN_API int ctrun_container_stats(ctrun_container *c, ctrun_stats **ret_stats,
                                    ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_stats";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_stats, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  ctrun_stats *s = calloc(1, sizeof(*s));
  if (s == NULL)
    return error_set(err, ENOMEM, "%s", fn);
  if ((r = container_stats(&c->ctx->ic, c->id, &s->st, err)) < 0) {
    free(s);
    return r;
  }
  *ret_stats = s;
  return 0;
}

CTRUN_API int ctrun_stats_get(const ctrun_stats *s, ctrun_stats_field field, uint64_t *ret_value,
                              ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_stats_get";
  API_CHECK_NULL(s, fn, err);
  API_CHECK_NULL(ret_value, fn, err);
  const struct cgroup_stats *st = &s->st;
  const struct {
    bool has;
    uint64_t value;
  } fields[] = {
      [CTRUN_STATS_CPU_TOTAL_NS] = {st->has_cpu, st->cpu_total},
      [CTRUN_STATS_CPU_USER_NS] = {st->has_cpu, st->cpu_user},
      [CTRUN_STATS_CPU_KERNEL_NS] = {st->has_cpu, st->cpu_kernel},
      [CTRUN_STATS_CPU_PERIODS] = {st->has_cpu, st->cpu_periods},
      [CTRUN_STATS_CPU_THROTTLED_PERIODS] = {st->has_cpu, st->cpu_throttled_periods},
      [CTRUN_STATS_CPU_THROTTLED_NS] = {st->has_cpu, st->cpu_throttled_time},
      [CTRUN_STATS_MEMORY_USAGE] = {st->has_memory, st->mem_usage},
      [CTRUN_STATS_MEMORY_LIMIT] = {st->has_memory, st->mem_limit},
      [CTRUN_STATS_MEMORY_MAX_USAGE] = {st->has_memory, st->mem_max},
      [CTRUN_STATS_MEMORY_FAILCNT] = {st->has_memory, st->mem_failcnt},
      [CTRUN_STATS_MEMORY_CACHE] = {st->has_memory, st->mem_cache},
      [CTRUN_STATS_MEMORY_RSS] = {st->has_memory, st->mem_rss},
      [CTRUN_STATS_SWAP_USAGE] = {st->has_memory, st->swap_usage},
      [CTRUN_STATS_SWAP_LIMIT] = {st->has_memory, st->swap_limit},
      [CTRUN_STATS_PIDS_CURRENT] = {st->has_pids, st->pids_current},
      [CTRUN_STATS_PIDS_LIMIT] = {st->has_pids, st->pids_limit},
  };
  if ((unsigned)field >= sizeof(fields) / sizeof(fields[0]))
    return error_set(err, EINVAL, "%s: unknown field %d", fn, (int)field);
  if (!fields[field].has)
    return error_set(err, ENODATA, "%s: field %d: the container's cgroup has no such value", fn,
                     (int)field);
  *ret_value = fields[field].value;
  return 0;
}

CTRUN_API void ctrun_stats_free(ctrun_stats *s) {
  if (s == NULL)
    return;
  cgroup_stats_clear(&s->st);
  free(s);
}
