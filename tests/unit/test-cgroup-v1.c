/* cgroup v1 for real on this host, always nested under the test's own
 * cgroup (relative cgroupsPath "ctrun-test-<pid>/..."), removed at the end. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"

static char base[64];
static pid_t child = -1;

static bool have_v1(void) {
  struct statfs s;
  return geteuid() == 0 && statfs("/sys/fs/cgroup/memory", &s) == 0 && s.f_type == CGROUP_SUPER_MAGIC;
}

/* <mount>/<own cgroup in that hierarchy>/<rel> */
static char *host_dir(const char *ctrl, const char *rel) {
  static char out[1024];
  FILE *f = fopen("/proc/self/cgroup", "r");
  cr_assert_not_null(f);
  char text[4096];
  size_t n = fread(text, 1, sizeof(text) - 1, f);
  fclose(f);
  text[n] = '\0';
  char *own = cgroup_own_from_proc(text, strcmp(ctrl, "unified") == 0 ? "" : ctrl, strcmp(ctrl, "unified") == 0);
  snprintf(out, sizeof(out), "/sys/fs/cgroup/%s%s%s/%s", ctrl, strcmp(own, "/") == 0 ? "" : own, "", rel);
  free(own);
  return out;
}

static char *get(const char *ctrl, const char *rel, const char *file) {
  static char buf[8192];
  char p[1200];
  snprintf(p, sizeof(p), "%s/%s", host_dir(ctrl, rel), file);
  FILE *f = fopen(p, "r");
  cr_assert_not_null(f, "%s: %s", p, strerror(errno));
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  while (n > 0 && buf[n - 1] == '\n')
    n--;
  buf[n] = '\0';
  return buf;
}

static bool dir_exists(const char *ctrl, const char *rel) {
  return access(host_dir(ctrl, rel), F_OK) == 0;
}

static const char *const hierarchies[] = {"cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
                                          "blkio", "pids", "systemd", "unified"};

static void setup(void) {
  if (!have_v1())
    cr_skip_test("needs root and cgroup v1 controllers");
  snprintf(base, sizeof(base), "ctrun-test-%d", (int)getpid());
}

static void teardown(void) {
  if (child > 0) {
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    child = -1;
  }
  if (base[0] == '\0')
    return;
  for (size_t i = 0; i < sizeof(hierarchies) / sizeof(*hierarchies); i++) {
    char cmd[1400];
    const char *d = host_dir(hierarchies[i], base);
    if (access(d, F_OK) != 0)
      continue;
    snprintf(cmd, sizeof(cmd), "find '%s' -depth -type d -exec rmdir {} + 2>/dev/null", d);
    if (system(cmd) != 0 || access(d, F_OK) == 0)
      fprintf(stderr, "teardown: could not remove %s\n", d);
  }
}

TestSuite(cgroup_v1, .init = setup, .fini = teardown);

static int go_pipe[2] = {-1, -1};

/* A child that waits for a byte on go_pipe, then touches 4 MiB (charged
 * to the cgroup it is in by then) and sleeps. */
static pid_t spawn_sleeper(void) {
  if (go_pipe[0] < 0)
    cr_assert_eq(pipe(go_pipe), 0);
  pid_t p = fork();
  cr_assert_geq(p, 0);
  if (p == 0) {
    char c;
    if (read(go_pipe[0], &c, 1) == 1) {
      /* volatile: the compiler must not drop the stores */
      volatile char *mem = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem != MAP_FAILED)
        for (size_t i = 0; i < (4 << 20); i += 4096)
          mem[i] = 1;
    }
    for (;;)
      pause();
  }
  return p;
}

static struct cgroup_manager *manager(void) {
  struct cgroup_manager *m = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_manager_new(NULL, "auto", &m, &err), 0, "%s", err ? err->message : "");
  cr_assert_not(cgroup_manager_is_v2(m));
  cr_assert(m->hybrid, "this host has cgroup2 at /sys/fs/cgroup/unified");
  return m;
}

