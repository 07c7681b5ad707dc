/* org.ctrun.network.v1 -> struct net_config.  Table-driven: each key of an
 * interface object has a parser; unknown keys are refused so that a typo in
 * the converter or a hand-written annotation does not pass silently. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hooks/net-config.h"
#include "hooks/net-names.h"
#include "spec/cleanup-json.h"

static const char *const type_names[] = {
    [NET_TYPE_BRIDGE] = "bridge",     [NET_TYPE_NETWORK] = "network",
    [NET_TYPE_ETHERNET] = "ethernet", [NET_TYPE_DIRECT] = "direct",
    [NET_TYPE_HOSTDEV] = "hostdev",
};

static const char *const mode_names[] = {
    [NET_MACVLAN_VEPA] = "vepa",
    [NET_MACVLAN_BRIDGE] = "bridge",
    [NET_MACVLAN_PRIVATE] = "private",
    [NET_MACVLAN_PASSTHROUGH] = "passthrough",
};

const char *net_type_name(enum net_type type) { return type_names[type]; }

bool net_type_is_veth(enum net_type type) {
  return type == NET_TYPE_BRIDGE || type == NET_TYPE_NETWORK ||
         type == NET_TYPE_ETHERNET;
}

static void iface_clear(struct net_iface *i) {
  free(i->bridge);
  free(i->network);
  free(i->dev);
  free(i->addresses);
  free(i->routes);
  free(i->host_addresses);
  free(i->host_routes);
}

void net_config_free(struct net_config *config) {
  if (config == NULL)
    return;
  for (size_t i = 0; i < config->n_ifaces; i++)
    iface_clear(&config->ifaces[i]);
  free(config->ifaces);
  free(config);
}

/* ---- scalar helpers ---- */

static int get_string(const json_t *v, const char *path, const char **ret,
                      ctrun_error **err) {
  if (!json_is_string(v))
    return error_set(err, 0, "%s: expected a string", path);
  *ret = json_string_value(v);
  return 0;
}

static int get_uint(const json_t *v, const char *path, json_int_t min,
                    json_int_t max, unsigned int *ret, ctrun_error **err) {
  if (!json_is_integer(v))
    return error_set(err, 0, "%s: expected an integer", path);
  json_int_t n = json_integer_value(v);
  if (n < min || n > max)
    return error_set(err, 0, "%s: %lld is out of range %lld..%lld", path,
                     (long long)n, (long long)min, (long long)max);
  *ret = (unsigned int)n;
  return 0;
}

static int get_ifname(const json_t *v, const char *path, char ret[IFNAMSIZ],
                      ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  if (!net_ifname_valid(s))
    return error_set(err, 0,
                     "%s: \"%s\" is not a valid interface name (1 to %d "
                     "characters, no '/', ':' or spaces)",
                     path, s, IFNAMSIZ - 1);
  memcpy(ret, s, strlen(s) + 1);
  return 0;
}

static int dup_ifname(const json_t *v, const char *path, char **ret,
                      ctrun_error **err) {
  char name[IFNAMSIZ];
  int r = get_ifname(v, path, name, err);
  if (r < 0)
    return r;
  free(*ret);
  *ret = strdup(name);
  return *ret ? 0 : error_set(err, ENOMEM, "%s", path);
}

static int lookup_name(const char *const *names, size_t n, const char *s) {
  for (size_t i = 0; i < n; i++)
    if (names[i] && strcmp(names[i], s) == 0)
      return (int)i;
  return -1;
}

/* ---- IP addresses ---- */

static int parse_family(const json_t *v, const char *path, int *ret,
                        ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  if (strcmp(s, "ipv4") == 0)
    *ret = AF_INET;
  else if (strcmp(s, "ipv6") == 0)
    *ret = AF_INET6;
  else
    return error_set(err, 0, "%s: \"%s\" is not ipv4 or ipv6", path, s);
  return 0;
}

/* Parses an address and checks it against the family already known (0: any). */
static int parse_ip(const json_t *v, const char *path, int *family,
                    uint8_t ret[16], ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  uint8_t buf[16] = {0};
  int fam = strchr(s, ':') ? AF_INET6 : AF_INET;
  if (inet_pton(fam, s, buf) != 1)
    return error_set(err, 0, "%s: \"%s\" is not an IPv4 or IPv6 address",
                     path, s);
  if (*family && *family != fam)
    return error_set(err, 0, "%s: \"%s\" is not an %s address", path, s,
                     *family == AF_INET ? "IPv4" : "IPv6");
  *family = fam;
  memcpy(ret, buf, 16);
  return 0;
}

