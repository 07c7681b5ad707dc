/* rootfs_plan_new on hand-built configs: path cleaning, refused mounts,
 * devices and sysctl keys.  No mount happens here. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "runtime/rootfs-plan.h"
#include "runtime/rootfs.h"

static char bundle[] = "/tmp/test-fs-plan-XXXXXX";

static void setup(void) {
  cr_assert_not_null(mkdtemp(bundle));
  char p[256];
  snprintf(p, sizeof(p), "%s/rootfs", bundle);
  cr_assert_eq(mkdir(p, 0755), 0);
}

static void teardown(void) {
  char p[256];
  snprintf(p, sizeof(p), "%s/rootfs", bundle);
  rmdir(p);
  rmdir(bundle);
}

static char *opts_tmpfs[] = {"nosuid", "mode=755", NULL};

static spec_mount mnt(char *dest, char *type, char *source, char **options) {
  size_t n = 0;
  while (options && options[n])
    n++;
  return (spec_mount){.destination = dest,
                      .type = type,
                      .source = source,
                      .options = {options, n, options != NULL}};
}

static int plan(spec_config *c, struct rootfs_plan **ret, char **msg) {
  struct rootfs_options o = {.bundle = bundle, .new_mount_ns = true};
  ctrun_error *err = NULL;
  int r = rootfs_plan_new(c, &o, ret, &err);
  if (msg)
    *msg = err ? strdup(err->message) : NULL;
  error_free(err);
  return r;
}

static spec_config base(void) {
  spec_config c = {0};
  c.root = (spec_root){.path = "rootfs", .present = true};
  return c;
}

Test(fs_plan, clean_path) {
  const char *cases[][2] = {{"/dev//pts/.", "dev/pts"}, {"/", ""},   {"/a/../../b", "b"},
                            {"/a/b/..", "a"},           {"/..", ""}, {"/x/./y/", "x/y"}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char *got = rootfs_clean_path(cases[i][0]);
    cr_assert_str_eq(got, cases[i][1], "%s", cases[i][0]);
    free(got);
  }
  cr_assert_null(rootfs_clean_path("relative"));
}

Test(fs_plan, mounts_devices_sysctl, .init = setup, .fini = teardown) {
  spec_config c = base();
  spec_mount m[] = {mnt("/proc", "proc", "proc", NULL), mnt("/dev", "tmpfs", "tmpfs", opts_tmpfs),
                    mnt("/sys", "sysfs", "sysfs", NULL)};
  c.mounts = m;
  c.n_mounts = 3;
  kv_t kv[] = {{"net.ipv4.ip_forward", "1"}, {"net.ipv4.conf.eth0/1.forwarding", "0"}};
  c.linux_.sysctl = (kvlist_t){kv, 2, true};
  spec_device d = {
      .type = "c", .path = "/dev/null", .major = 1, .minor = 3, .file_mode = {0600, true}};
  c.linux_.devices = &d;
  c.linux_.n_devices = 1;
  struct rootfs_plan *p = NULL;
  char *msg = NULL;
  cr_assert_eq(plan(&c, &p, &msg), 0, "%s", msg ? msg : "");
  cr_assert_str_eq(p->mounts[0].target, "proc");
  cr_assert_eq(p->mounts[0].magic, PROC_SUPER_MAGIC);
  cr_assert_eq(p->mounts[2].magic, SYSFS_MAGIC);
  cr_assert(p->dev_is_tmpfs);
  cr_assert_str_eq(p->proc_target, "proc");
  cr_assert_eq(p->mounts[1].opts.n_params, 1);
  /* the configured /dev/null replaces the default one: 1 + 5 defaults */
  cr_assert_eq(p->n_devices, 6);
  cr_assert_eq(p->devices[0].mode, 0600);
  for (size_t i = 1; i < p->n_devices; i++)
    cr_assert_str_neq(p->devices[i].target, "dev/null");
  cr_assert_str_eq(p->sysctls[0].path, "sys/net/ipv4/ip_forward");
  cr_assert_str_eq(p->sysctls[1].path, "sys/net/ipv4/conf/eth0.1/forwarding");
  cr_assert_eq(p->pre_propagation, MS_REC | MS_SLAVE);
  free(msg);
  rootfs_plan_free(p);
}

