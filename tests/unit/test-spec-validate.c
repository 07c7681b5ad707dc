/* Validation: every MUST rule that can be checked without the host, with
 * the exact message, and the id syntax. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec-test-util.h"

struct rule_case {
  const char *members; /* config members after ociVersion and root */
  const char *message;
};

#define P(extra) "\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", " extra "}"
#define L(extra) "\"linux\": {" extra "}"
#define SC(extra) L("\"seccomp\": {" extra "}")

static const struct rule_case rules[] = {
    /* process */
    {"\"process\": {\"args\": [], \"cwd\": \"/\"}", "config.json: process.args: must not be empty"},
    {"\"process\": {\"cwd\": \"/\"}", "config.json: process.args: required property is missing"},
    {"\"process\": {\"args\": [\"sh\"], \"cwd\": \"tmp\"}",
     "config.json: process.cwd: must be an absolute path, got \"tmp\""},
    {"\"process\": {\"args\": [\"sh\"]}", "config.json: process.cwd: required property is missing"},
    {P("\"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"soft\": 1, \"hard\": 1}]"),
     "config.json: process.rlimits[0].type: unknown rlimit \"RLIMIT_FOO\""},
    {P("\"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"soft\": 1, \"hard\": 1}, "
       "{\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 2}]"),
     "config.json: process.rlimits[1].type: RLIMIT_NOFILE is repeated (also at index 0)"},
    {P("\"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"soft\": 10, \"hard\": 5}]"),
     "config.json: process.rlimits[0].soft: soft limit 10 is above the hard limit 5"},
    {P("\"capabilities\": {\"effective\": [\"CAP_KILL\", \"cap_chown\"]}"),
     "config.json: process.capabilities.effective[1]: unknown capability \"cap_chown\""},
    {P("\"capabilities\": {\"ambient\": [\"CAP_LAST\"]}"),
     "config.json: process.capabilities.ambient[0]: unknown capability \"CAP_LAST\""},
    {P("\"oomScoreAdj\": 1001"),
     "config.json: process.oomScoreAdj: 1001 is out of range (-1000..1000)"},
    {P("\"ioPriority\": {\"class\": \"IOPRIO_CLASS_NONE\", \"priority\": 0}"),
     "config.json: process.ioPriority.class: unknown class \"IOPRIO_CLASS_NONE\""},
    {P("\"ioPriority\": {\"class\": \"IOPRIO_CLASS_RT\", \"priority\": 8}"),
     "config.json: process.ioPriority.priority: 8 is out of range (0..7)"},
    {P("\"scheduler\": {\"policy\": \"SCHED_FAST\"}"),
     "config.json: process.scheduler.policy: unknown policy \"SCHED_FAST\""},
    {P("\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"flags\": [\"SCHED_FLAG_X\"]}"),
     "config.json: process.scheduler.flags[0]: unknown flag \"SCHED_FLAG_X\""},
    {P("\"scheduler\": {\"policy\": \"SCHED_OTHER\", \"nice\": 20}"),
     "config.json: process.scheduler.nice: 20 is out of range (-20..19)"},
    {P("\"execCPUAffinity\": {\"initial\": \"0-\"}"),
     "config.json: process.execCPUAffinity.initial: invalid list \"0-\" (expected e.g. \"0-3,7\")"},
    {P("\"execCPUAffinity\": {\"final\": \"3-1\"}"),
     "config.json: process.execCPUAffinity.final: invalid list \"3-1\" (expected e.g. \"0-3,7\")"},
    /* mounts, hooks, annotations */
    {"\"mounts\": [{\"destination\": \"/m\", \"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, "
     "\"size\": 0}]}]",
     "config.json: mounts[0].uidMappings[0].size: must not be 0"},
    {"\"mounts\": [{\"destination\": \"/m\", \"gidMappings\": [{\"containerID\": 0, \"hostID\": 1, "
     "\"size\": 1}, {\"containerID\": 1, \"hostID\": 2, \"size\": 0}]}]",
     "config.json: mounts[0].gidMappings[1].size: must not be 0"},
    {"\"hooks\": {\"createRuntime\": [{\"path\": \"hook\"}]}",
     "config.json: hooks.createRuntime[0].path: must be an absolute path, got \"hook\""},
    {"\"hooks\": {\"poststart\": [{\"path\": \"/bin/true\", \"timeout\": 0}]}",
     "config.json: hooks.poststart[0].timeout: must be greater than 0, got 0"},
    {"\"hooks\": {\"poststop\": [{\"path\": \"/bin/true\"}, {\"path\": \"/bin/true\", \"timeout\": "
     "-3}]}",
     "config.json: hooks.poststop[1].timeout: must be greater than 0, got -3"},
    {"\"annotations\": {\"\": \"x\"}", "config.json: annotations: keys must not be empty"},
    /* linux */
    {L("\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"net\"}]"),
     "config.json: linux.namespaces[1].type: unknown namespace type \"net\""},
    {L("\"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"uts\"}, {\"type\": \"pid\"}]"),
     "config.json: linux.namespaces[2].type: namespace type \"pid\" is repeated (also at index 0)"},
    {L("\"namespaces\": [{\"type\": \"network\", \"path\": \"proc/1/ns/net\"}]"),
     "config.json: linux.namespaces[0].path: must be an absolute path, got \"proc/1/ns/net\""},
    {L("\"uidMappings\": [{\"containerID\": 4294967295, \"hostID\": 0, \"size\": 2}]"),
     "config.json: linux.uidMappings[0].size: the mapped range goes past 4294967295"},
    {L("\"gidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": 0}]"),
     "config.json: linux.gidMappings[0].size: must not be 0"},
    {L("\"timeOffsets\": {\"monotonic\": {\"secs\": 1, \"nanosecs\": 1000000000}}"),
     "config.json: linux.timeOffsets.monotonic.nanosecs: must be below 1000000000, got 1000000000"},
    {L("\"devices\": [{\"path\": \"dev/null\", \"type\": \"c\", \"major\": 1, \"minor\": 3}]"),
     "config.json: linux.devices[0].path: must be an absolute path, got \"dev/null\""},
    {L("\"devices\": [{\"path\": \"/dev/null\", \"type\": \"x\", \"major\": 1, \"minor\": 3}]"),
     "config.json: linux.devices[0].type: unknown device type \"x\""},
    {L("\"netDevices\": {\"eth0\": {\"name\": \"a/b\"}}"),
     "config.json: linux.netDevices.eth0.name: \"a/b\" is not a valid interface name"},
    {L("\"netDevices\": {\"abcdefghijklmnop\": {}}"),
     "config.json: linux.netDevices.abcdefghijklmnop: \"abcdefghijklmnop\" is not a valid "
     "interface name"},
    {L("\"sysctl\": {\"../x\": \"1\"}"), "config.json: linux.sysctl.../x: not a valid name"},
    {L("\"resources\": {\"devices\": [{\"allow\": true, \"type\": \"u\"}]}"),
     "config.json: linux.resources.devices[0].type: unknown device type \"u\""},
    {L("\"resources\": {\"devices\": [{\"allow\": true, \"access\": \"rwx\"}]}"),
     "config.json: linux.resources.devices[0].access: \"rwx\" is not a combination of r, w and m"},
    {L("\"resources\": {\"memory\": {\"swappiness\": 101}}"),
     "config.json: linux.resources.memory.swappiness: 101 is out of range (0..100)"},
    {L("\"resources\": {\"cpu\": {\"cpus\": \"a\"}}"),
     "config.json: linux.resources.cpu.cpus: invalid list \"a\" (expected e.g. \"0-3,7\")"},
    {L("\"resources\": {\"cpu\": {\"mems\": \"0,,1\"}}"),
     "config.json: linux.resources.cpu.mems: invalid list \"0,,1\" (expected e.g. \"0-3,7\")"},
    {L("\"resources\": {\"hugepageLimits\": [{\"pageSize\": \"2M\", \"limit\": 1}]}"),
     "config.json: linux.resources.hugepageLimits[0].pageSize: \"2M\" is not a page size such as "
     "\"2MB\""},
    {L("\"resources\": {\"unified\": {\"a/b\": \"1\"}}"),
     "config.json: linux.resources.unified.a/b: not a cgroup file name"},
    {L("\"intelRdt\": {\"closID\": \"..\"}"),
     "config.json: linux.intelRdt.closID: not a valid resctrl group name"},
    {SC("\"defaultAction\": \"SCMP_ACT_MAYBE\""),
     "config.json: linux.seccomp.defaultAction: unknown seccomp action \"SCMP_ACT_MAYBE\""},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_X86\", "
        "\"SCMP_ARCH_Z80\"]"),
     "config.json: linux.seccomp.architectures[1]: unknown seccomp architecture \"SCMP_ARCH_Z80\""},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_FAST\"]"),
     "config.json: linux.seccomp.flags[0]: unknown seccomp flag \"SECCOMP_FILTER_FLAG_FAST\""},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": "
        "\"ALLOW\"}]"),
     "config.json: linux.seccomp.syscalls[0].action: unknown seccomp action \"ALLOW\""},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": "
        "\"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_IN\"}]}]"),
     "config.json: linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator \"SCMP_CMP_IN\""},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": "
        "\"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]"),
     "config.json: linux.seccomp.syscalls[0].args[0].index: 6 is out of range (0..5)"},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": "
        "\"SCMP_ACT_LOG\"}]"),
     "config.json: linux.seccomp.syscalls[0].names: must not be empty"},
    {SC("\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mount\"], "
        "\"action\": "
        "\"SCMP_ACT_NOTIFY\"}]"),
     "config.json: linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY needs "
     "linux.seccomp.listenerPath"},
    {L("\"rootfsPropagation\": \"rshared2\""),
     "config.json: linux.rootfsPropagation: unknown propagation \"rshared2\""},
    {L("\"maskedPaths\": [\"/proc/kcore\", \"proc/keys\"]"),
     "config.json: linux.maskedPaths[1]: must be an absolute path, got \"proc/keys\""},
    {L("\"readonlyPaths\": [\"sys\"]"),
     "config.json: linux.readonlyPaths[0]: must be an absolute path, got \"sys\""},
    {L("\"personality\": {\"domain\": \"LINUX64\"}"),
     "config.json: linux.personality.domain: unknown personality domain \"LINUX64\""},
};

