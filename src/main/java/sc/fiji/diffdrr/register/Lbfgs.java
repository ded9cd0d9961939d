package sc.fiji.diffdrr.register;

import java.util.ArrayList;
import java.util.List;

/**
 * torch.optim.LBFGS (defaults: history 100, tolerance_grad 1e-7, tolerance_change 1e-9,
 * max_eval = 1.25·max_iter), optionally with its strong-Wolfe line search (c₁ 1e-4, c₂ 0.9,
 * 25 trials, cubic interpolation), ported step for step. One {@link #step} is one call of torch's
 * step(closure): up to maxIter quasi-Newton iterations. Per-parameter scales s make the search
 * run in z = p/s (a diagonal preconditioner: rotation and translation in comparable units);
 * s = 1 is torch's LBFGS.
 */
public final class Lbfgs implements PoseOptimizer {

  private static final double TOLERANCE_GRAD = 1e-7;
  private static final double TOLERANCE_CHANGE = 1e-9;
  private static final int HISTORY = 100;

  private final double lr;
  private final int maxIter;
  private final int maxEval;
  private final boolean strongWolfe;
  private final double[] scale;
  private int evaluations;

  // state between steps, in z
  private int nIter;
  private double[] d, prevGrad;
  private double t, hDiag = 1, prevLoss;
  private final List<double[]> oldDirs = new ArrayList<>(), oldSteps = new ArrayList<>();
  private final List<Double> ro = new ArrayList<>();

  public Lbfgs(double lr, int maxIter, boolean strongWolfe, double[] scale) {
    this.lr = sc.fiji.diffdrr.Require.positive("lbfgs learning rate", lr, null);
    this.maxIter = sc.fiji.diffdrr.Require.inRange("lbfgs inner iterations", maxIter, 1, 1000);
    this.maxEval = maxIter * 5 / 4;
    this.strongWolfe = strongWolfe;
    this.scale = Learning.rates(scale);
  }

  @Override public int evaluations() { return evaluations; }

  @Override
  public String describe() {
    return "lbfgs (lr " + lr + ", " + maxIter + " inner iterations" + (strongWolfe ? ", strong Wolfe" : "")
        + ", scales " + java.util.Arrays.toString(scale) + ")";
  }

  /** f and ∂f/∂z at z. */
  private double eval(Objective f, double[] z, double[] gz) {
    int n = z.length;
    double[] p = new double[n], gp = new double[n];
    for (int i = 0; i < n; i++) p[i] = z[i] * scale[i];
    double v = f.evaluate(p, gp);
    for (int i = 0; i < n; i++) gz[i] = gp[i] * scale[i];
    evaluations++;
    return v;
  }

