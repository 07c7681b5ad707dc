/* Validation of linux.resources: value syntax the cgroup files would refuse
 * anyway, caught before anything is created. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "spec/cleanup.h"
#include "spec/validate.h"

static int check_device_rules(const spec_resources *res, const struct jpath *p, ctrun_error **err) {
  struct jpath dp = {p, "devices", 0};
  for (size_t i = 0; i < res->n_devices; i++) {
    const spec_device_rule *d = &res->devices[i];
    struct jpath ep = {&dp, NULL, i}, tp = {&ep, "type", 0}, ap = {&ep, "access", 0};
    if (d->type && strcmp(d->type, "a") && strcmp(d->type, "b") && strcmp(d->type, "c"))
      return unknown_value("device type", d->type, &tp, err);
    if (d->access && (d->access[0] == '\0' || strspn(d->access, "rwm") != strlen(d->access))) {
      _cleanup_free_ char *shown = json_quote(d->access);
      return jpath_error(err, &ap, "%s is not a combination of r, w and m", shown ? shown : "?");
    }
  }
  return 0;
}

/* "2MB", "1GB", "64KB": the names of the hugetlb controller files. */
static int check_hugepages(const spec_resources *res, const struct jpath *p, ctrun_error **err) {
  struct jpath hp = {p, "hugepageLimits", 0};
  for (size_t i = 0; i < res->n_hugepage_limits; i++) {
    const char *s = res->hugepage_limits[i].page_size;
    struct jpath ep = {&hp, NULL, i}, sp = {&ep, "pageSize", 0};
    int r = check_required(s, &sp, err);
    if (r < 0)
      return r;
    size_t digits = strspn(s, "0123456789");
    const char *unit = s + digits;
    if (digits == 0 || !(strlen(unit) == 2 && strchr("KMGTP", unit[0]) && unit[1] == 'B')) {
      _cleanup_free_ char *shown = json_quote(s);
      return jpath_error(err, &sp, "%s is not a page size such as \"2MB\"", shown ? shown : "?");
    }
  }
  return 0;
}

static int check_unified(const kvlist_t *kv, const struct jpath *p, ctrun_error **err) {
  for (size_t i = 0; i < kv->n; i++) {
    const char *k = kv->items[i].key;
    struct jpath kp = {p, k, 0};
    /* A key is a file of the container's own cgroup directory. */
    if (k[0] == '\0' || strchr(k, '/') || strcmp(k, ".") == 0 || strcmp(k, "..") == 0)
      return jpath_error(err, &kp, "not a cgroup file name");
  }
  return 0;
}

int validate_resources(const spec_resources *res, const struct jpath *path,
                       const struct warn_sink *w, ctrun_error **err) {
  struct jpath rp = {path, "resources", 0}, mp = {&rp, "memory", 0}, sw = {&mp, "swappiness", 0},
               kp = {&mp, "kernel", 0}, ktp = {&mp, "kernelTCP", 0}, cp = {&rp, "cpu", 0},
               cpus = {&cp, "cpus", 0}, mems = {&cp, "mems", 0}, up = {&rp, "unified", 0};
  int r;
  if (!res->present)
    return 0;
  if ((r = check_device_rules(res, &rp, err)) < 0)
    return r;
  /* The kernel takes 0..100; runc and crun also pass -1 meaning "unset"
   * but this model's type is unsigned. */
  if (res->memory.swappiness.set && res->memory.swappiness.value > 100)
    return jpath_error(err, &sw, "%ju is out of range (0..100)",
                       (uintmax_t)res->memory.swappiness.value);
  if (res->memory.kernel.set)
    warn_at(w, &kp, "deprecated and ignored by recent kernels");
  if (res->memory.kernel_tcp.set)
    warn_at(w, &ktp, "deprecated and ignored by recent kernels");
  if ((r = check_cpu_list(res->cpu.cpus, &cpus, err)) < 0 ||
      (r = check_cpu_list(res->cpu.mems, &mems, err)) < 0 ||
      (r = check_hugepages(res, &rp, err)) < 0 || (r = check_unified(&res->unified, &up, err)) < 0)
    return r;
  return 0;
}
