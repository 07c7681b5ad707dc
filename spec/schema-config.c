/* The tables: every property of config.json (runtime-spec 1.2, linux and
 * the portable parts), of process.json and of the state document, with
 * where it lives in the model.  Field order is the output order. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "spec/cleanup.h"
#include "spec/schema.h"

#define REQ FIELD_REQUIRED
#define NOP .present_offset = NO_OFFSET, .n_offset = NO_OFFSET

#define STR(k, T, m, fl)                                                                           \
  { .key = k, .kind = F_STRING, .offset = offsetof(T, m), .flags = fl, NOP }
#define BOOL(k, T, m, fl)                                                                          \
  { .key = k, .kind = F_BOOL, .offset = offsetof(T, m), .flags = fl, NOP }
#define OBOOL(k, T, m)                                                                             \
  { .key = k, .kind = F_OPT_BOOL, .offset = offsetof(T, m), NOP }
#define INT(k, T, m, st, lo, hi, fl)                                                               \
  {                                                                                                \
    .key = k, .kind = F_INT, .offset = offsetof(T, m), .flags = fl, .num = st, .min = lo,          \
    .max = hi, NOP                                                                                 \
  }
/* jansson holds integers as int64: that bounds the unsigned 64-bit fields too. */
#define I64(k, T, m, fl) INT(k, T, m, NUM_I64, INT64_MIN, INT64_MAX, fl)
#define U64(k, T, m, fl) INT(k, T, m, NUM_U64, 0, INT64_MAX, fl)
#define U32(k, T, m, fl) INT(k, T, m, NUM_U32, 0, UINT32_MAX, fl)
#define OI64(k, T, m) INT(k, T, m, NUM_OPT_I64, INT64_MIN, INT64_MAX, 0)
#define OI32(k, T, m) INT(k, T, m, NUM_OPT_I64, INT32_MIN, INT32_MAX, 0)
#define OU64(k, T, m) INT(k, T, m, NUM_OPT_U64, 0, INT64_MAX, 0)
#define OU32(k, T, m) INT(k, T, m, NUM_OPT_U64, 0, UINT32_MAX, 0)
#define OU16(k, T, m) INT(k, T, m, NUM_OPT_U64, 0, UINT16_MAX, 0)
#define STRV(k, T, m, fl)                                                                          \
  { .key = k, .kind = F_STRV, .offset = offsetof(T, m), .flags = fl, NOP }
#define KV(k, T, m)                                                                                \
  { .key = k, .kind = F_KV, .offset = offsetof(T, m), NOP }
#define U32V(k, T, m, nm)                                                                          \
  {                                                                                                \
    .key = k, .kind = F_U32V, .offset = offsetof(T, m), .n_offset = offsetof(T, nm),               \
    .present_offset = NO_OFFSET                                                                    \
  }
#define OBJ(k, T, m, d)                                                                            \
  { .key = k, .kind = F_OBJECT, .offset = offsetof(T, m), .sub = &d, NOP }
/* An object of the document whose members the model keeps in the parent struct. */
#define INLINE_OBJ(k, d)                                                                           \
  { .key = k, .kind = F_OBJECT, .offset = 0, .sub = &d, NOP }
#define OBJP(k, T, m, d)                                                                           \
  { .key = k, .kind = F_OBJECT_PTR, .offset = offsetof(T, m), .sub = &d, NOP }
#define ARR(k, T, m, nm, d)                                                                        \
  {                                                                                                \
    .key = k, .kind = F_ARRAY, .offset = offsetof(T, m), .n_offset = offsetof(T, nm),              \
    .present_offset = NO_OFFSET, .sub = &d                                                         \
  }
#define ARRP(k, T, m, nm, pm, d)                                                                   \
  {                                                                                                \
    .key = k, .kind = F_ARRAY, .offset = offsetof(T, m), .n_offset = offsetof(T, nm),              \
    .present_offset = offsetof(T, pm), .sub = &d                                                   \
  }
