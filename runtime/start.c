/* container_start and container_run. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

static void kill_init(const struct container_record *rec) {
  int pidfd;
  ctrun_error *e = NULL;
  if (record_pidfd(rec, &pidfd, &e) == 0) {
    syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
    close(pidfd);
  }
  error_free(e);
}

/* Releases the init: it is blocked in read() on exec.fifo. */
static int release_fifo(const struct handle *h, ctrun_error **err) {
  _cleanup_close_ int fd = openat(h->dir_fd, STATE_FIFO_FILE, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENXIO)
      return error_set(err, ESRCH, "the init of container %s has exited", h->rec->id);
    return error_set(err, errno, "open %s of container %s", STATE_FIFO_FILE, h->rec->id);
  }
  if (write(fd, "0", 1) != 1)
    return error_set(err, errno, "write %s of container %s", STATE_FIFO_FILE, h->rec->id);
  if (unlinkat(h->dir_fd, STATE_FIFO_FILE, 0) < 0)
    return error_set(err, errno, "remove %s of container %s", STATE_FIFO_FILE, h->rec->id);
  return 0;
}

static int start_locked(const struct container_context *ctx, struct handle *h, ctrun_error **err) {
  const char *status = state_status(h->dir_fd, h->rec);
  if (strcmp(status, "created") != 0)
    return error_set(err, EINVAL, "cannot start container %s: it is %s, not created", h->rec->id,
                     status);
  spec_config *cfg = NULL;
  int r;
  /* the saved config is only parsed for its hooks */
  if (!state_may_have_hooks(h->rec, STATE_HOOK_START_CONTAINER | STATE_HOOK_POSTSTART))
    return release_fifo(h, err);
  if ((r = handle_config(h, &cfg, err)) < 0)
    return r;
  _cleanup_free_ char *json = NULL;
  /* startContainer: in the container's namespaces, before the process execs
   * (run from here, as runc approximates it, since the init has dropped its
   * privileges and loaded seccomp already) */
  if (cfg->hooks.start_container.n > 0) {
    r = record_state_json(h->rec, "created", &json, err);
    if (r == 0)
      r = hooks_run(ctx, &cfg->hooks.start_container, "startContainer", json, h->rec->pid, false,
                    err);
    if (r < 0) {
      kill_init(h->rec);
      goto out;
    }
  }
  if ((r = release_fifo(h, err)) < 0)
    goto out;
  if (cfg->hooks.poststart.n > 0) {
    free(json);
    json = NULL;
    if (record_state_json(h->rec, "running", &json, NULL) == 0)
      hooks_run(ctx, &cfg->hooks.poststart, "poststart", json, 0, true, NULL);
  }
out:
  spec_config_free(cfg);
  return r;
}

int container_start(const struct container_context *ctx, const char *id, ctrun_error **err) {
  struct handle h;
  int r = handle_open(ctx, id, true, &h, err);
  if (r < 0)
    return r;
  r = start_locked(ctx, &h, err);
  handle_close(&h);
  return r;
}

int container_run(const struct container_context *ctx, const char *id,
                  const struct container_create_options *opts, bool detach, int *ret_exit_code,
                  ctrun_error **err) {
  int r = container_create(ctx, id, opts, err);
  if (r < 0)
    return r;
  r = container_start(ctx, id, err);
  if (r < 0 || detach) {
    if (r < 0)
      container_delete(ctx, id, true, NULL);
    if (r == 0 && ret_exit_code)
      *ret_exit_code = 0;
    return r;
  }
  int code = -1;
  r = container_wait(ctx, id, &code, err);
  ctrun_error *derr = NULL;
  int dr = container_delete(ctx, id, true, &derr);
  if (r < 0) {
    error_free(derr);
    return r;
  }
  if (dr < 0) {
    if (err && *err == NULL)
      *err = derr;
    else
      error_free(derr);
    return dr;
  }
  if (ret_exit_code)
    *ret_exit_code = code;
  return 0;
}
