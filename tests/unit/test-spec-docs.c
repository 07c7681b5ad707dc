/* The other documents: process.json, state JSON, features, the default config. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

static char *process_error(const char *json) {
  spec_process *p = NULL;
  ctrun_error *err = NULL;
  cr_assert_lt(spec_process_parse(json, strlen(json), "process.json", &p, &err), 0);
  cr_assert_null(p);
  char *msg = strdup(err->message);
  error_free(err);
  return msg;
}

Test(spec_docs, process_json_fields) {
  char *text = read_srcdir_file("tests/fuzz/corpus/process/exec.json", NULL);
  spec_process *p = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_process_parse(text, strlen(text), "process.json", &p, &err), 0);
  cr_expect_str_eq(p->args.items[0], "ls");
  cr_expect_str_eq(p->cwd, "/tmp");
  cr_expect_eq(p->user.additional_gids[0], 10);
  cr_expect(p->oom_score_adj.value == 100);
  cr_expect(p->console_size.set && p->console_size.width == 120);
  spec_process_free(p);
  free(text);
}

Test(spec_docs, process_json_errors_are_relative_to_the_process) {
  char *msg = process_error("{\"args\": [], \"cwd\": \"/\"}");
  cr_expect_str_eq(msg, "process.json: args: must not be empty");
  free(msg);
  msg = process_error("{\"args\": [\"x\"], \"cwd\": \"/\", \"capabilities\": {\"bounding\": "
                      "[\"CAP_NOPE\"]}}");
  cr_expect_str_eq(msg, "process.json: capabilities.bounding[0]: unknown capability \"CAP_NOPE\"");
  free(msg);
  msg = process_error("[\"ls\"]");
  cr_expect_str_eq(msg, "process.json: expected an object, got an array");
  free(msg);
}

Test(spec_docs, state_fields) {
  char *text = read_srcdir_file("tests/fuzz/corpus/state/running.json", NULL);
  spec_state *s = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_state_parse(text, strlen(text), &s, &err), 0);
  cr_expect_str_eq(s->oci_version, "1.2.0");
  cr_expect_str_eq(s->id, "box");
  cr_expect_eq(s->pid, 4242);
  cr_expect_str_eq(s->status, "running");
  cr_expect_str_eq(s->bundle, "/var/lib/box");
  cr_expect_str_eq(s->rootfs, "/var/lib/box/rootfs");
  cr_expect_str_eq(s->created, "2024-01-02T03:04:05.123456789Z");
  cr_expect_str_eq(s->owner, "");
  cr_assert_eq(s->annotations.n, 1);
  cr_expect_str_eq(s->annotations.items[0].value, "x");
  spec_state_free(s);
  free(text);
}

Test(spec_docs, state_serializes_in_runc_order) {
  spec_state s = {.oci_version = "1.2.0",
                  .id = "c1",
                  .status = "created",
                  .pid = 7,
                  .bundle = "/b",
                  .rootfs = "/b/rootfs",
                  .created = "2024-01-01T00:00:00Z",
                  .owner = ""};
  char *out = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_state_to_json(&s, 0, &out, &err), 0);
  cr_expect_str_eq(out, "{\"ociVersion\":\"1.2.0\",\"id\":\"c1\",\"pid\":7,\"status\":\"created\","
                        "\"bundle\":\"/b\",\"rootfs\":\"/b/rootfs\","
                        "\"created\":\"2024-01-01T00:00:00Z\",\"owner\":\"\"}");
  free(out);
}

Test(spec_docs, state_errors) {
  const struct {
    const char *json, *message;
  } bad[] = {
      {"{\"ociVersion\": \"1.2.0\", \"id\": \"c\", \"status\": \"sleeping\", \"bundle\": \"/b\"}",
       "state.json: status: unknown status \"sleeping\""},
      {"{\"ociVersion\": \"1.2.0\", \"id\": \"a/b\", \"status\": \"running\", \"bundle\": \"/b\"}",
       "state.json: id: container id \"a/b\" must not contain '/'"},
      {"{\"ociVersion\": \"1.2.0\", \"id\": \"c\", \"status\": \"running\"}",
       "state.json: bundle: required property is missing"},
      {"{\"ociVersion\": \"1.2.0\", \"id\": \"c\", \"status\": \"running\", \"bundle\": \"/b\", "
       "\"pid\": -4}",
       "state.json: pid: must not be negative, got -4"},
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    spec_state *s = NULL;
    ctrun_error *err = NULL;
    cr_assert_lt(spec_state_parse(bad[i].json, strlen(bad[i].json), &s, &err), 0);
    cr_expect_str_eq(err->message, bad[i].message);
    error_free(err);
  }
}

static json_t *features(void) {
  char *text = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_features_to_json(SPEC_JSON_PRETTY, &text, &err), 0);
  json_error_t e;
  json_t *j = json_loads(text, 0, &e);
  cr_assert_not_null(j, "%s", e.text);
  free(text);
  return j;
}

static bool array_has(json_t *a, const char *s) {
  size_t i;
  json_t *v;
  json_array_foreach(a, i, v) if (strcmp(json_string_value(v), s) == 0) return true;
  return false;
}

Test(spec_docs, features_document) {
  json_t *f = features();
  cr_expect_str_eq(json_string_value(json_object_get(f, "ociVersionMin")), "1.0.0");
  cr_expect_str_eq(json_string_value(json_object_get(f, "ociVersionMax")), "1.2.0");
  cr_expect_eq(json_array_size(json_object_get(f, "hooks")), 6);
  json_t *opts = json_object_get(f, "mountOptions");
  cr_expect(array_has(opts, "rbind") && array_has(opts, "rro") && array_has(opts, "nosymfollow"));
  cr_expect(!array_has(opts, "idmap"), "idmapped mounts are not implemented");
  json_t *lx = json_object_get(f, "linux");
  json_t *ns = json_object_get(lx, "namespaces");
  cr_expect_eq(json_array_size(ns), 8);
  cr_expect(array_has(ns, "time") && array_has(ns, "cgroup"));
  json_t *caps = json_object_get(lx, "capabilities");
  cr_expect_eq(json_array_size(caps), 41);
  cr_expect_str_eq(json_string_value(json_array_get(caps, 0)), "CAP_CHOWN");
  cr_expect(json_is_true(json_object_get(json_object_get(lx, "cgroup"), "v1")));
  cr_expect(json_is_true(json_object_get(json_object_get(lx, "cgroup"), "v2")));
  cr_expect(json_is_false(json_object_get(json_object_get(lx, "cgroup"), "systemd")));
  json_t *sc = json_object_get(lx, "seccomp");
  cr_expect(json_is_true(json_object_get(sc, "enabled")));
  cr_expect_eq(json_array_size(json_object_get(sc, "actions")), 9);
  cr_expect_eq(json_array_size(json_object_get(sc, "operators")), 7);
  cr_expect(array_has(json_object_get(sc, "archs"), "SCMP_ARCH_X86_64"));
  cr_expect_eq(json_array_size(json_object_get(sc, "knownFlags")), 4);
  cr_expect(json_is_false(json_object_get(json_object_get(lx, "intelRdt"), "enabled")));
  cr_expect(json_is_false(json_object_get(
      json_object_get(json_object_get(lx, "mountExtensions"), "idmap"), "enabled")));
  json_decref(f);
}

Test(spec_docs, default_config_is_like_runc_spec) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_new_default(&c, &err), 0);
  cr_expect_str_eq(c->oci_version, "1.2.0");
  cr_expect_str_eq(c->root.path, "rootfs");
  cr_expect(c->root.readonly.value);
  cr_assert_not_null(c->process);
  cr_expect_str_eq(c->process->args.items[0], "sh");
  cr_expect(c->process->terminal.value);
  cr_expect_str_eq(c->process->cwd, "/");
  cr_expect_eq(c->process->capabilities.bounding.n, 3);
  cr_expect_str_eq(c->process->rlimits[0].type, "RLIMIT_NOFILE");
  cr_expect_eq(c->n_mounts, 7);
  cr_expect_str_eq(c->mounts[2].destination, "/dev/pts");
  cr_expect_eq(c->linux_.n_namespaces, 5);
  cr_expect_eq(c->linux_.masked_paths.n, 10);
  cr_expect_eq(c->linux_.readonly_paths.n, 5);
  cr_expect(!c->linux_.resources.devices[0].allow);
  spec_config_free(c);
}
