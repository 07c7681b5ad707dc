/* Resources: <memory>, <memtune>, <vcpu>, <cputune>, <blkiotune>,
 * <numatune>, <resource><partition>. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

/* libvirt keeps memory in KiB, rounding up, and takes anything at or above
 * VIR_DOMAIN_MEMORY_PARAM_UNLIMITED KiB as "unlimited". */
#define MEMORY_UNLIMITED_KIB UINT64_C(9007199254740991)

static int parse_memory(xml_ctx *c, xmlNode *n, opt_i64 *ret) {
  uint64_t bytes;
  _cleanup_free_ char *text = xml_text(n);
  _cleanup_free_ char *unit = xml_attr(n, "unit");
  _cleanup_error_ ctrun_error *e = NULL;
  if (text == NULL)
    return xml_oom(c);
  if (xml_scale_integer(text, unit, 1024, UINT64_MAX, &bytes, &e) < 0)
    return xml_fail(c, n, "%s", e->message);
  uint64_t kib = bytes / 1024 + (bytes % 1024 != 0);
  ret->set = false;
  if (kib == 0 || kib >= MEMORY_UNLIMITED_KIB) /* 0 means "not set" (OpenVZ files) */
    return 0;
  *ret = (opt_i64){(int64_t)(kib * 1024), true};
  return 0;
}

static int parse_memtune(xml_ctx *c, xmlNode *memtune, spec_memory *m) {
  int r;
  opt_i64 hard = {0}, soft = {0}, swap = {0}, guarantee = {0};
  xml_foreach(n, memtune) {
    opt_i64 *slot = xml_is(n, "hard_limit")      ? &hard
                    : xml_is(n, "soft_limit")    ? &soft
                    : xml_is(n, "swap_hard_limit") ? &swap
                    : xml_is(n, "min_guarantee") ? &guarantee
                                                 : NULL;
    if (slot == NULL)
      continue;
    xml_mark(n);
    if ((r = parse_memory(c, n, slot)) < 0)
      return r;
  }
  if (hard.set && swap.set && hard.value > swap.value)
    return xml_fail(c, memtune, "memory hard_limit tunable value must be lower than or equal "
                                "to swap_hard_limit");
  if (guarantee.set) {
    const char *why = c->driver == XML_DRIVER_OPENVZ
                          ? "OpenVZ's vmguarpages has no OCI equivalent"
                          : "the LXC driver does not implement it";
    if ((r = xml_drop(c, xml_child(memtune, "min_guarantee"), "dropped: %s", why)) < 0)
      return r;
  }
  /* hard_limit is applied after <memory>, so it wins */
  if (hard.set)
    m->limit = hard;
  if (soft.set)
    m->reservation = soft;
  if (swap.set)
    m->swap = swap; /* memsw: memory + swap, which is what OCI's swap means */
  return 0;
}

static int parse_memories(xml_ctx *c, xmlNode *domain, spec_resources *res) {
  int r;
  spec_memory *m = &res->memory;
  xmlNode *mem = xml_child(domain, "memory");
  if (mem) {
    _cleanup_free_ char *dump = xml_attr(mem, "dumpCore"); /* core dumps of a VM */
    if ((r = parse_memory(c, mem, &m->limit)) < 0)
      return r;
  }
  xmlNode *cur = xml_child(domain, "currentMemory");
  if (cur) {
    opt_i64 v;
    if ((r = parse_memory(c, cur, &v)) < 0)
      return r;
    if (v.set && !(m->limit.set && v.value == m->limit.value))
      xml_note(c, cur, "ignored: containers have no memory balloon (the LXC driver ignores it "
                       "as well)");
  }
  xmlNode *max = xml_child(domain, "maxMemory");
  if (max) {
    _cleanup_free_ char *slots = xml_attr(max, "slots");
    _cleanup_free_ char *unit = xml_attr(max, "unit");
    if ((r = xml_drop(c, max, "dropped: memory hotplug has no meaning for a container")) < 0)
      return r;
  }
  xmlNode *memtune = xml_child(domain, "memtune");
  if (memtune && (r = parse_memtune(c, memtune, m)) < 0)
    return r;
  m->present = m->limit.set || m->reservation.set || m->swap.set;
  return 0;
}

/* ---- CPU ---- */

#define BITMAP_MAX 8192

