/* ctrun_context: the public face of struct container_context.  The
 * context is immutable after ctrun_context_new; only its reference count
 * changes, atomically, so threads may share it. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/api-internal.h"

static const enum container_log_level internal_levels[] = {
    [CTRUN_LOG_ERROR] = CONTAINER_LOG_ERROR,
    [CTRUN_LOG_WARNING] = CONTAINER_LOG_WARNING,
    [CTRUN_LOG_INFO] = CONTAINER_LOG_INFO,
    [CTRUN_LOG_DEBUG] = CONTAINER_LOG_DEBUG,
};

/* The internal levels in the public enum's terms. */
static void forward_log(enum container_log_level level, const char *message, void *userdata) {
  const ctrun_context *ctx = userdata;
  ctrun_log_level pub = CTRUN_LOG_DEBUG;
  for (size_t i = 0; i < sizeof(internal_levels) / sizeof(internal_levels[0]); i++)
    if (internal_levels[i] == level)
      pub = (ctrun_log_level)i;
  ctx->log(pub, message, ctx->log_userdata);
}

CTRUN_API int ctrun_context_new(const ctrun_context_options *opts, ctrun_context **ret_ctx,
                                ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_context_new";
  static const ctrun_context_options defaults = CTRUN_CONTEXT_OPTIONS_INIT;
  API_CHECK_NULL(ret_ctx, fn, err);
  if (opts == NULL)
    opts = &defaults;
  int r = api_check_version(err, fn, "ctrun_context_options", opts->version,
                            CTRUN_CONTEXT_OPTIONS_VERSION);
  if (r < 0 || (r = api_check_flags(err, fn, opts->flags, 0)) < 0)
    return r;
  if (opts->cgroup_manager != CTRUN_CGROUP_MANAGER_CGROUPFS &&
      opts->cgroup_manager != CTRUN_CGROUP_MANAGER_SYSTEMD)
    return error_set(err, EINVAL, "%s: unknown cgroup_manager %u", fn,
                     (unsigned)opts->cgroup_manager);
  if (opts->state_root && opts->state_root[0] != '/')
    return error_set(err, EINVAL, "%s: state_root \"%s\" is not an absolute path", fn,
                     opts->state_root);
  ctrun_context *ctx = calloc(1, sizeof(*ctx));
  if (ctx == NULL)
    return error_set(err, ENOMEM, "%s", fn);
  ctx->state_root = strdup(opts->state_root ? opts->state_root : CONTAINER_DEFAULT_STATE_ROOT);
  if (ctx->state_root == NULL) {
    free(ctx);
    return error_set(err, ENOMEM, "%s", fn);
  }
  ctx->log = opts->log;
  ctx->log_userdata = opts->log_userdata;
  ctx->refs = 1;
  ctx->ic.state_root = ctx->state_root;
  ctx->ic.log = opts->log ? forward_log : NULL;
  ctx->ic.log_userdata = ctx;
  ctx->ic.flags = opts->cgroup_manager == CTRUN_CGROUP_MANAGER_SYSTEMD
                      ? CONTAINER_CTX_SYSTEMD_CGROUP
                      : 0;
  *ret_ctx = ctx;
  return 0;
}

void api_context_ref(ctrun_context *ctx) { __atomic_add_fetch(&ctx->refs, 1, __ATOMIC_RELAXED); }

void api_context_unref(ctrun_context *ctx) {
  if (ctx == NULL || __atomic_sub_fetch(&ctx->refs, 1, __ATOMIC_ACQ_REL) != 0)
    return;
  free(ctx->state_root);
  free(ctx);
}

CTRUN_API void ctrun_context_free(ctrun_context *ctx) { api_context_unref(ctx); }

CTRUN_API const char *ctrun_context_get_state_root(const ctrun_context *ctx) {
  return ctx ? ctx->state_root : NULL;
}
