/* What the child may use after clone: no malloc, no stdio, no locks.
 * A failure in the child is described in a fixed-size child_error that the
 * core sends to the parent over the sync socket; the parent turns it into a
 * ctrun_error. */
#ifndef CTRUN_RUNTIME_SIGSAFE_H
#define CTRUN_RUNTIME_SIGSAFE_H

#include <stdarg.h>
#include <stddef.h>

#define CHILD_ERROR_MAX 1024

struct child_error {
  int errnum;                     /* 0 when not a system error */
  char message[CHILD_ERROR_MAX];  /* NUL-terminated */
};

/* A vsnprintf for the child: %s %d %i %u %ld %lu %lld %llu %x %lx %o %c %%
 * and the 'z' length; always NUL-terminates; returns the length written. */
size_t sigsafe_vformat(char *buf, size_t len, const char *fmt, va_list ap);
size_t sigsafe_format(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills e and returns -errnum (or -EINVAL), like error_set. */
int child_fail(struct child_error *e, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

size_t sigsafe_strlen(const char *s);
/* Copies with truncation; returns -ENAMETOOLONG when it did not fit. */
int sigsafe_strlcpy(char *dst, const char *src, size_t len);

#endif
