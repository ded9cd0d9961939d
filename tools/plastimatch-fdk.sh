#!/usr/bin/env bash
# Our FDK against plastimatch's (`plastimatch fdk`, Debian package plastimatch 1.9.4), on the same
# projections and the same grid, in one run on the same cores:
#
#   tools/plastimatch-fdk.sh [OUT_DIR]     (env: VIEWS=360, REPEATS=1, JAR=target/diffdrr-cli.jar;
#                                            needs python3 with numpy for the truth and the scores)
#
# 1. The truth: the shared head CT in μ (1/mm, μ_water 0.02, clipped at 0) on its own
#    256×256×108 grid of 0.957×0.957×1.5 mm, written as a float .mha centred on the world origin
#    (Offset −(n−1)/2·spacing), where both reconstructions put their grid.
# 2. The projections: plastimatch's own, `plastimatch drr -P none -i exact` of that μ volume
#    (no HU rule; Siddon), VIEWS views over 360° from gantry angle 0, 256×256 pixels of 1.6 mm,
#    SAD 850, SID 1020, isocentre at the origin: PFM images (line integrals in cm·μ) with their
#    .txt geometry. Both FDKs read exactly these files — ours through its plastimatch geometry
#    importer (`--geometry DIR`, values × 10 for mm), so no geometry is converted by hand. (An
#    earlier version of this script handed our simulation over with `drr -G -y 270`, but 1.9.4
#    reads -y in radians: the orbit was 80° off and plastimatch scored 18 dB.)
# 3. Both reconstruct onto the truth's grid (ours: `--like` the truth; plastimatch: -r 256 256 108,
#    -z 245 245 162, ramp filter); wall-clock seconds of each whole command (start-up, reading,
#    filtering, backprojection, writing) on the same cores, back to back, REPEATS times alternating.
# 4. PSNR and SSIM (3-D, scikit-image's definition) against the truth (data range: its max − min).
#    plastimatch writes HU-like values, so its volume is first mapped to the truth by the best
#    affine fit (least squares a·x + b); ours is scored as it is (μ in 1/mm) and, for reference,
#    after the same fit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-plastimatch-fdk}
JAR=${JAR:-target/diffdrr-cli.jar}
N=${VIEWS:-360}
REPEATS=${REPEATS:-1}
HEAD=${HEAD_CT:-../shared/data/head-ct/head-ct.mha}
mkdir -p "$OUT/proj"
rm -f "$OUT"/proj/*
python3 - "$HEAD" "$OUT/mu.mha" <<'PY'
import sys, re, zlib, numpy as np
src, dst = sys.argv[1], sys.argv[2]
d = open(src, 'rb').read(); m = re.search(rb'ElementDataFile = ([^\n]+)\n', d); i = m.end()
hdr = d[:i].decode(); dims = list(map(int, re.search(r'DimSize = ([\d ]+)', hdr).group(1).split()))
sp = list(map(float, re.search(r'ElementSpacing = ([\d. ]+)', hdr).group(1).split()))
raw = zlib.decompress(d[i:]) if 'CompressedData = True' in hdr else d[i:]
dt = {'MET_FLOAT': '<f4', 'MET_SHORT': '<i2'}[re.search(r'ElementType = (\w+)', hdr).group(1)]
hu = np.frombuffer(raw, dtype=dt).reshape(dims[::-1]).astype(np.float64)
mu = np.clip(0.02 * (1 + hu / 1000), 0, None).astype('<f4')
off = ' '.join('%.7g' % (-(n - 1) / 2 * s) for n, s in zip(dims, sp))
open(dst, 'wb').write(('ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n'
    'CompressedData = False\nTransformMatrix = 1 0 0 0 1 0 0 0 1\nOffset = %s\nElementSpacing = %s\n'
    'DimSize = %s\nElementType = MET_FLOAT\nElementDataFile = LOCAL\n'
    % (off, ' '.join('%.7g' % s for s in sp), ' '.join(map(str, dims)))).encode() + mu.tobytes())
PY
STEP=$(python3 -c "print(360.0/$N)")
plastimatch drr -P none -i exact -a "$N" -N "$STEP" --sad 850 --sid 1020 -r "256 256" \
  -z "409.6 409.6" -o "0 0 0" -t pfm -O "$OUT/proj/" "$OUT/mu.mha" > "$OUT/drr.log" 2>&1
ours=() ; theirs=()
for r in $(seq "$REPEATS"); do
  t0=$(date +%s.%N)
  java -jar "$JAR" reconstruct --geometry "$OUT/proj" --projections "$OUT/proj" --like "$OUT/mu.mha" \
    --algorithm fdk --backend java --out "$OUT/ours.mha" > "$OUT/ours.log" 2>&1
  t1=$(date +%s.%N)
  plastimatch fdk -f ramp -I "$OUT/proj" -O "$OUT/plastimatch.mha" -r "256 256 108" \
    -z "245.0000 245.0000 162.0" > "$OUT/plastimatch.log" 2>&1
  t2=$(date +%s.%N)
  ours+=("$(python3 -c "print($t1-$t0)")"); theirs+=("$(python3 -c "print($t2-$t1)")")
done
python3 - "$OUT" "${ours[*]}" "${theirs[*]}" "$N" <<'PY'
import sys, re, zlib, numpy as np
out, ts_ours, ts_pl, n = sys.argv[1], list(map(float, sys.argv[2].split())), list(map(float, sys.argv[3].split())), sys.argv[4]
def mha(f):
    d = open(f, 'rb').read(); m = re.search(rb'ElementDataFile = ([^\n]+)\n', d); i = m.end()
    hdr = d[:i].decode(); dims = list(map(int, re.search(r'DimSize = ([\d ]+)', hdr).group(1).split()))
    raw = zlib.decompress(d[i:]) if 'CompressedData = True' in hdr else d[i:]
    dt = {'MET_FLOAT': '<f4', 'MET_SHORT': '<i2'}[re.search(r'ElementType = (\w+)', hdr).group(1)]
    return np.frombuffer(raw, dtype=dt).reshape(dims[::-1]).astype(np.float64)
truth = mha(out + '/mu.mha')
rng = truth.max() - truth.min()
def psnr(x): return 10 * np.log10(rng ** 2 / np.mean((x - truth) ** 2))
def box(a, w=7):
    # mean over w×w×w windows ('valid' part), as scikit-image's uniform filter after cropping
    c = np.cumsum(np.cumsum(np.cumsum(np.pad(a, ((1, 0), (1, 0), (1, 0))), 0), 1), 2)
    return (c[w:, w:, w:] - c[:-w, w:, w:] - c[w:, :-w, w:] - c[w:, w:, :-w] + c[:-w, :-w, w:]
            + c[:-w, w:, :-w] + c[w:, :-w, :-w] - c[:-w, :-w, :-w]) / w ** 3
def ssim(x, y=truth, w=7):
    c1, c2 = (0.01 * rng) ** 2, (0.03 * rng) ** 2; cf = w ** 3 / (w ** 3 - 1)
    ux, uy = box(x), box(y)
    vx, vy, vxy = cf * (box(x * x) - ux * ux), cf * (box(y * y) - uy * uy), cf * (box(x * y) - ux * uy)
    return np.mean((2 * ux * uy + c1) * (2 * vxy + c2) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2)))
def fitted(x):
    a, b = np.linalg.lstsq(np.stack([x.ravel(), np.ones(x.size)], 1), truth.ravel(), rcond=None)[0]
    return a * x + b, a, b
ours = mha(out + '/ours.mha'); pl = mha(out + '/plastimatch.mha')
pf, a, b = fitted(pl); of, _, _ = fitted(ours)
s = lambda t: ' / '.join('%.1f' % v for v in t)
print('FDK of the head CT (256x256x108, mu), %s plastimatch drr projections of 256x256, same cores, back to back:' % n)
print('  ours        PSNR %.2f dB, SSIM %.4f (as is, 1/mm; %.2f dB after the best affine fit)  %s s wall'
      % (psnr(ours), ssim(ours), psnr(of), s(ts_ours)))
print('  plastimatch PSNR %.2f dB, SSIM %.4f after the best affine fit to the truth (a=%.3g, b=%.3g)  %s s wall'
      % (psnr(pf), ssim(pf), a, b, s(ts_pl)))
print('  time ours / plastimatch: %s' % ' / '.join('%.2f' % (o / p) for o, p in zip(ts_ours, ts_pl)))
PY
