/* update, pause, resume, ps and events: open the container, check its
 * status, and hand the work to its cgroup. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/container-cgroup.h"
#include "runtime/handle.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

struct opened {
  struct handle h;
  bool h_open;
  struct cgroup_manager *m;
  struct cgroup *cg;
  const char *status;
};

static void opened_close(struct opened *o) {
  cgroup_free(o->cg);
  cgroup_manager_free(o->m);
  if (o->h_open)
    handle_close(&o->h);
}

static bool status_in(const char *status, const char *const *allowed) {
  for (; *allowed; allowed++)
    if (strcmp(status, *allowed) == 0)
      return true;
  return false;
}

/* Opens id, checks its status is one of allowed (what = the operation, for
 * the message) and loads its cgroup. */
static int open_container(const struct container_context *ctx, const char *id, bool exclusive,
                          const char *const *allowed, const char *what, struct opened *o,
                          ctrun_error **err) {
  memset(o, 0, sizeof(*o));
  int r = handle_open(ctx, id, exclusive, &o->h, err);
  if (r < 0)
    return r;
  o->h_open = true;
  o->status = state_status(o->h.dir_fd, o->h.rec);
  r = handle_cgroup(ctx, o->h.rec, &o->m, &o->cg, err);
  if (r == 0 && o->cg == NULL)
    r = error_set(err, ENOENT, "container %s has no cgroup", id);
  if (r < 0) {
    opened_close(o);
    return r;
  }
  /* a live container whose cgroup is frozen is paused */
  bool frozen = false;
  ctrun_error *e = NULL;
  if ((strcmp(o->status, "running") == 0 || strcmp(o->status, "created") == 0) &&
      cgroup_is_frozen(o->cg, &frozen, &e) == 0 && frozen)
    o->status = "paused";
  error_free(e);
  if (!status_in(o->status, allowed)) {
    r = error_set(err, EINVAL, "cannot %s container %s: it is %s", what, id, o->status);
    opened_close(o);
  }
  return r;
}

static const char *const live[] = {"created", "running", "paused", NULL};

int container_update(const struct container_context *ctx, const char *id,
                     const spec_resources *res, ctrun_error **err) {
  struct opened o;
  int r = open_container(ctx, id, true, live, "update", &o, err);
  if (r < 0)
    return r;
  /* a container created without, say, a memory limit is not in the
   * memory hierarchy yet */
  bool joined = false;
  r = cgroup_join(o.cg, res, &joined, err);
  if (joined) {
    char *rec = NULL;
    ctrun_error *e = NULL;
    int sr = cgroup_record(o.cg, &rec, &e);
    if (sr == 0) {
      free(o.h.rec->cgroup);
      o.h.rec->cgroup = rec;
      sr = state_write(o.h.dir_fd, o.h.rec, &e);
    }
    if (sr < 0 && r == 0) {
      r = sr;
      if (err && *err == NULL)
        *err = TAKE_PTR(e);
    }
    error_free(e);
  }
  if (r == 0)
    r = cgroup_update(o.cg, res, err);
  opened_close(&o);
  return r;
}

int container_resources_parse(const char *text, size_t len, spec_config **ret, ctrun_error **err) {
  _cleanup_free_ char *doc = NULL;
  if (asprintf(&doc, "{\"ociVersion\":\"1.2.0\",\"linux\":{\"resources\":%.*s}}", (int)len, text) < 0)
    return error_set(err, ENOMEM, "resources");
  int r = spec_config_parse_novalidate(doc, strlen(doc), "resources", ret, err);
  return r < 0 ? error_prefix(err, r, "parse the resources") : 0;
}

int container_pause(const struct container_context *ctx, const char *id, ctrun_error **err) {
  static const char *const ok[] = {"running", "created", NULL};
  struct opened o;
  int r = open_container(ctx, id, true, ok, "pause", &o, err);
  if (r < 0)
    return r;
  r = cgroup_freeze(o.cg, true, err);
  opened_close(&o);
  return r;
}

int container_resume(const struct container_context *ctx, const char *id, ctrun_error **err) {
  static const char *const ok[] = {"paused", NULL};
  struct opened o;
  int r = open_container(ctx, id, true, ok, "resume", &o, err);
  if (r < 0)
    return r;
  r = cgroup_freeze(o.cg, false, err);
  opened_close(&o);
  return r;
}

