/* Every exported function with bad arguments: NULL handles and outputs,
 * unknown options versions and flags, invalid ids, missing files, bad
 * text.  Each must return -errno with an error object carrying that errno
 * and a message, leave its outputs alone, and not crash with err NULL
 * either.  The functions that cannot fail take NULL (frees, accessors).
 * A last test checks that the two tables name every symbol of
 * libctrun.sym.  Bad arguments that need a live container (signals,
 * flags on a handle, stale handles) are in tests/integration/abi-lifecycle.c. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ctrun/ctrun.h>

#define SENTINEL ((void *)0x5e47)

static char tmpdir[] = "/tmp/ctrun-abi-badargs-XXXXXX";
static int touched; /* an output was written by a failing call */

static ctrun_context *test_ctx(void) {
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  char root[256];
  snprintf(root, sizeof(root), "%s/state", tmpdir);
  o.state_root = root;
  ctrun_context *ctx = NULL;
  cr_assert_eq(ctrun_context_new(&o, &ctx, NULL), 0);
  return ctx;
}

static ctrun_config *default_config(void) {
  ctrun_config *c = NULL;
  cr_assert_eq(ctrun_config_new_default(&c, NULL), 0);
  return c;
}

/* Calls on a context made for the call; *out is checked for the sentinel. */
#define WITH_CTX(call)                                                                             \
  ctrun_context *ctx = test_ctx();                                                                 \
  int r = (call);                                                                                  \
  ctrun_context_free(ctx);                                                                         \
  return r;

#define OUT(type, name) type name = SENTINEL
#define SEEN(name) touched |= (name) != SENTINEL

static char long_id[1100];