#define LIST(k, T, m, d) ARRP(k, T, m.items, m.n, m.present, d)
#define MAP(k, T, m, nm, pm, d)                                                                    \
  {                                                                                                \
    .key = k, .kind = F_MAP, .offset = offsetof(T, m), .n_offset = offsetof(T, nm),                \
    .present_offset = offsetof(T, pm), .sub = &d                                                   \
  }

#define DESC(name, T, presence, fieldtab)                                                          \
  static const struct object_desc name = {.size = sizeof(T),                                       \
                                          .present_offset = presence,                              \
                                          .key_offset = NO_OFFSET,                                 \
                                          .fields = fieldtab,                                      \
                                          .n_fields = ARRAY_SIZE(fieldtab)}
#define PRESENT(T, m) offsetof(T, m)

/* ---- process ---- */
static const struct field console_size_fields[] = {
    U64("height", spec_console_size, height, REQ),
    U64("width", spec_console_size, width, REQ),
};
DESC(console_size_desc, spec_console_size, PRESENT(spec_console_size, set), console_size_fields);

static const struct field user_fields[] = {
    U32("uid", spec_user, uid, REQ),
    U32("gid", spec_user, gid, REQ),
    OU32("umask", spec_user, umask),
    U32V("additionalGids", spec_user, additional_gids, n_additional_gids),
    STR("username", spec_user, username, 0),
};
DESC(user_desc, spec_user, NO_OFFSET, user_fields);

static const struct field capabilities_fields[] = {
    STRV("bounding", spec_capabilities, bounding, 0),
    STRV("effective", spec_capabilities, effective, 0),
    STRV("inheritable", spec_capabilities, inheritable, 0),
    STRV("permitted", spec_capabilities, permitted, 0),
    STRV("ambient", spec_capabilities, ambient, 0),
};
DESC(capabilities_desc, spec_capabilities, PRESENT(spec_capabilities, present),
     capabilities_fields);

static const struct field rlimit_fields[] = {
    STR("type", spec_rlimit, type, REQ),
    U64("hard", spec_rlimit, hard, REQ),
    U64("soft", spec_rlimit, soft, REQ),
};
DESC(rlimit_desc, spec_rlimit, NO_OFFSET, rlimit_fields);

static const struct field io_priority_fields[] = {
    STR("class", spec_io_priority, class_, REQ),
    INT("priority", spec_io_priority, priority, NUM_I64, INT32_MIN, INT32_MAX, REQ),
};
DESC(io_priority_desc, spec_io_priority, PRESENT(spec_io_priority, present), io_priority_fields);

static const struct field scheduler_fields[] = {
    STR("policy", spec_scheduler, policy, REQ), OI32("nice", spec_scheduler, nice),
    OI32("priority", spec_scheduler, priority), STRV("flags", spec_scheduler, flags, 0),
    OU64("runtime", spec_scheduler, runtime),   OU64("deadline", spec_scheduler, deadline),
    OU64("period", spec_scheduler, period),
};
DESC(scheduler_desc, spec_scheduler, PRESENT(spec_scheduler, present), scheduler_fields);

static const struct field cpu_affinity_fields[] = {
    STR("initial", spec_cpu_affinity, initial, 0),
    STR("final", spec_cpu_affinity, final, 0),
};
DESC(cpu_affinity_desc, spec_cpu_affinity, PRESENT(spec_cpu_affinity, present),
     cpu_affinity_fields);