static int parse_bit(xml_ctx *c, xmlNode *n, const char **s, unsigned *ret) {
  char *end;
  if (**s < '0' || **s > '9')
    return -EINVAL;
  errno = 0;
  unsigned long v = strtoul(*s, &end, 10);
  if (errno || v >= BITMAP_MAX)
    return -ERANGE;
  *s = end;
  *ret = (unsigned)v;
  return 0;
}

int xml_parse_cpuset(xml_ctx *c, xmlNode *n, const char *text, char **ret) {
  _cleanup_free_ unsigned char *bits = calloc(BITMAP_MAX, 1);
  if (bits == NULL)
    return xml_oom(c);
  const char *s = text;
  bool any = false;
  for (;;) {
    while (*s == ' ')
      s++;
    bool neg = *s == '^';
    s += neg;
    unsigned lo, hi;
    if (parse_bit(c, n, &s, &lo) < 0)
      return xml_fail(c, n, "malformed CPU/node set '%s' (expected e.g. '0-3,^2,5')", text);
    hi = lo;
    if (*s == '-' && !neg) {
      s++;
      if (parse_bit(c, n, &s, &hi) < 0 || hi < lo)
        return xml_fail(c, n, "malformed CPU/node set '%s' (expected e.g. '0-3,^2,5')", text);
    }
    for (unsigned i = lo; i <= hi; i++)
      bits[i] = !neg;
    any |= !neg;
    while (*s == ' ')
      s++;
    if (*s == '\0')
      break;
    if (*s++ != ',')
      return xml_fail(c, n, "malformed CPU/node set '%s' (expected e.g. '0-3,^2,5')", text);
  }
  /* at most BITMAP_MAX/2 ranges of two 4-digit numbers */
  size_t cap = BITMAP_MAX * 6, len = 0;
  char *out = malloc(cap);
  if (out == NULL)
    return xml_oom(c);
  out[0] = '\0';
  for (unsigned i = 0; i < BITMAP_MAX; i++) {
    if (!bits[i])
      continue;
    unsigned j = i;
    while (j + 1 < BITMAP_MAX && bits[j + 1])
      j++;
    int w = j > i ? snprintf(out + len, cap - len, "%s%u-%u", len ? "," : "", i, j)
                  : snprintf(out + len, cap - len, "%s%u", len ? "," : "", i);
    len += (size_t)w;
    i = j;
  }
  if (!any || *out == '\0') {
    free(out);
    return xml_fail(c, n, "CPU/node set '%s' is empty", text);
  }
  *ret = out;
  return 0;
}

static int parse_vcpu(xml_ctx *c, xmlNode *domain, spec_cpu *cpu) {
  int r;
  xmlNode *vcpu = xml_child(domain, "vcpu");
  if (vcpu == NULL)
    return 0;
  _cleanup_free_ char *count = xml_text(vcpu);
  _cleanup_free_ char *placement = xml_attr(vcpu, "placement");
  _cleanup_free_ char *cpuset = xml_attr(vcpu, "cpuset");
  _cleanup_free_ char *current = xml_attr(vcpu, "current"); /* no hotplug: unused */
  uint64_t n;
  if (count == NULL)
    return xml_oom(c);
  if ((r = xml_parse_u64(c, vcpu, count, 16384, &n)) < 0)
    return r;
  if (placement && strcmp(placement, "auto") == 0) {
    if ((r = xml_drop(c, vcpu, "placement='auto' needs numad, ignored")) < 0)
      return r;
  } else if (placement && strcmp(placement, "static") != 0)
    return xml_fail(c, vcpu, "unknown placement '%s' (static or auto)", placement);
  if (cpuset) {
    if ((r = xml_parse_cpuset(c, vcpu, cpuset, &cpu->cpus)) < 0)
      return r;
  }
  /* The LXC driver ignores the count; OpenVZ and vz limit the CPUs. */
  if (c->driver != XML_DRIVER_LXC && n > 0)
    return xml_drop(c, vcpu, "the vCPU count %s has no OCI equivalent, ignored", count);
  return 0;
}

