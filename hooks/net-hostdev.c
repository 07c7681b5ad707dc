/* hostdev: an existing host interface moved into the container and
 * renamed.  Its MAC, MTU and link state are remembered so that a failed
 * setup can hand it back as it was (the move itself drops its addresses). */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "hooks/net-nl.h"
#include "hooks/net-setup.h"

int net_hostdev_attach(struct net_ctx *ctx, const struct net_iface *iface,
                       const char *path, bool *ret_existed, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *ct_link = NULL;
  _cleanup_link_ struct rtnl_link *dev = NULL;
  int r = net_link_find(ctx->ct, iface->name, &ct_link, err);
  if (r >= 0)
    r = net_link_find(ctx->host, iface->dev, &dev, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);

  if (ct_link && dev == NULL) {
    *ret_existed = true; /* moved by an earlier setup */
    return 0;
  }
  if (ct_link)
    return error_set(err, 0,
                     "%s.name: interface \"%s\" already exists in the container",
                     path, iface->name);
  if (dev == NULL)
    return error_set(err, 0, "%s.dev: interface \"%s\" not found in the host",
                     path, iface->dev);

  struct net_undo u = {.kind = NET_UNDO_HOSTDEV_RETURN};
  memcpy(u.name, iface->name, sizeof(u.name));
  snprintf(u.orig_name, sizeof(u.orig_name), "%s", iface->dev);
  struct nl_addr *mac = rtnl_link_get_addr(dev);
  if (mac && nl_addr_get_len(mac) == 6)
    memcpy(u.orig_mac, nl_addr_get_binary_addr(mac), 6);
  u.orig_mtu = rtnl_link_get_mtu(dev);
  u.was_up = (rtnl_link_get_flags(dev) & IFF_UP) != 0;

  struct net_link_change move = NET_LINK_CHANGE_INIT;
  move.name = iface->name;
  move.netns_fd = ctx->ct_netns_fd;
  if ((r = net_link_apply(ctx->host, dev, &move, err)) < 0)
    return error_prefix(err, r, "%s: move %s into the container", path,
                        iface->dev);
  *ret_existed = false;
  return net_undo_push(ctx, &u, err);
}
