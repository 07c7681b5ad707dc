/* spec/: JSON in and out of the model, and validation.  No syscalls here:
 * the callers read the files and hand in the text. */
#ifndef CTRUN_SPEC_SPEC_H
#define CTRUN_SPEC_SPEC_H

#include <stddef.h>

#include "spec/error.h"
#include "spec/model.h"

/* Warnings (deprecated fields, skipped elements) go to a callback; NULL drops them. */
typedef void (*spec_warn_fn)(const char *message, void *userdata);

/* Parses config.json text (len bytes, not necessarily NUL-terminated) into a
 * new model and validates it.  Errors name the JSON path:
 *   "config.json: linux.resources.memory.limit: expected an integer, got \"64m\"".
 * `origin` is the prefix used in messages ("config.json"). */
int spec_config_parse(const char *text, size_t len, const char *origin,
                      spec_config **ret, ctrun_error **err);
/* Parse without validation (for the round-trip tests and the converter). */
int spec_config_parse_novalidate(const char *text, size_t len, const char *origin,
                                 spec_config **ret, ctrun_error **err);
int spec_config_validate(const spec_config *c, spec_warn_fn warn, void *userdata,
                         ctrun_error **err);
/* Serializes to JSON text (malloc'd, NUL-terminated).  flags: SPEC_JSON_* */
#define SPEC_JSON_PRETTY 1u

/* The largest document (config.json, process.json, state) parsed: create
 * copies the config into the state directory and every later command reads
 * it back, so a 64 MiB config would cost 128 MiB of state and seconds per
 * command. */
#define SPEC_DOCUMENT_MAX (16u << 20)
int spec_config_to_json(const spec_config *c, unsigned flags, char **ret, ctrun_error **err);

/* process.json for exec: the "process" object on its own. */
int spec_process_parse(const char *text, size_t len, const char *origin,
                       spec_process **ret, ctrun_error **err);
int spec_process_to_json(const spec_process *p, unsigned flags, char **ret, ctrun_error **err);

/* state JSON (runc's fields). */
int spec_state_parse(const char *text, size_t len, spec_state **ret, ctrun_error **err);
int spec_state_to_json(const spec_state *s, unsigned flags, char **ret, ctrun_error **err);

/* The runtime-spec "features" document of this runtime. */
int spec_features_to_json(unsigned flags, char **ret, ctrun_error **err);

/* A default config like `runc spec` (rootfs "rootfs", sh, the default
 * mounts, masked and readonly paths, capabilities). */
int spec_config_new_default(spec_config **ret, ctrun_error **err);

/* Container id syntax: not empty, at most 1024 characters, no '/', not "."
 * or "..", printable ASCII only. */
int spec_validate_id(const char *id, ctrun_error **err);
/* Walks an OCI CPU list ("0-3,7": N or N-M, comma-separated): fn(lo, hi,
 * userdata) for each range, which may stop the walk with a negative value.
 * Returns 0, fn's value, or -EINVAL for a malformed list (a reversed range
 * included).  fn may be NULL (the syntax only). */
int spec_cpu_list_walk(const char *list, int (*fn)(unsigned long lo, unsigned long hi, void *userdata),
                       void *userdata);

#endif
