/* process.capabilities: names mapped to bitmasks in the parent, applied in
 * the child with raw prctl/capset calls (no libcap: nothing here may
 * allocate after clone). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/security.h"
#include "spec/cleanup.h"
#include "spec/names.h"

static int map_set(const strv_t *names, const char *field, uint64_t *ret, ctrun_error **err) {
  uint64_t mask = 0;
  for (size_t i = 0; i < names->n; i++) {
    int cap;
    if (!spec_capability_value(names->items[i], &cap) || cap < 0 || cap > 63)
      return error_set(err, EINVAL, "process.capabilities.%s[%zu]: unknown capability \"%s\"",
                       field, i, names->items[i]);
    mask |= UINT64_C(1) << cap;
  }
  *ret = mask;
  return 0;
}

/* The kernel may know fewer capabilities than our table (an older kernel)
 * or more (a newer one): the bounding drop must cover what the kernel has. */
static int read_last_cap(int *ret, ctrun_error **err) {
  _cleanup_close_ int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
  char buf[16];
  if (fd >= 0) {
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    if (n > 0) {
      buf[n] = '\0';
      char *end;
      long v = strtol(buf, &end, 10);
      if (end != buf && v >= 0 && v <= 63) {
        *ret = (int)v;
        return 0;
      }
    }
  }
  /* No /proc (or a strange one): probe the bounding set instead. */
  int cap = 0;
  while (cap < 63 && prctl(PR_CAPBSET_READ, (unsigned long)cap + 1, 0, 0, 0) >= 0)
    cap++;
  if (cap == 0)
    return error_set(err, errno, "read /proc/sys/kernel/cap_last_cap");
  *ret = cap;
  return 0;
}

int caps_plan_init(const spec_capabilities *caps, struct caps_plan *ret, ctrun_error **err) {
  struct caps_plan p = {0};
  int r;
  if (caps == NULL || !caps->present) {
    *ret = p;
    return 0;
  }
  const struct {
    const strv_t *names;
    const char *field;
    uint64_t *mask;
  } sets[] = {
      {&caps->bounding, "bounding", &p.bounding},
      {&caps->effective, "effective", &p.effective},
      {&caps->inheritable, "inheritable", &p.inheritable},
      {&caps->permitted, "permitted", &p.permitted},
      {&caps->ambient, "ambient", &p.ambient},
  };
  for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
    r = map_set(sets[i].names, sets[i].field, sets[i].mask, err);
    if (r < 0)
      return r;
  }
  r = read_last_cap(&p.last_cap, err);
  if (r < 0)
    return r;
  /* A capability this kernel does not have cannot be granted; like runc,
   * leave it out rather than fail capset with EINVAL. */
  uint64_t known = p.last_cap >= 63 ? UINT64_MAX : (UINT64_C(1) << (p.last_cap + 1)) - 1;
  p.bounding &= known;
  p.effective &= known;
  p.inheritable &= known;
  p.permitted &= known;
  p.ambient &= known;
  /* The kernel raises an ambient capability only when it is permitted and
   * inheritable; configs written for runc (its own `spec` among them) list
   * ambient caps without inheritable ones, and runc and crun skip those. */
  p.ambient &= p.permitted & p.inheritable;
  p.present = true;
  *ret = p;
  return 0;
}

static int do_capget(struct __user_cap_data_struct data[2]) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  return (int)syscall(SYS_capget, &hdr, data);
}

static int do_capset(uint64_t eff, uint64_t prm, uint64_t inh) {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {
      {(uint32_t)eff, (uint32_t)prm, (uint32_t)inh},
      {(uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32)},
  };
  return (int)syscall(SYS_capset, &hdr, data);
}

int caps_apply_child(const struct caps_plan *p, struct child_error *e) {
  if (!p->present)
    return 0;

  /* After setuid with PR_SET_KEEPCAPS the effective set is empty while the
   * permitted set is kept; raise effective to permitted so that CAP_SETPCAP
   * is usable for the bounding drop below whatever the caller's order. */
  struct __user_cap_data_struct cur[2];
  if (do_capget(cur) < 0)
    return child_fail(e, errno, "capget");
  uint64_t prm = (uint64_t)cur[0].permitted | ((uint64_t)cur[1].permitted << 32);
  uint64_t inh = (uint64_t)cur[0].inheritable | ((uint64_t)cur[1].inheritable << 32);
  if (do_capset(prm, prm, inh) < 0)
    return child_fail(e, errno, "capset: raise the effective set");

  for (int cap = 0; cap <= p->last_cap; cap++) {
    if (p->bounding & (UINT64_C(1) << cap))
      continue;
    if (prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0, 0, 0) < 0 && errno != EINVAL)
      return child_fail(e, errno, "drop capability %d from the bounding set", cap);
  }

  /* The inheritable set is exactly what the config names, empty by default
   * (CVE-2022-29162: a non-empty one leaked caps into setuid-less execs). */
  if (do_capset(p->effective, p->permitted, p->inheritable) < 0)
    return child_fail(e, errno, "capset effective=%llx permitted=%llx inheritable=%llx",
                      (unsigned long long)p->effective, (unsigned long long)p->permitted,
                      (unsigned long long)p->inheritable);

  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    return child_fail(e, errno, "clear the ambient capability set");
  for (int cap = 0; cap <= p->last_cap; cap++) {
    if (!(p->ambient & (UINT64_C(1) << cap)))
      continue;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)cap, 0, 0) < 0)
      return child_fail(e, errno, "raise ambient capability %d", cap);
  }
  return 0;
}
