#!/usr/bin/env bash
# The GPU check: on a bare x86-64 Linux machine with an NVIDIA driver, using only what the bundle
# (.ci/gpu-bundle.sh) carries, run `devices`, `check` (OpenCL against Java and DiffDRR's DRRs) and
# `bench` on the GPU, and write one log and a few JSON files into OUTDIR. Refuses in one line, with
# a non-zero exit status, when no OpenCL platform or no GPU is visible: nothing runs on a CPU.
#
#   bash .gpu-bundle/gpu-check.sh OUTDIR        (docs/gpu-check.md: how to copy and run it)
#
# Exit status: 0 all steps ran and every check case passed; 1 a check case or a step failed;
# 2 usage; 3 no OpenCL platform; 4 no GPU among the OpenCL devices; 5 the bundle is incomplete or
# its Java does not start here.
#
# Environment (for testing the bundle where no GPU is; none is needed on a GPU machine):
#   GPU_CHECK_ALLOW_CPU=1   accept a CPU OpenCL device (e.g. PoCL) when no GPU is there
#   GPU_CHECK_BENCH=ARGS    extra bench arguments, e.g. --quick
#   GPU_CHECK_JAVA_BENCH=0  skip timing the Java backend
#   GPU_CHECK_LOADER=carried  use the carried OpenCL ICD loader even where the machine has one
#   GPU_CHECK_ICD_LIB=FILE  the driver library to register where no ICD file names NVIDIA's
#                           (default: libnvidia-opencl.so.1, found with ldconfig or find)
#   GPU_CHECK_TIMEOUT_CHECK, _BENCH, _JAVA  seconds each step may take (90, 150, 120; devices: 60)
set -uo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: gpu-check.sh OUTDIR" >&2
  exit 2
fi
OUT=$1
mkdir -p "$OUT" || { echo "gpu-check: cannot create $OUT" >&2; exit 2; }
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/gpu-check.log
: >"$LOG"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -x "$HERE/jre/bin/java" ] || [ -f "$HERE/jre/bin/java" ]; then
  BUNDLE=$HERE
else
  BUNDLE=$(cd "$HERE/.." && pwd)/.gpu-bundle
fi

log() { echo "$*" >>"$LOG"; }
say() { echo "$*" | tee -a "$LOG"; }
# One line on stderr (and in the log), then exit.
refuse() {
  local code=$1; shift
  echo "gpu-check: refused: $* (log: $LOG)" | tee -a "$LOG" >&2
  exit "$code"
}

# --- the bundle -----------------------------------------------------------------------------
JAVA=$BUNDLE/jre/bin/java
JAR=$BUNDLE/diffdrr-cli.jar
REF=$BUNDLE/reference
for f in "$JAVA" "$JAR" "$REF/phantom128/drr_siddon_pose0.mha" "$REF/head-ct.mha"; do
  [ -f "$f" ] || refuse 5 "the bundle lacks $f (build it with .ci/gpu-bundle.sh and carry .gpu-bundle)"
