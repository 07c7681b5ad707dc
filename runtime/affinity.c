/* CPU lists for process.execCPUAffinity as masks: spec/ walks the list
 * (the grammar its validation checks), this sets the bits, within the
 * bound a cpu_set_t has. */
#include "config.h"

#include "runtime/affinity.h"

#include "spec/spec.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

static int set_range(unsigned long lo, unsigned long hi, void *userdata) {
  if (hi >= CPU_SETSIZE)
    return -ERANGE;
  for (unsigned long c = lo; c <= hi; c++)
    CPU_SET(c, (cpu_set_t *)userdata);
  return 0;
}

int affinity_parse(const char *list, const char *field, cpu_set_t *ret, ctrun_error **err) {
  CPU_ZERO(ret);
  int r = spec_cpu_list_walk(list, set_range, ret);
  if (r == -ERANGE)
    return error_set(err, EINVAL, "%s: a CPU in \"%s\" is beyond the %d this runtime can name",
                     field, list, CPU_SETSIZE);
  if (r < 0)
    return error_set(err, EINVAL, "%s: invalid CPU list \"%s\" (expected e.g. \"0-3,7\")",
                     field, list);
  return 0;
}

int affinity_apply(pid_t pid, const cpu_set_t *set, const char *field, const char *list,
                   ctrun_error **err) {
  if (syscall(SYS_sched_setaffinity, pid, sizeof(*set), set) < 0)
    return error_set(err, errno, "%s: sched_setaffinity to CPUs \"%s\"", field, list);
  return 0;
}
