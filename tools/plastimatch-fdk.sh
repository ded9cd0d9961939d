#!/usr/bin/env bash
# Our FDK against plastimatch's (`plastimatch fdk`, Debian package plastimatch 1.9.4), on the same
# projections and the same grid, in one run on the same cores:
#
#   tools/plastimatch-fdk.sh [OUT_DIR]     (env: VIEWS=360, JAR=target/diffdrr-cli.jar;
#                                            needs python3 with numpy for the file conversion and scores)
#
# 1. The truth: the shared head CT in μ (1/mm, μ_water 0.02), its 256×256×108 grid of
#    0.957×0.957×1.5 mm, centred (our frame).
# 2. The projections: OUR `simulate` (Siddon, 256×256 pixels of 1.6 mm, sdd 1020, sad 850, full
#    circle). They are handed to plastimatch as its own drr output would be: PFM images (line
#    integrals in cm·μ, as plastimatch drr writes them: ours / 10) and its .txt geometry files, made by
#    `plastimatch drr -G` (geometry only) for the same orbit. Checked here once: plastimatch drr of the
#    same μ volume matches our simulate with NCC 0.999997 on every view, with plastimatch's gantry angle
#    = 270° − ours, so our orbit runs with --arc -360 and plastimatch's from 270° in +360/N steps.
#    (No plastimatch reader is duplicated here: the other direction, reading plastimatch .txt/PFM,
#    belongs to the geometry importers.)
# 3. Both reconstruct onto the truth's grid; wall-clock seconds of each whole command (start-up,
#    reading, filtering, backprojection, writing) on the same cores, back to back.
# 4. PSNR against the truth (data range: its max − min). plastimatch writes HU-like values, so its
#    volume is first mapped to the truth by the best affine fit (least squares a·x + b); ours is
#    scored as it is (μ in 1/mm) and, for reference, after the same fit.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-plastimatch-fdk}
JAR=${JAR:-target/diffdrr-cli.jar}
N=${VIEWS:-360}
HEAD=${HEAD_CT:-../shared/data/head-ct/head-ct.mha}
mkdir -p "$OUT/proj"
STEP=$(python3 -c "print(360.0/$N)")
java -jar "$JAR" simulate --volume "$HEAD" --hu mu --sdd 1020 --height 256 --delx 1.6 --views "$N" \
  --arc -360 --sad 850 --backend java --out "$OUT/p.mha" --poses-out "$OUT/p.csv" > /dev/null
plastimatch drr -G -a "$N" -N "$STEP" -y 270 --sad 850 --sid 1020 -r "256 256" -z "409.6 409.6" \
  -o "0 0 0" -O "$OUT/proj/image" "$HEAD" > /dev/null
python3 - "$OUT" "$HEAD" <<'PY'
import sys, re, zlib, numpy as np
out, head = sys.argv[1], sys.argv[2]
def mha(f):
    d = open(f, 'rb').read(); key = b'ElementDataFile = LOCAL\n'; i = d.index(key) + len(key)
    hdr = d[:i].decode(); dims = list(map(int, re.search(r'DimSize = ([\d ]+)', hdr).group(1).split()))
    raw = d[i:]
    if 'CompressedData = True' in hdr: raw = zlib.decompress(raw)
    dt = {'MET_FLOAT': '<f4', 'MET_SHORT': '<i2'}[re.search(r'ElementType = (\w+)', hdr).group(1)]
    return np.frombuffer(raw, dtype=dt).reshape(dims[::-1]).astype(np.float64)
p = mha(out + '/p.mha')
for k in range(p.shape[0]):
    a = np.ascontiguousarray(p[k] / 10, dtype='<f4')
    open(out + '/proj/image%04d.pfm' % k, 'wb').write(b'Pf\n%d %d\n-1\n' % (a.shape[1], a.shape[0]) + a.tobytes())
PY
t0=$(date +%s.%N)
java -jar "$JAR" reconstruct --projections "$OUT/p.mha" --poses "$OUT/p.csv" --sdd 1020 --delx 1.6 \
  --shape 256,256,108 --spacing 0.9570312,0.9570312,1.5 --algorithm fdk --backend java \
  --out "$OUT/ours.mha" > "$OUT/ours.log" 2>&1
t1=$(date +%s.%N)
plastimatch fdk -I "$OUT/proj" -O "$OUT/plastimatch.mha" -r "256 256 108" \
  -z "245.0000 245.0000 162.0" > "$OUT/plastimatch.log" 2>&1
t2=$(date +%s.%N)
python3 - "$OUT" "$HEAD" "$(python3 -c "print($t1-$t0)")" "$(python3 -c "print($t2-$t1)")" <<'PY'
import sys, re, zlib, numpy as np
out, head, ts_ours, ts_pl = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
def mha(f):
    d = open(f, 'rb').read(); m = re.search(rb'ElementDataFile = ([^\n]+)\n', d); i = m.end()
    hdr = d[:i].decode(); dims = list(map(int, re.search(r'DimSize = ([\d ]+)', hdr).group(1).split()))
    raw = d[i:]
    if 'CompressedData = True' in hdr: raw = zlib.decompress(raw)
    dt = {'MET_FLOAT': '<f4', 'MET_SHORT': '<i2'}[re.search(r'ElementType = (\w+)', hdr).group(1)]
    return np.frombuffer(raw, dtype=dt).reshape(dims[::-1]).astype(np.float64)
truth = np.clip(0.02 * (1 + mha(head) / 1000), 0, None)
rng = truth.max() - truth.min()
def psnr(x): return 10 * np.log10(rng ** 2 / np.mean((x - truth) ** 2))
def fitted(x):
    a, b = np.linalg.lstsq(np.stack([x.ravel(), np.ones(x.size)], 1), truth.ravel(), rcond=None)[0]
    return a * x + b, a, b
ours = mha(out + '/ours.mha'); pl = mha(out + '/plastimatch.mha')
pf, a, b = fitted(pl); of, _, _ = fitted(ours)
print('FDK of the head CT (256x256x108, mu), %s projections of 256x256, same cores, one run:' % (open(out + '/p.csv').read().count('\n') - 1))
print('  ours        PSNR %.2f dB (as is, 1/mm; %.2f dB after the best affine fit)  %.1f s wall' % (psnr(ours), psnr(of), ts_ours))
print('  plastimatch PSNR %.2f dB after the best affine fit to the truth (a=%.3g, b=%.3g)  %.1f s wall' % (psnr(pf), a, b, ts_pl))
PY
