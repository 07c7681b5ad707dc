#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/handle.h"
#include "runtime/security.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

const char *handle_state_root(const struct container_context *ctx) {
  return ctx && ctx->state_root ? ctx->state_root : CONTAINER_DEFAULT_STATE_ROOT;
}

void handle_close(struct handle *h) {
  container_record_free(h->rec);
  h->rec = NULL;
  if (h->dir_fd >= 0)
    close(h->dir_fd);
  if (h->root_fd >= 0)
    close(h->root_fd);
  h->dir_fd = h->root_fd = -1;
}

/* Without a lock, a delete may have removed state.json meanwhile (it goes
 * first): then the container no longer exists. */
static int read_record(struct handle *h, const char *id, ctrun_error **err) {
  int r = state_read(h->dir_fd, &h->rec, err);
  if (r == -ENOENT) {
    if (err)
      error_freep(err);
    return error_set(err, ENOENT, "container %s does not exist", id);
  }
  return r;
}

/* lock: LOCK_SH, LOCK_EX or 0 */
static int open_handle(const struct container_context *ctx, const char *id, int lock,
                       struct handle *ret, ctrun_error **err) {
  struct handle h = {.root_fd = -1, .dir_fd = -1};
  int r = spec_validate_id(id, err);
  if (r < 0)
    return r;
  r = state_root_open(handle_state_root(ctx), false, &h.root_fd, err);
  if (r < 0) {
    if (r == -ENOENT) {
      if (err)
        error_freep(err);
      return error_set(err, ENOENT, "container %s does not exist", id);
    }
    return r;
  }
  r = lock ? state_dir_open(h.root_fd, id, lock == LOCK_EX, &h.dir_fd, err)
           : state_dir_open_unlocked(h.root_fd, id, &h.dir_fd, err);
  if (r == 0)
    r = read_record(&h, id, err);
  if (r < 0) {
    handle_close(&h);
    return r;
  }
  *ret = h;
  return 0;
}


int handle_open(const struct container_context *ctx, const char *id, bool exclusive,
                struct handle *ret, ctrun_error **err) {
  return open_handle(ctx, id, exclusive ? LOCK_EX : LOCK_SH, ret, err);
}

int handle_open_unlocked(const struct container_context *ctx, const char *id, struct handle *ret,
                         ctrun_error **err) {
  return open_handle(ctx, id, 0, ret, err);
}

int handle_config(const struct handle *h, spec_config **ret, ctrun_error **err) {
  _cleanup_free_ char *text = NULL;
  size_t len;
  int r = state_read_file(h->dir_fd, STATE_CONFIG_FILE, &text, &len, err);
  if (r < 0)
    return error_prefix(err, r, "saved config of %s", h->rec->id);
  return spec_config_parse_novalidate(text, len, "config.json", ret, err);
}

int handle_cgroup(const struct container_context *ctx, const struct container_record *rec,
                  struct cgroup_manager **ret_mgr, struct cgroup **ret, ctrun_error **err) {
  *ret = NULL;
  *ret_mgr = NULL;
  if (rec->cgroup == NULL || rec->cgroup[0] == '\0')
    return 0;
  struct cgroup_manager *m = NULL;
  int r = cgroup_manager_shared(&m, err);
  if (r < 0)
    return r;
  r = cgroup_from_record(m, rec->cgroup, ret, err);
  if (r < 0) {
    cgroup_manager_free(m);
    return r;
  }
  *ret_mgr = m;
  return 0;
}

int record_state_json(const struct container_record *r, const char *status, char **ret,
                      ctrun_error **err) {
  spec_state *s = NULL;
  int rc = record_to_spec_state(r, status, &s, err);
  if (rc < 0)
    return rc;
  rc = spec_state_to_json(s, SPEC_JSON_PRETTY, ret, err);
  spec_state_free(s);
  return rc;
}

int record_pidfd(const struct container_record *r, int *ret, ctrun_error **err) {
  int fd = (int)syscall(SYS_pidfd_open, r->pid, 0);
  if (fd < 0)
    return error_set(err, errno == ESRCH ? ESRCH : errno, "container %s is not running", r->id);
  /* the pidfd pins the process: checking after opening it is race-free */
  if (!state_pid_alive(r)) {
    close(fd);
    return error_set(err, ESRCH, "container %s is not running", r->id);
  }
  *ret = fd;
  return 0;
}

int record_send_seccomp_listener(const struct container_record *r, const spec_seccomp *s,
                                 const char *status, pid_t pid, int *notify_fd,
                                 ctrun_error **err) {
  if (*notify_fd < 0)
    return 0;
  _cleanup_close_ int fd = *notify_fd;
  *notify_fd = -1;
  _cleanup_free_ char *json = NULL;
  int rc = record_state_json(r, status, &json, err);
  if (rc < 0)
    return rc;
  return seccomp_notify_send(s->listener_path, fd, (int)pid, s->listener_metadata, json, err);
}
