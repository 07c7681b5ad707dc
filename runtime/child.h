/* The init's side of the spawn: never returns (execs or _exits). */
#ifndef CTRUN_RUNTIME_CHILD_H
#define CTRUN_RUNTIME_CHILD_H

#include "runtime/plan.h"

__attribute__((noreturn)) void child_main(struct container_plan *p);

#endif
