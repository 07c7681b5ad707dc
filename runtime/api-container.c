/* ctrun_container: the lifecycle wrappers.  Each checks its arguments and
 * the handle, then calls the function of runtime/container.h that the CLI
 * calls for the same subcommand. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/api-internal.h"
#include "runtime/handle.h"
#include "spec/spec.h"

#define MAX_SIGNAL 64 /* _NSIG - 1 on Linux */

int api_container_check(const ctrun_container *c, const char *fn, ctrun_error **err) {
  if (__atomic_load_n(&c->deleted, __ATOMIC_ACQUIRE))
    return error_set(err, ESTALE, "%s: container %s was deleted through this handle", fn, c->id);
  /* the record's creation time is all it takes: no status to compute */
  struct handle h;
  ctrun_error *e = NULL;
  int r = handle_open_unlocked(&c->ctx->ic, c->id, &h, &e);
  if (r == -ENOENT) {
    error_free(e);
    return error_set(err, ESTALE, "%s: container %s no longer exists", fn, c->id);
  }
  if (r < 0) {
    if (err && *err == NULL)
      *err = e;
    else
      error_free(e);
    return error_prefix(err, r, "%s", fn);
  }
  bool same = h.rec->created && strcmp(h.rec->created, c->created) == 0;
  handle_close(&h);
  if (!same)
    return error_set(err, ESTALE, "%s: container %s was deleted and created again", fn, c->id);
  return 0;
}

/* A handle for the container `id` as it is now. */
static int handle_new(ctrun_context *ctx, const char *id, ctrun_container **ret,
                      ctrun_error **err) {
  struct handle h;
  int r = handle_open_unlocked(&ctx->ic, id, &h, err);
  if (r < 0)
    return r;
  ctrun_container *c = calloc(1, sizeof(*c));
  if (c == NULL || (c->id = strdup(id)) == NULL ||
      (c->created = strdup(h.rec->created ? h.rec->created : "")) == NULL) {
    handle_close(&h);
    if (c)
      free(c->id);
    free(c);
    return error_set(err, ENOMEM, "container %s", id);
  }
  handle_close(&h);
  api_context_ref(ctx);
  c->ctx = ctx;
  *ret = c;
  return 0;
}

static int create_options(const char *fn, const ctrun_create_options *opts,
                          struct container_create_options *ret, ctrun_error **err) {
  memset(ret, 0, sizeof(*ret));
  if (opts == NULL)
    return 0;
  int r = api_check_version(err, fn, "ctrun_create_options", opts->version,
                            CTRUN_CREATE_OPTIONS_VERSION);
  uint32_t known = CTRUN_CREATE_NO_PIVOT | CTRUN_CREATE_NO_NEW_KEYRING |
                   (opts->version >= 2 ? CTRUN_CREATE_STDIO : 0);
  if (r < 0 || (r = api_check_flags(err, fn, opts->flags, known)) < 0)
    return r;
  if (opts->preserve_fds > 65536)
    return error_set(err, EINVAL, "%s: preserve_fds %u is too large", fn,
                     (unsigned)opts->preserve_fds);
  ret->bundle = opts->bundle;
  ret->pid_file = opts->pid_file;
  ret->console_socket = opts->console_socket;
  ret->no_pivot = opts->flags & CTRUN_CREATE_NO_PIVOT;
  ret->no_new_keyring = opts->flags & CTRUN_CREATE_NO_NEW_KEYRING;
  ret->preserve_fds = opts->preserve_fds;
  /* (a version 1 struct ends before stdio) */
  if (opts->flags & CTRUN_CREATE_STDIO)
    ret->stdio = opts->stdio;
  return 0;
}

CTRUN_API int ctrun_container_create(ctrun_context *ctx, const char *id,
                                     const ctrun_create_options *opts,
                                     ctrun_container **ret_container, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_create";
  API_CHECK_NULL(ctx, fn, err);
  API_CHECK_NULL(id, fn, err);
  struct container_create_options o;
  struct container_created made;
  int r = create_options(fn, opts, &o, err);
  if (r < 0 || (r = container_create_ex(&ctx->ic, id, &o, &made, err)) < 0)
    return r;
  if (ret_container == NULL)
    return 0;
  /* the handle from what create knows: no need to read the state back */
  ctrun_container *c = calloc(1, sizeof(*c));
  if (c == NULL || (c->id = strdup(id)) == NULL || (c->created = strdup(made.created)) == NULL) {
    if (c)
      free(c->id);
    free(c);
    container_delete(&ctx->ic, id, true, NULL); /* leave nothing behind */
    return error_set(err, ENOMEM, "%s: container %s", fn, id);
  }
  api_context_ref(ctx);
  c->ctx = ctx;
  *ret_container = c;
  return 0;
}

CTRUN_API int ctrun_container_open(ctrun_context *ctx, const char *id,
                                   ctrun_container **ret_container, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_open";
  API_CHECK_NULL(ctx, fn, err);
  API_CHECK_NULL(id, fn, err);
  API_CHECK_NULL(ret_container, fn, err);
  return handle_new(ctx, id, ret_container, err);
}

