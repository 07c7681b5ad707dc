/* The org.ctrun.network.v1 annotation and the OCI state, as ctrun-nethook
 * parses and validates them. */
#include "config.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hooks/net-config.h"
#include "hooks/net-names.h"
#include "hooks/net-state.h"

static struct net_config *parse_ok(const char *json) {
  ctrun_error *err = NULL;
  struct net_config *c = NULL;
  int r = net_config_parse(json, "ctr-1", &c, &err);
  cr_assert_eq(r, 0, "refused: %s", err ? err->message : "?");
  cr_assert_not_null(c);
  return c;
}

/* The whole message must be what the user sees after "ctrun-nethook: ...". */
static void parse_fails(const char *json, const char *want) {
  ctrun_error *err = NULL;
  struct net_config *c = NULL;
  int r = net_config_parse(json, "ctr-1", &c, &err);
  cr_assert_lt(r, 0, "accepted: %s", json);
  cr_assert_null(c);
  cr_assert_not_null(err);
  cr_assert(strstr(err->message, want), "message \"%s\" lacks \"%s\"",
            err->message, want);
  error_free(err);
}

static void assert_ip(int family, const uint8_t *bytes, const char *text) {
  uint8_t want[16] = {0};
  cr_assert_eq(inet_pton(family, text, want), 1);
  cr_assert_arr_eq(bytes, want, family == AF_INET ? 4 : 16, "not %s", text);
}

Test(net_config, full_schema) {
  struct net_config *c = parse_ok(
      "{\"version\":1,\"loopbackUp\":false,\"interfaces\":["
      "{\"type\":\"bridge\",\"bridge\":\"br0\",\"name\":\"eth0\","
      "\"hostName\":\"vethXYZ\",\"mac\":\"52:54:00:12:34:56\",\"mtu\":1400,"
      "\"linkState\":\"up\",\"addresses\":[{\"family\":\"ipv4\","
      "\"address\":\"169.254.1.2\",\"prefix\":24},{\"family\":\"ipv6\","
      "\"address\":\"fd00::2\",\"prefix\":64,\"peer\":\"fd00::1\"}],"
      "\"routes\":[{\"family\":\"ipv4\",\"address\":\"0.0.0.0\",\"prefix\":0,"
      "\"gateway\":\"169.254.1.1\"},{\"address\":\"169.254.8.0\",\"prefix\":22,"
      "\"metric\":50}]},"
      "{\"type\":\"direct\",\"dev\":\"eth9\",\"mode\":\"passthrough\"},"
      "{\"type\":\"hostdev\",\"dev\":\"dummy0\",\"linkState\":\"down\"},"
      "{\"type\":\"ethernet\",\"hostAddresses\":[{\"address\":\"169.254.3.1\","
      "\"prefix\":32,\"peer\":\"169.254.3.2\"}],\"hostRoutes\":[{\"address\":"
      "\"169.254.3.2\",\"prefix\":32}]},"
      "{\"type\":\"network\",\"network\":\"default\",\"bridge\":\"virbr0\"}]}");
  cr_assert_eq(c->version, 1);
  cr_assert_not(c->loopback_up);
  cr_assert_eq(c->n_ifaces, 5);

  const struct net_iface *b = &c->ifaces[0];
  cr_assert_eq(b->type, NET_TYPE_BRIDGE);
  cr_assert_str_eq(b->bridge, "br0");
  cr_assert_str_eq(b->name, "eth0");
  cr_assert_str_eq(b->host_name, "vethXYZ");
  cr_assert(b->host_name_given);
  cr_assert(b->has_mac);
  cr_assert_eq(b->mac[5], 0x56);
  cr_assert_eq(b->mtu, 1400);
  cr_assert(b->link_up);
  cr_assert_eq(b->n_addresses, 2);
  cr_assert_eq(b->addresses[0].family, AF_INET);
  assert_ip(AF_INET, b->addresses[0].addr, "169.254.1.2");
  cr_assert_eq(b->addresses[0].prefix, 24);
  cr_assert_not(b->addresses[0].has_peer);
  cr_assert_eq(b->addresses[1].family, AF_INET6);
  assert_ip(AF_INET6, b->addresses[1].addr, "fd00::2");
  cr_assert(b->addresses[1].has_peer);
  assert_ip(AF_INET6, b->addresses[1].peer, "fd00::1");
  cr_assert_eq(b->n_routes, 2);
  cr_assert_eq(b->routes[0].prefix, 0);
  cr_assert(b->routes[0].has_gateway);
  assert_ip(AF_INET, b->routes[0].gateway, "169.254.1.1");
  cr_assert_eq(b->routes[1].family, AF_INET, "family inferred");
  cr_assert_not(b->routes[1].has_gateway);
  cr_assert(b->routes[1].has_metric);
  cr_assert_eq(b->routes[1].metric, 50);

  const struct net_iface *d = &c->ifaces[1];
  cr_assert_eq(d->type, NET_TYPE_DIRECT);
  cr_assert_str_eq(d->dev, "eth9");
  cr_assert_eq(d->mode, NET_MACVLAN_PASSTHROUGH);
  cr_assert_str_eq(d->name, "eth1", "first unnamed after an explicit eth0");
  cr_assert_not(d->has_mac);

  const struct net_iface *h = &c->ifaces[2];
  cr_assert_eq(h->type, NET_TYPE_HOSTDEV);
  cr_assert_not(h->link_up);
  cr_assert_str_eq(h->name, "eth2");
  cr_assert_str_eq(h->host_name, "", "hostdev has no host side");

  const struct net_iface *e = &c->ifaces[3];
  cr_assert_eq(e->type, NET_TYPE_ETHERNET);
  cr_assert_eq(e->n_host_addresses, 1);
  cr_assert(e->host_addresses[0].has_peer);
  cr_assert_eq(e->n_host_routes, 1);
  cr_assert_eq(e->host_routes[0].prefix, 32);

  cr_assert_eq(c->ifaces[4].type, NET_TYPE_NETWORK);
  cr_assert_str_eq(c->ifaces[4].network, "default");
  cr_assert_str_eq(c->ifaces[4].bridge, "virbr0");
  net_config_free(c);
}

