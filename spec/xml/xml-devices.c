/* <devices> other than filesystems and interfaces: consoles, hostdevs,
 * and the virtual machine hardware that has no meaning here. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

static int parse_console(xml_ctx *c, xmlNode *n) {
  _cleanup_free_ char *type = xml_attr(n, "type");
  _cleanup_free_ char *tty = xml_attr(n, "tty"); /* a live host pty: never taken from input */
  xmlNode *target = xml_child(n, "target");
  _cleanup_free_ char *ttype = xml_attr(target, "type");
  _cleanup_free_ char *port = xml_attr(target, "port");
  if (type && strcmp(type, "pty") != 0)
    return xml_fail(c, n, "only PTY console types are supported, not '%s'", type);
  if (c->n_consoles++ == 0) {
    c->cfg->process->terminal = (opt_bool){true, true};
    return 0;
  }
  /* libvirt binds /dev/ttyN to extra ptys; OCI has one terminal */
  return xml_drop(c, n, "extra console: OCI has one terminal, only the first console is kept");
}

static int parse_node_hostdev(xml_ctx *c, xmlNode *hd, xmlNode *src, const char *elem,
                              char want) {
  xmlNode *pn = xml_child(src, elem);
  if (pn == NULL)
    return xml_fail(c, hd, "missing <source><%s>", elem);
  _cleanup_free_ char *path = xml_text(pn);
  if (path == NULL)
    return xml_oom(c);
  if (path[0] != '/')
    return xml_fail(c, pn, "'%s' must be an absolute path", path);
  const struct xml_host *h = c->opts->host;
  char type = 0;
  int64_t ma, mi;
  if (h == NULL || h->stat_device == NULL || h->stat_device(path, &type, &ma, &mi, h->userdata) < 0)
    return xml_fail(c, pn, "cannot find device '%s'", path);
  if (type != want)
    return xml_fail(c, pn, "'%s' is not a %s device", path, want == 'b' ? "block" : "character");
  spec_linux *l = &c->cfg->linux_;
  spec_device *d = realloc(l->devices, (l->n_devices + 1) * sizeof(*d));
  if (d == NULL)
    return xml_oom(c);
  l->devices = d;
  d = &d[l->n_devices++];
  memset(d, 0, sizeof(*d));
  l->devices_present = true;
  char t[2] = {want, 0};
  d->type = strdup(t);
  d->path = strdup(path); /* at the same path, mode 0700 as libvirt's mknod */
  d->major = ma;
  d->minor = mi;
  d->file_mode = (opt_u64){0700, true};
  if (d->type == NULL || d->path == NULL ||
      dev_rule_add(&c->dev_rules, &c->n_dev_rules, true, t, ma, mi, "rwm") < 0)
    return xml_oom(c);
  return 0;
}

static int parse_hostdev(xml_ctx *c, xmlNode *hd) {
  _cleanup_free_ char *mode = xml_attr(hd, "mode");
  _cleanup_free_ char *type = xml_attr(hd, "type");
  _cleanup_free_ char *managed = xml_attr(hd, "managed");
  if (mode == NULL || strcmp(mode, "capabilities") != 0)
    return xml_drop(c, hd, "hostdev mode '%s' (PCI/USB passthrough) is not supported, ignored",
                    mode ? mode : "subsystem");
  xmlNode *src = xml_child(hd, "source");
  if (type && strcmp(type, "storage") == 0)
    return parse_node_hostdev(c, hd, src, "block", 'b');
  if (type && strcmp(type, "misc") == 0)
    return parse_node_hostdev(c, hd, src, "char", 'c');
  if (type && strcmp(type, "net") == 0) {
    xmlNode *in = xml_child(src, "interface");
    if (in == NULL)
      return xml_fail(c, hd, "missing <source><interface>");
    _cleanup_free_ char *dev = xml_text(in);
    if (dev == NULL)
      return xml_oom(c);
    return xml_net_add_hostdev(c, hd, dev);
  }
  return xml_fail(c, hd, "unknown hostdev capabilities type '%s'", type ? type : "");
}

static const char *const vm_devices[] = {
    "disk",  "controller", "video",    "graphics", "input", "sound", "memballoon",
    "watchdog", "rng", "serial", "parallel", "channel", "smartcard", "redirdev",
    "tpm", "panic", "shmem", "memory", "iommu", "vsock", "hub", "lease", "redirfilter",
    "audio", "crypto"};

int xml_parse_devices(xml_ctx *c, xmlNode *devices) {
  int r;
  xml_foreach(n, devices) {
    if (xml_is(n, "filesystem") || xml_is(n, "interface"))
      continue;
    if (xml_is(n, "console")) {
      xml_mark(n);
      r = parse_console(c, n);
    } else if (xml_is(n, "hostdev")) {
      xml_mark(n);
      r = parse_hostdev(c, n);
    } else if (xml_is(n, "emulator")) {
      xml_mark(n); /* libvirt's controller binary: not ours to run */
      r = 0;
    } else {
      r = 0;
      for (size_t i = 0; i < ARRAY_SIZE(vm_devices); i++) {
        if (xml_is(n, vm_devices[i])) {
          xml_mark_tree(n); /* one message for the device, not one per child */
          r = xml_drop(c, n, "device <%s> has no meaning for a container, ignored",
                       vm_devices[i]);
          break;
        }
      }
    }
    if (r < 0)
      return r;
  }
  return 0;
}
