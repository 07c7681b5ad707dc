/* Parse errors: wrong JSON types, number ranges, malformed JSON, and the
 * exact wording of messages (the path, what was expected, what was got). */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

static void expect_error(char *json, const char *expected) {
  char *msg = parse_error(json);
  cr_expect_str_eq(msg, expected, "for %s", json);
  free(msg);
  free(json);
}

Test(spec_errors, memory_limit_string_is_not_an_integer) {
  expect_error(linux_with("\"resources\": {\"memory\": {\"limit\": \"64m\"}}"),
               "config.json: linux.resources.memory.limit: expected an integer, got \"64m\"");
}

Test(spec_errors, unknown_capability_names_its_index) {
  expect_error(process_with("\"capabilities\": {\"bounding\": [\"CAP_CHOWN\", \"CAP_KILL\", "
                            "\"CAP_SYS_ADMIN\", \"CAP_TEST\"]}"),
               "config.json: process.capabilities.bounding[3]: unknown capability \"CAP_TEST\"");
}

Test(spec_errors, relative_mount_destination) {
  expect_error(config_with("\"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\"}, "
                           "{\"destination\": \"/dev\"}, {\"destination\": \"tmp\"}]"),
               "config.json: mounts[2].destination: must be an absolute path, got \"tmp\"");
}

Test(spec_errors, oci_version_not_semver) {
  expect_error(strdup("{\"ociVersion\": \"invalid\", \"root\": {\"path\": \"rootfs\"}}"),
               "config.json: ociVersion: \"invalid\" is not a semantic version");
}

Test(spec_errors, error_object_is_a_document_error) {
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  const char *json = "{\"ociVersion\": 1}";
  cr_assert_eq(spec_config_parse(json, strlen(json), "bundle/config.json", &c, &err), -EINVAL);
  cr_assert_null(c);
  cr_assert_eq(err->errnum, 0, "no strerror for a document error");
  cr_assert_str_eq(err->message, "bundle/config.json: ociVersion: expected a string, got 1");
  error_free(err);
}

struct error_case {
  const char *members; /* inside the config object, after ociVersion and root */
  const char *message;
};

