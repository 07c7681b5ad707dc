#!/bin/bash
# Corpus domains converted by ctrun-xml2oci run under ctrun: what the domain
# asks for is what the process sees from inside.
. "$(dirname "$0")/xml-lib.sh"
[ -d "$CORPUS" ] || { echo "SKIP: $CORPUS is absent"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
D=$CORPUS/lxcxml2xmldata

# <initenv>, <name> -> hostname, default capability policy
if convert initenv "$D/lxc-initenv.xml" && run initenv; then
  has initenv '^host=jessie$' "hostname from <name>"
  has initenv '^env:FOO=bar$' "env from <initenv>"
  has initenv '^env:container=lxc-libvirt$' "libvirt's default env"
  has initenv "^CapBnd:	$(capmask initenv bounding)\$" "bounding set from policy='default'"
  has initenv "^CapEff:	$(capmask initenv effective)\$" "effective set from policy='default'"
fi

# <initdir> -> cwd
mkdir -p "$ROOTFS/path/to/pwd"
if convert initdir "$D/lxc-initdir.xml" && run initdir; then
  has initdir '^cwd=/path/to/pwd$' "cwd from <initdir>"
fi

# <inituser>tester</inituser> <initgroup>1234</initgroup>, looked up in the rootfs
echo 'tester:x:1000:1000::/:/bin/sh' >>"$ROOTFS/etc/passwd"
if convert inituser "$D/lxc-inituser.xml" && run inituser; then
  has inituser '^id=1000:1234$' "uid from <inituser>, gid from <initgroup>"
  has inituser '^CapEff:	0000000000000000$' "a non-root user has no effective capabilities"
fi

# <memtune><hard_limit> -> memory limit in the cgroup; policy='allow'
if convert memtune "$CORPUS/lxcconf2xmldata/lxcconf2xml-memtune.xml" && run memtune; then
  has memtune '^memlimit=1073741824$' "memory limit from <memtune><hard_limit>"
  has memtune "^CapBnd:	$(capmask memtune bounding)\$" "bounding set from policy='allow'"
  has memtune '^mnt:sysfs /sys sysfs ro' "sysfs read-only"
fi

# <filesystem type='mount'> /home, policy='deny' with mknod on
mkdir -p /home
if convert capsdeny "$CORPUS/domainschemadata/domain-caps-features.xml" && run capsdeny; then
  has capsdeny '^mnt:[^ ]+ /home ' "bind mount from <filesystem>"
  has capsdeny '^CapBnd:	0000000008000000$' "policy='deny' + mknod: only CAP_MKNOD"
  has capsdeny '^host=demo$' "hostname"
fi

# <filesystem type='ram'> and a read-only bind of a file (lxcconf2xml-simple has
# an interface: taken out here, the network is not what this test is about)
sed -e '/<interface/,/<\/interface>/d' "$CORPUS/lxcconf2xmldata/lxcconf2xml-simple.xml" >"$T/simple.xml"
if convert simple "$T/simple.xml" && run simple; then
  has simple '^mnt:tmpfs /run tmpfs [^ ]*size=8192k' "tmpfs from <filesystem type='ram'> (8192 KiB)"
  has simple '^mnt:[^ ]+ /etc/resolv.conf [^ ]+ ro,' "read-only bind from <filesystem><readonly/>"
  has simple "^CapBnd:	$(capmask simple bounding)\$" "allow policy minus mknod, sys_module, mac_*"
fi
finish
