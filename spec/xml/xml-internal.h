/* Shared by the spec/xml/ files: the conversion context, element walking
 * with "was this element used?" marks, and model builders. */
#ifndef CTRUN_SPEC_XML_INTERNAL_H
#define CTRUN_SPEC_XML_INTERNAL_H

#include <libxml/tree.h>
#include <stdarg.h>
#include <stdbool.h>

#include "spec/cleanup.h"
#include "spec/xml/xml.h"

#define XML_LXC_NS "http://libvirt.org/schemas/domain/lxc/1.0"

enum xml_driver { XML_DRIVER_LXC, XML_DRIVER_OPENVZ, XML_DRIVER_VZ };

/* What the domain asks of the namespaces, gathered before the defaults. */
struct xml_ns_plan {
  bool private_net; /* <privnet/>, an <interface>, a net <hostdev> */
  bool userns;      /* both uid and gid maps */
  char *share_net, *share_ipc, *share_uts; /* namespace paths, or NULL */
  xmlNode *share_net_node;
};

typedef struct xml_ctx {
  const struct xml_options *opts;
  spec_warn_fn warn;
  void *userdata;
  ctrun_error **err;
  spec_config *cfg;
  enum xml_driver driver;
  char *name, *uuid;
  struct xml_ns_plan ns;
  /* user mounts, in document order; appended after the defaults */
  spec_mount *mounts;
  size_t n_mounts;
  bool root_readonly;
  bool root_shared_host; /* root.path "/" from the domain */
  uint64_t caps_kept;    /* bit N = capability N, after the policy */
  xmlNode *os;           /* for messages about the user */
  char *inituser, *initgroup;
  kvlist_t initenv;      /* <initenv>, merged over the defaults */
  char *cmdline;
  char *arch_personality; /* "LINUX32" */
  char *legacy_hostname;  /* <container><network hostname> */
  unsigned n_consoles;
  unsigned n_ifaces_unnamed; /* for the eth<N> default names */
  void *ifaces;              /* json_t array of the network annotation */
  /* device cgroup entries from filesystems and hostdevs, after the baseline */
  spec_device_rule *dev_rules;
  size_t n_dev_rules;
} xml_ctx;

/* ---- xml-util.c: walking and messages ---- */
/* Elements and attributes the converter reads get a mark, so that the
 * final walk can report every one it did not (node->_private). */
void xml_mark(xmlNode *n);
void xml_mark_tree(xmlNode *n); /* n, its attributes and everything below */
bool xml_is(const xmlNode *n, const char *name); /* element, no namespace */
xmlNode *xml_first(xmlNode *parent);             /* first child element */
xmlNode *xml_next(xmlNode *n);
#define xml_foreach(child, parent) \
  for (xmlNode *child = xml_first(parent); child; child = xml_next(child))
xmlNode *xml_child(xmlNode *parent, const char *name); /* first of that name, marked */
char *xml_attr(xmlNode *n, const char *name);          /* malloc'd or NULL, marked */
char *xml_text(xmlNode *n);                            /* trimmed content, malloc'd */
char *xml_path(const xmlNode *n);                      /* "/domain/devices/filesystem[2]" */

int xml_fail(xml_ctx *c, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Dropped information: a warning, or an error with --strict. */
int xml_drop(xml_ctx *c, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A warning that never becomes an error (a risky but valid choice). */
void xml_note(xml_ctx *c, const xmlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xml_oom(xml_ctx *c);
/* Reports unmarked elements and attributes under n. */
int xml_report_unused(xml_ctx *c, xmlNode *n);

int xml_parse_u64(xml_ctx *c, xmlNode *n, const char *text, uint64_t max, uint64_t *ret);
int xml_parse_i64(xml_ctx *c, xmlNode *n, const char *text, int64_t min, int64_t max,
                  int64_t *ret);
/* An element whose text is a number with a unit attribute `unit_attr`
 * (default `scale`), in bytes. */
int xml_scaled(xml_ctx *c, xmlNode *n, const char *unit_attr, uint64_t scale, uint64_t *ret);

/* ---- xml-model.c: builders ---- */
int strv_add(strv_t *v, const char *s);
int kv_set(kvlist_t *l, const char *key, const char *value);
int mount_add(spec_mount **mounts, size_t *n, const char *dest, const char *type,
              const char *source, const char *const *options);
int mount_add_option(spec_mount *m, const char *opt);
int dev_rule_add(spec_device_rule **rules, size_t *n, bool allow, const char *type,
                 int64_t major, int64_t minor, const char *access);
int annotate(xml_ctx *c, const char *suffix, const char *value); /* org.ctrun.xml.<suffix> */
void mounts_free(spec_mount *m, size_t n);

/* ---- the parts, in the order xml-domain.c calls them ---- */
int xml_parse_identity(xml_ctx *c, xmlNode *domain);
int xml_parse_os(xml_ctx *c, xmlNode *domain);
int xml_parse_features(xml_ctx *c, xmlNode *domain);
int xml_parse_idmap(xml_ctx *c, xmlNode *domain);
int xml_parse_lxc_namespace(xml_ctx *c, xmlNode *domain);
int xml_parse_seclabels(xml_ctx *c, xmlNode *domain);
int xml_parse_tune(xml_ctx *c, xmlNode *domain);
int xml_parse_filesystems(xml_ctx *c, xmlNode *devices);
int xml_parse_interfaces(xml_ctx *c, xmlNode *devices);
int xml_parse_devices(xml_ctx *c, xmlNode *devices); /* consoles, hostdev, the rest */
int xml_net_add_hostdev(xml_ctx *c, xmlNode *hostdev, const char *dev);
int xml_net_finish(xml_ctx *c);     /* writes the annotation */
void xml_net_free(xml_ctx *c);
int xml_apply_defaults(xml_ctx *c); /* mounts, namespaces, env, device cgroup */
int xml_set_user(xml_ctx *c, xmlNode *os, const char *user, const char *group);
int xml_parse_legacy(xml_ctx *c, xmlNode *domain); /* <container>, <cpushare> */
int xml_finish_root(xml_ctx *c); /* implicit root, read-only propagation */
int xml_apply_capabilities(xml_ctx *c, bool root_user);
bool xml_mknod_kept(const xml_ctx *c);
/* "1-2,^2,5" -> "1,5" (libvirt's bitmap syntax, normalized), *ret malloc'd */
int xml_parse_cpuset(xml_ctx *c, xmlNode *n, const char *text, char **ret);
/* Adds an interface object (json_t *) to the network annotation. */
int xml_net_append(xml_ctx *c, void *iface);

#endif
