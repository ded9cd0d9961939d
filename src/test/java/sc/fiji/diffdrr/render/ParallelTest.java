package sc.fiji.diffdrr.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ParallelTest {

  @Test
  void runsEveryTaskExactlyOnce() {
    for (int threads : new int[] {1, 2, 3, 8}) {
      Parallel p = Parallel.threads(threads);
      for (int count : new int[] {0, 1, 2, 7, 1000}) {
        AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
        p.forEach(count, runs::incrementAndGet);
        for (int i = 0; i < count; i++) assertEquals(1, runs.get(i), "task " + i);
      }
    }
  }

  @Test
  void poolsAreSharedAndUseSeveralThreads() {
    assertSame(Parallel.threads(3), Parallel.threads(3));
    assertEquals(Runtime.getRuntime().availableProcessors(),
        Parallel.defaultThreads().threadCount());
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    Parallel.threads(3).forEach(64, i -> {
      seen.add(Thread.currentThread());
      sleep(2);
    });
    assertTrue(seen.size() >= 2, "tasks ran on " + seen.size() + " thread(s)");
    for (Thread t : seen) {
      assertTrue(t == Thread.currentThread() || t.isDaemon(), t.getName() + " is not a daemon");
    }
  }

  @Test
  void rethrowsATasksExceptionAndStaysUsable() {
    Parallel p = Parallel.threads(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(50, i -> {
      if (i == 17) throw new IllegalStateException("task 17 failed");
    }));
    assertEquals("task 17 failed", e.getMessage());
    AtomicIntegerArray runs = new AtomicIntegerArray(10);
    p.forEach(10, runs::incrementAndGet);
    for (int i = 0; i < 10; i++) assertEquals(1, runs.get(i));
  }

  @Test
  void nestedCallsFinish() {
    Parallel p = Parallel.threads(2);
    AtomicIntegerArray runs = new AtomicIntegerArray(8 * 8);
    p.forEach(8, i -> p.forEach(8, j -> runs.incrementAndGet(8 * i + j)));
    for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i));
  }

  @Test
  void rejectsBadThreadCounts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Parallel.threads(0));
    assertTrue(e.getMessage().startsWith("threads must be"), e.getMessage());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
