/* Logging to the context's callback; a no-op when the context has none. */
#ifndef CTRUN_RUNTIME_LOG_H
#define CTRUN_RUNTIME_LOG_H

#include "runtime/container.h"

void ctx_log(const struct container_context *ctx, enum container_log_level level,
             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
