/* container_create: config -> state directory -> cgroup -> plan -> init
 * waiting on exec.fifo.  Any failure undoes every step done so far. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "runtime/cgroup.h"
#include "runtime/handle.h"
#include "runtime/hooks.h"
#include "runtime/log.h"
#include "runtime/plan.h"
#include "runtime/procfile.h"
#include "runtime/spawn.h"
#include "runtime/state.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

struct creation {
  const struct container_context *ctx;
  const char *id;
  spec_config *cfg;
  struct container_record *rec;
  int root_fd, dir_fd;
  bool dir_created;
  struct cgroup_manager *cgm;
  struct cgroup *cg;
  bool cg_created;
  struct container_plan *plan;
  struct spawn_result init;
};

static void warn_cb(const char *message, void *userdata) {
  ctx_log(userdata, CONTAINER_LOG_WARNING, "%s", message);
}

/* UTC: formatted by hand, as strftime() reads the time zone file first */
static int now_rfc3339(char **ret) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  return asprintf(ret, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec) < 0
             ? -ENOMEM
             : 0;
}

static int kv_copy(const kvlist_t *src, kvlist_t *dst) {
  if (src->n == 0)
    return 0;
  dst->items = calloc(src->n, sizeof(kv_t));
  if (dst->items == NULL)
    return -ENOMEM;
  dst->present = true;
  for (size_t i = 0; i < src->n; i++) {
    dst->items[i].key = strdup(src->items[i].key);
    dst->items[i].value = strdup(src->items[i].value ? src->items[i].value : "");
    dst->n++;
    if (dst->items[i].key == NULL || dst->items[i].value == NULL)
      return -ENOMEM;
  }
  return 0;
}

static int make_record(struct creation *c, const char *bundle, ctrun_error **err) {
  struct container_record *rec = calloc(1, sizeof(*rec));
  if (rec == NULL)
    return error_set(err, ENOMEM, "state");
  c->rec = rec;
  const char *root = c->cfg->root.path ? c->cfg->root.path : "rootfs";
  char joined[PATH_MAX], resolved[PATH_MAX];
  int n = root[0] == '/' ? snprintf(joined, sizeof(joined), "%s", root)
                         : snprintf(joined, sizeof(joined), "%s/%s", bundle, root);
  if (n < 0 || (size_t)n >= sizeof(joined))
    return error_set(err, ENAMETOOLONG, "root.path %s", root);
  rec->oci_version = strdup(CONTAINER_OCI_VERSION);
  rec->id = strdup(c->id);
  rec->bundle = strdup(bundle);
  rec->rootfs = strdup(realpath(joined, resolved) ? resolved : joined);
  rec->owner = strdup("");
  rec->systemd_cgroup = c->ctx && (c->ctx->flags & CONTAINER_CTX_SYSTEMD_CGROUP);
  const spec_hooks *hk = &c->cfg->hooks;
  rec->hooks = (hk->start_container.n ? STATE_HOOK_START_CONTAINER : 0) |
               (hk->poststart.n ? STATE_HOOK_POSTSTART : 0) |
               (hk->poststop.n ? STATE_HOOK_POSTSTOP : 0);
  if (rec->oci_version == NULL || rec->id == NULL || rec->bundle == NULL ||
      rec->rootfs == NULL || rec->owner == NULL || now_rfc3339(&rec->created) < 0 ||
      kv_copy(&c->cfg->annotations, &rec->annotations) < 0)
    return error_set(err, ENOMEM, "state");
  return 0;
}

static int run_create_hooks(struct creation *c, const spec_hook_list *list, const char *phase,
                            ctrun_error **err) {
  if (list->n == 0)
    return 0;
  _cleanup_free_ char *json = NULL;
  int r = record_state_json(c->rec, "creating", &json, err);
  if (r < 0)
    return r;
  return hooks_run(c->ctx, list, phase, json, 0, false, err);
}

/* Between clone and go: the init exists in its namespaces, nothing of the
 * container's filesystem is set up yet. */