/* Every JSON type mismatch the model can meet, one per kind of field. */
static const struct error_case type_cases[] = {
    {"\"hostname\": 7", "config.json: hostname: expected a string, got 7"},
    {"\"hostname\": null", "config.json: hostname: expected a string, got null"},
    {"\"domainname\": [\"a\"]", "config.json: domainname: expected a string, got an array"},
    {"\"process\": []", "config.json: process: expected an object, got an array"},
    {"\"process\": {\"args\": \"sh\", \"cwd\": \"/\"}",
     "config.json: process.args: expected an array, got \"sh\""},
    {"\"process\": {\"args\": [\"sh\", 1], \"cwd\": \"/\"}",
     "config.json: process.args[1]: expected a string, got 1"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"terminal\": \"yes\"}",
     "config.json: process.terminal: expected a boolean, got \"yes\""},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"terminal\": 1}",
     "config.json: process.terminal: expected a boolean, got 1"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 1.5, \"gid\": 0}}",
     "config.json: process.user.uid: expected an integer, got 1.5"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": \"0\", \"gid\": 0}}",
     "config.json: process.user.uid: expected an integer, got \"0\""},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
     "\"additionalGids\": [1, {}]}}",
     "config.json: process.user.additionalGids[1]: expected an integer, got an object"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": {}}",
     "config.json: process.rlimits: expected an array, got an object"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [\"RLIMIT_NOFILE\"]}",
     "config.json: process.rlimits[0]: expected an object, got \"RLIMIT_NOFILE\""},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"capabilities\": {\"ambient\": [true]}}",
     "config.json: process.capabilities.ambient[0]: expected a string, got true"},
    {"\"annotations\": {\"a\": 1}", "config.json: annotations.a: expected a string, got 1"},
    {"\"annotations\": []", "config.json: annotations: expected an object, got an array"},
    {"\"mounts\": {}", "config.json: mounts: expected an array, got an object"},
    {"\"mounts\": [{\"destination\": \"/x\", \"options\": \"ro\"}]",
     "config.json: mounts[0].options: expected an array, got \"ro\""},
    {"\"mounts\": [{\"destination\": \"/x\", \"uidMappings\": [{\"containerID\": 0, \"hostID\": "
     "false, \"size\": 1}]}]",
     "config.json: mounts[0].uidMappings[0].hostID: expected an integer, got false"},
    {"\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\", \"timeout\": \"5\"}]}",
     "config.json: hooks.poststop[0].timeout: expected an integer, got \"5\""},
    {"\"linux\": {\"namespaces\": [{\"type\": 1}]}",
     "config.json: linux.namespaces[0].type: expected a string, got 1"},
    {"\"linux\": {\"sysctl\": {\"net.ipv4.ip_forward\": 1}}",
     "config.json: linux.sysctl.net.ipv4.ip_forward: expected a string, got 1"},
    {"\"linux\": {\"resources\": {\"devices\": [{\"allow\": \"true\"}]}}",
     "config.json: linux.resources.devices[0].allow: expected a boolean, got \"true\""},
    {"\"linux\": {\"resources\": {\"pids\": {\"limit\": \"max\"}}}",
     "config.json: linux.resources.pids.limit: expected an integer, got \"max\""},
    {"\"linux\": {\"resources\": {\"cpu\": {\"cpus\": 3}}}",
     "config.json: linux.resources.cpu.cpus: expected a string, got 3"},
    {"\"linux\": {\"resources\": {\"rdma\": {\"mlx5_1\": {\"hcaHandles\": \"3\"}}}}",
     "config.json: linux.resources.rdma.mlx5_1.hcaHandles: expected an integer, got \"3\""},
    {"\"linux\": {\"resources\": {\"rdma\": []}}",
     "config.json: linux.resources.rdma: expected an object, got an array"},
    {"\"linux\": {\"resources\": {\"unified\": {\"memory.max\": 5}}}",
     "config.json: linux.resources.unified.memory.max: expected a string, got 5"},
    {"\"linux\": {\"netDevices\": {\"eth0\": \"eth1\"}}",
     "config.json: linux.netDevices.eth0: expected an object, got \"eth1\""},
    {"\"linux\": {\"timeOffsets\": {\"monotonic\": {\"secs\": \"1\"}}}",
     "config.json: linux.timeOffsets.monotonic.secs: expected an integer, got \"1\""},
    {"\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
     "[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": -1, "
     "\"op\": \"SCMP_CMP_EQ\"}]}]}}",
     "config.json: linux.seccomp.syscalls[0].args[0].value: expected a non-negative integer, got "
     "-1"},
    {"\"linux\": {\"maskedPaths\": \"/proc/kcore\"}",
     "config.json: linux.maskedPaths: expected an array, got \"/proc/kcore\""},
    {"\"linux\": 5", "config.json: linux: expected an object, got 5"},
};

Test(spec_errors, wrong_types_everywhere) {
  for (size_t i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++)
    expect_error(config_with(type_cases[i].members), type_cases[i].message);
}

