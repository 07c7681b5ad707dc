/* The child's half of seccomp: one raw seccomp() call with the program the
 * parent compiled.  Async-signal-safe. */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/seccomp-plan.h"
#include "runtime/security.h"

int seccomp_load_child(const struct seccomp_plan *p, int *ret_notify_fd, struct child_error *e) {
  *ret_notify_fd = -1;
  if (p == NULL)
    return 0;
  struct sock_fprog prog = {.len = (unsigned short)p->len, .filter = p->filter};
  long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, (unsigned long)p->flags, &prog);
  if (r < 0) {
    if (errno == EACCES)
      return child_fail(e, errno,
                        "seccomp: load the filter (it needs no_new_privs or CAP_SYS_ADMIN)");
    return child_fail(e, errno, "seccomp: load the filter (flags 0x%x)", (unsigned)p->flags);
  }
  /* With NEW_LISTENER the return value is the listener fd (close-on-exec
   * already); with TSYNC alone a positive value is a thread that could
   * not be synced. */
  if (p->notify)
    *ret_notify_fd = (int)r;
  else if (r > 0)
    return child_fail(e, 0, "seccomp: thread %ld could not be synchronized", r);
  return 0;
}