static const struct field process_fields[] = {
    OBOOL("terminal", spec_process, terminal),
    OBJ("consoleSize", spec_process, console_size, console_size_desc),
    OBJ("user", spec_process, user, user_desc),
    STRV("args", spec_process, args, 0),
    STR("commandLine", spec_process, command_line, 0),
    STRV("env", spec_process, env, 0),
    STR("cwd", spec_process, cwd, 0),
    OBJ("capabilities", spec_process, capabilities, capabilities_desc),
    ARRP("rlimits", spec_process, rlimits, n_rlimits, rlimits_present, rlimit_desc),
    OBOOL("noNewPrivileges", spec_process, no_new_privileges),
    STR("apparmorProfile", spec_process, apparmor_profile, 0),
    OI32("oomScoreAdj", spec_process, oom_score_adj),
    STR("selinuxLabel", spec_process, selinux_label, 0),
    OBJ("ioPriority", spec_process, io_priority, io_priority_desc),
    OBJ("scheduler", spec_process, scheduler, scheduler_desc),
    OBJ("execCPUAffinity", spec_process, exec_cpu_affinity, cpu_affinity_desc),
};
const struct object_desc process_desc = {.size = sizeof(spec_process),
                                         .present_offset = NO_OFFSET,
                                         .key_offset = NO_OFFSET,
                                         .fields = process_fields,
                                         .n_fields = ARRAY_SIZE(process_fields)};

/* ---- root, mounts, hooks ---- */
static const struct field root_fields[] = {
    STR("path", spec_root, path, REQ),
    OBOOL("readonly", spec_root, readonly),
};
DESC(root_desc, spec_root, PRESENT(spec_root, present), root_fields);

static const struct field id_mapping_fields[] = {
    U32("containerID", spec_id_mapping, container_id, REQ),
    U32("hostID", spec_id_mapping, host_id, REQ),
    U32("size", spec_id_mapping, size, REQ),
};
DESC(id_mapping_desc, spec_id_mapping, NO_OFFSET, id_mapping_fields);

static const struct field mount_fields[] = {
    STR("destination", spec_mount, destination, REQ),
    STR("type", spec_mount, type, 0),
    STR("source", spec_mount, source, 0),
    STRV("options", spec_mount, options, 0),
    ARR("uidMappings", spec_mount, uid_mappings, n_uid_mappings, id_mapping_desc),
    ARR("gidMappings", spec_mount, gid_mappings, n_gid_mappings, id_mapping_desc),
};
DESC(mount_desc, spec_mount, NO_OFFSET, mount_fields);

static const struct field hook_fields[] = {
    STR("path", spec_hook, path, REQ),
    STRV("args", spec_hook, args, 0),
    STRV("env", spec_hook, env, 0),
    INT("timeout", spec_hook, timeout, NUM_OPT_I64, INT32_MIN, INT32_MAX, 0),
};
DESC(hook_desc, spec_hook, NO_OFFSET, hook_fields);

static const struct field hooks_fields[] = {
    LIST("prestart", spec_hooks, prestart, hook_desc),
    LIST("createRuntime", spec_hooks, create_runtime, hook_desc),
    LIST("createContainer", spec_hooks, create_container, hook_desc),
    LIST("startContainer", spec_hooks, start_container, hook_desc),
    LIST("poststart", spec_hooks, poststart, hook_desc),
    LIST("poststop", spec_hooks, poststop, hook_desc),
};
DESC(hooks_desc, spec_hooks, PRESENT(spec_hooks, present), hooks_fields);

/* ---- linux ---- */
static const struct field namespace_fields[] = {
    STR("type", spec_namespace, type, REQ),
    STR("path", spec_namespace, path, 0),
};
DESC(namespace_desc, spec_namespace, NO_OFFSET, namespace_fields);

static const struct field time_offset_fields[] = {
    I64("secs", spec_time_offset, secs, 0),
    U32("nanosecs", spec_time_offset, nanosecs, 0),
};
DESC(time_offset_desc, spec_time_offset, PRESENT(spec_time_offset, set), time_offset_fields);

static const struct field time_offsets_fields[] = {
    OBJ("monotonic", spec_linux, time_monotonic, time_offset_desc),
    OBJ("boottime", spec_linux, time_boottime, time_offset_desc),
};
DESC(time_offsets_desc, spec_linux, PRESENT(spec_linux, time_offsets_present), time_offsets_fields);

