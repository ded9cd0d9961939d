#!/usr/bin/env bash
# Builds .gpu-bundle/ (git ignores it): everything .ci/gpu-check.sh needs on a bare x86-64 Linux
# machine with an NVIDIA driver — a jlink-ed Java runtime, diffdrr-cli.jar, the OpenCL ICD loader,
# DiffDRR's reference DRRs and the head CT, and the check script — about 55 MiB (refused over 60, so
# that something added by mistake shows), then tests the bundle here against the local OpenCL (PoCL:
# a CPU device, allowed for this test only), including its two refusals (no OpenCL platform, no
# GPU). docs/gpu-check.md says how to copy it to a GPU machine and run it there.
#
#   .ci/gpu-bundle.sh            build and test
#   BUNDLE_TEST=0 .ci/gpu-bundle.sh   build only
#
# Environment: BUNDLE_JDK (the JDK to jlink from; default: a Temurin JDK under /usr/lib/jvm if
# there is one — built on an old glibc, so its runtime starts on more machines — else the jlink on
# PATH), DIFFDRR_SHARED (the shared folder with reference/ and data/; default: found upwards),
# MVN_FLAGS (default -o).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUNDLE=$ROOT/.gpu-bundle
LIMIT_MIB=60
# What devices, check and bench load (found with -Xlog:class+load; jdeps lists java.desktop and more
# for the whole jar, but only render/demo's image writing reaches them): the self-test below fails
# if this list ever falls short.
MODULES=java.base,java.logging,java.management,jdk.management,jdk.unsupported

note() { echo "gpu-bundle: $*"; }
die() { echo "gpu-bundle: error: $*" >&2; exit 1; }

# --- inputs -----------------------------------------------------------------------------------
JDK=${BUNDLE_JDK:-}
if [ -z "$JDK" ]; then
  JDK=$(ls -d /usr/lib/jvm/temurin-*-jdk* 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$JDK" ] || JDK=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
fi
[ -x "$JDK/bin/jlink" ] || die "no jlink in $JDK (set BUNDLE_JDK to a JDK)"

SHARED=${DIFFDRR_SHARED:-}
if [ -z "$SHARED" ]; then
  for d in "$ROOT" "$ROOT/.." "$ROOT/../.."; do
    if [ -d "$d/shared/reference/diffdrr" ]; then SHARED=$(cd "$d/shared" && pwd); break; fi
  done
fi
[ -n "$SHARED" ] && [ -d "$SHARED/reference/diffdrr" ] \
  || die "cannot find shared/reference/diffdrr (set DIFFDRR_SHARED)"
HEAD_CT=$SHARED/data/head-ct/head-ct.mha
[ -f "$HEAD_CT" ] || die "missing $HEAD_CT"

note "building target/diffdrr-cli.jar"
# shellcheck disable=SC2086
mvn -q ${MVN_FLAGS:--o} -DskipTests package || die "the Maven build failed"
[ -f target/diffdrr-cli.jar ] || die "no target/diffdrr-cli.jar after the build"

rm -rf "$BUNDLE"
mkdir -p "$BUNDLE/lib" "$BUNDLE/reference/phantom128" "$BUNDLE/reference/head-ct"

# --- Java runtime -------------------------------------------------------------------------------
note "jlink from $JDK: $MODULES"
JDK_FEATURE=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 \
  | sed -n 's/^ *java.specification.version = //p')
COMPRESS=--compress=2
[ "${JDK_FEATURE%%.*}" -ge 21 ] && COMPRESS=--compress=zip-9
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  "$COMPRESS" --output "$BUNDLE/jre"
# The CLI relaunches itself with lib/libjsig.so preloaded (cli/SignalChaining): it must be there.
[ -f "$BUNDLE/jre/lib/libjsig.so" ] || die "the jlink-ed runtime has no lib/libjsig.so"
# Symbol tables are only for crash reports: drop them (about 5 MiB of libjvm.so).
if command -v strip >/dev/null; then
  find "$BUNDLE/jre" -name '*.so' -exec strip --strip-unneeded {} +
