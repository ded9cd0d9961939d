#!/usr/bin/env bash
# The README's table of reconstructions: algorithm × views × PSNR/SSIM/seconds, on the Shepp–Logan
# phantom (128³ of 2 mm, density 0–1; with photons scaled to max μ 0.02/mm) and on the shared head
# CT (HU → μ in 1/mm, μ_water 0.02), from
# Siddon projections (200×200 pixels of 2 mm, sdd 1020 mm, sad 850 mm, full circle), noise-free or
# with Poisson noise (PHOTONS per pixel, seed 1, reconstructed with --input intensity --i0 PHOTONS).
#
#   tools/recon-table.sh [OUT_DIR]
#     env: ALGORITHMS="fdk sirt os-sart cgls gd gd-previous tutorial"  VIEWS="75 50 25"
#          DATASETS="phantom head"  PHOTONS="0 1e4" (0 = noise-free)  SIRT_ITERATIONS=100
#          HEAD_SCALE=1 (2: the head CT averaged over 2×2×2 voxels, 128×128×54 of 1.91×1.91×3 mm)
#          BACKEND=java  JAR=target/diffdrr-cli.jar  EXTRA="" (options added to every reconstruct)
#          CACHED_ONLY=1: run nothing, print the rows of the runs OUT_DIR holds (and the gains)
#
# Algorithms: fdk, sirt, os-sart, cgls with their defaults (SIRT with SIRT_ITERATIONS); gd = the
# auto recipe; gd-previous = the auto recipe as it was before the FDK start (scaled backprojection,
# 8 views per step, 500 steps: --init backprojection --batch-views 8 --convergence 0); tutorial =
# --recipe tutorial (DiffDRR's). Prints one Markdown row per run as it finishes (appended to
# OUT_DIR/table.md); each run's log is OUT_DIR/<dataset>-<photons>-<views>-<algorithm>.log, the gd
# runs also write a report (psnr.csv). After the runs, for every case with both gd and gd-previous:
# the time-to-quality gain, i.e. the seconds gd took to first reach gd-previous's final PSNR, as a
# fraction of gd-previous's seconds (from gd's psnr.csv). A run whose log holds a result is not
# repeated, so a table can be resumed or extended into the same OUT_DIR. Times are wall-clock seconds of the
# algorithm as `reconstruct` reports them, on whatever else the machine is doing: compare within a run.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-recon-table}
JAR=${JAR:-target/diffdrr-cli.jar}
ALGORITHMS=${ALGORITHMS:-"fdk sirt os-sart cgls gd gd-previous tutorial"}
VIEWS=${VIEWS:-"75 50 25"}
DATASETS=${DATASETS:-"phantom head"}
PHOTONS=${PHOTONS:-"0 1e4"}
SIRT_ITERATIONS=${SIRT_ITERATIONS:-100}
HEAD_SCALE=${HEAD_SCALE:-1}
BACKEND=${BACKEND:-java}
EXTRA=${EXTRA:-}
CACHED_ONLY=${CACHED_ONLY:-}
HEAD=${HEAD_CT:-../shared/data/head-ct/head-ct.mha}
mkdir -p "$OUT"
if [ "$HEAD_SCALE" != 1 ] && [[ " $DATASETS " == *" head "* ]]; then
  # the head CT averaged over HEAD_SCALE³ blocks of voxels (HU), as a float .mha
  python3 - "$HEAD" "$OUT/head-small.mha" "$HEAD_SCALE" <<'PY'
