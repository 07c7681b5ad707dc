/* IP addresses and routes on one interface. */
#ifndef CTRUN_HOOKS_NET_ADDR_H
#define CTRUN_HOOKS_NET_ADDR_H

#include <netlink/socket.h>
#include <stddef.h>

#include "hooks/net-config.h"
#include "spec/error.h"

/* Adds (or replaces, so that a second setup is a no-op) the addresses.
 * path names the list in errors ("interfaces[0].addresses"). */
int net_addresses_add(struct nl_sock *sk, int ifindex,
                      const struct net_address *list, size_t n,
                      const char *path, ctrun_error **err);

/* Adds or replaces the routes, in the main table, through ifindex. */
int net_routes_add(struct nl_sock *sk, int ifindex, const struct net_route *list,
                   size_t n, const char *path, ctrun_error **err);

#endif
