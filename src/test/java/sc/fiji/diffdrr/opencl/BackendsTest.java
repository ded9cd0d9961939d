package sc.fiji.diffdrr.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import sc.fiji.diffdrr.render.Backend;

/** The backend chooser: kinds, fallbacks with one line of notice, and Fiji without clij-clearcl. */
class BackendsTest {

  @Test
  void javaIsJava() {
    List<String> notices = new ArrayList<>();
    try (Backend b = Backends.open("java", null, 2, notices::add)) {
      assertEquals("java (2 threads)", b.description());
    }
    assertTrue(notices.isEmpty(), notices.toString());
  }

  @Test
  void autoAndOpenClRunOnTheDeviceAndSaySo() {
    OpenClTestDevice.backend().close(); // skips or fails the test as the helper decides
    List<String> notices = new ArrayList<>();
    try (Backend b = Backends.open("auto", null, 2, notices::add);
        OpenClBackend own = OpenClBackend.open(null, n -> {})) {
      if (own.onOwnCpuDevice()) {
        // Only a CPU device (PoCL): auto prefers the Java backend and says why.
        assertEquals("java (2 threads)", b.description());
        assertTrue(notices.get(0).contains("is a CPU; choose the opencl backend to use it anyway"),
            notices.toString());
      } else {
        assertTrue(b instanceof OpenClBackend, b.description());
        assertEquals(List.of("backend: " + b.description()), notices);
      }
    }
    notices.clear();
    String name = Backends.devices(n -> {}).get(0).name;
    try (Backend b = Backends.open("auto", name, 2, notices::add)) {
      assertTrue(b instanceof OpenClBackend, "a device named is used: " + b.description());
    }
    notices.clear();
    try (Backend b = Backends.open(" OpenCL ", null, 2, notices::add)) {
      assertTrue(b.description().startsWith("opencl: "), b.description());
    }
    assertTrue(notices.isEmpty(), notices.toString());
  }

  /**
   * Inside Fiji the backend runs on CLIJ2's current context (here {@link StandInClij2}) and leaves
   * it open when closed, even on a CPU device (the user chose it in CLIJ2); a device name CLIJ2's device does not match gets a
   * context of our own, with a notice.
   */
  @Test
  void insideFijiClij2sContextIsUsedAndLeftOpen() {
    OpenClTestDevice.backend().close();
    String real = OpenClContexts.clij2ClassName;
    try (ContextLease own = OpenClContexts.acquire(null, n -> {})) {
      OpenClContexts.clij2ClassName = StandInClij2.class.getName();
      StandInClij2.context = own.context;
      List<String> notices = new ArrayList<>();
      try (OpenClBackend b = OpenClBackend.open(null, notices::add)) {
        assertTrue(b.context() == own.context, "CLIJ2's context is used");
      }
      assertTrue(notices.isEmpty(), notices.toString());
      try (Backend b = Backends.open("auto", null, 1, notices::add)) {
        assertTrue(b instanceof OpenClBackend, "CLIJ2's device is used by auto: " + b.description());
      }
      notices.clear();
      // still open: a buffer can be made on it
      own.context.createBuffer(net.haesleinhuepf.clij.coremem.enums.NativeTypeEnum.Float, 4)
          .close();
      try (OpenClBackend b = OpenClBackend.open("no-such-device-xyz", notices::add)) {
        throw new AssertionError("no device matches, yet " + b.description() + " opened");
      } catch (IllegalArgumentException expected) {
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).startsWith("CLIJ2 uses "), notices.get(0));
      }
    } finally {
      StandInClij2.context = null;
      OpenClContexts.clij2ClassName = real;
    }
  }

  @Test
  void devicesAreListed() {
    OpenClTestDevice.backend().close();
    List<DeviceInfo> devices = Backends.devices(n -> {});
    assertFalse(devices.isEmpty());
    DeviceInfo d = devices.get(0);
    assertTrue(d.globalMemoryBytes > 0 && d.maxAllocationBytes > 0, d.toString());
    assertEquals(5, d.row().length);
  }

  @Test
  void badKindsAndDeviceNamesAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Backends.open("cuda", null, 1, n -> {}));
    assertEquals("backend must be java, opencl or auto, got 'cuda'", e.getMessage());
    OpenClTestDevice.backend().close();
    e = assertThrows(IllegalArgumentException.class,
        () -> Backends.open("opencl", "no-such-device-xyz", 1, n -> {}));
    assertTrue(e.getMessage().startsWith("device must be part of an OpenCL device's name, got "
        + "'no-such-device-xyz'; devices here: "), e.getMessage());
  }

  /**
   * Fiji without the clij update site: clij-clearcl and JOCL are missing entirely. Loaded through
   * a class loader that cannot see them, the chooser falls back to Java with one notice line.
   */
  @Test
  void withoutClearClJavaTakesOver() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(classPathWithoutClearCl(),
        ClassLoader.getPlatformClassLoader())) {
      Class<?> backends = Class.forName(Backends.class.getName(), true, loader);
      Method open = backends.getMethod("open", String.class, String.class, int.class,
          Consumer.class);
      for (String kind : new String[] {"opencl", "auto"}) {
        List<String> notices = new ArrayList<>();
        AutoCloseable b = (AutoCloseable) open.invoke(null, kind, null, 1, (Consumer<String>)
            notices::add);
        String description = (String) b.getClass().getMethod("description").invoke(b);
        b.close();
        assertEquals("java (1 thread)", description);
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("clij-clearcl is not installed"), notices.get(0));
      }
      List<String> notices = new ArrayList<>();
      List<?> devices = (List<?>) backends.getMethod("devices", Consumer.class).invoke(null,
          (Consumer<String>) notices::add);
      assertTrue(devices.isEmpty());
      assertEquals(1, notices.size(), notices.toString());
    }
  }

  private static URL[] classPathWithoutClearCl() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (name.startsWith("clij-") || name.startsWith("jocl-")) continue;
      urls.add(new File(entry).toURI().toURL());
    }
    return urls.toArray(new URL[0]);
  }
}
