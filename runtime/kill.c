/* container_kill and container_delete.
 *
 * Differences from runc, chosen to follow the runtime-spec (and its
 * conformance tests):
 *   - `delete` of a created container fails like delete of a running one
 *     ("cannot delete container X that is not stopped"); runc kills and
 *     removes it.  `delete --force` kills and removes both.
 *   - `kill` of a stopped container is an error and changes nothing. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/handle.h"
#include "runtime/hooks.h"
#include "runtime/log.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

#define KILL_WAIT_MS 10000

static bool is_live(const char *status) {
  return strcmp(status, "created") == 0 || strcmp(status, "running") == 0 ||
         strcmp(status, "paused") == 0;
}

static int signal_cgroup(const struct container_context *ctx, const struct container_record *rec,
                         int sig, ctrun_error **err) {
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  int r = handle_cgroup(ctx, rec, &m, &cg, err);
  if (r < 0 || cg == NULL) {
    cgroup_manager_free(m);
    return r;
  }
  pid_t *pids = NULL;
  size_t n = 0;
  r = cgroup_pids(cg, &pids, &n, err);
  for (size_t i = 0; r == 0 && i < n; i++)
    if (kill(pids[i], sig) < 0 && errno != ESRCH)
      r = error_set(err, errno, "kill %d", (int)pids[i]);
  free(pids);
  cgroup_free(cg);
  cgroup_manager_free(m);
  return r;
}

int container_kill(const struct container_context *ctx, const char *id, int sig, bool all,
                   ctrun_error **err) {
  struct handle h;
  int r = handle_open(ctx, id, false, &h, err);
  if (r < 0)
    return r;
  const char *status = state_status(h.dir_fd, h.rec);
  if (!is_live(status)) {
    r = error_set(err, ESRCH, "container %s is not running (%s)", id, status);
    goto out;
  }
  int pidfd;
  if ((r = record_pidfd(h.rec, &pidfd, err)) < 0)
    goto out;
  if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
    r = error_set(err, errno, "send signal %d to container %s", sig, id);
  close(pidfd);
  if (r == 0 && all)
    r = signal_cgroup(ctx, h.rec, sig, err);
out:
  handle_close(&h);
  return r;
}

/* SIGKILL the init and everything in the cgroup, and wait for the init to
 * exit (its parent reaps it; a zombie counts as gone). */
static int kill_and_wait(const struct container_context *ctx, const struct container_record *rec,
                         ctrun_error **err) {
  int pidfd;
  ctrun_error *e = NULL;
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  if (handle_cgroup(ctx, rec, &m, &cg, &e) < 0) {
    error_free(e);
    e = NULL;
  }
  /* a frozen (paused) process cannot act on SIGKILL until it is thawed */
  bool frozen = false;
  if (cg && cgroup_is_frozen(cg, &frozen, NULL) == 0 && frozen &&
      cgroup_freeze(cg, false, &e) < 0) {
    char buf[512];
    ctx_log(ctx, CONTAINER_LOG_WARNING, "thaw the processes of %s: %s", rec->id,
            error_format(e, buf, sizeof(buf)));
    error_free(e);
    e = NULL;
  }
  int r = 0;
  if (record_pidfd(rec, &pidfd, &e) < 0) {
    error_free(e);
    e = NULL;
  } else {
    syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
    struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
    while ((r = poll(&pfd, 1, KILL_WAIT_MS)) < 0 && errno == EINTR)
      ;
    close(pidfd);
    if (r == 0)
      r = error_set(err, ETIMEDOUT, "container %s did not exit after SIGKILL", rec->id);
    else
      r = 0;
  }
  if (r == 0 && cg && cgroup_kill_all(cg, SIGKILL, &e) < 0) {
    char buf[512];
    ctx_log(ctx, CONTAINER_LOG_WARNING, "kill the processes of %s: %s", rec->id,
            error_format(e, buf, sizeof(buf)));
  }
  error_free(e);
  cgroup_free(cg);
  cgroup_manager_free(m);
  return r;
}

static void run_poststop(const struct container_context *ctx, const struct handle *h) {
  spec_config *cfg = NULL;
  ctrun_error *e = NULL;
  if (!state_may_have_hooks(h->rec, STATE_HOOK_POSTSTOP))
    return; /* no need to parse the saved config */
  if (handle_config(h, &cfg, &e) < 0) {
    char buf[512];
    ctx_log(ctx, CONTAINER_LOG_WARNING, "poststop hooks not run: %s",
            error_format(e, buf, sizeof(buf)));
    error_free(e);
    return;
  }
  _cleanup_free_ char *json = NULL;
  if (cfg->hooks.poststop.n > 0 && record_state_json(h->rec, "stopped", &json, NULL) == 0)
    hooks_run(ctx, &cfg->hooks.poststop, "poststop", json, 0, true, NULL);
  spec_config_free(cfg);
}

static int destroy_cgroup(const struct container_context *ctx, const struct container_record *rec,
                          ctrun_error **err) {
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  int r = handle_cgroup(ctx, rec, &m, &cg, err);
  if (r == 0 && cg)
    r = cgroup_destroy(cg, err);
  cgroup_free(cg);
  cgroup_manager_free(m);
  return r;
}

/* A state directory without state.json cannot be opened as a container:
 * a create killed before its state write (create writes it once, when the
 * init is in its cgroup).  delete --force removes it.  Its init died with
 * the runtime (PDEATHSIG); its cgroup may be left: found from the saved
 * config as create found it, and only the container's own directories are
 * removed (when empty), not the parents create may have made on the way.
 * Returns 1 when it removed it. */
static int remove_incomplete(const struct container_context *ctx, const char *id) {
  int root_fd;
  if (state_root_open(handle_state_root(ctx), false, &root_fd, NULL) < 0)
    return 0;
  _cleanup_free_ char *config = NULL;
  int r = state_dir_remove_incomplete(root_fd, id, &config, NULL);
  close(root_fd);
  spec_config *cfg = NULL;
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  if (r == 1 && config &&
      spec_config_parse_novalidate(config, strlen(config), "config.json", &cfg, NULL) == 0 &&
      cgroup_manager_new("/sys/fs/cgroup", "auto", &m, NULL) == 0 &&
      cgroup_new(m, cfg->linux_.cgroups_path, id, &cg, NULL) == 0)
    cgroup_remove_leaves(cg);
  cgroup_free(cg);
  cgroup_manager_free(m);
  spec_config_free(cfg);
  return r;
}

int container_delete(const struct container_context *ctx, const char *id, bool force,
                     ctrun_error **err) {
  struct handle h;
  int r = handle_open(ctx, id, true, &h, err);
  if (r == -ENOENT && force && remove_incomplete(ctx, id) == 1) {
    if (err)
      error_freep(err);
    return 0;
  }
  if (r < 0)
    return r;
  const char *status = state_status(h.dir_fd, h.rec);
  if (is_live(status) || strcmp(status, "creating") == 0) {
    if (!force) {
      r = error_set(err, EBUSY, "cannot delete container %s that is not stopped: %s", id, status);
      goto out;
    }
    if ((r = kill_and_wait(ctx, h.rec, err)) < 0)
      goto out;
  }
  run_poststop(ctx, &h);
  if ((r = destroy_cgroup(ctx, h.rec, err)) < 0) {
    error_prefix(err, r, "delete container %s: cgroup", id);
    goto out;
  }
  r = state_dir_remove(h.root_fd, h.dir_fd, id, err);
out:
  handle_close(&h);
  return r;
}
