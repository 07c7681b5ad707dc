/* CPU lists for process.execCPUAffinity.  spec/ checked the syntax; this
 * turns a list into a mask, with the bound a cpu_set_t has. */
#include "config.h"

#include "runtime/affinity.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int affinity_parse(const char *list, const char *field, cpu_set_t *ret, ctrun_error **err) {
  CPU_ZERO(ret);
  const char *s = list;
  while (*s) {
    char *end;
    errno = 0;
    unsigned long lo = strtoul(s, &end, 10), hi = lo;
    if (end == s || errno)
      goto bad;
    if (*end == '-') {
      s = end + 1;
      hi = strtoul(s, &end, 10);
      if (end == s || errno || hi < lo)
        goto bad;
    }
    if (hi >= CPU_SETSIZE)
      return error_set(err, EINVAL, "%s: CPU %lu is beyond the %d this runtime can name", field,
                       hi, CPU_SETSIZE);
    for (unsigned long c = lo; c <= hi; c++)
      CPU_SET(c, ret);
    s = end;
    if (*s == ',')
      s++;
    else if (*s)
      goto bad;
  }
  if (CPU_COUNT(ret) == 0)
    return error_set(err, EINVAL, "%s: an empty CPU list", field);
  return 0;
bad:
  return error_set(err, EINVAL, "%s: invalid CPU list \"%s\" (expected e.g. \"0-3,7\")", field,
                   list);
}

int affinity_apply(pid_t pid, const cpu_set_t *set, const char *field, const char *list,
                   ctrun_error **err) {
  if (syscall(SYS_sched_setaffinity, pid, sizeof(*set), set) < 0)
    return error_set(err, errno, "%s: sched_setaffinity to CPUs \"%s\"", field, list);
  return 0;
}