int container_ps(const struct container_context *ctx, const char *id, pid_t **ret,
                 size_t *ret_n, ctrun_error **err) {
  struct opened o;
  int r = open_container(ctx, id, false, live, "list the processes of", &o, err);
  if (r < 0)
    return r;
  r = cgroup_pids(o.cg, ret, ret_n, err);
  opened_close(&o);
  return r;
}

int container_stats(const struct container_context *ctx, const char *id,
                    struct cgroup_stats *ret, ctrun_error **err) {
  struct opened o;
  int r = open_container(ctx, id, false, live, "get the stats of", &o, err);
  if (r < 0)
    return r;
  r = cgroup_stats(o.cg, ret, err);
  opened_close(&o);
  return r;
}

int container_oom_kills(const struct container_context *ctx, const char *id, uint64_t *ret,
                        ctrun_error **err) {
  /* a reader, like state: no lock, so that a hook running `ctrun state`
   * while delete holds the lock does not deadlock */
  struct handle h;
  int r = handle_open_unlocked(ctx, id, &h, err);
  if (r < 0)
    return r;
  struct cgroup_manager *m = NULL;
  struct cgroup *cg = NULL;
  ctrun_error *e = NULL;
  *ret = 0;
  /* no cgroup or no memory controller: nothing was OOM-killed by a limit */
  if (handle_cgroup(ctx, h.rec, &m, &cg, &e) < 0 || cg == NULL ||
      cgroup_oom_kills(cg, ret, &e) < 0)
    *ret = 0;
  error_free(e);
  cgroup_free(cg);
  cgroup_manager_free(m);
  handle_close(&h);
  return 0;
}

int container_events(const struct container_context *ctx, const char *id, unsigned interval_ms,
                     container_event_fn fn, void *userdata, ctrun_error **err) {
  struct opened o;
  int r = open_container(ctx, id, false, live, "get the events of", &o, err);
  if (r < 0)
    return r;
  /* keep the cgroup, not the lock: delete must not wait for a stream */
  handle_close(&o.h);
  o.h_open = false;
  _cleanup_close_ int oomfd = -1;
  uint64_t kills = 0;
  ctrun_error *e = NULL;
  if (cgroup_oom_fd(o.cg, &oomfd, &e) < 0)
    error_freep(&e); /* no memory controller: stats only */
  if (cgroup_oom_kills(o.cg, &kills, &e) < 0)
    error_freep(&e);
  for (;;) {
    struct pollfd p = {oomfd, POLLIN, 0};
    int n = poll(&p, oomfd >= 0 ? 1 : 0, (int)interval_ms);
    if (n < 0 && errno != EINTR) {
      r = error_set(err, errno, "poll");
      break;
    }
    if (n > 0) {
      char buf[4096];
      if (read(oomfd, buf, sizeof(buf)) < 0 && errno != EAGAIN) {
        r = error_set(err, errno, "read the OOM notification");
        break;
      }
      uint64_t now = kills;
      if (cgroup_oom_kills(o.cg, &now, &e) < 0)
        error_freep(&e);
      /* v1's eventfd means "under OOM" (an event, as runc reports it,
       * even with the OOM killer disabled); v2's inotify fires on any
       * change of memory.events, so there only a new kill counts */
      bool oom = !cgroup_manager_is_v2(o.m) || now > kills;
      kills = now;
      if (!oom)
        continue;
      if ((r = fn(CONTAINER_EVENT_OOM, NULL, userdata)) < 0)
        break;
      continue;
    }
    struct cgroup_stats st;
    if (cgroup_stats(o.cg, &st, &e) < 0) {
      /* the cgroup is gone: the container was deleted */
      error_freep(&e);
      r = 0;
      break;
    }
    r = fn(CONTAINER_EVENT_STATS, &st, userdata);
    cgroup_stats_clear(&st);
    if (r < 0)
      break;
    pid_t *pids = NULL;
    size_t np = 0;
    if (cgroup_pids(o.cg, &pids, &np, &e) < 0 || np == 0) {
      error_freep(&e);
      free(pids);
      r = 0;
      break; /* stopped */
    }
    free(pids);
  }
  opened_close(&o);
  return r;
}
