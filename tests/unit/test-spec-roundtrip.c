/* parse -> serialize -> parse is the identity: the serialized document is
 * equal (as JSON) to the input, and serializing again gives the same text. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

static const char *const corpus[] = {
    "tests/fuzz/corpus/config/full.json",          "tests/fuzz/corpus/config/hooks.json",
    "tests/fuzz/corpus/config/minimal.json",       "tests/fuzz/corpus/config/rootless.json",
    "tests/fuzz/corpus/config/runc-spec.json",     "tests/fuzz/corpus/config/seccomp.json",
    "tests/fuzz/corpus/config/runtime-tools.json", /* what the conformance suite generates */
};

static void expect_json_equal(const char *a, const char *b, const char *what) {
  json_error_t e;
  json_t *ja = json_loads(a, 0, &e), *jb = json_loads(b, 0, &e);
  cr_assert_not_null(ja);
  cr_assert_not_null(jb);
  if (!json_equal(ja, jb)) {
    char *da = json_dumps(ja, JSON_SORT_KEYS | JSON_INDENT(1));
    char *db = json_dumps(jb, JSON_SORT_KEYS | JSON_INDENT(1));
    cr_expect_str_eq(da, db, "%s: documents differ", what);
    free(da);
    free(db);
  }
  json_decref(ja);
  json_decref(jb);
}

Test(spec_roundtrip, corpus_documents_survive_unchanged) {
  for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
    char *text = read_srcdir_file(corpus[i], NULL);
    spec_config *c = parse_ok(text);
    char *out = to_json(c);
    /* Every property of the input comes back with the same value. */
    expect_json_equal(text, out, corpus[i]);
    spec_config *again = parse_ok(out);
    char *out2 = to_json(again);
    cr_expect_str_eq(out, out2, "%s: second serialization differs", corpus[i]);
    spec_config_free(again);
    spec_config_free(c);
    free(out2);
    free(out);
    free(text);
  }
}

Test(spec_roundtrip, pretty_and_compact_are_the_same_document) {
  char *text = read_srcdir_file("tests/fuzz/corpus/config/full.json", NULL);
  spec_config *c = parse_ok(text);
  char *pretty = NULL, *compact = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_to_json(c, SPEC_JSON_PRETTY, &pretty, &err), 0);
  cr_assert_eq(spec_config_to_json(c, 0, &compact, &err), 0);
  cr_expect_not_null(strchr(pretty, '\n'));
  cr_expect_null(strchr(compact, '\n'));
  cr_expect_lt(strlen(compact), strlen(pretty));
  expect_json_equal(pretty, compact, "pretty vs compact");
  free(pretty);
  free(compact);
  spec_config_free(c);
  free(text);
}

Test(spec_roundtrip, absent_and_empty_differ_in_the_output) {
  spec_config *c = parse_ok("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/\"}, "
                            "\"mounts\": [], \"linux\": {\"maskedPaths\": []}}");
  char *out = to_json(c);
  cr_expect_str_eq(out, "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"/\"},\"mounts\":[],"
                        "\"linux\":{\"maskedPaths\":[]}}");
  free(out);
  spec_config_free(c);
}

Test(spec_roundtrip, unknown_properties_are_dropped) {
  spec_config *c = parse_ok("{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"/\", \"x\": 1}, "
                            "\"vm\": {\"hypervisor\": {}}}");
  char *out = to_json(c);
  cr_expect_str_eq(out, "{\"ociVersion\":\"1.0.0\",\"root\":{\"path\":\"/\"}}");
  free(out);
  spec_config_free(c);
}

Test(spec_roundtrip, default_config_round_trips) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_new_default(&c, &err), 0);
  char *out = to_json(c);
  spec_config *again = parse_ok(out);
  char *out2 = to_json(again);
  cr_expect_str_eq(out, out2);
  free(out);
  free(out2);
  spec_config_free(again);
  spec_config_free(c);
}

Test(spec_roundtrip, process_json) {
  char *text = read_srcdir_file("tests/fuzz/corpus/process/exec.json", NULL);
  spec_process *p = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_process_parse(text, strlen(text), "process.json", &p, &err), 0);
  char *out = NULL;
  cr_assert_eq(spec_process_to_json(p, 0, &out, &err), 0);
  expect_json_equal(text, out, "process.json");
  free(out);
  spec_process_free(p);
  free(text);
}

Test(spec_roundtrip, state_json) {
  char *text = read_srcdir_file("tests/fuzz/corpus/state/running.json", NULL);
  spec_state *s = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_state_parse(text, strlen(text), &s, &err), 0);
  char *out = NULL;
  cr_assert_eq(spec_state_to_json(s, SPEC_JSON_PRETTY, &out, &err), 0);
  expect_json_equal(text, out, "state.json");
  free(out);
  spec_state_free(s);
  free(text);
}
