/* Golden tests of the domain XML converter: every domain of the libvirt
 * corpus (../shared/corpus/libvirt-lxc) and of tests/xml/inputs/ is
 * converted with fixed, fake host look-ups, and the config.json (or the
 * error) is compared with tests/xml/golden/.  Every config.json must also
 * parse back through spec_config_parse.
 *   xml-golden            compare (exit 77 when neither input set exists)
 *   xml-golden --update   rewrite the golden files */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spec/cleanup.h"
#include "spec/spec.h"
#include "spec/xml/xml.h"

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
                             "tester:x:1000:1000:Tester:/home/tester:/bin/sh\n";
static const char group[] = "root:x:0:\ntty:x:5:\nusers:x:100:tester,other\n"
                            "tester:x:1000:\n";

static int fake_read(const char *root, const char *rel, char **ret, void *u) {
  const char *text = strcmp(rel, "etc/passwd") == 0 ? passwd
                     : strcmp(rel, "etc/group") == 0 ? group
                                                      : NULL;
  if (text == NULL || strstr(root, "noetc"))
    return -ENOENT;
  *ret = strdup(text);
  return *ret ? 0 : -ENOMEM;
}

static int fake_stat(const char *path, char *type, int64_t *ma, int64_t *mi, void *u) {
  static const struct { const char *path; char type; int64_t ma, mi; } devs[] = {
      {"/dev/sdf1", 'b', 8, 81}, {"/dev/tty0", 'c', 4, 0}, {"/dev/vdb", 'b', 254, 16},
      {"/dev/null", 'c', 1, 3}};
  for (size_t i = 0; i < ARRAY_SIZE(devs); i++)
    if (strcmp(devs[i].path, path) == 0) {
      *type = devs[i].type, *ma = devs[i].ma, *mi = devs[i].mi;
      return 0;
    }
  return -ENOENT;
}

static int fake_fstype(const char *dev, char **ret, void *u) {
  *ret = strdup("ext4");
  return *ret ? 0 : -ENOMEM;
}

static int fake_dir(const char *path, void *u) {
  return strncmp(path, "/var/lib/ctrun/templates/", 25) == 0 ? 0 : -ENOENT;
}

static int fake_caps(uint64_t *ret, void *u) {
  *ret = (UINT64_C(1) << 41) - 1;
  return 0;
}

static int fake_pid(const char *name, int64_t *ret, void *u) {
  if (strcmp(name, "container1") != 0)
    return -ESRCH;
  *ret = 4242;
  return 0;
}

static const struct xml_host fake_host = {fake_read, fake_stat, fake_fstype, fake_dir,
                                          fake_caps, fake_pid, NULL};
static const struct xml_network_map networks[] = {{"default", "virbr0"}};

struct warnings {
  char *text;
  size_t len;
  FILE *f;
};

static void collect(const char *message, void *userdata) {
  struct warnings *w = userdata;
  fprintf(w->f, "warning: %s\n", message);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "re");
  if (f == NULL)
    return NULL;
  char *buf = NULL;
  size_t cap = 0;
  *len = 0;
  for (;;) {
    if (*len + 4096 + 1 > cap) {
      cap = cap ? cap * 2 : 8192;
      char *g = realloc(buf, cap);
      if (g == NULL) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = g;
    }
    size_t n = fread(buf + *len, 1, 4096, f);
    *len += n;
    if (n == 0)
      break;
  }
  fclose(f);
  buf[*len] = '\0';
  return buf;
}

static int write_file(const char *path, const char *text) {
  _cleanup_free_ char *dir = strdup(path);
  for (char *p = dir + 1; (p = strchr(p, '/')); p++) {
    *p = '\0';
    mkdir(dir, 0755);
    *p = '/';
  }
  FILE *f = fopen(path, "we");
  if (f == NULL)
    return -1;
  fputs(text, f);
  return fclose(f);
}

static bool update;
static int failures, checked;

/* Compares (or rewrites) golden/<rel>.<ext>; removes the other kind. */
static void expect(const char *golden_dir, const char *rel, const char *ext, const char *other,
                   const char *actual) {
  _cleanup_free_ char *path = NULL, *opath = NULL;
  if (asprintf(&path, "%s/%s.%s", golden_dir, rel, ext) < 0 ||
      asprintf(&opath, "%s/%s.%s", golden_dir, rel, other) < 0)
    abort();
  if (update) {
    if (actual && *actual)
      write_file(path, actual);
    else
      unlink(path);
    if (other[0])
      unlink(opath);
    return;
  }
  size_t len;
  _cleanup_free_ char *want = slurp(path, &len);
  if ((want == NULL && actual && *actual) || (want && strcmp(want, actual ? actual : "") != 0)) {
    fprintf(stderr, "FAIL %s: %s differs from the converter's output:\n%s\n", rel, path,
            actual ? actual : "(nothing)");
    failures++;
  }
}

