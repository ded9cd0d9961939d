package sc.fiji.diffdrr.register;

import java.util.List;

import sc.fiji.diffdrr.geometry.Pose;

/** What a registration produced: the pose, and the history behind it. */
public final class RegistrationResult {

  public final Pose pose;
  public final Pose start;
  /** Per iteration (all levels in order): the global NCC before the step (mean over views). */
  public final double[] ncc;
  /** Per iteration: the objective before the step (−similarity or the distance). */
  public final double[] objective;
  /** Per iteration: the level's detector factor. */
  public final int[] scale;
  /** Per iteration: the pose before the step. */
  public final List<Pose> trajectory;
  public final int iterations;
  /** Objective evaluations (a DRR and a pose gradient per view each), restarts included. */
  public final int evaluations;
  public final int restartsTried;
  /** Global NCC at the final pose, full resolution, mean over the views. */
  public final double finalNcc;
  public final boolean canceled;
  public final double seconds;
  public final String backend;
  public final String settings;
  /** Per level: detector factor, seconds, objective evaluations. */
  public final int[] levelScales;
  public final double[] levelSeconds;
  public final int[] levelEvaluations;

  RegistrationResult(Pose pose, Pose start, double[] ncc, double[] objective, int[] scale,
      List<Pose> trajectory, int evaluations, int restartsTried, double finalNcc,
      boolean canceled, double seconds, String backend, String settings, int[] levelScales,
      double[] levelSeconds, int[] levelEvaluations) {
    this.levelScales = levelScales;
    this.levelSeconds = levelSeconds;
    this.levelEvaluations = levelEvaluations;
    this.pose = pose;
    this.start = start;
    this.ncc = ncc;
    this.objective = objective;
    this.scale = scale;
    this.trajectory = trajectory;
    this.iterations = ncc.length;
    this.evaluations = evaluations;
    this.restartsTried = restartsTried;
    this.finalNcc = finalNcc;
    this.canceled = canceled;
    this.seconds = seconds;
    this.backend = backend;
    this.settings = settings;
  }
}
