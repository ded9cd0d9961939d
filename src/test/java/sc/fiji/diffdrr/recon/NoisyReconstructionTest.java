package sc.fiji.diffdrr.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.geometry.Detector;
import sc.fiji.diffdrr.geometry.Orbit;
import sc.fiji.diffdrr.geometry.Orientation;
import sc.fiji.diffdrr.geometry.Pose;
import sc.fiji.diffdrr.geometry.View;
import sc.fiji.diffdrr.io.IntensityCalibration;
import sc.fiji.diffdrr.io.PhotonNoise;
import sc.fiji.diffdrr.io.ProjectionStack;
import sc.fiji.diffdrr.render.DrrRenderer;
import sc.fiji.diffdrr.render.ImageLoss;
import sc.fiji.diffdrr.render.JavaBackend;
import sc.fiji.diffdrr.render.ProjectorSettings;
import sc.fiji.diffdrr.volume.SheppLogan;
import sc.fiji.diffdrr.volume.Volume;

/** The recipe for measured intensities: Poisson weights, TV scaled to the noise, beating plain MSE. */
class NoisyReconstructionTest {

  private static final int SIZE = 32, PIXELS = 48;
  private final JavaBackend backend = new JavaBackend(2);
  private final Volume phantom = waterLike(SheppLogan.create(SIZE, 8));
  private final Detector detector = new Detector(1020, PIXELS, 8.0);

  /** The phantom scaled to water-like μ: max 0.02/mm. */
  private static Volume waterLike(Volume v) {
    float[] d = v.data().clone();
    for (int i = 0; i < d.length; i++) d[i] *= 0.02f;
    return new Volume(v.grid, d);
  }

  private ReconstructionProblem noisy(double photons, long seed) {
    List<View> views = new ArrayList<>();
    for (Pose p : Orbit.circular(24, 360, 0, 850)) views.add(detector.view(p, Orientation.AP));
    float[] lines = DrrRenderer.render(backend, phantom, views, ProjectorSettings.siddon());
    float[] counts = new PhotonNoise(photons, 0, seed).sample(lines);
    IntensityCalibration.Conversion c = IntensityCalibration.incidentPhotons(photons, PIXELS, PIXELS)
        .toLineIntegrals(new ProjectionStack(counts, PIXELS, PIXELS, views.size(), 8, 8));
    return new ReconstructionProblem(phantom.grid, views, c.lineIntegrals.data,
        ProjectorSettings.siddon(), StatisticalWeights.poisson(c.counts, c.lineIntegrals.data, 0));
  }

  @Test
  void weightsAreInverseVariancesOfMeanOneThroughTheObject() {
    // 1000 photons: air (p = 0, 1000 counts), and two object pixels of p = 1 and 2
    float[] p = {0, 1, 2};
    float[] c = {1000, (float) (1000 * Math.exp(-1)), (float) (1000 * Math.exp(-2))};
    StatisticalWeights w = StatisticalWeights.poisson(c, p, 0);
    double objectMean = (c[1] * 1 + c[2] * 2) / 3.0;
    assertEquals(c[0] / objectMean, w.weights[0], 1e-5);
    assertEquals(c[2] / objectMean, w.weights[2], 1e-5);
    assertEquals(1, (w.weights[1] * 1 + w.weights[2] * 2) / 3, 1e-6);
    assertEquals(1 / objectMean, w.unitVariance, 1e-9);
    // readout noise σ = 10 counts: var(p) = (c + σ²)/c²; nothing in the way: the plain mean
    StatisticalWeights r = StatisticalWeights.poisson(new float[] {100, 100}, new float[2], 10);
    assertEquals(1, r.weights[0], 1e-6);
    assertEquals(200 / 1e4, r.unitVariance, 1e-9);
  }

  @Test
  void theAutoRecipeWeighsIntensitiesAndScalesTvToTheNoise() {
    ReconstructionProblem many = noisy(1e5, 1), few = noisy(1e3, 1);
    ReconstructionProblem plain = new ReconstructionProblem(many.grid, many.views, many.targets,
        many.projector);
    ReconstructionSettings p = AutoRecipe.forProblem(plain);
    ReconstructionSettings m = AutoRecipe.forProblem(many), f = AutoRecipe.forProblem(few);
    assertEquals(ImageLoss.MSE, p.loss());
    assertEquals(ImageLoss.WLS, m.loss());
    assertEquals(ImageLoss.WLS, f.loss());
    // the noise's share of the TV weight grows as the photons' variance: 100× fewer, ≈ 100× more
    double noiseMany = m.tvWeight() - p.tvWeight(), noiseFew = f.tvWeight() - p.tvWeight();
    assertTrue(noiseMany > 0, "some TV for the noise at 1e5 photons");
    double ratio = noiseFew / noiseMany, variances = few.weights.unitVariance / many.weights.unitVariance;
    assertEquals(variances, ratio, 0.02 * variances);
    assertTrue(variances > 80 && variances < 120, "unit variance ratio " + variances);
  }

  /**
   * 1000 photons per pixel through the phantom (line integrals up to 1.4): the intensity recipe
   * (WLS + noise-scaled TV) against plain MSE (the line-integral recipe) on the same noisy data.
   */
  @Test
  void theIntensityRecipeBeatsPlainMseOnNoisyData() {
    ReconstructionProblem data = noisy(1e3, 3);
    ReconstructionProblem asLineIntegrals = new ReconstructionProblem(data.grid, data.views,
        data.targets, data.projector);
    Reconstructor r = new Reconstructor(backend);
    double range = 0.02;
    Volume wls = r.run(data, AutoRecipe.forProblem(data), ProgressListener.NONE).volume;
    Volume mse = r.run(asLineIntegrals, AutoRecipe.forProblem(asLineIntegrals), ProgressListener.NONE).volume;
    double psnrWls = Metrics.psnr(phantom.data(), wls.data(), range);
    double psnrMse = Metrics.psnr(phantom.data(), mse.data(), range);
    double ssimWls = Metrics.ssim(phantom.data(), wls.data(), phantom.grid, range);
    double ssimMse = Metrics.ssim(phantom.data(), mse.data(), phantom.grid, range);
    System.out.printf("1e3 photons, 32³, 24 views: intensity recipe PSNR %.2f dB SSIM %.4f, plain MSE %.2f dB %.4f%n",
        psnrWls, ssimWls, psnrMse, ssimMse);
    assertTrue(psnrWls > psnrMse + 1, "PSNR: intensity recipe " + psnrWls + " vs MSE " + psnrMse);
    assertTrue(ssimWls > ssimMse, "SSIM: intensity recipe " + ssimWls + " vs MSE " + ssimMse);
  }
}
