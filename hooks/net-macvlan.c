/* direct: a macvlan on a host device.  It is created in the host (its
 * parent is looked up there) under the host-side name, then moved into the
 * container and renamed in the same request. */
#include "config.h"

#include <errno.h>
#include <linux/if_link.h>
#include <netlink/route/link/macvlan.h>
#include <string.h>

#include "hooks/net-nl.h"
#include "hooks/net-setup.h"

static const int modes[] = {
    [NET_MACVLAN_VEPA] = MACVLAN_MODE_VEPA,
    [NET_MACVLAN_BRIDGE] = MACVLAN_MODE_BRIDGE,
    [NET_MACVLAN_PRIVATE] = MACVLAN_MODE_PRIVATE,
    [NET_MACVLAN_PASSTHROUGH] = MACVLAN_MODE_PASSTHRU,
};

static int macvlan_create(struct nl_sock *host, const char *name, int parent,
                          enum net_macvlan_mode mode, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *link = rtnl_link_macvlan_alloc();
  if (link == NULL)
    return error_set(err, ENOMEM, "allocate a macvlan");
  rtnl_link_set_name(link, name);
  rtnl_link_set_link(link, parent);
  int r = rtnl_link_macvlan_set_mode(link, (uint32_t)modes[mode]);
  if (r >= 0)
    r = rtnl_link_add(host, link, NLM_F_CREATE | NLM_F_EXCL);
  if (r < 0)
    return nl_error(err, r, "create macvlan %s", name);
  return 0;
}

int net_macvlan_attach(struct net_ctx *ctx, const struct net_iface *iface,
                       const char *path, bool *ret_existed, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *ct_link = NULL;
  _cleanup_link_ struct rtnl_link *parent = NULL;
  _cleanup_link_ struct rtnl_link *stale = NULL;
  int r = net_link_find(ctx->ct, iface->name, &ct_link, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);
  if (ct_link) {
    if (strcmp(net_link_kind(ct_link), "macvlan") != 0)
      return error_set(err, 0,
                       "%s.name: interface \"%s\" already exists in the container",
                       path, iface->name);
    *ret_existed = true;
    return 0;
  }

  if ((r = net_link_get(ctx->host, iface->dev, &parent, err)) < 0)
    return error_prefix(err, r, "%s.dev", path);
  if ((r = net_link_find(ctx->host, iface->host_name, &stale, err)) < 0)
    return error_prefix(err, r, "%s", path);
  if (stale) {
    /* Only a derived name is known to be ours: a macvlan left there by an
     * interrupted setup of this container. */
    if (iface->host_name_given || strcmp(net_link_kind(stale), "macvlan") != 0)
      return error_set(err, 0,
                       "%s.hostName: interface \"%s\" already exists in the host",
                       path, iface->host_name);
    if ((r = net_link_delete(ctx->host, iface->host_name, err)) < 0)
      return error_prefix(err, r, "%s", path);
  }

  r = macvlan_create(ctx->host, iface->host_name, rtnl_link_get_ifindex(parent),
                     iface->mode, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);
  struct net_undo u = {.kind = NET_UNDO_DELETE_HOST};
  memcpy(u.name, iface->host_name, sizeof(u.name));
  if ((r = net_undo_push(ctx, &u, err)) < 0)
    return r;

  _cleanup_link_ struct rtnl_link *link = NULL;
  struct net_link_change move = NET_LINK_CHANGE_INIT;
  move.name = iface->name;
  move.netns_fd = ctx->ct_netns_fd;
  r = net_link_get(ctx->host, iface->host_name, &link, err);
  if (r >= 0)
    r = net_link_apply(ctx->host, link, &move, err);
  if (r < 0)
    return error_prefix(err, r, "%s: move %s into the container", path,
                        iface->host_name);
  /* from now on the macvlan lives (and dies) in the container */
  struct net_undo *last = &ctx->undo[ctx->n_undo - 1];
  last->kind = NET_UNDO_DELETE_CT;
  memcpy(last->name, iface->name, sizeof(last->name));
  *ret_existed = false;
  return 0;
}