static size_t addr_len(int family) { return family == AF_INET ? 4 : 16; }
static unsigned int max_prefix(int family) {
  return family == AF_INET ? 32 : 128;
}

static bool is_zero(const uint8_t *a, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (a[i])
      return false;
  return true;
}

/* libvirt's default when <ip> has no prefix: classful for IPv4, /64 for IPv6 */
static unsigned int default_prefix(int family, const uint8_t *a) {
  if (family == AF_INET6)
    return 64;
  if (a[0] < 128)
    return 8;
  if (a[0] < 192)
    return 16;
  if (a[0] < 224)
    return 24;
  return 32;
}

static bool host_bits_set(const uint8_t *a, size_t len, unsigned int prefix) {
  for (size_t i = 0; i < len; i++) {
    unsigned int bits = prefix > i * 8 ? prefix - (unsigned int)i * 8 : 0;
    uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
    if (a[i] & (uint8_t)~mask)
      return true;
  }
  return false;
}

/* Reads the keys of one address/route object into the slots below, by name. */
struct ip_keys {
  const json_t *family, *address, *prefix, *peer, *gateway, *metric;
};

static int collect_keys(const json_t *obj, const char *path, bool route,
                        struct ip_keys *k, ctrun_error **err) {
  if (!json_is_object(obj))
    return error_set(err, 0, "%s: expected an object", path);
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)obj, key, v) {
    if (json_is_null(v))
      continue;
    if (strcmp(key, "family") == 0)
      k->family = v;
    else if (strcmp(key, "address") == 0)
      k->address = v;
    else if (strcmp(key, "prefix") == 0)
      k->prefix = v;
    else if (!route && strcmp(key, "peer") == 0)
      k->peer = v;
    else if (route && strcmp(key, "gateway") == 0)
      k->gateway = v;
    else if (route && strcmp(key, "metric") == 0)
      k->metric = v;
    else
      return error_set(err, 0, "%s.%s: unknown key (expected %s)", path,
                       key,
                       route ? "family, address, prefix, gateway, metric"
                             : "family, address, prefix, peer");
  }
  if (k->address == NULL)
    return error_set(err, 0, "%s.address: missing", path);
  return 0;
}

/* "path.key" into buf; a path too long for buf is cut, which only shortens
 * an error message. */
static const char *subpath(char *buf, size_t len, const char *path,
                           const char *key) {
  int n = snprintf(buf, len, "%s.%s", path, key);
  if (n < 0)
    buf[0] = '\0';
  return buf;
}
#define SUBPATH(buf, path, key) subpath(buf, sizeof(buf), path, key)

static int parse_address(const json_t *obj, const char *path,
                         struct net_address *a, ctrun_error **err) {
  struct ip_keys k = {0};
  char p[128];
  int r = collect_keys(obj, path, false, &k, err);
  if (r < 0)
    return r;
  if (k.family && (r = parse_family(k.family, SUBPATH(p, path, "family"),
                                    &a->family, err)) < 0)
    return r;
  if ((r = parse_ip(k.address, SUBPATH(p, path, "address"), &a->family,
                    a->addr, err)) < 0)
    return r;
  size_t len = addr_len(a->family);
  if (is_zero(a->addr, len) || (a->family == AF_INET && a->addr[0] >= 224) ||
      (a->family == AF_INET6 && a->addr[0] == 0xff))
    return error_set(err, 0,
                     "%s: %s is not a unicast address", SUBPATH(p, path, "address"),
                     json_string_value(k.address));
  a->prefix = default_prefix(a->family, a->addr);
  if (k.prefix && (r = get_uint(k.prefix, SUBPATH(p, path, "prefix"), 0,
                                max_prefix(a->family), &a->prefix, err)) < 0)
    return r;
  if (k.peer) {
    if ((r = parse_ip(k.peer, SUBPATH(p, path, "peer"), &a->family, a->peer,
                      err)) < 0)
      return r;
    a->has_peer = true;
  }
  return 0;
}

