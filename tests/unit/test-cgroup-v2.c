/* cgroup v2 against a directory tree that stands in for a cgroup2 mount:
 * the files the manager writes and the values it writes there. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"

static char root[64];

static void put(const char *rel, const char *value) {
  char p[512];
  snprintf(p, sizeof(p), "%s/%s", root, rel);
  FILE *f = fopen(p, "w");
  cr_assert_not_null(f, "%s", p);
  fputs(value, f);
  fclose(f);
}

static char *get(const char *rel) {
  static char buf[4096];
  char p[512];
  snprintf(p, sizeof(p), "%s/%s", root, rel);
  FILE *f = fopen(p, "r");
  cr_assert_not_null(f, "%s", p);
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

static bool exists(const char *rel) {
  char p[512];
  snprintf(p, sizeof(p), "%s/%s", root, rel);
  return access(p, F_OK) == 0;
}

static const char *const leaf_files[] = {
    "memory.max", "memory.swap.max", "memory.low", "cpu.weight", "cpu.max.burst", "cpu.idle",
    "cpuset.cpus", "cpuset.mems", "pids.max", "io.weight", "io.max", "hugetlb.2MB.max",
    "cgroup.procs", "cgroup.freeze", "memory.high", "rdma.max"};

static void setup(void) {
  snprintf(root, sizeof(root), "/tmp/ctrun-cg2-XXXXXX");
  cr_assert_not_null(mkdtemp(root));
  put("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma\n");
  put("cgroup.subtree_control", "");
  char p[512];
  snprintf(p, sizeof(p), "%s/ctr", root);
  cr_assert_eq(mkdir(p, 0755), 0);
  for (size_t i = 0; i < sizeof(leaf_files) / sizeof(*leaf_files); i++) {
    snprintf(p, sizeof(p), "ctr/%s", leaf_files[i]);
    put(p, "");
  }
  put("ctr/cpu.max", "max 100000\n");
  put("ctr/cgroup.events", "populated 1\nfrozen 1\n");
  put("ctr/memory.events", "low 0\nhigh 0\nmax 7\noom 2\noom_kill 3\n");
  put("ctr/memory.current", "1048576\n");
  put("ctr/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\nnr_throttled 1\nthrottled_usec 20\n");
  put("ctr/pids.current", "2\n");
  put("ctr/io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
}

static void teardown(void) {
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
  cr_assert_eq(system(cmd), 0);
}

static struct cgroup_manager *manager(void) {
  struct cgroup_manager *m = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_manager_new(root, "v2", &m, &err), 0, "%s", err ? err->message : "");
  cr_assert(cgroup_manager_is_v2(m));
  return m;
}

static struct cgroup *cgroup_at(struct cgroup_manager *m, const char *path) {
  struct cgroup *cg = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_new(m, path, "id1", &cg, &err), 0, "%s", err ? err->message : "");
  return cg;
}

TestSuite(cgroup_v2, .init = setup, .fini = teardown);

Test(cgroup_v2, resources_are_converted_and_written) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  spec_resources res = {0};
  res.memory.present = true;
  res.memory.limit = (opt_i64){1 << 30, true};
  res.memory.swap = (opt_i64){3LL << 29, true};
  res.memory.reservation = (opt_i64){1 << 29, true};
  res.memory.swappiness = (opt_u64){10, true}; /* no v2 knob: ignored */
  res.cpu.present = true;
  res.cpu.shares = (opt_u64){1024, true};
  res.cpu.quota = (opt_i64){50000, true};
  res.cpu.burst = (opt_u64){1000, true};
  res.cpu.idle = (opt_i64){1, true};
  res.cpu.cpus = "0-1";
  res.cpu.mems = "0";
  res.pids_present = true;
  res.pids_limit = (opt_i64){42, true};
  res.blkio.present = true;
  res.blkio.weight = (opt_u64){500, true};
  spec_throttle_device t = {8, 0, 1048576};
  res.blkio.throttle_write_iops = (spec_throttle_list){&t, 1, true};
  spec_hugepage_limit hp = {"2MB", 4194304};
  res.hugepage_limits = &hp;
  res.n_hugepage_limits = 1;
  spec_rdma rd = {"mlx5_1", {3, true}, {0, false}};
  res.rdma = &rd;
  res.n_rdma = 1;
  kv_t u = {"memory.high", "123456789"};
  res.unified = (kvlist_t){&u, 1, true};
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("ctr/memory.max"), "1073741824");
  cr_assert_str_eq(get("ctr/memory.swap.max"), "536870912");
  cr_assert_str_eq(get("ctr/memory.low"), "536870912");
  cr_assert_str_eq(get("ctr/cpu.weight"), "39");
  cr_assert_str_eq(get("ctr/cpu.max"), "50000 100000");
  cr_assert_str_eq(get("ctr/cpu.max.burst"), "1000");
  cr_assert_str_eq(get("ctr/cpu.idle"), "1");
  cr_assert_str_eq(get("ctr/cpuset.cpus"), "0-1");
  cr_assert_str_eq(get("ctr/cpuset.mems"), "0");
  cr_assert_str_eq(get("ctr/pids.max"), "42");
  cr_assert_str_eq(get("ctr/io.weight"), "default 4950");
  cr_assert_str_eq(get("ctr/io.max"), "8:0 wiops=1048576");
  cr_assert_str_eq(get("ctr/hugetlb.2MB.max"), "4194304");
  cr_assert_str_eq(get("ctr/rdma.max"), "mlx5_1 hca_handle=3 hca_object=max");
  cr_assert_str_eq(get("ctr/memory.high"), "123456789");
  /* the parent was asked to delegate its controllers (one write each; the
   * stand-in file keeps the last) */
  cr_assert_str_eq(get("cgroup.subtree_control"), "+rdma");
  /* a pre-existing cgroup is not removed */
  cr_assert_eq(cgroup_destroy(cg, &err), 0);
  cr_assert(exists("ctr/memory.max"));
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, bfq_weight_is_taken_as_is) {
  put("ctr/io.bfq.weight", "");
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  spec_resources res = {0};
  res.blkio.present = true;
  res.blkio.weight = (opt_u64){500, true};
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("ctr/io.bfq.weight"), "500");
  cr_assert_str_eq(get("ctr/io.weight"), "");
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, update_keeps_the_period_and_checks_usage) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, NULL, &err), 0, "%s", err ? err->message : "");
  put("ctr/cpu.max", "max 250000\n");
  spec_resources res = {0};
  res.cpu.present = true;
  res.cpu.quota = (opt_i64){20000, true};
  cr_assert_eq(cgroup_update(cg, &res, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("ctr/cpu.max"), "20000 250000");
  spec_resources mem = {0};
  mem.memory.present = true;
  mem.memory.limit = (opt_i64){4096, true}; /* memory.current is 1 MiB */
  mem.memory.check_before_update = (opt_bool){true, true};
  cr_assert_eq(cgroup_update(cg, &mem, &err), -EBUSY);
  cr_assert_not_null(strstr(err->message, "current usage"), "%s", err->message);
  error_freep(&err);
  cr_assert_str_eq(get("ctr/memory.max"), "");
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, unified_key_that_does_not_exist_is_named) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  spec_resources res = {0};
  kv_t u = {"memory.nosuchknob", "1"};
  res.unified = (kvlist_t){&u, 1, true};
  ctrun_error *err = NULL;
  cr_assert_lt(cgroup_create(cg, &res, &err), 0);
  cr_assert_not_null(strstr(err->message, "memory.nosuchknob"), "%s", err->message);
  error_freep(&err);
  kv_t esc = {"../cgroup.procs", "1"};
  res.unified = (kvlist_t){&esc, 1, true};
  cr_assert_eq(cgroup_create(cg, &res, &err), -EINVAL);
  error_freep(&err);
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, v2_refuses_what_it_cannot_do) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  spec_resources res = {0};
  res.cpu.present = true;
  res.cpu.realtime_runtime = (opt_i64){1000, true};
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), -ENOTSUP);
  cr_assert_not_null(strstr(err->message, "realtimeRuntime"), "%s", err->message);
  error_freep(&err);
  spec_resources net = {0};
  net.network.present = true;
  net.network.class_id = (opt_u64){1, true};
  cr_assert_eq(cgroup_create(cg, &net, &err), -ENOTSUP);
  cr_assert_not_null(strstr(err->message, "network"), "%s", err->message);
  error_freep(&err);
  spec_resources hp = {0};
  spec_hugepage_limit bad = {"3MB", 1};
  hp.hugepage_limits = &bad;
  hp.n_hugepage_limits = 1;
  cr_assert_eq(cgroup_create(cg, &hp, &err), -EINVAL);
  cr_assert_not_null(strstr(err->message, "3MB"), "%s", err->message);
  error_freep(&err);
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, existing_cgroup_with_processes_is_refused) {
  put("ctr/cgroup.procs", "4242\n");
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, NULL, &err), -EBUSY);
  cr_assert_not_null(strstr(err->message, "holds processes"), "%s", err->message);
  error_freep(&err);
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, created_dirs_are_recorded_and_removed_failure_leaves_nothing) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "new/sub"); /* relative: own cgroup of the test in cgroup2 */
  ctrun_error *err = NULL;
  char *rec = NULL;
  cr_assert_eq(cgroup_record(cg, &rec, &err), 0);
  /* before create: the plan (what is missing now) */
  cr_assert_not_null(strstr(rec, "ctrun-cgroup 1\n"), "%s", rec);
  char own_new[512];
  snprintf(own_new, sizeof(own_new), "%s%s", root, cgroup_path(cg));
  *strrchr(own_new, '/') = '\0';
  cr_assert_not_null(strstr(rec, own_new), "%s", rec);
  free(rec);
  /* a resource whose file the new (empty) directory lacks: fails, and
   * the directories made on the way are gone */
  spec_resources res = {0};
  res.pids_present = true;
  res.pids_limit = (opt_i64){5, true};
  cr_assert_lt(cgroup_create(cg, &res, &err), 0);
  cr_assert_not_null(strstr(err->message, "pids.max"), "%s", err->message);
  error_freep(&err);
  cr_assert_eq(access(own_new, F_OK), -1);
  /* no resources: created; devices only load the program (fake root) */
  cr_assert_eq(cgroup_create(cg, NULL, &err), 0, "%s", err ? err->message : "");
  char leaf[512];
  snprintf(leaf, sizeof(leaf), "%s%s", root, cgroup_path(cg));
  cr_assert_eq(access(leaf, F_OK), 0);
  cr_assert_eq(cgroup_record(cg, &rec, &err), 0);
  struct cgroup *back = NULL;
  cr_assert_eq(cgroup_from_record(m, rec, &back, &err), 0, "%s", err ? err->message : "");
  free(rec);
  cr_assert_str_eq(cgroup_path(back), cgroup_path(cg));
  cr_assert_eq(cgroup_destroy(back, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq(access(leaf, F_OK), -1);
  cr_assert_eq(access(own_new, F_OK), -1);
  cgroup_free(back);
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v2, record_outside_the_hierarchies_is_refused) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_from_record(m, "ctrun-cgroup 1\npath\t/x\ndir\t/etc/x\t/etc\n", &cg, &err), -EINVAL);
  error_freep(&err);
  char rec[512];
  snprintf(rec, sizeof(rec), "ctrun-cgroup 1\npath\t/x\ndir\t%s/x\t%s\n", root, root);
  cr_assert_eq(cgroup_from_record(m, rec, &cg, &err), -EINVAL, "the root itself is never removed");
  error_freep(&err);
  cr_assert_eq(cgroup_from_record(m, "garbage", &cg, &err), -EINVAL);
  error_freep(&err);
  cgroup_manager_free(m);
}

