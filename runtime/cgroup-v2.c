/* cgroup v2: one hierarchy; the OCI (v1-shaped) values are converted as
 * runc and crun do (cgroup-convert.c); devices are an eBPF program. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

#define HUGEPAGES_SYSFS "/sys/kernel/mm/hugepages"

static bool v2_wants(const struct cgroup_manager *m, const struct cgroup_hier *h,
                     const spec_resources *res) {
  return true;
}

static const char *dir_of(const struct cgroup *cg) {
  for (size_t i = 0; i < cg->n; i++)
    if (cg->d[i].hier >= 0)
      return cg->d[i].dir;
  return NULL;
}

static bool word_in(const char *list, const char *word) {
  size_t l = strlen(word);
  for (const char *s = list; (s = strstr(s, word)) != NULL; s += l)
    if ((s == list || s[-1] == ' ' || s[-1] == '\n') && (s[l] == '\0' || s[l] == ' ' || s[l] == '\n'))
      return true;
  return false;
}

/* The parent must delegate the controllers to dir.  Every controller the
 * parent has is enabled, one at a time, so that one the kernel refuses
 * (e.g. a threaded subtree) does not stop the others; whether the ones the
 * config needs made it is checked when a value is written. */
static int v2_prepare_dir(struct cgroup *cg, struct cgroup_dir *d, const char *dir,
                          const char *parent, bool created, const spec_resources *res,
                          ctrun_error **err) {
  _cleanup_free_ char *avail = NULL, *enabled = NULL;
  ctrun_error *e = NULL;
  if (cg_read(parent, "cgroup.controllers", &avail, &e) < 0) {
    error_free(e);
    return 0;
  }
  if (cg_read(parent, "cgroup.subtree_control", &enabled, &e) < 0) {
    error_free(e);
    return 0;
  }
  char *save = NULL;
  for (char *c = strtok_r(avail, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
    if (word_in(enabled, c))
      continue;
    char plus[64];
    snprintf(plus, sizeof(plus), "+%s", c);
    if (cg_write(parent, "cgroup.subtree_control", plus, &e) < 0)
      error_freep(&e);
  }
  return 0;
}

static int write_v2(const char *dir, const char *file, const char *value, const char *field,
                    ctrun_error **err) {
  if (!cg_exists(dir, file))
    return error_set(err, ENOTSUP, "%s: %s/%s does not exist (controller not enabled?)", field, dir, file);
  int r = cg_write(dir, file, value, err);
  return r < 0 ? error_prefix(err, r, "%s", field) : 0;
}

static void fmt_limit(char *buf, size_t len, int64_t v) {
  if (v < 0)
    snprintf(buf, len, "max");
  else
    snprintf(buf, len, "%" PRId64, v);
}

static int apply_memory(const char *dir, const spec_memory *mem, bool update, ctrun_error **err) {
  char v[32];
  int r;
  if (update && mem->check_before_update.set && mem->check_before_update.value &&
      mem->limit.set && mem->limit.value > 0) {
    uint64_t cur = 0;
    if ((r = cg_read_u64(dir, "memory.current", &cur, err)) < 0)
      return r;
    if (cur > (uint64_t)mem->limit.value)
      return error_set(err, EBUSY,
                       "linux.resources.memory.limit: %" PRId64 " is below the current usage %" PRIu64,
                       mem->limit.value, cur);
  }
  if (mem->limit.set) {
    fmt_limit(v, sizeof(v), mem->limit.value);
    if ((r = write_v2(dir, "memory.max", v, "linux.resources.memory.limit", err)) < 0)
      return r;
  }
  if (mem->swap.set) {
    if ((r = cgroup_swap_to_v2(mem, v, sizeof(v), err)) < 0 ||
        (r = write_v2(dir, "memory.swap.max", v, "linux.resources.memory.swap", err)) < 0)
      return r;
  }
  if (mem->reservation.set) {
    fmt_limit(v, sizeof(v), mem->reservation.value);
    if ((r = write_v2(dir, "memory.low", v, "linux.resources.memory.reservation", err)) < 0)
      return r;
  }
  /* No cgroup2 knob for kernel, kernelTCP, swappiness, disableOOMKiller
   * and useHierarchy (always hierarchical): ignored, as runc does. */
  return 0;
}

static int apply_cpu(const char *dir, const spec_cpu *cpu, ctrun_error **err) {
  char v[64];
  int r;
  if (cpu->realtime_runtime.set || cpu->realtime_period.set)
    return error_set(err, ENOTSUP, "linux.resources.cpu.realtimeRuntime/realtimePeriod: not supported on cgroup v2");
  if (cpu->shares.set && cpu->shares.value > 0) {
    snprintf(v, sizeof(v), "%" PRIu64, cgroup_shares_to_weight(cpu->shares.value));
    if ((r = write_v2(dir, "cpu.weight", v, "linux.resources.cpu.shares", err)) < 0)
      return r;
  }
  if (cpu->quota.set || cpu->period.set) {
    _cleanup_free_ char *cur = NULL;
    ctrun_error *e = NULL;
    if (cg_read(dir, "cpu.max", &cur, &e) < 0)
      error_free(e);
    cgroup_cpu_max(cpu, cur, v, sizeof(v));
    if ((r = write_v2(dir, "cpu.max", v, "linux.resources.cpu.quota/period", err)) < 0)
      return r;
  }
  if (cpu->burst.set) {
    snprintf(v, sizeof(v), "%" PRIu64, cpu->burst.value);
    if ((r = write_v2(dir, "cpu.max.burst", v, "linux.resources.cpu.burst", err)) < 0)
      return r;
  }
  if (cpu->idle.set) {
    snprintf(v, sizeof(v), "%" PRId64, cpu->idle.value);
    if ((r = write_v2(dir, "cpu.idle", v, "linux.resources.cpu.idle", err)) < 0)
      return r;
  }
  if (cpu->cpus && (r = write_v2(dir, "cpuset.cpus", cpu->cpus, "linux.resources.cpu.cpus", err)) < 0)
    return r;
  if (cpu->mems && (r = write_v2(dir, "cpuset.mems", cpu->mems, "linux.resources.cpu.mems", err)) < 0)
    return r;
  return 0;
}

static int write_io_max(const char *dir, const spec_throttle_list *l, const char *key,
                        const char *field, ctrun_error **err) {
  for (size_t i = 0; i < l->n; i++) {
    char v[96];
    snprintf(v, sizeof(v), "%" PRId64 ":%" PRId64 " %s=%" PRIu64, l->items[i].major, l->items[i].minor,
             key, l->items[i].rate);
    int r = write_v2(dir, "io.max", v, field, err);
    if (r < 0)
      return error_prefix(err, r, "[%zu]", i);
  }
  return 0;
}

static int apply_io(const char *dir, const spec_blkio *b, ctrun_error **err) {
  int r;
  char v[96];
  /* BFQ takes the blkio range (1-1000) as is; io.weight is 1-10000 */
  bool bfq = cg_exists(dir, "io.bfq.weight");
  if (b->weight.set) {
    if (bfq)
      snprintf(v, sizeof(v), "%" PRIu64, b->weight.value);
    else
      snprintf(v, sizeof(v), "default %" PRIu64, cgroup_blkio_to_io_weight(b->weight.value));
    if ((r = write_v2(dir, bfq ? "io.bfq.weight" : "io.weight", v, "linux.resources.blockIO.weight", err)) < 0)
      return r;
  }
  for (size_t i = 0; i < b->n_weight_device; i++) {
    const spec_weight_device *w = &b->weight_device[i];
    if (!w->weight.set)
      continue; /* leafWeight has no cgroup2 equivalent */
    snprintf(v, sizeof(v), "%" PRId64 ":%" PRId64 " %" PRIu64, w->major, w->minor,
             bfq ? w->weight.value : cgroup_blkio_to_io_weight(w->weight.value));
    if ((r = write_v2(dir, bfq ? "io.bfq.weight" : "io.weight", v, "linux.resources.blockIO.weightDevice", err)) < 0)
      return error_prefix(err, r, "[%zu]", i);
  }
  if ((r = write_io_max(dir, &b->throttle_read_bps, "rbps", "linux.resources.blockIO.throttleReadBpsDevice", err)) < 0 ||
      (r = write_io_max(dir, &b->throttle_write_bps, "wbps", "linux.resources.blockIO.throttleWriteBpsDevice", err)) < 0 ||
      (r = write_io_max(dir, &b->throttle_read_iops, "riops", "linux.resources.blockIO.throttleReadIOPSDevice", err)) < 0 ||
      (r = write_io_max(dir, &b->throttle_write_iops, "wiops", "linux.resources.blockIO.throttleWriteIOPSDevice", err)) < 0)
    return r;
  return 0;
}

static int apply_devices(const struct cgroup *cg, const char *dir, const spec_resources *res,
                         ctrun_error **err) {
  size_t n_user = res ? res->n_devices : 0;
  size_t n = cgroup_n_default_devices + n_user;
  _cleanup_free_ spec_device_rule *rules = calloc(n, sizeof(*rules));
  if (rules == NULL)
    return error_set(err, ENOMEM, "devices");
  /* the config's rules, then the defaults (as runc orders them) */
  char line[128];
  for (size_t i = 0; i < n_user; i++) {
    int r = cgroup_device_rule_line(&res->devices[i], line, sizeof(line), err); /* validates */
    if (r < 0)
      return error_prefix(err, r, "linux.resources.devices[%zu]", i);
    rules[i] = res->devices[i];
  }
  memcpy(rules + n_user, cgroup_default_devices, cgroup_n_default_devices * sizeof(*rules));
  _cleanup_close_ int prog = -1;
  int r = cgroup_bpf_devices_load(rules, n, &prog, err);
  if (r < 0)
    return error_prefix(err, r, "linux.resources.devices");
  /* a directory tree standing in for cgroup2 (tests) cannot take a program;
   * loading it already ran the verifier */
  if (cg->m->fake)
    return 0;
  r = cgroup_bpf_devices_attach(dir, prog, err);
  return r < 0 ? error_prefix(err, r, "linux.resources.devices") : 0;
}

static int v2_apply(struct cgroup *cg, const spec_resources *res, bool update, ctrun_error **err) {
  const char *dir = dir_of(cg);
  int r;
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  if (!update || (res && res->devices_present))
    if ((r = apply_devices(cg, dir, res, err)) < 0)
      return r;
  if (res == NULL)
    return 0;
  if (res->memory.present && (r = apply_memory(dir, &res->memory, update, err)) < 0)
    return r;
  if (res->cpu.present && (r = apply_cpu(dir, &res->cpu, err)) < 0)
    return r;
  if (res->pids_present) {
    char v[32];
    fmt_limit(v, sizeof(v), res->pids_limit.value > 0 ? res->pids_limit.value : -1);
    if ((r = write_v2(dir, "pids.max", v, "linux.resources.pids.limit", err)) < 0)
      return r;
  }
  if (res->blkio.present && (r = apply_io(dir, &res->blkio, err)) < 0)
    return r;
  for (size_t i = 0; i < res->n_hugepage_limits; i++) {
    const spec_hugepage_limit *l = &res->hugepage_limits[i];
    if ((r = cgroup_check_hugepage_size(HUGEPAGES_SYSFS, l->page_size, err)) < 0)
      return r;
    char file[64], v[32];
    snprintf(file, sizeof(file), "hugetlb.%s.max", l->page_size);
    snprintf(v, sizeof(v), "%" PRIu64, l->limit);
    if ((r = write_v2(dir, file, v, "linux.resources.hugepageLimits", err)) < 0)
      return r;
  }
  if (res->network.present && (res->network.class_id.set || res->network.n_priorities > 0))
    return error_set(err, ENOTSUP, "linux.resources.network: net_cls/net_prio do not exist on cgroup v2");
  if (res->n_rdma > 0 && (r = cgroup_write_rdma(dir, res, err)) < 0)
    return r;
  /* last, so that an explicit unified value wins over a converted one */
  if (res->unified.n > 0 && (r = cgroup_write_unified(dir, &res->unified, err)) < 0)
    return r;
  return 0;
}

static int v2_freeze(struct cgroup *cg, bool frozen, ctrun_error **err) {
  const char *dir = dir_of(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  int r = cg_write(dir, "cgroup.freeze", frozen ? "1" : "0", err);
  if (r < 0)
    return r;
  for (int i = 0; i < 1000; i++) {
    uint64_t state = 0;
    if ((r = cg_read_keyed(dir, "cgroup.events", "frozen", &state, err)) < 0)
      return r;
    if ((state != 0) == frozen)
      return 0;
    cg_sleep_ms(i < 10 ? 1 : 10);
  }
  return error_set(err, ETIMEDOUT, "cgroup %s: did not become %s", cg->path, frozen ? "frozen" : "thawed");
}

static int v2_is_frozen(struct cgroup *cg, bool *ret, ctrun_error **err) {
  const char *dir = dir_of(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  /* what was asked (cgroup.freeze), as runc reports paused */
  _cleanup_free_ char *s = NULL;
  int r = cg_read(dir, "cgroup.freeze", &s, err);
  if (r < 0)
    return r;
  bool state = strcmp(s, "1") == 0;
  *ret = state != 0;
  return 0;
}

static uint64_t read_or_zero(const char *dir, const char *file) {
  uint64_t v = 0;
  ctrun_error *e = NULL;
  if (cg_read_u64(dir, file, &v, &e) < 0)
    error_free(e);
  return v;
}

static uint64_t keyed_or_zero(const char *dir, const char *file, const char *key) {
  uint64_t v = 0;
  ctrun_error *e = NULL;
  if (cg_read_keyed(dir, file, key, &v, &e) < 0)
    error_free(e);
  return v;
}

static int add_blkio(struct cgroup_blkio_entry **v, size_t *n, unsigned long long maj,
                     unsigned long long min, const char *op, uint64_t value) {
  struct cgroup_blkio_entry *nv = realloc(*v, (*n + 1) * sizeof(*nv));
  if (nv == NULL)
    return -ENOMEM;
  *v = nv;
  struct cgroup_blkio_entry *e = &nv[(*n)++];
  memset(e, 0, sizeof(*e));
  e->major = maj;
  e->minor = min;
  snprintf(e->op, sizeof(e->op), "%s", op);
  e->value = value;
  return 0;
}

/* io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" */
static int parse_io_stat(const char *dir, struct cgroup_stats *st) {
  _cleanup_free_ char *s = NULL;
  ctrun_error *e = NULL;
  if (cg_read(dir, "io.stat", &s, &e) < 0) {
    error_free(e);
    return 0;
  }
  for (char *save = NULL, *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    unsigned long long maj, min, rb = 0, wb = 0, ri = 0, wi = 0;
    if (sscanf(line, "%llu:%llu", &maj, &min) != 2)
      continue;
    char *p;
    if ((p = strstr(line, "rbytes=")))
      rb = strtoull(p + 7, NULL, 10);
    if ((p = strstr(line, "wbytes=")))
      wb = strtoull(p + 7, NULL, 10);
    if ((p = strstr(line, "rios=")))
      ri = strtoull(p + 5, NULL, 10);
    if ((p = strstr(line, "wios=")))
      wi = strtoull(p + 5, NULL, 10);
    if (add_blkio(&st->blkio_bytes, &st->n_blkio_bytes, maj, min, "Read", rb) < 0 ||
        add_blkio(&st->blkio_bytes, &st->n_blkio_bytes, maj, min, "Write", wb) < 0 ||
        add_blkio(&st->blkio_ios, &st->n_blkio_ios, maj, min, "Read", ri) < 0 ||
        add_blkio(&st->blkio_ios, &st->n_blkio_ios, maj, min, "Write", wi) < 0)
      return -ENOMEM;
  }
  return 0;
}

static int v2_stats(struct cgroup *cg, struct cgroup_stats *st, ctrun_error **err) {
  const char *dir = dir_of(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  if (cg_exists(dir, "cpu.stat")) {
    st->has_cpu = true;
    st->cpu_total = keyed_or_zero(dir, "cpu.stat", "usage_usec") * 1000;
    st->cpu_user = keyed_or_zero(dir, "cpu.stat", "user_usec") * 1000;
    st->cpu_kernel = keyed_or_zero(dir, "cpu.stat", "system_usec") * 1000;
    st->cpu_periods = keyed_or_zero(dir, "cpu.stat", "nr_periods");
    st->cpu_throttled_periods = keyed_or_zero(dir, "cpu.stat", "nr_throttled");
    st->cpu_throttled_time = keyed_or_zero(dir, "cpu.stat", "throttled_usec") * 1000;
  }
  if (cg_exists(dir, "memory.current")) {
    st->has_memory = true;
    st->mem_usage = read_or_zero(dir, "memory.current");
    st->mem_limit = read_or_zero(dir, "memory.max");
    st->mem_max = read_or_zero(dir, "memory.peak");
    st->mem_failcnt = keyed_or_zero(dir, "memory.events", "max");
    st->swap_usage = read_or_zero(dir, "memory.swap.current");
    st->swap_limit = read_or_zero(dir, "memory.swap.max");
    st->mem_cache = keyed_or_zero(dir, "memory.stat", "file");
    st->mem_rss = keyed_or_zero(dir, "memory.stat", "anon");
  }
  if (cg_exists(dir, "pids.current")) {
    st->has_pids = true;
    st->pids_current = read_or_zero(dir, "pids.current");
    st->pids_limit = read_or_zero(dir, "pids.max");
    if (st->pids_limit == UINT64_MAX)
      st->pids_limit = 0;
  }
  if (cg_exists(dir, "io.stat")) {
    st->has_blkio = true;
    if (parse_io_stat(dir, st) < 0)
      return error_set(err, ENOMEM, "cgroup stats");
  }
  if (cgroup_hugetlb_stats_read(dir, "current", "max", "events", st) < 0)
    return error_set(err, ENOMEM, "cgroup stats");
  return 0;
}

static int v2_oom_kills(struct cgroup *cg, uint64_t *ret, ctrun_error **err) {
  const char *dir = dir_of(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  return cg_read_keyed(dir, "memory.events", "oom_kill", ret, err);
}

static int v2_oom_fd(struct cgroup *cg, int *ret_fd, ctrun_error **err) {
  const char *dir = dir_of(cg);
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: not created", cg->path);
  _cleanup_free_ char *p = path_join(dir, "memory.events");
  if (p == NULL)
    return error_set(err, ENOMEM, "cgroup oom");
  _cleanup_close_ int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
  if (fd < 0)
    return error_set(err, errno, "inotify_init1");
  if (inotify_add_watch(fd, p, IN_MODIFY) < 0)
    return error_set(err, errno, "inotify_add_watch %s", p);
  *ret_fd = TAKE_FD(fd);
  return 0;
}

const struct cgroup_ops cgroup_v2_ops = {
    .wants = v2_wants,
    .prepare_dir = v2_prepare_dir,
    .apply = v2_apply,
    .freeze = v2_freeze,
    .is_frozen = v2_is_frozen,
    .stats = v2_stats,
    .oom_kills = v2_oom_kills,
    .oom_fd = v2_oom_fd,
};