done
# A copied tree may lose exec bits; the relaunch (libjsig) needs jre/bin/java executable too.
[ -x "$JAVA" ] || chmod u+x "$BUNDLE"/jre/bin/* "$BUNDLE"/jre/lib/jspawnhelper 2>/dev/null
log "gpu-check $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n) ($(uname -srm))"
log "bundle: $BUNDLE"
[ -f "$BUNDLE/BUNDLE.txt" ] && sed 's/^/  /' "$BUNDLE/BUNDLE.txt" >>"$LOG"
if ! JAVA_VERSION=$("$JAVA" -version 2>&1); then
  refuse 5 "the bundle's Java does not start here: $(echo "$JAVA_VERSION" | head -n 1)"
fi
log "$JAVA_VERSION"

# --- OpenCL: NVIDIA's driver and the ICD loader ----------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lib"
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig) # /sbin may be off PATH

# Is NVIDIA's OpenCL driver registered? If no ICD file names it, find the library and register it
# in a folder of our own (no root writes).
VENDORS=${OCL_ICD_VENDORS:-/etc/OpenCL/vendors}
if [ -d "$VENDORS" ]; then ICDS=("$VENDORS"/*.icd); else ICDS=("$VENDORS"); fi
REGISTERED=0
if grep -qsi nvidia "${ICDS[@]}" 2>/dev/null; then
  log "NVIDIA OpenCL driver: an ICD file in $VENDORS names it"
else
  NV=${GPU_CHECK_ICD_LIB:-$("$LDCONFIG" -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1 .*x86-64/ {print $NF; exit}')}
  if [ -z "$NV" ]; then
    NV=$(find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /lib64 /lib \
      /usr/local/lib /opt -maxdepth 4 -name 'libnvidia-opencl.so.1' 2>/dev/null | head -n 1)
  fi
  if [ -n "$NV" ]; then
    mkdir -p "$WORK/vendors"
    echo "$NV" >"$WORK/vendors/nvidia.icd"
    export OCL_ICD_VENDORS=$WORK/vendors OPENCL_VENDOR_PATH=$WORK/vendors
    REGISTERED=1
    # its own dependencies (libcuda) usually lie beside it, maybe outside the linker's cache
    NV_DIR=$(dirname "$NV")
    log "OpenCL driver: registered $NV in $OCL_ICD_VENDORS (no ICD file in $VENDORS names NVIDIA's)"
  else
    log "NVIDIA OpenCL driver: no ICD file in $VENDORS names it and no libnvidia-opencl.so.1 was found"
  fi
fi

# The ICD loader. JOCL opens "libOpenCL.so" (the development name), which a machine with only the
# runtime library lacks: $WORK/lib gives it that name. The carried loader (ocl-icd) is used where
# the machine has none, and where we registered NVIDIA ourselves (ocl-icd reads OCL_ICD_VENDORS;
# old Khronos loaders may not) — unless this machine's C library is too old for it.
SYSTEM_LOADER=$("$LDCONFIG" -p 2>/dev/null | awk '/libOpenCL\.so\.1 .*x86-64/ {print $NF; exit}')
CARRIED=$BUNDLE/lib/libOpenCL.so.1
CARRIED_OK=0
if [ -f "$CARRIED" ] && ! ldd "$CARRIED" 2>&1 | grep -q 'not found'; then CARRIED_OK=1; fi
if [ "${GPU_CHECK_LOADER:-}" = carried ] || { [ $REGISTERED = 1 ] && [ $CARRIED_OK = 1 ]; } \
    || { [ -z "$SYSTEM_LOADER" ] && [ $CARRIED_OK = 1 ]; }; then
  LOADER=$CARRIED
  log "OpenCL ICD loader: the bundle's $CARRIED ($(cat "$BUNDLE/lib/VERSION" 2>/dev/null))"
elif [ -n "$SYSTEM_LOADER" ]; then
  LOADER=$SYSTEM_LOADER
  log "OpenCL ICD loader: the machine's $SYSTEM_LOADER"
else
  refuse 3 "no OpenCL ICD loader here, and the bundle's does not load ($(ldd "$CARRIED" 2>&1 | grep 'not found' | head -n 1 | sed 's/^[[:space:]]*//'))"
fi
ln -s "$LOADER" "$WORK/lib/libOpenCL.so"
ln -s "$LOADER" "$WORK/lib/libOpenCL.so.1"
export LD_LIBRARY_PATH=$WORK/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}${NV_DIR:+:$NV_DIR}
log "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
log "OCL_ICD_VENDORS=${OCL_ICD_VENDORS:-(unset: /etc/OpenCL/vendors)}"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv >>"$LOG" 2>&1
fi

# --- the command line -------------------------------------------------------------------------
JAVA_OPTS=(-Djava.awt.headless=true -Dstdout.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8)
# Java 22+ warns about JOCL's native library unless native access is granted.
if "$JAVA" --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then
  JAVA_OPTS+=(--enable-native-access=ALL-UNNAMED)
fi
export DIFFDRR_DEBUG=1 # stack traces into the log if anything breaks
CLI=("$JAVA" "${JAVA_OPTS[@]}" -jar "$JAR")

# 1. devices: refuse unless an OpenCL platform and a GPU are visible.
DEVICES=$(timeout --kill-after=10 60 "${CLI[@]}" devices 2>"$WORK/devices.err")
status=$?
{ echo "== devices (exit $status)"; echo "$DEVICES"; cat "$WORK/devices.err"; } >>"$LOG"
[ $status -eq 0 ] || refuse 5 "devices failed (exit $status): $(head -n 1 "$WORK/devices.err")"
if ! echo "$DEVICES" | grep -q '^name  '; then
  WHY=$(sed -n 's/^no OpenCL device: //p' "$WORK/devices.err" | head -n 1)
  refuse 3 "no OpenCL platform visible${WHY:+: $WHY}"
fi
# Rows of the table: name, type, memory columns; the columns are at least two spaces apart.
GPU=$(echo "$DEVICES" | awk -F '  +' 'NR > 1 && $2 == "GPU" {print $1; exit}')
if [ -z "$GPU" ]; then
  CPUS=$(echo "$DEVICES" | awk -F '  +' 'NR > 1 {printf "%s%s (%s)", sep, $1, $2; sep = ", "}')
  if [ "${GPU_CHECK_ALLOW_CPU:-0}" != 1 ]; then
    refuse 4 "no GPU among the OpenCL devices: $CPUS"
  fi
  GPU=$(echo "$DEVICES" | awk -F '  +' 'NR == 2 {print $1}')
  say "gpu-check: no GPU; GPU_CHECK_ALLOW_CPU=1, so checking the CPU device $GPU"
fi
say "gpu-check: device '$GPU'"

