/* ctrun update [--resources FILE|-] [runc's flags] ID: new limits for a
 * live container.  The flags override what --resources sets. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli-cgroup.h"
#include "runtime/container-cgroup.h"
#include "spec/cleanup.h"

/* "512m", "1g", "1024", "-1" -> bytes */
static int parse_bytes(const char *s, int64_t *ret) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s)
    return -1;
  long long mul = 1;
  if (*end) {
    switch (*end | 0x20) {
    case 'b': mul = 1; break;
    case 'k': mul = 1LL << 10; break;
    case 'm': mul = 1LL << 20; break;
    case 'g': mul = 1LL << 30; break;
    case 't': mul = 1LL << 40; break;
    default: return -1;
    }
    end++;
    if ((*end | 0x20) == 'b')
      end++;
    if (*end)
      return -1;
  }
  if (v > 0 && v > INT64_MAX / mul)
    return -1;
  *ret = v < 0 ? v : v * mul;
  return 0;
}

static int parse_i64(const char *s, int64_t *ret) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end)
    return -1;
  *ret = v;
  return 0;
}

static int read_all(FILE *f, char **ret, size_t *ret_len) {
  size_t cap = 4096, len = 0;
  char *buf = malloc(cap);
  if (buf == NULL)
    return -1;
  size_t n;
  while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      char *nb = realloc(buf, cap *= 2);
      if (nb == NULL) {
        free(buf);
        return -1;
      }
      buf = nb;
    }
  }
  *ret = buf;
  *ret_len = len;
  return ferror(f) ? -1 : 0;
}

int cli_update(struct cli_globals *g, int argc, char **argv) {
  enum { O_RES = 'r', O_MEM = 256, O_SWAP, O_RESV, O_SHARES, O_QUOTA, O_PERIOD, O_CPUS, O_MEMS, O_PIDS, O_BLKIO };
  static const struct option options[] = {
      {"resources", required_argument, NULL, O_RES},
      {"memory", required_argument, NULL, O_MEM},
      {"memory-swap", required_argument, NULL, O_SWAP},
      {"memory-reservation", required_argument, NULL, O_RESV},
      {"cpu-shares", required_argument, NULL, O_SHARES},
      {"cpu-quota", required_argument, NULL, O_QUOTA},
      {"cpu-period", required_argument, NULL, O_PERIOD},
      {"cpuset-cpus", required_argument, NULL, O_CPUS},
      {"cpuset-mems", required_argument, NULL, O_MEMS},
      {"pids-limit", required_argument, NULL, O_PIDS},
      {"blkio-weight", required_argument, NULL, O_BLKIO},
      {NULL, 0, NULL, 0},
  };
  const char *resources = NULL;
  const char *val[O_BLKIO + 1] = {0};
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+r:", options, NULL)) != -1) {
    if (c == '?' || c == ':')
      return cli_usage_error(g, "update", "unknown or incomplete option %s", argv[optind - 1]);
    if (c == O_RES)
      resources = optarg;
    else
      val[c] = optarg;
  }
  const char *id;
  if (cli_one_id(g, "update", argc, argv, optind, &id))
    return 1;

  ctrun_error *err = NULL;
  spec_config *cfg = NULL;
  spec_resources flags_only = {0};
  spec_resources *res = &flags_only;
  if (resources && !g->parse_only) { /* parse_only: the flags only, no file */
    FILE *f = strcmp(resources, "-") == 0 ? stdin : fopen(resources, "re");
    if (f == NULL)
      return cli_usage_error(g, "update", "cannot open %s", resources);
    _cleanup_free_ char *text = NULL;
    size_t len = 0;
    int rr = read_all(f, &text, &len);
    if (f != stdin)
      fclose(f);
    if (rr < 0)
      return cli_usage_error(g, "update", "cannot read %s", resources);
    if (container_resources_parse(text, len, &cfg, &err) < 0)
      return cli_fail(g, err);
    res = &cfg->linux_.resources;
  }
  int64_t v;
#define NUM(opt, parse, name, dst, present)                                                      \
  if (val[opt]) {                                                                                \
    if (parse(val[opt], &v) < 0) {                                                               \
      spec_config_free(cfg);                                                                     \
      return cli_usage_error(g, "update", "invalid value for --" name ": \"%s\"", val[opt]);    \
    }                                                                                            \
    dst.value = v;                                                                               \
    dst.set = true;                                                                              \
    present = true;                                                                              \
  }
  NUM(O_MEM, parse_bytes, "memory", res->memory.limit, res->memory.present);
  NUM(O_SWAP, parse_bytes, "memory-swap", res->memory.swap, res->memory.present);
  NUM(O_RESV, parse_bytes, "memory-reservation", res->memory.reservation, res->memory.present);
  NUM(O_QUOTA, parse_i64, "cpu-quota", res->cpu.quota, res->cpu.present);
  NUM(O_PIDS, parse_i64, "pids-limit", res->pids_limit, res->pids_present);
  int64_t u;
#define UNUM(opt, name, dst, present)                                                            \
  if (val[opt]) {                                                                                \
    if (parse_i64(val[opt], &u) < 0 || u < 0) {                                                  \
      spec_config_free(cfg);                                                                     \
      return cli_usage_error(g, "update", "invalid value for --" name ": \"%s\"", val[opt]);    \
    }                                                                                            \
    dst.value = (uint64_t)u;                                                                     \
    dst.set = true;                                                                              \
    present = true;                                                                              \
  }
  UNUM(O_SHARES, "cpu-shares", res->cpu.shares, res->cpu.present);
  UNUM(O_PERIOD, "cpu-period", res->cpu.period, res->cpu.present);
  UNUM(O_BLKIO, "blkio-weight", res->blkio.weight, res->blkio.present);
  if (g->parse_only)
    return 0; /* cfg is NULL: the file was not read */
  /* the strings stay owned by argv; cfg's own ones are not replaced */
  char *cpus = res->cpu.cpus, *mems = res->cpu.mems;
  if (val[O_CPUS]) {
    res->cpu.cpus = (char *)val[O_CPUS];
    res->cpu.present = true;
  }
  if (val[O_MEMS]) {
    res->cpu.mems = (char *)val[O_MEMS];
    res->cpu.present = true;
  }
  int r = container_update(&g->ctx, id, res, &err);
  res->cpu.cpus = cpus;
  res->cpu.mems = mems;
  spec_config_free(cfg);
  if (r < 0)
    return cli_fail(g, err);
  return 0;
}