static const struct field device_fields[] = {
    STR("path", spec_device, path, REQ),
    STR("type", spec_device, type, REQ),
    I64("major", spec_device, major, 0),
    I64("minor", spec_device, minor, 0),
    OU32("fileMode", spec_device, file_mode),
    OU32("uid", spec_device, uid),
    OU32("gid", spec_device, gid),
};
DESC(device_desc, spec_device, NO_OFFSET, device_fields);

static const struct field net_device_fields[] = {
    STR("name", spec_net_device, new_name, 0),
};
static const struct object_desc net_device_desc = {.size = sizeof(spec_net_device),
                                                   .present_offset = NO_OFFSET,
                                                   .key_offset = offsetof(spec_net_device, name),
                                                   .fields = net_device_fields,
                                                   .n_fields = ARRAY_SIZE(net_device_fields)};

static const struct field device_rule_fields[] = {
    BOOL("allow", spec_device_rule, allow, REQ), STR("type", spec_device_rule, type, 0),
    OI64("major", spec_device_rule, major),      OI64("minor", spec_device_rule, minor),
    STR("access", spec_device_rule, access, 0),
};
DESC(device_rule_desc, spec_device_rule, NO_OFFSET, device_rule_fields);

static const struct field memory_fields[] = {
    OI64("limit", spec_memory, limit),
    OI64("reservation", spec_memory, reservation),
    OI64("swap", spec_memory, swap),
    OI64("kernel", spec_memory, kernel),
    OI64("kernelTCP", spec_memory, kernel_tcp),
    OU64("swappiness", spec_memory, swappiness),
    OBOOL("disableOOMKiller", spec_memory, disable_oom_killer),
    OBOOL("useHierarchy", spec_memory, use_hierarchy),
    OBOOL("checkBeforeUpdate", spec_memory, check_before_update),
};
DESC(memory_desc, spec_memory, PRESENT(spec_memory, present), memory_fields);

static const struct field cpu_fields[] = {
    OU64("shares", spec_cpu, shares),
    OI64("quota", spec_cpu, quota),
    OU64("burst", spec_cpu, burst),
    OU64("period", spec_cpu, period),
    OI64("realtimeRuntime", spec_cpu, realtime_runtime),
    OU64("realtimePeriod", spec_cpu, realtime_period),
    STR("cpus", spec_cpu, cpus, 0),
    STR("mems", spec_cpu, mems, 0),
    OI64("idle", spec_cpu, idle),
};
DESC(cpu_desc, spec_cpu, PRESENT(spec_cpu, present), cpu_fields);

static const struct field pids_fields[] = {
    INT("limit", spec_resources, pids_limit, NUM_OPT_I64, INT64_MIN, INT64_MAX, REQ),
};
DESC(pids_desc, spec_resources, PRESENT(spec_resources, pids_present), pids_fields);

static const struct field weight_device_fields[] = {
    I64("major", spec_weight_device, major, REQ),
    I64("minor", spec_weight_device, minor, REQ),
    OU16("weight", spec_weight_device, weight),
    OU16("leafWeight", spec_weight_device, leaf_weight),
};
DESC(weight_device_desc, spec_weight_device, NO_OFFSET, weight_device_fields);

static const struct field throttle_device_fields[] = {
    I64("major", spec_throttle_device, major, REQ),
    I64("minor", spec_throttle_device, minor, REQ),
    U64("rate", spec_throttle_device, rate, REQ),
};
DESC(throttle_device_desc, spec_throttle_device, NO_OFFSET, throttle_device_fields);

static const struct field blkio_fields[] = {
    OU16("weight", spec_blkio, weight),
    OU16("leafWeight", spec_blkio, leaf_weight),
    ARRP("weightDevice", spec_blkio, weight_device, n_weight_device, weight_device_present,
         weight_device_desc),
    LIST("throttleReadBpsDevice", spec_blkio, throttle_read_bps, throttle_device_desc),
    LIST("throttleWriteBpsDevice", spec_blkio, throttle_write_bps, throttle_device_desc),
    LIST("throttleReadIOPSDevice", spec_blkio, throttle_read_iops, throttle_device_desc),
    LIST("throttleWriteIOPSDevice", spec_blkio, throttle_write_iops, throttle_device_desc),
};
DESC(blkio_desc, spec_blkio, PRESENT(spec_blkio, present), blkio_fields);