FAILED=0
step() { # name, timeout, command...
  local name=$1 limit=$2; shift 2
  say "== $name"
  local t0=$SECONDS
  timeout --kill-after=10 "$limit" "$@" 2>&1 | tee -a "$LOG"
  local code=${PIPESTATUS[0]}
  say "== $name: exit $code after $((SECONDS - t0)) s"
  [ "$code" -eq 124 ] && say "== $name: stopped at its limit of $limit s"
  return "$code"
}

# 2. check: OpenCL against Java and DiffDRR's DRRs, adjoint dot-product test.
step check "${GPU_CHECK_TIMEOUT_CHECK:-90}" \
  "${CLI[@]}" check --reference "$REF" --device "$GPU" --json "$OUT/check.json" || FAILED=1

# 3. bench on the GPU; the JSON must say it ran on OpenCL (bench falls back to Java otherwise).
# shellcheck disable=SC2086  # GPU_CHECK_BENCH holds separate words
step "bench opencl" "${GPU_CHECK_TIMEOUT_BENCH:-150}" \
  "${CLI[@]}" bench --backend opencl --device "$GPU" --head-ct "$REF/head-ct.mha" --json "$OUT/bench-opencl.json" ${GPU_CHECK_BENCH:-} \
  || FAILED=1
if ! grep -q '"backend": "opencl: ' "$OUT/bench-opencl.json" 2>/dev/null; then
  say "gpu-check: bench did not run on OpenCL (see above)"
  FAILED=1
fi

# 4. the Java backend on the same machine, for the ratio (after the GPU: its results come first).
if [ "${GPU_CHECK_JAVA_BENCH:-1}" != 0 ]; then
  # shellcheck disable=SC2086
  step "bench java" "${GPU_CHECK_TIMEOUT_JAVA:-120}" \
    "${CLI[@]}" bench --backend java --head-ct "$REF/head-ct.mha" --json "$OUT/bench-java.json" ${GPU_CHECK_BENCH:-} \
    || say "gpu-check: the Java timing did not finish (the GPU results stand)"
fi

# --- summary: the README's headline figures ---------------------------------------------------
# median of a case in a bench JSON (Json.write's layout: "case" line, then the backend's median)
median() {
  [ -f "$1" ] || { echo null; return; }
  awk -v want="$2" '
    /"case": / { line = $0; sub(/^[^:]*: "/, "", line); sub(/",?$/, "", line); c = line; next }
    /"median": / && c == want { v = $2; sub(/,$/, "", v); print v; found = 1; exit }
    END { if (!found) print "null" }' "$1"
}
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
B=$OUT/bench-opencl.json
J=$OUT/bench-java.json
CHECK_FAILED=$(sed -n 's/^  "cases_failed": \([0-9]*\),$/\1/p' "$OUT/check.json" 2>/dev/null)
CHECK_TOTAL=$(sed -n 's/^  "cases_total": \([0-9]*\),$/\1/p' "$OUT/check.json" 2>/dev/null)
GPU_SMI=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -n 1)
{
  echo "{"
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
  echo "  \"device\": $(json_string "$GPU"),"
  echo "  \"nvidia_smi\": $(json_string "${GPU_SMI:-}"),"
  echo "  \"bundle\": $(json_string "$(sed -n 's/^commit: //p' "$BUNDLE/BUNDLE.txt" 2>/dev/null)"),"
  echo "  \"check_cases\": ${CHECK_TOTAL:-null},"
  echo "  \"check_failed\": ${CHECK_FAILED:-null},"
  echo "  \"all_ok\": $([ $FAILED -eq 0 ] && echo true || echo false),"
  for backend in opencl java; do
    f=$B; [ $backend = java ] && f=$J
    echo "  \"$backend\": {"
    echo "    \"drr_200_of_512x512x133_siddon_ms\": $(median "$f" "DRR 200² 512×512×133 siddon (ms)"),"
    echo "    \"drr_200_of_512x512x133_trilinear_ms\": $(median "$f" "DRR 200² 512×512×133 trilinear (ms)"),"
    echo "    \"pair_200_phantom128_siddon_ms\": $(median "$f" "pair 200² phantom128 siddon (ms)"),"
    echo "    \"pair_512_256cubed_siddon_ms\": $(median "$f" "pair 512² 256³ siddon (ms)"),"
    echo "    \"seed_loop_it_per_s\": $(median "$f" "seed loop 128³, 1 view 200² (it/s)"),"
    echo "    \"adjoint_gups_256cubed_siddon\": $(median "$f" "adjoint GUPS 256³ siddon")"
    [ $backend = opencl ] && echo "  }," || echo "  }"
  done
  echo "}"
} >"$OUT/summary.json"
say "== summary ($OUT/summary.json)"
tee -a "$LOG" <"$OUT/summary.json"
if [ $FAILED -eq 0 ]; then
  say "gpu-check: OK: ${CHECK_TOTAL:-?} check cases pass on $GPU; timings in bench-opencl.json"
else
  say "gpu-check: FAILED (check: ${CHECK_FAILED:-?} of ${CHECK_TOTAL:-?} cases failed; see $LOG)"
fi
exit $FAILED
