/* The one error idiom: a failing function creates an error object where the
 * failure happens, returns a negative value, and every caller on the way up
 * either hands the object on (adding context with error_prefix) or prints it
 * once.  Nothing is printed on the way up. */
#ifndef CTRUN_SPEC_ERROR_H
#define CTRUN_SPEC_ERROR_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ctrun_error ctrun_error;

struct ctrun_error {
  int errnum;    /* errno of the failure, 0 when it is not a system error */
  char *message; /* what failed, with the context added on the way up */
};

/* Sets *err (when err is not NULL and *err is still empty) and returns
 * -errnum, or -EINVAL when errnum is 0, so that `return error_set(...)`
 * reads naturally. */
int error_set(ctrun_error **err, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int error_setv(ctrun_error **err, int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Prepends "<context>: " to the message of *err.  Returns the negative
 * value the failed call returned (ret), for `return error_prefix(err, ret, ...)`. */
int error_prefix(ctrun_error **err, int ret, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "message: strerror(errnum)" or "message"; into a caller's buffer. */
const char *error_format(const ctrun_error *e, char *buf, size_t len);

void error_free(ctrun_error *e);

static inline void error_freep(ctrun_error **e) {
  if (*e) {
    error_free(*e);
    *e = NULL;
  }
}
#define _cleanup_error_ __attribute__((cleanup(error_freep)))

#endif
