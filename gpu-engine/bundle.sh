#!/usr/bin/env bash
# Gathers what the GPU tests and benchmarks need into one folder for a machine with a GPU but no Java, Maven or
# network: a jlinked JRE from a Temurin JDK (it needs only glibc 2.17), the test classpath with a slim JCuda natives jar
# (driver and runtime libraries only), JUnit's console launcher, the kernel sources the PTX test hashes, and scripts.
# Usage: gpu-engine/bundle.sh [OUT]   (OUT defaults to gpu-engine/target/bundle; TEMURIN_HOME picks the JDK)
# On the GPU machine: OUT/run-tests.sh (every gpu-engine test), OUT/run-bench.sh (GpuBench, then HostBench).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${1:-$here/target/bundle}"
jdk="${TEMURIN_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
junit="$(sed -n 's:.*<junit.version>\(.*\)</junit.version>.*:\1:p' "$root/pom.xml")"
platform="1.${junit#5.}" # JUnit 5.x.y ships with platform 1.x.y
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out/lib"

cd "$root"
# Reactor build so sibling modules resolve to the jars just packaged; every module copies its test classpath.
mvn -B -o -q -pl gpu-engine -am package dependency:copy-dependencies -DskipTests -DincludeScope=test \
    -DoutputDirectory="$work/lib" -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian \
    -DexcludeArtifactIds=byte-buddy
mvn -B -o -q dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$platform" \
    -DoutputDirectory="$work"
cp "$work"/lib/*.jar "$out/lib/"
rm -f "$out"/lib/jcuda-natives-*.jar "$out"/lib/gpu-engine-*.jar
cp "$work/junit-platform-console-standalone-$platform.jar" "$out/launcher.jar"
cp gpu-engine/target/gpu-engine-*.jar "$out/lib/"
"$jdk/bin/jar" cf "$out/lib/gpu-engine-tests.jar" -C gpu-engine/target/test-classes .

# JCuda's natives jar carries every CUDA library binding (9.5 MB); the driver API needs two of them.
natives="$(ls "$work"/lib/jcuda-natives-*.jar)"
mkdir -p "$work/natives" && (cd "$work/natives" && "$jdk/bin/jar" xf "$natives" && find . -name '*.so' \
    ! -name 'libJCudaDriver*' ! -name 'libJCudaRuntime*' -delete)
"$jdk/bin/jar" cf "$out/lib/$(basename "$natives")" -C "$work/natives" .

# Tests run from the bundle root as from the module folder: PtxUpToDateTest hashes the kernel sources.
mkdir -p "$out/src/main/cuda" "$out/src/main/resources/org/schedproof/gpu/cuda"
cp gpu-engine/src/main/cuda/*.cu "$out/src/main/cuda/"
cp gpu-engine/src/main/resources/org/schedproof/gpu/cuda/* "$out/src/main/resources/org/schedproof/gpu/cuda/"

"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.zipfs --strip-debug \
    --no-header-files --no-man-pages --compress=zip-9 --output "$out/jre"

cat > "$out/run-tests.sh" <<'SH'
#!/bin/sh
# Every gpu-engine test (the device ones included when a GPU is present); extra arguments go to the JUnit launcher.
cd "$(dirname "$0")"
exec ./jre/bin/java --enable-native-access=ALL-UNNAMED -Xmx8g -jar launcher.jar execute \
    --class-path "$(ls lib/*.jar | tr '\n' ':')" --select-package org.schedproof.gpu --details=summary "$@"
SH
cat > "$out/run-bench.sh" <<'SH'
#!/bin/sh
# GPU throughput (GpuBench, default shape llama7b) then host scheduling (HostBench).
cd "$(dirname "$0")"
cp="$(ls lib/*.jar | tr '\n' ':')"
./jre/bin/java --enable-native-access=ALL-UNNAMED -Xmx8g -cp "$cp" org.schedproof.gpu.bench.GpuBench "$@"
./jre/bin/java -Xmx8g -cp "$cp" org.schedproof.gpu.bench.HostBench
SH
chmod +x "$out/run-tests.sh" "$out/run-bench.sh"
echo "bundle: $out ($(du -sm "$out" | cut -f1) MiB)"