Test(spec_validate, every_rule_names_the_field) {
  for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
    char *json = config_with(rules[i].members);
    char *msg = parse_error(json);
    cr_expect_str_eq(msg, rules[i].message, "case %zu", i);
    free(msg);
    free(json);
  }
}

Test(spec_validate, document_level_rules) {
  const struct {
    const char *json, *message;
  } docs[] = {
      {"{\"ociVersion\": \"1.2.0\"}", "config.json: root: required property is missing"},
      {"{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"\"}}",
       "config.json: root.path: must not be empty"},
      {"{\"ociVersion\": \"1.2.0\", \"root\": {}}",
       "config.json: root.path: required property is missing"},
      {"{\"ociVersion\": \"2.0.0\", \"root\": {\"path\": \"r\"}}",
       "config.json: ociVersion: \"2.0.0\" is not supported (only 1.x)"},
      {"{\"ociVersion\": \"1.02.0\", \"root\": {\"path\": \"r\"}}",
       "config.json: ociVersion: \"1.02.0\" is not a semantic version"},
      {"{\"ociVersion\": \"1.2\", \"root\": {\"path\": \"r\"}}",
       "config.json: ociVersion: \"1.2\" is not a semantic version"},
      {"{\"ociVersion\": \"1.2.0-\", \"root\": {\"path\": \"r\"}}",
       "config.json: ociVersion: \"1.2.0-\" is not a semantic version"},
  };
  for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
    char *msg = parse_error(docs[i].json);
    cr_expect_str_eq(msg, docs[i].message);
    free(msg);
  }
}

