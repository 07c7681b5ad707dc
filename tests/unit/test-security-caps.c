/* caps_plan_init maps names; caps_apply_child is run in a forked child that
 * reports its /proc/self/status capability lines back over a pipe. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/security.h"
#include "spec/cleanup.h"

#define STRV(...)                                                                                  \
  ((strv_t){.items = (char *[]){__VA_ARGS__, NULL},                                                \
            .n = sizeof((char *[]){__VA_ARGS__}) / sizeof(char *),                                 \
            .present = true})
#define BIT(c) (UINT64_C(1) << (c))

struct status_caps {
  uint64_t bnd, eff, prm, inh, amb;
};

static int read_status_caps(struct status_caps *c) {
  FILE *f = fopen("/proc/self/status", "re");
  if (f == NULL)
    return -1;
  char line[256];
  int found = 0;
  while (fgets(line, sizeof(line), f)) {
    found += sscanf(line, "CapBnd: %" SCNx64, &c->bnd) == 1;
    found += sscanf(line, "CapEff: %" SCNx64, &c->eff) == 1;
    found += sscanf(line, "CapPrm: %" SCNx64, &c->prm) == 1;
    found += sscanf(line, "CapInh: %" SCNx64, &c->inh) == 1;
    found += sscanf(line, "CapAmb: %" SCNx64, &c->amb) == 1;
  }
  fclose(f);
  return found == 5 ? 0 : -1;
}

static int last_cap(void) {
  FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
  int n = -1;
  cr_assert_not_null(f);
  cr_assert_eq(fscanf(f, "%d", &n), 1);
  fclose(f);
  return n;
}

struct child_result {
  int ret;
  struct child_error error;
  struct status_caps caps;
};

/* before() runs in the child first (e.g. setuid, or a leftover inheritable
 * set), then caps_apply_child. */
static struct child_result apply_in_child(const struct caps_plan *p, void (*before)(void)) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    struct child_result r = {0};
    close(fds[0]);
    if (before)
      before();
    r.ret = caps_apply_child(p, &r.error);
    if (read_status_caps(&r.caps) < 0)
      r.ret = -9999;
    if (write(fds[1], &r, sizeof(r)) != sizeof(r))
      _exit(1);
    _exit(0);
  }
  close(fds[1]);
  struct child_result r;
  cr_assert_eq(read(fds[0], &r, sizeof(r)), (ssize_t)sizeof(r));
  close(fds[0]);
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  cr_assert_neq(r.ret, -9999, "could not read /proc/self/status in the child");
  return r;
}

static struct caps_plan must_plan(const spec_capabilities *c) {
  struct caps_plan p;
  _cleanup_error_ ctrun_error *err = NULL;
  int r = caps_plan_init(c, &p, &err);
  cr_assert_eq(r, 0, "caps_plan_init: %s", err ? err->message : "?");
  return p;
}

Test(caps, maps_names_to_bits) {
  spec_capabilities c = {
      .bounding = STRV("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
      .effective = STRV("CAP_KILL"),
      .permitted = STRV("CAP_CHOWN", "CAP_KILL"),
      .inheritable = STRV("CAP_SYS_ADMIN"),
      .ambient = STRV("CAP_SYS_ADMIN"),
      .present = true,
  };
  struct caps_plan p = must_plan(&c);
  cr_assert(p.present);
  cr_assert_eq(p.bounding, BIT(CAP_CHOWN) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE));
  cr_assert_eq(p.effective, BIT(CAP_KILL));
  cr_assert_eq(p.permitted, BIT(CAP_CHOWN) | BIT(CAP_KILL));
  cr_assert_eq(p.inheritable, BIT(CAP_SYS_ADMIN));
  cr_assert_eq(p.ambient, 0, "CAP_SYS_ADMIN is not permitted, so it cannot be ambient");
  cr_assert_eq(p.last_cap, last_cap());
}

Test(caps, absent_section_leaves_caps_alone) {
  spec_capabilities c = {0};
  struct caps_plan p = must_plan(&c);
  cr_assert_not(p.present);
  struct status_caps before;
  cr_assert_eq(read_status_caps(&before), 0);
  struct child_result r = apply_in_child(&p, NULL);
  cr_assert_eq(r.ret, 0);
  cr_assert_eq(r.caps.bnd, before.bnd);
  cr_assert_eq(r.caps.eff, before.eff);
}

Test(caps, unknown_capability_names_the_field) {
  spec_capabilities c = {
      .bounding = STRV("CAP_CHOWN", "CAP_KILL", "CAP_SETUID", "CAP_TEST"),
      .present = true,
  };
  struct caps_plan p;
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_lt(caps_plan_init(&c, &p, &err), 0);
  cr_assert_not_null(err);
  cr_assert_str_eq(err->message, "process.capabilities.bounding[3]: unknown capability \"CAP_TEST\"");
}

Test(caps, unknown_capability_in_ambient) {
  spec_capabilities c = {.ambient = STRV("chown"), .present = true};
  struct caps_plan p;
  _cleanup_error_ ctrun_error *err = NULL;
  cr_assert_lt(caps_plan_init(&c, &p, &err), 0);
  cr_assert_str_eq(err->message, "process.capabilities.ambient[0]: unknown capability \"chown\"");
}

