/* The name tables against the kernel's numbers. */
#include <criterion/criterion.h>
#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

#include "spec/names.h"

Test(spec_names, capabilities) {
  int v = -1;
  cr_expect(spec_capability_value("CAP_CHOWN", &v) && v == CAP_CHOWN);
  cr_expect(spec_capability_value("CAP_SYS_ADMIN", &v) && v == CAP_SYS_ADMIN);
  cr_expect(spec_capability_value("CAP_CHECKPOINT_RESTORE", &v) && v == 40);
  cr_expect(spec_capability_value("CAP_BPF", &v) && v == 39);
  cr_expect(spec_capability_value("CAP_PERFMON", &v) && v == 38);
  cr_expect_eq(spec_capability_last(), CAP_LAST_CAP);
  /* Every number 0..last has a name, and name -> number -> name is stable. */
  for (int cap = 0; cap <= spec_capability_last(); cap++) {
    const char *name = spec_capability_name(cap);
    cr_assert_not_null(name, "capability %d has no name", cap);
    cr_expect(strncmp(name, "CAP_", 4) == 0);
    cr_expect(spec_capability_value(name, &v) && v == cap, "%s", name);
  }
  cr_expect_null(spec_capability_name(-1));
  cr_expect_null(spec_capability_name(41));
  cr_expect(!spec_capability_value("CAP_TEST", &v));
  cr_expect(!spec_capability_value("chown", &v));
  cr_expect(!spec_capability_value(NULL, &v));
}

Test(spec_names, rlimits) {
  const struct {
    const char *name;
    int value;
  } all[] = {
      {"RLIMIT_CPU", RLIMIT_CPU},           {"RLIMIT_FSIZE", RLIMIT_FSIZE},
      {"RLIMIT_DATA", RLIMIT_DATA},         {"RLIMIT_STACK", RLIMIT_STACK},
      {"RLIMIT_CORE", RLIMIT_CORE},         {"RLIMIT_RSS", RLIMIT_RSS},
      {"RLIMIT_NPROC", RLIMIT_NPROC},       {"RLIMIT_NOFILE", 7},
      {"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},   {"RLIMIT_AS", RLIMIT_AS},
      {"RLIMIT_LOCKS", RLIMIT_LOCKS},       {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
      {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
      {"RLIMIT_RTPRIO", RLIMIT_RTPRIO},     {"RLIMIT_RTTIME", 15},
  };
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
    int v = -1;
    cr_expect(spec_rlimit_value(all[i].name, &v) && v == all[i].value, "%s", all[i].name);
  }
  cr_expect(!spec_rlimit_value("RLIMIT_NLIMITS", NULL));
  cr_expect(!spec_rlimit_value("NOFILE", NULL));
}

Test(spec_names, namespaces) {
  const struct {
    const char *type, *proc;
    int flag;
  } all[] = {
      {"pid", "pid", CLONE_NEWPID},          {"network", "net", CLONE_NEWNET},
      {"mount", "mnt", CLONE_NEWNS},         {"ipc", "ipc", CLONE_NEWIPC},
      {"uts", "uts", CLONE_NEWUTS},          {"user", "user", CLONE_NEWUSER},
      {"cgroup", "cgroup", CLONE_NEWCGROUP}, {"time", "time", 0x80},
  };
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
    int flag = 0;
    cr_expect(spec_namespace_flag(all[i].type, &flag) && flag == all[i].flag, "%s", all[i].type);
    cr_expect_str_eq(spec_namespace_proc_name(all[i].type), all[i].proc);
  }
  cr_expect(!spec_namespace_flag("net", NULL));
  cr_expect_null(spec_namespace_proc_name("mnt"));
}

Test(spec_names, closed_sets) {
  cr_expect(spec_seccomp_action_known("SCMP_ACT_KILL_PROCESS"));
  cr_expect(spec_seccomp_action_known("SCMP_ACT_NOTIFY"));
  cr_expect(!spec_seccomp_action_known("SCMP_ACT_KILL_ALL"));
  cr_expect(spec_seccomp_arch_known("SCMP_ARCH_RISCV64"));
  cr_expect(spec_seccomp_arch_known("SCMP_ARCH_X86_64"));
  cr_expect(!spec_seccomp_arch_known("x86_64"));
  cr_expect(spec_seccomp_op_known("SCMP_CMP_MASKED_EQ"));
  cr_expect(!spec_seccomp_op_known("SCMP_CMP_IN"));
  cr_expect(spec_seccomp_flag_known("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
  cr_expect(!spec_seccomp_flag_known("SECCOMP_FILTER_FLAG_NEW_LISTENER"));
  cr_expect(spec_propagation_known("rprivate"));
  cr_expect(!spec_propagation_known("recursive"));
  cr_expect(spec_personality_domain_known("LINUX32"));
  cr_expect(!spec_personality_domain_known("linux"));
  cr_expect(spec_scheduler_policy_known("SCHED_DEADLINE"));
  cr_expect(!spec_scheduler_policy_known("SCHED_NORMAL"));
  cr_expect(spec_scheduler_flag_known("SCHED_FLAG_UTIL_CLAMP_MAX"));
  cr_expect(!spec_scheduler_flag_known("SCHED_FLAG_ALL"));
  cr_expect(spec_ioprio_class_known("IOPRIO_CLASS_IDLE"));
  cr_expect(!spec_ioprio_class_known("IOPRIO_CLASS_NONE"));
  cr_expect(!spec_ioprio_class_known(NULL));
}