static int parse_cputune(xml_ctx *c, xmlNode *cputune, spec_cpu *cpu) {
  int r;
  xml_foreach(n, cputune) {
    xml_mark(n);
    _cleanup_free_ char *t = xml_text(n);
    if (t == NULL)
      return xml_oom(c);
    if (xml_is(n, "shares")) {
      uint64_t v;
      if ((r = xml_parse_u64(c, n, t, 262144, &v)) < 0)
        return r;
      cpu->shares = (opt_u64){v, true};
    } else if (xml_is(n, "period")) {
      uint64_t v;
      if ((r = xml_parse_u64(c, n, t, 1000000, &v)) < 0)
        return r;
      if (v < 1000)
        return xml_fail(c, n, "period must be in range [1000, 1000000]");
      cpu->period = (opt_u64){v, true};
    } else if (xml_is(n, "quota")) {
      int64_t v;
      if ((r = xml_parse_i64(c, n, t, -1, INT64_C(17592186044415), &v)) < 0)
        return r;
      if (v >= 0 && v < 1000)
        return xml_fail(c, n, "quota must be -1 (unlimited) or at least 1000");
      if (v > 0) /* -1 is "unlimited": the default, left out */
        cpu->quota = (opt_i64){v, true};
    } else if ((r = xml_drop(c, n, "tuning of virtual CPUs or emulator threads, ignored")) < 0) {
      return r;
    }
  }
  return 0;
}

static int parse_numatune(xml_ctx *c, xmlNode *numatune, spec_cpu *cpu) {
  int r;
  xml_foreach(n, numatune) {
    xml_mark(n);
    if (!xml_is(n, "memory")) {
      if ((r = xml_drop(c, n, "guest NUMA tuning of a virtual machine, ignored")) < 0)
        return r;
      continue;
    }
    _cleanup_free_ char *mode = xml_attr(n, "mode");
    _cleanup_free_ char *nodeset = xml_attr(n, "nodeset");
    _cleanup_free_ char *placement = xml_attr(n, "placement");
    const char *m = mode ? mode : "strict";
    if (placement && strcmp(placement, "auto") == 0) {
      if ((r = xml_drop(c, n, "placement='auto' needs numad, ignored")) < 0)
        return r;
      continue;
    }
    if (strcmp(m, "strict") != 0 && strcmp(m, "restrictive") != 0) {
      if (strcmp(m, "interleave") != 0 && strcmp(m, "preferred") != 0)
        return xml_fail(c, n, "unknown mode '%s'", m);
      if ((r = xml_drop(c, n, "mode '%s' needs set_mempolicy(), which OCI cannot express", m)) <
          0)
        return r;
      continue;
    }
    if (nodeset == NULL)
      return xml_fail(c, n, "nodeset is required with a static placement");
    free(cpu->mems);
    cpu->mems = NULL;
    if ((r = xml_parse_cpuset(c, n, nodeset, &cpu->mems)) < 0)
      return r;
  }
  return 0;
}

/* ---- block I/O ---- */

static int blkio_device_numbers(xml_ctx *c, xmlNode *n, const char *path, int64_t *major,
                                int64_t *minor) {
  long long ma, mi;
  int end = 0;
  /* /dev/block/M:m names the numbers: no look-up needed */
  if (sscanf(path, "/dev/block/%lld:%lld%n", &ma, &mi, &end) == 2 && path[end] == '\0' &&
      ma >= 0 && mi >= 0) {
    *major = ma, *minor = mi;
    return 0;
  }
  const struct xml_host *h = c->opts->host;
  char type = 0;
  if (h == NULL || h->stat_device == NULL || h->stat_device(path, &type, major, minor,
                                                             h->userdata) < 0)
    return xml_fail(c, n, "cannot find block device '%s'", path);
  if (type != 'b')
    return xml_fail(c, n, "'%s' is not a block device", path);
  return 0;
}

static int throttle_add(xml_ctx *c, spec_throttle_list *l, int64_t ma, int64_t mi, uint64_t v) {
  spec_throttle_device *d = realloc(l->items, (l->n + 1) * sizeof(*d));
  if (d == NULL)
    return xml_oom(c);
  l->items = d;
  l->items[l->n++] = (spec_throttle_device){ma, mi, v};
  l->present = true;
  return 0;
}

