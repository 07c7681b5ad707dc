/* Thin libnl-route-3 layer: sockets bound to a network namespace, links
 * looked up and changed by name, libnl errors turned into ctrun_error. */
#ifndef CTRUN_HOOKS_NET_NL_H
#define CTRUN_HOOKS_NET_NL_H

#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>
#include <stdint.h>
#include <sys/types.h>

#include "spec/cleanup.h"
#include "spec/error.h"

DEFINE_CLEANUP_FUNC(struct rtnl_link *, rtnl_link_put)
#define _cleanup_link_ _cleanup_(rtnl_link_putp)
DEFINE_CLEANUP_FUNC(struct nl_addr *, nl_addr_put)
#define _cleanup_nladdr_ _cleanup_(nl_addr_putp)
DEFINE_CLEANUP_FUNC(struct nl_sock *, nl_socket_free)
#define _cleanup_nlsock_ _cleanup_(nl_socket_freep)

/* error_set() for a libnl return value (-NLE_*), with the matching errno. */
int nl_error(ctrun_error **err, int nle, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A NETLINK_ROUTE socket in the caller's network namespace. */
int net_socket_open(struct nl_sock **ret_sock, ctrun_error **err);

/* A NETLINK_ROUTE socket in the namespace netns_fd refers to.  A netlink
 * socket stays bound to the namespace it was created in, so the process
 * enters the namespace only for socket(), and returns at once. */
int net_socket_open_in(int netns_fd, struct nl_sock **ret_sock,
                       ctrun_error **err);

/* /proc/<pid>/ns/net, O_CLOEXEC. */
int net_netns_open(pid_t pid, int *ret_fd, ctrun_error **err);

/* Looks a link up by name.  *ret_link is NULL (and 0 returned) when there
 * is no such link. */
int net_link_find(struct nl_sock *sk, const char *name,
                  struct rtnl_link **ret_link, ctrun_error **err);

/* Same, but a missing link is an error "<name>: not found". */
int net_link_get(struct nl_sock *sk, const char *name,
                 struct rtnl_link **ret_link, ctrun_error **err);

/* "veth", "bridge", "macvlan"... or "" for a link without a kind. */
const char *net_link_kind(struct rtnl_link *link);

/* Deletes a link by name; a missing link is not an error. */
int net_link_delete(struct nl_sock *sk, const char *name, ctrun_error **err);

/* What to change on a link; unset fields are left as they are. */
struct net_link_change {
  const uint8_t *mac; /* 6 bytes */
  unsigned int mtu;   /* 0: keep */
  int master;         /* ifindex of a bridge, 0: keep */
  int up;             /* 1 up, 0 down, -1 keep */
  const char *name;   /* rename */
  int netns_fd;       /* move to another namespace, -1: stay */
};
#define NET_LINK_CHANGE_INIT {.up = -1, .netns_fd = -1}

int net_link_apply(struct nl_sock *sk, struct rtnl_link *link,
                   const struct net_link_change *change, ctrun_error **err);

#endif
