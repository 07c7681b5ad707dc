/* The network annotation (org.ctrun.network.v1) as a validated model.
 * Parsing is pure: no syscalls, so unit tests call it directly. */
#ifndef CTRUN_HOOKS_NET_CONFIG_H
#define CTRUN_HOOKS_NET_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/error.h"

#define NET_ANNOTATION "org.ctrun.network.v1"
#define NET_SCHEMA_VERSION 1

enum net_type {
  NET_TYPE_BRIDGE,   /* veth, host end enslaved to "bridge" */
  NET_TYPE_NETWORK,  /* same; "bridge" resolved by the converter */
  NET_TYPE_ETHERNET, /* veth only, optional host-side addresses/routes */
  NET_TYPE_DIRECT,   /* macvlan on "dev" */
  NET_TYPE_HOSTDEV,  /* existing "dev" moved in */
};

enum net_macvlan_mode {
  NET_MACVLAN_VEPA,
  NET_MACVLAN_BRIDGE,
  NET_MACVLAN_PRIVATE,
  NET_MACVLAN_PASSTHROUGH,
};

struct net_address {
  int family; /* AF_INET or AF_INET6 */
  uint8_t addr[16];
  unsigned int prefix;
  bool has_peer;
  uint8_t peer[16];
};

struct net_route {
  int family;
  uint8_t dst[16]; /* all zero with prefix 0: the default route */
  unsigned int prefix;
  bool has_gateway;
  uint8_t gateway[16];
  bool has_metric;
  uint32_t metric;
};

struct net_iface {
  enum net_type type;
  char *bridge;  /* bridge, network */
  char *network; /* network: informational (the libvirt network name) */
  char *dev;     /* direct: parent; hostdev: the device moved in */
  enum net_macvlan_mode mode;
  char name[IFNAMSIZ];      /* inside the container */
  char host_name[IFNAMSIZ]; /* host side: given or derived */
  bool host_name_given;
  bool has_mac;
  uint8_t mac[6];
  unsigned int mtu; /* 0: leave the kernel default */
  bool link_up;
  struct net_address *addresses;
  size_t n_addresses;
  struct net_route *routes;
  size_t n_routes;
  /* ethernet only: configured on the host end */
  struct net_address *host_addresses;
  size_t n_host_addresses;
  struct net_route *host_routes;
  size_t n_host_routes;
};

struct net_config {
  unsigned int version;
  bool loopback_up;
  struct net_iface *ifaces;
  size_t n_ifaces;
};

/* Parses and validates the annotation's value.  container_id is used to
 * derive the host-side names of interfaces without "hostName".  Errors name
 * the JSON path ("interfaces[1].mac: ..."). */
int net_config_parse(const char *json_text, const char *container_id,
                     struct net_config **ret_config, ctrun_error **err);
void net_config_free(struct net_config *config);

const char *net_type_name(enum net_type type);
bool net_type_is_veth(enum net_type type);

#endif
