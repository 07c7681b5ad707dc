/* seccomp_plan_new + seccomp_load_child: each filter is really loaded in a
 * forked child, whose observations come back as its exit status. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/security.h"
#include "spec/cleanup.h"

#define STRV(...)                                                                                  \
  ((strv_t){.items = (char *[]){__VA_ARGS__, NULL},                                                \
            .n = sizeof((char *[]){__VA_ARGS__}) / sizeof(char *),                                 \
            .present = true})

static spec_seccomp profile(const char *default_action, spec_syscall *rules, size_t n) {
  return (spec_seccomp){.default_action = (char *)default_action, .syscalls = rules,
                        .n_syscalls = n, .present = true};
}

static spec_syscall errno_rule(strv_t names, uint64_t errnum) {
  return (spec_syscall){.names = names, .action = "SCMP_ACT_ERRNO",
                        .errno_ret = {.value = errnum, .set = true}};
}

struct warnings {
  char text[1024];
  int count;
};

static void collect_warning(const char *message, void *userdata) {
  struct warnings *w = userdata;
  w->count++;
  strncat(w->text, message, sizeof(w->text) - strlen(w->text) - 2);
  strcat(w->text, "\n");
}

static struct seccomp_plan *must_plan(const spec_seccomp *s, struct warnings *w) {
  struct seccomp_plan *p = NULL;
  _cleanup_error_ ctrun_error *err = NULL;
  int r = seccomp_plan_new(s, w ? collect_warning : NULL, w, &p, &err);
  cr_assert_eq(r, 0, "seccomp_plan_new: %s", err ? err->message : "?");
  cr_assert_not_null(p);
  return p;
}

static char *plan_error(const spec_seccomp *s) {
  struct seccomp_plan *p = NULL;
  ctrun_error *err = NULL;
  int r = seccomp_plan_new(s, NULL, NULL, &p, &err);
  cr_assert_lt(r, 0, "expected seccomp_plan_new to fail");
  cr_assert_null(p);
  cr_assert_not_null(err);
  char *msg = strdup(err->message);
  error_free(err);
  return msg;
}

/* Runs probe() in a child after loading p; returns the probe's value (the
 * child's exit status), or 200+ for a failure to load. */
static int run_filtered(const struct seccomp_plan *p, int (*probe)(void)) {
  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    struct child_error e = {0};
    int fd;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
      _exit(201);
    if (seccomp_load_child(p, &fd, &e) < 0)
      _exit(202);
    _exit(probe());
  }
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status), "child died with status 0x%x", status);
  return WEXITSTATUS(status);
}

/* errno of a raw getcwd, 0 when it worked */
static int probe_getcwd(void) {
  char buf[256];
  return syscall(SYS_getcwd, buf, sizeof(buf)) < 0 ? errno : 0;
}

static int probe_seccomp_mode(void) {
  FILE *f = fopen("/proc/self/status", "re");
  char line[256];
  int mode = -1;
  while (f && fgets(line, sizeof(line), f))
    if (sscanf(line, "Seccomp: %d", &mode) == 1)
      break;
  return mode;
}

Test(seccomp, no_section_gives_no_plan) {
  spec_seccomp s = {0};
  struct seccomp_plan *p = (void *)1;
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_eq(seccomp_plan_new(&s, NULL, NULL, &p, &err), 0);
  cr_assert_null(p);
  cr_assert_not(seccomp_plan_uses_notify(p));
  int fd = 5;
  struct child_error e = {0};
  cr_assert_eq(seccomp_load_child(NULL, &fd, &e), 0);
  cr_assert_eq(fd, -1);
}

Test(seccomp, errno_rule_blocks_getcwd_with_configured_errno) {
  spec_syscall rules[] = {errno_rule(STRV("getcwd"), 42)};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  struct seccomp_plan *p = must_plan(&s, NULL);
  cr_assert_not(seccomp_plan_uses_notify(p));
  cr_assert_eq(run_filtered(p, probe_getcwd), 42);
  cr_assert_eq(run_filtered(p, probe_seccomp_mode), 2);
  /* and without the filter getcwd works */
  cr_assert_eq(probe_getcwd(), 0);
  seccomp_plan_free(p);
}

Test(seccomp, errno_default_is_eperm) {
  spec_syscall rules[] = {{.names = STRV("getcwd"), .action = "SCMP_ACT_ERRNO"}};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  struct seccomp_plan *p = must_plan(&s, NULL);
  cr_assert_eq(run_filtered(p, probe_getcwd), EPERM);
  seccomp_plan_free(p);
}

