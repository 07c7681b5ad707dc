/* cgroup v1: one hierarchy per controller (or co-mounted group).  On a
 * hybrid host the cgroup2 mount is used for placement, for the controllers
 * that only it has (hugetlb here) and for linux.resources.unified. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

#define HUGEPAGES_SYSFS "/sys/kernel/mm/hugepages"

static bool has_controller(const struct cgroup_hier *h, const char *ctrl) {
  if (h->unified)
    return false;
  size_t l = strlen(ctrl);
  for (const char *s = h->controllers; s && *s;) {
    const char *comma = strchr(s, ',');
    size_t n = comma ? (size_t)(comma - s) : strlen(s);
    if (n == l && strncmp(s, ctrl, l) == 0)
      return true;
    s = comma ? comma + 1 : NULL;
  }
  return false;
}

/* A container is placed in every hierarchy engines read or rely on,
 * whatever its limits, as runc and crun place it: freezer (pause, resume,
 * ps, kill --all, the paused status), devices (device access is always
 * controlled), memory, pids, cpu, cpuacct, cpuset, blkio and name=systemd
 * (podman and containerd read their stats, and check the placement, for
 * any container).  hugetlb, net_cls, net_prio and rdma only when the config
 * sets them: `update` joins them later when it needs them (cgroup_join).  A
 * container with a cgroup namespace joins them all (cgroup_join_all). */
static bool v1_wants(const struct cgroup_manager *m, const struct cgroup_hier *h,
                     const spec_resources *res) {
  static const char *const always[] = {"freezer", "devices", "memory", "pids",        "cpu",
                                       "cpuacct", "cpuset",  "blkio",  "name=systemd"};
  if (h->unified)
    return true; /* hybrid: where the container is placed */
  for (size_t i = 0; i < ARRAY_SIZE(always); i++)
    if (has_controller(h, always[i]))
      return true;
  if (res == NULL)
    return false;
  if (has_controller(h, "hugetlb") && res->n_hugepage_limits > 0)
    return true;
  if ((has_controller(h, "net_cls") || has_controller(h, "net_prio")) && res->network.present)
    return true;
  if (has_controller(h, "rdma") && res->n_rdma > 0)
    return true;
  return false;
}

static const char *dir_of(const struct cgroup *cg, const char *ctrl) {
  for (size_t i = 0; i < cg->n; i++)
    if (cg->d[i].hier >= 0 && has_controller(&cg->m->h[cg->d[i].hier], ctrl))
      return cg->d[i].dir;
  return NULL;
}

static const char *unified_dir(const struct cgroup *cg) {
  for (size_t i = 0; i < cg->n; i++)
    if (cg->d[i].hier >= 0 && cg->m->h[cg->d[i].hier].unified)
      return cg->d[i].dir;
  return NULL;
}

static int v1_prepare_dir(struct cgroup *cg, struct cgroup_dir *d, const char *dir,
                          const char *parent, bool created, const spec_resources *res,
                          ctrun_error **err) {
  const struct cgroup_hier *h = &cg->m->h[d->hier];
  if (!has_controller(h, "cpuset"))
    return 0;
  /* a new cpuset is empty, and no process can join an empty cpuset.  Not
   * only when this call made the directory: a concurrent create may have
   * made it and not filled it yet (as runc, fill any empty one on the way) */
  static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
  for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
    _cleanup_free_ char *cur = NULL, *up = NULL;
    int r = cg_read(dir, files[i], &cur, err);
    if (r == 0 && *cur == '\0') {
      r = cg_read(parent, files[i], &up, err);
      if (r == 0)
        r = cg_write(dir, files[i], up, err);
    }
    if (r < 0)
      return r;
  }
  return 0;
}

static int need(const struct cgroup *cg, const char *ctrl, const char *field, const char **ret,
                ctrun_error **err) {
  *ret = dir_of(cg, ctrl);
  if (*ret == NULL)
    return error_set(err, ENOENT, "%s: the %s controller is not mounted (cgroup v1)", field, ctrl);
  return 0;
}

