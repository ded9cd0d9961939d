package sc.fiji.diffdrr.fiji;

/** How a Fiji user gives Fiji more memory, for the memory plan's refusals. */
final class FijiMemory {

  /** Grow the heap to %d GiB. */
  static final String HEAP = "give Fiji %d GB or more (Edit › Options › Memory & Threads…, then "
      + "restart Fiji)";

  private FijiMemory() {}
}
