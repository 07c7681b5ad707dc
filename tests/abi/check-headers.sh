#!/bin/sh
# The public headers compile as strict C99 (-pedantic -Werror), each on its
# own and all together (tests/headertest.c, which also expands every
# options initializer), and as C++ when a C++ compiler is there.
set -u
src=${top_srcdir:?}
cc=${CC:-cc}
flags="-std=c99 -pedantic -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
$cc $flags -I"$src/include" -c "$src/tests/headertest.c" -o "$tmp/headertest.o" ||
  { echo "FAIL: tests/headertest.c"; fail=1; }
n=0
for h in "$src"/include/ctrun/*.h; do
  name=ctrun/$(basename "$h")
  printf '#include <%s>\n' "$name" >"$tmp/one.c"
  $cc $flags -I"$src/include" -c "$tmp/one.c" -o "$tmp/one.o" ||
    { echo "FAIL: <$name> does not compile on its own"; fail=1; }
  # nothing but ctrun_/CTRUN_ names may be declared: macros (from the
  # preprocessor), typedefs and struct/enum names (from the text)
  printf '#include <stddef.h>\n#include <stdint.h>\n' | $cc -std=c99 -E -dM -x c - | sort >"$tmp/base"
  $cc -std=c99 -E -dM -I"$src/include" "$tmp/one.c" | sort | comm -13 "$tmp/base" - |
    awk '{sub(/\(.*/, "", $2); print $2}' >"$tmp/names"
  sed -nE -e 's/^\}[[:space:]]*([A-Za-z_0-9]+);.*/\1/p' \
    -e 's/^typedef (struct|enum) ([A-Za-z_0-9]+).*/\2/p' \
    -e 's/^typedef [^(]*\(\*([A-Za-z_0-9]+)\).*/\1/p' "$h" >>"$tmp/names"
  if grep -Ev '^(ctrun_|CTRUN_)' "$tmp/names" >"$tmp/bad"; then
    echo "FAIL: <$name> declares names outside ctrun_/CTRUN_:"; cat "$tmp/bad"; fail=1
  fi
  if grep -En 'jansson|libxml|seccomp|json_t|xmlNode|scmp_' "$h"; then
    echo "FAIL: <$name> mentions a dependency's API"; fail=1
  fi
  n=$((n + 1))
done
# C++ (without -Wextra: it wants every member of a designated initializer)
cxx=${CXX_FOR_HEADERTEST:-g++}
if command -v "${cxx%% *}" >/dev/null 2>&1; then
  printf '#include <ctrun/ctrun.h>\nint main() { ctrun_create_options o = CTRUN_CREATE_OPTIONS_INIT; return (int)o.version - 1; }\n' >"$tmp/cxx.cc"
  $cxx -std=c++20 -Wall -Werror -I"$src/include" -c "$tmp/cxx.cc" -o "$tmp/cxx.o" ||
    { echo "FAIL: <ctrun/ctrun.h> in C++20"; fail=1; }
fi
[ $fail = 0 ] && echo "PASS: $n public headers, C99 -pedantic -Werror, alone and together"
exit $fail