static struct cgroup *cgroup_at(struct cgroup_manager *m, const char *sub) {
  char rel[256];
  snprintf(rel, sizeof(rel), "%s/%s", base, sub);
  struct cgroup *cg = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_new(m, rel, "id", &cg, &err), 0, "%s", err ? err->message : "");
  return cg;
}

static void disk(long *maj, long *min) {
  FILE *f = fopen("/sys/block/vda/dev", "r");
  if (f == NULL || fscanf(f, "%ld:%ld", maj, min) != 2)
    cr_skip_test("no /sys/block/vda");
  fclose(f);
}

static bool in_cgroup(pid_t pid, const char *ctrl_field, const char *suffix) {
  char p[64], line[1024];
  snprintf(p, sizeof(p), "/proc/%d/cgroup", (int)pid);
  FILE *f = fopen(p, "r");
  cr_assert_not_null(f);
  bool found = false;
  while (fgets(line, sizeof(line), f)) {
    line[strcspn(line, "\n")] = '\0';
    char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c2 == NULL)
      continue;
    *c2 = '\0';
    size_t l = strlen(c2 + 1), s = strlen(suffix);
    if (strcmp(c1 + 1, ctrl_field) == 0 && l >= s && strcmp(c2 + 1 + l - s, suffix) == 0)
      found = true;
  }
  fclose(f);
  return found;
}

