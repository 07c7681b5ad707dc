/* libFuzzer: domain XML -> model -> JSON -> model.  Any crash, leak or
 * sanitizer report is a bug; so is a model the converter accepts that does
 * not serialize or parse back. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"
#include "spec/xml/xml.h"

static int fake_read(const char *root, const char *rel, char **ret, void *u) {
  *ret = strdup("root:x:0:0::/:/bin/sh\nuser:x:1000:100::/:/bin/sh\nusers:x:100:user\n");
  return *ret ? 0 : -1;
}
static int fake_stat(const char *path, char *type, int64_t *ma, int64_t *mi, void *u) {
  *type = strstr(path, "tty") ? 'c' : 'b';
  *ma = 8, *mi = 1;
  return 0;
}
static int fake_fstype(const char *dev, char **ret, void *u) {
  *ret = strdup("ext4");
  return *ret ? 0 : -1;
}
static int fake_dir(const char *path, void *u) {
  return 0;
}
static int fake_pid(const char *name, int64_t *ret, void *u) {
  *ret = 1;
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const struct xml_host host = {fake_read, fake_stat, fake_fstype, fake_dir,
                                       NULL,      fake_pid,  NULL};
  static const struct xml_network_map nets[] = {{"default", "virbr0"}};
  /* the last byte also picks options, so legacy and strict get fuzzed too
   * ('\n' and '>' of the seeds select the plain conversion) */
  unsigned flags = size ? data[size - 1] : 0;
  flags = flags == '>' ? 0 : flags;
  struct xml_options opts = {.template_dir = "/t",
                             .networks = nets,
                             .n_networks = 1,
                             .host = &host,
                             .legacy = flags & 0x10,
                             .strict = flags & 0x40,
                             .rootfs = (flags & 0x20) ? "rootfs" : NULL};
  spec_config *cfg = NULL;
  ctrun_error *err = NULL;
  if (xml_domain_to_config((const char *)data, size, &opts, NULL, NULL, &cfg, &err) < 0) {
    if (err == NULL || err->message == NULL)
      abort(); /* every failure must say why */
    error_free(err);
    return 0;
  }
  char *json = NULL;
  if (spec_config_to_json(cfg, 0, &json, &err) < 0)
    abort();
  spec_config *back = NULL;
  if (spec_config_parse(json, strlen(json), "config.json", &back, &err) < 0)
    abort(); /* the converter produced something invalid */
  spec_config_free(back);
  spec_config_free(cfg);
  free(json);
  return 0;
}