static int parse_route(const json_t *obj, const char *path, struct net_route *rt,
                       ctrun_error **err) {
  struct ip_keys k = {0};
  char p[128];
  int r = collect_keys(obj, path, true, &k, err);
  if (r < 0)
    return r;
  if (k.family && (r = parse_family(k.family, SUBPATH(p, path, "family"),
                                    &rt->family, err)) < 0)
    return r;
  if ((r = parse_ip(k.address, SUBPATH(p, path, "address"), &rt->family,
                    rt->dst, err)) < 0)
    return r;
  size_t len = addr_len(rt->family);
  rt->prefix = is_zero(rt->dst, len) ? 0 : default_prefix(rt->family, rt->dst);
  if (k.prefix && (r = get_uint(k.prefix, SUBPATH(p, path, "prefix"), 0,
                                max_prefix(rt->family), &rt->prefix, err)) < 0)
    return r;
  if (host_bits_set(rt->dst, len, rt->prefix))
    return error_set(err, 0, "%s: %s/%u has host bits set",
                     SUBPATH(p, path, "address"), json_string_value(k.address),
                     rt->prefix);
  if (k.gateway) {
    if ((r = parse_ip(k.gateway, SUBPATH(p, path, "gateway"), &rt->family,
                      rt->gateway, err)) < 0)
      return r;
    rt->has_gateway = true;
  }
  if (k.metric) {
    unsigned int m;
    if ((r = get_uint(k.metric, SUBPATH(p, path, "metric"), 0, UINT32_MAX, &m,
                      err)) < 0)
      return r;
    rt->metric = m;
    rt->has_metric = true;
  }
  return 0;
}

static int parse_address_list(const json_t *v, const char *path,
                              struct net_address **ret, size_t *ret_n,
                              ctrun_error **err) {
  if (!json_is_array(v))
    return error_set(err, 0, "%s: expected an array", path);
  size_t n = json_array_size(v);
  struct net_address *list = calloc(n ? n : 1, sizeof(*list));
  if (list == NULL)
    return error_set(err, ENOMEM, "%s", path);
  for (size_t i = 0; i < n; i++) {
    char p[128];
    snprintf(p, sizeof(p), "%s[%zu]", path, i);
    int r = parse_address(json_array_get(v, i), p, &list[i], err);
    if (r < 0) {
      free(list);
      return r;
    }
  }
  free(*ret);
  *ret = list;
  *ret_n = n;
  return 0;
}

static int parse_route_list(const json_t *v, const char *path,
                            struct net_route **ret, size_t *ret_n,
                            ctrun_error **err) {
  if (!json_is_array(v))
    return error_set(err, 0, "%s: expected an array", path);
  size_t n = json_array_size(v);
  struct net_route *list = calloc(n ? n : 1, sizeof(*list));
  if (list == NULL)
    return error_set(err, ENOMEM, "%s", path);
  for (size_t i = 0; i < n; i++) {
    char p[128];
    snprintf(p, sizeof(p), "%s[%zu]", path, i);
    int r = parse_route(json_array_get(v, i), p, &list[i], err);
    if (r < 0) {
      free(list);
      return r;
    }
  }
  free(*ret);
  *ret = list;
  *ret_n = n;
  return 0;
}

/* ---- interface keys ---- */

/* Which optional keys an interface carried, for the type checks afterwards. */
struct iface_seen {
  bool type, bridge, network, dev, mode, name, host_name, link, host_ip;
};

typedef int (*field_parser)(const json_t *v, const char *path,
                            struct net_iface *i, struct iface_seen *seen,
                            ctrun_error **err);

static int f_type(const json_t *v, const char *path, struct net_iface *i,
                  struct iface_seen *seen, ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  /* "veth" and "macvlan": the names of the first design draft */
  int t = strcmp(s, "veth") == 0      ? NET_TYPE_ETHERNET
          : strcmp(s, "macvlan") == 0 ? NET_TYPE_DIRECT
                                      : lookup_name(type_names, ARRAY_SIZE(type_names), s);
  if (t < 0)
    return error_set(err, 0,
                     "%s: unknown type \"%s\" (expected bridge, network, "
                     "ethernet, direct or hostdev)",
                     path, s);
  i->type = (enum net_type)t;
  seen->type = true;
  return 0;
}