Test(spec_validate, accepted_values) {
  const char *ok[] = {
      "{\"ociVersion\": \"1.0.2-dev\", \"root\": {\"path\": \"r\"}}",
      "{\"ociVersion\": \"1.2.0-rc.1+build.5\", \"root\": {\"path\": \"r\"}}",
      "{\"ociVersion\": \"1.10.0\", \"root\": {\"path\": \"/abs/rootfs\"}}",
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
    spec_config_free(parse_ok(ok[i]));
  const char *props[] = {"shared",  "slave",  "private",  "unbindable",
                         "rshared", "rslave", "rprivate", "runbindable"};
  for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
    char member[100];
    snprintf(member, sizeof(member), "\"rootfsPropagation\": \"%s\"", props[i]);
    char *json = linux_with(member);
    spec_config_free(parse_ok(json));
    free(json);
  }
  /* Unknown properties are ignored, at every level. */
  char *json =
      config_with("\"future\": {\"x\": 1}, \"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", "
                  "\"newThing\": [1, 2]}, \"linux\": {\"resources\": {\"gpu\": 1}}");
  spec_config_free(parse_ok(json));
  free(json);
}

static void collect(const char *message, void *userdata) {
  char **all = userdata;
  char *joined = NULL;
  cr_assert_geq(asprintf(&joined, "%s%s\n", *all ? *all : "", message), 0);
  free(*all);
  *all = joined;
}

