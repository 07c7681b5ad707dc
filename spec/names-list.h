/* Private to spec/: the name sets as lists, for the features document. */
#ifndef CTRUN_SPEC_NAMES_LIST_H
#define CTRUN_SPEC_NAMES_LIST_H

#include <stddef.h>

enum name_set {
  NAMES_NAMESPACES,
  NAMES_SECCOMP_ACTIONS,
  NAMES_SECCOMP_ARCHES,
  NAMES_SECCOMP_OPS,
  NAMES_SECCOMP_FLAGS,
};

/* Sets *ret to the set's names and returns how many there are. */
size_t names_list(enum name_set set, const char *const **ret);

#endif