Test(seccomp, default_errno_with_allow_list) {
  /* what the child and a sanitizer runtime need to exit */
  spec_syscall rules[] = {{.names = STRV("exit", "exit_group", "write", "mmap", "munmap", "mprotect",
                                         "madvise", "sigaltstack", "rt_sigaction",
                                         "rt_sigprocmask", "getpid", "gettid", "futex", "prctl"),
                           .action = "SCMP_ACT_ALLOW"}};
  spec_seccomp s = profile("SCMP_ACT_ERRNO", rules, 1);
  s.default_errno_ret = (opt_u64){.value = 38, .set = true};
  struct seccomp_plan *p = must_plan(&s, NULL);
  cr_assert_eq(run_filtered(p, probe_getcwd), 38);
  seccomp_plan_free(p);
}

Test(seccomp, unknown_syscall_warns_and_is_skipped) {
  struct warnings w = {0};
  spec_syscall rules[] = {errno_rule(STRV("no_such_syscall_ctrun", "getcwd"), 33)};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  struct seccomp_plan *p = must_plan(&s, &w);
  cr_assert_eq(w.count, 1, "warnings: %s", w.text);
  cr_assert(strstr(w.text, "linux.seccomp.syscalls[0].names[0]") != NULL, "%s", w.text);
  cr_assert(strstr(w.text, "no_such_syscall_ctrun") != NULL, "%s", w.text);
  cr_assert_eq(run_filtered(p, probe_getcwd), 33);
  seccomp_plan_free(p);
}

Test(seccomp, rule_equal_to_default_is_harmless) {
  spec_syscall rules[] = {{.names = STRV("getcwd"), .action = "SCMP_ACT_ALLOW"},
                          errno_rule(STRV("getpriority"), 5)};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 2);
  struct seccomp_plan *p = must_plan(&s, NULL);
  cr_assert_eq(run_filtered(p, probe_getcwd), 0);
  seccomp_plan_free(p);
}

Test(seccomp, unknown_action_is_an_error) {
  spec_syscall rules[] = {{.names = STRV("getcwd"), .action = "SCMP_ACT_FROB"}};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert_str_eq(msg, "linux.seccomp.syscalls[0]: unknown seccomp action \"SCMP_ACT_FROB\"");
}

Test(seccomp, unknown_default_action_is_an_error) {
  spec_seccomp s = profile("SCMP_ACT_NOPE", NULL, 0);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert(strstr(msg, "linux.seccomp.defaultAction") != NULL, "%s", msg);
}

Test(seccomp, notify_as_default_is_an_error) {
  spec_seccomp s = profile("SCMP_ACT_NOTIFY", NULL, 0);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert(strstr(msg, "linux.seccomp.defaultAction") != NULL, "%s", msg);
}

Test(seccomp, unknown_arch_is_an_error) {
  spec_seccomp s = profile("SCMP_ACT_ALLOW", NULL, 0);
  s.architectures = STRV("SCMP_ARCH_X86_64", "SCMP_ARCH_VAX");
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert_str_eq(msg, "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_VAX\"");
}

Test(seccomp, unknown_operator_is_an_error) {
  spec_seccomp_arg args[] = {{.index = 0, .value = 1, .op = "SCMP_CMP_ROUGHLY"}};
  spec_syscall rules[] = {errno_rule(STRV("getpriority"), 7)};
  rules[0].args = args;
  rules[0].n_args = 1;
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert_str_eq(msg, "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_ROUGHLY\"");
}

Test(seccomp, unknown_flag_is_an_error) {
  spec_seccomp s = profile("SCMP_ACT_ALLOW", NULL, 0);
  s.flags = STRV("SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_BOGUS");
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert_str_eq(msg, "linux.seccomp.flags[1]: unknown flag \"SECCOMP_FILTER_FLAG_BOGUS\"");
}

Test(seccomp, errno_ret_too_large_is_an_error) {
  spec_syscall rules[] = {errno_rule(STRV("getcwd"), 70000)};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert(strstr(msg, "linux.seccomp.syscalls[0]: errnoRet 70000") != NULL, "%s", msg);
}

