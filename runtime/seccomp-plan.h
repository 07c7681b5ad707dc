/* The compiled seccomp program, shared by the parent-side compiler
 * (seccomp.c) and the child-side loader (seccomp-load.c). */
#ifndef CTRUN_RUNTIME_SECCOMP_PLAN_H
#define CTRUN_RUNTIME_SECCOMP_PLAN_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct seccomp_plan {
  struct sock_filter *filter;
  size_t len;     /* instructions, at most BPF_MAXINSNS */
  uint32_t flags; /* SECCOMP_FILTER_FLAG_*, NEW_LISTENER included when notify */
  bool notify;
};

#endif
