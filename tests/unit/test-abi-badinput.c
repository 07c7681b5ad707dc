/* The text-taking functions of the ABI with bad text, table-driven: what a
 * caller may hand them by mistake or on purpose.  Each case must fail with
 * -EINVAL (or the errno named), an error whose message names the field (or
 * XPath), leave its output alone, and not crash or leak (this test runs
 * under ASan and under `make check-valgrind`).  Also: every prefix of a
 * valid config fails cleanly, a bundle path too long for the kernel is
 * refused before anything is made, and XML entity expansion stays bounded.
 * (tests/unit/test-abi-badargs.c has the NULL and bad-option arguments.) */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ctrun/ctrun.h>

#define SENTINEL ((void *)0x5e47)
#define BIG (17u << 20) /* over the 16 MiB a document may have */

enum parser { CONFIG, PROCESS, XML };

struct text_case {
  const char *name;
  enum parser parser;
  /* the text: literal bytes (len given, NUL allowed) or built by make() */
  const char *text;
  size_t len;
  char *(*make)(size_t *ret_len);
  int errnum;
  const char *expect; /* a substring of the message */
};

static const char config_head[] = "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, ";

static char *make_big(size_t *ret_len) {
  char *s = malloc(BIG + 1);
  cr_assert_not_null(s);
  memset(s, ' ', BIG);
  s[0] = '{';
  s[BIG - 1] = '}';
  s[BIG] = '\0';
  *ret_len = BIG;
  return s;
}

/* {"ociVersion": ..., "annotations": {"deep": [[[[...]]]]}} */
static char *make_deep(size_t *ret_len) {
  size_t depth = 10000, head = strlen(config_head);
  char *s = malloc(head + 2 * depth + 64);
  cr_assert_not_null(s);
  int n = sprintf(s, "%s\"annotations\": {\"deep\": ", config_head);
  memset(s + n, '[', depth);
  memset(s + n + depth, ']', depth);
  strcpy(s + n + 2 * depth, "}}");
  *ret_len = strlen(s);
  return s;
}

static char *make_deep_xml(size_t *ret_len) {
  size_t depth = 10000;
  char *s = malloc(depth * 7 + 64);
  cr_assert_not_null(s);
  char *p = s + sprintf(s, "<domain type='lxc'>");
  for (size_t i = 0; i < depth; i++)
    p += sprintf(p, "<a>");
  for (size_t i = 0; i < depth; i++)
    p += sprintf(p, "</a>");
  strcpy(p, "</domain>");
  *ret_len = strlen(s);
  return s;
}

/* a billion laughs: 10^9 "lol" if entities were expanded without limit */
static char *make_laughs(size_t *ret_len) {
  char *s = malloc(4096);
  cr_assert_not_null(s);
  char *p = s + sprintf(s, "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY l0 'lol'>");
  for (int i = 1; i <= 9; i++) {
    p += sprintf(p, "<!ENTITY l%d '", i);
    for (int k = 0; k < 10; k++)
      p += sprintf(p, "&l%d;", i - 1);
    p += sprintf(p, "'>");
  }
  sprintf(p, "]><domain type='lxc'><name>&l9;</name></domain>");
  *ret_len = strlen(s);
  return s;
}

#define T(s) s, sizeof(s) - 1, NULL
#define CFG(members) "{\"ociVersion\": \"1.2.0\", \"root\": {\"path\": \"rootfs\"}, " members "}"
#define PROC(members) "{\"args\": [\"sh\"], \"cwd\": \"/\", " members "}"

