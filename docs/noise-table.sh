#!/usr/bin/env bash
# The README's noise table (section "Noisy data"): PSNR/SSIM of reconstructions from Poisson-noisy
# projections against photons per pixel, the default recipe for intensities (weighted least
# squares, TV scaled to the noise) against plain MSE (the line-integral recipe on the same noisy
# data, converted with the same clamping).
#
#   docs/noise-table.sh [phantom|head|all (phantom)] [OUTDIR (noise-table)] [PHOTONS ... (1e6 1e5 1e4 1e3)]
#
# phantom: Shepp–Logan 128³ of 2 mm scaled to water-like μ (max 0.02/mm); head: the shared head CT
# (../shared/data/head-ct/head-ct.mha, HU → μ with μ_water 0.02/mm) on its own grid. Both: 75 views
# on a full circle, 200×200 pixels of 2 mm, sdd 1020 mm, sad 850 mm, Siddon, Java backend, seed 1.
# Each reconstruction takes 2–3 minutes on 2 cores. Needs target/diffdrr-cli.jar (mvn package).
# Prints one Markdown row per photon level; everything it ran is in OUTDIR/commands.log.
set -euo pipefail
cd "$(dirname "$0")/.."
WHICH=${1:-phantom}
OUT=${2:-noise-table}
shift $(( $# > 2 ? 2 : $# ))
LEVELS=${*:-1e6 1e5 1e4 1e3}
JAR=${JAR:-target/diffdrr-cli.jar}
HEAD=${HEAD_CT:-../shared/data/head-ct/head-ct.mha}
mkdir -p "$OUT"
LOG="$OUT/commands.log"
DET="--sdd 1020 --height 200 --delx 2 --backend java"

cli() { echo "java -jar $JAR $*" >> "$LOG"; java -jar "$JAR" "$@"; }
# "PSNR 33.36 dB, SSIM 0.9756" of a reconstruct run's last line
quality() { sed -n 's/.*PSNR \([0-9.]*\) dB, SSIM \([0-9.]*\).*/\1 dB, \2/p' | tail -1; }

table() { # name, volume options, grid options, reference
  local name=$1 vol=$2 grid=$3 ref=$4
  local d="$OUT/$name"; mkdir -p "$d"
  echo
  echo "$name (75 views): largest line integral and the photons that reach there in the log"
  echo "| photons per pixel | clamped pixels | intensity recipe (WLS): PSNR, SSIM | plain MSE: PSNR, SSIM |"
  echo "|---|---|---|---|"
  for n in $LEVELS; do
    cli simulate $vol $DET --views 75 --sad 850 --photons "$n" --seed 1 \
      --out "$d/i$n.mha" --poses-out "$d/poses.csv" > "$d/sim$n.log" 2>&1
    cli simulate $vol $DET --views 75 --sad 850 --photons "$n" --seed 1 --output line-integral \
      --out "$d/p$n.mha" --poses-out "$d/poses.csv" >> "$d/sim$n.log" 2>&1
    local common="--poses $d/poses.csv --sdd 1020 --delx 2 $grid --backend java --reference $ref"
    cli reconstruct --projections "$d/i$n.mha" --input intensity --i0 "$n" $common \
      --out "$d/wls$n.mha" > "$d/wls$n.log" 2>&1
    cli reconstruct --projections "$d/p$n.mha" $common --out "$d/mse$n.mha" > "$d/mse$n.log" 2>&1
    local clamped
    clamped=$(sed -n 's/.*max [0-9.e+-]*; \([0-9]*\) of.*/\1/p' "$d/wls$n.log" | head -1)
    echo "| $n | $clamped | $(quality < "$d/wls$n.log") | $(quality < "$d/mse$n.log") |"
  done
  grep -h "largest line integral" "$d"/sim*.log | head -1
}

case "$WHICH" in
  phantom|all)
    table phantom "--phantom shepp-logan:128:2:0.02" "--shape 128,128,128 --spacing 2,2,2" \
      "shepp-logan:128:2:0.02" ;;&
  head|all)
    # the head CT's own grid: 256×256×108 voxels of 0.957×0.957×1.5 mm
    table head "--volume $HEAD --hu mu" "--shape 256,256,108 --spacing 0.9570312,0.9570312,1.5" \
      "$HEAD --hu mu" ;;
  phantom) ;;
  *) echo "usage: $0 [phantom|head|all] [OUTDIR] [PHOTONS ...]" >&2; exit 2 ;;
esac
