/* libvirt's scaled integers and MAC addresses, as the converter reads them. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdlib.h>

#include "spec/xml/xml.h"

static uint64_t scale(const char *v, const char *unit, uint64_t def) {
  uint64_t out = 0;
  ctrun_error *err = NULL;
  int r = xml_scale_integer(v, unit, def, UINT64_MAX, &out, &err);
  cr_assert_eq(r, 0, "%s %s: %s", v, unit ? unit : "(none)", err ? err->message : "");
  return out;
}

static void scale_fails(const char *v, const char *unit, uint64_t limit, const char *msg) {
  uint64_t out = 0;
  ctrun_error *err = NULL;
  cr_assert_lt(xml_scale_integer(v, unit, 1024, limit, &out, &err), 0, "%s %s", v, unit);
  cr_assert_not_null(err);
  cr_assert(strstr(err->message, msg), "message '%s' lacks '%s'", err->message, msg);
  error_free(err);
}

Test(xml_units, default_scale_applies_without_unit) {
  cr_assert_eq(scale("1048576", NULL, 1024), 1073741824); /* KiB: memory, ram usage */
  cr_assert_eq(scale("1153024", NULL, 1), 1153024);       /* bytes: space limits */
  cr_assert_eq(scale("7", "", 1024), 7168);
}

Test(xml_units, binary_and_decimal_suffixes) {
  cr_assert_eq(scale("1", "k", 1), 1024);
  cr_assert_eq(scale("1", "K", 1), 1024);
  cr_assert_eq(scale("1", "KiB", 1), 1024);
  cr_assert_eq(scale("1", "kib", 1), 1024);
  cr_assert_eq(scale("1", "KB", 1), 1000);
  cr_assert_eq(scale("1", "kB", 1), 1000);
  cr_assert_eq(scale("3", "M", 1), 3u << 20);
  cr_assert_eq(scale("3", "MiB", 1), 3u << 20);
  cr_assert_eq(scale("3", "MB", 1), 3000000);
  cr_assert_eq(scale("2", "G", 1), UINT64_C(2) << 30);
  cr_assert_eq(scale("2", "GB", 1), UINT64_C(2000000000));
  cr_assert_eq(scale("1", "T", 1), UINT64_C(1) << 40);
  cr_assert_eq(scale("1", "TB", 1), UINT64_C(1000000000000));
  cr_assert_eq(scale("1", "PiB", 1), UINT64_C(1) << 50);
  cr_assert_eq(scale("1", "E", 1), UINT64_C(1) << 60);
  cr_assert_eq(scale("1", "EB", 1), UINT64_C(1000000000000000000));
}

Test(xml_units, byte_spellings) {
  cr_assert_eq(scale("5", "b", 1024), 5);
  cr_assert_eq(scale("5", "byte", 1024), 5);
  cr_assert_eq(scale("5", "bytes", 1024), 5);
  cr_assert_eq(scale("5", "B", 1024), 5);
}

Test(xml_units, rejects) {
  scale_fails("1", "KX", UINT64_MAX, "unknown unit 'KX'");
  scale_fails("1", "Q", UINT64_MAX, "unknown unit");
  scale_fails("1", "kibi", UINT64_MAX, "unknown unit");
  scale_fails("-1", NULL, UINT64_MAX, "non-negative integer");
  scale_fails("12abc", NULL, UINT64_MAX, "non-negative integer");
  scale_fails("", NULL, UINT64_MAX, "non-negative integer");
  scale_fails("99999999999999999999", NULL, UINT64_MAX, "too large");
  scale_fails("16", "E", UINT64_MAX, "too large");
  scale_fails("2", "KiB", 2047, "too large");
}

Test(xml_units, zero_is_fine_with_any_unit) { cr_assert_eq(scale("0", "EiB", 1), 0); }

static char *mac(const char *in, bool *zero) {
  char *out = NULL;
  ctrun_error *err = NULL;
  cr_assert_eq(xml_parse_mac(in, &out, zero, &err), 0, "%s: %s", in, err ? err->message : "");
  return out;
}

Test(xml_mac, normalizes) {
  bool zero;
  char *m = mac("52:54:0:A:b:1", &zero);
  cr_assert_str_eq(m, "52:54:00:0a:0b:01");
  cr_assert(!zero);
  free(m);
  m = mac("00:00:00:00:00:00", &zero);
  cr_assert(zero);
  free(m);
}

Test(xml_mac, refuses_multicast_and_garbage) {
  static const char *const bad[] = {"01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "52:54:00:00:00",
                                    "52:54:00:00:00:00:01", "52-54-00-00-00-01",
                                    "520:54:00:00:00:01", "52:54:00:00:00:0g", ""};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char *out = NULL;
    bool zero;
    ctrun_error *err = NULL;
    cr_assert_lt(xml_parse_mac(bad[i], &out, &zero, &err), 0, "%s accepted", bad[i]);
    cr_assert_null(out);
    if (i < 2)
      cr_assert(strstr(err->message, "multicast"), "%s", err->message);
    error_free(err);
  }
}

Test(xml_ip, addresses_like_inet_pton) {
  unsigned char a[16];
  cr_assert_eq(xml_parse_ip("192.168.122.1", a), 4);
  cr_assert(a[0] == 192 && a[3] == 1);
  cr_assert_eq(xml_parse_ip("::", a), 6);
  cr_assert_eq(xml_parse_ip("2003:db8:1:0:214:1234:fe0b:3596", a), 6);
  cr_assert(a[0] == 0x20 && a[1] == 0x03 && a[15] == 0x96);
  cr_assert_eq(xml_parse_ip("fd00::1", a), 6);
  cr_assert(a[0] == 0xfd && a[14] == 0 && a[15] == 1);
  cr_assert_eq(xml_parse_ip("::ffff:10.0.0.1", a), 6);
  cr_assert(a[10] == 0xff && a[12] == 10 && a[15] == 1);
  static const char *const bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.1.1.1",
                                    "1:2:3:4:5:6:7:8:9", "1::2::3", ":1::", "12345::",
                                    "fd00::g", "1:2:3:4:5:6:7:8::"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    cr_assert_lt(xml_parse_ip(bad[i], a), 0, "'%s' accepted", bad[i]);
}
