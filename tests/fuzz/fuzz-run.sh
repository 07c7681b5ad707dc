#!/bin/sh
# tests/fuzz/fuzz-run.sh NAME SECONDS: runs the built tests/fuzz/fuzz-NAME
# for SECONDS from its seed corpora (the project's tests, and
# ../shared/corpus beside the source tree when it is there), with its
# dictionary.  New inputs go to tests/fuzz/work/NAME, crashes to
# tests/fuzz/artifacts/NAME-*, the log to tests/fuzz/NAME.log.  Prints one
# line (executions, seconds, crashes) and fails when libFuzzer found one.
# A crash's input belongs in tests/fuzz/corpus/NAME/ once it is fixed: every
# run replays the corpus first, so it stays a regression test.
set -u
name=$1
secs=$2
src=${top_srcdir:-.}
shared=$src/../shared/corpus
fuzzer=tests/fuzz/fuzz-$name
[ -x "$fuzzer" ] || { echo "fuzz-run: $fuzzer is not built" >&2; exit 1; }

seeds=$src/tests/fuzz/corpus/$name
extra=
case $name in
config)
  dict=config.dict
  seeds="$seeds $src/tests/xml/golden" ;; # the converter's output: configs
process | state | statefile) dict=config.dict ;;
xml)
  dict=xml.dict
  seeds="$seeds $src/tests/xml/inputs"
  [ -d "$shared/libvirt-lxc" ] && seeds="$seeds $(find "$shared/libvirt-lxc" -mindepth 1 -type d)" ;;
net) dict=net.dict ;;
cli)
  dict=cli.dict
  extra=-close_fd_mask=3 ;; # usage messages on every run would drown the log
*) echo "fuzz-run: unknown fuzzer $name" >&2; exit 1 ;;
esac

mkdir -p "tests/fuzz/work/$name" tests/fuzz/artifacts
log=tests/fuzz/$name.log
# -timeout: generous, a loaded CI machine must not report a slow input as a hang
# shellcheck disable=SC2086
"$fuzzer" -max_total_time="$secs" -timeout=60 -print_final_stats=1 $extra \
  -dict="$src/tests/fuzz/$dict" -artifact_prefix="tests/fuzz/artifacts/$name-" \
  "tests/fuzz/work/$name" $seeds >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
crashes=$(grep -c "Test unit written to" "$log")
echo "fuzz-$name: ${execs:-?} executions in ${secs}s, $crashes crashes (log: $log)"
if [ $rc != 0 ]; then
  grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$log" | head -n 10 >&2
fi
exit $rc