static const struct error_case range_cases[] = {
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": -1, \"gid\": 0}}",
     "config.json: process.user.uid: expected a non-negative integer, got -1"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 4294967296, \"gid\": "
     "0}}",
     "config.json: process.user.uid: 4294967296 is out of range (0..4294967295)"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
     "\"umask\": 4294967296}}",
     "config.json: process.user.umask: 4294967296 is out of range (0..4294967295)"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"user\": {\"uid\": 0, \"gid\": 0, "
     "\"additionalGids\": [4294967296]}}",
     "config.json: process.user.additionalGids[0]: 4294967296 is out of range (0..4294967295)"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": "
     "\"RLIMIT_NOFILE\", \"soft\": -1, \"hard\": 10}]}",
     "config.json: process.rlimits[0].soft: expected a non-negative integer, got -1"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"consoleSize\": {\"height\": -2, "
     "\"width\": 80}}",
     "config.json: process.consoleSize.height: expected a non-negative integer, got -2"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"oomScoreAdj\": 2147483648}",
     "config.json: process.oomScoreAdj: 2147483648 is out of range (-2147483648..2147483647)"},
    {"\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 4294967296, \"size\": 1}]}",
     "config.json: linux.uidMappings[0].hostID: 4294967296 is out of range (0..4294967295)"},
    {"\"linux\": {\"resources\": {\"blockIO\": {\"weight\": 65536}}}",
     "config.json: linux.resources.blockIO.weight: 65536 is out of range (0..65535)"},
    {"\"linux\": {\"resources\": {\"memory\": {\"swappiness\": -1}}}",
     "config.json: linux.resources.memory.swappiness: expected a non-negative integer, got -1"},
    {"\"linux\": {\"resources\": {\"network\": {\"classID\": 4294967296}}}",
     "config.json: linux.resources.network.classID: 4294967296 is out of range (0..4294967295)"},
    {"\"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": \"c\", \"major\": 1, \"minor\": "
     "1, "
     "\"fileMode\": -438}]}",
     "config.json: linux.devices[0].fileMode: expected a non-negative integer, got -438"},
    {"\"linux\": {\"seccomp\": {\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": "
     "4294967296}}",
     "config.json: linux.seccomp.defaultErrnoRet: 4294967296 is out of range (0..4294967295)"},
    {"\"linux\": {\"timeOffsets\": {\"boottime\": {\"secs\": 1, \"nanosecs\": -1}}}",
     "config.json: linux.timeOffsets.boottime.nanosecs: expected a non-negative integer, got -1"},
};

Test(spec_errors, unsigned_fields_reject_negative_and_overflow) {
  for (size_t i = 0; i < sizeof(range_cases) / sizeof(range_cases[0]); i++)
    expect_error(config_with(range_cases[i].members), range_cases[i].message);
}

Test(spec_errors, integer_beyond_int64_is_a_json_error) {
  expect_error(config_with("\"linux\": {\"resources\": {\"memory\": {\"limit\": "
                           "99999999999999999999}}}"),
               "config.json: linux.resources.memory.limit: line 1, column 116: too big integer "
               "near '99999999999999999999'");
}

Test(spec_errors, malformed_json_gives_line_and_column) {
  expect_error(strdup("{\n  \"ociVersion\": \"1.2.0\",\n  \"root\": {\"path\": \"rootfs\"\n}"),
               "config.json: line 4, column 1: '}' expected near end of file");
  expect_error(strdup(""), "config.json: line 1, column 0: '[' or '{' expected near end of file");
  expect_error(strdup("{\"ociVersion\": \"1.2.0\",}"),
               "config.json: line 1, column 24: string or '}' expected near '}'");
}

Test(spec_errors, not_an_object_at_the_top) {
  expect_error(strdup("[]"), "config.json: expected an object, got an array");
}

Test(spec_errors, duplicate_keys_are_refused) {
  expect_error(
      strdup(
          "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"a\"}, \"root\": {\"path\": \"b\"}}"),
      "config.json: root: line 1, column 53: duplicate object key near '\"root\"'");
}

Test(spec_errors, embedded_nul_is_refused) {
  expect_error(config_with("\"hostname\": \"a\\u0000b\""),
               "config.json: hostname: string contains a NUL character");
}

