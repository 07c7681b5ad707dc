#!/bin/sh
# spec/ makes no syscalls: every symbol its objects take from outside spec/
# must be on this allow-list of pure functions (memory, strings, formatting,
# jansson, libxml2, compiler and sanitizer runtime).  Anything else, such as
# open, read, write, mount, clone or ioctl, fails the check.
set -eu
top_builddir=${top_builddir:-.}
objs=$(find "$top_builddir/spec" -path '*/.libs/*.o' -o -name '*.o' -not -path '*/.libs/*' | sort)
[ -n "$objs" ] || { echo "no spec objects under $top_builddir/spec (build first)"; exit 99; }

allowed='^(malloc|calloc|realloc|reallocarray|free|strdup|strndup|strlen|strnlen|strcmp|strncmp|strcasecmp|strncasecmp|strchr|strrchr|strchrnul|strstr|strspn|strcspn|strpbrk|strtok_r|strcpy|strncpy|stpcpy|strcat|strncat|memcpy|memmove|memset|memcmp|memchr|snprintf|vsnprintf|sprintf|asprintf|vasprintf|sscanf|strerror|strtol|strtoul|strtoll|strtoull|strtoimax|strtoumax|strtod|abort|qsort|bsearch|tolower|toupper|__ctype_b_loc|__ctype_tolower_loc|__ctype_toupper_loc|__errno_location|__stack_chk_fail|__assert_fail|__isoc99_sscanf|__isoc23_.*|__.*_chk|json_.*|jsonp_.*|xml.*|__xml.*|html.*|__asan_.*|__ubsan_.*|__sanitizer_.*|__lsan_.*|_GLOBAL_OFFSET_TABLE_)$'

# Symbols defined by spec/ itself are internal references, not imports.
defined=$(nm --defined-only $objs 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u)
bad=0
for o in $objs; do
  for sym in $(nm -u "$o" | awk '{ print $2 }' | sed 's/@.*//'); do
    if printf '%s\n' "$defined" | grep -qx -- "$sym"; then
      continue
    fi
    if ! printf '%s\n' "$sym" | grep -Eq "$allowed"; then
      echo "spec/ must not call $sym (in $o)"
      bad=1
    fi
  done
done
[ $bad -eq 0 ] && echo "spec/: $(echo $objs | wc -w) objects, no syscall wrappers"
exit $bad
