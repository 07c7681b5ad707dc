/* The parse entry points: text -> JSON -> model (-> validation).  Every
 * error is prefixed with the origin ("config.json: ...") and nothing is
 * left allocated on failure. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "spec/cleanup-json.h"
#include "spec/schema.h"
#include "spec/spec.h"
#include "spec/validate.h"

static int parse_document(const struct object_desc *d, const char *text, size_t len, void **ret,
                          ctrun_error **err) {
  _cleanup_json_ json_t *j = NULL;
  if (len > SPEC_DOCUMENT_MAX)
    return error_set(err, 0, "%zu bytes is more than the %u MiB a document may have", len,
                     SPEC_DOCUMENT_MAX >> 20);
  int r = json_from_text(text, len, &j, err);
  if (r < 0)
    return r;
  void *obj = calloc(1, d->size);
  if (obj == NULL)
    return error_set(err, ENOMEM, "out of memory");
  r = schema_parse_object(d, j, obj, NULL, err);
  if (r < 0) {
    schema_free_object(d, obj);
    free(obj);
    return r;
  }
  *ret = obj;
  return 0;
}

static const char *origin_or(const char *origin, const char *fallback) {
  return origin ? origin : fallback;
}

int spec_config_parse_novalidate(const char *text, size_t len, const char *origin,
                                 spec_config **ret, ctrun_error **err) {
  void *c = NULL;
  int r = parse_document(&config_desc, text, len, &c, err);
  if (r < 0)
    return error_prefix(err, r, "%s", origin_or(origin, "config.json"));
  *ret = c;
  return 0;
}

int spec_config_parse(const char *text, size_t len, const char *origin, spec_config **ret,
                      ctrun_error **err) {
  spec_config *c = NULL;
  int r = spec_config_parse_novalidate(text, len, origin, &c, err);
  if (r < 0)
    return r;
  r = spec_config_validate(c, NULL, NULL, err);
  if (r < 0) {
    spec_config_free(c);
    return error_prefix(err, r, "%s", origin_or(origin, "config.json"));
  }
  *ret = c;
  return 0;
}

int spec_process_parse(const char *text, size_t len, const char *origin, spec_process **ret,
                       ctrun_error **err) {
  void *p = NULL;
  int r = parse_document(&process_desc, text, len, &p, err);
  if (r == 0 && (r = validate_process(p, NULL, NULL, NULL, err)) < 0)
    spec_process_free(p);
  if (r < 0)
    return error_prefix(err, r, "%s", origin_or(origin, "process.json"));
  *ret = p;
  return 0;
}

int spec_state_parse(const char *text, size_t len, spec_state **ret, ctrun_error **err) {
  void *s = NULL;
  int r = parse_document(&state_desc, text, len, &s, err);
  if (r == 0 && (r = validate_state(s, err)) < 0)
    spec_state_free(s);
  if (r < 0)
    return error_prefix(err, r, "state.json");
  *ret = s;
  return 0;
}
