/* What the exported wrappers (runtime/api-*.c) share.  The wrappers check
 * the caller's arguments, then call the same internal functions the CLI
 * calls (runtime/container.h, spec/spec.h ...); they hold no logic of
 * their own. */
#ifndef CTRUN_RUNTIME_API_INTERNAL_H
#define CTRUN_RUNTIME_API_INTERNAL_H

#include <stdbool.h>

#include "ctrun/ctrun.h"
#include "runtime/container.h"
#include "spec/error.h"
#include "spec/model.h"

struct ctrun_context {
  struct container_context ic; /* what the internal functions take */
  char *state_root;
  ctrun_log_fn log;
  void *log_userdata;
  unsigned refs; /* the caller's, plus one per container handle; atomic */
};

struct ctrun_container {
  ctrun_context *ctx; /* holds a reference */
  char *id;
  char *created; /* identifies this container among those with its id */
  bool deleted;  /* deleted through this handle; atomic */
};

struct ctrun_config {
  spec_config *cfg;
};

struct ctrun_process {
  spec_process *proc;
};

struct ctrun_state {
  spec_state *st;
};

void api_context_ref(ctrun_context *ctx);
void api_context_unref(ctrun_context *ctx);

/* "<fn>: <what> is NULL" as an EINVAL error; returns -EINVAL. */
int api_null(ctrun_error **err, const char *fn, const char *what);
/* Checks an options struct's version against what this library knows. */
int api_check_version(ctrun_error **err, const char *fn, const char *type, unsigned int version,
                      unsigned int known);
/* Refuses flag bits outside `known`. */
int api_check_flags(ctrun_error **err, const char *fn, uint32_t flags, uint32_t known);
/* Checks that the handle still names the container it was opened for. */
int api_container_check(const ctrun_container *c, const char *fn, ctrun_error **err);
/* A new ctrun_state owning s (s is freed on failure). */
int api_state_wrap(spec_state *s, ctrun_state **ret, ctrun_error **err);
/* -ENOSYS: "<fn>: not supported by this build (<what> is missing)". */
int api_enosys(ctrun_error **err, const char *fn, const char *what);

/* The internal functions expect an error slot: when the caller passes
 * err NULL, give them a local one (freed at return). */
#define API_ERR_SLOT(err)                                                                          \
  _cleanup_error_ ctrun_error *api_local_err_ = NULL;                                              \
  if ((err) == NULL)                                                                               \
  (err) = &api_local_err_

#define API_CHECK_NULL(p, fn, err)                                                                 \
  do {                                                                                             \
    if ((p) == NULL)                                                                               \
      return api_null(err, fn, #p);                                                                \
  } while (0)

#endif
