package sc.fiji.diffdrr.register;

import java.util.Arrays;
import java.util.List;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.io.VolumeFiles;
import sc.fiji.diffdrr.io.LoadedVolume;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.testutil.Reference;
import sc.fiji.diffdrr.volume.Volume;

/** Development driver (not a test): java ... StudyMain recipe deg mm starts [views]. */
public final class StudyMain {
  public static void main(String[] args) throws Exception {
    LoadedVolume lv = VolumeFiles.read(Reference.headCt().resolve("head-ct.mha"));
    Volume v = lv.defaultHu().apply(lv.volume, 1.0, sc.fiji.diffdrr.volume.HuConversion.DEFAULT_MU_WATER)
        .withPlacement(null);
    RegistrationSettings s = RegistrationSettings.of(RegistrationSettings.Recipe.parse(args[0]));
    int views = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    int size = args.length > 5 ? Integer.parseInt(args[5]) : 100;
    Detector d = new Detector(1020, size, 400.0 / size);
    try (JavaBackend b = new JavaBackend()) {
      List<SuccessStudy.Row> rows = SuccessStudy.run(b, v, d, views == 2 ? SuccessStudy.biplane() : Rig.single(),
          ProjectorSettings.siddon(), s,
          Arrays.asList(new SuccessStudy.Level(Double.parseDouble(args[1]), Double.parseDouble(args[2]))),
          Integer.parseInt(args[3]), 1, 1, 3, System.out::println);
      if (args.length > 6) {
        RegistrationResult r = new Registration(b).run(new RegistrationProblem(v, d, sc.fiji.diffdrr.geometry.Orientation.AP, Rig.single(),
            new Registration(b).render(new RegistrationProblem(v, d, null, null, java.util.List.of(new float[d.pixelCount()]), null), SuccessStudy.truth()), null),
            s, SuccessStudy.start(SuccessStudy.truth(), new SuccessStudy.Level(10, 20), new java.util.Random(3)), null);
        System.out.println(Arrays.toString(r.levelScales) + " " + Arrays.toString(r.levelSeconds) + " " + Arrays.toString(r.levelEvaluations));
      }
      for (SuccessStudy.Row r : rows) System.out.println(r.level + " " + r.successes + "/" + r.runs
          + " med rot " + r.medianRotation + " tr " + r.medianTranslation + " it " + r.medianIterations + " s " + r.medianSeconds);
    }
  }
}
