/* Shared between cgroup.c and its v1/v2 implementations; not for other
 * modules (they use cgroup.h). */
#ifndef CTRUN_RUNTIME_CGROUP_INTERNAL_H
#define CTRUN_RUNTIME_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "runtime/cgroup.h"
#include "spec/error.h"
#include "spec/model.h"

/* One mounted hierarchy: a v1 controller mount (possibly co-mounted, e.g.
 * "cpu,cpuacct", or named, "name=systemd") or the cgroup2 mount. */
struct cgroup_hier {
  char *mount;        /* directory where it is mounted */
  char *controllers;  /* comma-separated as in /proc/self/cgroup; "" for cgroup2 */
  bool unified;       /* cgroup2 */
  char *own;          /* the runtime's own cgroup in it ("/" when unknown) */
};

struct cgroup_ops;

struct cgroup_manager {
  char *root;
  bool v2;     /* pure cgroup2 host */
  bool hybrid; /* v1 controllers plus a cgroup2 mount (used for placement) */
  bool fake;   /* root is not a real cgroup filesystem (tests): no eBPF attach */
  bool shared; /* cgroup_manager_shared(): never freed */
  struct cgroup_hier *h;
  size_t n;
  const struct cgroup_ops *ops;
};

/* The cgroup of a container in one hierarchy. */
struct cgroup_dir {
  ssize_t hier;      /* index in m->h, -1 when read from a record that no longer matches */
  char *dir;         /* absolute directory */
  char *created_top; /* topmost directory this runtime created (NULL: none) */
  bool planned;      /* created_top is a plan (record before create), not a fact */
  /* a hierarchy the container is not in (its resources do not use it):
   * hier is -1, spare_hier its index, dir where it would be (cgroup_join) */
  bool spare;
  size_t spare_hier;
};

struct cgroup {
  struct cgroup_manager *m;
  char *path; /* path inside the unified hierarchy (or the first v1 one) */
  struct cgroup_dir *d;
  size_t n;
  bool created;
  bool all; /* cgroup_join_all */
};

struct cgroup_ops {
  /* Which hierarchies a container with these resources is placed in. */
  bool (*wants)(const struct cgroup_manager *m, const struct cgroup_hier *h,
                const spec_resources *res);
  /* Prepares a freshly made directory (v1 cpuset: copy cpus/mems; v2:
   * enable controllers in the parent). */
  int (*prepare_dir)(struct cgroup *cg, struct cgroup_dir *d, const char *dir,
                     const char *parent, bool created, const spec_resources *res,
                     ctrun_error **err);
  int (*apply)(struct cgroup *cg, const spec_resources *res, bool update, ctrun_error **err);
  int (*freeze)(struct cgroup *cg, bool frozen, ctrun_error **err);
  int (*is_frozen)(struct cgroup *cg, bool *ret, ctrun_error **err);
  int (*stats)(struct cgroup *cg, struct cgroup_stats *st, ctrun_error **err);
  int (*oom_kills)(struct cgroup *cg, uint64_t *ret, ctrun_error **err);
  int (*oom_fd)(struct cgroup *cg, int *ret_fd, ctrun_error **err);
};

extern const struct cgroup_ops cgroup_v1_ops;
extern const struct cgroup_ops cgroup_v2_ops;

/* ---- cgroup-util.c ---- */
/* Writes value to dir/name (O_WRONLY|O_TRUNC, never O_CREAT: a cgroup file
 * that does not exist means the kernel has no such knob). */
