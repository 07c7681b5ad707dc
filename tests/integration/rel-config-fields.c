/* Every field of config.json, broken: a generator walks the schema table
 * (spec/schema-config.c, the one the parser uses, so a new field is covered
 * as soon as it is added) and, for each field, writes configs where only
 * that field is wrong: the wrong JSON type, a number one past its range or
 * beyond 64 bits, a string that is not UTF-8 or holds a NUL, an array or
 * map whose element is wrong.  Each config goes through container_create
 * (every tenth also through the ctrun binary) on a private state root.
 * Each must fail, with a message naming the field's JSON path, and leave
 * no state directory and no cgroup.
 *
 * The base is tests/fuzz/corpus/config/full.json (valid, most fields
 * present); a field whose parent object is absent there is set in an
 * object made for it, and the message may then name that object instead.
 * Root only (exit 77 otherwise): an accepted config would create a real
 * container, which is then deleted. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/container.h"
#include "spec/schema.h"

#define BAD_UTF8 "@@ctrun-bad-utf8@@" /* replaced by "\xff\xfe" in the text */
#define BIG_INT "@@ctrun-big-int@@"   /* replaced by 99999999999999999999 */

struct step {
  const char *key;     /* NULL: array index 0 */
  enum field_kind kind; /* what to create when the copy lacks it */
};

static const char *srcdir, *builddir, *ctrun_bin;
static char tmp[] = "/tmp/ctrun-rel-fields-XXXXXX";
static char bundle[PATH_MAX], state_root[PATH_MAX], cgroup_name[64];
static json_t *base;
static struct container_context ctx;
static int n_mutants, n_failed, n_exact, n_ancestor, n_cli, n_fields;

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "FAIL: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

/* ---- the document ---- */

/* The node the steps lead to in doc; made (and *made set) where absent. */
static json_t *walk(json_t *doc, const struct step *steps, size_t n, size_t *made_at) {
  json_t *node = doc;
  for (size_t i = 0; i < n; i++) {
    json_t *next;
    if (steps[i].key == NULL) {
      next = json_array_get(node, 0);
      if (next == NULL) {
        if (*made_at == SIZE_MAX)
          *made_at = i;
        json_array_append_new(node, json_object());
        next = json_array_get(node, 0);
      }
    } else {
      next = json_object_get(node, steps[i].key);
      if (next == NULL || (steps[i].kind == F_ARRAY && !json_is_array(next))) {
        if (*made_at == SIZE_MAX)
          *made_at = i;
        next = steps[i].kind == F_ARRAY ? json_array() : json_object();
        json_object_set_new(node, steps[i].key, next);
        /* a map gets one member, an object to descend into */
        if (steps[i].kind == F_MAP)
          json_object_set_new(next, "k", json_object());
      }
      if (steps[i].kind == F_MAP) {
        /* the first member stands for every member */
        void *it = json_object_iter(next);
        next = json_object_iter_value(it);
      }
    }
    node = next;
  }
  return node;
}

/* "linux.resources.devices[0].major" */
static void format_path(const struct step *steps, size_t n, const char *key, char *buf,
                        size_t len) {
  buf[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    size_t at = strlen(buf);
    if (steps[i].key == NULL)
      snprintf(buf + at, len - at, "[0]");
    else
      snprintf(buf + at, len - at, "%s%s", at ? "." : "", steps[i].key);
    if (steps[i].kind == F_MAP) {
      /* the member's name is part of the path */
      at = strlen(buf);
      snprintf(buf + at, len - at, ".*");
    }
  }
  if (key) {
    size_t at = strlen(buf);
    snprintf(buf + at, len - at, "%s%s", at ? "." : "", key);
  }
}

static char *replace_all(char *text, const char *from, const char *to) {
  char *at;
  while ((at = strstr(text, from)) != NULL) {
    size_t head = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
    char *out = malloc(strlen(text) - fl + tl + 1);
    if (out == NULL)
      die("out of memory");
    memcpy(out, text, head);
    memcpy(out + head, to, tl);
    strcpy(out + head + tl, at + fl);
    free(text);
    text = out;
  }
  return text;
}

/* ---- one mutant ---- */

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) || close(fd) < 0)
    die("write %s: %s", path, strerror(errno));
}

static bool cgroup_left(void) {
  char cmd[256];
  snprintf(cmd, sizeof(cmd),
           "find /sys/fs/cgroup -mindepth 2 -maxdepth 7 -type d -name '%s' 2>/dev/null | grep -q .",
           cgroup_name);
  return system(cmd) == 0;
}

/* The ctrun binary on the current config: its stderr, NULL when it
 * succeeded. */
static char *run_cli(const char *id) {
  char cmd[PATH_MAX * 3];
  snprintf(cmd, sizeof(cmd), "'%s' --root '%s' create --bundle '%s' '%s' 2>&1 </dev/null",
           ctrun_bin, state_root, bundle, id);
  FILE *p = popen(cmd, "r");
  if (p == NULL)
    die("popen: %s", strerror(errno));
  static char out[4096];
  size_t n = fread(out, 1, sizeof(out) - 1, p);
  out[n] = '\0';
  int st = pclose(p);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
    return NULL;
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 1)
    snprintf(out + strlen(out), sizeof(out) - strlen(out), " [exit status 0x%x]", st);
  return out;
}

