#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hooks/net-names.h"

static int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)tolower((unsigned char)c);
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

int net_mac_parse(const char *text, uint8_t ret_mac[6], ctrun_error **err) {
  uint8_t mac[6];
  const char *p = text;

  for (int i = 0; i < 6; i++) {
    int hi = hex_value(p[0]), lo = hi < 0 ? -1 : hex_value(p[1]);
    if (hi < 0 || lo < 0 || (i < 5 && p[2] != ':') || (i == 5 && p[2] != '\0'))
      return error_set(err, 0,
                       "invalid MAC address \"%s\": expected aa:bb:cc:dd:ee:ff",
                       text);
    mac[i] = (uint8_t)(hi << 4 | lo);
    p += 3;
  }
  if (mac[0] & 0x01)
    return error_set(err, 0, "multicast address \"%s\" is not allowed",
                     text);
  static const uint8_t zero[6];
  if (memcmp(mac, zero, sizeof(zero)) == 0)
    return error_set(err, 0, "all-zero address \"%s\" is not allowed",
                     text);
  memcpy(ret_mac, mac, sizeof(mac));
  return 0;
}

void net_mac_format(const uint8_t mac[6], char buf[NET_MAC_STRLEN]) {
  snprintf(buf, NET_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
           mac[1], mac[2], mac[3], mac[4], mac[5]);
}

void net_mac_from_random(const uint8_t random[6], uint8_t ret_mac[6]) {
  memcpy(ret_mac, random, 6);
  ret_mac[0] = (uint8_t)((ret_mac[0] & ~0x01) | 0x02);
  /* 02:00:00:00:00:00 is unicast and not zero, so every input is usable. */
}

void net_mac_host_side(const uint8_t container_mac[6], uint8_t ret_mac[6]) {
  memcpy(ret_mac, container_mac, 6);
  ret_mac[0] = 0xfe;
}

bool net_ifname_valid(const char *name) {
  size_t len = strlen(name);
  if (len == 0 || len >= IFNAMSIZ)
    return false;
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    return false;
  for (const char *p = name; *p; p++)
    if (*p == '/' || *p == ':' || isspace((unsigned char)*p) ||
        !isprint((unsigned char)*p))
      return false;
  return true;
}

/* FNV-1a: small, stable across builds and architectures. */
static uint32_t fnv1a(const char *s) {
  uint32_t h = 2166136261u;
  for (; *s; s++) {
    h ^= (uint8_t)*s;
    h *= 16777619u;
  }
  return h;
}

int net_host_name_derive(const char *container_id, size_t index,
                         char ret_name[IFNAMSIZ]) {
  char buf[32];
  int n = snprintf(buf, sizeof(buf), "ct%08x%zu", fnv1a(container_id), index);
  if (n < 0 || n >= IFNAMSIZ)
    return -ERANGE;
  memcpy(ret_name, buf, (size_t)n + 1);
  return 0;
}