static int before_go(pid_t pid, void *userdata, ctrun_error **err) {
  struct creation *c = userdata;
  int r;
  if (c->cg && (r = cgroup_enter(c->cg, pid, err)) < 0)
    return error_prefix(err, r, "put the init in its cgroup");
  /* the record of what was made */
  if (c->cg) {
    char *rec = NULL;
    if ((r = cgroup_record(c->cg, &rec, err)) < 0)
      return r;
    free(c->rec->cgroup);
    c->rec->cgroup = rec;
  }
  const spec_process *proc = c->cfg->process;
  if (proc->oom_score_adj.set && (r = proc_write_oom_score_adj(pid, proc->oom_score_adj.value, err)) < 0)
    return r;
  c->rec->pid = pid;
  if ((r = proc_stat_read(pid, &c->rec->start_time, NULL)) < 0)
    return error_set(err, -r, "read /proc/%d/stat", (int)pid);
  if ((r = state_write(c->dir_fd, c->rec, err)) < 0)
    return r;
  if ((r = run_create_hooks(c, &c->cfg->hooks.prestart, "prestart", err)) < 0)
    return r;
  return run_create_hooks(c, &c->cfg->hooks.create_runtime, "createRuntime", err);
}

static int setup_cgroup(struct creation *c, ctrun_error **err) {
  int r = cgroup_manager_new(CGROUP_ROOT, "auto", &c->cgm, err);
  if (r < 0)
    return r;
  r = cgroup_new(c->cgm, c->cfg->linux_.cgroups_path, c->id, &c->cg, err);
  if (r < 0)
    return r;
  for (size_t i = 0; i < c->cfg->linux_.n_namespaces; i++) {
    const spec_namespace *ns = &c->cfg->linux_.namespaces[i];
    if (ns->type && strcmp(ns->type, "cgroup") == 0)
      cgroup_join_all(c->cg);
  }
  cgroup_select(c->cg, &c->cfg->linux_.resources);
  /* The state is written once, when the init is in its cgroup (before_go).
   * Should the runtime die in between, delete --force finds the cgroup from
   * the saved config (kill.c, delete_unrecorded). */
  r = cgroup_create(c->cg, &c->cfg->linux_.resources, err);
  if (r < 0)
    return r;
  c->cg_created = true;
  return 0;
}

static void undo(struct creation *c) {
  spawn_kill(&c->init);
  if (c->cg_created) {
    ctrun_error *e = NULL;
    if (cgroup_destroy(c->cg, &e) < 0) {
      char buf[512];
      ctx_log(c->ctx, CONTAINER_LOG_WARNING, "clean up after failed create: %s",
              error_format(e, buf, sizeof(buf)));
      error_free(e);
    }
  }
  if (c->dir_created) {
    ctrun_error *e = NULL;
    if (state_dir_remove(c->root_fd, c->dir_fd, c->id, &e) < 0)
      error_free(e);
  }
}

static void creation_free(struct creation *c) {
  if (c->init.pidfd >= 0)
    close(c->init.pidfd);
  plan_free(c->plan);
  cgroup_free(c->cg);
  cgroup_manager_free(c->cgm);
  container_record_free(c->rec);
  spec_config_free(c->cfg);
  if (c->dir_fd >= 0)
    close(c->dir_fd);
  if (c->root_fd >= 0)
    close(c->root_fd);
}

static int load_config(const char *bundle, spec_config **ret, char **ret_text, size_t *ret_len,
                       ctrun_error **err) {
  _cleanup_free_ char *text = NULL;
  size_t len;
  _cleanup_close_ int dfd = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0)
    return error_set(err, errno, "open bundle %s", bundle);
  /* a FIFO or a device would block or never end: only a regular file, and
   * one that spec_config_parse can take */
  struct stat st;
  if (fstatat(dfd, "config.json", &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode))
    return error_set(err, EINVAL, "%s/config.json: not a regular file", bundle);
  if (fstatat(dfd, "config.json", &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_size > SPEC_DOCUMENT_MAX)
    return error_set(err, EFBIG,
                     "%s/config.json: %lld bytes is more than the %u MiB a config may have", bundle,
                     (long long)st.st_size, SPEC_DOCUMENT_MAX >> 20);
  int r = state_read_file(dfd, "config.json", &text, &len, err);
  if (r < 0) {
    if (err) /* callers may pass no error pointer */
      error_freep(err);
    return error_set(err, -r, "read %s/config.json", bundle);
  }
  r = spec_config_parse(text, len, "config.json", ret, err);
  if (r < 0)
    return r;
  *ret_text = TAKE_PTR(text);
  *ret_len = len;
  return 0;
}

