/* Orchestration: per interface, bring the container end in (veth, macvlan,
 * hostdev), configure it, configure the host end; then the loopback.
 *
 * Namespaces: the hook keeps two netlink sockets, one opened in its own
 * namespace and one opened after setns() into the container's.  A netlink
 * socket stays bound to the namespace it was created in, so every later
 * request goes to the right namespace without a helper thread or a forked
 * child (and without passing results back from one); the process spends a
 * single socket() call inside the container's namespace. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hooks/net-addr.h"
#include "hooks/net-names.h"
#include "hooks/net-nl.h"
#include "hooks/net-setup.h"

int net_undo_push(struct net_ctx *ctx, const struct net_undo *u,
                  ctrun_error **err) {
  struct net_undo *n = realloc(ctx->undo, (ctx->n_undo + 1) * sizeof(*n));
  if (n == NULL) {
    /* cannot record it: undo it now, as its caller is about to fail */
    if (u->kind == NET_UNDO_DELETE_HOST)
      net_link_delete(ctx->host, u->name, NULL);
    return error_set(err, ENOMEM, "record %s for rollback", u->name);
  }
  ctx->undo = n;
  ctx->undo[ctx->n_undo++] = *u;
  return 0;
}

static void hostdev_return(struct net_ctx *ctx, const struct net_undo *u) {
  _cleanup_link_ struct rtnl_link *link = NULL;
  if (net_link_find(ctx->ct, u->name, &link, NULL) < 0 || link == NULL)
    return;
  struct net_link_change back = NET_LINK_CHANGE_INIT;
  back.name = u->orig_name;
  back.netns_fd = ctx->host_netns_fd;
  if (net_link_apply(ctx->ct, link, &back, NULL) < 0)
    return;
  _cleanup_link_ struct rtnl_link *home = NULL;
  if (net_link_find(ctx->host, u->orig_name, &home, NULL) < 0 || home == NULL)
    return;
  struct net_link_change restore = NET_LINK_CHANGE_INIT;
  restore.mac = u->orig_mac;
  restore.mtu = u->orig_mtu;
  restore.up = u->was_up;
  net_link_apply(ctx->host, home, &restore, NULL);
}

/* Best effort, newest first; errors here cannot be reported better than
 * the one that caused the rollback. */
static void rollback(struct net_ctx *ctx) {
  while (ctx->n_undo > 0) {
    const struct net_undo *u = &ctx->undo[--ctx->n_undo];
    switch (u->kind) {
    case NET_UNDO_DELETE_HOST:
      net_link_delete(ctx->host, u->name, NULL);
      break;
    case NET_UNDO_DELETE_CT:
      net_link_delete(ctx->ct, u->name, NULL);
      break;
    case NET_UNDO_HOSTDEV_RETURN:
      hostdev_return(ctx, u);
      break;
    }
  }
}

static void ctx_close(struct net_ctx *ctx) {
  nl_socket_free(ctx->host);
  nl_socket_free(ctx->ct);
  if (ctx->host_netns_fd >= 0)
    close(ctx->host_netns_fd);
  if (ctx->ct_netns_fd >= 0)
    close(ctx->ct_netns_fd);
  free(ctx->undo);
}

/* Fails before anything is created when a host-side dependency is missing. */
static int check_host_side(struct net_ctx *ctx, const struct net_iface *iface,
                           const char *path, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *link = NULL;
  int r;
  switch (iface->type) {
  case NET_TYPE_BRIDGE:
  case NET_TYPE_NETWORK:
    if ((r = net_link_get(ctx->host, iface->bridge, &link, err)) < 0)
      return error_prefix(err, r, "%s.bridge", path);
    if (strcmp(net_link_kind(link), "bridge") != 0)
      return error_set(err, 0, "%s.bridge: \"%s\" is not a bridge", path,
                       iface->bridge);
    return 0;
  case NET_TYPE_DIRECT:
    if ((r = net_link_get(ctx->host, iface->dev, &link, err)) < 0)
      return error_prefix(err, r, "%s.dev", path);
    return 0;
  case NET_TYPE_ETHERNET:
  case NET_TYPE_HOSTDEV:
    return 0;
  }
  return 0;
}

