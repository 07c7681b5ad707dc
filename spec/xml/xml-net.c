/* <interface> and net <hostdev>: OCI has no NIC model, so they travel in
 * the annotation org.ctrun.network.v1 for the network hook:
 *   {"version":1,"interfaces":[{"type":..,"bridge":..,"network":..,"dev":..,
 *     "mode":..,"name":..,"hostName":..,"mac":..,"mtu":..,"linkState":..,
 *     "addresses":[{family,address,prefix,peer}],
 *     "routes":[{family,address,prefix,gateway}]}]} */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/cleanup-json.h"
#include "spec/xml/xml-internal.h"

enum { FAM_IPV4 = 4, FAM_IPV6 = 6 };

static unsigned popcount32(uint32_t v) {
  unsigned n = 0;
  for (; v; v &= v - 1)
    n++;
  return n;
}

static int set_str(xml_ctx *c, json_t *o, const char *key, const char *v) {
  if (v && json_object_set_new(o, key, json_string(v)) < 0)
    return xml_oom(c);
  return 0;
}

/* Interface names: what the kernel takes (IFNAMSIZ, no '/' or blanks). */
static int check_ifname(xml_ctx *c, xmlNode *n, const char *name) {
  size_t len = strlen(name);
  if (len == 0 || len > 15 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
      strpbrk(name, "/: \t\n") != NULL)
    return xml_fail(c, n, "'%s' is not a valid interface name", name);
  return 0;
}

/* libvirt's default prefix (virSocketAddrGetIPPrefix): 0 for the wildcard,
 * classful for IPv4, 64 for IPv6. */
static int default_prefix(int family, const unsigned char *addr) {
  if (family == FAM_IPV4) {
    if ((addr[0] | addr[1] | addr[2] | addr[3]) == 0)
      return 0;
    if ((addr[0] & 0x80) == 0)
      return 8;
    if ((addr[0] & 0xc0) == 0x80)
      return 16;
    if ((addr[0] & 0xe0) == 0xc0)
      return 24;
    return -1;
  }
  static const unsigned char zero[16];
  return memcmp(addr, zero, 16) == 0 ? 0 : 64;
}

static int parse_addr(xml_ctx *c, xmlNode *n, const char *attr, const char *want_family,
                      int *family, unsigned char buf[16], bool required) {
  _cleanup_free_ char *a = xml_attr(n, attr);
  if (a == NULL)
    return required ? xml_fail(c, n, "missing attribute '%s'", attr) : 0;
  int v = xml_parse_ip(a, buf);
  if (v < 0)
    return xml_fail(c, n, "'%s' is not an IP address", a);
  int fam = v == 4 ? FAM_IPV4 : FAM_IPV6;
  if (want_family && strcmp(want_family, fam == FAM_IPV4 ? "ipv4" : "ipv6") != 0)
    return xml_fail(c, n, "address '%s' does not match family '%s'", a, want_family);
  if (*family && *family != fam)
    return xml_fail(c, n, "'%s' is not of the same family as the address", a);
  *family = fam;
  return 1;
}

