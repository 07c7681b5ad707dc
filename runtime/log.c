#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/log.h"

void ctx_log(const struct container_context *ctx, enum container_log_level level,
             const char *fmt, ...) {
  if (ctx == NULL || ctx->log == NULL)
    return;
  char *msg = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&msg, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  ctx->log(level, msg, ctx->log_userdata);
  free(msg);
}