static const struct field hugepage_fields[] = {
    STR("pageSize", spec_hugepage_limit, page_size, REQ),
    U64("limit", spec_hugepage_limit, limit, REQ),
};
DESC(hugepage_desc, spec_hugepage_limit, NO_OFFSET, hugepage_fields);

static const struct field net_priority_fields[] = {
    STR("name", spec_net_priority, name, REQ),
    U32("priority", spec_net_priority, priority, REQ),
};
DESC(net_priority_desc, spec_net_priority, NO_OFFSET, net_priority_fields);

static const struct field network_fields[] = {
    OU32("classID", spec_network, class_id),
    ARR("priorities", spec_network, priorities, n_priorities, net_priority_desc),
};
DESC(network_desc, spec_network, PRESENT(spec_network, present), network_fields);

static const struct field rdma_fields[] = {
    OU32("hcaHandles", spec_rdma, hca_handles),
    OU32("hcaObjects", spec_rdma, hca_objects),
};
static const struct object_desc rdma_desc = {.size = sizeof(spec_rdma),
                                             .present_offset = NO_OFFSET,
                                             .key_offset = offsetof(spec_rdma, device),
                                             .fields = rdma_fields,
                                             .n_fields = ARRAY_SIZE(rdma_fields)};

static const struct field resources_fields[] = {
    ARRP("devices", spec_resources, devices, n_devices, devices_present, device_rule_desc),
    OBJ("memory", spec_resources, memory, memory_desc),
    OBJ("cpu", spec_resources, cpu, cpu_desc),
    INLINE_OBJ("pids", pids_desc),
    OBJ("blockIO", spec_resources, blkio, blkio_desc),
    ARRP("hugepageLimits", spec_resources, hugepage_limits, n_hugepage_limits,
         hugepage_limits_present, hugepage_desc),
    OBJ("network", spec_resources, network, network_desc),
    MAP("rdma", spec_resources, rdma, n_rdma, rdma_present, rdma_desc),
    KV("unified", spec_resources, unified),
};
DESC(resources_desc, spec_resources, PRESENT(spec_resources, present), resources_fields);

static const struct field intel_rdt_fields[] = {
    STR("closID", spec_intel_rdt, clos_id, 0),
    STR("l3CacheSchema", spec_intel_rdt, l3_cache_schema, 0),
    STR("memBwSchema", spec_intel_rdt, mem_bw_schema, 0),
    OBOOL("enableCMT", spec_intel_rdt, enable_cmt),
    OBOOL("enableMBM", spec_intel_rdt, enable_mbm),
};
DESC(intel_rdt_desc, spec_intel_rdt, PRESENT(spec_intel_rdt, present), intel_rdt_fields);

static const struct field seccomp_arg_fields[] = {
    U32("index", spec_seccomp_arg, index, REQ),
    U64("value", spec_seccomp_arg, value, REQ),
    {.key = "valueTwo",
     .kind = F_INT,
     .offset = offsetof(spec_seccomp_arg, value_two),
     .num = NUM_U64,
     .min = 0,
     .max = INT64_MAX,
     .n_offset = NO_OFFSET,
     .present_offset = offsetof(spec_seccomp_arg, has_value_two)},
    STR("op", spec_seccomp_arg, op, REQ),
};
DESC(seccomp_arg_desc, spec_seccomp_arg, NO_OFFSET, seccomp_arg_fields);

static const struct field syscall_fields[] = {
    STRV("names", spec_syscall, names, REQ),
    STR("action", spec_syscall, action, REQ),
    OU32("errnoRet", spec_syscall, errno_ret),
    ARR("args", spec_syscall, args, n_args, seccomp_arg_desc),
};
DESC(syscall_desc, spec_syscall, NO_OFFSET, syscall_fields);