Test(net_config, defaults) {
  struct net_config *c = parse_ok(
      "{\"interfaces\":[{\"type\":\"bridge\",\"bridge\":\"br0\","
      "\"addresses\":[{\"address\":\"10.1.2.3\"},{\"address\":\"172.16.0.9\"},"
      "{\"address\":\"192.168.1.5\"},{\"address\":\"fd00::5\"}],"
      "\"routes\":[{\"address\":\"::\",\"gateway\":\"fd00::1\"}]},"
      "{\"type\":\"direct\",\"dev\":\"eth0\"}]}");
  cr_assert_eq(c->version, 1, "no version: the draft schema, version 1");
  cr_assert(c->loopback_up);
  const struct net_iface *b = &c->ifaces[0];
  cr_assert_str_eq(b->name, "eth0");
  char want[IFNAMSIZ];
  net_host_name_derive("ctr-1", 0, want);
  cr_assert_str_eq(b->host_name, want);
  cr_assert_not(b->host_name_given);
  cr_assert(b->link_up);
  cr_assert_eq(b->mtu, 0);
  /* libvirt's defaults for <ip> without prefix: classful / 64 */
  cr_assert_eq(b->addresses[0].prefix, 8);
  cr_assert_eq(b->addresses[1].prefix, 16);
  cr_assert_eq(b->addresses[2].prefix, 24);
  cr_assert_eq(b->addresses[3].prefix, 64);
  cr_assert_eq(b->routes[0].family, AF_INET6);
  cr_assert_eq(b->routes[0].prefix, 0, "\"::\" is the default route");
  cr_assert_eq(c->ifaces[1].mode, NET_MACVLAN_VEPA);
  cr_assert_str_eq(c->ifaces[1].name, "eth1");
  net_host_name_derive("ctr-1", 1, want);
  cr_assert_str_eq(c->ifaces[1].host_name, want);
  net_config_free(c);
}

