#!/usr/bin/env bash
# Builds a stand-in for the runtime image (docker save tar) from runtime/target/dist, for the benchmark's runc
# target while runtime-image/ does not produce one yet. Layout as docs/ARCHITECTURE.md describes the real image:
# a jlinked JRE at /opt/java (JDK 17 jmods) plus the native libraries it links, the dist's jars in
# /opt/baetyl/lib, its JVM flags in /opt/baetyl/jvm.flags, entrypoint java directly, user 1000:1000, workdir /.
# No CDS archive. Needs umoci and skopeo (.ci/install-tools). Usage: standin-runtime-image.sh OUT.tar
set -euo pipefail
out=$(realpath -m "${1:?usage: $0 OUT.tar}")
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/runtime/target/dist"
jdk=/usr/lib/jvm/java-17-openjdk-amd64
[ -x "$dist/bin/baetyl-function-runtime" ] || { echo "build the runtime first: ./mvnw -B -pl runtime -am package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs/opt/baetyl" "$rootfs/tmp" "$rootfs/etc" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev"
chmod 1777 "$rootfs/tmp"
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.naming,java.management,jdk.unsupported,jdk.crypto.ec,java.xml,java.sql \
  --strip-debug --no-man-pages --no-header-files --output "$rootfs/opt/java"
cp -r "$dist/lib" "$rootfs/opt/baetyl/lib"
cp "$dist/conf/jvm.flags" "$rootfs/opt/baetyl/jvm.flags"
# the native libraries the JRE links against, copied as files (no symlinks needed)
for f in "$rootfs/opt/java/bin/java" $(find "$rootfs/opt/java/lib" -name '*.so'); do
  ldd "$f" | grep -o '/[^ ]*' || true
done | grep -v "^$rootfs" | sort -u | while read -r lib; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
umoci init --layout "$work/layout"
umoci new --image "$work/layout:1"
umoci insert --image "$work/layout:1" "$rootfs" /
umoci config --image "$work/layout:1" --config.user=1000:1000 --config.workingdir=/ \
  --config.entrypoint=/opt/java/bin/java --config.entrypoint=-XX:Flags=/opt/baetyl/jvm.flags \
  --config.entrypoint=-cp --config.entrypoint='/opt/baetyl/lib/*' --config.entrypoint=io.baetyl.function.runtime.Main
rm -f "$out"
skopeo --insecure-policy copy -q "oci:$work/layout:1" "docker-archive:$out:baetyl/runtime-standin:latest"
echo "$out"