static const struct field seccomp_fields[] = {
    STR("defaultAction", spec_seccomp, default_action, REQ),
    OU32("defaultErrnoRet", spec_seccomp, default_errno_ret),
    STRV("architectures", spec_seccomp, architectures, 0),
    STRV("flags", spec_seccomp, flags, 0),
    STR("listenerPath", spec_seccomp, listener_path, 0),
    STR("listenerMetadata", spec_seccomp, listener_metadata, 0),
    ARR("syscalls", spec_seccomp, syscalls, n_syscalls, syscall_desc),
};
DESC(seccomp_desc, spec_seccomp, PRESENT(spec_seccomp, present), seccomp_fields);

static const struct field personality_fields[] = {
    STR("domain", spec_personality, domain, REQ),
    STRV("flags", spec_personality, flags, 0),
};
DESC(personality_desc, spec_personality, PRESENT(spec_personality, present), personality_fields);

static const struct field linux_fields[] = {
    ARR("uidMappings", spec_linux, uid_mappings, n_uid_mappings, id_mapping_desc),
    ARR("gidMappings", spec_linux, gid_mappings, n_gid_mappings, id_mapping_desc),
    KV("sysctl", spec_linux, sysctl),
    OBJ("resources", spec_linux, resources, resources_desc),
    STR("cgroupsPath", spec_linux, cgroups_path, 0),
    ARRP("namespaces", spec_linux, namespaces, n_namespaces, namespaces_present, namespace_desc),
    INLINE_OBJ("timeOffsets", time_offsets_desc),
    ARRP("devices", spec_linux, devices, n_devices, devices_present, device_desc),
    MAP("netDevices", spec_linux, net_devices, n_net_devices, net_devices_present, net_device_desc),
    OBJ("seccomp", spec_linux, seccomp, seccomp_desc),
    STR("rootfsPropagation", spec_linux, rootfs_propagation, 0),
    STRV("maskedPaths", spec_linux, masked_paths, 0),
    STRV("readonlyPaths", spec_linux, readonly_paths, 0),
    STR("mountLabel", spec_linux, mount_label, 0),
    OBJ("intelRdt", spec_linux, intel_rdt, intel_rdt_desc),
    OBJ("personality", spec_linux, personality, personality_desc),
};
DESC(linux_desc, spec_linux, PRESENT(spec_linux, present), linux_fields);

/* ---- the documents ---- */
static const struct field config_fields[] = {
    STR("ociVersion", spec_config, oci_version, REQ),
    OBJP("process", spec_config, process, process_desc),
    OBJ("root", spec_config, root, root_desc),
    STR("hostname", spec_config, hostname, 0),
    STR("domainname", spec_config, domainname, 0),
    ARRP("mounts", spec_config, mounts, n_mounts, mounts_present, mount_desc),
    OBJ("hooks", spec_config, hooks, hooks_desc),
    KV("annotations", spec_config, annotations),
    OBJ("linux", spec_config, linux_, linux_desc),
};
const struct object_desc config_desc = {.size = sizeof(spec_config),
                                        .present_offset = NO_OFFSET,
                                        .key_offset = NO_OFFSET,
                                        .fields = config_fields,
                                        .n_fields = ARRAY_SIZE(config_fields)};

static const struct field state_fields[] = {
    STR("ociVersion", spec_state, oci_version, REQ),
    STR("id", spec_state, id, REQ),
    I64("pid", spec_state, pid, 0),
    STR("status", spec_state, status, REQ),
    STR("bundle", spec_state, bundle, REQ),
    STR("rootfs", spec_state, rootfs, 0),
    STR("created", spec_state, created, 0),
    STR("owner", spec_state, owner, 0),
    KV("annotations", spec_state, annotations),
};
const struct object_desc state_desc = {.size = sizeof(spec_state),
                                       .present_offset = NO_OFFSET,
                                       .key_offset = NO_OFFSET,
                                       .fields = state_fields,
                                       .n_fields = ARRAY_SIZE(state_fields)};
