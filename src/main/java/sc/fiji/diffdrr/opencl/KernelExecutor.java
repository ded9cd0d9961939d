package sc.fiji.diffdrr.opencl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import net.haesleinhuepf.clij.clearcl.ClearCLBuffer;
import net.haesleinhuepf.clij.clearcl.ClearCLContext;
import net.haesleinhuepf.clij.clearcl.ClearCLKernel;
import net.haesleinhuepf.clij.clearcl.ClearCLProgram;
import net.haesleinhuepf.clij.clearcl.enums.BuildStatus;
import net.haesleinhuepf.clij.clearcl.util.CLKernelExecutor;

/**
 * Builds this package's kernels as CLIJ2 does, through clij-clearcl's {@link CLKernelExecutor}: its
 * program cache, its {@code IMAGE_k_TYPE} defines for buffer parameters, all math optimizations,
 * and size-independent compilation (one program per kernel file and constants, whatever the
 * sizes). The executor's own {@code enqueue} prints build and launch failures and returns null;
 * here a failed build throws {@link KernelBuildException} with the log, and {@link ClKernel} runs
 * the kernels so launch failures throw too.
 */
final class KernelExecutor extends CLKernelExecutor {

  private final ClearCLContext context;

  KernelExecutor(ClearCLContext context) {
    super(context);
    this.context = context;
    setAnchorClass(KernelExecutor.class);
    setImageSizeIndependentCompilation(true);
  }

  /**
   * A new kernel object for {@code kernel} in {@code file} (next to this class), compiled for the
   * parameter kinds in {@code args} and the compile-time {@code constants}; programs are cached.
   */
  ClearCLKernel build(String file, String kernel, Map<String, Object> args,
      Map<String, Object> constants) {
    Map<String, Object> defines = defines(args, constants);
    setProgramFilename(file);
    ClearCLKernel k;
    try {
      k = getKernel(context, kernel, defines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read OpenCL kernel " + file, e);
    }
    if (k == null) {
      throw new KernelBuildException(file, kernel, context.getDevice().getName(),
          buildLog(file, defines));
    }
    k.setLogExecutionTime(false);
    return k;
  }

  /** The defines CLKernelExecutor.enqueue would make, in size-independent mode. */
  private static Map<String, Object> defines(Map<String, Object> args,
      Map<String, Object> constants) {
    Map<String, Object> defines = new HashMap<>(constants);
    defines.put("MAX_ARRAY_SIZE", MAX_ARRAY_SIZE);
    for (Map.Entry<String, Object> e : args.entrySet()) {
      if (e.getValue() instanceof ClearCLBuffer) {
        ClearCLBuffer b = (ClearCLBuffer) e.getValue();
        getOpenCLDefines(defines, e.getKey(), b.getNativeType(), (int) b.getDimension());
      }
    }
    defines.put("GET_IMAGE_WIDTH(image_key)", "image_size_ ## image_key ## _width");
    defines.put("GET_IMAGE_HEIGHT(image_key)", "image_size_ ## image_key ## _height");
    defines.put("GET_IMAGE_DEPTH(image_key)", "image_size_ ## image_key ## _depth");
    return defines;
  }

  /** Builds the failed program once more, alone, to read its log (the executor hides it). */
  private String buildLog(String file, Map<String, Object> defines) {
    try (ClearCLProgram program = context.createProgram(KernelExecutor.class, file)) {
      for (Map.Entry<String, Object> e : defines.entrySet()) {
        if (e.getValue() instanceof Number) {
          program.addDefine(e.getKey(), (Number) e.getValue());
        } else {
          program.addDefine(e.getKey(), String.valueOf(e.getValue()));
        }
      }
      program.addBuildOptionAllMathOpt();
      BuildStatus status = program.build();
      String log = program.getBuildLog();
      return log.isEmpty() ? "(empty build log; build status " + status + ")" : log;
    } catch (Exception e) {
      return "(no build log: " + e + ")";
    }
  }
}
