/* Scope-bound cleanup, after systemd's _cleanup_ and lxc's move_ptr:
 * a variable marked _cleanup_X_ is released when it goes out of scope, and
 * TAKE_PTR / TAKE_FD hand its ownership on. Every destructor accepts NULL/-1. */
#ifndef CTRUN_SPEC_CLEANUP_H
#define CTRUN_SPEC_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

#define DEFINE_CLEANUP_FUNC(type, func)                                        \
  static inline void func##p(type *p) {                                        \
    if (*p) {                                                                  \
      func(*p);                                                                \
      *p = NULL;                                                               \
    }                                                                          \
  }

static inline void freep(void *p) {
  free(*(void **)p);
  *(void **)p = NULL;
}
#define _cleanup_free_ _cleanup_(freep)

/* Keeps errno, so that a cleanup on an error path does not clobber it. */
static inline void closep(int *fd) {
  if (*fd >= 0) {
    int saved = errno;
    close(*fd);
    errno = saved;
  }
  *fd = -1;
}
#define _cleanup_close_ _cleanup_(closep)

static inline void fclosep(FILE **f) {
  if (*f) {
    int saved = errno;
    fclose(*f);
    errno = saved;
  }
  *f = NULL;
}
#define _cleanup_fclose_ _cleanup_(fclosep)

/* NULL-terminated string vectors */
static inline void strv_free(char **v) {
  if (v == NULL)
    return;
  for (char **s = v; *s; s++)
    free(*s);
  free(v);
}
DEFINE_CLEANUP_FUNC(char **, strv_free)
#define _cleanup_strv_ _cleanup_(strv_freep)

#define TAKE_PTR(p)                                                            \
  ({                                                                           \
    __typeof__(p) _taken = (p);                                                \
    (p) = NULL;                                                                \
    _taken;                                                                    \
  })

#define TAKE_FD(fd)                                                            \
  ({                                                                           \
    int _taken = (fd);                                                         \
    (fd) = -1;                                                                 \
    _taken;                                                                    \
  })

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