static void mutant(const struct step *steps, size_t n, const char *key, const char *what,
                   json_t *value) {
  json_t *doc = json_deep_copy(base);
  size_t made_at = SIZE_MAX;
  json_t *parent = walk(doc, steps, n, &made_at);
  json_object_set_new(parent, key, value);
  char *text = json_dumps(doc, JSON_COMPACT);
  json_decref(doc);
  if (text == NULL)
    die("json_dumps");
  text = replace_all(text, "\"" BAD_UTF8 "\"", "\"\xff\xfe\"");
  text = replace_all(text, "\"" BIG_INT "\"", "99999999999999999999");
  char cfg[PATH_MAX + 16];
  snprintf(cfg, sizeof(cfg), "%s/config.json", bundle);
  write_file(cfg, text);
  free(text);

  char path[1024], expect[1100], ancestor[1100];
  format_path(steps, n, key, path, sizeof(path));
  snprintf(expect, sizeof(expect), "config.json: %s", path);
  if (made_at != SIZE_MAX) {
    char apath[1024];
    format_path(steps, made_at + 1, NULL, apath, sizeof(apath));
    snprintf(ancestor, sizeof(ancestor), "config.json: %s", apath);
  } else {
    snprintf(ancestor, sizeof(ancestor), "%s", expect);
  }
  /* map members are named by their key: match up to the "*" */
  char *star;
  if ((star = strstr(expect, ".*")) != NULL)
    star[1] = '\0';
  if ((star = strstr(ancestor, ".*")) != NULL)
    star[1] = '\0';

  char id[32];
  snprintf(id, sizeof(id), "field-%d", n_mutants++);
  struct container_create_options opts = {.bundle = bundle};
  ctrun_error *err = NULL;
  int r = container_create(&ctx, id, &opts, &err);
  bool ok = true;
  char why[512] = "";
  if (r == 0) {
    container_delete(&ctx, id, true, NULL);
    snprintf(why, sizeof(why), "accepted");
    ok = false;
  } else if (err == NULL || strstr(err->message, expect) == NULL) {
    if (err && made_at != SIZE_MAX && strstr(err->message, ancestor)) {
      n_ancestor++;
    } else {
      snprintf(why, sizeof(why), "message does not name %.200s: %.250s", path,
               err ? err->message : "(none)");
      ok = false;
    }
  } else {
    n_exact++;
  }
  error_free(err);
  char dir[PATH_MAX + 64];
  snprintf(dir, sizeof(dir), "%s/%s", state_root, id);
  if (ok && access(dir, F_OK) == 0) {
    snprintf(why, sizeof(why), "left %.400s", dir);
    ok = false;
  }
  /* the CLI: exit status 1, the same path in "ctrun: create container ID: ..." */
  if (ok && n_mutants % 10 == 0) {
    n_cli++;
    char *out = run_cli(id);
    if (out == NULL) {
      container_delete(&ctx, id, true, NULL);
      snprintf(why, sizeof(why), "ctrun create accepted it");
      ok = false;
    } else if (strncmp(out, "ctrun: create container ", 24) != 0 || strstr(out, "exit status") ||
               (!strstr(out, expect) && !strstr(out, ancestor))) {
      snprintf(why, sizeof(why), "ctrun create: %.400s", out);
      ok = false;
    } else if (access(dir, F_OK) == 0) {
      snprintf(why, sizeof(why), "ctrun create left %.400s", dir);
      ok = false;
    }
  }
  if (!ok) {
    n_failed++;
    fprintf(stderr, "FAIL: %s = %s: %s\n", path, what, why);
  }
}

/* ---- the walk over the schema ---- */

