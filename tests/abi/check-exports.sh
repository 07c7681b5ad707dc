#!/bin/sh
# The exports of libctrun.so are exactly the CTRUN_API functions of the
# public headers, each versioned ctrun_*@@CTRUN_1.0, each named in
# libctrun.sym (no wildcard), and the SONAME is libctrun.so.1.
set -eu
src=${top_srcdir:?}
lib=${top_builddir:?}/.libs/libctrun.so
[ -e "$lib" ] || { echo "FAIL: $lib not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = libctrun.so.1 ] || { echo "FAIL: SONAME is '$soname', expected libctrun.so.1"; fail=1; }

# defined dynamic symbols, minus the version node itself ("A CTRUN_1.0")
nm -D --defined-only "$lib" | awk '!($2 == "A" && $3 ~ /^CTRUN_/) {print $3}' | sort >"$tmp/nm"
if grep -Ev '^ctrun_[a-z0-9_]+@@CTRUN_1\.0$' "$tmp/nm" >"$tmp/bad"; then
  echo "FAIL: exported symbols outside ctrun_*@@CTRUN_1.0:"; sed 's/^/  /' "$tmp/bad"; fail=1
fi
sed 's/@@.*//' "$tmp/nm" | sort -u >"$tmp/exported"

# the map: explicit names only
if sed -n '/global:/,/local:/p' "$src/libctrun.sym" | grep -q '[*?]'; then
  echo "FAIL: libctrun.sym uses a wildcard in global:"; fail=1
fi
sed -n '/global:/,/local:/p' "$src/libctrun.sym" | grep -Eo '^[[:space:]]*ctrun_[a-z0-9_]+;' \
  | tr -d ' \t;' | sort >"$tmp/map"

# the headers: every CTRUN_API declaration
cat "$src"/include/ctrun/*.h | tr '\n' ' ' | grep -Eo 'CTRUN_API [^;{]*\(' \
  | sed -E 's/.*[ *](ctrun_[a-z0-9_]+)[[:space:]]*\($/\1/' | sort -u >"$tmp/headers"

for pair in "exported:map" "map:headers"; do
  a=${pair%%:*}; b=${pair##*:}
  if ! diff -u "$tmp/$a" "$tmp/$b" >"$tmp/diff"; then
    echo "FAIL: $a and $b differ:"; cat "$tmp/diff"; fail=1
  fi
done
n=$(wc -l <"$tmp/exported")
[ "$n" -gt 0 ] || { echo "FAIL: nothing exported"; fail=1; }
[ $fail = 0 ] && echo "PASS: $n symbols, all ctrun_*@@CTRUN_1.0, SONAME $soname"
exit $fail
