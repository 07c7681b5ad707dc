/* ctrun-xml2oci: a libvirt container domain XML to an OCI config.json. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/cli/xml2oci-host.h"
#include "spec/cleanup.h"
#include "spec/spec.h"
#include "spec/xml/xml.h"

#define PROG "ctrun-xml2oci"
#define MAX_INPUT (16 << 20)

static void usage(FILE *f) {
  fprintf(f,
          "Usage: " PROG " [OPTION]... [DOMAIN.xml|-]\n"
          "Convert a libvirt container domain (lxc, openvz, vz) to an OCI config.json.\n\n"
          "  -b, --bundle DIR          write DIR/config.json (atomically) instead of stdout\n"
          "  -r, --rootfs PATH         root.path, replacing the domain's root filesystem\n"
          "  -n, --network NAME=BRIDGE a libvirt network name and the bridge it uses\n"
          "  -t, --template-dir DIR    OpenVZ/vz templates: <source name='T'> is DIR/T\n"
          "  -c, --cgroups-path PATH   linux.cgroupsPath (default <partition>/<name>)\n"
          "      --net-hook PATH       add createRuntime/poststop hooks running PATH up|down\n"
          "      --state-root DIR      ctrun's state directory, for <lxc:shareuts type='name'>\n"
          "                            (default /run/ctrun)\n"
          "  -s, --strict              dropped elements are errors, not warnings\n"
          "  -l, --legacy              accept the 2007-2008 draft formats\n"
          "  -h, --help                this text\n\n"
          "libvirt LXC semantics are kept: no seccomp, no noNewPrivileges, the driver's\n"
          "capability policy.  See ctrun-xml2oci(1) for every mapping decision.\n");
}

static void print_warning(const char *message, void *userdata) {
  fprintf(stderr, PROG ": warning: %s\n", message);
}

static int fail(ctrun_error *err) {
  char buf[2048];
  fprintf(stderr, PROG ": %s\n", error_format(err, buf, sizeof(buf)));
  error_free(err);
  return 1;
}

static int read_input(const char *path, char **ret, size_t *ret_len, ctrun_error **err) {
  _cleanup_close_ int fd = -1;
  if (path == NULL || strcmp(path, "-") == 0)
    fd = dup(STDIN_FILENO);
  else
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return error_set(err, errno, "open %s", path ? path : "stdin");
  size_t len = 0, cap = 65536;
  _cleanup_free_ char *buf = malloc(cap + 1);
  if (buf == NULL)
    return error_set(err, ENOMEM, "reading %s", path ? path : "stdin");
  for (;;) {
    if (len == cap) {
      if (cap >= MAX_INPUT)
        return error_set(err, EFBIG, "read %s", path ? path : "stdin");
      cap *= 2;
      char *grown = realloc(buf, cap + 1);
      if (grown == NULL)
        return error_set(err, ENOMEM, "reading %s", path ? path : "stdin");
      buf = grown;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return error_set(err, errno, "read %s", path ? path : "stdin");
    if (n == 0)
      break;
    len += (size_t)n;
  }
  buf[len] = '\0';
  *ret = TAKE_PTR(buf);
  *ret_len = len;
  return 0;
}

static int write_all(int fd, const char *s, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, s, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -errno;
    s += n;
    len -= (size_t)n;
  }
  return 0;
}

/* A temporary file in the bundle, renamed over config.json: readers never
 * see half a file, and an error leaves the bundle as it was. */
static int write_bundle(const char *bundle, const char *json, ctrun_error **err) {
  _cleanup_free_ char *tmp = NULL, *dst = NULL;
  if (asprintf(&tmp, "%s/.config.json.XXXXXX", bundle) < 0 ||
      asprintf(&dst, "%s/config.json", bundle) < 0)
    return error_set(err, ENOMEM, "writing the bundle");
  _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0)
    return error_set(err, errno, "create %s", tmp);
  int r = write_all(fd, json, strlen(json));
  if (r == 0)
    r = write_all(fd, "\n", 1);
  if (r == 0 && fchmod(fd, 0644) < 0)
    r = -errno;
  if (r == 0 && fsync(fd) < 0)
    r = -errno;
  if (r == 0 && rename(tmp, dst) < 0)
    r = -errno;
  if (r < 0) {
    unlink(tmp);
    return error_set(err, -r, "write %s", dst);
  }
  return 0;
}