/* <ip> and <route> share the shape: family, address, prefix (+peer or gateway). */
static int parse_ip_like(xml_ctx *c, xmlNode *n, bool route, json_t **ret) {
  int r;
  _cleanup_free_ char *fam_s = xml_attr(n, "family");
  _cleanup_free_ char *prefix_s = xml_attr(n, "prefix");
  _cleanup_free_ char *netmask = xml_attr(n, "netmask");
  _cleanup_free_ char *metric = xml_attr(n, "metric");
  if (fam_s && strcmp(fam_s, "ipv4") != 0 && strcmp(fam_s, "ipv6") != 0)
    return xml_fail(c, n, "unknown family '%s' (ipv4 or ipv6)", fam_s);
  int family = 0;
  unsigned char addr[16], other[16];
  if ((r = parse_addr(c, n, "address", fam_s, &family, addr, true)) < 0)
    return r;
  const char *second = route ? "gateway" : "peer";
  int has_second = parse_addr(c, n, second, fam_s, &family, other, route);
  if (has_second < 0)
    return has_second;
  int max = family == FAM_IPV4 ? 32 : 128;
  int64_t prefix;
  if (prefix_s) {
    if ((r = xml_parse_i64(c, n, prefix_s, 0, max, &prefix)) < 0)
      return r;
  } else if (netmask) {
    unsigned char m[16];
    if (family != FAM_IPV4 || xml_parse_ip(netmask, m) != 4)
      return xml_fail(c, n, "'%s' is not an IPv4 netmask", netmask);
    uint32_t v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
    prefix = popcount32(v);
    if (prefix < 32 && (v << prefix) != 0)
      return xml_fail(c, n, "'%s' is not a contiguous netmask", netmask);
  } else if ((prefix = default_prefix(family, addr)) < 0) {
    return xml_fail(c, n, "no prefix given and none can be derived for this address");
  }
  if (metric && (r = xml_drop(c, n, "route metric is not carried, ignored")) < 0)
    return r;
  _cleanup_free_ char *a = xml_attr(n, "address");
  _cleanup_free_ char *s = has_second ? xml_attr(n, second) : NULL;
  _cleanup_json_ json_t *o = json_object();
  if (o == NULL || set_str(c, o, "family", family == FAM_IPV4 ? "ipv4" : "ipv6") < 0 ||
      set_str(c, o, "address", a) < 0 ||
      json_object_set_new(o, "prefix", json_integer(prefix)) < 0 ||
      set_str(c, o, second, s) < 0)
    return xml_oom(c);
  *ret = TAKE_PTR(o);
  return 0;
}

/* The <ip> and <route> children of n into "addresses" and "routes". */
static int parse_ips(xml_ctx *c, xmlNode *n, json_t *iface) {
  int r;
  json_t *addrs = json_array(), *routes = json_array();
  if (json_object_set_new(iface, "addresses", addrs) < 0 ||
      json_object_set_new(iface, "routes", routes) < 0)
    return xml_oom(c);
  xml_foreach(child, n) {
    bool is_ip = xml_is(child, "ip"), is_route = xml_is(child, "route");
    if (!is_ip && !is_route)
      continue;
    xml_mark(child);
    json_t *o = NULL;
    if ((r = parse_ip_like(c, child, is_route, &o)) < 0)
      return r;
    if (json_array_append_new(is_ip ? addrs : routes, o) < 0)
      return xml_oom(c);
  }
  return 0;
}

int xml_net_append(xml_ctx *c, void *iface) {
  if (c->ifaces == NULL && (c->ifaces = json_array()) == NULL)
    return xml_oom(c);
  if (json_array_append_new(c->ifaces, iface) < 0)
    return xml_oom(c);
  c->ns.private_net = true;
  return 0;
}

static int parse_mac(xml_ctx *c, xmlNode *iface, json_t *o, bool zero_is_dummy) {
  xmlNode *m = xml_child(iface, "mac");
  if (m == NULL)
    return 0;
  _cleanup_free_ char *addr = xml_attr(m, "address");
  _cleanup_free_ char *type = xml_attr(m, "type");
  _cleanup_free_ char *norm = NULL;
  _cleanup_error_ ctrun_error *e = NULL;
  bool zero;
  if (addr == NULL)
    return xml_fail(c, m, "missing attribute 'address'");
  if (xml_parse_mac(addr, &norm, &zero, &e) < 0)
    return xml_fail(c, m, "%s", e->message);
  if (zero) {
    /* OpenVZ venet interfaces carry a dummy all-zero MAC */
    if (!zero_is_dummy)
      return xml_fail(c, m, "the all-zero MAC address cannot be set on an interface");
    xml_note(c, m, "dummy all-zero MAC of an OpenVZ venet interface, left out");
    return 0;
  }
  return set_str(c, o, "mac", norm);
}

static int parse_link_and_mtu(xml_ctx *c, xmlNode *iface, json_t *o) {
  int r;
  xmlNode *mtu = xml_child(iface, "mtu");
  if (mtu) {
    _cleanup_free_ char *size = xml_attr(mtu, "size");
    uint64_t v;
    if ((r = xml_parse_u64(c, mtu, size, 65535, &v)) < 0)
      return r;
    if (v < 68)
      return xml_fail(c, mtu, "MTU %s is below the minimum of 68", size);
    if (json_object_set_new(o, "mtu", json_integer((json_int_t)v)) < 0)
      return xml_oom(c);
  }
  xmlNode *link = xml_child(iface, "link");
  _cleanup_free_ char *state = xml_attr(link, "state");
  if (state && strcmp(state, "up") != 0 && strcmp(state, "down") != 0)
    return xml_fail(c, link, "link state '%s' (up or down)", state);
  return 0;
}

