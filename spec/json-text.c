/* JSON text in and out, with the error wording of the spec/ messages. */
#include "config.h"

#include <errno.h>

#include "spec/schema.h"
#include "spec/spec.h"

int json_to_text(json_t *j, unsigned flags, char **ret, ctrun_error **err) {
  size_t jflags = (flags & SPEC_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
  char *s = json_dumps(j, jflags | JSON_ENCODE_ANY);
  if (s == NULL)
    return error_set(err, ENOMEM, "out of memory");
  *ret = s;
  return 0;
}

int json_from_text(const char *text, size_t len, json_t **ret, ctrun_error **err) {
  json_error_t jerr;
  /* Duplicate keys are refused: which one wins is not obvious to a reader. */
  json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
  if (j == NULL)
    return error_set(err, 0, "line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
  *ret = j;
  return 0;
}