static int parse_blkio_device(xml_ctx *c, xmlNode *dev, spec_blkio *b) {
  int r;
  xmlNode *pn = xml_child(dev, "path");
  if (pn == NULL)
    return xml_fail(c, dev, "missing <path>");
  _cleanup_free_ char *path = xml_text(pn);
  int64_t ma, mi;
  if (path == NULL)
    return xml_oom(c);
  if ((r = blkio_device_numbers(c, pn, path, &ma, &mi)) < 0)
    return r;
  xml_foreach(n, dev) {
    if (xml_is(n, "path"))
      continue;
    xml_mark(n);
    _cleanup_free_ char *t = xml_text(n);
    uint64_t v;
    if (t == NULL)
      return xml_oom(c);
    spec_throttle_list *l = xml_is(n, "read_bytes_sec")    ? &b->throttle_read_bps
                            : xml_is(n, "write_bytes_sec") ? &b->throttle_write_bps
                            : xml_is(n, "read_iops_sec")   ? &b->throttle_read_iops
                            : xml_is(n, "write_iops_sec")  ? &b->throttle_write_iops
                                                           : NULL;
    if (l) {
      /* a config holds integers up to INT64_MAX (JSON as jansson reads it);
       * a larger rate made a config that does not parse (found by fuzz-xml) */
      if ((r = xml_parse_u64(c, n, t, INT64_MAX, &v)) < 0 ||
          (v > 0 && (r = throttle_add(c, l, ma, mi, v)) < 0))
        return r;
    } else if (xml_is(n, "weight")) {
      if ((r = xml_parse_u64(c, n, t, 1000, &v)) < 0)
        return r;
      if (v != 0 && v < 10)
        return xml_fail(c, n, "weight must be 0 or in range [10, 1000]");
      if (v == 0)
        continue;
      spec_weight_device *w = realloc(b->weight_device, (b->n_weight_device + 1) * sizeof(*w));
      if (w == NULL)
        return xml_oom(c);
      b->weight_device = w;
      w[b->n_weight_device++] = (spec_weight_device){.major = ma, .minor = mi,
                                                     .weight = {v, true}};
      b->weight_device_present = true;
    } else {
      n->_private = NULL;
    }
  }
  return 0;
}

static int parse_blkiotune(xml_ctx *c, xmlNode *blkio, spec_blkio *b) {
  int r;
  xml_foreach(n, blkio) {
    if (xml_is(n, "weight")) {
      xml_mark(n);
      _cleanup_free_ char *t = xml_text(n);
      uint64_t v;
      if (t == NULL)
        return xml_oom(c);
      if ((r = xml_parse_u64(c, n, t, 1000, &v)) < 0)
        return r;
      if (v < 10)
        return xml_fail(c, n, "weight must be in range [10, 1000]");
      b->weight = (opt_u64){v, true};
    } else if (xml_is(n, "device")) {
      xml_mark(n);
      if ((r = parse_blkio_device(c, n, b)) < 0)
        return r;
    }
  }
  b->present = b->weight.set || b->weight_device_present || b->throttle_read_bps.present ||
               b->throttle_write_bps.present || b->throttle_read_iops.present ||
               b->throttle_write_iops.present;
  return 0;
}

static int parse_partition(xml_ctx *c, xmlNode *domain) {
  xmlNode *res = xml_child(domain, "resource");
  xmlNode *part = xml_child(res, "partition");
  _cleanup_free_ char *p = part ? xml_text(part) : NULL;
  if (part && p == NULL)
    return xml_oom(c);
  if (p && p[0] != '/')
    return xml_fail(c, part, "resource partition '%s' must start with '/'", p);
  /* The LXC driver puts every container under /machine by default. */
  if (p == NULL && c->driver != XML_DRIVER_LXC)
    return 0;
  const char *base = p ? p : "/machine";
  size_t bl = strlen(base);
  while (bl > 1 && base[bl - 1] == '/')
    bl--;
  if (asprintf(&c->cfg->linux_.cgroups_path, "%.*s/%s", (int)(bl == 1 ? 0 : bl), base,
               c->name) < 0)
    return xml_oom(c);
  return 0;
}

int xml_parse_tune(xml_ctx *c, xmlNode *domain) {
  int r;
  spec_resources *res = &c->cfg->linux_.resources;
  if ((r = parse_memories(c, domain, res)) < 0 || (r = parse_vcpu(c, domain, &res->cpu)) < 0)
    return r;
  xmlNode *n;
  if ((n = xml_child(domain, "cputune")) && (r = parse_cputune(c, n, &res->cpu)) < 0)
    return r;
  if ((n = xml_child(domain, "numatune")) && (r = parse_numatune(c, n, &res->cpu)) < 0)
    return r;
  if ((n = xml_child(domain, "blkiotune")) && (r = parse_blkiotune(c, n, &res->blkio)) < 0)
    return r;
  spec_cpu *cpu = &res->cpu;
  cpu->present = cpu->shares.set || cpu->quota.set || cpu->period.set || cpu->cpus || cpu->mems;
  return parse_partition(c, domain);
}
