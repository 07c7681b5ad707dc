/**
 * @file ctrun/context.h
 * @brief The context: where the state lives, where logs go, which cgroup
 * manager maps cgroupsPath.
 *
 * A context is immutable once made, so one context may serve several
 * threads at once (each working on its own container).  Containers opened
 * with a context keep a reference to it: ctrun_context_free() may be called
 * before the containers are freed.
 */
#ifndef CTRUN_CONTEXT_H
#define CTRUN_CONTEXT_H

#include <ctrun/common.h>
#include <ctrun/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The context every container operation runs in. */
typedef struct ctrun_context ctrun_context;

/** Severity of a log message. */
typedef enum ctrun_log_level {
  CTRUN_LOG_ERROR = 0,
  CTRUN_LOG_WARNING = 1,
  CTRUN_LOG_INFO = 2,
  CTRUN_LOG_DEBUG = 3
} ctrun_log_level;

/**
 * Receives the library's log messages (the library never prints).  It may
 * be called from any thread that calls into the library with this context,
 * and concurrently when several threads do; @p message is valid only during
 * the call.
 */
typedef void (*ctrun_log_fn)(ctrun_log_level level, const char *message, void *userdata);

/** How linux.cgroupsPath is mapped to a cgroup. */
typedef enum ctrun_cgroup_manager {
  /** A path: relative to the caller's own cgroup, or absolute. */
  CTRUN_CGROUP_MANAGER_CGROUPFS = 0,
  /** "slice:prefix:name", mapped to <slice>/<prefix>-<name>.scope on the
   * cgroupfs (no D-Bus calls), like `ctrun --systemd-cgroup`. */
  CTRUN_CGROUP_MANAGER_SYSTEMD = 1
} ctrun_cgroup_manager;

/** The version of ctrun_context_options this header describes. */
#define CTRUN_CONTEXT_OPTIONS_VERSION 1

/** Options of ctrun_context_new(); start from CTRUN_CONTEXT_OPTIONS_INIT. */
typedef struct ctrun_context_options {
  unsigned int version;    /**< CTRUN_CONTEXT_OPTIONS_VERSION */
  const char *state_root;  /**< NULL: "/run/ctrun"; copied */
  ctrun_log_fn log;        /**< NULL: messages are dropped */
  void *log_userdata;      /**< handed to @ref log */
  uint32_t cgroup_manager; /**< a ctrun_cgroup_manager */
  uint32_t flags;          /**< reserved, must be 0 */
} ctrun_context_options;

/** Initializer of ctrun_context_options: the defaults. */
#define CTRUN_CONTEXT_OPTIONS_INIT {.version = CTRUN_CONTEXT_OPTIONS_VERSION}

/**
 * Makes a context.
 * @param opts NULL for the defaults.
 * @param[out] ret_ctx the new context, owned by the caller (ctrun_context_free()).
 * @return 0, or a negative errno with *err set: -EINVAL for an unknown
 * options version, an unknown cgroup manager or unknown flags, -ENOMEM.
 */
CTRUN_API int ctrun_context_new(const ctrun_context_options *opts, ctrun_context **ret_ctx,
                                ctrun_error **err);

/**
 * Drops the caller's reference to @p ctx; the memory goes when the last
 * container opened with it is freed too.  NULL is allowed.
 */
CTRUN_API void ctrun_context_free(ctrun_context *ctx);

/**
 * The state root of @p ctx.
 * @return a string owned by @p ctx; NULL when @p ctx is NULL.
 */
CTRUN_API const char *ctrun_context_get_state_root(const ctrun_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