Test(spec_validate, warnings_go_to_the_callback) {
  char *json =
      config_with("\"hooks\": {\"prestart\": [{\"path\": \"/bin/true\"}]}, "
                  "\"linux\": {\"resources\": {\"memory\": {\"kernel\": 1, \"kernelTCP\": 2}}}");
  spec_config *c = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_parse_novalidate(json, strlen(json), NULL, &c, &err), 0);
  char *warnings = NULL;
  cr_assert_eq(spec_config_validate(c, collect, &warnings, &err), 0);
  cr_expect_str_eq(
      warnings, "hooks.prestart: deprecated: use createRuntime, createContainer or startContainer\n"
                "linux.resources.memory.kernel: deprecated and ignored by recent kernels\n"
                "linux.resources.memory.kernelTCP: deprecated and ignored by recent kernels\n");
  /* A NULL callback drops them. */
  cr_assert_eq(spec_config_validate(c, NULL, NULL, &err), 0);
  free(warnings);
  spec_config_free(c);
  free(json);
}

Test(spec_validate, hand_built_model) {
  spec_config *c = calloc(1, sizeof(*c));
  c->oci_version = strdup("1.2.0");
  c->root.present = true;
  c->root.path = strdup("rootfs");
  ctrun_error *err = NULL;
  cr_assert_eq(spec_config_validate(c, NULL, NULL, &err), 0);
  c->linux_.present = true;
  c->linux_.rootfs_propagation = strdup("bogus");
  cr_assert_lt(spec_config_validate(c, NULL, NULL, &err), 0);
  cr_expect_str_eq(err->message, "linux.rootfsPropagation: unknown propagation \"bogus\"");
  error_free(err);
  spec_config_free(c);
}

static char *id_error(const char *id) {
  ctrun_error *err = NULL;
  if (spec_validate_id(id, &err) == 0)
    return NULL;
  char *msg = strdup(err->message);
  error_free(err);
  return msg;
}

Test(spec_validate, container_ids) {
  const char *good[] = {"a", "box-1", "A_b.c+d", "0123456789abcdef", "x..y"};
  for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
    cr_expect_null(id_error(good[i]), "%s should be valid", good[i]);
  char long_id[1026];
  memset(long_id, 'a', 1024);
  long_id[1024] = '\0';
  cr_expect_null(id_error(long_id));
  long_id[1024] = 'a';
  long_id[1025] = '\0';
  const struct {
    const char *id, *message;
  } bad[] = {
      {"", "container id must not be empty"},
      {NULL, "container id must not be empty"},
      {".", "container id \".\" is not allowed"},
      {"..", "container id \"..\" is not allowed"},
      {"a/b", "container id \"a/b\" must not contain '/'"},
      {"a b", "container id \"a b\": only printable ASCII without spaces is allowed"},
      {"tab\t", "container id \"tab\\t\": only printable ASCII without spaces is allowed"},
      {"caf\xc3\xa9",
       "container id \"caf\xc3\xa9\": only printable ASCII without spaces is allowed"},
      {long_id, "container id is too long (1025 characters, at most 1024)"},
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char *msg = id_error(bad[i].id);
    cr_expect_str_eq(msg ? msg : "(accepted)", bad[i].message);
    free(msg);
  }
}