Test(cgroup_v1, create_enter_update_freeze_kill_destroy) {
  long maj, min;
  disk(&maj, &min);
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "c1");
  char rel[128];
  snprintf(rel, sizeof(rel), "%s/c1", base);

  spec_resources res = {0};
  res.memory.present = true;
  res.memory.limit = (opt_i64){50593792, true};
  res.memory.reservation = (opt_i64){50593792, true};
  res.memory.swap = (opt_i64){50593792, true};
  res.memory.kernel = (opt_i64){50593792, true}; /* deprecated: not set */
  res.memory.kernel_tcp = (opt_i64){50593792, true};
  res.memory.swappiness = (opt_u64){50, true};
  res.memory.disable_oom_killer = (opt_bool){true, true};
  res.memory.use_hierarchy = (opt_bool){true, true};
  res.cpu.present = true;
  res.cpu.shares = (opt_u64){2048, true};
  res.cpu.period = (opt_u64){500000, true};
  res.cpu.quota = (opt_i64){200000, true};
  res.cpu.burst = (opt_u64){1000, true};
  res.cpu.cpus = "0";
  res.cpu.mems = "0";
  res.pids_present = true;
  res.pids_limit = (opt_i64){1000, true};
  res.blkio.present = true;
  spec_throttle_device t = {maj, min, 102400};
  res.blkio.throttle_read_bps = (spec_throttle_list){&t, 1, true};
  res.blkio.throttle_write_iops = (spec_throttle_list){&t, 1, true};
  spec_device_rule rules[] = {
      {.allow = false, .access = "rwm"},
      {.allow = true, .type = "c", .major = {10, true}, .minor = {229, true}, .access = "rwm"},
      {.allow = true, .type = "b", .major = {8, true}, .minor = {20, true}, .access = "rw"},
  };
  res.devices = rules;
  res.n_devices = 3;
  res.devices_present = true;

  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("memory", rel, "memory.limit_in_bytes"), "50593792");
  cr_assert_str_eq(get("memory", rel, "memory.soft_limit_in_bytes"), "50593792");
  cr_assert_str_eq(get("memory", rel, "memory.memsw.limit_in_bytes"), "50593792");
  cr_assert_str_eq(get("memory", rel, "memory.kmem.tcp.limit_in_bytes"), "50593792");
  cr_assert_str_eq(get("memory", rel, "memory.swappiness"), "50");
  cr_assert_not_null(strstr(get("memory", rel, "memory.oom_control"), "oom_kill_disable 1"));
  cr_assert_str_eq(get("cpu", rel, "cpu.shares"), "2048");
  cr_assert_str_eq(get("cpu", rel, "cpu.cfs_period_us"), "500000");
  cr_assert_str_eq(get("cpu", rel, "cpu.cfs_quota_us"), "200000");
  cr_assert_str_eq(get("cpu", rel, "cpu.cfs_burst_us"), "1000");
  cr_assert_str_eq(get("cpuset", rel, "cpuset.cpus"), "0");
  cr_assert_str_eq(get("pids", rel, "pids.max"), "1000");
  char line[64];
  snprintf(line, sizeof(line), "%ld:%ld 102400", maj, min);
  cr_assert_str_eq(get("blkio", rel, "blkio.throttle.read_bps_device"), line);
  cr_assert_str_eq(get("blkio", rel, "blkio.throttle.write_iops_device"), line);
  const char *list = get("devices", rel, "devices.list");
  cr_assert_not_null(strstr(list, "c 10:229 rwm"), "%s", list);
  cr_assert_not_null(strstr(list, "b 8:20 rw"), "%s", list);
  cr_assert_not_null(strstr(list, "c 1:3 rwm"), "default /dev/null: %s", list);
  cr_assert_null(strstr(list, "a *:* rwm"), "%s", list);
  /* an intermediate cpuset made on the way got cpus and mems */
  cr_assert_neq(strlen(get("cpuset", base, "cpuset.cpus")), 0);

  child = spawn_sleeper();
  cr_assert_eq(cgroup_enter(cg, child, &err), 0, "%s", err ? err->message : "");
  char suffix[160];
  snprintf(suffix, sizeof(suffix), "/%s", rel);
  const char *fields[] = {"memory", "pids", "cpu", "cpuacct", "cpuset", "devices", "freezer", "blkio", ""};
  for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
    cr_assert(in_cgroup(child, fields[i], suffix), "child in %s cgroup %s", fields[i], suffix);

  cr_assert_eq(write(go_pipe[1], "x", 1), 1);
  for (int i = 0; i < 200 && strcmp(get("memory", rel, "memory.usage_in_bytes"), "0") == 0; i++)
    usleep(10000);
  pid_t *pids = NULL;
  size_t n = 0;
  cr_assert_eq(cgroup_pids(cg, &pids, &n, &err), 0);
  cr_assert_eq(n, 1);
  cr_assert_eq(pids[0], child);
  free(pids);

  cr_assert_eq(cgroup_freeze(cg, true, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("freezer", rel, "freezer.state"), "FROZEN");
  cr_assert_eq(cgroup_freeze(cg, false, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("freezer", rel, "freezer.state"), "THAWED");

  /* update: raising limit and swap together needs swap first */
  spec_resources up = {0};
  up.memory.present = true;
  up.memory.limit = (opt_i64){151781376, true};
  up.memory.swap = (opt_i64){151781376, true};
  up.pids_present = true;
  up.pids_limit = (opt_i64){-1, true};
  cr_assert_eq(cgroup_update(cg, &up, &err), 0, "%s", err ? err->message : "");
  cr_assert_str_eq(get("memory", rel, "memory.limit_in_bytes"), "151781376");
  cr_assert_str_eq(get("memory", rel, "memory.memsw.limit_in_bytes"), "151781376");
  cr_assert_str_eq(get("pids", rel, "pids.max"), "max");

  struct cgroup_stats st;
  cr_assert_eq(cgroup_stats(cg, &st, &err), 0);
  cr_assert(st.has_memory && st.has_pids && st.has_cpu);
  cr_assert_eq(st.pids_current, 1);
  cr_assert_eq(st.mem_limit, 151781376);
  cr_assert_gt(st.mem_usage, 0);
  cgroup_stats_clear(&st);

  cr_assert_eq(cgroup_kill_all(cg, SIGKILL, &err), 0, "%s", err ? err->message : "");
  int status;
  cr_assert_eq(waitpid(child, &status, 0), child);
  child = -1;
  cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  char *rec = NULL;
  cr_assert_eq(cgroup_record(cg, &rec, &err), 0);
  cgroup_free(cg);
  /* delete in another process: only the record is left */
  struct cgroup *back = NULL;
  cr_assert_eq(cgroup_from_record(m, rec, &back, &err), 0, "%s", err ? err->message : "");
  free(rec);
  cr_assert_eq(cgroup_destroy(back, &err), 0, "%s", err ? err->message : "");
  cgroup_free(back);
  for (size_t i = 0; i < sizeof(hierarchies) / sizeof(*hierarchies); i++)
    cr_assert_not(dir_exists(hierarchies[i], base), "%s/%s removed", hierarchies[i], base);
  cgroup_manager_free(m);
}

Test(cgroup_v1, only_used_hierarchies_get_a_directory) {
  struct cgroup_manager *m = manager();
  bool has_hugetlb_v1 = false;
  for (size_t i = 0; i < m->n; i++)
    if (strcmp(m->h[i].controllers, "hugetlb") == 0)
      has_hugetlb_v1 = true;
  struct cgroup *cg = cgroup_at(m, "c2");
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, NULL, &err), 0, "%s", err ? err->message : "");
  /* the hierarchies engines read or check, whatever the resources */
  const char *always[] = {"freezer", "devices", "memory", "pids", "cpu", "cpuset", "blkio"};
  for (size_t i = 0; i < sizeof(always) / sizeof(*always); i++)
    cr_assert(dir_exists(always[i], base), "%s always", always[i]);
  cr_assert(dir_exists("unified", base), "hybrid: placed in cgroup2 too");
  if (has_hugetlb_v1)
    cr_assert_not(dir_exists("hugetlb", base));
  cr_assert_eq(cgroup_destroy(cg, &err), 0);
  cr_assert_not(dir_exists("freezer", base));
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v1, existing_cgroup_with_processes_is_refused_and_precreated_is_kept) {
  struct cgroup_manager *m = manager();
  char rel[128];
  snprintf(rel, sizeof(rel), "%s/busy", base);
  cr_assert_eq(mkdir(host_dir("freezer", base), 0755), 0);
  cr_assert_eq(mkdir(host_dir("freezer", rel), 0755), 0);
  child = spawn_sleeper();
  char p[1200];
  snprintf(p, sizeof(p), "%s/cgroup.procs", host_dir("freezer", rel));
  FILE *f = fopen(p, "w");
  cr_assert_not_null(f);
  fprintf(f, "%d", (int)child);
  cr_assert_eq(fclose(f), 0);

  struct cgroup *cg = cgroup_at(m, "busy");
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, NULL, &err), -EBUSY);
  cr_assert_not_null(strstr(err->message, "holds processes"), "%s", err->message);
  error_freep(&err);
  cr_assert_not(dir_exists("devices", base), "nothing left behind");
  cgroup_free(cg);

  /* an empty pre-existing cgroup is used, and kept by destroy */
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  child = -1;
  for (int i = 0; i < 100 && strlen(get("freezer", rel, "cgroup.procs")) > 0; i++)
    usleep(10000);
  cg = cgroup_at(m, "busy");
  cr_assert_eq(cgroup_create(cg, NULL, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq(cgroup_destroy(cg, &err), 0, "%s", err ? err->message : "");
  cr_assert(dir_exists("freezer", rel), "pre-existing cgroup kept");
  cr_assert_not(dir_exists("devices", base), "created one removed");
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v1, realtime_budget_goes_through_created_parents) {
  struct cgroup_manager *m = manager();
  if (access("/sys/fs/cgroup/cpu/cpu.rt_runtime_us", F_OK) != 0)
    cr_skip_test("no CONFIG_RT_GROUP_SCHED");
  struct cgroup *cg = cgroup_at(m, "rt/leaf");
  spec_resources res = {0};
  res.cpu.present = true;
  res.cpu.realtime_period = (opt_u64){1000000, true};
  res.cpu.realtime_runtime = (opt_i64){10000, true};
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), 0, "%s", err ? err->message : "");
  char rel[128];
  snprintf(rel, sizeof(rel), "%s/rt/leaf", base);
  cr_assert_str_eq(get("cpu", rel, "cpu.rt_runtime_us"), "10000");
  cr_assert_str_eq(get("cpu", base, "cpu.rt_runtime_us"), "10000");
  cr_assert_eq(cgroup_destroy(cg, &err), 0);
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v1, bad_values_fail_clearly_and_leave_nothing) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "bad");
  spec_resources res = {0};
  spec_hugepage_limit hp = {"3MB", 1};
  res.hugepage_limits = &hp;
  res.n_hugepage_limits = 1;
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), -EINVAL);
  cr_assert_not_null(strstr(err->message, "3MB"), "%s", err->message);
  error_freep(&err);
  cr_assert_not(dir_exists("memory", base));
  spec_resources sw = {0};
  sw.memory.present = true;
  sw.memory.swappiness = (opt_u64){101, true};
  cr_assert_eq(cgroup_create(cg, &sw, &err), -EINVAL);
  cr_assert_not_null(strstr(err->message, "swappiness"), "%s", err->message);
  error_freep(&err);
  cr_assert_not(dir_exists("memory", base));
  cgroup_free(cg);
  cgroup_manager_free(m);
}

