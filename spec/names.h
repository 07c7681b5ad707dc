/* The closed sets of names the spec defines, with the numbers the kernel
 * uses.  validate.c checks documents against them; runtime/ maps with them. */
#ifndef CTRUN_SPEC_NAMES_H
#define CTRUN_SPEC_NAMES_H

#include <stdbool.h>
#include <stdint.h>

struct name_value {
  const char *name;
  int64_t value;
};

/* Each returns true and sets *ret when name is known. */
bool spec_capability_value(const char *name, int *ret);     /* "CAP_CHOWN" -> 0 */
const char *spec_capability_name(int cap);                  /* 0 -> "CAP_CHOWN", NULL if unknown */
int spec_capability_last(void);                             /* highest known capability */
bool spec_rlimit_value(const char *name, int *ret);         /* "RLIMIT_NOFILE" -> 7 */
bool spec_namespace_flag(const char *type, int *ret);       /* "pid" -> CLONE_NEWPID */
const char *spec_namespace_proc_name(const char *type);     /* "network" -> "net" */
bool spec_seccomp_action_known(const char *name);
bool spec_seccomp_arch_known(const char *name);
bool spec_seccomp_op_known(const char *name);
bool spec_seccomp_flag_known(const char *name);
bool spec_propagation_known(const char *name);              /* rootfsPropagation */
bool spec_personality_domain_known(const char *name);
bool spec_scheduler_policy_known(const char *name);
bool spec_scheduler_flag_known(const char *name);
bool spec_ioprio_class_known(const char *name);

#endif
