#!/usr/bin/env bash
# The README's table of reconstructions: algorithm × views × PSNR/SSIM/seconds, on the Shepp–Logan
# phantom (128³ of 2 mm) and on the shared head CT (HU → μ, its own 256×256×108 grid), from
# noise-free Siddon projections (200×200 pixels of 2 mm, sdd 1020 mm, sad 850 mm, full circle).
#
#   tools/recon-table.sh [OUT_DIR]      (env: ALGORITHMS="fdk cgls sirt os-sart gd", VIEWS="75 50 25",
#                                        DATASETS="phantom head", BACKEND=java, JAR=target/diffdrr-cli.jar,
#                                        EXTRA="" options added to every reconstruct)
#
# Prints one Markdown row per run as it finishes (and appends it to OUT_DIR/table.md); each run's
# log is OUT_DIR/<dataset>-<views>-<algorithm>.log. Times are wall-clock seconds of the algorithm
# as `reconstruct` reports them, on whatever else the machine is doing: compare within one run.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-recon-table}
JAR=${JAR:-target/diffdrr-cli.jar}
ALGORITHMS=${ALGORITHMS:-"fdk cgls sirt os-sart gd"}
VIEWS=${VIEWS:-"75 50 25"}
DATASETS=${DATASETS:-"phantom head"}
BACKEND=${BACKEND:-java}
EXTRA=${EXTRA:-}
HEAD=${HEAD_CT:-../shared/data/head-ct/head-ct.mha}
mkdir -p "$OUT"
[ -f "$OUT/table.md" ] || echo "| data | views | algorithm | PSNR (dB) | SSIM | seconds |" > "$OUT/table.md"
for data in $DATASETS; do
  if [ "$data" = phantom ]; then
    vol=(--phantom shepp-logan); ref=(--reference shepp-logan); grid=(--shape 128,128,128 --spacing 2,2,2)
  else
    vol=(--volume "$HEAD" --hu mu); ref=(--reference "$HEAD" --hu mu)
    grid=(--shape 256,256,108 --spacing 0.9570312,0.9570312,1.5)
  fi
  for n in $VIEWS; do
    p="$OUT/$data-$n"
    if [ ! -f "$p.mha" ]; then
      java -jar "$JAR" simulate "${vol[@]}" --sdd 1020 --height 200 --delx 2 --views "$n" --sad 850 \
        --backend "$BACKEND" --out "$p.mha" --poses-out "$p.csv" > /dev/null
    fi
    for alg in $ALGORITHMS; do
      log="$OUT/$data-$n-$alg.log"
      # shellcheck disable=SC2086
      java -jar "$JAR" reconstruct --projections "$p.mha" --poses "$p.csv" --sdd 1020 --delx 2 \
        "${grid[@]}" "${ref[@]}" --algorithm "$alg" --backend "$BACKEND" $EXTRA \
        --out "$OUT/$data-$n-$alg.mha" > "$log" 2>&1
      line=$(grep -E 'iterations in' "$log" | tail -1)
      secs=$(sed -E 's/.* iterations in ([0-9.]+) s.*/\1/' <<< "$line")
      psnr=$(sed -E 's/.*PSNR ([0-9.]+) dB.*/\1/' <<< "$line")
      ssim=$(sed -E 's/.*SSIM ([0-9.]+).*/\1/' <<< "$line")
      row="| $data | $n | $alg | $psnr | $ssim | $secs |"
      echo "$row" | tee -a "$OUT/table.md"
    done
  done
done
