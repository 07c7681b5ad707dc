/* Pure helpers: MAC addresses and interface names. */
#ifndef CTRUN_HOOKS_NET_NAMES_H
#define CTRUN_HOOKS_NET_NAMES_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec/error.h"

#define NET_MAC_STRLEN 18 /* "52:54:00:12:34:56" + NUL */

/* Parses "aa:bb:cc:dd:ee:ff" and refuses multicast and all-zero addresses
 * (neither can be a NIC's own address).  Messages are meant to be prefixed
 * with the field's path. */
int net_mac_parse(const char *text, uint8_t ret_mac[6], ctrun_error **err);
void net_mac_format(const uint8_t mac[6], char buf[NET_MAC_STRLEN]);

/* Turns 6 random bytes into a locally administered unicast MAC. */
void net_mac_from_random(const uint8_t random[6], uint8_t ret_mac[6]);

/* The MAC given to the host end of a veth: the container's MAC with the
 * first octet 0xfe, so that the bridge (which takes the lowest MAC of its
 * ports) keeps a stable address when the port joins. */
void net_mac_host_side(const uint8_t container_mac[6], uint8_t ret_mac[6]);

/* A kernel-acceptable interface name: 1..15 bytes, not "." or "..", no '/',
 * ':' or whitespace. */
bool net_ifname_valid(const char *name);

/* "ct" + 8 hex digits of a hash of the container id + the index: the same
 * for setup and teardown, so teardown can find what setup created.
 * Returns -ERANGE when the index does not fit in IFNAMSIZ. */
int net_host_name_derive(const char *container_id, size_t index,
                         char ret_name[IFNAMSIZ]);

#endif
