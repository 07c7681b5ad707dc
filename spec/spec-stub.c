/* Placeholder until spec/parse*.c etc. land; the spec owner deletes this file. */
#include "config.h"
#include <errno.h>
#include "spec/spec.h"
#define NI(err) error_set(err, ENOSYS, "spec: not implemented yet")
int spec_config_parse(const char *t, size_t l, const char *o, spec_config **ret, ctrun_error **err) { return NI(err); }
int spec_config_parse_novalidate(const char *t, size_t l, const char *o, spec_config **ret, ctrun_error **err) { return NI(err); }
int spec_config_validate(const spec_config *c, spec_warn_fn w, void *u, ctrun_error **err) { return NI(err); }
int spec_config_to_json(const spec_config *c, unsigned f, char **ret, ctrun_error **err) { return NI(err); }
int spec_process_parse(const char *t, size_t l, const char *o, spec_process **ret, ctrun_error **err) { return NI(err); }
int spec_process_to_json(const spec_process *p, unsigned f, char **ret, ctrun_error **err) { return NI(err); }
int spec_state_parse(const char *t, size_t l, spec_state **ret, ctrun_error **err) { return NI(err); }
int spec_state_to_json(const spec_state *s, unsigned f, char **ret, ctrun_error **err) { return NI(err); }
int spec_features_to_json(unsigned f, char **ret, ctrun_error **err) { return NI(err); }
int spec_config_new_default(spec_config **ret, ctrun_error **err) { return NI(err); }
int spec_validate_id(const char *id, ctrun_error **err) { return NI(err); }
void spec_config_free(spec_config *c) {}
void spec_process_free(spec_process *p) {}
void spec_state_free(spec_state *s) {}