Test(net_config, unnamed_skip_taken_names) {
  struct net_config *c = parse_ok(
      "{\"interfaces\":[{\"type\":\"ethernet\"},{\"type\":\"ethernet\","
      "\"name\":\"eth0\"},{\"type\":\"ethernet\"}]}");
  cr_assert_str_eq(c->ifaces[0].name, "eth1");
  cr_assert_str_eq(c->ifaces[1].name, "eth0");
  cr_assert_str_eq(c->ifaces[2].name, "eth2");
  net_config_free(c);
}

/* The example of docs/design (xml-mapping.md §8.1/§15) must keep working. */
Test(net_config, design_draft_spelling) {
  struct net_config *c = parse_ok(
      "{\"interfaces\":[{\"type\":\"bridge\",\"bridge\":\"bri0\",\"hostName\":"
      "\"veth0\",\"guestName\":\"eth2\",\"mac\":\"00:16:3e:0f:ef:8a\","
      "\"link\":\"up\",\"mtu\":null,\"ips\":[{\"family\":\"ipv4\",\"address\":"
      "\"192.168.122.12\",\"prefix\":24,\"peer\":null}],\"routes\":[{\"family\":"
      "\"ipv4\",\"address\":\"0.0.0.0\",\"prefix\":0,\"gateway\":"
      "\"192.168.122.1\"}],\"hostIps\":[],\"hostRoutes\":[]},"
      "{\"type\":\"veth\"},{\"type\":\"macvlan\",\"dev\":\"eth0\"}],"
      "\"loopbackUp\":true}");
  cr_assert_str_eq(c->ifaces[0].name, "eth2");
  cr_assert_eq(c->ifaces[0].n_addresses, 1);
  cr_assert_eq(c->ifaces[0].mtu, 0);
  cr_assert_eq(c->ifaces[1].type, NET_TYPE_ETHERNET);
  cr_assert_eq(c->ifaces[2].type, NET_TYPE_DIRECT);
  net_config_free(c);
}

