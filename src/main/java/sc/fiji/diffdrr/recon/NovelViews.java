package sc.fiji.diffdrr.recon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.Rotations;

/**
 * Views that were not used for fitting, to test a reconstruction where it was not trained: the
 * C-arm rotated about the isocentre's z axis between training views, and moved closer to the
 * patient — the seed's "10 mm closer" and "1° rotated" views.
 */
public final class NovelViews {

  /** A pose with a name for figures. */
  public static final class Labelled {
    public final String label;
    public final Pose pose;

    Labelled(String label, Pose pose) {
      this.label = label;
      this.pose = pose;
    }
  }

  private NovelViews() {}

  /** The C-arm of a pose turned by {@code degrees} about the world z axis (through the isocentre). */
  public static Pose rotatedAboutZ(Pose p, double degrees) {
    double[] rz = Rotations.axis('Z', Math.toRadians(degrees));
    double[] t = p.translation();
    return Pose.of(Rotations.multiply(rz, p.rotation()), t[0], t[1], t[2]);
  }

  /** The source (and detector with it) moved {@code mm} closer to the isocentre along its axis. */
  public static Pose closer(Pose p, double mm) {
    double[] t = p.translation();
    double d = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
    double f = d > mm ? (d - mm) / d : 0;
    return Pose.of(p.rotation(), t[0] * f, t[1] * f, t[2] * f);
  }

  /**
   * For one training view, the seed's pair (1° rotated, 10 mm closer); for several, up to
   * {@code count} views halfway (in angle about z) between training views spread over the list.
   */
  public static List<Labelled> around(List<Pose> training, int count) {
    List<Labelled> novel = new ArrayList<>();
    if (training.size() == 1) {
      novel.add(new Labelled("rotated 1°", rotatedAboutZ(training.get(0), 1)));
      novel.add(new Labelled("10 mm closer", closer(training.get(0), 10)));
      return novel;
    }
    double step = angleAboutZ(training.get(1)) - angleAboutZ(training.get(0));
    double half = Math.IEEEremainder(step, 360) / 2;
    if (Math.abs(half) < 1e-6) half = 1;
    for (int k = 0; k < Math.min(count, training.size()); k++) {
      int i = (int) ((long) k * training.size() / Math.min(count, training.size()));
      novel.add(new Labelled(String.format(Locale.ROOT, "view %d + %.3g°", i + 1, half),
          rotatedAboutZ(training.get(i), half)));
    }
    return novel;
  }

  /** The rotation angle about z (degrees) of a pose's source position. */
  static double angleAboutZ(Pose p) {
    double[] s = p.apply(0, 0, 0);
    return Math.toDegrees(Math.atan2(-s[0], s[1]));
  }
}
