#!/usr/bin/env bash
# Measures what a jlinked runtime would save (issue 17): builds, beside the real image, a variant of
# the Dockerfile whose runtime stage carries only the modules jdeps finds the service using (plus
# the ones it loads reflectively), with the AOT cache trained on that runtime, on the same Debian
# root filesystem as the stand-in eclipse-temurin:25-jre minus its JRE; then runs the variant's
# container smoke test and prints both sizes from `podman images`.
#
#   bench/jlink-image.sh        # needs what scripts/container-smoke.sh needs; ~10 minutes cold
#
# The variant Dockerfile is written to target/jlink/Dockerfile; the repository's Dockerfile is not
# changed by this script.
set -euo pipefail
cd "$(dirname "$0")/.."
base_images=${ACKGATE_BASE_IMAGES_SCRIPT:-../shared/tools/local-base-images.sh}
eval "$(bash "$base_images")"
W=${ACKGATE_IMAGES_DIR:-$HOME/.cache/ackgate-images}
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
BASE=localhost/ackgate-base:$suite-minbase
# Modules the service needs that jdeps cannot see: the zip file system (nested jars), DNS lookups
# through JNDI, and the extra charsets.
EXTRA_MODULES=jdk.zipfs,jdk.naming.dns,jdk.charsets

if ! podman image exists "$BASE"; then
  c=$(buildah from scratch)
  m=$(buildah mount "$c")
  tar -C "$W/rootfs" --exclude=./.done -cf - . | tar -C "$m" -xpf -
  buildah umount "$c" >/dev/null
  buildah config --env LANG=C.UTF-8 "$c"
  buildah commit -q --rm "$c" "$BASE" >/dev/null
fi

mkdir -p target/jlink
# Stage 1 is the Dockerfile's own (so its cached layers are reused); the runtime stage is replaced.
awk '/^FROM eclipse-temurin:25-jre/{exit} {print}' Dockerfile >target/jlink/Dockerfile
cat >>target/jlink/Dockerfile <<DOCKERFILE
FROM eclipse-temurin:25-jdk AS jre
COPY --from=build /build/extracted /build/extracted
RUN jdeps --ignore-missing-deps --print-module-deps --multi-release 25 \\
      --class-path '/build/extracted/dependencies/lib/*' /build/extracted/application/app.jar >/modules \\
 && jlink --add-modules "\$(cat /modules),$EXTRA_MODULES" --strip-java-debug-attributes --no-man-pages \\
      --no-header-files --output /jre \\
 && echo "jlink modules: \$(cat /modules),$EXTRA_MODULES"

FROM $BASE
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --from=jre /jre /opt/java/openjdk
DOCKERFILE
sed -n '/^FROM eclipse-temurin:25-jre/,$p' Dockerfile | tail -n +2 >>target/jlink/Dockerfile

buildah bud --isolation chroot --pull=never --format docker --layers -f target/jlink/Dockerfile \
  -t localhost/ackgate:jlink . >target/jlink/build.log 2>&1 || { tail -30 target/jlink/build.log; exit 1; }
grep -h '^jlink modules' target/jlink/build.log | head -n 1
# (the smoke test builds it again from the same file: every layer comes from the cache)
ACKGATE_SMOKE_DOCKERFILE=target/jlink/Dockerfile ACKGATE_SMOKE_IMAGE=localhost/ackgate:jlink \
  ACKGATE_SMOKE_KEEP_IMAGE=1 scripts/container-smoke.sh
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'ackgate:|eclipse-temurin:25-jre|ackgate-base'