Test(caps, applied_sets_read_back_from_proc_status) {
  spec_capabilities c = {
      .bounding = STRV("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETUID"),
      .effective = STRV("CAP_CHOWN", "CAP_KILL"),
      .permitted = STRV("CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"),
      .inheritable = STRV("CAP_NET_BIND_SERVICE"),
      .ambient = STRV("CAP_NET_BIND_SERVICE"),
      .present = true,
  };
  struct caps_plan p = must_plan(&c);
  struct child_result r = apply_in_child(&p, NULL);
  cr_assert_eq(r.ret, 0, "caps_apply_child: %s (errno %d)", r.error.message, r.error.errnum);
  cr_assert_eq(r.caps.bnd, p.bounding, "CapBnd %" PRIx64, r.caps.bnd);
  cr_assert_eq(r.caps.eff, BIT(CAP_CHOWN) | BIT(CAP_KILL), "CapEff %" PRIx64, r.caps.eff);
  cr_assert_eq(r.caps.prm, BIT(CAP_CHOWN) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE));
  cr_assert_eq(r.caps.inh, BIT(CAP_NET_BIND_SERVICE));
  cr_assert_eq(r.caps.amb, BIT(CAP_NET_BIND_SERVICE));
}

Test(caps, full_set_keeps_everything) {
  struct status_caps host;
  cr_assert_eq(read_status_caps(&host), 0);
  struct caps_plan p = {.present = true, .last_cap = last_cap()};
  p.bounding = p.effective = p.permitted = host.bnd;
  struct child_result r = apply_in_child(&p, NULL);
  cr_assert_eq(r.ret, 0, "%s", r.error.message);
  cr_assert_eq(r.caps.bnd, host.bnd);
  cr_assert_eq(r.caps.eff, host.bnd);
  cr_assert_eq(r.caps.amb, 0);
}

/* CVE-2022-29162: a process that starts with inheritable capabilities (for
 * instance from the runtime's caller) must not pass them on. */
static void give_inheritable(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  if (syscall(SYS_capget, &h, d) < 0)
    _exit(3);
  d[0].inheritable = d[0].permitted;
  d[1].inheritable = d[1].permitted;
  if (syscall(SYS_capset, &h, d) < 0)
    _exit(4);
}

Test(caps, inheritable_is_empty_unless_configured) {
  spec_capabilities c = {
      .bounding = STRV("CAP_CHOWN", "CAP_NET_RAW"),
      .effective = STRV("CAP_CHOWN"),
      .permitted = STRV("CAP_CHOWN", "CAP_NET_RAW"),
      .present = true,
  };
  struct caps_plan p = must_plan(&c);
  cr_assert_eq(p.inheritable, 0, "an absent inheritable list must be empty");
  struct child_result r = apply_in_child(&p, give_inheritable);
  cr_assert_eq(r.ret, 0, "%s", r.error.message);
  cr_assert_eq(r.caps.inh, 0, "CapInh %" PRIx64 " must be empty", r.caps.inh);
  cr_assert_eq(r.caps.amb, 0);
}

/* The core calls us after setuid with PR_SET_KEEPCAPS: the effective set is
 * empty then, and the bounding drop still has to work. */
static void become_nobody_keeping_caps(void) {
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setresgid(65534, 65534, 65534) < 0 ||
      setresuid(65534, 65534, 65534) < 0)
    _exit(5);
}

Test(caps, applies_after_setuid_with_keepcaps) {
  spec_capabilities c = {
      .bounding = STRV("CAP_NET_BIND_SERVICE", "CAP_KILL"),
      .effective = STRV("CAP_NET_BIND_SERVICE"),
      .permitted = STRV("CAP_NET_BIND_SERVICE", "CAP_KILL"),
      .inheritable = STRV("CAP_NET_BIND_SERVICE"),
      .ambient = STRV("CAP_NET_BIND_SERVICE"),
      .present = true,
  };
  struct caps_plan p = must_plan(&c);
  struct child_result r = apply_in_child(&p, become_nobody_keeping_caps);
  cr_assert_eq(r.ret, 0, "caps_apply_child: %s (errno %d)", r.error.message, r.error.errnum);
  cr_assert_eq(r.caps.bnd, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_KILL));
  cr_assert_eq(r.caps.eff, BIT(CAP_NET_BIND_SERVICE));
  cr_assert_eq(r.caps.prm, BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_KILL));
  cr_assert_eq(r.caps.amb, BIT(CAP_NET_BIND_SERVICE));
}

/* Like runc and crun: an ambient capability that is not also permitted and
 * inheritable cannot be raised and is left out, not an error. */
Test(caps, ambient_without_inheritable_is_left_out) {
  spec_capabilities c = {
      .bounding = STRV("CAP_KILL", "CAP_CHOWN"),
      .permitted = STRV("CAP_KILL", "CAP_CHOWN"),
      .inheritable = STRV("CAP_CHOWN"),
      .ambient = STRV("CAP_KILL", "CAP_CHOWN"),
      .present = true,
  };
  struct caps_plan p = must_plan(&c);
  cr_assert_eq(p.ambient, BIT(CAP_CHOWN));
  struct child_result r = apply_in_child(&p, NULL);
  cr_assert_eq(r.ret, 0, "%s", r.error.message);
  cr_assert_eq(r.caps.amb, BIT(CAP_CHOWN));
  cr_assert_eq(r.caps.inh, BIT(CAP_CHOWN));
}
