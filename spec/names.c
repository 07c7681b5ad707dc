/* The closed name sets of the runtime spec.  The numbers come from the
 * kernel headers so they cannot drift from what the kernel expects. */
#include "config.h"

#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

#include "spec/cleanup.h"
#include "spec/names-list.h"
#include "spec/names.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define NV(x)                                                                                      \
  { #x, x }

/* Indexed by capability number: the kernel numbers are dense from 0. */
static const char *const capability_names[] = {
    [CAP_CHOWN] = "CAP_CHOWN",
    [CAP_DAC_OVERRIDE] = "CAP_DAC_OVERRIDE",
    [CAP_DAC_READ_SEARCH] = "CAP_DAC_READ_SEARCH",
    [CAP_FOWNER] = "CAP_FOWNER",
    [CAP_FSETID] = "CAP_FSETID",
    [CAP_KILL] = "CAP_KILL",
    [CAP_SETGID] = "CAP_SETGID",
    [CAP_SETUID] = "CAP_SETUID",
    [CAP_SETPCAP] = "CAP_SETPCAP",
    [CAP_LINUX_IMMUTABLE] = "CAP_LINUX_IMMUTABLE",
    [CAP_NET_BIND_SERVICE] = "CAP_NET_BIND_SERVICE",
    [CAP_NET_BROADCAST] = "CAP_NET_BROADCAST",
    [CAP_NET_ADMIN] = "CAP_NET_ADMIN",
    [CAP_NET_RAW] = "CAP_NET_RAW",
    [CAP_IPC_LOCK] = "CAP_IPC_LOCK",
    [CAP_IPC_OWNER] = "CAP_IPC_OWNER",
    [CAP_SYS_MODULE] = "CAP_SYS_MODULE",
    [CAP_SYS_RAWIO] = "CAP_SYS_RAWIO",
    [CAP_SYS_CHROOT] = "CAP_SYS_CHROOT",
    [CAP_SYS_PTRACE] = "CAP_SYS_PTRACE",
    [CAP_SYS_PACCT] = "CAP_SYS_PACCT",
    [CAP_SYS_ADMIN] = "CAP_SYS_ADMIN",
    [CAP_SYS_BOOT] = "CAP_SYS_BOOT",
    [CAP_SYS_NICE] = "CAP_SYS_NICE",
    [CAP_SYS_RESOURCE] = "CAP_SYS_RESOURCE",
    [CAP_SYS_TIME] = "CAP_SYS_TIME",
    [CAP_SYS_TTY_CONFIG] = "CAP_SYS_TTY_CONFIG",
    [CAP_MKNOD] = "CAP_MKNOD",
    [CAP_LEASE] = "CAP_LEASE",
    [CAP_AUDIT_WRITE] = "CAP_AUDIT_WRITE",
    [CAP_AUDIT_CONTROL] = "CAP_AUDIT_CONTROL",
    [CAP_SETFCAP] = "CAP_SETFCAP",
    [CAP_MAC_OVERRIDE] = "CAP_MAC_OVERRIDE",
    [CAP_MAC_ADMIN] = "CAP_MAC_ADMIN",
    [CAP_SYSLOG] = "CAP_SYSLOG",
    [CAP_WAKE_ALARM] = "CAP_WAKE_ALARM",
    [CAP_BLOCK_SUSPEND] = "CAP_BLOCK_SUSPEND",
    [CAP_AUDIT_READ] = "CAP_AUDIT_READ",
    [CAP_PERFMON] = "CAP_PERFMON",
    [CAP_BPF] = "CAP_BPF",
    [CAP_CHECKPOINT_RESTORE] = "CAP_CHECKPOINT_RESTORE",
};

static const struct name_value rlimits[] = {
    NV(RLIMIT_CPU),      NV(RLIMIT_FSIZE), NV(RLIMIT_DATA),   NV(RLIMIT_STACK),
    NV(RLIMIT_CORE),     NV(RLIMIT_RSS),   NV(RLIMIT_NPROC),  NV(RLIMIT_NOFILE),
    NV(RLIMIT_MEMLOCK),  NV(RLIMIT_AS),    NV(RLIMIT_LOCKS),  NV(RLIMIT_SIGPENDING),
    NV(RLIMIT_MSGQUEUE), NV(RLIMIT_NICE),  NV(RLIMIT_RTPRIO), NV(RLIMIT_RTTIME),
};

struct namespace_type {
  const char *type, *proc_name;
  int flag;
};

static const struct namespace_type namespaces[] = {
    {"pid", "pid", CLONE_NEWPID},          {"network", "net", CLONE_NEWNET},
    {"mount", "mnt", CLONE_NEWNS},         {"ipc", "ipc", CLONE_NEWIPC},
    {"uts", "uts", CLONE_NEWUTS},          {"user", "user", CLONE_NEWUSER},
    {"cgroup", "cgroup", CLONE_NEWCGROUP}, {"time", "time", CLONE_NEWTIME},
};

static const char *const seccomp_actions[] = {
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
    "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",        "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",          "SCMP_ACT_NOTIFY",
};

static const char *const seccomp_arches[] = {
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",     "SCMP_ARCH_LOONGARCH64",
};

static const char *const seccomp_ops[] = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

static const char *const seccomp_flags[] = {
    "SECCOMP_FILTER_FLAG_TSYNC",
    "SECCOMP_FILTER_FLAG_LOG",
    "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

/* The spec lists shared, slave, private and unbindable; the recursive forms
 * are what containerd's CRI and runc accept too, so refusing them would
 * reject real configs. */
static const char *const propagations[] = {
    "shared", "slave", "private", "unbindable", "rshared", "rslave", "rprivate", "runbindable",
};

static const char *const personality_domains[] = {"LINUX", "LINUX32"};

static const char *const scheduler_policies[] = {
    "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",       "SCHED_BATCH",
    "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE",
};

static const char *const scheduler_flags[] = {
    "SCHED_FLAG_RESET_ON_FORK",  "SCHED_FLAG_RECLAIM",     "SCHED_FLAG_DL_OVERRUN",
    "SCHED_FLAG_KEEP_POLICY",    "SCHED_FLAG_KEEP_PARAMS", "SCHED_FLAG_UTIL_CLAMP_MIN",
    "SCHED_FLAG_UTIL_CLAMP_MAX",
};

static const char *const ioprio_classes[] = {"IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE",
                                             "IOPRIO_CLASS_IDLE"};

static bool in_list(const char *const *list, size_t n, const char *name) {
  if (name == NULL)
    return false;
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return true;
  return false;
}

bool spec_capability_value(const char *name, int *ret) {
  if (name == NULL)
    return false;
  for (size_t i = 0; i < ARRAY_SIZE(capability_names); i++)
    if (capability_names[i] && strcmp(capability_names[i], name) == 0) {
      if (ret)
        *ret = (int)i;
      return true;
    }
  return false;
}

const char *spec_capability_name(int cap) {
  if (cap < 0 || (size_t)cap >= ARRAY_SIZE(capability_names))
    return NULL;
  return capability_names[cap];
}

int spec_capability_last(void) {
  return (int)ARRAY_SIZE(capability_names) - 1;
}

bool spec_rlimit_value(const char *name, int *ret) {
  if (name == NULL)
    return false;
  for (size_t i = 0; i < ARRAY_SIZE(rlimits); i++)
    if (strcmp(rlimits[i].name, name) == 0) {
      if (ret)
        *ret = (int)rlimits[i].value;
      return true;
    }
  return false;
}

static const struct namespace_type *find_namespace(const char *type) {
  if (type == NULL)
    return NULL;
  for (size_t i = 0; i < ARRAY_SIZE(namespaces); i++)
    if (strcmp(namespaces[i].type, type) == 0)
      return &namespaces[i];
  return NULL;
}

bool spec_namespace_flag(const char *type, int *ret) {
  const struct namespace_type *ns = find_namespace(type);
  if (ns == NULL)
    return false;
  if (ret)
    *ret = ns->flag;
  return true;
}

const char *spec_namespace_proc_name(const char *type) {
  const struct namespace_type *ns = find_namespace(type);
  return ns ? ns->proc_name : NULL;
}

static const char *const namespace_types[] = {"pid", "network", "mount",  "ipc",
                                              "uts", "user",    "cgroup", "time"};

_Static_assert(ARRAY_SIZE(namespace_types) == ARRAY_SIZE(namespaces),
               "namespace_types and namespaces list the same types");

size_t names_list(enum name_set set, const char *const **ret) {
#define LIST_CASE(tag, list)                                                                       \
  case tag:                                                                                        \
    *ret = list;                                                                                   \
    return ARRAY_SIZE(list)
  switch (set) {
    LIST_CASE(NAMES_NAMESPACES, namespace_types);
    LIST_CASE(NAMES_SECCOMP_ACTIONS, seccomp_actions);
    LIST_CASE(NAMES_SECCOMP_ARCHES, seccomp_arches);
    LIST_CASE(NAMES_SECCOMP_OPS, seccomp_ops);
    LIST_CASE(NAMES_SECCOMP_FLAGS, seccomp_flags);
  }
#undef LIST_CASE
  *ret = NULL;
  return 0;
}

#define KNOWN(fn, list)                                                                            \
  bool fn(const char *name) {                                                                      \
    return in_list(list, ARRAY_SIZE(list), name);                                                  \
  }

KNOWN(spec_seccomp_action_known, seccomp_actions)
KNOWN(spec_seccomp_arch_known, seccomp_arches)
KNOWN(spec_seccomp_op_known, seccomp_ops)
KNOWN(spec_seccomp_flag_known, seccomp_flags)
KNOWN(spec_propagation_known, propagations)
KNOWN(spec_personality_domain_known, personality_domains)
KNOWN(spec_scheduler_policy_known, scheduler_policies)
KNOWN(spec_scheduler_flag_known, scheduler_flags)
KNOWN(spec_ioprio_class_known, ioprio_classes)