static int do_create(struct creation *c, const struct container_create_options *opts,
                     ctrun_error **err) {
  char bundle[PATH_MAX];
  const char *b = opts->bundle ? opts->bundle : ".";
  if (realpath(b, bundle) == NULL)
    return error_set(err, errno, "bundle %s", b);
  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  int r = load_config(bundle, &c->cfg, &text, &len, err);
  if (r < 0)
    return r;
  if (c->cfg->process == NULL)
    return error_set(err, EINVAL, "config.json: process: a container needs a process");
  if ((r = state_root_open(handle_state_root(c->ctx), true, &c->root_fd, err)) < 0)
    return r;
  if ((r = state_dir_create(c->root_fd, c->id, &c->dir_fd, err)) < 0)
    return r;
  c->dir_created = true;
  if ((r = make_record(c, bundle, err)) < 0)
    return r;
  /* start and delete use this copy: the bundle may change after create */
  if ((r = state_write_file(c->dir_fd, STATE_CONFIG_FILE, text, len, 0600, err)) < 0)
    return error_prefix(err, r, "save config");
  if ((r = setup_cgroup(c, err)) < 0)
    return error_prefix(err, r, "cgroup");
  if ((r = plan_new(c->cfg, bundle, c->id, opts, warn_cb, (void *)c->ctx, &c->plan, err)) < 0)
    return r;
  if (mkfifoat(c->dir_fd, STATE_FIFO_FILE, 0600) < 0)
    return error_set(err, errno, "mkfifo %s/%s/%s", handle_state_root(c->ctx), c->id,
                     STATE_FIFO_FILE);
  c->plan->fifo_fd = openat(c->dir_fd, STATE_FIFO_FILE, O_RDWR | O_CLOEXEC);
  if (c->plan->fifo_fd < 0)
    return error_set(err, errno, "open %s", STATE_FIFO_FILE);
  c->plan->lock_fd = c->dir_fd;
  int code = 0;
  r = spawn_init(c->plan, before_go, c, &c->init, &code, err);
  if (r < 0)
    return r;
  if ((r = record_send_seccomp_listener(c->rec, &c->cfg->linux_.seccomp, "creating", c->init.pid,
                                        &c->init.notify_fd, err)) < 0)
    return r;
  if ((r = run_create_hooks(c, &c->cfg->hooks.create_container, "createContainer", err)) < 0)
    return r;
  if (opts->pid_file && (r = pid_file_write(opts->pid_file, c->init.pid, err)) < 0)
    return r;
  return 0;
}

int container_create(const struct container_context *ctx, const char *id,
                     const struct container_create_options *opts, ctrun_error **err) {
  return container_create_ex(ctx, id, opts, NULL, err);
}

int container_create_ex(const struct container_context *ctx, const char *id,
                        const struct container_create_options *opts,
                        struct container_created *ret, ctrun_error **err) {
  static const struct container_create_options defaults = {0};
  struct creation c = {.ctx = ctx, .id = id, .root_fd = -1, .dir_fd = -1,
                       .init = {.pidfd = -1, .notify_fd = -1}};
  int r = spec_validate_id(id, err);
  if (r < 0)
    return r;
  /* checked before anything is opened: an fd of ours must never land in
   * the preserved range, which the init passes on to the container */
  opts = opts ? opts : &defaults;
  for (unsigned fd = 3; fd < 3 + opts->preserve_fds; fd++)
    if (fcntl((int)fd, F_GETFD) < 0)
      return error_set(err, EBADF, "--preserve-fds %u: fd %u is not open", opts->preserve_fds, fd);
  r = do_create(&c, opts, err);
  if (r < 0) {
    undo(&c);
    error_prefix(err, r, "create container %s", id);
  } else {
    ctx_log(ctx, CONTAINER_LOG_DEBUG, "container %s created, init pid %d", id, (int)c.init.pid);
    if (ret) {
      ret->pid = c.init.pid;
      snprintf(ret->created, sizeof(ret->created), "%s", c.rec->created);
    }
  }
  creation_free(&c);
  return r;
}
