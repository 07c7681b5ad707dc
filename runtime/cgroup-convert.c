/* OCI values -> cgroup file values, and the v1 -> v2 conversions that runc
 * and crun use (so a config behaves the same under either runtime). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/cgroup-internal.h"
#include "spec/cleanup.h"

/* cpu.shares [2, 262144] -> cpu.weight [1, 10000], linearly (crun's formula). */
uint64_t cgroup_shares_to_weight(uint64_t shares) {
  if (shares == 0)
    return 0;
  if (shares < 2)
    shares = 2;
  if (shares > 262144)
    shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

/* blkio.weight [10, 1000] -> io.weight [1, 10000]. */
uint64_t cgroup_blkio_to_io_weight(uint64_t weight) {
  if (weight == 0)
    return 0;
  if (weight < 10)
    weight = 10;
  if (weight > 1000)
    weight = 1000;
  return 1 + ((weight - 10) * 9999) / 990;
}

/* OCI swap is memory+swap (v1's memsw); cgroup2 limits swap alone. */
int cgroup_swap_to_v2(const spec_memory *mem, char *buf, size_t len, ctrun_error **err) {
  if (mem->swap.value == -1) {
    snprintf(buf, len, "max");
    return 0;
  }
  if (mem->swap.value < 0)
    return error_set(err, EINVAL, "linux.resources.memory.swap: %" PRId64 " is invalid", mem->swap.value);
  if (!mem->limit.set || mem->limit.value < 0)
    return error_set(err, EINVAL,
                     "linux.resources.memory.swap: a swap limit needs memory.limit on cgroup v2 (swap is memory+swap)");
  if (mem->swap.value < mem->limit.value)
    return error_set(err, EINVAL,
                     "linux.resources.memory.swap (%" PRId64 ") must not be lower than memory.limit (%" PRId64 ")",
                     mem->swap.value, mem->limit.value);
  snprintf(buf, len, "%" PRId64, mem->swap.value - mem->limit.value);
  return 0;
}

int cgroup_cpu_max(const spec_cpu *cpu, const char *current, char *buf, size_t len) {
  char cur_quota[32] = "max";
  unsigned long long cur_period = 100000;
  if (current)
    sscanf(current, "%31s %llu", cur_quota, &cur_period);
  char quota[32];
  if (cpu->quota.set)
    snprintf(quota, sizeof(quota), cpu->quota.value < 0 ? "max" : "%" PRId64, cpu->quota.value);
  else
    snprintf(quota, sizeof(quota), "%s", cur_quota);
  unsigned long long period = cpu->period.set && cpu->period.value ? cpu->period.value : cur_period;
  snprintf(buf, len, "%s %llu", quota, period);
  return 0;
}

int cgroup_check_hugepage_size(const char *sysfs_dir, const char *page_size, ctrun_error **err) {
  char *end;
  errno = 0;
  unsigned long long n = page_size ? strtoull(page_size, &end, 10) : 0;
  if (page_size == NULL || errno || end == page_size || n == 0)
    return error_set(err, EINVAL, "linux.resources.hugepageLimits: invalid page size '%s'",
                     page_size ? page_size : "");
  unsigned long long kb;
  if (strcmp(end, "KB") == 0 || strcmp(end, "kB") == 0)
    kb = n;
  else if (strcmp(end, "MB") == 0)
    kb = n * 1024;
  else if (strcmp(end, "GB") == 0)
    kb = n * 1024 * 1024;
  else
    return error_set(err, EINVAL, "linux.resources.hugepageLimits: invalid page size '%s' (expected e.g. 2MB, 1GB)",
                     page_size);
  char path[4096];
  snprintf(path, sizeof(path), "%s/hugepages-%llukB", sysfs_dir, kb);
  if (access(path, F_OK) < 0)
    return error_set(err, EINVAL, "linux.resources.hugepageLimits: page size %s is not supported by the kernel",
                     page_size);
  return 0;
}

int cgroup_device_rule_line(const spec_device_rule *r, char *buf, size_t len, ctrun_error **err) {
  const char *type = r->type && *r->type ? r->type : "a";
  if (strcmp(type, "a") != 0 && strcmp(type, "b") != 0 && strcmp(type, "c") != 0)
    return error_set(err, EINVAL, "linux.resources.devices: type '%s' is not a, b or c", type);
  const char *access = r->access && *r->access ? r->access : "rwm";
  if (strspn(access, "rwm") != strlen(access))
    return error_set(err, EINVAL, "linux.resources.devices: access '%s' is not made of r, w and m", access);
  char maj[24] = "*", min[24] = "*";
  if (r->major.set && r->major.value >= 0)
    snprintf(maj, sizeof(maj), "%" PRId64, r->major.value);
  if (r->minor.set && r->minor.value >= 0)
    snprintf(min, sizeof(min), "%" PRId64, r->minor.value);
  snprintf(buf, len, "%s %s:%s %s", type, maj, min, access);
  return 0;
}

#define DEV(t, ma, mi, acc) {true, (char *)(t), {ma, ma >= 0}, {mi, mi >= 0}, (char *)(acc)}
const spec_device_rule cgroup_default_devices[] = {
    DEV("c", -1, -1, "m"),   DEV("b", -1, -1, "m"),  /* mknod of anything; access is what counts */
    DEV("c", 1, 3, "rwm"),   DEV("c", 1, 5, "rwm"),  /* null, zero */
    DEV("c", 1, 7, "rwm"),   DEV("c", 1, 8, "rwm"),  /* full, random */
    DEV("c", 1, 9, "rwm"),   DEV("c", 5, 0, "rwm"),  /* urandom, tty */
    DEV("c", 5, 1, "rwm"),   DEV("c", 5, 2, "rwm"),  /* console, ptmx */
    DEV("c", 136, -1, "rwm"),                         /* /dev/pts/N */
};
const size_t cgroup_n_default_devices = ARRAY_SIZE(cgroup_default_devices);
