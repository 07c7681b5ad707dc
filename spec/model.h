/* The container model: OCI runtime-spec 1.2 config.json as C structs.
 *
 * One model for every input (config.json, domain XML) and every consumer
 * (runtime, CLI, ABI).  Conventions, so that parse -> serialize -> parse is
 * the identity:
 *   - a string that is absent is NULL;
 *   - an optional scalar is an opt_* with .set;
 *   - an array is (items, n) plus .present where [] and absent differ;
 *   - a JSON object of strings is a kv list, in document order.
 * Enum-like values (namespace types, capability names, seccomp actions...)
 * are kept as the strings of the document; validate.c checks them against
 * the tables in names.h, and the runtime maps them with those tables. */
#ifndef CTRUN_SPEC_MODEL_H
#define CTRUN_SPEC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct { int64_t value; bool set; } opt_i64;
typedef struct { uint64_t value; bool set; } opt_u64;
typedef struct { bool value; bool set; } opt_bool;

typedef struct {
  char **items; /* NULL-terminated when n > 0 */
  size_t n;
  bool present; /* the key was in the document (possibly as []) */
} strv_t;

typedef struct { char *key; char *value; } kv_t;
typedef struct { kv_t *items; size_t n; bool present; } kvlist_t;

/* ---- process ---- */
typedef struct { uint64_t height, width; bool set; } spec_console_size;

typedef struct {
  uint32_t uid, gid;
  opt_u64 umask; /* uint32 in the spec */
  uint32_t *additional_gids;
  size_t n_additional_gids;
  char *username; /* windows */
} spec_user;

typedef struct {
  strv_t bounding, effective, inheritable, permitted, ambient;
  bool present;
} spec_capabilities;

typedef struct { char *type; uint64_t soft, hard; } spec_rlimit;

typedef struct { char *class_; int64_t priority; bool present; } spec_io_priority;

typedef struct {
  char *policy;
  opt_i64 nice, priority;
  strv_t flags;
  opt_u64 runtime, deadline, period;
  bool present;
} spec_scheduler;

typedef struct { char *initial, *final; bool present; } spec_cpu_affinity;

typedef struct {
  opt_bool terminal;
  spec_console_size console_size;
  spec_user user;
  strv_t args;
  char *command_line; /* windows */
  strv_t env;
  char *cwd;
  spec_capabilities capabilities;
  spec_rlimit *rlimits;
  size_t n_rlimits;
  bool rlimits_present;
  opt_bool no_new_privileges;
  char *apparmor_profile;
  opt_i64 oom_score_adj;
  char *selinux_label;
  spec_io_priority io_priority;
  spec_scheduler scheduler;
  spec_cpu_affinity exec_cpu_affinity;
} spec_process;

/* ---- root, mounts, hooks ---- */
typedef struct { char *path; opt_bool readonly; bool present; } spec_root;

typedef struct { uint32_t container_id, host_id, size; } spec_id_mapping;

typedef struct {
  char *destination, *source, *type;
  strv_t options;
  spec_id_mapping *uid_mappings, *gid_mappings;
  size_t n_uid_mappings, n_gid_mappings;
} spec_mount;

typedef struct {
  char *path;
  strv_t args, env;
  opt_i64 timeout; /* seconds, > 0 */
} spec_hook;

typedef struct { spec_hook *items; size_t n; bool present; } spec_hook_list;

typedef struct {
  spec_hook_list prestart, create_runtime, create_container, start_container,
      poststart, poststop;
  bool present;
} spec_hooks;

/* ---- linux ---- */
typedef struct { char *type; char *path; } spec_namespace;

typedef struct { int64_t secs; uint32_t nanosecs; bool set; } spec_time_offset;

typedef struct {
  char *type; /* c, b, u, p */
  char *path;
  int64_t major, minor;
  opt_u64 file_mode; /* uint32 */
  opt_u64 uid, gid;  /* uint32 */
} spec_device;

typedef struct { char *name; char *new_name; /* the "name" member */ } spec_net_device;

typedef struct {
  bool allow;
  char *type; /* a, c, b or NULL */
  opt_i64 major, minor;
  char *access;
} spec_device_rule;

typedef struct {
  opt_i64 limit, reservation, swap, kernel, kernel_tcp;
  opt_u64 swappiness;
  opt_bool disable_oom_killer, use_hierarchy, check_before_update;
  bool present;
} spec_memory;

