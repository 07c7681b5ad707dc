#!/bin/bash
# examples/domain.xml, converted by ctrun-xml2oci, runs under ctrun as is.
. "$(dirname "$0")/xml-lib.sh"
B=$T/example
mkdir -p "$B"
"$X2O" --rootfs "$ROOTFS" --cgroups-path "$CG_PREFIX-example" --bundle "$B" \
  "$SRC/examples/domain.xml" || { echo "FAIL: conversion"; exit 1; }
CONTAINERS=example
out=$(timeout 60 "$RT" --root "$ROOT" run --bundle "$B" example 2>&1) || { echo "FAIL: $out"; exit 1; }
[ "$out" = "hello from hello_ctrun on helloctrun in /tmp, GREETING=bonjour" ] &&
  pass "example output" || check_fail "example printed: $out"
finish
