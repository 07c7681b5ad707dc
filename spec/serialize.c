/* The serialize entry points: model -> JSON text. */
#include "config.h"

#include "spec/cleanup-json.h"
#include "spec/schema.h"
#include "spec/spec.h"

static int to_text(const struct object_desc *d, const void *obj, unsigned flags, char **ret,
                   ctrun_error **err) {
  _cleanup_json_ json_t *j = NULL;
  int r = schema_serialize_object(d, obj, &j, err);
  if (r < 0)
    return r;
  return json_to_text(j, flags, ret, err);
}

int spec_config_to_json(const spec_config *c, unsigned flags, char **ret, ctrun_error **err) {
  return to_text(&config_desc, c, flags, ret, err);
}

int spec_process_to_json(const spec_process *p, unsigned flags, char **ret, ctrun_error **err) {
  return to_text(&process_desc, p, flags, ret, err);
}

int spec_state_to_json(const spec_state *s, unsigned flags, char **ret, ctrun_error **err) {
  return to_text(&state_desc, s, flags, ret, err);
}
