#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/error.h"

/* Used when the error object itself cannot be allocated: the caller still
 * gets an errno and a message, and error_free knows not to free it. */
static char oom_message[] = "out of memory";
static ctrun_error oom_error = {ENOMEM, oom_message};

int error_setv(ctrun_error **err, int errnum, const char *fmt, va_list ap) {
  int ret = errnum > 0 ? -errnum : -EINVAL;
  if (err == NULL || *err != NULL)
    return ret;
  ctrun_error *e = calloc(1, sizeof(*e));
  if (e == NULL || vasprintf(&e->message, fmt, ap) < 0) {
    free(e);
    *err = &oom_error;
    return ret;
  }
  e->errnum = errnum > 0 ? errnum : 0;
  *err = e;
  return ret;
}

int error_set(ctrun_error **err, int errnum, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int ret = error_setv(err, errnum, fmt, ap);
  va_end(ap);
  return ret;
}

int error_prefix(ctrun_error **err, int ret, const char *fmt, ...) {
  if (err == NULL || *err == NULL || *err == &oom_error)
    return ret;
  char *ctx = NULL, *joined = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&ctx, fmt, ap);
  va_end(ap);
  if (n >= 0 && asprintf(&joined, "%s: %s", ctx, (*err)->message) >= 0) {
    free((*err)->message);
    (*err)->message = joined;
  }
  free(ctx);
  return ret;
}

const char *error_format(const ctrun_error *e, char *buf, size_t len) {
  if (e == NULL)
    snprintf(buf, len, "unknown error");
  else if (e->errnum)
    snprintf(buf, len, "%s: %s", e->message, strerror(e->errnum));
  else
    snprintf(buf, len, "%s", e->message);
  return buf;
}

void error_free(ctrun_error *e) {
  if (e == NULL || e == &oom_error)
    return;
  free(e->message);
  free(e);
}