import sys, re, zlib, numpy as np
src, dst, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = open(src, 'rb').read(); m = re.search(rb'ElementDataFile = ([^\n]+)\n', d); i = m.end()
hdr = d[:i].decode(); dims = list(map(int, re.search(r'DimSize = ([\d ]+)', hdr).group(1).split()))
sp = list(map(float, re.search(r'ElementSpacing = ([\d. ]+)', hdr).group(1).split()))
raw = zlib.decompress(d[i:]) if 'CompressedData = True' in hdr else d[i:]
dt = {'MET_FLOAT': '<f4', 'MET_SHORT': '<i2'}[re.search(r'ElementType = (\w+)', hdr).group(1)]
v = np.frombuffer(raw, dtype=dt).reshape(dims[::-1]).astype(np.float64)
nz, ny, nx = (n // k for n in v.shape)
v = v[:nz * k, :ny * k, :nx * k].reshape(nz, k, ny, k, nx, k).mean(axis=(1, 3, 5)).astype('<f4')
open(dst, 'wb').write(('ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n'
    'CompressedData = False\nTransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = 0 0 0\nElementSpacing = %s\n'
    'DimSize = %d %d %d\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n'
    % (' '.join('%.7g' % (s * k) for s in sp), nx, ny, nz)).encode() + v.tobytes())
PY
  HEAD="$OUT/head-small.mha"
fi
[ -f "$OUT/table.md" ] || echo "| data | photons | views | algorithm | iterations | PSNR (dB) | SSIM | seconds |" > "$OUT/table.md"
for data in $DATASETS; do
  if [ "$data" = phantom ]; then
    vol=(--phantom shepp-logan); ref=(--reference shepp-logan); grid=(--shape 128,128,128 --spacing 2,2,2)
  else
    vol=(--volume "$HEAD" --hu mu); ref=(--reference "$HEAD" --hu mu)
    grid=(--like "$HEAD" --placement centred)
  fi
  for photons in $PHOTONS; do
    for n in $VIEWS; do
      p="$OUT/$data-$photons-$n"
      noise=(); input=()
      if [ "$photons" != 0 ]; then
        noise=(--photons "$photons" --seed 1); input=(--input intensity --i0 "$photons")
        # photons need μ: the phantom scaled to max μ 0.02/mm (largest line integral 1.46), as in
        # docs/noise-table.sh; density 1 would absorb every photon (line integrals up to 73)
        if [ "$data" = phantom ]; then
          vol=(--phantom shepp-logan:128:2:0.02); ref=(--reference shepp-logan:128:2:0.02)
        fi
      fi
      if [ ! -f "$p.mha" ] && [ -z "$CACHED_ONLY" ]; then
        java -jar "$JAR" simulate "${vol[@]}" --sdd 1020 --height 200 --delx 2 --views "$n" --sad 850 \
          "${noise[@]}" --backend "$BACKEND" --out "$p.mha" --poses-out "$p.csv" > /dev/null
      fi
      for alg in $ALGORITHMS; do
        run="$p-$alg"
        case "$alg" in
          gd) opts=(--algorithm gd --report "$run") ;;
          gd-previous) opts=(--algorithm gd --init backprojection --batch-views 8 --iterations 500
                             --convergence 0 --report "$run") ;;
          tutorial) opts=(--algorithm gd --recipe tutorial) ;;
          sirt) opts=(--algorithm sirt --iterations "$SIRT_ITERATIONS") ;;
          *) opts=(--algorithm "$alg") ;;
        esac
        # a run whose log holds its result already is not repeated (the table can be resumed)
        fresh=0
        if [ -n "$CACHED_ONLY" ] && ! grep -q 'iterations in' "$run.log" 2>/dev/null; then
          continue
        fi
        if ! grep -q 'iterations in' "$run.log" 2>/dev/null; then
          fresh=1
          # shellcheck disable=SC2086
          java -jar "$JAR" reconstruct --projections "$p.mha" --poses "$p.csv" --sdd 1020 --delx 2 \
            "${input[@]}" "${grid[@]}" "${ref[@]}" "${opts[@]}" --backend "$BACKEND" $EXTRA \
            --out "$run.mha" > "$run.log" 2>&1
        fi
        line=$(grep -E 'iterations in' "$run.log" | tail -1)
        its=$(sed -E 's/^([a-z-]+: )?([0-9]+) iterations in.*/\2/' <<< "$line")
        secs=$(sed -E 's/.* iterations in ([0-9.]+) s.*/\1/' <<< "$line")
        psnr=$(sed -E 's/.*PSNR ([0-9.]+) dB.*/\1/' <<< "$line")
        ssim=$(sed -E 's/.*SSIM ([0-9.]+).*/\1/' <<< "$line")
        row="| $data | $photons | $n | $alg | $its | $psnr | $ssim | $secs |"
        echo "$row"
        [ "$fresh" = 0 ] || echo "$row" >> "$OUT/table.md"
      done
    done
  done
done
# The time-to-quality gain of the auto recipe over the previous one, per case run with both.
echo
echo "| data | photons | views | previous auto: PSNR, seconds | auto reaches it after | fraction of the time | auto's final PSNR, seconds |"
echo "|---|---|---|---|---|---|---|"
for prev in "$OUT"/*-gd-previous/psnr.csv; do
  [ -f "$prev" ] || continue
  case=${prev%-gd-previous/psnr.csv}; new="$case-gd/psnr.csv"
  [ -f "$new" ] || continue
  python3 - "$prev" "$new" "$(basename "$case")" <<'PY'
import sys
def read(f):
    rows = [l.strip().split(',') for l in open(f).read().split('\n')[1:] if l.strip()]
    return [(float(a), float(b)) for a, b in rows]
prev, new, case = read(sys.argv[1]), read(sys.argv[2]), sys.argv[3]
data, photons, views = case.split('-')
target, tprev = prev[-1][1], prev[-1][0]
hit = next((t for t, p in new if p >= target), None)
reach = '%.1f s' % hit if hit is not None else 'never (%.2f dB at most)' % max(p for _, p in new)
frac = '%.2f' % (hit / tprev) if hit is not None else '—'
print('| %s | %s | %s | %.2f dB, %.1f s | %s | %s | %.2f dB, %.1f s |' % (data, photons, views, target, tprev, reach, frac, new[-1][1], new[-1][0]))
PY
done
