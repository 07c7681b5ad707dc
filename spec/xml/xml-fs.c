/* <filesystem>: the root (root.path) and the other mounts, in document
 * order, after the driver's defaults. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

enum fs_type { FS_MOUNT, FS_BIND, FS_RAM, FS_BLOCK, FS_FILE, FS_TEMPLATE, FS_VOLUME };
static const char *const fs_type_names[] = {"mount", "block", "file", "template",
                                            "ram",   "bind",  "volume"};
static const enum fs_type fs_type_values[] = {FS_MOUNT,    FS_BLOCK, FS_FILE,  FS_TEMPLATE,
                                              FS_RAM,      FS_BIND,  FS_VOLUME};

struct fs {
  xmlNode *node;
  enum fs_type type;
  const char *type_name;
  char *source; /* dir, dev, file or template name */
  char *target;
  bool readonly;
  uint64_t usage; /* ram, in bytes */
  char *driver, *format;
};

static void fs_clear(struct fs *f) {
  free(f->source);
  free(f->target);
  free(f->driver);
  free(f->format);
}

static int parse_quota(xml_ctx *c, xmlNode *fsn) {
  int r;
  uint64_t hard = 0, soft = 0;
  xmlNode *hn = xml_child(fsn, "space_hard_limit");
  xmlNode *sn = xml_child(fsn, "space_soft_limit");
  /* space limits default to bytes (virParseScaledValue with scale 1) */
  if (hn && (r = xml_scaled(c, hn, "unit", 1, &hard)) < 0)
    return r;
  if (sn && (r = xml_scaled(c, sn, "unit", 1, &soft)) < 0)
    return r;
  if (c->opts->legacy) {
    /* 2008 OpenVZ draft: <quota type='size' max='KiB'/>, <quota type='inodes'/> */
    xml_foreach(q, fsn) {
      if (!xml_is(q, "quota"))
        continue;
      xml_mark(q);
      _cleanup_free_ char *type = xml_attr(q, "type");
      _cleanup_free_ char *max = xml_attr(q, "max");
      uint64_t v;
      if (type && strcmp(type, "size") == 0) {
        if ((r = xml_parse_u64(c, q, max, UINT64_MAX / 1024, &v)) < 0)
          return r;
        hard = v * 1024, hn = q;
      } else if ((r = xml_drop(c, q, "quota type '%s' has no equivalent, ignored",
                               type ? type : "")) < 0)
        return r;
    }
  }
  if (sn && !hn)
    return xml_fail(c, sn, "a soft space limit needs a hard limit");
  if (hn == NULL)
    return 0;
  /* OpenVZ files often give KiB without a unit, which libvirt reads as bytes */
  if (hard < 64 * 1024 * 1024)
    xml_note(c, hn, "space limit of %" PRIu64 " bytes is implausibly small for a container: "
                    "were KiB meant? (without a unit, libvirt reads bytes)", hard);
  char buf[32];
  snprintf(buf, sizeof(buf), "%" PRIu64, hard);
  if ((r = annotate(c, "disk-quota.hard", buf)) < 0)
    return r;
  if (sn) {
    snprintf(buf, sizeof(buf), "%" PRIu64, soft);
    if ((r = annotate(c, "disk-quota.soft", buf)) < 0)
      return r;
  }
  return xml_drop(c, hn, "disk quotas are not enforced by OCI runtimes (kept in the annotation "
                         XML_ANNOT_PREFIX "disk-quota.*)");
}