static int write_i64(const char *dir, const char *file, int64_t v, ctrun_error **err) {
  return cg_writef(dir, file, err, "%" PRId64, v);
}

static int apply_memory(const struct cgroup *cg, const spec_memory *mem, bool update,
                        ctrun_error **err) {
  const char *dir;
  int r = need(cg, "memory", "linux.resources.memory", &dir, err);
  if (r < 0)
    return r;
  if (update && mem->check_before_update.set && mem->check_before_update.value &&
      mem->limit.set && mem->limit.value > 0) {
    uint64_t usage = 0;
    r = cg_read_u64(dir, "memory.usage_in_bytes", &usage, err);
    if (r < 0)
      return r;
    if (usage > (uint64_t)mem->limit.value)
      return error_set(err, EBUSY,
                       "linux.resources.memory.limit: %" PRId64 " is below the current usage %" PRIu64,
                       mem->limit.value, usage);
  }
  bool memsw = cg_exists(dir, "memory.memsw.limit_in_bytes");
  if (mem->limit.set) {
    r = write_i64(dir, "memory.limit_in_bytes", mem->limit.value, err);
    if (r == -EINVAL && mem->swap.set && memsw) {
      /* memory+swap must stay >= memory: when both grow, swap goes first */
      error_freep(err);
      r = write_i64(dir, "memory.memsw.limit_in_bytes", mem->swap.value, err);
      if (r == 0)
        r = write_i64(dir, "memory.limit_in_bytes", mem->limit.value, err);
    }
    if (r < 0)
      return error_prefix(err, r, "linux.resources.memory.limit");
  }
  /* without swap accounting there is no memory+swap knob to set */
  if (mem->swap.set && memsw) {
    r = write_i64(dir, "memory.memsw.limit_in_bytes", mem->swap.value, err);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.memory.swap");
  }
  if (mem->reservation.set && (r = write_i64(dir, "memory.soft_limit_in_bytes", mem->reservation.value, err)) < 0)
    return error_prefix(err, r, "linux.resources.memory.reservation");
  /* memory.kernel is deprecated (runtime-spec 1.1) and the kernel refuses
   * memory.kmem.limit_in_bytes since 5.16: not set. */
  if (mem->kernel_tcp.set &&
      (r = write_i64(dir, "memory.kmem.tcp.limit_in_bytes", mem->kernel_tcp.value, err)) < 0)
    return error_prefix(err, r, "linux.resources.memory.kernelTCP");
  if (mem->swappiness.set) {
    if (mem->swappiness.value > 100)
      return error_set(err, EINVAL, "linux.resources.memory.swappiness: %" PRIu64 " is above 100",
                       mem->swappiness.value);
    if ((r = cg_writef(dir, "memory.swappiness", err, "%" PRIu64, mem->swappiness.value)) < 0)
      return error_prefix(err, r, "linux.resources.memory.swappiness");
  }
  if (mem->disable_oom_killer.set &&
      (r = cg_write(dir, "memory.oom_control", mem->disable_oom_killer.value ? "1" : "0", err)) < 0)
    return error_prefix(err, r, "linux.resources.memory.disableOOMKiller");
  if (mem->use_hierarchy.set) {
    /* recent kernels are always hierarchical and refuse a write of 0 */
    uint64_t cur = 0;
    const char *want = mem->use_hierarchy.value ? "1" : "0";
    if (cg_read_u64(dir, "memory.use_hierarchy", &cur, err) < 0 || cur != (uint64_t)mem->use_hierarchy.value) {
      error_freep(err);
      if ((r = cg_write(dir, "memory.use_hierarchy", want, err)) < 0)
        return error_prefix(err, r, "linux.resources.memory.useHierarchy");
    }
  }
  return 0;
}

/* Two knobs that limit each other (period/quota, rt period/runtime): if
 * the first write is refused, the other order is tried. */