Test(net_config, errors_name_the_field) {
  parse_fails("{\"interfaces\":[", "invalid JSON at line 1");
  parse_fails("[]", "expected a JSON object");
  parse_fails("{\"version\":2}", "version: 2 is not supported");
  parse_fails("{\"interfaces\":{}}", "interfaces: expected an array");
  parse_fails("{\"iface\":[]}", "iface: unknown key");
  parse_fails("{\"interfaces\":[{\"type\":\"bridge\",\"bridge\":\"br0\"},"
              "{\"type\":\"bridge\",\"bridge\":\"br0\",\"mac\":\"01:00:5e:00:00:01\"}]}",
              "interfaces[1].mac: multicast address \"01:00:5e:00:00:01\" is not allowed");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"mac\":\"00:00:00:00:00:00\"}]}",
              "interfaces[0].mac: all-zero address");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"mac\":42}]}",
              "interfaces[0].mac: expected a string");
  parse_fails("{\"interfaces\":[{}]}", "interfaces[0].type: missing");
  parse_fails("{\"interfaces\":[3]}", "interfaces[0]: expected an object");
  parse_fails("{\"interfaces\":[{\"type\":\"user\"}]}",
              "interfaces[0].type: unknown type \"user\"");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"colour\":1}]}",
              "interfaces[0].colour: unknown key");
  parse_fails("{\"interfaces\":[{\"type\":\"bridge\"}]}",
              "interfaces[0].bridge: missing (required for type bridge)");
  parse_fails("{\"interfaces\":[{\"type\":\"network\",\"network\":\"default\"}]}",
              "interfaces[0].bridge: missing: network \"default\" was not resolved");
  parse_fails("{\"interfaces\":[{\"type\":\"direct\"}]}",
              "interfaces[0].dev: missing (required for type direct)");
  parse_fails("{\"interfaces\":[{\"type\":\"hostdev\"}]}",
              "interfaces[0].dev: missing (required for type hostdev)");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"dev\":\"eth0\"}]}",
              "interfaces[0].dev: not used by type ethernet");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"bridge\":\"br0\"}]}",
              "interfaces[0].bridge: not used by type ethernet");
  parse_fails("{\"interfaces\":[{\"type\":\"bridge\",\"bridge\":\"br0\",\"mode\":\"vepa\"}]}",
              "interfaces[0].mode: not used by type bridge");
  parse_fails("{\"interfaces\":[{\"type\":\"direct\",\"dev\":\"e\",\"mode\":\"vpea\"}]}",
              "interfaces[0].mode: unknown mode \"vpea\"");
  parse_fails("{\"interfaces\":[{\"type\":\"hostdev\",\"dev\":\"d\",\"hostName\":\"x\"}]}",
              "interfaces[0].hostName: not used by type hostdev");
  parse_fails("{\"interfaces\":[{\"type\":\"bridge\",\"bridge\":\"br0\","
              "\"hostAddresses\":[{\"address\":\"169.254.0.1\"}]}]}",
              "interfaces[0]: hostAddresses/hostRoutes are only used by type ethernet");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"name\":\"a234567890123456\"}]}",
              "interfaces[0].name: \"a234567890123456\" is not a valid interface name");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"name\":\"lo\"}]}",
              "interfaces[0].name: \"lo\" is reserved");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"name\":\"x\"},"
              "{\"type\":\"ethernet\",\"name\":\"x\"}]}",
              "interfaces[1].name: \"x\" is already used by interfaces[0]");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"hostName\":\"v\"},"
              "{\"type\":\"ethernet\",\"hostName\":\"v\"}]}",
              "interfaces[1].hostName: \"v\" is already used by interfaces[0]");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"name\":\"a\",\"guestName\":\"b\"}]}",
              "interfaces[0]: both name and guestName are given");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"mtu\":20}]}",
              "interfaces[0].mtu: 20 is out of range 68..65535");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"mtu\":\"1500\"}]}",
              "interfaces[0].mtu: expected an integer");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"linkState\":\"on\"}]}",
              "interfaces[0].linkState: \"on\" is not up or down");
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"linkState\":\"down\","
              "\"routes\":[{\"address\":\"0.0.0.0\"}]}]}",
              "interfaces[0].routes: routes need linkState up");
}

Test(net_config, address_errors_name_the_field) {
#define IFACE(list) "{\"interfaces\":[{\"type\":\"ethernet\"," list "}]}"
  parse_fails(IFACE("\"addresses\":{}"), "interfaces[0].addresses: expected an array");
  parse_fails(IFACE("\"addresses\":[{\"prefix\":24}]"),
              "interfaces[0].addresses[0].address: missing");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"169.254.0.1\"},{\"address\":\"1.2.3\"}]"),
              "interfaces[0].addresses[1].address: \"1.2.3\" is not an IPv4 or IPv6 address");
  parse_fails(IFACE("\"addresses\":[{\"family\":\"ipv6\",\"address\":\"169.254.0.1\"}]"),
              "interfaces[0].addresses[0].address: \"169.254.0.1\" is not an IPv6 address");
  parse_fails(IFACE("\"addresses\":[{\"family\":\"inet\",\"address\":\"169.254.0.1\"}]"),
              "interfaces[0].addresses[0].family: \"inet\" is not ipv4 or ipv6");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"169.254.0.1\",\"prefix\":33}]"),
              "interfaces[0].addresses[0].prefix: 33 is out of range 0..32");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"fd00::1\",\"prefix\":129}]"),
              "interfaces[0].addresses[0].prefix: 129 is out of range 0..128");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"224.0.0.1\"}]"),
              "interfaces[0].addresses[0].address: 224.0.0.1 is not a unicast address");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"::\"}]"),
              "is not a unicast address");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"169.254.0.1\",\"peer\":\"fd00::1\"}]"),
              "interfaces[0].addresses[0].peer: \"fd00::1\" is not an IPv4 address");
  parse_fails(IFACE("\"addresses\":[{\"address\":\"169.254.0.1\",\"gateway\":\"x\"}]"),
              "interfaces[0].addresses[0].gateway: unknown key");
  parse_fails(IFACE("\"routes\":[{\"address\":\"169.254.8.1\",\"prefix\":24}]"),
              "interfaces[0].routes[0].address: 169.254.8.1/24 has host bits set");
  parse_fails(IFACE("\"routes\":[{\"address\":\"fd00::1\",\"prefix\":64}]"),
              "interfaces[0].routes[0].address: fd00::1/64 has host bits set");
  parse_fails(IFACE("\"routes\":[{\"address\":\"0.0.0.0\",\"gateway\":\"fd00::1\"}]"),
              "interfaces[0].routes[0].gateway: \"fd00::1\" is not an IPv4 address");
  parse_fails(IFACE("\"routes\":[{\"address\":\"0.0.0.0\",\"metric\":-1}]"),
              "interfaces[0].routes[0].metric: -1 is out of range");
  parse_fails(IFACE("\"hostRoutes\":[{\"address\":\"0.0.0.0\",\"peer\":\"1.1.1.1\"}]"),
              "interfaces[0].hostRoutes[0].peer: unknown key");
