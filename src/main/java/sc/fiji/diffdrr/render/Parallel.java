package sc.fiji.diffdrr.render;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import sc.fiji.diffdrr.Require;

/**
 * A small fixed pool of daemon threads, one per thread count and shared by everyone who asks for
 * that count, so no call creates threads. {@link #forEach} hands tasks out one at a time from an
 * atomic counter; the calling thread works too, so a pool of n threads runs n − 1 helpers plus the
 * caller, and a nested {@code forEach} from inside a task cannot deadlock (the caller can always
 * finish the job alone).
 */
public final class Parallel {

  private static final ConcurrentHashMap<Integer, Parallel> POOLS = new ConcurrentHashMap<>();

  private final int threads;
  private final ExecutorService helpers;

  private Parallel(int threads) {
    this.threads = threads;
    if (threads == 1) {
      helpers = null;
    } else {
      AtomicInteger serial = new AtomicInteger();
      helpers = Executors.newFixedThreadPool(threads - 1, r -> {
        Thread t = new Thread(r, "diffdrr-" + threads + "-" + serial.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }

  /** The pool of n threads (n ≥ 1), created on first use. */
  public static Parallel threads(int n) {
    Require.inRange("threads", n, 1, 4096);
    return POOLS.computeIfAbsent(n, Parallel::new);
  }

  /** One thread per available processor. */
  public static Parallel defaultThreads() {
    return threads(Runtime.getRuntime().availableProcessors());
  }

  public int threadCount() {
    return threads;
  }

  /**
   * Runs task(0 … taskCount − 1), each exactly once, and returns when all are done. If a task
   * throws, the tasks not yet started are skipped and the first exception is rethrown here.
   */
  public void forEach(int taskCount, IntConsumer task) {
    if (taskCount <= 0) return;
    if (helpers == null || taskCount == 1) {
      for (int i = 0; i < taskCount; i++) task.accept(i);
      return;
    }
    Job job = new Job(taskCount, task);
    int wanted = Math.min(threads - 1, taskCount - 1);
    for (int h = 0; h < wanted; h++) helpers.execute(job::work);
    job.work();
    job.await();
  }

  @Override
  public String toString() {
    return threads + (threads == 1 ? " thread" : " threads");
  }

  /** One forEach call: a task counter, a completion counter and the first failure. */
  private static final class Job {
    private final int count;
    private final IntConsumer task;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Throwable failure;

    Job(int count, IntConsumer task) {
      this.count = count;
      this.task = task;
    }

    void work() {
      for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
        try {
          if (failure == null) task.accept(i);
        } catch (Throwable t) {
          synchronized (this) {
            if (failure == null) failure = t;
          }
        } finally {
          if (done.incrementAndGet() == count) {
            synchronized (this) {
              notifyAll();
            }
          }
        }
      }
    }

    void await() {
      boolean interrupted = false;
      synchronized (this) {
        while (done.get() < count) {
          try {
            wait();
          } catch (InterruptedException e) {
            interrupted = true; // the helpers are still writing into the caller's arrays: wait on
          }
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      Throwable t = failure;
      if (t instanceof RuntimeException) throw (RuntimeException) t;
      if (t instanceof Error) throw (Error) t;
      if (t != null) throw new IllegalStateException(t);
    }
  }
}
