/* MAC parsing/generation and interface name rules of ctrun-nethook. */
#include "config.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "hooks/net-names.h"

Test(net_mac, parses_and_formats) {
  ctrun_error *err = NULL;
  uint8_t mac[6];
  char buf[NET_MAC_STRLEN];
  cr_assert_eq(net_mac_parse("52:54:00:AB:cd:0f", mac, &err), 0);
  cr_assert_null(err);
  const uint8_t want[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0x0f};
  cr_assert_arr_eq(mac, want, 6);
  net_mac_format(mac, buf);
  cr_assert_str_eq(buf, "52:54:00:ab:cd:0f");
}

static void expect_refused(const char *text, const char *fragment) {
  ctrun_error *err = NULL;
  uint8_t mac[6] = {0};
  cr_assert_lt(net_mac_parse(text, mac, &err), 0, "%s accepted", text);
  cr_assert_not_null(err);
  cr_assert(strstr(err->message, fragment), "\"%s\" lacks \"%s\"", err->message,
            fragment);
  error_free(err);
}

Test(net_mac, refuses_multicast_zero_and_garbage) {
  expect_refused("01:00:5e:00:00:01", "multicast address \"01:00:5e:00:00:01\"");
  expect_refused("ff:ff:ff:ff:ff:ff", "multicast");
  expect_refused("00:00:00:00:00:00", "all-zero");
  expect_refused("52:54:00:12:34", "invalid MAC");
  expect_refused("52:54:00:12:34:56:78", "invalid MAC");
  expect_refused("52-54-00-12-34-56", "invalid MAC");
  expect_refused("5g:54:00:12:34:56", "invalid MAC");
  expect_refused("", "invalid MAC");
}

Test(net_mac, random_is_local_unicast) {
  const uint8_t inputs[][6] = {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                               {0, 0, 0, 0, 0, 0},
                               {0x01, 0x23, 0x45, 0x67, 0x89, 0xab}};
  for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
    uint8_t mac[6];
    net_mac_from_random(inputs[i], mac);
    cr_assert_eq(mac[0] & 0x01, 0, "multicast bit set");
    cr_assert_eq(mac[0] & 0x02, 0x02, "not locally administered");
    cr_assert_arr_eq(mac + 1, inputs[i] + 1, 5, "random bytes not kept");
    char buf[NET_MAC_STRLEN];
    net_mac_format(mac, buf);
    ctrun_error *err = NULL;
    uint8_t back[6];
    cr_assert_eq(net_mac_parse(buf, back, &err), 0, "%s refused", buf);
  }
}

Test(net_mac, host_side_keeps_tail) {
  const uint8_t ct[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  uint8_t host[6];
  net_mac_host_side(ct, host);
  const uint8_t want[6] = {0xfe, 0x54, 0x00, 0x12, 0x34, 0x56};
  cr_assert_arr_eq(host, want, 6);
}

Test(net_names, ifname_rules) {
  cr_assert(net_ifname_valid("eth0"));
  cr_assert(net_ifname_valid("a23456789012345")); /* 15 */
  cr_assert_not(net_ifname_valid("a234567890123456"));
  cr_assert_not(net_ifname_valid(""));
  cr_assert_not(net_ifname_valid("."));
  cr_assert_not(net_ifname_valid(".."));
  cr_assert_not(net_ifname_valid("a/b"));
  cr_assert_not(net_ifname_valid("a:1"));
  cr_assert_not(net_ifname_valid("a b"));
  cr_assert_not(net_ifname_valid("a\tb"));
}

Test(net_names, derived_host_names_are_stable_and_short) {
  char a[IFNAMSIZ], b[IFNAMSIZ], c[IFNAMSIZ], d[IFNAMSIZ];
  cr_assert_eq(net_host_name_derive("mycontainer", 0, a), 0);
  cr_assert_eq(net_host_name_derive("mycontainer", 0, b), 0);
  cr_assert_str_eq(a, b);
  cr_assert_eq(strncmp(a, "ct", 2), 0);
  cr_assert_eq(strlen(a), 11); /* ct + 8 hex + "0" */
  cr_assert_eq(net_host_name_derive("mycontainer", 1, c), 0);
  cr_assert_str_neq(a, c);
  cr_assert_eq(strncmp(a, c, 10), 0, "same container, same hash");
  cr_assert_eq(net_host_name_derive("othercontainer", 0, d), 0);
  cr_assert_str_neq(a, d);
  cr_assert(net_ifname_valid(a));
  /* FNV-1a of "" is 811c9dc5: the derivation must not change across builds,
   * or teardown would miss what an older setup created */
  cr_assert_eq(net_host_name_derive("", 7, d), 0);
  cr_assert_str_eq(d, "ct811c9dc57");
  cr_assert_eq(net_host_name_derive("x", 99999, d), 0);
  cr_assert_eq(strlen(d), 15);
  cr_assert_eq(net_host_name_derive("x", 100000, d), -ERANGE);
}