static const struct text_case cases[] = {
    {"config over 16 MiB", CONFIG, NULL, 0, make_big, EINVAL, "more than the 16 MiB"},
    {"config nested 10,000 deep", CONFIG, NULL, 0, make_deep, EINVAL,
     "annotations.deep[0][0]"},
    {"config string not UTF-8", CONFIG, T(CFG("\"hostname\": \"\xff\xfe\"")), EINVAL,
     "hostname: line 1"},
    {"config key not UTF-8", CONFIG, T(CFG("\"annotations\": {\"\xc3\x28\": \"x\"}")), EINVAL,
     "annotations"},
    {"config string with NUL", CONFIG, T(CFG("\"hostname\": \"a\\u0000b\"")), EINVAL,
     "hostname: string contains a NUL character"},
    {"config raw NUL byte", CONFIG, "{\"ociVersion\": \"1.2.0\"\0}", 25, NULL, EINVAL,
     "line 1"},
    {"config integer beyond 64 bits", CONFIG,
     T(CFG("\"linux\": {\"resources\": {\"pids\": {\"limit\": 99999999999999999999}}}")), EINVAL,
     "linux.resources.pids.limit"},
    {"config real beyond double", CONFIG,
     T(CFG("\"linux\": {\"resources\": {\"pids\": {\"limit\": 1e999}}}")), EINVAL,
     "linux.resources.pids.limit"},
    {"config negative size", CONFIG,
     T(CFG("\"linux\": {\"uidMappings\": [{\"containerID\": 0, \"hostID\": 0, \"size\": -1}]}")),
     EINVAL, "linux.uidMappings[0].size"},
    {"config soft > hard", CONFIG,
     T(CFG("\"process\": {\"args\": [\"sh\"], \"cwd\": \"/\", \"rlimits\": [{\"type\": "
           "\"RLIMIT_NOFILE\", \"soft\": 2, \"hard\": 1}]}")),
     EINVAL, "process.rlimits[0].soft"},
    {"config unknown enum", CONFIG,
     T(CFG("\"linux\": {\"namespaces\": [{\"type\": \"bogus\"}]}")), EINVAL,
     "linux.namespaces[0].type"},
    {"config relative path", CONFIG, T(CFG("\"mounts\": [{\"destination\": \"proc\"}]")), EINVAL,
     "mounts[0].destination"},
    {"config duplicate key", CONFIG, T(CFG("\"hostname\": \"a\", \"hostname\": \"b\"")), EINVAL,
     "hostname: line 1"},
    {"config hostname too long", CONFIG,
     T(CFG("\"hostname\": \"0123456789012345678901234567890123456789012345678901234567890123456789\"")),
     EINVAL, "hostname: 70 bytes"},
    {"config empty", CONFIG, T(""), EINVAL, "line 1, column 0"},
    {"config BOM", CONFIG, T("\xef\xbb\xbf{}"), EINVAL, "line 1"},
    {"config top-level string", CONFIG, T("\"x\""), EINVAL, "'[' or '{' expected"},
    {"process env without =", PROCESS, T(PROC("\"env\": [\"NOEQUALS\"]")), EINVAL,
     "env[0]: \"NOEQUALS\" is not NAME=VALUE"},
    {"process args not UTF-8", PROCESS, T("{\"args\": [\"\xff\"], \"cwd\": \"/\"}"), EINVAL,
     "args[0]: line 1"},
    {"process args with NUL", PROCESS, T(PROC("\"user\": {\"uid\": 0, \"gid\": 0, "
                                              "\"username\": \"a\\u0000\"}")),
     EINVAL, "user.username: string contains a NUL"},
    {"process uid beyond 32 bits", PROCESS,
     T(PROC("\"user\": {\"uid\": 4294967296, \"gid\": 0}")), EINVAL, "user.uid"},
    {"process nested 10,000 deep", PROCESS, NULL, 0, make_deep, EINVAL,
     "maximum parsing depth"},
    {"xml not UTF-8", XML, T("<domain type='lxc'><name>\xff\xfe</name></domain>"), EINVAL,
     "malformed XML at line 1: Input is not proper UTF-8"},
    {"xml raw NUL byte", XML, "<domain type='lxc'><name>a\0b</name></domain>", 44, NULL, EINVAL,
     "malformed XML at line 1"},
    {"xml nested 10,000 deep", XML, NULL, 0, make_deep_xml, EINVAL, "Excessive depth"},
    {"xml entity expansion", XML, NULL, 0, make_laughs, EINVAL, "entity reference loop"},
    {"xml empty", XML, T(""), EINVAL, "Document is empty"},
};

static int parse(const struct text_case *c, const char *text, size_t len, ctrun_error **e,
                 bool *touched) {
  int r;
  if (c->parser == CONFIG) {
    ctrun_config *cfg = SENTINEL;
    r = ctrun_config_from_json(text, len, &cfg, e);
    *touched = cfg != SENTINEL;
    if (r == 0)
      ctrun_config_free(cfg);
  } else if (c->parser == PROCESS) {
    ctrun_process *p = SENTINEL;
    r = ctrun_process_from_json(text, len, &p, e);
    *touched = p != SENTINEL;
    if (r == 0)
      ctrun_process_free(p);
  } else {
    ctrun_config *cfg = SENTINEL;
    r = ctrun_config_from_domain_xml(text, len, NULL, &cfg, e);
    *touched = cfg != SENTINEL;
    if (r == 0)
      ctrun_config_free(cfg);
  }
  return r;
}

Test(abi_badinput, every_text_case_fails_cleanly) {
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const struct text_case *c = &cases[i];
    size_t len = c->len;
    char *made = c->make ? c->make(&len) : NULL;
    const char *text = made ? made : c->text;
    ctrun_error *e = NULL;
    bool touched = false;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int r = parse(c, text, len, &e, &touched);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const char *msg = ctrun_error_get_message(e);
    cr_expect_eq(r, -c->errnum, "%s: returned %d, expected %d (%s)", c->name, r, -c->errnum, msg);
    cr_expect_not_null(e, "%s: no error object", c->name);
    cr_expect_neq(msg[0], '\0', "%s: empty message", c->name);
    cr_expect(strstr(msg, c->expect) != NULL, "%s: \"%s\" lacks \"%s\"", c->name, msg, c->expect);
    cr_expect(strlen(msg) < 1024, "%s: a %zu-byte message", c->name, strlen(msg));
    cr_expect(!touched, "%s: wrote its output although it failed", c->name);
    /* (valgrind is ~50 times slower: a generous bound, still far below
     * what a billion laughs or a quadratic parse would take) */
    cr_expect(t1.tv_sec - t0.tv_sec < 60, "%s: took %lds", c->name, (long)(t1.tv_sec - t0.tv_sec));
    ctrun_error_free(e);
    /* the same without an error object */
    cr_expect_eq(parse(c, text, len, NULL, &touched), r, "%s: different result with err NULL",
                 c->name);
    free(made);
  }
}