/* X(case, function, expected errno, body using `e`) */
#define CASES(X)                                                                                   \
  X(ctx_null_ret, ctrun_context_new, EINVAL, return ctrun_context_new(NULL, NULL, e);)             \
  X(ctx_version_0, ctrun_context_new, EINVAL, {                                                    \
    ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;                                          \
    o.version = 0;                                                                                 \
    OUT(ctrun_context *, c);                                                                       \
    int r = ctrun_context_new(&o, &c, e);                                                          \
    SEEN(c);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(ctx_version_future, ctrun_context_new, EINVAL, {                                               \
    ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;                                          \
    o.version = CTRUN_CONTEXT_OPTIONS_VERSION + 1;                                                 \
    OUT(ctrun_context *, c);                                                                       \
    int r = ctrun_context_new(&o, &c, e);                                                          \
    SEEN(c);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(ctx_flags, ctrun_context_new, EINVAL, {                                                        \
    ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;                                          \
    o.flags = 1;                                                                                   \
    ctrun_context *c = NULL;                                                                       \
    return ctrun_context_new(&o, &c, e);                                                           \
  })                                                                                               \
  X(ctx_cgroup_manager, ctrun_context_new, EINVAL, {                                               \
    ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;                                          \
    o.cgroup_manager = 9;                                                                          \
    ctrun_context *c = NULL;                                                                       \
    return ctrun_context_new(&o, &c, e);                                                           \
  })                                                                                               \
  X(ctx_relative_root, ctrun_context_new, EINVAL, {                                                \
    ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;                                          \
    o.state_root = "relative/state";                                                               \
    ctrun_context *c = NULL;                                                                       \
    return ctrun_context_new(&o, &c, e);                                                           \
  })                                                                                               \
  X(cfg_file_null, ctrun_config_from_file, EINVAL, {                                               \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_file(NULL, &c, e);                                                    \
  })                                                                                               \
  X(cfg_file_null_ret, ctrun_config_from_file, EINVAL,                                             \
    return ctrun_config_from_file("/dev/null", NULL, e);)                                          \
  X(cfg_file_missing, ctrun_config_from_file, ENOENT, {                                            \
    OUT(ctrun_config *, c);                                                                        \
    int r = ctrun_config_from_file("/nonexistent/config.json", &c, e);                             \
    SEEN(c);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(cfg_json_null, ctrun_config_from_json, EINVAL, {                                               \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_json(NULL, 3, &c, e);                                                 \
  })                                                                                               \
  X(cfg_json_null_ret, ctrun_config_from_json, EINVAL, return ctrun_config_from_json("{}", 2, NULL, e);) \
  X(cfg_json_truncated, ctrun_config_from_json, EINVAL, {                                          \
    OUT(ctrun_config *, c);                                                                        \
    int r = ctrun_config_from_json("{", 1, &c, e);                                                 \
    SEEN(c);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(cfg_json_array, ctrun_config_from_json, EINVAL, {                                              \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_json("[]", 2, &c, e);                                                 \
  })                                                                                               \
  X(cfg_json_len_cut, ctrun_config_from_json, EINVAL, {                                            \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_json("{\"ociVersion\": \"1.2.0\"}", 5, &c, e);                        \
  })                                                                                               \
  X(xml_null, ctrun_config_from_domain_xml, EINVAL, {                                              \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_domain_xml(NULL, 0, NULL, &c, e);                                     \
  })                                                                                               \
  X(xml_null_ret, ctrun_config_from_domain_xml, EINVAL,                                            \
    return ctrun_config_from_domain_xml("<domain/>", 9, NULL, NULL, e);)                           \
  X(xml_version, ctrun_config_from_domain_xml, EINVAL, {                                           \
    ctrun_domain_xml_options o = CTRUN_DOMAIN_XML_OPTIONS_INIT;                                    \
    o.version = 77;                                                                                \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_domain_xml("<domain/>", 9, &o, &c, e);                                \
  })                                                                                               \
  X(xml_flags, ctrun_config_from_domain_xml, EINVAL, {                                             \
    ctrun_domain_xml_options o = CTRUN_DOMAIN_XML_OPTIONS_INIT;                                    \
    o.flags = 0x80;                                                                                \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_domain_xml("<domain/>", 9, &o, &c, e);                                \
  })                                                                                               \
  X(xml_networks, ctrun_config_from_domain_xml, EINVAL, {                                          \
    const char *const nets[] = {"default", NULL};                                                  \
    ctrun_domain_xml_options o = CTRUN_DOMAIN_XML_OPTIONS_INIT;                                    \
    o.networks = nets;                                                                             \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_domain_xml("<domain/>", 9, &o, &c, e);                                \
  })                                                                                               \
  X(xml_malformed, ctrun_config_from_domain_xml, EINVAL, {                                         \
    OUT(ctrun_config *, c);                                                                        \
    int r = ctrun_config_from_domain_xml("<", 1, NULL, &c, e);                                     \
    SEEN(c);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(xml_not_domain, ctrun_config_from_domain_xml, EINVAL, {                                        \
    ctrun_config *c = NULL;                                                                        \
    return ctrun_config_from_domain_xml("<notdomain/>", 12, NULL, &c, e);                          \
  })                                                                                               \
  X(default_null_ret, ctrun_config_new_default, EINVAL, return ctrun_config_new_default(NULL, e);) \
  X(cfg_to_json_null, ctrun_config_to_json, EINVAL, {                                              \
    char *s = NULL;                                                                                \
    return ctrun_config_to_json(NULL, 0, &s, e);                                                   \
  })                                                                                               \
  X(cfg_to_json_null_ret, ctrun_config_to_json, EINVAL, {                                          \
    ctrun_config *c = default_config();                                                            \
    int r = ctrun_config_to_json(c, 0, NULL, e);                                                   \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(cfg_to_json_flags, ctrun_config_to_json, EINVAL, {                                             \
    ctrun_config *c = default_config();                                                            \
    OUT(char *, s);                                                                                \
    int r = ctrun_config_to_json(c, 0x10, &s, e);                                                  \
    SEEN(s);                                                                                       \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(write_null, ctrun_config_write_bundle, EINVAL, return ctrun_config_write_bundle(NULL, tmpdir, 0, e);) \
  X(write_null_bundle, ctrun_config_write_bundle, EINVAL, {                                        \
    ctrun_config *c = default_config();                                                            \
    int r = ctrun_config_write_bundle(c, NULL, 0, e);                                              \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(write_flags, ctrun_config_write_bundle, EINVAL, {                                              \
    ctrun_config *c = default_config();                                                            \
    int r = ctrun_config_write_bundle(c, tmpdir, 0x4, e);                                          \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(write_missing_dir, ctrun_config_write_bundle, ENOENT, {                                        \
    ctrun_config *c = default_config();                                                            \
    int r = ctrun_config_write_bundle(c, "/nonexistent/bundle", 0, e);                             \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(write_exists, ctrun_config_write_bundle, EEXIST, {                                             \
    ctrun_config *c = default_config();                                                            \
    ctrun_config_write_bundle(c, tmpdir, CTRUN_CONFIG_WRITE_REPLACE, NULL);                        \
    int r = ctrun_config_write_bundle(c, tmpdir, 0, e);                                            \
    ctrun_config_free(c);                                                                          \
    return r;                                                                                      \
  })                                                                                               \
  X(proc_json_null, ctrun_process_from_json, EINVAL, {                                             \
    ctrun_process *p = NULL;                                                                       \
    return ctrun_process_from_json(NULL, 0, &p, e);                                                \
  })                                                                                               \
  X(proc_json_null_ret, ctrun_process_from_json, EINVAL,                                           \
    return ctrun_process_from_json("{}", 2, NULL, e);)                                             \
  X(proc_json_no_args, ctrun_process_from_json, EINVAL, {                                          \
    OUT(ctrun_process *, p);                                                                       \
    int r = ctrun_process_from_json("{\"cwd\": \"/\"}", 12, &p, e);                                \
    SEEN(p);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(proc_args_null, ctrun_process_from_args, EINVAL, {                                             \
    ctrun_process *p = NULL;                                                                       \
    return ctrun_process_from_args(NULL, &p, e);                                                   \
  })                                                                                               \
  X(proc_args_null_ret, ctrun_process_from_args, EINVAL, {                                         \
    const char *const argv[] = {"true", NULL};                                                     \
    return ctrun_process_from_args(argv, NULL, e);                                                 \
  })                                                                                               \
  X(proc_args_empty, ctrun_process_from_args, EINVAL, {                                            \
    const char *const argv[] = {NULL};                                                             \
    OUT(ctrun_process *, p);                                                                       \
    int r = ctrun_process_from_args(argv, &p, e);                                                  \
    SEEN(p);                                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(proc_to_json_null, ctrun_process_to_json, EINVAL, {                                            \
    char *s = NULL;                                                                                \
    return ctrun_process_to_json(NULL, 0, &s, e);                                                  \
  })                                                                                               \
  X(proc_to_json_flags, ctrun_process_to_json, EINVAL, {                                           \
    const char *const argv[] = {"true", NULL};                                                     \
    ctrun_process *p = NULL;                                                                       \
    cr_assert_eq(ctrun_process_from_args(argv, &p, NULL), 0);                                      \
    OUT(char *, s);                                                                                \
    int r = ctrun_process_to_json(p, 0x2, &s, e);                                                  \
    SEEN(s);                                                                                       \
    ctrun_process_free(p);                                                                         \
    return r;                                                                                      \
  })                                                                                               \
  X(annotation_null, ctrun_state_get_annotation, EINVAL, {                                         \
    const char *k = NULL, *v = NULL;                                                               \
    return ctrun_state_get_annotation(NULL, 0, &k, &v, e);                                         \
  })                                                                                               \
  X(state_json_null, ctrun_state_to_json, EINVAL, {                                                \
    char *s = NULL;                                                                                \
    return ctrun_state_to_json(NULL, 0, &s, e);                                                    \
  })                                                                                               \
  X(create_null_ctx, ctrun_container_create, EINVAL, {                                             \
    ctrun_container *c = NULL;                                                                     \
    return ctrun_container_create(NULL, "x", NULL, &c, e);                                         \
  })                                                                                               \
  X(create_null_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, NULL, NULL, NULL, e)) }) \
  X(create_empty_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, "", NULL, NULL, e)) }) \
  X(create_dotdot_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, "..", NULL, NULL, e)) }) \
  X(create_slash_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, "a/../../etc", NULL, NULL, e)) }) \
  X(create_newline_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, "a\nb", NULL, NULL, e)) }) \
  X(create_long_id, ctrun_container_create, EINVAL, { WITH_CTX(ctrun_container_create(ctx, long_id, NULL, NULL, e)) }) \
  X(create_version, ctrun_container_create, EINVAL, {                                              \
    ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT;                                            \
    o.version = 0;                                                                                 \
    OUT(ctrun_container *, c);                                                                     \
    ctrun_context *ctx = test_ctx();                                                               \
    int r = ctrun_container_create(ctx, "ok", &o, &c, e);                                          \
    SEEN(c);                                                                                       \
    ctrun_context_free(ctx);                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(create_flags, ctrun_container_create, EINVAL, {                                                \
    ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT;                                            \
    o.flags = 0x1000;                                                                              \
    WITH_CTX(ctrun_container_create(ctx, "ok", &o, NULL, e))                                       \
  })                                                                                               \
  X(create_preserve_fds, ctrun_container_create, EINVAL, {                                         \
    ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT;                                            \
    o.preserve_fds = 1000000;                                                                      \
    WITH_CTX(ctrun_container_create(ctx, "ok", &o, NULL, e))                                       \
  })                                                                                               \
  X(open_null_ctx, ctrun_container_open, EINVAL, {                                                 \
    ctrun_container *c = NULL;                                                                     \
    return ctrun_container_open(NULL, "x", &c, e);                                                 \
  })                                                                                               \
  X(open_null_id, ctrun_container_open, EINVAL, {                                                  \
    ctrun_container *c = NULL;                                                                     \
    WITH_CTX(ctrun_container_open(ctx, NULL, &c, e))                                               \
  })                                                                                               \
  X(open_null_ret, ctrun_container_open, EINVAL, { WITH_CTX(ctrun_container_open(ctx, "x", NULL, e)) }) \
  X(open_bad_id, ctrun_container_open, EINVAL, {                                                   \
    ctrun_container *c = NULL;                                                                     \
    WITH_CTX(ctrun_container_open(ctx, "../x", &c, e))                                             \
  })                                                                                               \
  X(open_missing, ctrun_container_open, ENOENT, {                                                  \
    OUT(ctrun_container *, c);                                                                     \
    ctrun_context *ctx = test_ctx();                                                               \
    int r = ctrun_container_open(ctx, "nosuch", &c, e);                                            \
    SEEN(c);                                                                                       \
    ctrun_context_free(ctx);                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(run_null_ctx, ctrun_container_run, EINVAL, {                                                   \
    int st = 0;                                                                                    \
    return ctrun_container_run(NULL, "x", NULL, &st, e);                                           \
  })                                                                                               \
  X(run_null_status, ctrun_container_run, EINVAL, { WITH_CTX(ctrun_container_run(ctx, "x", NULL, NULL, e)) }) \
  X(run_bad_id, ctrun_container_run, EINVAL, {                                                     \
    int st = 12345;                                                                                \
    ctrun_context *ctx = test_ctx();                                                               \
    int r = ctrun_container_run(ctx, "a/b", NULL, &st, e);                                         \
    touched |= st != 12345;                                                                        \
    ctrun_context_free(ctx);                                                                       \
    return r;                                                                                      \
  })                                                                                               \
  X(run_version, ctrun_container_run, EINVAL, {                                                    \
    ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT;                                            \
    o.version = 1000;                                                                              \
    int st = 0;                                                                                    \
    WITH_CTX(ctrun_container_run(ctx, "ok", &o, &st, e))                                           \
  })                                                                                               \
  X(list_null_ctx, ctrun_container_list, EINVAL, {                                                 \
    ctrun_state **l = NULL;                                                                        \
    size_t n = 0;                                                                                  \
    return ctrun_container_list(NULL, &l, &n, e);                                                  \
  })                                                                                               \
  X(list_null_ret, ctrun_container_list, EINVAL, {                                                 \
    size_t n = 0;                                                                                  \
    WITH_CTX(ctrun_container_list(ctx, NULL, &n, e))                                               \
  })                                                                                               \
  X(list_null_n, ctrun_container_list, EINVAL, {                                                   \
    ctrun_state **l = NULL;                                                                        \
    WITH_CTX(ctrun_container_list(ctx, &l, NULL, e))                                               \
  })                                                                                               \
  X(start_null, ctrun_container_start, EINVAL, return ctrun_container_start(NULL, e);)             \
  X(state_null, ctrun_container_state, EINVAL, {                                                   \
    ctrun_state *s = NULL;                                                                         \
    return ctrun_container_state(NULL, &s, e);                                                     \
  })                                                                                               \
  X(kill_null, ctrun_container_kill, EINVAL, return ctrun_container_kill(NULL, 9, 0, e);)          \
  X(delete_null, ctrun_container_delete, EINVAL, return ctrun_container_delete(NULL, 0, e);)       \
  X(wait_null, ctrun_container_wait, EINVAL, {                                                     \
    int st = 0;                                                                                    \
    return ctrun_container_wait(NULL, &st, e);                                                     \
  })                                                                                               \
  X(pidfd_null, ctrun_container_get_pidfd, EINVAL, {                                               \
    int fd = -1;                                                                                   \
    return ctrun_container_get_pidfd(NULL, &fd, e);                                                \
  })                                                                                               \
  X(pid_null, ctrun_container_get_pid, EINVAL, {                                                   \
    int pid = 0;                                                                                   \
    return ctrun_container_get_pid(NULL, &pid, e);                                                 \
  })                                                                                               \
  X(exec_null, ctrun_container_exec, EINVAL, return ctrun_container_exec(NULL, NULL, NULL, NULL, NULL, e);) \
  X(pause_null, ctrun_container_pause, EINVAL, return ctrun_container_pause(NULL, e);)             \
  X(resume_null, ctrun_container_resume, EINVAL, return ctrun_container_resume(NULL, e);)          \
  X(update_null, ctrun_container_update, EINVAL, return ctrun_container_update(NULL, "{}", 2, e);) \
  X(ps_null, ctrun_container_ps, EINVAL, {                                                         \
    int *pids = NULL;                                                                              \
    size_t n = 0;                                                                                  \
    return ctrun_container_ps(NULL, &pids, &n, e);                                                 \
  })                                                                                               \
  X(stats_null, ctrun_container_stats, EINVAL, {                                                   \
    ctrun_stats *s = NULL;                                                                         \
    return ctrun_container_stats(NULL, &s, e);                                                     \
  })                                                                                               \
  X(stats_get_null, ctrun_stats_get, EINVAL, {                                                     \
    uint64_t v = 0;                                                                                \
    return ctrun_stats_get(NULL, CTRUN_STATS_PIDS_CURRENT, &v, e);                                 \
  })                                                                                               \
  X(features_null_ret, ctrun_features_to_json, EINVAL, return ctrun_features_to_json(0, NULL, e);) \
  X(features_flags, ctrun_features_to_json, EINVAL, {                                              \
    OUT(char *, s);                                                                                \
    int r = ctrun_features_to_json(0x8, &s, e);                                                    \
    SEEN(s);                                                                                       \
    return r;                                                                                      \
  })

#define DEFINE_CASE(name, fn, errnum, ...)                                                         \
  static int case_##name(ctrun_error **e) { __VA_ARGS__ }
CASES(DEFINE_CASE)

struct bad_case {
  const char *name, *function;
  int errnum;
  int (*call)(ctrun_error **e);
};
#define TABLE_ENTRY(name, fn, errnum, ...) {#name, #fn, errnum, case_##name},
static const struct bad_case bad_cases[] = {CASES(TABLE_ENTRY)};

/* The functions that cannot fail: NULL is a no-op or gives NULL/0. */
static const char *const null_safe[] = {
    "ctrun_free", "ctrun_version", "ctrun_spec_version", "ctrun_error_free",
    "ctrun_error_get_code", "ctrun_error_get_errno", "ctrun_error_get_message",
    "ctrun_context_free", "ctrun_context_get_state_root", "ctrun_config_free",
    "ctrun_process_free", "ctrun_state_free", "ctrun_state_list_free",
    "ctrun_state_get_status", "ctrun_state_get_status_name", "ctrun_state_get_id",
    "ctrun_state_get_pid", "ctrun_state_get_bundle", "ctrun_state_get_rootfs",
    "ctrun_state_get_created", "ctrun_state_get_oci_version",
    "ctrun_state_get_annotation_count", "ctrun_container_get_id", "ctrun_container_free",
    "ctrun_stats_free",
};

static void setup(void) {
  cr_assert_not_null(mkdtemp(tmpdir));
  memset(long_id, 'a', sizeof(long_id) - 1);
}

static void teardown(void) {
  char path[512];
  snprintf(path, sizeof(path), "%s/config.json", tmpdir);
  unlink(path);
  rmdir(tmpdir);
}

TestSuite(abi_badargs, .init = setup, .fini = teardown);

Test(abi_badargs, every_case_fails_cleanly) {
  for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
    const struct bad_case *c = &bad_cases[i];
    ctrun_error *e = NULL;
    touched = 0;
    cr_log_info("%s (%s)", c->name, c->function);
    int r = c->call(&e);
    cr_expect_eq(r, -c->errnum, "%s (%s): returned %d, expected %d (%s)", c->name, c->function,
                 r, -c->errnum, ctrun_error_get_message(e));
    cr_expect_not_null(e, "%s: no error object", c->name);
    /* parse errors carry no errno (0): they are not system errors */
    int en = ctrun_error_get_errno(e);
    cr_expect(en == c->errnum || (c->errnum == EINVAL && en == 0),
              "%s: error errno %d, expected %d", c->name, en, c->errnum);
    cr_expect(ctrun_error_get_code(e) != CTRUN_ERROR_SYSTEM, "%s: code SYSTEM", c->name);
    cr_expect_neq(ctrun_error_get_message(e)[0], '\0', "%s: empty message", c->name);
    cr_expect_eq(touched, 0, "%s: wrote an output although it failed", c->name);
    ctrun_error_free(e);
    /* without an error object: the same result, no crash */
    cr_expect_eq(c->call(NULL), r, "%s: different result with err NULL", c->name);
  }
}

Test(abi_badargs, null_safe_functions) {
  ctrun_free(NULL);
  ctrun_error_free(NULL);
  ctrun_context_free(NULL);
  ctrun_config_free(NULL);
  ctrun_process_free(NULL);
  ctrun_state_free(NULL);
  ctrun_state_list_free(NULL, 3);
  ctrun_container_free(NULL);
  ctrun_stats_free(NULL);
  cr_expect_eq(ctrun_error_get_code(NULL), CTRUN_ERROR_INVALID_ARGUMENT);
  cr_expect_eq(ctrun_error_get_errno(NULL), 0);
  cr_expect_str_eq(ctrun_error_get_message(NULL), "");
  cr_expect_null(ctrun_context_get_state_root(NULL));
  cr_expect_eq(ctrun_state_get_status(NULL), CTRUN_STATUS_UNKNOWN);
  cr_expect_null(ctrun_state_get_status_name(NULL));
  cr_expect_null(ctrun_state_get_id(NULL));
  cr_expect_eq(ctrun_state_get_pid(NULL), 0);
  cr_expect_null(ctrun_state_get_bundle(NULL));
  cr_expect_null(ctrun_state_get_rootfs(NULL));
  cr_expect_null(ctrun_state_get_created(NULL));
  cr_expect_null(ctrun_state_get_oci_version(NULL));
  cr_expect_eq(ctrun_state_get_annotation_count(NULL), 0);
  cr_expect_null(ctrun_container_get_id(NULL));
  cr_expect_str_eq(ctrun_version(), PACKAGE_VERSION);
  cr_expect_str_eq(ctrun_spec_version(), CTRUN_SPEC_VERSION);
}

static bool listed(const char *sym) {
  for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
    if (strcmp(bad_cases[i].function, sym) == 0)
      return true;
  for (size_t i = 0; i < sizeof(null_safe) / sizeof(null_safe[0]); i++)
    if (strcmp(null_safe[i], sym) == 0)
      return true;
  return false;
}

Test(abi_badargs, tables_cover_every_export) {
  const char *src = getenv("top_srcdir");
  char path[4096];
  snprintf(path, sizeof(path), "%s/libctrun.sym", src ? src : ".");
  FILE *f = fopen(path, "re");
  cr_assert_not_null(f, "open %s", path);
  char line[256];
  int n = 0;
  while (fgets(line, sizeof(line), f)) {
    char sym[200];
    if (sscanf(line, " %199[a-z0-9_];", sym) == 1 && strncmp(sym, "ctrun_", 6) == 0) {
      n++;
      cr_expect(listed(sym), "%s is in libctrun.sym but not tested with bad arguments", sym);
    }
  }
  fclose(f);
  cr_expect_gt(n, 40, "only %d symbols read from %s", n, path);
}