Test(seccomp, arches_and_flags_load) {
  spec_syscall rules[] = {errno_rule(STRV("getcwd"), 11)};
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  s.architectures = STRV("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
  s.flags = STRV("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
                 "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
  struct seccomp_plan *p = must_plan(&s, NULL);
  cr_assert_eq(run_filtered(p, probe_getcwd), 11);
  seccomp_plan_free(p);
}

/* ---- argument comparisons, on getpriority(PRIO_PROCESS, who) ---- */

#define BLOCKED_ERRNO E2BIG

static long probe_who;
static int probe_getpriority_who(void) {
  errno = 0;
  long r = syscall(SYS_getpriority, PRIO_PROCESS, probe_who);
  return r < 0 && errno == BLOCKED_ERRNO ? 1 : 0;
}

static bool blocked_with(const spec_seccomp_arg *args, size_t n, long who) {
  spec_syscall rules[] = {errno_rule(STRV("getpriority"), BLOCKED_ERRNO)};
  rules[0].args = (spec_seccomp_arg *)args;
  rules[0].n_args = n;
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  struct seccomp_plan *p = must_plan(&s, NULL);
  probe_who = who;
  int r = run_filtered(p, probe_getpriority_who);
  seccomp_plan_free(p);
  cr_assert(r == 0 || r == 1, "child failed with %d", r);
  return r == 1;
}

struct op_case {
  const char *op;
  uint64_t value, value_two;
  long who;
  bool blocked;
};

Test(seccomp, every_operator_compares_the_argument) {
  static const struct op_case cases[] = {
      {"SCMP_CMP_EQ", 77, 0, 77, true},   {"SCMP_CMP_EQ", 77, 0, 78, false},
      {"SCMP_CMP_NE", 77, 0, 78, true},   {"SCMP_CMP_NE", 77, 0, 77, false},
      {"SCMP_CMP_LT", 77, 0, 76, true},   {"SCMP_CMP_LT", 77, 0, 77, false},
      {"SCMP_CMP_LE", 77, 0, 77, true},   {"SCMP_CMP_LE", 77, 0, 78, false},
      {"SCMP_CMP_GE", 77, 0, 77, true},   {"SCMP_CMP_GE", 77, 0, 76, false},
      {"SCMP_CMP_GT", 77, 0, 78, true},   {"SCMP_CMP_GT", 77, 0, 77, false},
      /* value is the mask, valueTwo what the masked argument must be */
      {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x3a, true},
      {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x4a, false},
  };
  for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
    const struct op_case *c = &cases[i];
    spec_seccomp_arg arg = {.index = 1, .value = c->value, .value_two = c->value_two,
                            .has_value_two = true, .op = (char *)c->op};
    cr_expect_eq(blocked_with(&arg, 1, c->who), c->blocked, "%s %llu (%llu) with who=%ld: %s",
                 c->op, (unsigned long long)c->value, (unsigned long long)c->value_two, c->who,
                 c->blocked ? "should be blocked" : "should pass");
  }
}

Test(seccomp, comparisons_on_different_args_are_anded) {
  spec_seccomp_arg args[] = {{.index = 0, .value = PRIO_PROCESS, .op = "SCMP_CMP_EQ"},
                             {.index = 1, .value = 500, .op = "SCMP_CMP_EQ"}};
  cr_assert(blocked_with(args, 2, 500));
  cr_assert_not(blocked_with(args, 2, 501));
  spec_seccomp_arg other[] = {{.index = 0, .value = PRIO_PGRP, .op = "SCMP_CMP_EQ"},
                              {.index = 1, .value = 500, .op = "SCMP_CMP_EQ"}};
  cr_assert_not(blocked_with(other, 2, 500));
}

Test(seccomp, comparisons_on_the_same_arg_are_ored) {
  spec_seccomp_arg args[] = {{.index = 1, .value = 10, .op = "SCMP_CMP_EQ"},
                             {.index = 1, .value = 20, .op = "SCMP_CMP_EQ"}};
  cr_assert(blocked_with(args, 2, 10));
  cr_assert(blocked_with(args, 2, 20));
  cr_assert_not(blocked_with(args, 2, 15));
}

Test(seccomp, bad_arg_index_is_an_error) {
  spec_seccomp_arg args[] = {{.index = 6, .value = 1, .op = "SCMP_CMP_EQ"}};
  spec_syscall rules[] = {errno_rule(STRV("getpriority"), 7)};
  rules[0].args = args;
  rules[0].n_args = 1;
  spec_seccomp s = profile("SCMP_ACT_ALLOW", rules, 1);
  _cleanup_free_ char *msg = plan_error(&s);
  cr_assert(strstr(msg, "linux.seccomp.syscalls[0].args[0].index") != NULL, "%s", msg);
}
