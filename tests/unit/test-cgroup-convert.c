/* The OCI -> cgroup value conversions (v1 -> v2 as runc/crun do them). */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"

Test(cgroup_convert, shares_to_weight_crun_formula) {
  cr_assert_eq(cgroup_shares_to_weight(0), 0);
  cr_assert_eq(cgroup_shares_to_weight(2), 1);
  cr_assert_eq(cgroup_shares_to_weight(1024), 1 + ((1024 - 2) * 9999) / 262142); /* 39 */
  cr_assert_eq(cgroup_shares_to_weight(1024), 39);
  cr_assert_eq(cgroup_shares_to_weight(262144), 10000);
  cr_assert_eq(cgroup_shares_to_weight(1), 1);         /* clamped */
  cr_assert_eq(cgroup_shares_to_weight(1000000), 10000); /* clamped */
}

Test(cgroup_convert, blkio_weight_to_io_weight) {
  cr_assert_eq(cgroup_blkio_to_io_weight(10), 1);
  cr_assert_eq(cgroup_blkio_to_io_weight(1000), 10000);
  cr_assert_eq(cgroup_blkio_to_io_weight(500), 1 + (490 * 9999) / 990);
}

static int swap(int64_t limit, bool limit_set, int64_t sw, char *buf) {
  spec_memory m = {0};
  m.limit.value = limit;
  m.limit.set = limit_set;
  m.swap.value = sw;
  m.swap.set = true;
  ctrun_error *err = NULL;
  int r = cgroup_swap_to_v2(&m, buf, 32, &err);
  if (r < 0)
    cr_assert_not_null(strstr(err->message, "memory.swap"), "%s", err->message);
  error_free(err);
  return r;
}

Test(cgroup_convert, swap_is_memory_plus_swap_minus_limit) {
  char buf[32];
  cr_assert_eq(swap(100, true, 300, buf), 0);
  cr_assert_str_eq(buf, "200");
  cr_assert_eq(swap(100, true, 100, buf), 0);
  cr_assert_str_eq(buf, "0");
  cr_assert_eq(swap(100, true, -1, buf), 0);
  cr_assert_str_eq(buf, "max");
  cr_assert_eq(swap(0, false, -1, buf), 0);
  cr_assert_str_eq(buf, "max");
  cr_assert_eq(swap(300, true, 100, buf), -EINVAL);
  cr_assert_eq(swap(0, false, 100, buf), -EINVAL);
}

Test(cgroup_convert, cpu_max_keeps_what_is_not_set) {
  char buf[64];
  spec_cpu c = {0};
  c.quota.value = 50000;
  c.quota.set = true;
  cgroup_cpu_max(&c, "max 200000", buf, sizeof(buf));
  cr_assert_str_eq(buf, "50000 200000");
  c.period.value = 100000;
  c.period.set = true;
  cgroup_cpu_max(&c, "max 200000", buf, sizeof(buf));
  cr_assert_str_eq(buf, "50000 100000");
  c.quota.value = -1;
  cgroup_cpu_max(&c, NULL, buf, sizeof(buf));
  cr_assert_str_eq(buf, "max 100000");
  spec_cpu p = {0};
  p.period.value = 300000;
  p.period.set = true;
  cgroup_cpu_max(&p, "40000 100000", buf, sizeof(buf));
  cr_assert_str_eq(buf, "40000 300000");
}

Test(cgroup_convert, hugepage_sizes_checked_against_the_kernel) {
  char dir[] = "/tmp/ctrun-hp-XXXXXX";
  cr_assert_not_null(mkdtemp(dir));
  char sub[256];
  snprintf(sub, sizeof(sub), "%s/hugepages-2048kB", dir);
  cr_assert_eq(mkdir(sub, 0755), 0);
  snprintf(sub, sizeof(sub), "%s/hugepages-1048576kB", dir);
  cr_assert_eq(mkdir(sub, 0755), 0);
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_check_hugepage_size(dir, "2MB", &err), 0);
  cr_assert_eq(cgroup_check_hugepage_size(dir, "1GB", &err), 0);
  cr_assert_eq(cgroup_check_hugepage_size(dir, "2048KB", &err), 0);
  cr_assert_eq(cgroup_check_hugepage_size(dir, "3MB", &err), -EINVAL);
  cr_assert_not_null(strstr(err->message, "3MB"));
  error_freep(&err);
  cr_assert_eq(cgroup_check_hugepage_size(dir, "2XB", &err), -EINVAL);
  error_freep(&err);
  cr_assert_eq(cgroup_check_hugepage_size(dir, "MB", &err), -EINVAL);
  error_freep(&err);
  rmdir(sub);
  snprintf(sub, sizeof(sub), "%s/hugepages-2048kB", dir);
  rmdir(sub);
  rmdir(dir);
}

Test(cgroup_convert, device_rule_lines) {
  char buf[128];
  ctrun_error *err = NULL;
  spec_device_rule all = {.allow = false};
  cr_assert_eq(cgroup_device_rule_line(&all, buf, sizeof(buf), &err), 0);
  cr_assert_str_eq(buf, "a *:* rwm");
  spec_device_rule c = {.allow = true, .type = "c", .major = {10, true}, .minor = {229, true}, .access = "rw"};
  cr_assert_eq(cgroup_device_rule_line(&c, buf, sizeof(buf), &err), 0);
  cr_assert_str_eq(buf, "c 10:229 rw");
  spec_device_rule b = {.allow = true, .type = "b", .major = {8, true}, .access = "m"};
  cr_assert_eq(cgroup_device_rule_line(&b, buf, sizeof(buf), &err), 0);
  cr_assert_str_eq(buf, "b 8:* m");
  spec_device_rule bad = {.allow = true, .type = "x"};
  cr_assert_eq(cgroup_device_rule_line(&bad, buf, sizeof(buf), &err), -EINVAL);
  cr_assert_not_null(strstr(err->message, "'x'"));
  error_freep(&err);
  spec_device_rule badacc = {.allow = true, .type = "c", .access = "rwx"};
  cr_assert_eq(cgroup_device_rule_line(&badacc, buf, sizeof(buf), &err), -EINVAL);
  error_freep(&err);
}