/* libvirt's default link state is up; "down" only when <link state='down'>
 * asks for it (the hook refuses routes on a down link). */
static int set_link_state(xml_ctx *c, xmlNode *iface, json_t *o) {
  xmlNode *link = xml_child(iface, "link");
  _cleanup_free_ char *state = xml_attr(link, "state");
  return set_str(c, o, "linkState", state ? state : "up");
}

static int parse_extras(xml_ctx *c, xmlNode *iface, const char *type) {
  int r;
  bool direct = strcmp(type, "direct") == 0;
  xml_foreach(n, iface) {
    if (xml_is(n, "script"))
      return xml_fail(c, n, "scripts are not supported on LXC network interfaces");
    if (xml_is(n, "virtualport")) {
      xml_mark_tree(n);
      if (direct)
        return xml_fail(c, n, "unable to set port profile on direct interfaces");
      if ((r = xml_drop(c, n, "virtual port profiles are not supported, ignored")) < 0)
        return r;
    } else if (xml_is(n, "bandwidth")) {
      xml_mark_tree(n);
      if (direct)
        return xml_fail(c, n, "bandwidth settings are not supported on direct interfaces");
      if ((r = xml_drop(c, n, "bandwidth limits are not carried, ignored")) < 0)
        return r;
    } else if (xml_is(n, "filterref")) {
      xml_mark_tree(n);
      if ((r = xml_drop(c, n, "network filters need libvirt's nwfilter, ignored")) < 0)
        return r;
    } else if (xml_is(n, "model") || xml_is(n, "driver") || xml_is(n, "address") ||
               xml_is(n, "alias") || xml_is(n, "rom") || xml_is(n, "boot")) {
      /* virtual machine hardware: meaningless for a veth */
      xml_mark_tree(n);
    }
  }
  return 0;
}

static int parse_source(xml_ctx *c, xmlNode *iface, const char *type, json_t *o) {
  int r;
  xmlNode *src = xml_child(iface, "source");
  if (strcmp(type, "bridge") == 0) {
    _cleanup_free_ char *br = xml_attr(src, "bridge");
    if (br == NULL || *br == '\0')
      return xml_fail(c, iface, "interface of type 'bridge' needs <source bridge='...'>");
    if ((r = check_ifname(c, src, br)) < 0)
      return r;
    return set_str(c, o, "bridge", br);
  }
  if (strcmp(type, "network") == 0) {
    _cleanup_free_ char *net = xml_attr(src, "network");
    _cleanup_free_ char *portgroup = xml_attr(src, "portgroup");
    if (net == NULL)
      return xml_fail(c, iface, "interface of type 'network' needs <source network='...'>");
    for (size_t i = 0; i < c->opts->n_networks; i++)
      if (strcmp(c->opts->networks[i].name, net) == 0)
        return set_str(c, o, "bridge", c->opts->networks[i].bridge) ?: set_str(c, o, "network",
                                                                               net);
    return xml_fail(c, src, "network '%s' unknown: pass --network %s=<bridge>", net, net);
  }
  if (strcmp(type, "direct") == 0) {
    _cleanup_free_ char *dev = xml_attr(src, "dev");
    _cleanup_free_ char *mode = xml_attr(src, "mode");
    const char *m = mode ? mode : "vepa";
    if (dev == NULL)
      return xml_fail(c, iface, "interface of type 'direct' needs <source dev='...'>");
    if ((r = check_ifname(c, src, dev)) < 0)
      return r;
    if (strcmp(m, "vepa") != 0 && strcmp(m, "bridge") != 0 && strcmp(m, "private") != 0 &&
        strcmp(m, "passthrough") != 0)
      return xml_fail(c, src, "unknown macvlan mode '%s' (vepa, bridge, private, passthrough)",
                      m);
    if ((r = set_str(c, o, "dev", dev)) < 0)
      return r;
    return set_str(c, o, "mode", m);
  }
  /* ethernet: the <source> holds host-side addresses and routes */
  if (src) {
    xml_foreach(n, src) {
      if (xml_is(n, "ip") || xml_is(n, "route")) {
        xml_mark_tree(n);
        if ((r = xml_drop(c, n, "host-side addresses and routes are not carried by %s, ignored",
                          XML_ANNOT_NETWORK)) < 0)
          return r;
      }
    }
  }
  return 0;
}