static void run_one(const char *path, const char *rel, const char *golden_dir) {
  struct xml_options opts = {.template_dir = "/var/lib/ctrun/templates",
                             .networks = networks, .n_networks = 1, .host = &fake_host};
  const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
  opts.legacy = strncmp(base, "legacy-", 7) == 0;
  opts.strict = strncmp(base, "strict-", 7) == 0;
  if (strncmp(base, "rootfs-", 7) == 0)
    opts.rootfs = "rootfs";
  size_t len;
  _cleanup_free_ char *text = slurp(path, &len);
  if (text == NULL) {
    fprintf(stderr, "FAIL %s: cannot read\n", path);
    failures++;
    return;
  }
  struct warnings w = {0};
  w.f = open_memstream(&w.text, &w.len);
  spec_config *cfg = NULL;
  ctrun_error *err = NULL;
  int r = xml_domain_to_config(text, len, &opts, collect, &w, &cfg, &err);
  fclose(w.f);
  checked++;
  if (r < 0) {
    _cleanup_free_ char *msg = NULL;
    if (asprintf(&msg, "%s\n", err->message) < 0)
      abort();
    error_free(err);
    expect(golden_dir, rel, "err", "json", msg);
  } else {
    _cleanup_free_ char *json = NULL, *withnl = NULL;
    if (spec_config_to_json(cfg, SPEC_JSON_PRETTY, &json, &err) < 0 ||
        asprintf(&withnl, "%s\n", json) < 0) {
      fprintf(stderr, "FAIL %s: serialize: %s\n", rel, err ? err->message : "?");
      failures++;
    } else {
      /* what the converter writes is a valid config.json */
      spec_config *back = NULL;
      ctrun_error *perr = NULL;
      if (spec_config_parse(json, strlen(json), "config.json", &back, &perr) < 0) {
        fprintf(stderr, "FAIL %s: output does not parse back: %s\n", rel, perr->message);
        error_free(perr);
        failures++;
      }
      spec_config_free(back);
      expect(golden_dir, rel, "json", "err", withnl);
    }
    error_free(err);
    spec_config_free(cfg);
  }
  expect(golden_dir, rel, "warn", "", w.text);
  free(w.text);
}

/* rel: path relative to the input root, without ".xml" in the golden name */
static void walk(const char *root, const char *sub, const char *golden_dir) {
  _cleanup_free_ char *dir = NULL;
  if (asprintf(&dir, "%s%s%s", root, sub[0] ? "/" : "", sub) < 0)
    abort();
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    _cleanup_free_ char *rel = NULL, *full = NULL;
    if (name[0] == '.' || asprintf(&rel, "%s%s%s", sub, sub[0] ? "/" : "", name) < 0 ||
        asprintf(&full, "%s/%s", root, rel) < 0) {
      free(names[i]);
      continue;
    }
    struct stat st;
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
      walk(root, rel, golden_dir);
    else if (strlen(name) > 4 && strcmp(name + strlen(name) - 4, ".xml") == 0)
      run_one(full, rel, golden_dir);
    free(names[i]);
  }
  free(names);
}

int main(int argc, char **argv) {
  const char *srcdir = getenv("top_srcdir") ? getenv("top_srcdir") : ".";
  update = argc > 1 && strcmp(argv[1], "--update") == 0;
  _cleanup_free_ char *corpus = NULL, *inputs = NULL, *golden = NULL, *golden_own = NULL;
  if (asprintf(&corpus, "%s/../shared/corpus/libvirt-lxc", srcdir) < 0 ||
      asprintf(&inputs, "%s/tests/xml/inputs", srcdir) < 0 ||
      asprintf(&golden, "%s/tests/xml/golden", srcdir) < 0 ||
      asprintf(&golden_own, "%s/tests/xml/golden/inputs", srcdir) < 0)
    return 99;
  struct stat st;
  bool have_corpus = stat(corpus, &st) == 0;
  if (have_corpus)
    walk(corpus, "", golden);
  else
    fprintf(stderr, "SKIP corpus: %s is absent\n", corpus);
  walk(inputs, "", golden_own);
  printf("%d domains converted, %d failures%s\n", checked, failures, update ? " (updated)" : "");
  if (failures)
    return 1;
  return have_corpus ? 0 : 77;
}
