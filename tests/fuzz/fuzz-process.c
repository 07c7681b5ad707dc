/* libFuzzer: process.json (exec --process) -> model -> JSON -> model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  spec_process *p = NULL, *again = NULL;
  ctrun_error *err = NULL;
  char *first = NULL, *second = NULL;
  if (spec_process_parse((const char *)data, size, "fuzz", &p, &err) < 0) {
    if (err == NULL || err->message == NULL)
      abort();
    error_free(err);
    return 0;
  }
  if (spec_process_to_json(p, 0, &first, &err) < 0 ||
      spec_process_parse(first, strlen(first), "fuzz", &again, &err) < 0 ||
      spec_process_to_json(again, 0, &second, &err) < 0 || strcmp(first, second) != 0)
    abort();
  free(first);
  free(second);
  spec_process_free(p);
  spec_process_free(again);
  return 0;
}
