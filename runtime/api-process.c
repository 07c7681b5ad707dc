/* ctrun_process: spec_process behind an opaque handle (for exec). */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/api-internal.h"
#include "spec/cleanup-json.h"
#include "spec/cleanup.h"
#include "spec/spec.h"

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int wrap(spec_process *p, ctrun_process **ret, ctrun_error **err) {
  ctrun_process *w = malloc(sizeof(*w));
  if (w == NULL) {
    spec_process_free(p);
    return error_set(err, ENOMEM, "process");
  }
  w->proc = p;
  *ret = w;
  return 0;
}

CTRUN_API int ctrun_process_from_json(const char *json, size_t len, ctrun_process **ret_process,
                                      ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_process_from_json";
  API_CHECK_NULL(json, fn, err);
  API_CHECK_NULL(ret_process, fn, err);
  spec_process *p = NULL;
  int r = spec_process_parse(json, len, "process.json", &p, err);
  if (r < 0)
    return r;
  return wrap(p, ret_process, err);
}

/* Built as process.json text and parsed, so that it is validated exactly
 * like a process.json from the caller. */
CTRUN_API int ctrun_process_from_args(const char *const *argv, ctrun_process **ret_process,
                                      ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_process_from_args";
  API_CHECK_NULL(argv, fn, err);
  API_CHECK_NULL(ret_process, fn, err);
  if (argv[0] == NULL)
    return error_set(err, EINVAL, "%s: argv is empty", fn);
  _cleanup_json_ json_t *args = json_array();
  for (size_t i = 0; args && argv[i]; i++)
    if (json_array_append_new(args, json_string(argv[i])) < 0)
      return error_set(err, EINVAL, "%s: argv[%zu] is not valid UTF-8", fn, i);
  _cleanup_json_ json_t *o =
      args ? json_pack("{s:O, s:s, s:[s], s:{s:i, s:i}}", "args", args, "cwd", "/", "env",
                       DEFAULT_PATH, "user", "uid", 0, "gid", 0)
           : NULL;
  _cleanup_free_ char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
  if (text == NULL)
    return error_set(err, ENOMEM, "%s", fn);
  return ctrun_process_from_json(text, strlen(text), ret_process, err);
}

CTRUN_API int ctrun_process_to_json(const ctrun_process *process, uint32_t flags,
                                    char **ret_json, ctrun_error **err) {
  API_ERR_SLOT(err);
  static const char fn[] = "ctrun_process_to_json";
  API_CHECK_NULL(process, fn, err);
  API_CHECK_NULL(ret_json, fn, err);
  int r = api_check_flags(err, fn, flags, CTRUN_JSON_PRETTY);
  if (r < 0)
    return r;
  return spec_process_to_json(process->proc, flags & CTRUN_JSON_PRETTY ? SPEC_JSON_PRETTY : 0,
                              ret_json, err);
}

CTRUN_API void ctrun_process_free(ctrun_process *process) {
  if (process == NULL)
    return;
  spec_process_free(process->proc);
  free(process);
}