static int add_network(struct xml_network_map **maps, size_t *n, char *arg, ctrun_error **err) {
  char *eq = strchr(arg, '=');
  if (eq == NULL || eq == arg || eq[1] == '\0')
    return error_set(err, 0, "--network %s: expected NAME=BRIDGE", arg);
  *eq = '\0';
  struct xml_network_map *m = realloc(*maps, (*n + 1) * sizeof(*m));
  if (m == NULL)
    return error_set(err, ENOMEM, "--network");
  *maps = m;
  m[(*n)++] = (struct xml_network_map){arg, eq + 1};
  return 0;
}

int main(int argc, char **argv) {
  enum { OPT_NET_HOOK = 256, OPT_STATE_ROOT };
  static const struct option longopts[] = {
      {"bundle", required_argument, NULL, 'b'},     {"rootfs", required_argument, NULL, 'r'},
      {"network", required_argument, NULL, 'n'},    {"template-dir", required_argument, NULL, 't'},
      {"cgroups-path", required_argument, NULL, 'c'},
      {"net-hook", required_argument, NULL, OPT_NET_HOOK},
      {"state-root", required_argument, NULL, OPT_STATE_ROOT},
      {"strict", no_argument, NULL, 's'},           {"legacy", no_argument, NULL, 'l'},
      {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0}};
  struct xml_options opts = {0};
  struct xml2oci_host_data data = {.state_root = "/run/ctrun"};
  struct xml_host host;
  _cleanup_free_ struct xml_network_map *maps = NULL;
  ctrun_error *err = NULL;
  int c;
  while ((c = getopt_long(argc, argv, "b:r:n:t:c:slh", longopts, NULL)) != -1) {
    switch (c) {
    case 'b': data.bundle = optarg; break;
    case 'r': opts.rootfs = optarg; break;
    case 'n':
      if (add_network(&maps, &opts.n_networks, optarg, &err) < 0)
        return fail(err);
      break;
    case 't': opts.template_dir = optarg; break;
    case 'c': opts.cgroups_path = optarg; break;
    case OPT_NET_HOOK: opts.net_hook = optarg; break;
    case OPT_STATE_ROOT: data.state_root = optarg; break;
    case 's': opts.strict = true; break;
    case 'l': opts.legacy = true; break;
    case 'h': usage(stdout); return 0;
    default: usage(stderr); return 1;
    }
  }
  if (argc - optind > 1) {
    usage(stderr);
    return 1;
  }
  opts.networks = maps;
  xml2oci_host_init(&host, &data);
  opts.host = &host;

  _cleanup_free_ char *text = NULL;
  size_t len = 0;
  const char *input = optind < argc ? argv[optind] : NULL;
  if (read_input(input, &text, &len, &err) < 0)
    return fail(err);
  spec_config *cfg = NULL;
  if (xml_domain_to_config(text, len, &opts, print_warning, NULL, &cfg, &err) < 0) {
    if (input && strcmp(input, "-") != 0)
      error_prefix(&err, -EINVAL, "%s", input);
    return fail(err);
  }
  _cleanup_free_ char *json = NULL;
  int r = spec_config_to_json(cfg, SPEC_JSON_PRETTY, &json, &err);
  spec_config_free(cfg);
  if (r < 0)
    return fail(err);
  if (data.bundle) {
    if (write_bundle(data.bundle, json, &err) < 0)
      return fail(err);
    return 0;
  }
  if (write_all(STDOUT_FILENO, json, strlen(json)) < 0 || write_all(STDOUT_FILENO, "\n", 1) < 0) {
    fprintf(stderr, PROG ": write stdout: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}