/* Appends one interface object (taking it), with the address lists moved
 * last to keep the schema's key order. */
static int append_interface(xml_ctx *c, json_t *iface) {
  _cleanup_json_ json_t *o = iface;
  json_t *addrs = json_incref(json_object_get(o, "addresses"));
  json_t *routes = json_incref(json_object_get(o, "routes"));
  json_object_del(o, "addresses");
  json_object_del(o, "routes");
  if (json_object_set_new(o, "addresses", addrs) < 0 ||
      json_object_set_new(o, "routes", routes) < 0)
    return xml_oom(c);
  return xml_net_append(c, TAKE_PTR(o));
}

static int parse_names(xml_ctx *c, xmlNode *iface, json_t *o) {
  int r;
  xmlNode *guest = xml_child(iface, "guest");
  _cleanup_free_ char *gname = xml_attr(guest, "dev");
  _cleanup_free_ char *actual = xml_attr(guest, "actual");
  if (gname == NULL) {
    /* a placeholder keeping the key order; xml_net_finish names it once
     * every explicit name is known */
    if (json_object_set_new(o, "name", json_null()) < 0)
      return xml_oom(c);
  } else if ((r = check_ifname(c, guest, gname)) < 0 || (r = set_str(c, o, "name", gname)) < 0) {
    return r;
  }
  xmlNode *target = xml_child(iface, "target");
  _cleanup_free_ char *host = xml_attr(target, "dev");
  _cleanup_free_ char *managed = xml_attr(target, "managed");
  if (host) {
    if ((r = check_ifname(c, target, host)) < 0)
      return r;
    return set_str(c, o, "hostName", host);
  }
  return 0;
}

static int parse_interface(xml_ctx *c, xmlNode *iface) {
  int r;
  _cleanup_free_ char *type = xml_attr(iface, "type");
  _cleanup_free_ char *trust = xml_attr(iface, "trustGuestRxFilters");
  if (type == NULL)
    return xml_fail(c, iface, "missing attribute 'type'");
  if (c->opts->legacy && strcmp(type, "route") == 0) {
    /* 2008 OpenVZ draft: a routed interface, the closest is ethernet */
    free(type);
    type = strdup("ethernet");
    if (type == NULL)
      return xml_oom(c);
  }
  if (strcmp(type, "bridge") != 0 && strcmp(type, "network") != 0 &&
      strcmp(type, "ethernet") != 0 && strcmp(type, "direct") != 0)
    return xml_fail(c, iface, "unsupported network type '%s' for a container", type);
  _cleanup_json_ json_t *o = json_object();
  if (o == NULL || set_str(c, o, "type", type) < 0)
    return xml_oom(c);
  if ((r = parse_extras(c, iface, type)) < 0 || (r = parse_source(c, iface, type, o)) < 0 ||
      (r = parse_names(c, iface, o)) < 0 ||
      (r = parse_mac(c, iface, o, c->driver == XML_DRIVER_OPENVZ &&
                                      strcmp(type, "ethernet") == 0)) < 0 ||
      (r = parse_link_and_mtu(c, iface, o)) < 0 || (r = parse_ips(c, iface, o)) < 0 ||
      (r = set_link_state(c, iface, o)) < 0)
    return r;
  return append_interface(c, TAKE_PTR(o));
}

/* <hostdev mode='capabilities' type='net'>: the host interface moves into
 * the container (linux.netDevices); libvirt parses its <ip>/<route> but
 * never applies them, the hook does. */