fi
# Links travel as links only (legal/ has some): make them files.
find "$BUNDLE/jre" -type l | while read -r l; do cp --remove-destination "$(readlink -f "$l")" "$l"; done
GLIBC=$(find "$BUNDLE/jre" -name '*.so' -o -path '*/bin/java' | xargs objdump -T 2>/dev/null \
  | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)

# --- the jar, without the native libraries of other platforms ----------------------------------
cp target/diffdrr-cli.jar "$BUNDLE/diffdrr-cli.jar"
if command -v zip >/dev/null; then
  zip -q -d "$BUNDLE/diffdrr-cli.jar" \
    'org/bridj/lib/darwin*' 'org/bridj/lib/linux_arm*' 'org/bridj/lib/linux_x86/*' \
    'org/bridj/lib/sunos*' 'org/bridj/lib/win*' \
    'com/sun/jna/win32*' 'com/sun/jna/darwin*' 'com/sun/jna/sunos*' 'com/sun/jna/freebsd*' \
    'com/sun/jna/openbsd*' 'com/sun/jna/linux-x86/*' 'com/sun/jna/linux-arm*' \
    'com/sun/jna/linux-aarch64*' 'com/sun/jna/linux-ppc*' 'com/sun/jna/linux-mips*' \
    'com/sun/jna/linux-loongarch*' 'com/sun/jna/linux-s390*' 'com/sun/jna/linux-riscv*' \
    'lib/JOCL_*-windows-*' 'lib/libJOCL_*-apple-*' 'lib/libJOCL_*-linux-arm64*' >/dev/null
else
  note "no zip here: the jar keeps the native libraries of every platform"
fi

# --- the OpenCL ICD loader (Debian's ocl-icd-libopencl1) ---------------------------------------
DEB_DIR=$(mktemp -d)
trap 'rm -rf "$DEB_DIR"' EXIT
if (cd "$DEB_DIR" && apt-get download ocl-icd-libopencl1 >/dev/null 2>&1); then
  dpkg-deb -x "$DEB_DIR"/ocl-icd-libopencl1_*.deb "$DEB_DIR/x"
  LOADER=$(find "$DEB_DIR/x" -name 'libOpenCL.so.1*' -type f | head -n 1)
  LOADER_FROM=$(basename "$DEB_DIR"/ocl-icd-libopencl1_*.deb)
elif dpkg -L ocl-icd-libopencl1 >/dev/null 2>&1; then
  LOADER=$(readlink -f "$(dpkg -L ocl-icd-libopencl1 | grep '/libOpenCL\.so\.1$' | head -n 1)")
  LOADER_FROM="installed ocl-icd-libopencl1 $(dpkg-query -W -f='${Version}' ocl-icd-libopencl1)"
else
  die "cannot get ocl-icd-libopencl1 (apt-get download failed and it is not installed)"
fi
[ -f "$LOADER" ] || die "no libOpenCL.so.1 in ocl-icd-libopencl1"
cp "$LOADER" "$BUNDLE/lib/libOpenCL.so.1"
LOADER_GLIBC=$(objdump -T "$BUNDLE/lib/libOpenCL.so.1" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
echo "$LOADER_FROM, needs $LOADER_GLIBC" >"$BUNDLE/lib/VERSION"

# --- reference data: DiffDRR's DRRs and the head CT (the phantom is generated) -----------------
for v in phantom128 head-ct; do
  cp "$SHARED"/reference/diffdrr/$v/drr_*.mha "$BUNDLE/reference/$v/"
done
cp "$HEAD_CT" "$BUNDLE/reference/head-ct.mha"

cp .ci/gpu-check.sh "$BUNDLE/gpu-check.sh"
chmod +x "$BUNDLE/gpu-check.sh"
{
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' (with uncommitted changes)')"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n)"
  echo "java: $("$BUNDLE/jre/bin/java" -version 2>&1 | head -n 1), modules $MODULES, needs $GLIBC"
  echo "opencl loader: $LOADER_FROM, needs $LOADER_GLIBC"
  echo "reference: $SHARED/reference/diffdrr (phantom128, head-ct DRRs), $HEAD_CT"
} >"$BUNDLE/BUNDLE.txt"