static void mutate_field(const struct step *steps, size_t n, const struct field *f) {
  const char *k = f->key;
  n_fields++;
  switch (f->kind) {
  case F_STRING:
    mutant(steps, n, k, "42", json_integer(42));
    mutant(steps, n, k, "not UTF-8", json_string(BAD_UTF8));
    mutant(steps, n, k, "\"a\\u0000b\"", json_stringn("a\0b", 3));
    break;
  case F_BOOL:
  case F_OPT_BOOL:
    mutant(steps, n, k, "\"true\"", json_string("true"));
    mutant(steps, n, k, "1", json_integer(1));
    break;
  case F_INT:
    mutant(steps, n, k, "\"1\"", json_string("1"));
    mutant(steps, n, k, "1.5", json_real(1.5));
    mutant(steps, n, k, "99999999999999999999", json_string(BIG_INT));
    if (f->min > INT64_MIN)
      mutant(steps, n, k, "min-1", json_integer((json_int_t)f->min - 1));
    if (f->max < (uint64_t)INT64_MAX)
      mutant(steps, n, k, "max+1", json_integer((json_int_t)f->max + 1));
    break;
  case F_STRV:
    mutant(steps, n, k, "\"x\"", json_string("x"));
    mutant(steps, n, k, "[1]", json_pack("[i]", 1));
    mutant(steps, n, k, "[not UTF-8]", json_pack("[s]", BAD_UTF8));
    mutant(steps, n, k, "[\"a\\u0000b\"]", json_pack("[s#]", "a\0b", 3));
    break;
  case F_KV:
    mutant(steps, n, k, "[]", json_array());
    mutant(steps, n, k, "{\"k\": 1}", json_pack("{s:i}", "k", 1));
    mutant(steps, n, k, "{\"k\": not UTF-8}", json_pack("{s:s}", "k", BAD_UTF8));
    mutant(steps, n, k, "{\"k\": \"a\\u0000b\"}", json_pack("{s:s#}", "k", "a\0b", 3));
    break;
  case F_U32V:
    mutant(steps, n, k, "\"x\"", json_string("x"));
    mutant(steps, n, k, "[-1]", json_pack("[i]", -1));
    mutant(steps, n, k, "[4294967296]", json_pack("[I]", (json_int_t)4294967296));
    mutant(steps, n, k, "[\"1\"]", json_pack("[s]", "1"));
    break;
  case F_OBJECT:
  case F_OBJECT_PTR:
    mutant(steps, n, k, "\"x\"", json_string("x"));
    mutant(steps, n, k, "[]", json_array());
    break;
  case F_ARRAY:
    mutant(steps, n, k, "{}", json_object());
    mutant(steps, n, k, "[1]", json_pack("[i]", 1));
    break;
  case F_MAP:
    mutant(steps, n, k, "[]", json_array());
    mutant(steps, n, k, "{\"k\": 1}", json_pack("{s:i}", "k", 1));
    break;
  }
}

static void walk_desc(const struct object_desc *d, struct step *steps, size_t n) {
  for (size_t i = 0; i < d->n_fields; i++) {
    const struct field *f = &d->fields[i];
    mutate_field(steps, n, f);
    if (f->sub == NULL || n + 2 >= 32)
      continue;
    steps[n] = (struct step){f->key, f->kind};
    if (f->kind == F_ARRAY) {
      steps[n + 1] = (struct step){NULL, F_OBJECT};
      walk_desc(f->sub, steps, n + 2);
    } else {
      walk_desc(f->sub, steps, n + 1);
    }
  }
}

int main(void) {
  if (geteuid() != 0) {
    printf("SKIP: needs root\n");
    return 77;
  }
  srcdir = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
  builddir = getenv("top_builddir") ? getenv("top_builddir") : ".";
  static char bin[PATH_MAX];
  snprintf(bin, sizeof(bin), "%s/ctrun", builddir);
  ctrun_bin = realpath(bin, NULL);
  if (ctrun_bin == NULL)
    die("%s: %s", bin, strerror(errno));
  if (mkdtemp(tmp) == NULL)
    die("mkdtemp: %s", strerror(errno));
  snprintf(bundle, sizeof(bundle), "%s/bundle", tmp);
  snprintf(state_root, sizeof(state_root), "%s/state", tmp);
  snprintf(cgroup_name, sizeof(cgroup_name), "ctrun-rel-fields-%d", (int)getpid());
  char cmd[PATH_MAX * 2];
  snprintf(cmd, sizeof(cmd), "sh '%s/tests/rootfs/make-rootfs.sh' '%s/rootfs' >/dev/null", srcdir,
           bundle);
  if (mkdir(bundle, 0755) < 0 || system(cmd) != 0) {
    printf("SKIP: no busybox rootfs\n");
    return 77;
  }

  char full[PATH_MAX];
  snprintf(full, sizeof(full), "%s/tests/fuzz/corpus/config/full.json", srcdir);
  json_error_t jerr;
  base = json_load_file(full, 0, &jerr);
  if (base == NULL)
    die("%s: %s", full, jerr.text);
  /* a container that could run here, should a mutant be accepted */
  json_object_set_new(json_object_get(base, "linux"), "cgroupsPath", json_string(cgroup_name));
  json_object_set_new(base, "hooks", json_object());
  json_object_set_new(json_object_get(base, "process"), "terminal", json_false());

  ctx.state_root = state_root;
  struct step steps[32];
  walk_desc(&config_desc, steps, 0);

  bool cg = cgroup_left();
  if (cg)
    fprintf(stderr, "FAIL: a cgroup %s was left\n", cgroup_name);
  snprintf(cmd, sizeof(cmd), "rmdir '%s' 2>/dev/null; rm -rf '%s'", state_root, tmp);
  bool root_empty = rmdir(state_root) == 0 || errno == ENOENT;
  if (!root_empty)
    fprintf(stderr, "FAIL: the state root %s is not empty\n", state_root);
  if (system(cmd) != 0)
    fprintf(stderr, "warning: could not remove %s\n", tmp);
  printf("%d fields, %d broken configs: %d refused naming the field, %d naming the object made "
         "for it, %d also through ctrun; %d failures\n",
         n_fields, n_mutants, n_exact, n_ancestor, n_cli, n_failed);
  json_decref(base);
  free((void *)ctrun_bin);
  return n_failed || cg || !root_empty ? 1 : 0;
}