#undef IFACE
}

Test(net_config, duplicate_keys_refused) {
  parse_fails("{\"interfaces\":[{\"type\":\"ethernet\",\"type\":\"ethernet\"}]}",
              "duplicate object key");
}

Test(net_state, reads_id_pid_and_annotation) {
  ctrun_error *err = NULL;
  struct net_state *s = NULL;
  cr_assert_eq(net_state_parse(
                   "{\"ociVersion\":\"1.0.2\",\"id\":\"c1\",\"status\":\"created\","
                   "\"pid\":4242,\"bundle\":\"/b\",\"annotations\":{\"x\":\"y\","
                   "\"org.ctrun.network.v1\":\"{\\\"interfaces\\\":[]}\"}}",
                   &s, &err),
               0);
  cr_assert_str_eq(s->id, "c1");
  cr_assert_eq(s->pid, 4242);
  cr_assert_str_eq(s->bundle, "/b");
  cr_assert_str_eq(s->annotation, "{\"interfaces\":[]}");
  net_state_free(s);

  cr_assert_eq(net_state_parse("{\"id\":\"c2\",\"status\":\"stopped\"}", &s, &err), 0);
  cr_assert_eq(s->pid, 0);
  cr_assert_null(s->annotation);
  cr_assert_null(s->bundle);
  net_state_free(s);
}

Test(net_state, errors) {
  const struct {
    const char *json, *want;
  } cases[] = {
      {"{", "state: invalid JSON"},
      {"{\"pid\":1}", "state: id: missing"},
      {"{\"id\":\"c\",\"pid\":\"1\"}", "state: pid: expected a non-negative integer"},
      {"{\"id\":\"c\",\"annotations\":[]}", "state: annotations: expected an object"},
      {"{\"id\":\"c\",\"annotations\":{\"org.ctrun.network.v1\":{}}}",
       "state: annotations.\"org.ctrun.network.v1\": expected a string"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    ctrun_error *err = NULL;
    struct net_state *s = NULL;
    cr_assert_lt(net_state_parse(cases[i].json, &s, &err), 0, "%s", cases[i].json);
    cr_assert(strstr(err->message, cases[i].want), "\"%s\" lacks \"%s\"",
              err->message, cases[i].want);
    error_free(err);
  }
}

Test(net_state, bundle_config_annotation) {
  ctrun_error *err = NULL;
  char *v = NULL;
  cr_assert_eq(net_config_json_annotation(
                   "{\"ociVersion\":\"1.0.2\",\"annotations\":"
                   "{\"org.ctrun.network.v1\":\"{}\"}}",
                   &v, &err),
               0);
  cr_assert_str_eq(v, "{}");
  free(v);
  v = NULL;
  cr_assert_eq(net_config_json_annotation("{\"ociVersion\":\"1.0.2\"}", &v, &err), 0);
  cr_assert_null(v);
  cr_assert_lt(net_config_json_annotation("nope", &v, &err), 0);
  cr_assert(strstr(err->message, "config.json: invalid JSON"));
  error_free(err);
}