static int parse_fs(xml_ctx *c, xmlNode *n, struct fs *f) {
  int r;
  f->node = n;
  _cleanup_free_ char *type = xml_attr(n, "type");
  _cleanup_free_ char *access = xml_attr(n, "accessmode");
  _cleanup_free_ char *multi = xml_attr(n, "multidevs");
  f->type = FS_MOUNT;
  f->type_name = "mount";
  if (type) {
    size_t i;
    for (i = 0; i < ARRAY_SIZE(fs_type_names); i++)
      if (strcmp(type, fs_type_names[i]) == 0)
        break;
    if (i == ARRAY_SIZE(fs_type_names))
      return xml_fail(c, n, "unknown filesystem type '%s'", type);
    f->type = fs_type_values[i];
    f->type_name = fs_type_names[i];
  }
  if (access && strcmp(access, "passthrough") != 0 &&
      (r = xml_drop(c, n, "accessmode '%s' is not implemented for containers; mounted as "
                          "passthrough", access)) < 0)
    return r;
  xmlNode *src = xml_child(n, "source");
  static const char *const src_attr[] = {
      [FS_MOUNT] = "dir", [FS_BIND] = "dir", [FS_BLOCK] = "dev", [FS_FILE] = "file",
      [FS_TEMPLATE] = "name", [FS_VOLUME] = "volume", [FS_RAM] = NULL};
  if (f->type == FS_RAM) {
    _cleanup_free_ char *usage = xml_attr(src, "usage");
    _cleanup_free_ char *units = xml_attr(src, "units");
    _cleanup_error_ ctrun_error *e = NULL;
    if (usage == NULL)
      return xml_fail(c, src ? src : n, "missing 'usage' attribute for RAM filesystem");
    /* no units: KiB, as libvirt */
    if (xml_scale_integer(usage, units, 1024, INT64_MAX - 1023, &f->usage, &e) < 0)
      return xml_fail(c, src, "%s", e->message);
    f->usage = (f->usage + 1023) / 1024 * 1024; /* libvirt keeps KiB, rounded up */
  } else {
    f->source = xml_attr(src, src_attr[f->type]);
    if (f->type == FS_VOLUME) {
      _cleanup_free_ char *pool = xml_attr(src, "pool");
    }
    if (f->source == NULL || *f->source == '\0')
      return xml_fail(c, src ? src : n, "missing source %s for filesystem type '%s'",
                      src_attr[f->type], f->type_name);
  }
  xmlNode *tgt = xml_child(n, "target");
  f->target = xml_attr(tgt, "dir");
  if (f->target == NULL && c->opts->legacy && f->type == FS_TEMPLATE)
    f->target = strdup("/"); /* the 2008 OpenVZ draft has no target */
  if (f->target == NULL)
    return xml_fail(c, n, "missing target dir");
  if (f->target[0] != '/')
    return xml_fail(c, tgt, "target '%s' must be an absolute path", f->target);
  f->readonly = xml_child(n, "readonly") != NULL;
  xmlNode *drv = xml_child(n, "driver");
  if (drv) {
    f->driver = xml_attr(drv, "type");
    f->format = xml_attr(drv, "format");
    _cleanup_free_ char *wrpolicy = xml_attr(drv, "wrpolicy");
  }
  if (f->driver && (strcmp(f->driver, "path") == 0 || strcmp(f->driver, "handle") == 0 ||
                    strcmp(f->driver, "virtiofs") == 0))
    return xml_fail(c, drv, "driver type '%s' is for virtual machines only", f->driver);
  if (f->type == FS_FILE) {
    const char *fmt = f->format ? f->format : "raw";
    if (f->driver == NULL)
      f->driver = strdup(strcmp(fmt, "raw") == 0 ? "loop" : "nbd");
    if (strcmp(f->driver, "loop") == 0 && strcmp(fmt, "raw") != 0)
      return xml_fail(c, drv, "fs format %s is not supported", fmt);
  }
  return parse_quota(c, n);
}

static int set_root(xml_ctx *c, struct fs *f) {
  spec_root *root = &c->cfg->root;
  const char *rootfs = c->opts->rootfs;
  root->present = true;
  if (f->readonly) {
    root->readonly = (opt_bool){true, true};
    c->root_readonly = true;
  }
  switch (f->type) {
  case FS_BIND:
  case FS_RAM:
  case FS_VOLUME:
    return xml_fail(c, f->node, "root filesystem of type '%s' is not supported", f->type_name);
  case FS_MOUNT:
    if (rootfs == NULL && strcmp(f->source, "/") == 0)
      c->root_shared_host = true;
    root->path = strdup(rootfs ? rootfs : f->source);
    break;
  case FS_TEMPLATE:
    if (rootfs) {
      root->path = strdup(rootfs);
      break;
    }
    if (c->opts->template_dir == NULL)
      return xml_fail(c, f->node, "template '%s' not found: pass --template-dir DIR or --rootfs "
                                  "PATH", f->source);
    if (strchr(f->source, '/') || strcmp(f->source, "..") == 0 || strcmp(f->source, ".") == 0)
      return xml_fail(c, f->node, "template name '%s' is not a plain name", f->source);
    if (asprintf(&root->path, "%s/%s", c->opts->template_dir, f->source) < 0)
      return xml_oom(c);
    const struct xml_host *h = c->opts->host;
    if (h && h->check_dir && h->check_dir(root->path, h->userdata) < 0)
      return xml_fail(c, f->node, "template '%s' not found: %s is not a directory", f->source,
                      root->path);
    return 0;
  case FS_BLOCK:
  case FS_FILE:
    if (rootfs == NULL)
      return xml_fail(c, f->node, "root filesystem of type '%s' (%s) must be mounted first: pass "
                                  "--rootfs DIR", f->type_name, f->source);
    xml_note(c, f->node, "the root filesystem '%s' is replaced by --rootfs %s", f->source, rootfs);
    root->path = strdup(rootfs);
    break;
  }
  return root->path ? 0 : xml_oom(c);
}

static int block_device_rule(xml_ctx *c, struct fs *f) {
  const struct xml_host *h = c->opts->host;
  char type = 0;
  int64_t ma, mi;
  if (h == NULL || h->stat_device == NULL ||
      h->stat_device(f->source, &type, &ma, &mi, h->userdata) < 0)
    return xml_fail(c, f->node, "cannot find block device '%s'", f->source);
  if (type != 'b')
    return xml_fail(c, f->node, "'%s' is not a block device", f->source);
  if (dev_rule_add(&c->dev_rules, &c->n_dev_rules, true, "b", ma, mi, f->readonly ? "r" : "rw") < 0)
    return xml_oom(c);
  return 0;
}

