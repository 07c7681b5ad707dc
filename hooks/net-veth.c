/* bridge, network and ethernet: a veth pair whose peer is created directly
 * in the container's namespace under its final name.  Creating it there
 * (IFLA_NET_NS_FD on the peer) means the name never has to be free in the
 * host, and the pair appears in both namespaces at once. */
#include "config.h"

#include <errno.h>
#include <netlink/route/link/veth.h>
#include <string.h>

#include "hooks/net-nl.h"
#include "hooks/net-setup.h"

static int veth_create(struct nl_sock *host, const char *host_name,
                       const char *ct_name, int ct_netns_fd, ctrun_error **err) {
  struct rtnl_link *link = rtnl_link_veth_alloc();
  if (link == NULL)
    return error_set(err, ENOMEM, "allocate a veth");
  struct rtnl_link *peer = rtnl_link_veth_get_peer(link);
  rtnl_link_set_name(link, host_name);
  rtnl_link_set_name(peer, ct_name);
  rtnl_link_set_ns_fd(peer, ct_netns_fd);
  int r = rtnl_link_add(host, link, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put(peer); /* get_peer took a reference */
  rtnl_link_veth_release(link);
  if (r < 0)
    return nl_error(err, r, "create veth pair %s/%s", host_name, ct_name);
  return 0;
}

int net_veth_attach(struct net_ctx *ctx, const struct net_iface *iface,
                    const char *path, bool *ret_existed, ctrun_error **err) {
  _cleanup_link_ struct rtnl_link *host_link = NULL;
  _cleanup_link_ struct rtnl_link *ct_link = NULL;
  int r = net_link_find(ctx->host, iface->host_name, &host_link, err);
  if (r >= 0)
    r = net_link_find(ctx->ct, iface->name, &ct_link, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);

  if (host_link && ct_link) {
    if (strcmp(net_link_kind(host_link), "veth") != 0)
      return error_set(err, 0,
                       "%s.hostName: \"%s\" exists in the host and is not a veth",
                       path, iface->host_name);
    *ret_existed = true; /* an earlier setup of this container */
    return 0;
  }
  if (host_link)
    return error_set(err, 0,
                     "%s.hostName: interface \"%s\" already exists in the host",
                     path, iface->host_name);
  if (ct_link)
    return error_set(err, 0,
                     "%s.name: interface \"%s\" already exists in the container",
                     path, iface->name);

  r = veth_create(ctx->host, iface->host_name, iface->name, ctx->ct_netns_fd, err);
  if (r < 0)
    return error_prefix(err, r, "%s", path);
  struct net_undo u = {.kind = NET_UNDO_DELETE_HOST};
  memcpy(u.name, iface->host_name, sizeof(u.name));
  *ret_existed = false;
  return net_undo_push(ctx, &u, err);
}