static void expect_refused(spec_config *c, int want, const char *fragment) {
  struct rootfs_plan *p = NULL;
  char *msg = NULL;
  int r = plan(c, &p, &msg);
  cr_assert_eq(r, -want, "%s: got %d (%s)", fragment, r, msg ? msg : "");
  cr_assert_null(p);
  cr_assert_not_null(msg);
  cr_assert(strstr(msg, fragment), "message \"%s\" lacks \"%s\"", msg, fragment);
  free(msg);
}

Test(fs_plan, refusals, .init = setup, .fini = teardown) {
  spec_config c = base();
  spec_mount m[1];
  c.mounts = m;
  c.n_mounts = 1;
  m[0] = mnt("/proc", "tmpfs", "tmpfs", NULL);
  expect_refused(&c, EPERM, "over /proc");
  m[0] = mnt("/proc/sys", "proc", "proc", NULL);
  expect_refused(&c, EPERM, "/proc/sys");
  m[0] = mnt("/proc/sysrq-trigger", "bind", "/dev/null", NULL);
  expect_refused(&c, EPERM, "/proc/sysrq-trigger");
  m[0] = mnt("/proc/kcore", "bind", "/dev/null", NULL);
  expect_refused(&c, EPERM, "under /proc");
  m[0] = mnt("relative", "tmpfs", "tmpfs", NULL);
  expect_refused(&c, EINVAL, "mounts[0].destination");
  m[0] = mnt("/", "tmpfs", "tmpfs", NULL);
  expect_refused(&c, EINVAL, "over the root");
  m[0] = mnt("/x", NULL, "tmpfs", NULL);
  expect_refused(&c, EINVAL, "mounts[0].type");
  m[0] = mnt("/x", "bind", "/nonexistent-fs-plan-source", NULL);
  expect_refused(&c, ENOENT, "mounts[0].source");

  c.n_mounts = 0;
  c.linux_.rootfs_propagation = "sideways";
  expect_refused(&c, EINVAL, "linux.rootfsPropagation");
  c.linux_.rootfs_propagation = NULL;
  char *rel[] = {"masked-relpath", NULL};
  c.linux_.masked_paths = (strv_t){rel, 1, true};
  expect_refused(&c, EINVAL, "linux.maskedPaths[0]");
  c.linux_.masked_paths = (strv_t){0};
  c.linux_.readonly_paths = (strv_t){rel, 1, true};
  expect_refused(&c, EINVAL, "linux.readonlyPaths[0]");
  c.linux_.readonly_paths = (strv_t){0};
  kv_t kv[] = {{"net..x", "1"}};
  c.linux_.sysctl = (kvlist_t){kv, 1, true};
  expect_refused(&c, EINVAL, "linux.sysctl");
  c.linux_.sysctl = (kvlist_t){0};
  c.root.path = "missing-rootfs";
  expect_refused(&c, ENOENT, "root.path");
}

/* Without a mount namespace nothing may be mounted (it would land on the
 * host): the plan is a chroot only, and what needs mounts is refused. */
Test(fs_plan, no_mount_namespace_is_chroot_only, .init = setup, .fini = teardown) {
  spec_config c = base();
  spec_mount ms[] = {mnt("/tmp", "tmpfs", "tmpfs", opts_tmpfs)};
  c.mounts = ms;
  c.n_mounts = 1;
  struct rootfs_options o = {.bundle = bundle, .new_mount_ns = false};
  struct rootfs_plan *p = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(rootfs_plan_new(&c, &o, &p, &err), 0);
  cr_assert(p->chroot_only);
  cr_assert_eq(p->n_mounts, 0);
  cr_assert_eq(p->n_devices, 0);
  cr_assert(strstr(p->rootfs, "/rootfs") != NULL);
  rootfs_plan_free(p);

  o.terminal = true;
  p = NULL;
  cr_assert_eq(rootfs_plan_new(&c, &o, &p, &err), -EINVAL);
  cr_assert(strstr(err->message, "mount namespace"));
  error_free(err);
}