# --- sizes ----------------------------------------------------------------------------------------
TOTAL=$(du -sb "$BUNDLE" | cut -f1)
note "bundle: $((TOTAL / 1048576)) MiB ($TOTAL bytes; refused over $LIMIT_MIB MiB)"
du -sh "$BUNDLE/jre" "$BUNDLE/diffdrr-cli.jar" "$BUNDLE/lib" "$BUNDLE/reference" | sed 's/^/  /'
[ "$TOTAL" -le $((LIMIT_MIB * 1048576)) ] || die "the bundle is over $LIMIT_MIB MiB"

[ "${BUNDLE_TEST:-1}" = 0 ] && exit 0

# --- test the bundle here: PoCL (CPU) stands in for the GPU ------------------------------------
# The runs' logs stay in target/gpu-bundle-test/ for reading.
TEST=$ROOT/target/gpu-bundle-test
rm -rf "$TEST"
note "test 1: no OpenCL platform (OCL_ICD_VENDORS = an empty folder) must be refused"
mkdir -p "$TEST/empty-vendors"
set +e
OCL_ICD_VENDORS=$TEST/empty-vendors bash "$BUNDLE/gpu-check.sh" "$TEST/no-platform" 2>"$TEST/err1" >"$TEST/stdout1"
code=$?
set -e
cat "$TEST/err1"
[ $code -eq 3 ] && [ "$(wc -l <"$TEST/err1")" -eq 1 ] && [ ! -s "$TEST/stdout1" ] \
  || die "expected exit 3 and one line, got exit $code"

NV_ICD=$(grep -lsi nvidia /etc/OpenCL/vendors/*.icd || true)
if [ -z "$NV_ICD" ] && ! ldconfig -p | grep -q libnvidia-opencl; then
  note "test 2: a CPU-only OpenCL (no GPU) must be refused"
  set +e
  bash "$BUNDLE/gpu-check.sh" "$TEST/no-gpu" 2>"$TEST/err2" >"$TEST/stdout2"
  code=$?
  set -e
  cat "$TEST/err2"
  [ $code -eq 4 ] && [ "$(wc -l <"$TEST/err2")" -eq 1 ] && [ ! -s "$TEST/stdout2" ] \
    || die "expected exit 4 and one line, got exit $code"
else
  note "test 2 skipped: this machine has an NVIDIA OpenCL driver"
fi

# As on a GPU machine whose driver no ICD file names: the script registers the driver library
# (here PoCL's, standing in for libnvidia-opencl.so.1) in a folder of its own and uses the
# carried ICD loader.
POCL=$(ldconfig -p | awk '/libpocl\.so\.[0-9]+ .*x86-64/ {print $NF; exit}')
[ -n "$POCL" ] || die "no PoCL here (apt-get install pocl-opencl-icd) to test the bundle with"
note "test 3: the whole check on the local CPU device ($POCL registered by the script as the" \
  "driver, the bundle's ICD loader; bench --quick)"
set +e
OCL_ICD_VENDORS=$TEST/empty-vendors GPU_CHECK_ICD_LIB=$POCL GPU_CHECK_ALLOW_CPU=1 \
  GPU_CHECK_BENCH=--quick bash "$BUNDLE/gpu-check.sh" "$TEST/cpu" >"$TEST/stdout3" 2>&1
code=$?
set -e
grep -E '^(gpu-check|== |check: |OpenCL ICD loader|(NVIDIA )?OpenCL driver)' "$TEST/cpu/gpu-check.log" | sed 's/^/  /'
[ $code -eq 0 ] || { tail -n 40 "$TEST/cpu/gpu-check.log"; die "the bundle's check failed here (exit $code)"; }
ls "$TEST/cpu" | sed 's/^/  out: /'
note "OK: $BUNDLE ($((TOTAL / 1048576)) MiB) passed its test here; docs/gpu-check.md says how to run it on a GPU machine"