static int write_pair(const char *dir, const char *f1, const char *v1, const char *f2,
                      const char *v2, ctrun_error **err) {
  int r = v1 ? cg_write(dir, f1, v1, err) : 0;
  if (r == -EINVAL && v2) {
    error_freep(err);
    r = cg_write(dir, f2, v2, err);
    if (r == 0)
      r = cg_write(dir, f1, v1, err);
    return r;
  }
  if (r == 0 && v2)
    r = cg_write(dir, f2, v2, err);
  return r;
}

/* The realtime budget of a cgroup comes out of its parent's: the
 * directories this runtime created on the way get the same budget. */
static int rt_budget_ancestors(const struct cgroup *cg, const char *dir, const char *period,
                               const char *runtime, ctrun_error **err) {
  for (size_t i = 0; i < cg->n; i++) {
    const struct cgroup_dir *d = &cg->d[i];
    if (d->dir != dir || d->created_top == NULL)
      continue;
    _cleanup_free_ char *p = strdup(d->dir);
    if (p == NULL)
      return error_set(err, ENOMEM, "cgroup");
    size_t top = strlen(d->created_top);
    /* from created_top down to the parent of dir */
    for (char *s = p + top; (s = strchr(s, '/')) != NULL; s++) {
      *s = '\0';
      int r = write_pair(p, "cpu.rt_period_us", period, "cpu.rt_runtime_us", runtime, err);
      *s = '/';
      if (r < 0)
        return r;
    }
    if (strcmp(d->created_top, d->dir) != 0) {
      int r = write_pair(d->created_top, "cpu.rt_period_us", period, "cpu.rt_runtime_us", runtime, err);
      if (r < 0)
        return r;
    }
  }
  return 0;
}