static int f_bridge(const json_t *v, const char *path, struct net_iface *i,
                    struct iface_seen *seen, ctrun_error **err) {
  seen->bridge = true;
  return dup_ifname(v, path, &i->bridge, err);
}

static int f_network(const json_t *v, const char *path, struct net_iface *i,
                     struct iface_seen *seen, ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  free(i->network);
  i->network = strdup(s);
  seen->network = true;
  return i->network ? 0 : error_set(err, ENOMEM, "%s", path);
}

static int f_dev(const json_t *v, const char *path, struct net_iface *i,
                 struct iface_seen *seen, ctrun_error **err) {
  seen->dev = true;
  return dup_ifname(v, path, &i->dev, err);
}

static int f_mode(const json_t *v, const char *path, struct net_iface *i,
                  struct iface_seen *seen, ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  int m = lookup_name(mode_names, ARRAY_SIZE(mode_names), s);
  if (m < 0)
    return error_set(err, 0,
                     "%s: unknown mode \"%s\" (expected vepa, bridge, private "
                     "or passthrough)",
                     path, s);
  i->mode = (enum net_macvlan_mode)m;
  seen->mode = true;
  return 0;
}

static int f_name(const json_t *v, const char *path, struct net_iface *i,
                  struct iface_seen *seen, ctrun_error **err) {
  int r = get_ifname(v, path, i->name, err);
  if (r < 0)
    return r;
  if (strcmp(i->name, "lo") == 0)
    return error_set(err, 0, "%s: \"lo\" is reserved for the loopback", path);
  seen->name = true;
  return 0;
}

static int f_host_name(const json_t *v, const char *path, struct net_iface *i,
                       struct iface_seen *seen, ctrun_error **err) {
  seen->host_name = true;
  i->host_name_given = true;
  return get_ifname(v, path, i->host_name, err);
}

static int f_mac(const json_t *v, const char *path, struct net_iface *i,
                 struct iface_seen *seen, ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  if ((r = net_mac_parse(s, i->mac, err)) < 0)
    return error_prefix(err, r, "%s", path);
  i->has_mac = true;
  return 0;
}

static int f_mtu(const json_t *v, const char *path, struct net_iface *i,
                 struct iface_seen *seen, ctrun_error **err) {
  return get_uint(v, path, 68, 65535, &i->mtu, err);
}

static int f_link_state(const json_t *v, const char *path, struct net_iface *i,
                        struct iface_seen *seen, ctrun_error **err) {
  const char *s = NULL;
  int r = get_string(v, path, &s, err);
  if (r < 0)
    return r;
  if (strcmp(s, "up") == 0)
    i->link_up = true;
  else if (strcmp(s, "down") == 0)
    i->link_up = false;
  else
    return error_set(err, 0, "%s: \"%s\" is not up or down", path, s);
  seen->link = true;
  return 0;
}

static int f_addresses(const json_t *v, const char *path, struct net_iface *i,
                       struct iface_seen *seen, ctrun_error **err) {
  return parse_address_list(v, path, &i->addresses, &i->n_addresses, err);
}

static int f_routes(const json_t *v, const char *path, struct net_iface *i,
                    struct iface_seen *seen, ctrun_error **err) {
  return parse_route_list(v, path, &i->routes, &i->n_routes, err);
}

static int f_host_addresses(const json_t *v, const char *path,
                            struct net_iface *i, struct iface_seen *seen,
                            ctrun_error **err) {
  seen->host_ip = seen->host_ip || json_array_size(v) > 0;
  return parse_address_list(v, path, &i->host_addresses, &i->n_host_addresses,
                            err);
}

static int f_host_routes(const json_t *v, const char *path, struct net_iface *i,
                         struct iface_seen *seen, ctrun_error **err) {
  seen->host_ip = seen->host_ip || json_array_size(v) > 0;
  return parse_route_list(v, path, &i->host_routes, &i->n_host_routes, err);
}

static const struct field {
  const char *key;
  const char *alias; /* the spelling of docs/design's first draft */
  field_parser parse;
} iface_fields[] = {
    {"type", NULL, f_type},
    {"bridge", NULL, f_bridge},
    {"network", NULL, f_network},
    {"dev", NULL, f_dev},
    {"mode", NULL, f_mode},
    {"name", "guestName", f_name},
    {"hostName", NULL, f_host_name},
    {"mac", NULL, f_mac},
    {"mtu", NULL, f_mtu},
    {"linkState", "link", f_link_state},
    {"addresses", "ips", f_addresses},
    {"routes", NULL, f_routes},
    {"hostAddresses", "hostIps", f_host_addresses},
    {"hostRoutes", NULL, f_host_routes},
};