static int add_mount(xml_ctx *c, struct fs *f) {
  int r = 0;
  const char *root = c->cfg->root.path ? c->cfg->root.path : "/";
  _cleanup_free_ char *src = NULL;
  _cleanup_free_ char *fstype = NULL;
  char size[48];
  const char *bind[] = {"bind", NULL};
  const char *tmpfs[] = {"nosuid", "nodev", size, NULL};
  const char *none[] = {NULL};
  switch (f->type) {
  case FS_MOUNT:
    /* MS_BIND without MS_REC, as libvirt: sub-mounts of the source stay out */
    r = mount_add(&c->mounts, &c->n_mounts, f->target, "bind", f->source, bind);
    break;
  case FS_BIND:
    /* the source is a path inside the container */
    if (asprintf(&src, "%s%s", strcmp(root, "/") == 0 ? "" : root, f->source) < 0)
      return xml_oom(c);
    r = mount_add(&c->mounts, &c->n_mounts, f->target, "bind", src, bind);
    break;
  case FS_RAM:
    snprintf(size, sizeof(size), "size=%" PRIu64, f->usage);
    r = mount_add(&c->mounts, &c->n_mounts, f->target, "tmpfs", "tmpfs", tmpfs);
    break;
  case FS_BLOCK: {
    const struct xml_host *h = c->opts->host;
    if ((r = block_device_rule(c, f)) < 0)
      return r;
    if (h == NULL || h->probe_fstype == NULL || h->probe_fstype(f->source, &fstype,
                                                                 h->userdata) < 0)
      return xml_fail(c, f->node, "cannot tell the filesystem type of '%s'", f->source);
    r = mount_add(&c->mounts, &c->n_mounts, f->target, fstype, f->source, none);
    break;
  }
  case FS_FILE:
    return xml_drop(c, f->node, "image file '%s' (%s) needs a %s attach step that ctrun does not "
                                "provide, not mounted", f->source, f->format ? f->format : "raw",
                    f->driver);
  case FS_TEMPLATE:
    return xml_fail(c, f->node, "cannot mount filesystem type template at '%s'", f->target);
  case FS_VOLUME:
    return xml_drop(c, f->node, "storage pool volumes need libvirt, not mounted");
  }
  if (r < 0)
    return xml_oom(c);
  if (f->readonly && mount_add_option(&c->mounts[c->n_mounts - 1], "ro") < 0)
    return xml_oom(c);
  return 0;
}

int xml_parse_filesystems(xml_ctx *c, xmlNode *devices) {
  int r = 0;
  size_t n = 0, nfs = 0;
  xml_foreach(node, devices) nfs += xml_is(node, "filesystem");
  struct fs *all = calloc(nfs + 1, sizeof(*all));
  if (all == NULL)
    return xml_oom(c);
  struct fs *root = NULL;
  xml_foreach(node, devices) {
    if (!xml_is(node, "filesystem"))
      continue;
    xml_mark(node);
    struct fs *f = &all[n++];
    if ((r = parse_fs(c, node, f)) < 0)
      goto out;
    if (strcmp(f->target, "/") == 0) {
      if (root) {
        r = xml_fail(c, node, "more than one root filesystem");
        goto out;
      }
      root = f;
    }
  }
  if (c->driver == XML_DRIVER_OPENVZ && (n > 1 || (n == 1 && all[0].type != FS_MOUNT &&
                                                    all[0].type != FS_TEMPLATE))) {
    r = xml_fail(c, devices, "OpenVZ takes one filesystem, of type 'template' or 'mount'");
    goto out;
  }
  if (root && (r = set_root(c, root)) < 0)
    goto out;
  for (size_t i = 0; i < n; i++)
    if (&all[i] != root && (r = add_mount(c, &all[i])) < 0)
      goto out;
out:
  for (size_t i = 0; i < n; i++)
    fs_clear(&all[i]);
  free(all);
  return r;
}

/* No root filesystem: libvirt shares the host's root (the --rootfs option
 * replaces it, as always). */
int xml_finish_root(xml_ctx *c) {
  spec_root *root = &c->cfg->root;
  if (root->path == NULL) {
    root->present = true;
    root->path = strdup(c->opts->rootfs ? c->opts->rootfs : "/");
    if (root->path == NULL)
      return xml_oom(c);
    c->root_shared_host = c->opts->rootfs == NULL;
  }
  if (c->root_shared_host) {
    /* libvirt hands the host root over writable; ctrun does not */
    root->readonly = (opt_bool){true, true};
    xml_note(c, NULL, "the container shares the host's root filesystem (read-only); pass "
                      "--rootfs to give it its own");
  }
  if (c->root_readonly)
    for (size_t i = 0; i < c->n_mounts; i++)
      if (mount_add_option(&c->mounts[i], "ro") < 0)
        return xml_oom(c);
  return 0;
}
