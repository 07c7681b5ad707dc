/* libvirt container domain XML (LXC, OpenVZ, vz; with .legacy the
 * 2007-2008 libvir-list drafts) -> the OCI model.  Pure: the caller hands
 * in the text, and every look-up on the host (a user name in the rootfs,
 * the major:minor of a device node, a template directory) goes through
 * the callbacks in struct xml_host, which the CLI implements. */
#ifndef CTRUN_SPEC_XML_XML_H
#define CTRUN_SPEC_XML_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/error.h"
#include "spec/model.h"
#include "spec/spec.h"

/* Host look-ups.  Each returns 0, or a negative errno (-ENOENT: not there). */
struct xml_host {
  /* Reads `relpath` (e.g. "etc/passwd") inside the root filesystem `root`
   * without leaving it; *ret is malloc'd and NUL-terminated. */
  int (*read_root_file)(const char *root, const char *relpath, char **ret, void *userdata);
  /* The node at `path`: *type 'b' or 'c', and its numbers. */
  int (*stat_device)(const char *path, char *type, int64_t *major, int64_t *minor, void *userdata);
  /* The filesystem type on a block device ("ext4"); *ret malloc'd. */
  int (*probe_fstype)(const char *dev, char **ret, void *userdata);
  /* 0 when `path` is a directory. */
  int (*check_dir)(const char *path, void *userdata);
  /* The capabilities the runtime will hold (bit N = capability N): libvirt
   * starts from those, not from every capability the kernel knows. */
  int (*held_capabilities)(uint64_t *ret, void *userdata);
  /* The pid of the init of another container (<lxc:shareuts type='name'>). */
  int (*container_pid)(const char *name, int64_t *ret, void *userdata);
  void *userdata;
};

struct xml_network_map {
  const char *name;   /* libvirt network name */
  const char *bridge; /* the host bridge it stands for */
};

struct xml_options {
  const char *rootfs;       /* replaces root.path (and is where users are looked up) */
  const char *template_dir; /* OpenVZ/vz templates: <source name=T> -> DIR/T */
  const struct xml_network_map *networks;
  size_t n_networks;
  const char *net_hook;     /* when set, createRuntime/poststop hooks run it */
  const char *cgroups_path; /* replaces the one from <resource><partition> */
  bool strict;              /* dropped elements are errors */
  bool legacy;              /* accept the 2007-2008 drafts */
  const struct xml_host *host; /* NULL: no host look-ups (names, devices fail) */
};

/* Annotation keys written by the converter. */
#define XML_ANNOT_NETWORK "org.ctrun.network.v1"
#define XML_ANNOT_PREFIX "org.ctrun.xml."

/* Converts `len` bytes of domain XML.  Warnings (each names an XPath) go to
 * `warn`.  On success *ret is a new validated model the caller frees with
 * spec_config_free; on error *ret is untouched and *err names the XPath. */
int xml_domain_to_config(const char *text, size_t len, const struct xml_options *opts,
                         spec_warn_fn warn, void *userdata, spec_config **ret,
                         ctrun_error **err);

/* Exposed for the unit tests: libvirt's scaled integers.  `unit` may be
 * NULL (then `scale` applies); the result is in bytes and at most `limit`. */
int xml_scale_integer(const char *value, const char *unit, uint64_t scale, uint64_t limit,
                      uint64_t *ret, ctrun_error **err);
/* "52:54:00:0A:b:1" -> "52:54:00:0a:0b:01"; refuses multicast addresses.
 * *ret is a malloc'd string; *is_zero tells 00:00:00:00:00:00. */
/* An IPv4 or IPv6 address (inet_pton's syntax) into out; returns 4 or 6. */
int xml_parse_ip(const char *text, unsigned char out[16]);
int xml_parse_mac(const char *text, char **ret, bool *is_zero, ctrun_error **err);

#endif