static int check_type_fields(struct net_iface *i, const struct iface_seen *seen,
                             const char *path, ctrun_error **err) {
  const char *t = net_type_name(i->type);
  bool bridged = i->type == NET_TYPE_BRIDGE || i->type == NET_TYPE_NETWORK;
  bool needs_dev = i->type == NET_TYPE_DIRECT || i->type == NET_TYPE_HOSTDEV;

  if (bridged && !seen->bridge) {
    if (i->type == NET_TYPE_NETWORK)
      return error_set(err, 0,
                       "%s.bridge: missing: network \"%s\" was not resolved "
                       "to a bridge (convert with --network %s=BRIDGE)",
                       path, i->network ? i->network : "?",
                       i->network ? i->network : "NAME");
    return error_set(err, 0, "%s.bridge: missing (required for type bridge)",
                     path);
  }
  if (!bridged && seen->bridge)
    return error_set(err, 0, "%s.bridge: not used by type %s", path, t);
  if (needs_dev && !seen->dev)
    return error_set(err, 0, "%s.dev: missing (required for type %s)", path,
                     t);
  if (!needs_dev && seen->dev)
    return error_set(err, 0, "%s.dev: not used by type %s", path, t);
  if (seen->mode && i->type != NET_TYPE_DIRECT)
    return error_set(err, 0, "%s.mode: not used by type %s", path, t);
  if (seen->host_name && i->type == NET_TYPE_HOSTDEV)
    return error_set(err, 0,
                     "%s.hostName: not used by type hostdev (the device keeps "
                     "no host side)",
                     path);
  if (!i->link_up && i->n_routes > 0)
    return error_set(err, 0,
                     "%s.routes: routes need linkState up (the kernel refuses "
                     "routes through a link that is down)",
                     path);
  if (seen->host_ip && i->type != NET_TYPE_ETHERNET)
    return error_set(err, 0,
                     "%s: hostAddresses/hostRoutes are only used by type "
                     "ethernet",
                     path);
  return 0;
}

static int parse_iface(const json_t *obj, const char *path, struct net_iface *i,
                       bool *ret_named, ctrun_error **err) {
  struct iface_seen seen = {0};
  char p[128];

  if (!json_is_object(obj))
    return error_set(err, 0, "%s: expected an object", path);
  i->link_up = true;
  i->mode = NET_MACVLAN_VEPA; /* libvirt's default for <source mode> */

  const char *key;
  json_t *v;
  json_object_foreach((json_t *)obj, key, v) {
    const struct field *f = NULL;
    for (size_t k = 0; k < ARRAY_SIZE(iface_fields); k++)
      if (strcmp(key, iface_fields[k].key) == 0 ||
          (iface_fields[k].alias && strcmp(key, iface_fields[k].alias) == 0))
        f = &iface_fields[k];
    if (f == NULL)
      return error_set(err, 0, "%s.%s: unknown key", path, key);
    if (json_is_null(v))
      continue;
    if (f->alias && json_object_get(obj, f->key) &&
        json_object_get(obj, f->alias))
      return error_set(err, 0, "%s: both %s and %s are given", path,
                       f->key, f->alias);
    int r = f->parse(v, SUBPATH(p, path, key), i, &seen, err);
    if (r < 0)
      return r;
  }
  if (!seen.type)
    return error_set(err, 0, "%s.type: missing", path);
  *ret_named = seen.name;
  return check_type_fields(i, &seen, path, err);
}

/* Unnamed interfaces get eth0, eth1... (counting only the unnamed, as
 * libvirt does), skipping names that another interface claims. */
static bool name_taken(const struct net_config *c, const char *name) {
  for (size_t i = 0; i < c->n_ifaces; i++)
    if (strcmp(c->ifaces[i].name, name) == 0)
      return true;
  return false;
}

