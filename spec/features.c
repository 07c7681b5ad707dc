/* `ctrun features`: the runtime-spec features document, stating what this
 * runtime implements (not what the host has). */
#include "config.h"

#include <errno.h>

#include "spec/cleanup-json.h"
#include "spec/names-list.h"
#include "spec/names.h"
#include "spec/schema.h"
#include "spec/spec.h"

#define OCI_VERSION_MIN "1.0.0"
#define OCI_VERSION_MAX "1.2.0"

static const char *const hooks[] = {"prestart",       "createRuntime", "createContainer",
                                    "startContainer", "poststart",     "poststop"};

/* What runtime/mount-options.c applies (idmap, ridmap, tmpcopyup and
 * copy-symlink are refused there, so they are not listed). */
static const char *const mount_options[] = {
    "async",        "atime",       "bind",           "defaults",
    "dev",          "diratime",    "dirsync",        "exec",
    "lazytime",     "loud",        "mand",           "noatime",
    "nodev",        "nodiratime",  "noexec",         "nolazytime",
    "nomand",       "norelatime",  "nostrictatime",  "nosuid",
    "nosymfollow",  "private",     "ratime",         "rbind",
    "rdev",         "rdiratime",   "relatime",       "remount",
    "rexec",        "rnoatime",    "rnodev",         "rnodiratime",
    "rnoexec",      "rnorelatime", "rnostrictatime", "rnosuid",
    "rnosymfollow", "ro",          "rprivate",       "rrelatime",
    "rro",          "rrw",         "rshared",        "rslave",
    "rstrictatime", "rsuid",       "rsymfollow",     "runbindable",
    "rw",           "shared",      "silent",         "slave",
    "strictatime",  "suid",        "symfollow",      "sync",
    "unbindable",
};

static json_t *string_array(const char *const *names, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    if (json_array_append_new(a, json_string(names[i])) < 0) {
      json_decref(a);
      return NULL;
    }
  return a;
}

static json_t *name_set(enum name_set set) {
  const char *const *names;
  size_t n = names_list(set, &names);
  return string_array(names, n);
}

static json_t *capabilities(void) {
  json_t *a = json_array();
  for (int cap = 0; a && cap <= spec_capability_last(); cap++)
    if (json_array_append_new(a, json_string(spec_capability_name(cap))) < 0) {
      json_decref(a);
      return NULL;
    }
  return a;
}

int spec_features_to_json(unsigned flags, char **ret, ctrun_error **err) {
  /* json_pack's "o" steals each reference and fails as a whole when any is NULL. */
  /* clang-format off */
  _cleanup_json_ json_t *doc = json_pack(
      "{s:s, s:s, s:o, s:o, s:{s:o, s:o, s:{s:b, s:b, s:b, s:b, s:b}, "
      "s:{s:b, s:o, s:o, s:o, s:o, s:o}, s:{s:b}, s:{s:b}, s:{s:b}, s:{s:{s:b}}}}",
      "ociVersionMin", OCI_VERSION_MIN,
      "ociVersionMax", OCI_VERSION_MAX,
      "hooks", string_array(hooks, ARRAY_SIZE(hooks)),
      "mountOptions", string_array(mount_options, ARRAY_SIZE(mount_options)),
      "linux",
        "namespaces", name_set(NAMES_NAMESPACES),
        "capabilities", capabilities(),
        "cgroup", "v1", 1, "v2", 1, "systemd", 0, "systemdUser", 0, "rdma", 0,
        "seccomp",
          "enabled", 1,
          "actions", name_set(NAMES_SECCOMP_ACTIONS),
          "operators", name_set(NAMES_SECCOMP_OPS),
          "archs", name_set(NAMES_SECCOMP_ARCHES),
          "knownFlags", name_set(NAMES_SECCOMP_FLAGS),
          /* runtime/seccomp.c passes every known flag to seccomp(2) itself */
          "supportedFlags", name_set(NAMES_SECCOMP_FLAGS),
        "apparmor", "enabled", 1,
        "selinux", "enabled", 1,
        "intelRdt", "enabled", 0,
        /* runtime/mount-options.c refuses idmap and ridmap */
        "mountExtensions", "idmap", "enabled", 0);
  /* clang-format on */
  if (doc == NULL)
    return error_set(err, ENOMEM, "building the features document");
  return json_to_text(doc, flags, ret, err);
}
