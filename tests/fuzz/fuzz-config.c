/* libFuzzer: config.json text -> model -> JSON -> model.  Besides crashes
 * and leaks, fails when a document that parsed does not serialize to text
 * that parses to the same serialization (the round-trip contract). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const spec_config *c) {
  char *first = NULL, *second = NULL;
  spec_config *again = NULL;
  ctrun_error *err = NULL;
  if (spec_config_to_json(c, 0, &first, &err) < 0)
    abort();
  if (spec_config_parse_novalidate(first, strlen(first), "fuzz", &again, &err) < 0)
    abort();
  if (spec_config_to_json(again, SPEC_JSON_PRETTY, &second, &err) < 0)
    abort();
  free(second);
  second = NULL;
  if (spec_config_to_json(again, 0, &second, &err) < 0 || strcmp(first, second) != 0)
    abort();
  /* Validation is a function of the model alone: both copies agree. */
  ctrun_error *e1 = NULL, *e2 = NULL;
  int r1 = spec_config_validate(c, NULL, NULL, &e1);
  int r2 = spec_config_validate(again, NULL, NULL, &e2);
  if (r1 != r2 || (e1 && strcmp(e1->message, e2->message) != 0))
    abort();
  error_free(e1);
  error_free(e2);
  free(first);
  free(second);
  spec_config_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  if (spec_config_parse_novalidate((const char *)data, size, "fuzz", &c, &err) < 0) {
    if (err == NULL || err->message == NULL)
      abort();
    error_free(err);
    return 0;
  }
  check_round_trip(c);
  spec_config_free(c);

  if (spec_config_parse((const char *)data, size, "fuzz", &c, &err) < 0) {
    error_free(err);
    return 0;
  }
  spec_config_free(c);
  return 0;
}
