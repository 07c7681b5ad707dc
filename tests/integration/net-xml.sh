#!/bin/bash
# ctrun-xml2oci --net-hook end to end: a libvirt domain with a bridged
# <interface> is converted (busybox rootfs, relative cgroupsPath, the
# built ctrun-nethook as createRuntime/poststop hook) and run by ctrun
# inside the test host network namespace, as net-container.sh does.  From
# inside the container: the interface name and MAC the XML asks for, the
# address, the route, a ping to the bridge; after delete nothing is left
# in the host namespace.
#
# Two domains: tests/xml/inputs/net-bridge-run.xml (always; a second,
# address-less interface claims eth0, so the first is eth1, and both must be
# up) and a corpus
# domain (lxcconf2xml-simple.xml, when ../shared/corpus is there) whose
# addresses are rewritten to 169.254.0.0/16 first.  The bridge name of
# both is rewritten to the bridge the test creates.
#   CTRUN=/path/to/ctrun   the runtime (default $top_builddir/ctrun)
. "$(dirname "$0")/net-lib.sh"

command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
RT=${CTRUN:-${top_builddir:-.}/ctrun}
[ -x "$RT" ] || { echo "SKIP: runtime $RT not built (set CTRUN=...)"; exit 77; }
RT=$(readlink -f "$RT")
X2O=$(readlink -f "${top_builddir:-.}/ctrun-xml2oci")
[ -x "$X2O" ] || fail "$X2O not built"
NETHOOK=$(readlink -f "$NETHOOK")
SRC=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
CORPUS_XML=$SRC/../shared/corpus/libvirt-lxc/lxcconf2xmldata/lxcconf2xml-simple.xml

ROOTFS=$WORK/rootfs
ROOT=$WORK/state
CG=ctrun-netxml-$$
IDS=""
BR=ctbr0
mkdir -p "$ROOT"
chmod 0755 "$WORK"
sh "$SRC/tests/rootfs/make-rootfs.sh" "$ROOTFS" >/dev/null || { echo "SKIP: no busybox rootfs"; exit 77; }

# rt ARGS...: ctrun inside the test host namespace (its hooks inherit it);
# nsenter, not `ip netns exec` (which remounts /sys), see net-container.sh.
rt() { timeout 60 nsenter --net=/run/netns/"$H" "$RT" --root "$ROOT" "$@" </dev/null; }