Test(spec_errors, required_properties) {
  expect_error(strdup("{\"root\": {\"path\": \"rootfs\"}}"),
               "config.json: ociVersion: required property is missing");
  expect_error(config_with("\"mounts\": [{\"type\": \"tmpfs\"}]"),
               "config.json: mounts[0].destination: required property is missing");
  expect_error(process_with("\"user\": {\"uid\": 0}"),
               "config.json: process.user.gid: required property is missing");
  expect_error(process_with("\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1}]"),
               "config.json: process.rlimits[0].hard: required property is missing");
  expect_error(linux_with("\"resources\": {\"devices\": [{\"access\": \"rwm\"}]}"),
               "config.json: linux.resources.devices[0].allow: required property is missing");
  expect_error(linux_with("\"seccomp\": {\"syscalls\": []}"),
               "config.json: linux.seccomp.defaultAction: required property is missing");
  expect_error(linux_with("\"namespaces\": [{\"path\": \"/proc/1/ns/pid\"}]"),
               "config.json: linux.namespaces[0].type: required property is missing");
}

Test(spec_errors, long_strings_are_cut_in_messages) {
  char big[301], json[800], expected[200];
  memset(big, 'x', 300);
  big[300] = '\0';
  snprintf(json, sizeof(json), "{\"ociVersion\": \"%s\", \"root\": {\"path\": \"r\"}}", big);
  snprintf(expected, sizeof(expected),
           "config.json: ociVersion: \"%.64s\"... is not a semantic version", big);
  expect_error(strdup(json), expected);
}

/* Errors jansson reports with a position only still name the path. */
Test(spec_errors, text_errors_name_the_path) {
  expect_error(config_with("\"process\": {\"cwd\": \"/\", \"args\": [\"sh\", \"\xff\"]}"),
               "config.json: process.args[1]: line 1, column 92: unable to decode byte 0xff "
               "near '\"'");
  expect_error(config_with("\"annotations\": {\"a\\u0000b\": \"x\"}"),
               "config.json: annotations.a\\u0000b: line 1, column 78: NUL byte in object key "
               "not supported near '\"a\\u0000b\"'");
  expect_error(config_with("\"linux\": {\"resources\": {\"pids\": {\"limit\": 1e400}}}"),
               "config.json: linux.resources.pids.limit: line 1, column 99: real number "
               "overflow near '1e400'");
}

Test(spec_errors, nesting_too_deep_is_refused_with_a_short_path) {
  size_t depth = 10000;
  char *doc = malloc(2 * depth + 64);
  cr_assert_not_null(doc);
  int n = sprintf(doc, "{\"annotations\": {\"x\": ");
  memset(doc + n, '[', depth);
  memset(doc + n + depth, ']', depth);
  strcpy(doc + n + 2 * depth, "}}");
  char *msg = parse_error(doc);
  cr_expect(strstr(msg, "config.json: annotations.x[0][0]") == msg, "%s", msg);
  cr_expect(strstr(msg, "...") != NULL, "%s", msg);
  cr_expect(strstr(msg, "maximum parsing depth reached") != NULL, "%s", msg);
  cr_expect(strlen(msg) < 400, "%zu bytes: %s", strlen(msg), msg);
  free(msg);
  free(doc);
}

Test(spec_errors, a_document_over_the_limit_is_refused) {
  size_t len = SPEC_DOCUMENT_MAX + 1;
  char *doc = malloc(len + 1);
  cr_assert_not_null(doc);
  memset(doc, ' ', len);
  doc[len] = '\0';
  char *msg = parse_error(doc);
  cr_expect_str_eq(msg, "config.json: 16777217 bytes is more than the 16 MiB a document may have");
  free(msg);
  free(doc);
}

Test(spec_errors, env_entries_are_name_equals_value) {
  expect_error(process_with("\"env\": [\"PATH=/bin\", \"NOEQUALS\"]"),
               "config.json: process.env[1]: \"NOEQUALS\" is not NAME=VALUE");
  expect_error(process_with("\"env\": [\"=x\"]"),
               "config.json: process.env[0]: \"=x\" is not NAME=VALUE");
}

Test(spec_errors, uts_names_fit_the_kernel) {
  expect_error(config_with("\"hostname\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
               "config.json: hostname: 65 bytes, longer than the 64 the kernel allows");
  expect_error(config_with("\"domainname\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""),
               "config.json: domainname: 65 bytes, longer than the 64 the kernel allows");
}