int cg_write(const char *dir, const char *name, const char *value, ctrun_error **err);
int cg_writef(const char *dir, const char *name, ctrun_error **err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reads dir/name into a malloc'd string without the trailing newline. */
int cg_read(const char *dir, const char *name, char **ret, ctrun_error **err);
int cg_read_u64(const char *dir, const char *name, uint64_t *ret, ctrun_error **err);
bool cg_exists(const char *dir, const char *name);
/* "key value" lines (memory.stat, cgroup.events ...): the value of key. */
int cg_read_keyed(const char *dir, const char *name, const char *key, uint64_t *ret,
                  ctrun_error **err);
/* The pids of dir/cgroup.procs (recursive: also of descendant cgroups). */
int cg_read_pids(const char *dir, bool recursive, pid_t **ret, size_t *ret_n, ctrun_error **err);
/* Removes dir and every directory below it, leaf first; retries while the
 * kernel still reports it busy (exiting processes). */
int cg_rmdir_tree(const char *dir, ctrun_error **err);
char *path_join(const char *a, const char *b);
/* Sleeps ms milliseconds (polling loops). */
void cg_sleep_ms(unsigned ms);

/* ---- cgroup-path.c ---- */
/* cgroupsPath -> a path inside a hierarchy, given the caller's own cgroup
 * there.  Pure (no filesystem access). */
int cgroup_resolve_path(const char *cgroups_path, const char *id, const char *own,
                        char **ret, ctrun_error **err);
/* The systemd "slice:prefix:name" form mapped to a cgroupfs path; returns 0
 * and *ret NULL when cgroups_path is not of that form. */
int cgroup_systemd_path(const char *cgroups_path, char **ret, ctrun_error **err);
/* The runtime's own cgroup in the hierarchy with these controllers ("" for
 * cgroup2), from the text of /proc/self/cgroup. */
char *cgroup_own_from_proc(const char *proc_cgroup, const char *controllers, bool unified);

/* ---- cgroup-convert.c ---- */
uint64_t cgroup_shares_to_weight(uint64_t shares);
uint64_t cgroup_blkio_to_io_weight(uint64_t weight);
/* memory.swap.max from the OCI swap (memory+swap) and limit; "max" or a number. */
int cgroup_swap_to_v2(const spec_memory *mem, char *buf, size_t len, ctrun_error **err);
/* "2MB" -> checks the kernel supports it (under sysfs_dir, normally
 * /sys/kernel/mm/hugepages). */
int cgroup_check_hugepage_size(const char *sysfs_dir, const char *page_size, ctrun_error **err);
/* One v1 device rule line: "c 1:3 rwm", "a *:* rwm". */
int cgroup_device_rule_line(const spec_device_rule *r, char *buf, size_t len, ctrun_error **err);
/* The devices every container gets (null, zero, full, random, urandom,
 * tty, console, ptmx, pts, mknod of anything): deny-all, the config's
 * rules, then these (runc's order). */
extern const spec_device_rule cgroup_default_devices[];
extern const size_t cgroup_n_default_devices;
/* cpu.max value merging quota/period with the current cpu.max ("max 100000"). */
int cgroup_cpu_max(const spec_cpu *cpu, const char *current, char *buf, size_t len);

/* Writers shared by v1 (hybrid) and v2. */
int cgroup_write_rdma(const char *dir, const spec_resources *res, ctrun_error **err);
/* linux.resources.unified: each key is a file of dir, written as given. */
int cgroup_write_unified(const char *dir, const kvlist_t *u, ctrun_error **err);
/* Fills st->hugetlb for every page size of the kernel from
 * hugetlb.<size>.<usage|max|failcnt> files of dir; -ENOMEM on failure only. */
int cgroup_hugetlb_stats_read(const char *dir, const char *usage, const char *max,
                              const char *failcnt, struct cgroup_stats *st);

/* ---- cgroup-bpf.c ---- */
/* Builds and loads a BPF_PROG_TYPE_CGROUP_DEVICE program implementing the
 * rules (deny by default, the last matching rule wins). */
int cgroup_bpf_devices_load(const spec_device_rule *rules, size_t n, int *ret_fd,
                            ctrun_error **err);
/* Attaches prog_fd to the cgroup at dir (BPF_F_ALLOW_MULTI) and detaches the
 * device programs that were attached there before. */
int cgroup_bpf_devices_attach(const char *dir, int prog_fd, ctrun_error **err);
/* Number of instructions the program for these rules has (tests). */
size_t cgroup_bpf_devices_insns(const spec_device_rule *rules, size_t n);

#endif
