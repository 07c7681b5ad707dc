/* The cgroup2 eBPF device program: built, loaded (the kernel's verifier
 * checks it), attached to a real cgroup2 directory under the test's own
 * cgroup, and enforced on a process in it. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"

static char dir[1024];

static const char *unified_mount(void) {
  static const char *const cands[] = {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
  struct statfs s;
  for (size_t i = 0; i < 2; i++)
    if (statfs(cands[i], &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC)
      return cands[i];
  return NULL;
}

static void setup(void) {
  const char *mnt = unified_mount();
  if (geteuid() != 0 || mnt == NULL)
    cr_skip_test("needs root and a cgroup2 mount");
  FILE *f = fopen("/proc/self/cgroup", "r");
  cr_assert_not_null(f);
  char text[4096];
  size_t n = fread(text, 1, sizeof(text) - 1, f);
  fclose(f);
  text[n] = '\0';
  char *own = cgroup_own_from_proc(text, "", true);
  snprintf(dir, sizeof(dir), "%s%s/ctrun-test-bpf-%d", mnt, strcmp(own, "/") == 0 ? "" : own, (int)getpid());
  free(own);
  cr_assert_eq(mkdir(dir, 0755), 0, "%s: %s", dir, strerror(errno));
}

static void teardown(void) {
  if (dir[0] && rmdir(dir) < 0 && errno != ENOENT)
    fprintf(stderr, "teardown: rmdir %s: %s\n", dir, strerror(errno));
}

TestSuite(cgroup_bpf, .init = setup, .fini = teardown);

static spec_device_rule rule(bool allow, const char *type, int64_t maj, int64_t min, const char *acc) {
  spec_device_rule r = {.allow = allow, .type = (char *)type, .access = (char *)acc};
  r.major = (opt_i64){maj, maj >= 0};
  r.minor = (opt_i64){min, min >= 0};
  return r;
}

/* In a child placed in dir: bit 0 = /dev/null opened rw, bit 1 = /dev/zero
 * opened for reading, bit 2 = /dev/full for writing, bit 3 = /dev/full for
 * reading. */
static int probe(void) {
  pid_t p = fork();
  cr_assert_geq(p, 0);
  if (p == 0) {
    char procs[1100];
    snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
    int fd = open(procs, O_WRONLY);
    if (fd < 0 || write(fd, "0", 1) != 1)
      _exit(100);
    close(fd);
    int bits = 0;
    const struct { const char *path; int flags; } t[] = {
        {"/dev/null", O_RDWR}, {"/dev/zero", O_RDONLY}, {"/dev/full", O_WRONLY}, {"/dev/full", O_RDONLY}};
    for (int i = 0; i < 4; i++) {
      int f = open(t[i].path, t[i].flags);
      if (f >= 0) {
        bits |= 1 << i;
        close(f);
      } else if (errno != EPERM) {
        _exit(101);
      }
    }
    _exit(bits);
  }
  int status;
  cr_assert_eq(waitpid(p, &status, 0), p);
  cr_assert(WIFEXITED(status));
  cr_assert_lt(WEXITSTATUS(status), 100, "probe setup failed: %d", WEXITSTATUS(status));
  return WEXITSTATUS(status);
}

Test(cgroup_bpf, program_size_follows_the_rules) {
  spec_device_rule all = rule(true, "a", -1, -1, "rwm");
  cr_assert_eq(cgroup_bpf_devices_insns(NULL, 0), 9, "prologue + default deny");
  cr_assert_eq(cgroup_bpf_devices_insns(&all, 1), 9, "unconditional: no default deny after it");
  spec_device_rule c = rule(true, "c", 1, 3, "r");
  /* prologue, type, 3 for access, major, minor, 2 for the verdict, default deny */
  cr_assert_eq(cgroup_bpf_devices_insns(&c, 1), 7 + 1 + 3 + 1 + 1 + 2 + 2);
}

Test(cgroup_bpf, denied_device_open_fails_and_update_replaces_the_program) {
  spec_device_rule rules[16];
  size_t n = 0;
  rules[n++] = rule(false, "a", -1, -1, "rwm");
  rules[n++] = rule(true, "c", 1, 7, "w"); /* /dev/full: write only */
  memcpy(rules + n, cgroup_default_devices, cgroup_n_default_devices * sizeof(*rules));
  n += cgroup_n_default_devices;
  /* the defaults allow /dev/full rwm; deny its reading after them */
  rules[n++] = rule(false, "c", 1, 7, "r");
  rules[n++] = rule(false, "c", 1, 5, "rwm"); /* /dev/zero */
  ctrun_error *err = NULL;
  int prog = -1;
  int r = cgroup_bpf_devices_load(rules, n, &prog, &err);
  if (r == -EPERM)
    cr_skip_test("the kernel does not let us load BPF programs");
  cr_assert_eq(r, 0, "%s", err ? err->message : "");
  cr_assert_eq(cgroup_bpf_devices_attach(dir, prog, &err), 0, "%s", err ? err->message : "");
  close(prog);
  int bits = probe();
  cr_assert_eq(bits & 1, 1, "/dev/null allowed");
  cr_assert_eq(bits & 2, 0, "/dev/zero denied");
  cr_assert_eq(bits & 4, 4, "/dev/full writable");
  cr_assert_eq(bits & 8, 0, "/dev/full not readable");

  /* update: a program allowing everything replaces the old one (with
   * both attached, the old one would still deny) */
  spec_device_rule all = rule(true, "a", -1, -1, "rwm");
  cr_assert_eq(cgroup_bpf_devices_load(&all, 1, &prog, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq(cgroup_bpf_devices_attach(dir, prog, &err), 0, "%s", err ? err->message : "");
  close(prog);
  cr_assert_eq(probe(), 15);
}
