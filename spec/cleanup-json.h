#ifndef CTRUN_SPEC_CLEANUP_JSON_H
#define CTRUN_SPEC_CLEANUP_JSON_H
#include <jansson.h>
#include "spec/cleanup.h"

static inline void json_decrefp(json_t **j) {
  json_decref(*j);
  *j = NULL;
}
#define _cleanup_json_ _cleanup_(json_decrefp)
#endif