static int attach(struct net_ctx *ctx, const struct net_iface *iface,
                  const char *path, bool *ret_existed, ctrun_error **err) {
  switch (iface->type) {
  case NET_TYPE_BRIDGE:
  case NET_TYPE_NETWORK:
  case NET_TYPE_ETHERNET:
    return net_veth_attach(ctx, iface, path, ret_existed, err);
  case NET_TYPE_DIRECT:
    return net_macvlan_attach(ctx, iface, path, ret_existed, err);
  case NET_TYPE_HOSTDEV:
    return net_hostdev_attach(ctx, iface, path, ret_existed, err);
  }
  return error_set(err, EINVAL, "%s.type: unknown", path);
}

static int configure_container_end(struct net_ctx *ctx,
                                   const struct net_iface *iface,
                                   const uint8_t *mac, const char *path,
                                   ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *link = NULL;
  char p[64];
  int r = net_link_get(ctx->ct, iface->name, &link, err);
  if (r < 0)
    return error_prefix(err, r, "%s: in the container", path);

  struct net_link_change c = NET_LINK_CHANGE_INIT;
  c.mac = mac;
  c.mtu = iface->mtu;
  c.up = iface->link_up;
  if ((r = net_link_apply(ctx->ct, link, &c, err)) < 0)
    return error_prefix(err, r, "%s", path);

  int ifindex = rtnl_link_get_ifindex(link);
  snprintf(p, sizeof(p), "%s.addresses", path);
  if ((r = net_addresses_add(ctx->ct, ifindex, iface->addresses,
                             iface->n_addresses, p, err)) < 0)
    return r;
  snprintf(p, sizeof(p), "%s.routes", path);
  return net_routes_add(ctx->ct, ifindex, iface->routes, iface->n_routes, p, err);
}

static int configure_host_end(struct net_ctx *ctx, const struct net_iface *iface,
                              const uint8_t *ct_mac, const char *path,
                              ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *link = NULL;
  _cleanup_link_ struct rtnl_link *bridge = NULL;
  uint8_t host_mac[6];
  char p[64];
  int r = net_link_get(ctx->host, iface->host_name, &link, err);
  if (r < 0)
    return error_prefix(err, r, "%s: in the host", path);

  struct net_link_change c = NET_LINK_CHANGE_INIT;
  if (ct_mac) {
    net_mac_host_side(ct_mac, host_mac);
    c.mac = host_mac;
  }
  c.mtu = iface->mtu;
  c.up = 1;
  if (iface->bridge) {
    if ((r = net_link_get(ctx->host, iface->bridge, &bridge, err)) < 0)
      return error_prefix(err, r, "%s.bridge", path);
    c.master = rtnl_link_get_ifindex(bridge);
  }
  if ((r = net_link_apply(ctx->host, link, &c, err)) < 0)
    return error_prefix(err, r, "%s", path);

  int ifindex = rtnl_link_get_ifindex(link);
  snprintf(p, sizeof(p), "%s.hostAddresses", path);
  if ((r = net_addresses_add(ctx->host, ifindex, iface->host_addresses,
                             iface->n_host_addresses, p, err)) < 0)
    return r;
  snprintf(p, sizeof(p), "%s.hostRoutes", path);
  return net_routes_add(ctx->host, ifindex, iface->host_routes,
                        iface->n_host_routes, p, err);
}

static int setup_iface(struct net_ctx *ctx, const struct net_iface *iface,
                       const char *path, ctrun_error **err) {
  bool existed = false;
  int r = check_host_side(ctx, iface, path, err);
  if (r >= 0)
    r = attach(ctx, iface, path, &existed, err);
  if (r < 0)
    return r;

  /* A MAC only when asked for, or for a link we just created: a second
   * setup must not change the address the first one chose. */
  uint8_t mac[6];
  const uint8_t *use_mac = NULL;
  if (iface->has_mac) {
    use_mac = iface->mac;
  } else if (!existed && iface->type != NET_TYPE_HOSTDEV &&
             !(iface->type == NET_TYPE_DIRECT &&
               iface->mode == NET_MACVLAN_PASSTHROUGH)) {
    /* a hostdev keeps its own MAC, a passthrough macvlan its parent's */
    uint8_t rnd[6];
    if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
      return error_set(err, errno, "%s.mac: getrandom", path);
    net_mac_from_random(rnd, mac);
    use_mac = mac;
  }

  if ((r = configure_container_end(ctx, iface, use_mac, path, err)) < 0)
    return r;
  if (net_type_is_veth(iface->type))
    return configure_host_end(ctx, iface, use_mac, path, err);
  return 0;
}