  @Override
  public double step(double[] p, Objective f) {
    int n = p.length;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = p[i] / scale[i];
    double[] g = new double[n];
    double origLoss = eval(f, x, g);
    double loss = origLoss;
    int currentEvals = 1;
    if (maxAbs(g) <= TOLERANCE_GRAD) return origLoss;
    int inner = 0;
    while (inner < maxIter) {
      inner++;
      nIter++;
      if (nIter == 1) {
        d = negate(g);
        oldDirs.clear();
        oldSteps.clear();
        ro.clear();
        hDiag = 1;
      } else {
        double[] y = new double[n], s = new double[n];
        for (int i = 0; i < n; i++) {
          y[i] = g[i] - prevGrad[i];
          s[i] = d[i] * t;
        }
        double ys = dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs.size() == HISTORY) {
            oldDirs.remove(0);
            oldSteps.remove(0);
            ro.remove(0);
          }
          oldDirs.add(y);
          oldSteps.add(s);
          ro.add(1 / ys);
          hDiag = ys / dot(y, y);
        }
        int k = oldDirs.size();
        double[] al = new double[k];
        double[] q = negate(g);
        for (int i = k - 1; i >= 0; i--) {
          al[i] = dot(oldSteps.get(i), q) * ro.get(i);
          axpy(-al[i], oldDirs.get(i), q);
        }
        for (int i = 0; i < n; i++) q[i] *= hDiag;
        for (int i = 0; i < k; i++) {
          double be = dot(oldDirs.get(i), q) * ro.get(i);
          axpy(al[i] - be, oldSteps.get(i), q);
        }
        d = q;
      }
      prevGrad = g.clone();
      prevLoss = loss;
      t = nIter == 1 ? Math.min(1, 1 / sumAbs(g)) * lr : lr;
      double gtd = dot(g, d);
      if (gtd > -TOLERANCE_CHANGE) break;
      int lsEvals;
      boolean optCond = false;
      if (strongWolfe) {
        double[] out = new double[n];
        double[] res = strongWolfe(f, x, t, d, loss, g, gtd, out);
        loss = res[0];
        t = res[1];
        lsEvals = (int) res[2];
        g = out;
        axpy(t, d, x);
        optCond = maxAbs(g) <= TOLERANCE_GRAD;
      } else {
        axpy(t, d, x);
        lsEvals = 0;
        if (inner != maxIter) {
          loss = eval(f, x, g);
          optCond = maxAbs(g) <= TOLERANCE_GRAD;
          lsEvals = 1;
        }
      }
      currentEvals += lsEvals;
      if (inner == maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (maxAbs(d) * Math.abs(t) <= TOLERANCE_CHANGE) break;
      if (Math.abs(loss - prevLoss) < TOLERANCE_CHANGE) break;
    }
    for (int i = 0; i < n; i++) p[i] = x[i] * scale[i];
    return origLoss;
  }

  /** torch's _strong_wolfe: returns {f, t, evaluations}; the gradient at the result into gOut. */
  private double[] strongWolfe(Objective f, double[] x, double t, double[] d, double f0, double[] g0,
      double gtd0, double[] gOut) {
    final double c1 = 1e-4, c2 = 0.9;
    final int maxLs = 25;
    int n = x.length;
    double dNorm = maxAbs(d);
    double[] gNew = new double[n];
    double fNew = eval(f, at(x, t, d), gNew);
    int evals = 1;
    double gtdNew = dot(gNew, d);
    double tPrev = 0, fPrev = f0, gtdPrev = gtd0;
    double[] gPrev = g0.clone();
    boolean done = false;
    int lsIter = 0;
    double[] bt = null, bf = null, bgtd = null;
    double[][] bg = null;
    while (lsIter < maxLs) {
      if (fNew > f0 + c1 * t * gtd0 || (lsIter > 1 && fNew >= fPrev)) {
        bt = new double[] {tPrev, t};
        bf = new double[] {fPrev, fNew};
        bg = new double[][] {gPrev, gNew.clone()};
        bgtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= -c2 * gtd0) {
        bt = new double[] {t};
        bf = new double[] {fNew};
        bg = new double[][] {gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bt = new double[] {tPrev, t};
        bf = new double[] {fPrev, fNew};
        bg = new double[][] {gPrev, gNew.clone()};
        bgtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      double minStep = t + 0.01 * (t - tPrev);
      double maxStep = t * 10;
      double tmp = t;
      t = cubic(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew.clone();
      gtdPrev = gtdNew;
      fNew = eval(f, at(x, t, d), gNew);
      evals++;
      gtdNew = dot(gNew, d);
      lsIter++;
    }
    if (lsIter == maxLs) {
      bt = new double[] {0, t};
      bf = new double[] {f0, fNew};
      bg = new double[][] {g0, gNew.clone()};
      bgtd = new double[] {gtd0, gtdNew};
    }
    boolean insufProgress = false;
    int low = bf[0] <= bf[bf.length - 1] ? 0 : 1, high = 1 - low;
    while (!done && lsIter < maxLs) {
      if (Math.abs(bt[1] - bt[0]) * dNorm < TOLERANCE_CHANGE) break;
      t = cubic(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], Math.min(bt[0], bt[1]),
          Math.max(bt[0], bt[1]));
      double hi = Math.max(bt[0], bt[1]), lo = Math.min(bt[0], bt[1]);
      double eps = 0.1 * (hi - lo);
      if (Math.min(hi - t, t - lo) < eps) {
        if (insufProgress || t >= hi || t <= lo) {
          t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
          insufProgress = false;
        } else {
          insufProgress = true;
        }
      } else {
        insufProgress = false;
      }
      fNew = eval(f, at(x, t, d), gNew);
      evals++;
      gtdNew = dot(gNew, d);
      lsIter++;
      if (fNew > f0 + c1 * t * gtd0 || fNew >= bf[low]) {
        bt[high] = t;
        bf[high] = fNew;
        bg[high] = gNew.clone();
        bgtd[high] = gtdNew;
        low = bf[0] <= bf[1] ? 0 : 1;
        high = 1 - low;
      } else {
        if (Math.abs(gtdNew) <= -c2 * gtd0) {
          done = true;
        } else if (gtdNew * (bt[high] - bt[low]) >= 0) {
          bt[high] = bt[low];
          bf[high] = bf[low];
          bg[high] = bg[low];
          bgtd[high] = bgtd[low];
        }
        bt[low] = t;
        bf[low] = fNew;
        bg[low] = gNew.clone();
        bgtd[low] = gtdNew;
      }
    }
    System.arraycopy(bg[low], 0, gOut, 0, n);
    return new double[] {bf[low], bt[low], evals};
  }

  /** torch's _cubic_interpolate: the minimiser of the cubic through two points, in bounds. */
  static double cubic(double x1, double f1, double g1, double x2, double f2, double g2,
      double lo, double hi) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2sq = d1 * d1 - g1 * g2;
    if (d2sq >= 0) {
      double d2 = Math.sqrt(d2sq);
      double pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return Math.min(Math.max(pos, lo), hi);
    }
    return (lo + hi) / 2;
  }

  private static double[] at(double[] x, double t, double[] d) {
    double[] y = x.clone();
    axpy(t, d, y);
    return y;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
  }

  private static double[] negate(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) r[i] = -a[i];
    return r;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) m = Math.max(m, Math.abs(v));
    return m;
  }

  private static double sumAbs(double[] a) {
    double m = 0;
    for (double v : a) m += Math.abs(v);
    return m;
  }
}