xml_cleanup() {
  local id line ctl path d
  for id in $IDS; do rt delete --force "$id" >/dev/null 2>&1; done
  while IFS= read -r line; do # only this test's cgroups (rmdir: only empty ones)
    ctl=${line#*:}; ctl=${ctl%%:*}; path=${line#*:*:}; ctl=${ctl#name=}
    for d in /sys/fs/cgroup/"$ctl"/"$path"/"$CG"-* /sys/fs/cgroup/unified/"$path"/"$CG"-*; do
      [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
  done </proc/self/cgroup
  net_cleanup
}
trap xml_cleanup EXIT

ip -n "$H" link add "$BR" type bridge || fail "bridge $BR"
ip -n "$H" addr add 169.254.10.1/16 dev "$BR"
ip -n "$H" link set "$BR" up

# xml_attr FILE ELEMENT ATTR: the first ELEMENT's ATTR in FILE (one
# element per line, as in the inputs used here)
xml_attr() { sed -n "s/.*<$2 [^>]*$3='\([^']*\)'.*/\1/p" "$1" | head -n1; }

# run_domain ID DOMAIN.xml ADDRESS NAME [OTHER]: convert, run, assert,
# delete.  The first interface (with the first <mac>) must be NAME with
# ADDRESS; OTHER, a second interface without an address, must be up.
run_domain() {
  local id=$1 xml=$2 addr=$3 name=$4 other=${5:-}
  local mac b=$WORK/$id
  mac=$(xml_attr "$xml" mac address | tr A-F a-f)
  [ -n "$mac" ] || fail "$id: no <mac> in $xml"
  mkdir -p "$b"
  "$X2O" --rootfs "$ROOTFS" --cgroups-path "$CG-$id" --net-hook "$NETHOOK" --bundle "$b" \
    "$xml" 2>"$b.warn" || fail "$id: ctrun-xml2oci: $(cat "$b.warn")"
  [ "$(jq -r '.annotations["org.ctrun.network.v1"] | fromjson | .interfaces[0].linkState' \
    "$b/config.json")" = up ] || fail "$id: linkState is not up in the annotation"
  local script="cat /sys/class/net/$name/address /sys/class/net/$name/operstate;
ip -o -4 addr show $name; ip route; ping -c1 -W2 169.254.10.1 >/dev/null && echo PING-OK;
${other:+echo OTHER=\$(cat /sys/class/net/$other/operstate)}"
  jq --arg script "$script" '.process.args = ["/bin/sh", "-c", $script] |
    .process.terminal = false' "$b/config.json" >"$b/c.json" && mv "$b/c.json" "$b/config.json"

  IDS="$IDS $id"
  rt create --bundle "$b" "$id" >"$b.out" 2>&1 || fail "$id: create: $(cat "$b.out")"
  local host_end
  host_end=$(derived_name "$id" 0)
  ip -n "$H" -o link show "$host_end" | grep -q "master $BR" ||
    fail "$id: no $host_end in $BR after create"
  pass "$id: create: the createRuntime hook made $host_end, a port of $BR"
  if [ -n "$other" ]; then
    ip -n "$H" -o link show "$(derived_name "$id" 1)" | grep -q "master $BR" ||
      fail "$id: no host end of the second interface in $BR"
  fi

  rt start "$id" || fail "$id: start"
  for _ in $(seq 100); do
    [ "$(rt state "$id" | jq -r .status)" = stopped ] && break
    sleep 0.1
  done
  local out
  out=$(cat "$b.out")
  echo "$out" | sed 's/^/  | /'
  [ "$(echo "$out" | sed -n 1p)" = "$mac" ] || fail "$id: MAC of $name inside, want $mac"
  [ "$(echo "$out" | sed -n 2p)" = up ] || fail "$id: $name not up inside"
  echo "$out" | grep -q "^[0-9]*: $name .*inet $addr/16 " || fail "$id: address $addr/16 on $name"
  echo "$out" | grep -q "^default via 169.254.10.1 dev $name" || fail "$id: default route"
  echo "$out" | grep -qx PING-OK || fail "$id: ping from the container to $BR"
  pass "$id: inside: $name with MAC $mac, $addr/16, default route; ping to $BR"
  if [ -n "$other" ]; then
    echo "$out" | grep -qx "OTHER=up" || fail "$id: $other (no address, no <link>) not up"
    pass "$id: inside: $other, without address or <link>, is up"
  fi

  rt delete "$id" || fail "$id: delete"
  IDS=${IDS% "$id"}
  assert_host_links "$BR lo "
  [ ! -e "$ROOT/$id" ] || fail "$id: state left after delete"
  pass "$id: delete: nothing left in the host namespace"
}

# The project's own domain: the bridge renamed, everything else as written.
sed "s/<source bridge='[^']*'/<source bridge='$BR'/" "$SRC/tests/xml/inputs/net-bridge-run.xml" \
  >"$WORK/own.xml"
run_domain netxml-own "$WORK/own.xml" 169.254.10.2 eth1 eth0

# A corpus domain: its addresses and routes (192.168.x, 2003:db8::) are
# replaced by ours, the bridge renamed; name, MAC and the rest as written.
if [ ! -r "$CORPUS_XML" ]; then
  echo "SKIP: corpus domain $CORPUS_XML absent"
  exit 77
fi
grep -q "<interface type='bridge'>" "$CORPUS_XML" || fail "$CORPUS_XML: no bridged interface"
sed -e "/<interface/,/<\/interface>/{/<ip \|<route /d}" \
  -e "s|<source bridge='[^']*'/>|<source bridge='$BR'/><ip address='169.254.11.2' prefix='16'/><route address='0.0.0.0' gateway='169.254.10.1'/>|" \
  "$CORPUS_XML" >"$WORK/corpus.xml"
[ "$(grep -c '<interface' "$WORK/corpus.xml")" = 1 ] || fail "expected one interface in $CORPUS_XML"
name=$(xml_attr "$WORK/corpus.xml" guest dev)
run_domain netxml-corpus "$WORK/corpus.xml" 169.254.11.2 "${name:-eth0}"
