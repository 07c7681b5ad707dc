/* process.execCPUAffinity: CPU lists ("0-3,7") as sched_setaffinity(2)
 * masks, parsed before clone. */
#ifndef CTRUN_RUNTIME_AFFINITY_H
#define CTRUN_RUNTIME_AFFINITY_H

#include <sched.h>
#include <stdbool.h>
#include <sys/types.h>

#include "spec/error.h"

/* Parses LIST into *ret; FIELD names it in errors.  A CPU beyond what a
 * cpu_set_t holds is an error. */
int affinity_parse(const char *list, const char *field, cpu_set_t *ret, ctrun_error **err);
/* sched_setaffinity(pid) that names FIELD and the list when it fails. */
int affinity_apply(pid_t pid, const cpu_set_t *set, const char *field, const char *list,
                   ctrun_error **err);

#endif
