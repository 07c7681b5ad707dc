#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <linux/rtnetlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>

#include "hooks/net-addr.h"
#include "hooks/net-nl.h"

DEFINE_CLEANUP_FUNC(struct rtnl_addr *, rtnl_addr_put)
DEFINE_CLEANUP_FUNC(struct rtnl_route *, rtnl_route_put)

static struct nl_addr *build(int family, const uint8_t *bytes,
                             unsigned int prefix) {
  struct nl_addr *a = nl_addr_build(family, bytes, family == AF_INET ? 4 : 16);
  if (a)
    nl_addr_set_prefixlen(a, (int)prefix);
  return a;
}

static const char *show(int family, const uint8_t *bytes, char *buf,
                        size_t len) {
  if (inet_ntop(family, bytes, buf, (socklen_t)len) == NULL)
    snprintf(buf, len, "?");
  return buf;
}

static int address_add(struct nl_sock *sk, int ifindex,
                       const struct net_address *a, ctrun_error **err) {
  _cleanup_(rtnl_addr_putp) struct rtnl_addr *addr = rtnl_addr_alloc();
  _cleanup_nladdr_ struct nl_addr *local = build(a->family, a->addr, a->prefix);
  _cleanup_nladdr_ struct nl_addr *peer =
      a->has_peer ? build(a->family, a->peer, a->prefix) : NULL;
  if (addr == NULL || local == NULL || (a->has_peer && peer == NULL))
    return error_set(err, ENOMEM, "build the address");

  rtnl_addr_set_ifindex(addr, ifindex);
  rtnl_addr_set_family(addr, a->family);
  int r = rtnl_addr_set_local(addr, local);
  if (r >= 0 && peer)
    r = rtnl_addr_set_peer(addr, peer);
  if (r >= 0) {
    rtnl_addr_set_prefixlen(addr, (int)a->prefix);
    r = rtnl_addr_add(sk, addr, NLM_F_REPLACE);
  }
  if (r < 0) {
    char buf[INET6_ADDRSTRLEN];
    return nl_error(err, r, "add address %s/%u",
                    show(a->family, a->addr, buf, sizeof(buf)), a->prefix);
  }
  return 0;
}

int net_addresses_add(struct nl_sock *sk, int ifindex,
                      const struct net_address *list, size_t n,
                      const char *path, ctrun_error **err) {
  for (size_t i = 0; i < n; i++) {
    int r = address_add(sk, ifindex, &list[i], err);
    if (r < 0)
      return error_prefix(err, r, "%s[%zu]", path, i);
  }
  return 0;
}

static int route_add(struct nl_sock *sk, int ifindex, const struct net_route *rt,
                     ctrun_error **err) {
  _cleanup_(rtnl_route_putp) struct rtnl_route *route = rtnl_route_alloc();
  _cleanup_nladdr_ struct nl_addr *dst = build(rt->family, rt->dst, rt->prefix);
  _cleanup_nladdr_ struct nl_addr *gw =
      rt->has_gateway ? build(rt->family, rt->gateway,
                              rt->family == AF_INET ? 32 : 128)
                      : NULL;
  struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
  if (route == NULL || dst == NULL || nh == NULL || (rt->has_gateway && !gw)) {
    rtnl_route_nh_free(nh);
    return error_set(err, ENOMEM, "build the route");
  }
  rtnl_route_nh_set_ifindex(nh, ifindex);
  if (gw)
    rtnl_route_nh_set_gateway(nh, gw);
  rtnl_route_add_nexthop(route, nh); /* the route owns nh from here */

  rtnl_route_set_family(route, (uint8_t)rt->family);
  rtnl_route_set_table(route, RT_TABLE_MAIN);
  rtnl_route_set_protocol(route, RTPROT_BOOT);
  /* without a gateway the destination is on the link itself */
  rtnl_route_set_scope(route, rt->has_gateway ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  if (rt->has_metric)
    rtnl_route_set_priority(route, rt->metric);
  int r = rtnl_route_set_dst(route, dst);
  if (r >= 0)
    r = rtnl_route_add(sk, route, NLM_F_REPLACE);
  if (r < 0) {
    char d[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN];
    return nl_error(err, r, "add route %s/%u%s%s",
                    show(rt->family, rt->dst, d, sizeof(d)), rt->prefix,
                    gw ? " via " : "",
                    gw ? show(rt->family, rt->gateway, g, sizeof(g)) : "");
  }
  return 0;
}

int net_routes_add(struct nl_sock *sk, int ifindex, const struct net_route *list,
                   size_t n, const char *path, ctrun_error **err) {
  for (size_t i = 0; i < n; i++) {
    int r = route_add(sk, ifindex, &list[i], err);
    if (r < 0)
      return error_prefix(err, r, "%s[%zu]", path, i);
  }
  return 0;
}
