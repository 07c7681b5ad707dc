/* Setting the network of a container up and tearing it down.  Everything a
 * setup creates is recorded, and undone in reverse order when a later step
 * fails, so a failed setup leaves no interface behind. */
#ifndef CTRUN_HOOKS_NET_SETUP_H
#define CTRUN_HOOKS_NET_SETUP_H

#include <net/if.h>
#include <netlink/socket.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hooks/net-config.h"
#include "spec/error.h"

enum net_undo_kind {
  NET_UNDO_DELETE_HOST,    /* a link we created, still in the host */
  NET_UNDO_DELETE_CT,      /* a link we created, moved to the container */
  NET_UNDO_HOSTDEV_RETURN, /* a host device we moved in: move it back */
};

struct net_undo {
  enum net_undo_kind kind;
  char name[IFNAMSIZ];      /* where the link is now */
  char orig_name[IFNAMSIZ]; /* hostdev: its name in the host */
  uint8_t orig_mac[6];
  unsigned int orig_mtu;
  bool was_up;
};

struct net_ctx {
  struct nl_sock *host; /* bound to the hook's (the host's) namespace */
  struct nl_sock *ct;   /* bound to the container's namespace */
  int host_netns_fd;
  int ct_netns_fd;
  struct net_undo *undo;
  size_t n_undo;
};

int net_undo_push(struct net_ctx *ctx, const struct net_undo *u,
                  ctrun_error **err);

/* Each brings the container end of one interface into the container's
 * namespace under iface->name, or finds it there from an earlier setup
 * (*ret_existed).  path is "interfaces[N]" for errors. */
int net_veth_attach(struct net_ctx *ctx, const struct net_iface *iface,
                    const char *path, bool *ret_existed, ctrun_error **err);
int net_macvlan_attach(struct net_ctx *ctx, const struct net_iface *iface,
                       const char *path, bool *ret_existed, ctrun_error **err);
int net_hostdev_attach(struct net_ctx *ctx, const struct net_iface *iface,
                       const char *path, bool *ret_existed, ctrun_error **err);

/* Configures the network of the process pid's namespace.  Idempotent: a
 * second run finds the interfaces and re-applies addresses and routes. */
int net_setup(const struct net_config *config, pid_t pid, ctrun_error **err);

/* Removes the host-side interfaces setup created.  Idempotent. */
int net_teardown(const struct net_config *config, ctrun_error **err);

#endif
