#!/bin/bash
# ctrun-xml2oci as a program: input from a file or stdin, stdout or --bundle,
# exit codes, nothing written on error, --strict, option errors.
set -u
X=${top_builddir:-.}/ctrun-xml2oci
IN=${top_srcdir:-.}/tests/xml/inputs
T=$(mktemp -d /tmp/ctrun-xml-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*" >&2; fails=1; }

"$X" "$IN/strict-clean.xml" >"$T/out" 2>"$T/err" && [ -s "$T/out" ] && [ ! -s "$T/err" ] &&
  ok "file to stdout" || bad "file to stdout: $(cat "$T/err")"
"$X" <"$IN/strict-clean.xml" >"$T/out2" && cmp -s "$T/out" "$T/out2" && ok "stdin" || bad "stdin"
"$X" - <"$IN/strict-clean.xml" >"$T/out3" && cmp -s "$T/out" "$T/out3" && ok "- is stdin" || bad "-"
grep -q '"hostname": "clean"' "$T/out" && ok "hostname" || bad "hostname"

mkdir "$T/b"
"$X" --bundle "$T/b" --rootfs rootfs "$IN/strict-clean.xml" >"$T/out4" && [ ! -s "$T/out4" ] &&
  grep -q '"path": "rootfs"' "$T/b/config.json" && ok "--bundle and --rootfs" || bad "--bundle"
cp "$T/b/config.json" "$T/before"
"$X" --bundle "$T/b" "$IN/bad-xml.xml" 2>"$T/err"; rc=$?
[ $rc = 1 ] && cmp -s "$T/before" "$T/b/config.json" && [ "$(ls -A "$T/b")" = config.json ] &&
  ok "error leaves the bundle as it was" || bad "bundle after error (rc $rc): $(ls -A "$T/b")"
grep -q "^ctrun-xml2oci: .*bad-xml.xml: malformed XML at line 4" "$T/err" && ok "line number" ||
  bad "bad XML message: $(cat "$T/err")"

"$X" "$IN/strict-dropped.xml" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && grep -q "warning: /domain/devices/serial:" "$T/err" && ok "drop is a warning" ||
  bad "warning (rc $rc): $(cat "$T/err")"
"$X" --strict "$IN/strict-dropped.xml" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && [ ! -s "$T/out" ] && grep -q "/domain/devices/serial: .*(--strict)" "$T/err" &&
  ok "--strict makes it an error" || bad "--strict (rc $rc): $(cat "$T/err")"
"$X" --strict "$IN/strict-clean.xml" >/dev/null && ok "--strict accepts a clean domain" ||
  bad "--strict on a clean domain"

"$X" "$IN/legacy-leskovec-2008.xml" >/dev/null 2>&1 && bad "draft accepted without --legacy" ||
  ok "drafts need --legacy"
"$X" --legacy "$IN/legacy-leskovec-2008.xml" >"$T/out" 2>/dev/null &&
  grep -q '"hostname": "browndog"' "$T/out" && ok "--legacy" || bad "--legacy"

"$X" --network default "$IN/net-variety.xml" >/dev/null 2>"$T/err"; rc=$?
[ $rc = 1 ] && grep -q "expected NAME=BRIDGE" "$T/err" && ok "--network syntax" || bad "--network"
"$X" --network default=br9 "$IN/net-variety.xml" >"$T/out" 2>/dev/null &&
  grep -q 'br9' "$T/out" && ok "--network resolves" || bad "--network resolve"
"$X" "$T/missing.xml" 2>"$T/err"; [ $? = 1 ] && grep -q "No such file" "$T/err" &&
  ok "missing file" || bad "missing file"
"$X" --no-such-option 2>/dev/null; [ $? = 1 ] && ok "unknown option" || bad "unknown option"
exit $fails
