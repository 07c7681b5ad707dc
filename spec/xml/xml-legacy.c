/* --legacy: the 2007-2008 libvir-list drafts.  They are rewritten, in the
 * document, into today's elements, and then converted as usual:
 *   <container><application>P</application>  -> <os><type>exe</type><init>P</init></os>
 *   <container><filesystem>[<mount>]...      -> <devices><filesystem type='mount'>...
 *   <container><network hostname='H'><ip address netmask/><gateway address/>
 *                                            -> hostname H, <interface type='ethernet'>
 *   <cpushare>N</cpushare>                   -> linux.resources.cpu.shares
 *   <interface type='route'>                 -> type 'ethernet' (a routed veth)
 *   <interface type='bridge'><target type='network'><source network='N'/></target>
 *                                            -> type 'network', <source network='N'/>
 *   <interface type='network'><host class='network' dev='D'/>
 *                                            -> <hostdev mode='capabilities' type='net'>
 *   <filesystem type='template'> without <target> -> target '/'; <quota> (xml-fs.c) */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/xml/xml-internal.h"

#define X(s) ((const xmlChar *)(s))

static xmlNode *ensure_child(xmlNode *parent, const char *name) {
  xml_foreach(n, parent) if (xml_is(n, name)) return n;
  return xmlNewChild(parent, NULL, X(name), NULL);
}

static int netmask_prefix(const char *mask) {
  unsigned char m[16];
  if (xml_parse_ip(mask, m) != 4)
    return -1;
  uint32_t v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
  int p = 0;
  for (uint32_t w = v; w; w &= w - 1)
    p++;
  return (p < 32 && (v << p) != 0) ? -1 : p;
}

/* <network hostname><ip address netmask><gateway/><nameserver/></ip></network> */
static int legacy_network(xml_ctx *c, xmlNode *net, xmlNode *devices) {
  int r;
  _cleanup_free_ char *host = xml_attr(net, "hostname");
  if (host && *host) {
    free(c->legacy_hostname);
    c->legacy_hostname = TAKE_PTR(host);
  }
  xml_foreach(ip, net) {
    if (!xml_is(ip, "ip"))
      continue;
    xml_mark(ip);
    _cleanup_free_ char *addr = xml_attr(ip, "address");
    _cleanup_free_ char *mask = xml_attr(ip, "netmask");
    if (addr == NULL || *addr == '\0')
      return xml_fail(c, ip, "empty address");
    xmlNode *iface = xmlNewChild(devices, NULL, X("interface"), NULL);
    xmlNode *nip = iface ? xmlNewChild(iface, NULL, X("ip"), NULL) : NULL;
    if (nip == NULL || xmlNewProp(iface, X("type"), X("ethernet")) == NULL ||
        xmlNewProp(nip, X("address"), X(addr)) == NULL)
      return xml_oom(c);
    if (mask && *mask) {
      int p = netmask_prefix(mask);
      char buf[16];
      if (p < 0)
        return xml_fail(c, ip, "'%s' is not a netmask", mask);
      snprintf(buf, sizeof(buf), "%d", p);
      if (xmlNewProp(nip, X("prefix"), X(buf)) == NULL)
        return xml_oom(c);
    }
    /* <gateway> and <nameserver> sat inside <ip> or beside it */
    xmlNode *scopes[] = {ip, net};
    for (size_t s = 0; s < 2; s++) {
      xml_foreach(g, scopes[s]) {
        if (xml_is(g, "gateway")) {
          xml_mark(g);
          _cleanup_free_ char *gw = xml_attr(g, "address");
          if (gw == NULL || *gw == '\0')
            return xml_fail(c, g, "empty gateway address");
          xmlNode *rt = xmlNewChild(iface, NULL, X("route"), NULL);
          if (rt == NULL || xmlNewProp(rt, X("address"), X(strchr(gw, ':') ? "::" : "0.0.0.0")) ==
                                NULL || xmlNewProp(rt, X("gateway"), X(gw)) == NULL)
            return xml_oom(c);
        } else if (xml_is(g, "nameserver") && g->_private == NULL) {
          xml_mark_tree(g);
          if ((r = xml_drop(c, g, "nameservers belong in the rootfs's /etc/resolv.conf, "
                                  "ignored")) < 0)
            return r;
        }
      }
    }
  }
  return 0;
}