Test(cgroup_v2, freeze_oom_stats) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "/ctr");
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, NULL, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq(cgroup_freeze(cg, true, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("ctr/cgroup.freeze"), "1");
  put("ctr/cgroup.events", "populated 1\nfrozen 0\n");
  cr_assert_eq(cgroup_freeze(cg, false, &err), 0);
  cr_assert_str_eq(get("ctr/cgroup.freeze"), "0");
  uint64_t kills = 0;
  cr_assert_eq(cgroup_oom_kills(cg, &kills, &err), 0);
  cr_assert_eq(kills, 3);
  int fd = -1;
  cr_assert_eq(cgroup_oom_fd(cg, &fd, &err), 0);
  put("ctr/memory.events", "oom_kill 4\n");
  char buf[4096];
  cr_assert_gt(read(fd, buf, sizeof(buf)), 0, "inotify saw memory.events change");
  close(fd);
  struct cgroup_stats st;
  cr_assert_eq(cgroup_stats(cg, &st, &err), 0);
  cr_assert(st.has_cpu && st.has_memory && st.has_pids && st.has_blkio);
  cr_assert_eq(st.cpu_total, 1500000);
  cr_assert_eq(st.cpu_user, 1000000);
  cr_assert_eq(st.mem_usage, 1048576);
  cr_assert_eq(st.pids_current, 2);
  cr_assert_eq(st.n_blkio_bytes, 2);
  cr_assert_str_eq(st.blkio_bytes[1].op, "Write");
  cr_assert_eq(st.blkio_bytes[1].value, 8192);
  cgroup_stats_clear(&st);
  pid_t *pids = NULL;
  size_t n = 0;
  put("ctr/cgroup.procs", "10\n11\n");
  cr_assert_eq(cgroup_pids(cg, &pids, &n, &err), 0);
  cr_assert_eq(n, 2);
  cr_assert_eq(pids[1], 11);
  free(pids);
  cgroup_free(cg);
  cgroup_manager_free(m);
}