static int apply_cpu(const struct cgroup *cg, const spec_cpu *cpu, ctrun_error **err) {
  const char *dir;
  int r;
  bool cpu_knobs = cpu->shares.set || cpu->quota.set || cpu->period.set || cpu->burst.set ||
                   cpu->realtime_runtime.set || cpu->realtime_period.set || cpu->idle.set;
  if (cpu_knobs) {
    if ((r = need(cg, "cpu", "linux.resources.cpu", &dir, err)) < 0)
      return r;
    if (cpu->shares.set && (r = cg_writef(dir, "cpu.shares", err, "%" PRIu64, cpu->shares.value)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.shares");
    char period[32], quota[32];
    snprintf(period, sizeof(period), "%" PRIu64, cpu->period.value);
    snprintf(quota, sizeof(quota), "%" PRId64, cpu->quota.value);
    if ((cpu->period.set || cpu->quota.set) &&
        (r = write_pair(dir, "cpu.cfs_period_us", cpu->period.set ? period : NULL, "cpu.cfs_quota_us",
                        cpu->quota.set ? quota : NULL, err)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.quota/period");
    if (cpu->burst.set && (r = cg_writef(dir, "cpu.cfs_burst_us", err, "%" PRIu64, cpu->burst.value)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.burst");
    if (cpu->realtime_runtime.set || cpu->realtime_period.set) {
      char rp[32], rr[32];
      snprintf(rp, sizeof(rp), "%" PRIu64, cpu->realtime_period.value);
      snprintf(rr, sizeof(rr), "%" PRId64, cpu->realtime_runtime.value);
      const char *vp = cpu->realtime_period.set ? rp : NULL, *vr = cpu->realtime_runtime.set ? rr : NULL;
      r = rt_budget_ancestors(cg, dir, vp, vr, err);
      if (r == 0)
        r = write_pair(dir, "cpu.rt_period_us", vp, "cpu.rt_runtime_us", vr, err);
      if (r < 0)
        return error_prefix(err, r, "linux.resources.cpu.realtimeRuntime/realtimePeriod");
    }
    if (cpu->idle.set && (r = write_i64(dir, "cpu.idle", cpu->idle.value, err)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.idle");
  }
  if (cpu->cpus || cpu->mems) {
    if ((r = need(cg, "cpuset", "linux.resources.cpu.cpus/mems", &dir, err)) < 0)
      return r;
    if (cpu->cpus && (r = cg_write(dir, "cpuset.cpus", cpu->cpus, err)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.cpus");
    if (cpu->mems && (r = cg_write(dir, "cpuset.mems", cpu->mems, err)) < 0)
      return error_prefix(err, r, "linux.resources.cpu.mems");
  }
  return 0;
}

static int write_throttle(const char *dir, const char *file, const spec_throttle_list *l,
                          const char *field, ctrun_error **err) {
  for (size_t i = 0; i < l->n; i++) {
    int r = cg_writef(dir, file, err, "%" PRId64 ":%" PRId64 " %" PRIu64, l->items[i].major,
                      l->items[i].minor, l->items[i].rate);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.blockIO.%s[%zu]", field, i);
  }
  return 0;
}

static int apply_blkio(const struct cgroup *cg, const spec_blkio *b, ctrun_error **err) {
  const char *dir;
  int r = need(cg, "blkio", "linux.resources.blockIO", &dir, err);
  if (r < 0)
    return r;
  /* CFQ's blkio.weight, or BFQ's blkio.bfq.weight on kernels without CFQ */
  const char *wfile = cg_exists(dir, "blkio.weight") ? "blkio.weight" : "blkio.bfq.weight";
  const char *wdfile = cg_exists(dir, "blkio.weight_device") ? "blkio.weight_device" : "blkio.bfq.weight_device";
  if (b->weight.set) {
    if (!cg_exists(dir, wfile))
      return error_set(err, ENOTSUP, "linux.resources.blockIO.weight: the kernel has no blkio.weight nor blkio.bfq.weight");
    if ((r = cg_writef(dir, wfile, err, "%" PRIu64, b->weight.value)) < 0)
      return error_prefix(err, r, "linux.resources.blockIO.weight");
  }
  if (b->leaf_weight.set) {
    if (!cg_exists(dir, "blkio.leaf_weight"))
      return error_set(err, ENOTSUP, "linux.resources.blockIO.leafWeight: the kernel has no blkio.leaf_weight");
    if ((r = cg_writef(dir, "blkio.leaf_weight", err, "%" PRIu64, b->leaf_weight.value)) < 0)
      return error_prefix(err, r, "linux.resources.blockIO.leafWeight");
  }
  for (size_t i = 0; i < b->n_weight_device; i++) {
    const spec_weight_device *w = &b->weight_device[i];
    if (w->weight.set) {
      if (!cg_exists(dir, wdfile))
        return error_set(err, ENOTSUP, "linux.resources.blockIO.weightDevice: the kernel has no blkio.weight_device");
      if ((r = cg_writef(dir, wdfile, err, "%" PRId64 ":%" PRId64 " %" PRIu64, w->major, w->minor, w->weight.value)) < 0)
        return error_prefix(err, r, "linux.resources.blockIO.weightDevice[%zu]", i);
    }
    if (w->leaf_weight.set) {
      if (!cg_exists(dir, "blkio.leaf_weight_device"))
        return error_set(err, ENOTSUP, "linux.resources.blockIO.weightDevice[%zu].leafWeight: the kernel has no blkio.leaf_weight_device", i);
      if ((r = cg_writef(dir, "blkio.leaf_weight_device", err, "%" PRId64 ":%" PRId64 " %" PRIu64, w->major,
                         w->minor, w->leaf_weight.value)) < 0)
        return error_prefix(err, r, "linux.resources.blockIO.weightDevice[%zu].leafWeight", i);
    }
  }
  if ((r = write_throttle(dir, "blkio.throttle.read_bps_device", &b->throttle_read_bps, "throttleReadBpsDevice", err)) < 0 ||
      (r = write_throttle(dir, "blkio.throttle.write_bps_device", &b->throttle_write_bps, "throttleWriteBpsDevice", err)) < 0 ||
      (r = write_throttle(dir, "blkio.throttle.read_iops_device", &b->throttle_read_iops, "throttleReadIOPSDevice", err)) < 0 ||
      (r = write_throttle(dir, "blkio.throttle.write_iops_device", &b->throttle_write_iops, "throttleWriteIOPSDevice", err)) < 0)
    return r;
  return 0;
}

static int apply_hugetlb(const struct cgroup *cg, const spec_resources *res, ctrun_error **err) {
  for (size_t i = 0; i < res->n_hugepage_limits; i++) {
    const spec_hugepage_limit *l = &res->hugepage_limits[i];
    int r = cgroup_check_hugepage_size(HUGEPAGES_SYSFS, l->page_size, err);
    if (r < 0)
      return r;
    char file[64];
    const char *dir = dir_of(cg, "hugetlb");
    if (dir) {
      snprintf(file, sizeof(file), "hugetlb.%s.limit_in_bytes", l->page_size);
    } else if ((dir = unified_dir(cg)) != NULL) {
      /* hybrid host with hugetlb on the cgroup2 side */
      snprintf(file, sizeof(file), "hugetlb.%s.max", l->page_size);
      if (!cg_exists(dir, file))
        return error_set(err, ENOTSUP,
                         "linux.resources.hugepageLimits: hugetlb is only on cgroup2 here and is not enabled for %s",
                         dir);
    } else {
      return error_set(err, ENOENT, "linux.resources.hugepageLimits: no hugetlb controller");
    }
    if ((r = cg_writef(dir, file, err, "%" PRIu64, l->limit)) < 0)
      return error_prefix(err, r, "linux.resources.hugepageLimits[%zu]", i);
  }
  return 0;
}

static int apply_network(const struct cgroup *cg, const spec_network *net, ctrun_error **err) {
  const char *dir;
  int r;
  if (net->class_id.set) {
    if ((r = need(cg, "net_cls", "linux.resources.network.classID", &dir, err)) < 0)
      return r;
    if ((r = cg_writef(dir, "net_cls.classid", err, "%" PRIu64, net->class_id.value)) < 0)
      return error_prefix(err, r, "linux.resources.network.classID");
  }
  for (size_t i = 0; i < net->n_priorities; i++) {
    if ((r = need(cg, "net_prio", "linux.resources.network.priorities", &dir, err)) < 0)
      return r;
    if ((r = cg_writef(dir, "net_prio.ifpriomap", err, "%s %u", net->priorities[i].name,
                       net->priorities[i].priority)) < 0)
      return error_prefix(err, r, "linux.resources.network.priorities[%zu]", i);
  }
  return 0;
}

int cgroup_write_rdma(const char *dir, const spec_resources *res, ctrun_error **err) {
  for (size_t i = 0; i < res->n_rdma; i++) {
    const spec_rdma *d = &res->rdma[i];
    char h[32] = "max", o[32] = "max";
    if (d->hca_handles.set)
      snprintf(h, sizeof(h), "%" PRIu64, d->hca_handles.value);
    if (d->hca_objects.set)
      snprintf(o, sizeof(o), "%" PRIu64, d->hca_objects.value);
    int r = cg_writef(dir, "rdma.max", err, "%s hca_handle=%s hca_object=%s", d->device, h, o);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.rdma[%s]", d->device);
  }
  return 0;
}

int cgroup_write_unified(const char *dir, const kvlist_t *u, ctrun_error **err) {
  for (size_t i = 0; i < u->n; i++) {
    const char *key = u->items[i].key;
    if (*key == '\0' || strchr(key, '/') || key[0] == '.')
      return error_set(err, EINVAL, "linux.resources.unified: '%s' is not a cgroup file name", key);
    if (!cg_exists(dir, key))
      return error_set(err, ENOENT,
                       "linux.resources.unified: %s: no such cgroup file in %s (unknown key or controller not enabled)",
                       key, dir);
    int r = cg_write(dir, key, u->items[i].value, err);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.unified.%s", key);
  }
  return 0;
}

static int apply_devices(const struct cgroup *cg, const spec_resources *res, ctrun_error **err) {
  const char *dir = dir_of(cg, "devices");
  if (dir == NULL) {
    if (res && res->n_devices > 0)
      return error_set(err, ENOENT, "linux.resources.devices: the devices controller is not mounted");
    return 0;
  }
  /* deny all, the config's rules, then the defaults every container
   * needs (after the config's rules, as runc appends them) */
  int r = cg_write(dir, "devices.deny", "a", err);
  char line[128];
  for (size_t i = 0; r == 0 && res && i < res->n_devices; i++) {
    const spec_device_rule *d = &res->devices[i];
    r = cgroup_device_rule_line(d, line, sizeof(line), err);
    if (r == 0)
      r = cg_write(dir, d->allow ? "devices.allow" : "devices.deny", line, err);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.devices[%zu]", i);
  }
  for (size_t i = 0; r == 0 && i < cgroup_n_default_devices; i++) {
    r = cgroup_device_rule_line(&cgroup_default_devices[i], line, sizeof(line), err);
    if (r == 0)
      r = cg_write(dir, "devices.allow", line, err);
  }
  return r;
}

static int v1_apply(struct cgroup *cg, const spec_resources *res, bool update, ctrun_error **err) {
  int r;
  if (!update || (res && res->devices_present))
    if ((r = apply_devices(cg, res, err)) < 0)
      return r;
  if (res == NULL)
    return 0;
  if (res->memory.present && (r = apply_memory(cg, &res->memory, update, err)) < 0)
    return r;
  if (res->cpu.present && (r = apply_cpu(cg, &res->cpu, err)) < 0)
    return r;
  if (res->pids_present) {
    const char *dir;
    if ((r = need(cg, "pids", "linux.resources.pids", &dir, err)) < 0)
      return r;
    r = res->pids_limit.value > 0 ? write_i64(dir, "pids.max", res->pids_limit.value, err)
                                  : cg_write(dir, "pids.max", "max", err);
    if (r < 0)
      return error_prefix(err, r, "linux.resources.pids.limit");
  }
  if (res->blkio.present && (r = apply_blkio(cg, &res->blkio, err)) < 0)
    return r;
  if ((r = apply_hugetlb(cg, res, err)) < 0)
    return r;
  if (res->network.present && (r = apply_network(cg, &res->network, err)) < 0)
    return r;
  if (res->n_rdma > 0) {
    const char *dir;
    if ((r = need(cg, "rdma", "linux.resources.rdma", &dir, err)) < 0 ||
        (r = cgroup_write_rdma(dir, res, err)) < 0)
      return r;
  }
  if (res->unified.n > 0) {
    const char *dir = unified_dir(cg);
    if (dir == NULL)
      return error_set(err, ENOTSUP, "linux.resources.unified: this host has no cgroup2 hierarchy (cgroup v1)");
    if ((r = cgroup_write_unified(dir, &res->unified, err)) < 0)
      return r;
  }
  return 0;
}

static int v1_freeze(struct cgroup *cg, bool frozen, ctrun_error **err) {
  const char *dir = dir_of(cg, "freezer");
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: the freezer controller is not mounted", cg->path);
  const char *want = frozen ? "FROZEN" : "THAWED";
  /* FREEZING until every task stopped; writing again nudges stragglers */
  for (int i = 0; i < 1000; i++) {
    int r = cg_write(dir, "freezer.state", want, err);
    if (r < 0)
      return r;
    _cleanup_free_ char *state = NULL;
    if ((r = cg_read(dir, "freezer.state", &state, err)) < 0)
      return r;
    if (strcmp(state, want) == 0)
      return 0;
    cg_sleep_ms(i < 10 ? 1 : 10);
  }
  if (frozen) {
    ctrun_error *ignored = NULL;
    if (cg_write(dir, "freezer.state", "THAWED", &ignored) < 0)
      error_free(ignored);
  }
  return error_set(err, ETIMEDOUT, "cgroup %s: the freezer did not reach %s", cg->path, want);
}

static int v1_is_frozen(struct cgroup *cg, bool *ret, ctrun_error **err) {
  const char *dir = dir_of(cg, "freezer");
  if (dir == NULL) {
    *ret = false;
    return 0;
  }
  /* one read: the file is one short line (state and list ask it of every
   * live container) */
  _cleanup_free_ char *p = path_join(dir, "freezer.state");
  if (p == NULL)
    return error_set(err, ENOMEM, "freezer.state");
  _cleanup_close_ int fd = open(p, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "open %s", p);
  char state[32];
  ssize_t n;
  while ((n = read(fd, state, sizeof(state) - 1)) < 0 && errno == EINTR)
    ;
  if (n < 0)
    return error_set(err, errno, "read %s", p);
  state[n] = '\0';
  /* FREEZING counts as frozen: some tasks already are */
  *ret = strncmp(state, "THAWED", 6) != 0;
  return 0;
}

static uint64_t read_or_zero(const char *dir, const char *file) {
  uint64_t v = 0;
  ctrun_error *e = NULL;
  if (cg_read_u64(dir, file, &v, &e) < 0) {
    error_free(e);
    return 0;
  }
  return v;
}

static uint64_t keyed_or_zero(const char *dir, const char *file, const char *key) {
  uint64_t v = 0;
  ctrun_error *e = NULL;
  if (cg_read_keyed(dir, file, key, &v, &e) < 0) {
    error_free(e);
    return 0;
  }
  return v;
}

/* "8:0 Read 4096" lines of blkio.throttle.* */
static int parse_blkio(const char *dir, const char *file, struct cgroup_blkio_entry **ret, size_t *ret_n) {
  _cleanup_free_ char *s = NULL;
  ctrun_error *e = NULL;
  if (cg_read(dir, file, &s, &e) < 0) {
    error_free(e);
    return 0;
  }
  for (char *save = NULL, *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    struct cgroup_blkio_entry ent = {0};
    unsigned long long maj, min, val;
    if (sscanf(line, "%llu:%llu %15s %llu", &maj, &min, ent.op, &val) != 4)
      continue;
    ent.major = maj;
    ent.minor = min;
    ent.value = val;
    struct cgroup_blkio_entry *nv = realloc(*ret, (*ret_n + 1) * sizeof(*nv));
    if (nv == NULL)
      return -ENOMEM;
    *ret = nv;
    (*ret)[(*ret_n)++] = ent;
  }
  return 0;
}

static int v1_stats(struct cgroup *cg, struct cgroup_stats *st, ctrun_error **err) {
  const char *dir;
  long hz = sysconf(_SC_CLK_TCK);
  if ((dir = dir_of(cg, "cpuacct")) != NULL) {
    st->has_cpu = true;
    st->cpu_total = read_or_zero(dir, "cpuacct.usage");
    st->cpu_user = keyed_or_zero(dir, "cpuacct.stat", "user") * (1000000000ULL / (uint64_t)(hz > 0 ? hz : 100));
    st->cpu_kernel = keyed_or_zero(dir, "cpuacct.stat", "system") * (1000000000ULL / (uint64_t)(hz > 0 ? hz : 100));
    _cleanup_free_ char *percpu = NULL;
    ctrun_error *e = NULL;
    if (cg_read(dir, "cpuacct.usage_percpu", &percpu, &e) == 0) {
      for (char *save = NULL, *t = strtok_r(percpu, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        uint64_t *nv = realloc(st->cpu_percpu, (st->n_cpu_percpu + 1) * sizeof(*nv));
        if (nv == NULL)
          return error_set(err, ENOMEM, "cgroup stats");
        st->cpu_percpu = nv;
        st->cpu_percpu[st->n_cpu_percpu++] = strtoull(t, NULL, 10);
      }
    } else {
      error_free(e);
    }
  }
  if ((dir = dir_of(cg, "cpu")) != NULL) {
    st->cpu_periods = keyed_or_zero(dir, "cpu.stat", "nr_periods");
    st->cpu_throttled_periods = keyed_or_zero(dir, "cpu.stat", "nr_throttled");
    st->cpu_throttled_time = keyed_or_zero(dir, "cpu.stat", "throttled_time");
  }
  if ((dir = dir_of(cg, "memory")) != NULL) {
    st->has_memory = true;
    st->mem_usage = read_or_zero(dir, "memory.usage_in_bytes");
    st->mem_limit = read_or_zero(dir, "memory.limit_in_bytes");
    st->mem_max = read_or_zero(dir, "memory.max_usage_in_bytes");
    st->mem_failcnt = read_or_zero(dir, "memory.failcnt");
    st->swap_usage = read_or_zero(dir, "memory.memsw.usage_in_bytes");
    st->swap_limit = read_or_zero(dir, "memory.memsw.limit_in_bytes");
    st->mem_cache = keyed_or_zero(dir, "memory.stat", "total_cache");
    st->mem_rss = keyed_or_zero(dir, "memory.stat", "total_rss");
  }
  if ((dir = dir_of(cg, "pids")) != NULL) {
    st->has_pids = true;
    st->pids_current = read_or_zero(dir, "pids.current");
    st->pids_limit = read_or_zero(dir, "pids.max");
    if (st->pids_limit == UINT64_MAX)
      st->pids_limit = 0;
  }
  if ((dir = dir_of(cg, "blkio")) != NULL) {
    st->has_blkio = true;
    if (parse_blkio(dir, "blkio.throttle.io_service_bytes_recursive", &st->blkio_bytes, &st->n_blkio_bytes) < 0 ||
        parse_blkio(dir, "blkio.throttle.io_serviced_recursive", &st->blkio_ios, &st->n_blkio_ios) < 0)
      return error_set(err, ENOMEM, "cgroup stats");
  }
  if ((dir = dir_of(cg, "hugetlb")) != NULL &&
      cgroup_hugetlb_stats_read(dir, "usage_in_bytes", "max_usage_in_bytes", "failcnt", st) < 0)
    return error_set(err, ENOMEM, "cgroup stats");
  return 0;
}

static int v1_oom_kills(struct cgroup *cg, uint64_t *ret, ctrun_error **err) {
  const char *dir = dir_of(cg, "memory");
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: the memory controller is not mounted", cg->path);
  return cg_read_keyed(dir, "memory.oom_control", "oom_kill", ret, err);
}

static int v1_oom_fd(struct cgroup *cg, int *ret_fd, ctrun_error **err) {
  const char *dir = dir_of(cg, "memory");
  if (dir == NULL)
    return error_set(err, ENOENT, "cgroup %s: the memory controller is not mounted", cg->path);
  _cleanup_free_ char *oc = path_join(dir, "memory.oom_control");
  if (oc == NULL)
    return error_set(err, ENOMEM, "cgroup oom");
  _cleanup_close_ int ocfd = open(oc, O_RDONLY | O_CLOEXEC);
  if (ocfd < 0)
    return error_set(err, errno, "open %s", oc);
  _cleanup_close_ int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (efd < 0)
    return error_set(err, errno, "eventfd");
  /* the kernel keeps the registration for as long as the eventfd lives */
  int r = cg_writef(dir, "cgroup.event_control", err, "%d %d", efd, ocfd);
  if (r < 0)
    return r;
  *ret_fd = TAKE_FD(efd);
  return 0;
}

const struct cgroup_ops cgroup_v1_ops = {
    .wants = v1_wants,
    .prepare_dir = v1_prepare_dir,
    .apply = v1_apply,
    .freeze = v1_freeze,
    .is_frozen = v1_is_frozen,
    .stats = v1_stats,
    .oom_kills = v1_oom_kills,
    .oom_fd = v1_oom_fd,
};
