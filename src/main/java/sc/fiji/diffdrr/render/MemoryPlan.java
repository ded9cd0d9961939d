package sc.fiji.diffdrr.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * What a run holds at its peak, item by item, and whether that fits — said before the heavy work
 * starts, so a run that cannot fit is refused with one line instead of failing hours later with
 * an OutOfMemoryError. Items are float arrays either on the Java heap ({@link #host}) or in the
 * backend's memory ({@link #backend}: the heap too for the Java backend, the device for OpenCL).
 */
public final class MemoryPlan {

  private static final class Item {
    final String what;
    final long bytes;
    final boolean onBackend;
    final boolean held;
    /** The largest single array of the item. */
    final long largest;

    Item(String what, long bytes, boolean onBackend, boolean held, long largest) {
      this.what = what;
      this.bytes = bytes;
      this.onBackend = onBackend;
      this.held = held;
      this.largest = largest;
    }
  }

  private final List<Item> items = new ArrayList<>();

  /** A host array the run will allocate. */
  public MemoryPlan host(String what, long floats) {
    return add(new Item(what, 4 * floats, false, false, 4 * floats));
  }

  /** A host array the command already holds (read before the plan is made). */
  public MemoryPlan held(String what, long floats) {
    return add(new Item(what, 4 * floats, false, true, 4 * floats));
  }

  /** An array in the backend's memory. */
  public MemoryPlan backend(String what, long floats) {
    return backend(what, 1, floats);
  }

  /** Several arrays of the same length in the backend's memory, as one item. */
  public MemoryPlan backend(String what, int arrays, long floatsEach) {
    return add(new Item(what, 4 * floatsEach * arrays, true, false, 4 * floatsEach));
  }

  public MemoryPlan add(MemoryPlan other) {
    items.addAll(other.items);
    return this;
  }

  /**
   * Adds the larger of two phases that never hold their arrays at the same time (a start volume
   * computed and released before the loop allocates its own): the peak sees only one of them.
   */
  public MemoryPlan addLargerOf(MemoryPlan first, MemoryPlan second) {
    return add(first.totalBytes() >= second.totalBytes() ? first : second);
  }

  private long totalBytes() {
    long sum = 0;
    for (Item i : items) sum += i.bytes;
    return sum;
  }

  private MemoryPlan add(Item item) {
    if (item.bytes > 0) items.add(item);
    return this;
  }

  /** Bytes on the Java heap at the peak; the backend's arrays count when they live there. */
  public long heapBytes(boolean backendOnHeap) {
    long sum = 0;
    for (Item i : items) if (!i.onBackend || backendOnHeap) sum += i.bytes;
    return sum;
  }

  /** Bytes of {@link #heapBytes} that are already allocated. */
  long heldBytes() {
    long sum = 0;
    for (Item i : items) if (i.held) sum += i.bytes;
    return sum;
  }

  /** Bytes in the backend's memory at the peak. */
  public long backendBytes() {
    long sum = 0;
    for (Item i : items) if (i.onBackend) sum += i.bytes;
    return sum;
  }

  /** The largest single backend array (an OpenCL device caps one allocation). */
  public long largestBackendArray() {
    long max = 0;
    for (Item i : items) if (i.onBackend) max = Math.max(max, i.largest);
    return max;
  }

  /**
   * "1.3 GiB on the heap (projections 360 MiB, volume 512 MiB, …)": what the log says on every
   * run. With the backend on the device, its part follows as "; 900 MiB on the device (…)".
   */
  public String describe(boolean backendOnHeap) {
    StringBuilder b = new StringBuilder();
    b.append(size(heapBytes(backendOnHeap))).append(" on the heap (").append(list(true, backendOnHeap))
        .append(')');
    if (!backendOnHeap && backendBytes() > 0) {
      b.append("; ").append(size(backendBytes())).append(" on the device (")
          .append(list(false, false)).append(')');
    }
    return b.toString();
  }

  private String list(boolean heap, boolean backendOnHeap) {
    List<String> parts = new ArrayList<>();
    for (Item i : items) {
      boolean here = heap ? (!i.onBackend || backendOnHeap) : i.onBackend;
      if (here) parts.add(i.what + " " + size(i.bytes));
    }
    return String.join(", ", parts);
  }

  /**
   * Checks the plan against the backend's room and the Java heap's, before the heavy work.
   *
   * @param advice what to change besides memory settings, e.g. "fewer views or a coarser grid"
   * @return the log line: "memory plan: 1.3 GiB on the heap (…) of at most 6.0 GiB"
   */
  public String check(Backend backend, String advice) {
    return check(backend, CLI_HEAP, advice);
  }

  /** How the CLI's user grows the heap to %d GiB. */
  public static final String CLI_HEAP = "run with -Xmx%1$dg (java -Xmx%1$dg -jar diffdrr-cli.jar …)";

  /**
   * @param heap how to grow the heap to %d GiB, in the words of the caller's shell (see
   *     {@link #CLI_HEAP})
   */
  public String check(Backend backend, String heap, String advice) {
    DeviceLimits device = backend.deviceLimits();
    boolean onHeap = device == null;
    Runtime rt = Runtime.getRuntime();
    long used = usedHeap(heapBytes(onHeap) - heldBytes());
    if (!"off".equals(System.getenv(SWITCH))) {
      requireHeap(onHeap, rt.maxMemory(), used, heap, advice);
      if (!onHeap) requireDevice(device.globalBytes, device.maxAllocationBytes, device.device, advice);
    }
    return "memory plan: " + describe(onHeap) + "; " + size(used) + " in use, heap at most "
        + size(rt.maxMemory()) + (onHeap ? "" : ", device " + size(device.globalBytes));
  }

  /**
   * Checks the plan's heap part alone, before any backend exists: e.g. the arrays of an input file
   * about to be read.
   */
  public void checkHeap(String heap, String advice) {
    long used = usedHeap(heapBytes(true) - heldBytes());
    if (!"off".equals(System.getenv(SWITCH))) {
      requireHeap(true, Runtime.getRuntime().maxMemory(), used, heap, advice);
    }
  }

  /** The heap in use; after a collection when {@code need} would not fit next to it. */
  private static long usedHeap(long need) {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    if (need > rt.maxMemory() - used) {
      System.gc(); // "used" counted garbage too; measure live data before refusing
      used = rt.totalMemory() - rt.freeMemory();
    }
    return used;
  }

  /**
   * The environment variable that turns the refusals off (set to "off"): for tests that measure
   * the real peak against the plan, and for users who know better.
   */
  public static final String SWITCH = "DIFFDRR_MEMORY_PLAN";

  /**
   * Refuses a run whose peak does not fit in what the Java heap has left.
   *
   * @param maxHeap the most the heap may grow to ({@link Runtime#maxMemory()})
   * @param usedHeap what the heap holds now (live data: measure after a collection)
   * @param heap how to grow the heap to %d GiB (see {@link #CLI_HEAP})
   * @param advice what to change besides -Xmx (e.g. "fewer views or a coarser grid")
   */
  public void requireHeap(boolean backendOnHeap, long maxHeap, long usedHeap, String heap,
      String advice) {
    long need = heapBytes(backendOnHeap) - heldBytes();
    long free = maxHeap - usedHeap;
    if (need > free) {
      long total = usedHeap + need;
      throw new IllegalArgumentException("not enough Java memory: this run needs about "
          + size(heapBytes(backendOnHeap)) + " (" + list(true, backendOnHeap) + ") and the heap "
          + "has " + size(free) + " free of at most " + size(maxHeap) + "; "
          + String.format(Locale.ROOT, heap, suggestedGiB(total)) + ", or " + advice);
    }
  }

  /**
   * Refuses a run whose backend arrays do not fit the OpenCL device: its global memory, or its
   * largest single allocation.
   */
  public void requireDevice(long globalBytes, long maxAllocationBytes, String device,
      String advice) {
    if (backendBytes() > globalBytes) {
      throw new IllegalArgumentException("not enough device memory on " + device + ": this run "
          + "needs about " + size(backendBytes()) + " (" + list(false, false) + ") and the device "
          + "has " + size(globalBytes) + "; use --backend java, or " + advice);
    }
    if (largestBackendArray() > maxAllocationBytes) {
      throw new IllegalArgumentException("an array of this run (" + size(largestBackendArray())
          + ") exceeds the largest allocation of " + device + " (" + size(maxAllocationBytes)
          + "); use --backend java, or " + advice);
    }
  }

  /** A whole number of GiB with a quarter to spare, at least 1. */
  private static long suggestedGiB(long bytes) {
    return Math.max(1, (long) Math.ceil(bytes * 1.25 / (1L << 30)));
  }

  /** "512 MiB", "1.3 GiB", "12 KiB". */
  public static String size(long bytes) {
    if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
    return String.format(Locale.ROOT, "%.0f KiB", Math.max(1, bytes / 1024.0));
  }
}