static int loopback_up(struct net_ctx *ctx, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *lo = NULL;
  struct net_link_change c = NET_LINK_CHANGE_INIT;
  c.up = 1;
  int r = net_link_get(ctx->ct, "lo", &lo, err);
  if (r >= 0)
    r = net_link_apply(ctx->ct, lo, &c, err);
  return r < 0 ? error_prefix(err, r, "loopbackUp") : 0;
}

int net_setup(const struct net_config *config, pid_t pid, ctrun_error **err) {
  struct net_ctx ctx = {.host_netns_fd = -1, .ct_netns_fd = -1};
  int r = net_netns_open(pid, &ctx.ct_netns_fd, err);
  if (r >= 0) {
    ctx.host_netns_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (ctx.host_netns_fd < 0)
      r = error_set(err, errno, "open /proc/thread-self/ns/net");
  }
  if (r >= 0)
    r = net_socket_open(&ctx.host, err);
  if (r >= 0)
    r = net_socket_open_in(ctx.ct_netns_fd, &ctx.ct, err);

  for (size_t i = 0; r >= 0 && i < config->n_ifaces; i++) {
    char path[48];
    snprintf(path, sizeof(path), "interfaces[%zu]", i);
    r = setup_iface(&ctx, &config->ifaces[i], path, err);
  }
  if (r >= 0 && config->loopback_up)
    r = loopback_up(&ctx, err);
  if (r < 0)
    rollback(&ctx);
  ctx_close(&ctx);
  return r;
}

static int teardown_iface(struct nl_sock *host, const struct net_iface *iface,
                          const char *path, ctrun_error **err) {
  const char *kind = net_type_is_veth(iface->type)        ? "veth"
                     : iface->type == NET_TYPE_DIRECT ? "macvlan"
                                                      : NULL;
  if (kind == NULL) /* hostdev: the kernel returns it when the netns dies */
    return 0;
  _cleanup_link_ struct rtnl_link *link = NULL;
  int r = net_link_find(host, iface->host_name, &link, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);
  if (link == NULL)
    return 0;
  if (strcmp(net_link_kind(link), kind) != 0)
    return error_set(err, 0,
                     "%s.hostName: \"%s\" is not a %s: left in place", path,
                     iface->host_name, kind);
  int32_t nsid;
  if (strcmp(kind, "veth") == 0 && rtnl_link_get_link_netnsid(link, &nsid) < 0)
    /* the veths setup creates have their peer in another namespace: this
     * one is somebody else's, whatever its name */
    return error_set(err, 0,
                     "%s.hostName: \"%s\" is a veth whose peer is in the host "
                     "namespace, not one of ctrun-nethook's: left in place",
                     path, iface->host_name);
  /* deleting one end of a veth deletes its peer in the container too */
  r = net_link_delete(host, iface->host_name, err);
  return r < 0 ? error_prefix(err, r, "%s", path) : 0;
}

int net_teardown(const struct net_config *config, ctrun_error **err) {
  _cleanup_nlsock_ struct nl_sock *host = NULL;
  int r = net_socket_open(&host, err);
  if (r < 0)
    return r;
  /* every interface is tried; the first error is reported */
  int first = 0;
  for (size_t i = 0; i < config->n_ifaces; i++) {
    char path[48];
    snprintf(path, sizeof(path), "interfaces[%zu]", i);
    r = teardown_iface(host, &config->ifaces[i], path, err);
    if (r < 0 && first == 0)
      first = r;
  }
  return first;
}
