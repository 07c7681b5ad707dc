/* libFuzzer: state JSON -> model -> JSON -> model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  spec_state *s = NULL, *again = NULL;
  ctrun_error *err = NULL;
  char *first = NULL, *second = NULL;
  if (spec_state_parse((const char *)data, size, &s, &err) < 0) {
    if (err == NULL || err->message == NULL)
      abort();
    error_free(err);
    return 0;
  }
  if (spec_state_to_json(s, SPEC_JSON_PRETTY, &first, &err) < 0 ||
      spec_state_parse(first, strlen(first), &again, &err) < 0 ||
      spec_state_to_json(again, SPEC_JSON_PRETTY, &second, &err) < 0 || strcmp(first, second) != 0)
    abort();
  free(first);
  free(second);
  spec_state_free(s);
  spec_state_free(again);
  return 0;
}
