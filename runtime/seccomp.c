/* linux.seccomp compiled to a classic BPF program in the parent with
 * libseccomp; the child only hands the finished program to the kernel
 * (seccomp-load.c), so nothing there allocates. */
#include "config.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/seccomp-plan.h"
#include "runtime/security.h"
#include "spec/cleanup.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

static void seccomp_ctx_releasep(scmp_filter_ctx *ctx) {
  if (*ctx)
    seccomp_release(*ctx);
  *ctx = NULL;
}

struct name_u32 {
  const char *name;
  uint32_t value;
};

/* Actions that take errnoRet get it or'ed in later. */
static const struct name_u32 actions[] = {
    {"SCMP_ACT_KILL", SCMP_ACT_KILL},
    {"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD},
    {"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS},
    {"SCMP_ACT_TRAP", SCMP_ACT_TRAP},
    {"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0)},
    {"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0)},
    {"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW},
    {"SCMP_ACT_LOG", SCMP_ACT_LOG},
    {"SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY},
};

static const struct name_u32 operators[] = {
    {"SCMP_CMP_NE", SCMP_CMP_NE},
    {"SCMP_CMP_LT", SCMP_CMP_LT},
    {"SCMP_CMP_LE", SCMP_CMP_LE},
    {"SCMP_CMP_EQ", SCMP_CMP_EQ},
    {"SCMP_CMP_GE", SCMP_CMP_GE},
    {"SCMP_CMP_GT", SCMP_CMP_GT},
    {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

/* Kernel flag bits: the program is loaded with the raw seccomp() call. */
static const struct name_u32 filter_flags[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
    {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV},
};

/* The spec's architecture names, as "SCMP_ARCH_" + libseccomp's name in
 * upper case. */
static const char *const arches[] = {
    "X86",  "X86_64", "X32",     "ARM",      "AARCH64",   "MIPS",        "MIPS64",
    "MIPS64N32", "MIPSEL", "MIPSEL64", "MIPSEL64N32", "PPC", "PPC64", "PPC64LE",
    "S390", "S390X",  "PARISC",  "PARISC64", "RISCV64",   "LOONGARCH64", "M68K",
    "SH",   "SHEB",
};

static bool lookup(const struct name_u32 *t, size_t n, const char *name, uint32_t *ret) {
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(t[i].name, name) == 0) {
      *ret = t[i].value;
      return true;
    }
  return false;
}

static int resolve_action(const char *name, const opt_u64 *errno_ret, const char *field,
                          uint32_t *ret, ctrun_error **err) {
  uint32_t act;
  if (!lookup(actions, ARRAY_SIZE(actions), name, &act))
    return error_set(err, EINVAL, "%s: unknown seccomp action \"%s\"", field, name ? name : "");
  if (act == SCMP_ACT_ERRNO(0) || act == SCMP_ACT_TRACE(0)) {
    uint64_t v = errno_ret->set ? errno_ret->value : EPERM;
    if (v > 0xffff)
      return error_set(err, EINVAL, "%s: errnoRet %llu does not fit the 16 bits seccomp returns",
                       field, (unsigned long long)v);
    act |= (uint32_t)v;
  }
  *ret = act;
  return 0;
}

static void warnf(spec_warn_fn warn, void *userdata, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warnf(spec_warn_fn warn, void *userdata, const char *fmt, ...) {
  if (warn == NULL)
    return;
  _cleanup_free_ char *msg = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&msg, fmt, ap);
  va_end(ap);
  if (n >= 0)
    warn(msg, userdata);
}

static int add_arches(scmp_filter_ctx ctx, const strv_t *names, spec_warn_fn warn,
                      void *userdata, ctrun_error **err) {
  for (size_t i = 0; i < names->n; i++) {
    const char *name = names->items[i];
    bool known = false;
    char lower[32] = "";
    if (strncmp(name, "SCMP_ARCH_", 10) == 0)
      for (size_t j = 0; j < ARRAY_SIZE(arches); j++)
        if (strcmp(name + 10, arches[j]) == 0) {
          known = true;
          for (size_t k = 0; arches[j][k] && k + 1 < sizeof(lower); k++)
            lower[k] = (char)(arches[j][k] >= 'A' && arches[j][k] <= 'Z' ? arches[j][k] + 32
                                                                         : arches[j][k]);
        }
    if (!known)
      return error_set(err, EINVAL, "linux.seccomp.architectures[%zu]: unknown architecture \"%s\"",
                       i, name);
    uint32_t token = seccomp_arch_resolve_name(lower);
    if (token == 0) {
      warnf(warn, userdata,
            "linux.seccomp.architectures[%zu]: \"%s\" is not supported by this libseccomp, skipped",
            i, name);
      continue;
    }
    int r = seccomp_arch_add(ctx, token);
    if (r < 0 && r != -EEXIST)
      return error_set(err, -r, "linux.seccomp.architectures[%zu]: add \"%s\"", i, name);
  }
  return 0;
}

/* The rule's arguments as libseccomp comparisons.  Several comparisons of
 * the same argument cannot be and'ed in one libseccomp rule; like runc, such
 * a rule becomes one rule per comparison. */
static int make_conditions(const spec_syscall *sc, const char *field, struct scmp_arg_cmp *cmp,
                           bool *ret_split, ctrun_error **err) {
  bool split = false;
  for (size_t i = 0; i < sc->n_args; i++) {
    const spec_seccomp_arg *a = &sc->args[i];
    uint32_t op;
    if (!lookup(operators, ARRAY_SIZE(operators), a->op, &op))
      return error_set(err, EINVAL, "%s.args[%zu].op: unknown operator \"%s\"", field, i,
                       a->op ? a->op : "");
    if (a->index > 5)
      return error_set(err, EINVAL, "%s.args[%zu].index: %u is not an argument index (0-5)", field,
                       i, a->index);
    /* For MASKED_EQ value is the mask and valueTwo what the masked
     * argument must equal. */
    cmp[i] = (struct scmp_arg_cmp){.arg = a->index, .op = op, .datum_a = a->value,
                                   .datum_b = a->value_two};
    for (size_t j = 0; j < i; j++)
      if (sc->args[j].index == a->index)
        split = true;
  }
  *ret_split = split;
  return 0;
}

static int add_rule(scmp_filter_ctx ctx, uint32_t default_action, const spec_syscall *sc,
                    size_t idx, spec_warn_fn warn, void *userdata, bool *uses_notify,
                    ctrun_error **err) {
  char field[64];
  snprintf(field, sizeof(field), "linux.seccomp.syscalls[%zu]", idx);
  uint32_t act;
  int r = resolve_action(sc->action, &sc->errno_ret, field, &act, err);
  if (r < 0)
    return r;
  if (sc->n_args > 6)
    return error_set(err, EINVAL, "%s.args: %zu comparisons, a syscall has 6 arguments", field,
                     sc->n_args);
  struct scmp_arg_cmp cmp[6];
  bool split = false;
  r = make_conditions(sc, field, cmp, &split, err);
  if (r < 0)
    return r;
  /* libseccomp refuses a rule that repeats the default action; it would be
   * a no-op anyway. */
  if (act == default_action)
    return 0;
  if (act == SCMP_ACT_NOTIFY)
    *uses_notify = true;
  for (size_t i = 0; i < sc->names.n; i++) {
    const char *name = sc->names.items[i];
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR) {
      warnf(warn, userdata, "%s.names[%zu]: unknown syscall \"%s\", skipped", field, i, name);
      continue;
    }
    if (split) {
      for (size_t j = 0; j < sc->n_args && r >= 0; j++)
        r = seccomp_rule_add_array(ctx, act, nr, 1, &cmp[j]);
    } else {
      r = seccomp_rule_add_array(ctx, act, nr, (unsigned)sc->n_args, cmp);
    }
    if (r < 0)
      return error_set(err, -r, "%s.names[%zu]: add the rule for \"%s\"", field, i, name);
  }
  return 0;
}

/* Debian 12's libseccomp (2.5.4) has no seccomp_export_bpf_mem: export into
 * a memfd and read it back. */
static int export_program(scmp_filter_ctx ctx, struct sock_filter **ret, size_t *ret_len,
                          ctrun_error **err) {
  _cleanup_close_ int fd = memfd_create("ctrun-seccomp", MFD_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "seccomp: memfd_create");
  int r = seccomp_export_bpf(ctx, fd);
  if (r < 0)
    return error_set(err, -r, "seccomp: export the BPF program");
  struct stat st;
  if (fstat(fd, &st) < 0)
    return error_set(err, errno, "seccomp: fstat the exported program");
  size_t size = (size_t)st.st_size;
  if (size == 0 || size % sizeof(struct sock_filter) != 0)
    return error_set(err, EINVAL, "seccomp: the exported program has a bad size (%zu bytes)", size);
  if (size / sizeof(struct sock_filter) > BPF_MAXINSNS)
    return error_set(err, E2BIG, "seccomp: the filter has %zu instructions, the kernel takes %d",
                     size / sizeof(struct sock_filter), BPF_MAXINSNS);
  _cleanup_free_ struct sock_filter *prog = malloc(size);
  if (prog == NULL)
    return error_set(err, ENOMEM, "seccomp: allocate the program");
  for (size_t done = 0; done < size;) {
    ssize_t n = pread(fd, (char *)prog + done, size - done, (off_t)done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return error_set(err, n < 0 ? errno : EIO, "seccomp: read the exported program back");
    done += (size_t)n;
  }
  *ret = TAKE_PTR(prog);
  *ret_len = size / sizeof(struct sock_filter);
  return 0;
}

int seccomp_plan_new(const spec_seccomp *s, spec_warn_fn warn, void *userdata,
                     struct seccomp_plan **ret, ctrun_error **err) {
  *ret = NULL;
  if (s == NULL || !s->present)
    return 0;

  uint32_t default_action;
  int r = resolve_action(s->default_action, &s->default_errno_ret, "linux.seccomp.defaultAction",
                         &default_action, err);
  if (r < 0)
    return r;
  if (default_action == SCMP_ACT_NOTIFY)
    return error_set(err, EINVAL, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default");

  uint32_t flags = 0;
  for (size_t i = 0; i < s->flags.n; i++) {
    uint32_t f;
    if (!lookup(filter_flags, ARRAY_SIZE(filter_flags), s->flags.items[i], &f))
      return error_set(err, EINVAL, "linux.seccomp.flags[%zu]: unknown flag \"%s\"", i,
                       s->flags.items[i]);
    flags |= f;
  }

  _cleanup_(seccomp_ctx_releasep) scmp_filter_ctx ctx = seccomp_init(default_action);
  if (ctx == NULL)
    return error_set(err, EINVAL, "linux.seccomp.defaultAction: libseccomp refused \"%s\"",
                     s->default_action);
  r = add_arches(ctx, &s->architectures, warn, userdata, err);
  if (r < 0)
    return r;

  bool uses_notify = false;
  for (size_t i = 0; i < s->n_syscalls; i++) {
    r = add_rule(ctx, default_action, &s->syscalls[i], i, warn, userdata, &uses_notify, err);
    if (r < 0)
      return r;
  }
  if (uses_notify && (s->listener_path == NULL || s->listener_path[0] == '\0'))
    return error_set(err, EINVAL, "linux.seccomp.listenerPath: required when a rule uses SCMP_ACT_NOTIFY");

  _cleanup_free_ struct seccomp_plan *p = calloc(1, sizeof(*p));
  if (p == NULL)
    return error_set(err, ENOMEM, "seccomp: allocate the plan");
  r = export_program(ctx, &p->filter, &p->len, err);
  if (r < 0)
    return r;
  p->flags = flags;
  if (uses_notify) {
    p->flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
    /* TSYNC and NEW_LISTENER together need TSYNC_ESRCH: both would
     * otherwise use the return value. */
    if (p->flags & SECCOMP_FILTER_FLAG_TSYNC)
      p->flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
  }
  p->notify = uses_notify;
  *ret = TAKE_PTR(p);
  return 0;
}

void seccomp_plan_free(struct seccomp_plan *p) {
  if (p == NULL)
    return;
  free(p->filter);
  free(p);
}

bool seccomp_plan_uses_notify(const struct seccomp_plan *p) {
  return p != NULL && p->notify;
}