typedef struct {
  opt_u64 shares;
  opt_i64 quota;
  opt_u64 burst, period;
  opt_i64 realtime_runtime;
  opt_u64 realtime_period;
  char *cpus, *mems;
  opt_i64 idle;
  bool present;
} spec_cpu;

typedef struct { int64_t major, minor; opt_u64 weight, leaf_weight; } spec_weight_device;
typedef struct { int64_t major, minor; uint64_t rate; } spec_throttle_device;
typedef struct { spec_throttle_device *items; size_t n; bool present; } spec_throttle_list;

typedef struct {
  opt_u64 weight, leaf_weight; /* uint16 */
  spec_weight_device *weight_device;
  size_t n_weight_device;
  bool weight_device_present;
  spec_throttle_list throttle_read_bps, throttle_write_bps, throttle_read_iops,
      throttle_write_iops;
  bool present;
} spec_blkio;

typedef struct { char *page_size; uint64_t limit; } spec_hugepage_limit;
typedef struct { char *name; uint32_t priority; } spec_net_priority;
typedef struct {
  opt_u64 class_id; /* uint32 */
  spec_net_priority *priorities;
  size_t n_priorities;
  bool present;
} spec_network;

typedef struct { char *device; opt_u64 hca_handles, hca_objects; } spec_rdma;

typedef struct {
  spec_device_rule *devices;
  size_t n_devices;
  bool devices_present;
  spec_memory memory;
  spec_cpu cpu;
  opt_i64 pids_limit;
  bool pids_present;
  spec_blkio blkio;
  spec_hugepage_limit *hugepage_limits;
  size_t n_hugepage_limits;
  bool hugepage_limits_present;
  spec_network network;
  spec_rdma *rdma;
  size_t n_rdma;
  bool rdma_present;
  kvlist_t unified;
  bool present;
} spec_resources;

typedef struct {
  char *clos_id, *l3_cache_schema, *mem_bw_schema;
  opt_bool enable_cmt, enable_mbm;
  bool present;
} spec_intel_rdt;

typedef struct { uint32_t index; uint64_t value, value_two; bool has_value_two; char *op; } spec_seccomp_arg;

typedef struct {
  strv_t names;
  char *action;
  opt_u64 errno_ret; /* uint32 */
  spec_seccomp_arg *args;
  size_t n_args;
} spec_syscall;

typedef struct {
  char *default_action;
  opt_u64 default_errno_ret;
  strv_t architectures, flags;
  char *listener_path, *listener_metadata;
  spec_syscall *syscalls;
  size_t n_syscalls;
  bool present;
} spec_seccomp;

typedef struct { char *domain; strv_t flags; bool present; } spec_personality;

typedef struct {
  spec_namespace *namespaces;
  size_t n_namespaces;
  bool namespaces_present;
  spec_id_mapping *uid_mappings, *gid_mappings;
  size_t n_uid_mappings, n_gid_mappings;
  spec_time_offset time_monotonic, time_boottime;
  bool time_offsets_present;
  spec_device *devices;
  size_t n_devices;
  bool devices_present;
  spec_net_device *net_devices; /* key = name */
  size_t n_net_devices;
  bool net_devices_present;
  char *cgroups_path;
  spec_resources resources;
  spec_intel_rdt intel_rdt;
  kvlist_t sysctl;
  spec_seccomp seccomp;
  char *rootfs_propagation;
  strv_t masked_paths, readonly_paths;
  char *mount_label;
  spec_personality personality;
  bool present;
} spec_linux;

typedef struct spec_config {
  char *oci_version;
  spec_process *process; /* NULL when absent */
  spec_root root;
  char *hostname, *domainname;
  spec_mount *mounts;
  size_t n_mounts;
  bool mounts_present;
  spec_hooks hooks;
  kvlist_t annotations;
  spec_linux linux_; /* .present false when absent */
} spec_config;

/* ---- the container state (runc's state.json shape) ---- */
typedef struct {
  char *oci_version;
  char *id;
  char *status; /* creating, created, running, stopped, paused */
  int64_t pid;
  char *bundle;
  char *rootfs;
  char *created; /* RFC 3339 */
  char *owner;
  kvlist_t annotations;
} spec_state;

/* ---- lifecycle of model objects ---- */
void spec_config_free(spec_config *c);
void spec_process_free(spec_process *p); /* frees members and p */
void spec_state_free(spec_state *s);

#endif
