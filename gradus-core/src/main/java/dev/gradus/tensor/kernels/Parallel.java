package dev.gradus.tensor.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The one shared pool that large loops split across. Small loops, and loops started from inside the
 * pool, run on the calling thread: nested parallelism only adds hand-offs on a machine this size.
 *
 * <p>The thread count comes from {@code Gradus.setThreads(n)} or the system property
 * {@code gradus.threads}, defaulting to the available processors.
 */
public final class Parallel {

    /** A loop body over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = initialThreads();
    private static volatile ForkJoinPool pool;
    private static final java.util.concurrent.atomic.AtomicInteger WORKERS = new java.util.concurrent.atomic.AtomicInteger();

    private Parallel() {}

    private static int initialThreads() {
        String p = System.getProperty("gradus.threads");
        int n = Runtime.getRuntime().availableProcessors();
        if (p != null && !p.isBlank()) {
            try {
                n = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "system property gradus.threads: expected a positive integer, got '" + p + "'");
            }
            if (n < 1) throw new IllegalArgumentException(
                    "system property gradus.threads: expected a positive integer, got " + n);
        }
        return n;
    }

    public static int threads() {
        return threads;
    }

    /** Sets how many threads large loops use (1 = all work on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads: expected a positive integer, got " + n);
        if (n == threads) return;
        threads = n;
        ForkJoinPool old = pool;
        pool = null;
        if (old != null) old.shutdown();
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, pl -> {
                        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pl);
                        t.setName("gradus-" + WORKERS.getAndIncrement()); // the pool index is not set yet here
                        t.setDaemon(true);
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /** True when a loop of {@code work} scalar operations is worth splitting. */
    public static boolean worthSplitting(long work) {
        return threads > 1 && work >= 1L << 15 && !(Thread.currentThread() instanceof ForkJoinWorkerThread);
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most {@link #threads()} contiguous chunks
     * when {@code n * costPerIndex} is large enough, otherwise on the calling thread.
     */
    public static void forRange(int n, long costPerIndex, RangeBody body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(threads, n);
        if (chunks <= 1 || !worthSplitting(n * Math.max(1, costPerIndex))) {
            body.run(0, n);
            return;
        }
        forChunks(n, chunks, body);
    }

    /** Runs {@code body} over {@code [0, n)} in exactly {@code chunks} contiguous pieces, in parallel. */
    public static void forChunks(int n, int chunks, RangeBody body) {
        if (n <= 0) return;
        chunks = Math.max(1, Math.min(chunks, n));
        if (chunks == 1 || threads == 1 || Thread.currentThread() instanceof ForkJoinWorkerThread) {
            body.run(0, n);
            return;
        }
        pool().invoke(new Chunks(body, n, chunks, 0, chunks));
    }

    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final int n, chunks, lo, hi;

        Chunks(RangeBody body, int n, int chunks, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run((int) ((long) n * lo / chunks), (int) ((long) n * hi / chunks));
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, n, chunks, lo, mid), new Chunks(body, n, chunks, mid, hi));
        }
    }
}