CTRUN_API const char *ctrun_container_get_id(const ctrun_container *c) { return c ? c->id : NULL; }

CTRUN_API void ctrun_container_free(ctrun_container *c) {
  if (c == NULL)
    return;
  api_context_unref(c->ctx);
  free(c->id);
  free(c->created);
  free(c);
}

CTRUN_API int ctrun_container_start(ctrun_container *c, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_start";
  API_CHECK_NULL(c, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  return container_start(&c->ctx->ic, c->id, err);
}

CTRUN_API int ctrun_container_run(ctrun_context *ctx, const char *id,
                                  const ctrun_create_options *opts, int *ret_exit_status,
                                  ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_run";
  API_CHECK_NULL(ctx, fn, err);
  API_CHECK_NULL(id, fn, err);
  API_CHECK_NULL(ret_exit_status, fn, err);
  struct container_create_options o;
  int r = create_options(fn, opts, &o, err);
  if (r < 0)
    return r;
  return container_run(&ctx->ic, id, &o, false, ret_exit_status, err);
}

CTRUN_API int ctrun_container_state(ctrun_container *c, ctrun_state **ret_state,
                                    ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_state";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_state, fn, err);
  if (__atomic_load_n(&c->deleted, __ATOMIC_ACQUIRE))
    return api_container_check(c, fn, err);
  spec_state *s = NULL;
  int r = container_state(&c->ctx->ic, c->id, &s, err);
  if (r == -ENOENT || (r == 0 && (s->created == NULL || strcmp(s->created, c->created) != 0))) {
    spec_state_free(s);
    if (err && *err) {
      error_free(*err);
      *err = NULL;
    }
    return error_set(err, ESTALE, "%s: container %s no longer exists as opened", fn, c->id);
  }
  if (r < 0)
    return r;
  return api_state_wrap(s, ret_state, err);
}

CTRUN_API int ctrun_container_list(ctrun_context *ctx, ctrun_state ***ret_list, size_t *ret_n,
                                   ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_list";
  API_CHECK_NULL(ctx, fn, err);
  API_CHECK_NULL(ret_list, fn, err);
  API_CHECK_NULL(ret_n, fn, err);
  spec_state **list = NULL;
  size_t n = 0;
  int r = container_list(&ctx->ic, &list, &n, err);
  if (r < 0)
    return r;
  ctrun_state **out = n ? calloc(n, sizeof(*out)) : NULL;
  if (n && out == NULL) {
    container_state_list_free(list, n);
    return error_set(err, ENOMEM, "%s", fn);
  }
  for (size_t i = 0; i < n; i++) {
    if ((r = api_state_wrap(list[i], &out[i], err)) < 0) {
      ctrun_state_list_free(out, i);
      for (size_t j = i + 1; j < n; j++)
        spec_state_free(list[j]);
      free(list);
      return r;
    }
  }
  free(list); /* its states now belong to `out` */
  *ret_list = out;
  *ret_n = n;
  return 0;
}

CTRUN_API int ctrun_container_kill(ctrun_container *c, int sig, uint32_t flags,
                                   ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_kill";
  API_CHECK_NULL(c, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_KILL_ALL);
  if (r < 0)
    return r;
  if (sig < 0 || sig > MAX_SIGNAL)
    return error_set(err, EINVAL, "%s: %d is not a signal", fn, sig);
  if ((r = api_container_check(c, fn, err)) < 0)
    return r;
  return container_kill(&c->ctx->ic, c->id, sig, flags & CTRUN_KILL_ALL, err);
}

CTRUN_API int ctrun_container_delete(ctrun_container *c, uint32_t flags, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_delete";
  API_CHECK_NULL(c, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_DELETE_FORCE);
  if (r < 0 || (r = api_container_check(c, fn, err)) < 0)
    return r;
  if ((r = container_delete(&c->ctx->ic, c->id, flags & CTRUN_DELETE_FORCE, err)) < 0)
    return r;
  __atomic_store_n(&c->deleted, true, __ATOMIC_RELEASE);
  return 0;
}

CTRUN_API int ctrun_container_wait(ctrun_container *c, int *ret_exit_status, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_wait";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_exit_status, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  return container_wait(&c->ctx->ic, c->id, ret_exit_status, err);
}

CTRUN_API int ctrun_container_get_pidfd(ctrun_container *c, int *ret_fd, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_get_pidfd";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_fd, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  struct handle h;
  if ((r = handle_open(&c->ctx->ic, c->id, false, &h, err)) < 0)
    return r;
  r = record_pidfd(h.rec, ret_fd, err);
  handle_close(&h);
  return r;
}

CTRUN_API int ctrun_container_get_pid(ctrun_container *c, int *ret_pid, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_container_get_pid";
  API_CHECK_NULL(c, fn, err);
  API_CHECK_NULL(ret_pid, fn, err);
  int r = api_container_check(c, fn, err);
  if (r < 0)
    return r;
  pid_t pid = 0;
  if ((r = container_pid(&c->ctx->ic, c->id, &pid, err)) < 0)
    return r;
  *ret_pid = (int)pid;
  return 0;
}