Test(cgroup_v1, oom_kill_is_counted_and_signalled, .timeout = 30) {
  struct cgroup_manager *m = manager();
  struct cgroup *cg = cgroup_at(m, "oom");
  spec_resources res = {0};
  res.memory.present = true;
  res.memory.limit = (opt_i64){16 << 20, true};
  res.memory.swap = (opt_i64){16 << 20, true};
  ctrun_error *err = NULL;
  cr_assert_eq(cgroup_create(cg, &res, &err), 0, "%s", err ? err->message : "");
  int efd = -1;
  cr_assert_eq(cgroup_oom_fd(cg, &efd, &err), 0, "%s", err ? err->message : "");
  uint64_t before = 99;
  cr_assert_eq(cgroup_oom_kills(cg, &before, &err), 0);
  cr_assert_eq(before, 0);
  int go[2];
  cr_assert_eq(pipe(go), 0);
  child = fork();
  cr_assert_geq(child, 0);
  if (child == 0) {
    char c;
    if (read(go[0], &c, 1) != 1)
      _exit(2);
    size_t len = 64 << 20;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      _exit(3);
    for (size_t i = 0; i < len; i += 4096)
      p[i] = 1;
    _exit(0);
  }
  cr_assert_eq(cgroup_enter(cg, child, &err), 0, "%s", err ? err->message : "");
  cr_assert_eq(write(go[1], "x", 1), 1);
  int status;
  cr_assert_eq(waitpid(child, &status, 0), child);
  child = -1;
  cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %#x", status);
  uint64_t after = 0;
  cr_assert_eq(cgroup_oom_kills(cg, &after, &err), 0);
  cr_assert_geq(after, 1);
  struct pollfd pfd = {efd, POLLIN, 0};
  cr_assert_eq(poll(&pfd, 1, 2000), 1, "the eventfd fired");
  uint64_t v;
  cr_assert_eq(read(efd, &v, sizeof(v)), (ssize_t)sizeof(v));
  close(efd);
  close(go[0]);
  close(go[1]);
  cr_assert_eq(cgroup_destroy(cg, &err), 0, "%s", err ? err->message : "");
  cgroup_free(cg);
  cgroup_manager_free(m);
}
