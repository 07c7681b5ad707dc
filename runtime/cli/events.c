/* ctrun events [--stats] [--interval DURATION] ID: runc's event JSON, one
 * object per line: {"type":"stats","id":...,"data":{...}} every interval
 * (once with --stats) and {"type":"oom","id":...} when the kernel
 * OOM-kills a process of the container. */
#include "config.h"

#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cli/cli-cgroup.h"
#include "runtime/container-cgroup.h"

static json_t *blkio_list(const struct cgroup_blkio_entry *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_pack("{s:I,s:I,s:s,s:I}", "major", (json_int_t)v[i].major, "minor",
                                       (json_int_t)v[i].minor, "op", v[i].op, "value", (json_int_t)v[i].value));
  return a;
}

static json_t *u(uint64_t v) { return json_integer(v > (uint64_t)INT64_MAX ? INT64_MAX : (json_int_t)v); }

static json_t *stats_json(const struct cgroup_stats *st) {
  json_t *data = json_object();
  if (st->has_cpu) {
    json_t *percpu = json_array();
    for (size_t i = 0; i < st->n_cpu_percpu; i++)
      json_array_append_new(percpu, u(st->cpu_percpu[i]));
    json_object_set_new(data, "cpu",
                        json_pack("{s:{s:o,s:o,s:o,s:o},s:{s:o,s:o,s:o}}", "usage", "total", u(st->cpu_total),
                                  "percpu", percpu, "kernel", u(st->cpu_kernel), "user", u(st->cpu_user),
                                  "throttling", "periods", u(st->cpu_periods), "throttledPeriods",
                                  u(st->cpu_throttled_periods), "throttledTime", u(st->cpu_throttled_time)));
  }
  if (st->has_memory)
    json_object_set_new(data, "memory",
                        json_pack("{s:o,s:{s:o,s:o,s:o,s:o},s:{s:o,s:o},s:{s:o,s:o}}", "cache", u(st->mem_cache),
                                  "usage", "limit", u(st->mem_limit), "usage", u(st->mem_usage), "max",
                                  u(st->mem_max), "failcnt", u(st->mem_failcnt), "swap", "limit",
                                  u(st->swap_limit), "usage", u(st->swap_usage), "raw", "cache",
                                  u(st->mem_cache), "rss", u(st->mem_rss)));
  if (st->has_pids)
    json_object_set_new(data, "pids", json_pack("{s:o,s:o}", "current", u(st->pids_current), "limit", u(st->pids_limit)));
  if (st->has_blkio)
    json_object_set_new(data, "blkio",
                        json_pack("{s:o,s:o}", "ioServiceBytesRecursive", blkio_list(st->blkio_bytes, st->n_blkio_bytes),
                                  "ioServicedRecursive", blkio_list(st->blkio_ios, st->n_blkio_ios)));
  json_t *h = json_object();
  for (size_t i = 0; i < st->n_hugetlb; i++)
    json_object_set_new(h, st->hugetlb[i].page_size,
                        json_pack("{s:o,s:o,s:o}", "usage", u(st->hugetlb[i].usage), "max", u(st->hugetlb[i].max),
                                  "failcnt", u(st->hugetlb[i].failcnt)));
  json_object_set_new(data, "hugetlb", h);
  return data;
}

static int emit(const char *type, const char *id, json_t *data) {
  json_t *ev = json_pack("{s:s,s:s}", "type", type, "id", id);
  if (data)
    json_object_set_new(ev, "data", data);
  char *s = json_dumps(ev, JSON_COMPACT);
  json_decref(ev);
  if (s == NULL)
    return -1;
  printf("%s\n", s);
  fflush(stdout);
  free(s);
  return 0;
}

static int on_event(enum container_event_type type, const struct cgroup_stats *st, void *userdata) {
  const char *id = userdata;
  if (type == CONTAINER_EVENT_OOM)
    return emit("oom", id, NULL) < 0 ? -5 : 0;
  return emit("stats", id, stats_json(st)) < 0 ? -5 : 0;
}

/* "5s", "500ms", "1m", "2" (seconds) -> milliseconds */
static long parse_duration(const char *s) {
  char *end;
  double v = strtod(s, &end), ms;
  if (end == s || !(v > 0)) /* !(v > 0) also refuses "nan" */
    return -1;
  if (*end == '\0' || strcmp(end, "s") == 0)
    ms = v * 1000;
  else if (strcmp(end, "ms") == 0)
    ms = v;
  else if (strcmp(end, "m") == 0)
    ms = v * 60000;
  else
    return -1;
  /* container_events takes unsigned milliseconds; converting a larger
   * double ("1e300", "inf") to an integer is undefined (found by fuzz-cli) */
  if (!(ms >= 1 && ms <= UINT_MAX))
    return -1;
  return (long)ms;
}

int cli_events(struct cli_globals *g, int argc, char **argv) {
  static const struct option options[] = {
      {"stats", no_argument, NULL, 's'}, {"interval", required_argument, NULL, 'i'}, {NULL, 0, NULL, 0}};
  bool once = false;
  long interval = 5000;
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
    if (c == 's')
      once = true;
    else if (c == 'i' && (interval = parse_duration(optarg)) > 0)
      continue;
    else if (c == 'i')
      return cli_usage_error(g, "events", "invalid --interval \"%s\"", optarg);
    else
      return cli_usage_error(g, "events", "unknown option %s", argv[optind - 1]);
  }
  const char *id;
  if (cli_one_id(g, "events", argc, argv, optind, &id))
    return 1;
  if (g->parse_only)
    return 0;
  ctrun_error *err = NULL;
  if (once) {
    struct cgroup_stats st;
    if (container_stats(&g->ctx, id, &st, &err) < 0)
      return cli_fail(g, err);
    int r = emit("stats", id, stats_json(&st));
    cgroup_stats_clear(&st);
    return r < 0 ? 1 : 0;
  }
  if (container_events(&g->ctx, id, (unsigned)interval, on_event, (void *)id, &err) < 0)
    return cli_fail(g, err);
  return 0;
}