static int assign_names(struct net_config *c, const bool *named,
                        const char *container_id, ctrun_error **err) {
  for (size_t i = 0; i < c->n_ifaces; i++)
    for (size_t j = 0; j < i; j++)
      if (named[i] && named[j] && strcmp(c->ifaces[i].name, c->ifaces[j].name) == 0)
        return error_set(err, 0,
                         "interfaces[%zu].name: \"%s\" is already used by "
                         "interfaces[%zu]",
                         i, c->ifaces[i].name, j);
  unsigned int next = 0;
  for (size_t i = 0; i < c->n_ifaces; i++) {
    if (named[i])
      continue;
    char candidate[IFNAMSIZ];
    do
      snprintf(candidate, sizeof(candidate), "eth%u", next++);
    while (name_taken(c, candidate));
    memcpy(c->ifaces[i].name, candidate, sizeof(candidate));
  }

  for (size_t i = 0; i < c->n_ifaces; i++) {
    struct net_iface *f = &c->ifaces[i];
    if (f->type == NET_TYPE_HOSTDEV || f->host_name_given)
      continue;
    if (net_host_name_derive(container_id, i, f->host_name) < 0)
      return error_set(err, 0, "interfaces[%zu]: too many interfaces", i);
  }
  for (size_t i = 0; i < c->n_ifaces; i++)
    for (size_t j = 0; j < i; j++)
      if (c->ifaces[i].host_name[0] &&
          strcmp(c->ifaces[i].host_name, c->ifaces[j].host_name) == 0)
        return error_set(err, 0,
                         "interfaces[%zu].hostName: \"%s\" is already used by "
                         "interfaces[%zu]",
                         i, c->ifaces[i].host_name, j);
  return 0;
}

static int parse_top(const json_t *root, const char *container_id,
                     struct net_config *c, ctrun_error **err) {
  if (!json_is_object(root))
    return error_set(err, 0, "expected a JSON object");
  const json_t *ifaces = NULL;
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)root, key, v) {
    int r = 0;
    if (strcmp(key, "version") == 0)
      r = get_uint(v, "version", 0, UINT32_MAX, &c->version, err);
    else if (strcmp(key, "interfaces") == 0)
      ifaces = v;
    else if (strcmp(key, "loopbackUp") == 0) {
      if (!json_is_boolean(v))
        r = error_set(err, 0, "loopbackUp: expected true or false");
      c->loopback_up = json_is_true(v);
    } else
      r = error_set(err, 0,
                    "%s: unknown key (expected version, interfaces, loopbackUp)",
                    key);
    if (r < 0)
      return r;
  }
  if (c->version != NET_SCHEMA_VERSION)
    return error_set(err, 0, "version: %u is not supported (expected %d)",
                     c->version, NET_SCHEMA_VERSION);
  if (ifaces == NULL || json_is_null(ifaces))
    return 0;
  if (!json_is_array(ifaces))
    return error_set(err, 0, "interfaces: expected an array");

  size_t n = json_array_size(ifaces);
  _cleanup_free_ bool *named = calloc(n ? n : 1, sizeof(bool));
  c->ifaces = calloc(n ? n : 1, sizeof(*c->ifaces));
  if (c->ifaces == NULL || named == NULL)
    return error_set(err, ENOMEM, "interfaces");
  for (size_t i = 0; i < n; i++) {
    char p[64];
    snprintf(p, sizeof(p), "interfaces[%zu]", i);
    c->n_ifaces = i + 1; /* so that net_config_free clears what was parsed */
    int r = parse_iface(json_array_get(ifaces, i), p, &c->ifaces[i], &named[i], err);
    if (r < 0)
      return r;
  }
  return assign_names(c, named, container_id, err);
}

int net_config_parse(const char *json_text, const char *container_id,
                     struct net_config **ret_config, ctrun_error **err) {
  json_error_t jerr;
  _cleanup_json_ json_t *root = json_loads(json_text, JSON_REJECT_DUPLICATES, &jerr);
  if (root == NULL)
    return error_set(err, 0, "invalid JSON at line %d column %d: %s",
                     jerr.line, jerr.column, jerr.text);

  struct net_config *c = calloc(1, sizeof(*c));
  if (c == NULL)
    return error_set(err, ENOMEM, "network configuration");
  c->version = NET_SCHEMA_VERSION; /* the draft schema had no version */
  c->loopback_up = true;
  int r = parse_top(root, container_id ? container_id : "", c, err);
  if (r < 0) {
    net_config_free(c);
    return r;
  }
  *ret_config = c;
  return 0;
}
