#ifndef CTRUN_SPEC_CLEANUP_JSON_H
#define CTRUN_SPEC_CLEANUP_JSON_H
#include <jansson.h>
#include "spec/cleanup.h"

/* jansson >= 2.14 defines its own json_decrefp (for json_auto_t): ours has
 * a prefixed name so that both coexist. */
static inline void ctrun_json_decrefp(json_t **j) {
  json_decref(*j);
  *j = NULL;
}
#define _cleanup_json_ _cleanup_(ctrun_json_decrefp)
#endif