/* A valid config cut at every byte: each prefix fails, none crashes. */
Test(abi_badinput, every_prefix_of_a_config_fails) {
  const char *src = getenv("top_srcdir");
  char path[4096];
  snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/config/full.json", src ? src : ".");
  FILE *f = fopen(path, "re");
  cr_assert_not_null(f, "open %s", path);
  static char text[65536];
  size_t len = fread(text, 1, sizeof(text), f);
  fclose(f);
  cr_assert_gt(len, 1000);
  ctrun_config *cfg = NULL;
  cr_assert_eq(ctrun_config_from_json(text, len, &cfg, NULL), 0, "%s does not parse", path);
  ctrun_config_free(cfg);
  /* trailing whitespace aside, every shorter prefix is not JSON */
  while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
    len--;
  for (size_t n = 0; n < len; n++) {
    ctrun_error *e = NULL;
    cfg = SENTINEL;
    int r = ctrun_config_from_json(text, n, &cfg, &e);
    cr_expect_eq(r, -EINVAL, "prefix of %zu bytes: %d", n, r);
    cr_expect_eq(cfg, SENTINEL, "prefix of %zu bytes: output written", n);
    cr_expect_neq(ctrun_error_get_message(e)[0], '\0', "prefix of %zu bytes: no message", n);
    ctrun_error_free(e);
    if (r != -EINVAL)
      break;
  }
}

/* ctrun_process_from_args copies argv as given; text that is not UTF-8
 * cannot be JSON: to_json must say so rather than crash or emit garbage. */
Test(abi_badinput, process_args_not_utf8) {
  const char *const argv[] = {"/bin/echo", "\xff\xfe", NULL};
  ctrun_process *p = NULL;
  ctrun_error *e = NULL;
  int r = ctrun_process_from_args(argv, &p, &e);
  if (r < 0) {
    cr_expect_eq(r, -EINVAL);
    cr_expect(strstr(ctrun_error_get_message(e), "argv[1]"), "%s", ctrun_error_get_message(e));
    ctrun_error_free(e);
    return;
  }
  char *json = SENTINEL;
  r = ctrun_process_to_json(p, 0, &json, &e);
  if (r == 0) {
    /* whatever came out must parse back to the same bytes */
    ctrun_process *back = NULL;
    cr_expect_eq(ctrun_process_from_json(json, strlen(json), &back, NULL), 0, "%s", json);
    ctrun_process_free(back);
    ctrun_free(json);
  } else {
    cr_expect_eq(json, SENTINEL);
    cr_expect_neq(ctrun_error_get_message(e)[0], '\0');
    ctrun_error_free(e);
  }
  ctrun_process_free(p);
}

/* A bundle path longer than PATH_MAX: refused, and the state root stays
 * empty (nothing is made before the bundle is read). */
Test(abi_badinput, bundle_path_too_long) {
  char tmp[] = "/tmp/ctrun-abi-badinput-XXXXXX";
  cr_assert_not_null(mkdtemp(tmp));
  char root[256];
  snprintf(root, sizeof(root), "%s/state", tmp);
  ctrun_context_options o = CTRUN_CONTEXT_OPTIONS_INIT;
  o.state_root = root;
  ctrun_context *ctx = NULL;
  cr_assert_eq(ctrun_context_new(&o, &ctx, NULL), 0);
  static char bundle[8192];
  memset(bundle, 'b', sizeof(bundle) - 1);
  bundle[0] = '/';
  ctrun_create_options co = CTRUN_CREATE_OPTIONS_INIT;
  co.bundle = bundle;
  ctrun_container *c = SENTINEL;
  ctrun_error *e = NULL;
  int r = ctrun_container_create(ctx, "long-bundle", &co, &c, &e);
  cr_expect_lt(r, 0);
  cr_expect_eq(c, SENTINEL);
  cr_expect(strstr(ctrun_error_get_message(e), "bundle"), "%s", ctrun_error_get_message(e));
  ctrun_error_free(e);
  char dir[512];
  snprintf(dir, sizeof(dir), "%s/long-bundle", root);
  cr_expect_neq(access(dir, F_OK), 0, "%s was left", dir);
  ctrun_context_free(ctx);
  rmdir(root);
  cr_expect_eq(rmdir(tmp), 0, "%s is not empty", tmp);
}
