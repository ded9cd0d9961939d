package sc.fiji.diffdrr.geometry;

/**
 * A number with its derivatives with respect to six inputs (forward-mode automatic
 * differentiation), enough to differentiate a pose parameterization exactly: value v and gradient
 * d[0..5]. Immutable; only the operations the parameterizations need.
 */
final class Jet {

  static final int N = 6;

  final double v;
  final double[] d;

  private Jet(double v, double[] d) {
    this.v = v;
    this.d = d;
  }

  static Jet constant(double v) {
    return new Jet(v, new double[N]);
  }

  /** Input k with value v (derivative 1 along k). */
  static Jet variable(double v, int k) {
    double[] d = new double[N];
    d[k] = 1;
    return new Jet(v, d);
  }

  Jet add(Jet o) {
    double[] r = new double[N];
    for (int i = 0; i < N; i++) r[i] = d[i] + o.d[i];
    return new Jet(v + o.v, r);
  }

  Jet sub(Jet o) {
    double[] r = new double[N];
    for (int i = 0; i < N; i++) r[i] = d[i] - o.d[i];
    return new Jet(v - o.v, r);
  }

  Jet mul(Jet o) {
    double[] r = new double[N];
    for (int i = 0; i < N; i++) r[i] = d[i] * o.v + v * o.d[i];
    return new Jet(v * o.v, r);
  }

  Jet scale(double s) {
    double[] r = new double[N];
    for (int i = 0; i < N; i++) r[i] = d[i] * s;
    return new Jet(v * s, r);
  }

  Jet plus(double c) {
    return new Jet(v + c, d.clone());
  }

  /** f(this) given f(v) and f'(v). */
  Jet chain(double fv, double dfv) {
    return new Jet(fv, scale(dfv).d);
  }

  Jet div(Jet o) {
    return mul(o.chain(1 / o.v, -1 / (o.v * o.v)));
  }

  Jet sin() {
    return chain(Math.sin(v), Math.cos(v));
  }

  Jet cos() {
    return chain(Math.cos(v), -Math.sin(v));
  }

  Jet sqrt() {
    double s = Math.sqrt(v);
    return chain(s, 0.5 / s);
  }
}
