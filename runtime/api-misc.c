/* ctrun_free, the versions and the features document. */
#include "config.h"

#include <stdlib.h>

#include "runtime/api-internal.h"
#include "runtime/handle.h"
#include "spec/spec.h"

CTRUN_API void ctrun_free(void *p) { free(p); }

CTRUN_API const char *ctrun_version(void) { return PACKAGE_VERSION; }

CTRUN_API const char *ctrun_spec_version(void) { return CONTAINER_OCI_VERSION; }

CTRUN_API int ctrun_features_to_json(uint32_t flags, char **ret_json, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_features_to_json";
  API_CHECK_NULL(ret_json, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_JSON_PRETTY);
  if (r < 0)
    return r;
  return spec_features_to_json(flags & CTRUN_JSON_PRETTY ? SPEC_JSON_PRETTY : 0, ret_json, err);
}
