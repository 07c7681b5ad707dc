/* libFuzzer: runtime/state-json.c, the scanner that reads each container's
 * state.json (list, state, delete ...) without a JSON tree.  Besides
 * crashes, leaks and UB, it is checked against jansson: when both accept a
 * document, every string field the record keeps must be the string jansson
 * reads (the scanner unescapes in place), and the pid the same integer. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_string(json_t *o, const char *key, const char *got) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
    return; /* not a plain string in jansson's view: nothing to compare */
  if (got == NULL || strcmp(got, json_string_value(v)) != 0)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  struct container_record *rec = NULL;
  ctrun_error *err = NULL;
  int r = state_record_parse(text, size, &rec, &err);
  if (r < 0) {
    if (rec != NULL || err == NULL || err->message == NULL)
      abort();
    error_free(err);
    free(text);
    return 0;
  }
  /* the text is unescaped in place: parse the input again with jansson */
  json_t *o = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
  if (json_is_object(o)) {
    same_string(o, "ociVersion", rec->oci_version);
    same_string(o, "id", rec->id);
    same_string(o, "bundle", rec->bundle);
    same_string(o, "rootfs", rec->rootfs);
    same_string(o, "created", rec->created);
    same_string(o, "owner", rec->owner);
    json_t *pid = json_object_get(o, "pid");
    if (json_is_integer(pid) && json_integer_value(pid) >= 0 &&
        json_integer_value(pid) <= INT32_MAX && rec->pid != (pid_t)json_integer_value(pid))
      abort();
  }
  json_decref(o);
  container_record_free(rec);
  free(text);
  return 0;
}