static int legacy_container(xml_ctx *c, xmlNode *domain, xmlNode *container) {
  int r;
  xmlNode *devices = ensure_child(domain, "devices");
  xmlNode *os = ensure_child(domain, "os");
  if (devices == NULL || os == NULL)
    return xml_oom(c);
  xml_foreach(n, container) {
    if (xml_is(n, "application")) {
      xml_mark(n);
      _cleanup_free_ char *app = xml_text(n);
      if (app == NULL)
        return xml_oom(c);
      xmlNode *init = ensure_child(os, "init");
      if (init == NULL)
        return xml_oom(c);
      xmlNodeSetContent(init, X(app));
    } else if (xml_is(n, "network")) {
      xml_mark(n);
      if ((r = legacy_network(c, n, devices)) < 0)
        return r;
    } else if (xml_is(n, "filesystem")) {
      xml_mark(n);
      xmlNode *first = xml_first(n);
      if (first && xml_is(first, "mount")) {
        /* the first draft: one <filesystem> holding <mount>s */
        for (xmlNode *m = first, *next; m; m = next) {
          next = xml_next(m);
          if (!xml_is(m, "mount"))
            continue;
          xmlUnlinkNode(m);
          xmlNodeSetName(m, X("filesystem"));
          xmlSetProp(m, X("type"), X("mount"));
          xmlAddChild(devices, m);
        }
      } else {
        xmlNode *copy = xmlCopyNode(n, 1);
        if (copy == NULL || xmlAddChild(devices, copy) == NULL)
          return xml_oom(c);
        copy->_private = NULL;
      }
    }
  }
  return 0;
}

static int legacy_interface(xml_ctx *c, xmlNode *devices, xmlNode *iface) {
  _cleanup_free_ char *type = xml_attr(iface, "type");
  iface->_private = NULL; /* still parsed by xml-net.c */
  if (type && strcmp(type, "bridge") == 0) {
    xmlNode *target = NULL;
    xml_foreach(t, iface) if (xml_is(t, "target")) target = t;
    _cleanup_free_ char *ttype = xml_attr(target, "type");
    xmlNode *tsrc = NULL;
    if (ttype && strcmp(ttype, "network") == 0)
      xml_foreach(s, target) if (xml_is(s, "source")) tsrc = s;
    _cleanup_free_ char *net = xml_attr(tsrc, "network");
    if (net == NULL)
      return 0;
    xml_foreach(s, iface) if (xml_is(s, "source")) {
      xmlUnlinkNode(s);
      xmlFreeNode(s);
      break;
    }
    xmlUnlinkNode(target);
    xmlFreeNode(target);
    xmlNode *src = xmlNewChild(iface, NULL, X("source"), NULL);
    if (src == NULL || xmlNewProp(src, X("network"), X(net)) == NULL)
      return xml_oom(c);
    xmlSetProp(iface, X("type"), X("network"));
  } else if (type && strcmp(type, "network") == 0) {
    xmlNode *host = NULL;
    xml_foreach(h, iface) if (xml_is(h, "host")) host = h;
    _cleanup_free_ char *dev = xml_attr(host, "dev");
    if (dev == NULL)
      return 0;
    xmlNode *hd = xmlNewChild(devices, NULL, X("hostdev"), NULL);
    xmlNode *src = hd ? xmlNewChild(hd, NULL, X("source"), NULL) : NULL;
    if (src == NULL || xmlNewChild(src, NULL, X("interface"), X(dev)) == NULL ||
        xmlNewProp(hd, X("mode"), X("capabilities")) == NULL ||
        xmlNewProp(hd, X("type"), X("net")) == NULL)
      return xml_oom(c);
    xmlUnlinkNode(iface);
    xmlFreeNode(iface);
  }
  return 0;
}

int xml_parse_legacy(xml_ctx *c, xmlNode *domain) {
  int r;
  xmlNode *container = xml_child(domain, "container");
  if (container && (r = legacy_container(c, domain, container)) < 0)
    return r;
  xmlNode *share = xml_child(domain, "cpushare");
  if (share) {
    _cleanup_free_ char *t = xml_text(share);
    uint64_t v;
    if ((r = xml_parse_u64(c, share, t, 262144, &v)) < 0)
      return r;
    c->cfg->linux_.resources.cpu.shares = (opt_u64){v, true};
  }
  xmlNode *devices = NULL;
  xml_foreach(n, domain) if (xml_is(n, "devices")) devices = n;
  for (xmlNode *n = xml_first(devices), *next; n; n = next) {
    next = xml_next(n);
    if (xml_is(n, "interface") && (r = legacy_interface(c, devices, n)) < 0)
      return r;
  }
  /* the drafts had no <os>: containers started /sbin/init */
  xmlNode *os = NULL;
  xml_foreach(n, domain) if (xml_is(n, "os")) os = n;
  if (os == NULL && (os = xmlNewChild(domain, NULL, X("os"), NULL)) == NULL)
    return xml_oom(c);
  xmlNode *type = NULL, *init = NULL;
  xml_foreach(n, os) {
    if (xml_is(n, "type"))
      type = n;
    if (xml_is(n, "init"))
      init = n;
  }
  if (type == NULL && xmlNewChild(os, NULL, X("type"), X("exe")) == NULL)
    return xml_oom(c);
  if (init == NULL && xmlNewChild(os, NULL, X("init"), X("/sbin/init")) == NULL)
    return xml_oom(c);
  return xml_parse_os(c, domain);
}
