/* cgroupsPath resolution: absolute, relative, default, systemd form. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cgroup-internal.h"

static char *resolve(const char *p, const char *id, const char *own, int *ret) {
  char *out = NULL;
  ctrun_error *err = NULL;
  *ret = cgroup_resolve_path(p, id, own, &out, &err);
  error_free(err);
  return out;
}

static void expect(const char *p, const char *own, const char *want) {
  int r;
  char *got = resolve(p, "abc", own, &r);
  cr_assert_eq(r, 0, "%s: returned %d", p ? p : "(null)", r);
  cr_assert_str_eq(got, want, "%s under %s", p ? p : "(null)", own);
  free(got);
}

Test(cgroup_path, absolute_is_taken_as_is_normalized) {
  expect("/a/b", "/own", "/a/b");
  expect("//a///b/", "/own", "/a/b");
}

Test(cgroup_path, relative_is_under_the_own_cgroup) {
  expect("a/b", "/process_api/1234", "/process_api/1234/a/b");
  expect("a/b", "/", "/a/b");
}

Test(cgroup_path, default_is_ctrun_id) {
  expect(NULL, "/own", "/ctrun/abc");
  expect("", "/own", "/ctrun/abc");
}

Test(cgroup_path, systemd_form_maps_to_a_scope) {
  expect("system.slice:ctrun:abc", "/own", "/system.slice/ctrun-abc.scope");
  expect("a-b.slice:p:n", "/own", "/a.slice/a-b.slice/p-n.scope");
  expect(":ctrun:abc", "/own", "/system.slice/ctrun-abc.scope");
  expect("-.slice:ctrun:abc", "/own", "/ctrun-abc.scope");
  expect("x.slice::abc", "/own", "/x.slice/abc.scope");
  expect("x.slice:p:y.slice", "/own", "/x.slice/y.slice");
}

Test(cgroup_path, not_systemd_form_is_relative) {
  /* a colon alone does not make the systemd form */
  expect("a:b", "/o", "/o/a:b");
  expect("notaslice:b:c", "/o", "/o/notaslice:b:c");
}

Test(cgroup_path, refuses_escape_root_and_bad_names) {
  int r;
  cr_assert_null(resolve("../x", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve("/a/../../x", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve("/", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve("a\nb", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve("system.slice:p:", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve("a--b.slice:p:n", "abc", "/own", &r));
  cr_assert_eq(r, -EINVAL);
  cr_assert_null(resolve(NULL, NULL, "/own", &r));
  cr_assert_eq(r, -EINVAL);
}

static const char proc_cgroup[] =
    "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/211db\n1:cpu,cpuacct:/x\n0::/u\n";

Test(cgroup_path, own_cgroup_from_proc_self_cgroup) {
  char *s;
  cr_assert_str_eq(s = cgroup_own_from_proc(proc_cgroup, "memory", false), "/process_api/211db");
  free(s);
  cr_assert_str_eq(s = cgroup_own_from_proc(proc_cgroup, "cpuacct,cpu", false), "/x");
  free(s);
  cr_assert_str_eq(s = cgroup_own_from_proc(proc_cgroup, "name=systemd", false), "/");
  free(s);
  cr_assert_str_eq(s = cgroup_own_from_proc(proc_cgroup, "", true), "/u");
  free(s);
  cr_assert_str_eq(s = cgroup_own_from_proc(proc_cgroup, "hugetlb", false), "/");
  free(s);
}