int xml_net_add_hostdev(xml_ctx *c, xmlNode *hostdev, const char *dev) {
  int r;
  if ((r = check_ifname(c, hostdev, dev)) < 0)
    return r;
  spec_linux *l = &c->cfg->linux_;
  for (size_t i = 0; i < l->n_net_devices; i++)
    if (strcmp(l->net_devices[i].name, dev) == 0)
      return xml_fail(c, hostdev, "interface '%s' is passed twice", dev);
  spec_net_device *nd = realloc(l->net_devices, (l->n_net_devices + 1) * sizeof(*nd));
  if (nd == NULL)
    return xml_oom(c);
  l->net_devices = nd;
  nd[l->n_net_devices] = (spec_net_device){strdup(dev), NULL};
  if (nd[l->n_net_devices++].name == NULL)
    return xml_oom(c);
  l->net_devices_present = true;
  _cleanup_json_ json_t *o = json_object();
  if (o == NULL || set_str(c, o, "type", "hostdev") < 0 || set_str(c, o, "dev", dev) < 0 ||
      set_str(c, o, "name", dev) < 0)
    return xml_oom(c);
  if ((r = parse_ips(c, hostdev, o)) < 0 || (r = set_link_state(c, hostdev, o)) < 0)
    return r;
  return append_interface(c, TAKE_PTR(o));
}

int xml_parse_interfaces(xml_ctx *c, xmlNode *devices) {
  xml_foreach(n, devices) {
    if (!xml_is(n, "interface"))
      continue;
    xml_mark(n);
    int r = parse_interface(c, n);
    if (r < 0)
      return r;
  }
  return 0;
}

static int add_hook(xml_ctx *c, spec_hook_list *l, const char *arg) {
  spec_hook *h = realloc(l->items, (l->n + 1) * sizeof(*h));
  if (h == NULL)
    return xml_oom(c);
  l->items = h;
  h = &h[l->n++];
  memset(h, 0, sizeof(*h));
  l->present = true;
  const char *base = strrchr(c->opts->net_hook, '/');
  h->path = strdup(c->opts->net_hook);
  h->timeout = (opt_i64){30, true};
  if (h->path == NULL || strv_add(&h->args, base ? base + 1 : c->opts->net_hook) < 0 ||
      strv_add(&h->args, arg) < 0)
    return xml_oom(c);
  return 0;
}

static bool name_taken(json_t *ifaces, const char *name) {
  size_t i;
  json_t *o;
  json_array_foreach(ifaces, i, o) {
    const char *n = json_string_value(json_object_get(o, "name"));
    if (n && strcmp(n, name) == 0)
      return true;
  }
  return false;
}

/* Unnamed interfaces get eth0, eth1, ... counting only the unnamed (as
 * libvirt does) and skipping the names other interfaces ask for, wherever
 * they come in the domain: the same rule as ctrun-nethook's. */
static int name_unnamed(xml_ctx *c, json_t *ifaces) {
  size_t i;
  json_t *o;
  json_array_foreach(ifaces, i, o) {
    if (!json_is_null(json_object_get(o, "name")))
      continue;
    char buf[32];
    do
      snprintf(buf, sizeof(buf), "eth%u", c->n_ifaces_unnamed++);
    while (name_taken(ifaces, buf));
    int r = set_str(c, o, "name", buf);
    if (r < 0)
      return r;
  }
  return 0;
}

int xml_net_finish(xml_ctx *c) {
  int r;
  _cleanup_json_ json_t *ifaces = c->ifaces;
  c->ifaces = NULL;
  if (ifaces == NULL)
    return 0;
  if ((r = name_unnamed(c, ifaces)) < 0)
    return r;
  _cleanup_json_ json_t *doc = json_pack("{s:i,s:O}", "version", 1, "interfaces", ifaces);
  if (doc == NULL)
    return xml_oom(c);
  _cleanup_free_ char *text = json_dumps(doc, JSON_COMPACT);
  if (text == NULL || kv_set(&c->cfg->annotations, XML_ANNOT_NETWORK, text) < 0)
    return xml_oom(c);
  if (c->opts->net_hook) {
    c->cfg->hooks.present = true;
    if ((r = add_hook(c, &c->cfg->hooks.create_runtime, "up")) < 0 ||
        (r = add_hook(c, &c->cfg->hooks.poststop, "down")) < 0)
      return r;
  }
  return 0;
}

void xml_net_free(xml_ctx *c) {
  json_decref(c->ifaces);
  c->ifaces = NULL;
}
