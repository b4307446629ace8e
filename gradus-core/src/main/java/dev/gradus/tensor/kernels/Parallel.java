package dev.gradus.tensor.kernels;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one shared team of threads that large loops split across. Small loops, and loops started
 * from inside a parallel loop, run on the calling thread: nested parallelism only adds hand-offs on
 * a machine this size.
 *
 * <p>The team is {@code threads - 1} daemon workers plus the calling thread, which runs chunks too.
 * Workers spin briefly between loops before they park: a training step runs dozens of parallel
 * loops of 0.05-5 ms with serial gaps of microseconds between them, and a ForkJoinPool hand-off
 * (waking a parked worker per loop, the caller waiting idle) cost 15-25 us each. One loop runs at a
 * time; a second thread that starts one meanwhile runs it alone.
 *
 * <p>Chunk {@code p} of a loop is first offered to participant {@code p} (the caller is 0, worker
 * {@code i} is {@code i}): a loop split the same way call after call then hands each thread the same
 * memory, which stays in that core's cache. A batch-1 MLP's weights (2.7 MB) fit the two cores' L2
 * caches only when each core reads its own half every call. A participant with no chunk of its own
 * left takes any unclaimed one, so a worker that is slow to wake delays nothing.
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
    private static volatile Team team;
    /** How long an idle worker spins for the next loop before it parks. */
    private static final long SPIN_NANOS = 100_000;

    /** Threads inside {@link #serially}: every loop they start runs inline. */
    private static final ThreadLocal<int[]> SERIAL = ThreadLocal.withInitial(() -> new int[1]);

    private Parallel() {}

    /**
     * Runs {@code body} with every parallel loop it starts on this thread run inline, as with one
     * thread. Data-parallel replicas run this way: each replica's arithmetic is then the same
     * whether the replicas run side by side on the team or one after another, so a run's bits do
     * not depend on the thread count.
     */
    public static <T> T serially(java.util.function.Supplier<T> body) {
        int[] depth = SERIAL.get();
        depth[0]++;
        try {
            return body.get();
        } finally {
            depth[0]--;
        }
    }

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
        Team old = team;
        team = null;
        if (old != null) old.shutdown();
    }

    private static Team team() {
        Team t = team;
        if (t == null) {
            synchronized (Parallel.class) {
                t = team;
                if (t == null) {
                    t = new Team(threads - 1);
                    team = t;
                }
            }
        }
        return t;
    }

    /** True when a loop of {@code work} scalar operations is worth splitting. */
    public static boolean worthSplitting(long work) {
        return threads > 1 && work >= 1L << 15 && !inLoop();
    }

    /** True on a team worker, or on a thread that is running a parallel loop: a loop started here runs inline. */
    public static boolean inLoop() {
        if (Thread.currentThread() instanceof Worker) return true;
        if (SERIAL.get()[0] > 0) return true;
        Team t = team;
        return t != null && t.lock.isHeldByCurrentThread();
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

    /**
     * Runs {@code body} over {@code [0, n)} in exactly {@code chunks} contiguous pieces, in parallel;
     * piece {@code p} is {@code [n*p/chunks, n*(p+1)/chunks)} whichever thread runs it.
     */
    public static void forChunks(int n, int chunks, RangeBody body) {
        if (n <= 0) return;
        chunks = Math.max(1, Math.min(chunks, n));
        if (chunks == 1 || threads == 1 || inLoop()) {
            inOrder(n, chunks, body);
            return;
        }
        Team t = team();
        if (!t.lock.tryLock()) { // another thread's loop holds the team
            inOrder(n, chunks, body);
            return;
        }
        try {
            t.run(n, chunks, body);
        } finally {
            t.lock.unlock();
        }
    }

    /**
     * The same pieces on the calling thread, one after another. Bodies that keep a partial result per
     * piece (a sum per chunk) then give the same bits as a parallel run; running {@code [0, n)} as one
     * piece instead made the result depend on whether another thread held the team (issue #18).
     */
    private static void inOrder(int n, int chunks, RangeBody body) {
        for (int p = 0; p < chunks; p++) body.run((int) ((long) n * p / chunks), (int) ((long) n * (p + 1) / chunks));
    }

    /**
     * The chunk participant {@code self} claims next, given the set of claimed chunks (bit {@code c} for chunk
     * {@code c}) of a loop of {@code count <= 31} chunks: its own chunk while unclaimed, else the lowest
     * unclaimed one; -1 when every chunk is claimed.
     */
    static int ownFirst(int claimed, int count, int self) {
        int free = ~claimed & ((1 << count) - 1);
        if (free == 0) return -1;
        return self < count && (free & (1 << self)) != 0 ? self : Integer.numberOfTrailingZeros(free);
    }

    /**
     * The workers and the loop they share. Chunks are claimed through one ticket: (loop number << 32) and, in
     * its low 32 bits, the set of claimed chunks (loops of at most {@link #OWNED_CHUNKS} chunks, where each
     * participant first claims the chunk of its own number) or the next chunk to hand out (larger loops).
     */
    private static final class Team {
        /** Loops of at most this many chunks keep one claimed bit per chunk, so that each participant can take its own. */
        static final int OWNED_CHUNKS = 31;
        /** The low half of a finished loop's ticket: every chunk claimed, in both forms. */
        static final long SPENT = 0xFFFF_FFFFL;
        /**
         * Where the two counters live in {@link #lines}: 128 bytes apart and away from the array's header, so
         * that the ticket, which the caller writes, and the workers' count, which they write, never share a cache
         * line (or the pair the prefetcher fetches together). As two fields of one object they did, and each loop
         * moved the line between the cores several times.
         */
        static final int TICKET = 16, WORKER_DONE = 32;
        final ReentrantLock lock = new ReentrantLock();
        final Worker[] workers;
        final AtomicLongArray lines = new AtomicLongArray(48);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean shutdown;
        int loop; // written by the lock holder only
        long workerDoneSeen; // the workers' chunk count when the last loop ended; the lock holder's only
        // the running loop, written before the ticket that publishes it; chunks is volatile and the
        // finished loop's ticket is spent (see run) before it changes, so a worker that read the old
        // ticket and then the new count can never claim a chunk with that stale ticket
        RangeBody body;
        int n;
        volatile int chunks;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, "gradus-" + (i + 1), i + 1);
                workers[i].start();
            }
        }

        long ticket() {
            return lines.get(TICKET);
        }

        /**
         * Runs the loop: the ticket is published with chunk 0 already the caller's (its own chunk, claimed without
         * a second write to the ticket's line), the caller runs it and claims more like any participant, then waits
         * until the workers have finished the chunks they claimed. Workers only ever add to their own count, which
         * the caller reads, so the count's line moves to the caller once per loop.
         */
        void run(int n, int chunks, RangeBody body) {
            int number = ++loop;
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            lines.set(TICKET, ((long) number << 32) | 1L); // chunk 0 claimed, in both forms
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w);
            int mine = 1;
            runChunk(0);
            for (int c; (c = claim(number, 0)) >= 0; mine++) runChunk(c);
            long target = workerDoneSeen + (chunks - mine); // every chunk is claimed now
            for (long spins = 0; lines.get(WORKER_DONE) < target; spins++) {
                if (spins < 1 << 16) Thread.onSpinWait();
                else Thread.yield(); // a long chunk on a worker: leave the core to others
            }
            workerDoneSeen = target;
            lines.set(TICKET, ((long) number << 32) | SPENT); // no claim succeeds on this loop's tickets now
            this.body = null;
            Throwable f = failure.get();
            if (f == null) return;
            failure.set(null);
            if (f instanceof RuntimeException) throw (RuntimeException) f;
            if (f instanceof Error) throw (Error) f;
            throw new IllegalStateException(f);
        }

        private void runChunk(int c) {
            try {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Runs chunks of loop {@code number} for worker {@code self} until none are left unclaimed. */
        void work(int number, int self) {
            for (int c; (c = claim(number, self)) >= 0; ) {
                try {
                    runChunk(c);
                } finally {
                    lines.incrementAndGet(WORKER_DONE);
                }
            }
        }

        /** The next chunk of loop {@code number} for participant {@code self}, its own first; -1 when none is left. */
        private int claim(int number, int self) {
            while (true) {
                long t = lines.get(TICKET);
                if ((int) (t >>> 32) != number) return -1;
                int low = (int) t, count = chunks, c;
                if (count > OWNED_CHUNKS) {
                    c = low;
                    if (c < 0 || c >= count) return -1;
                    if (lines.compareAndSet(TICKET, t, t + 1)) return c;
                } else {
                    c = ownFirst(low, count, self);
                    if (c < 0) return -1;
                    if (lines.compareAndSet(TICKET, t, t | (1L << c))) return c;
                }
            }
        }

        void shutdown() {
            shutdown = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        final Team team;
        final int self;
        volatile boolean parked;

        Worker(Team team, String name, int self) {
            super(name);
            this.team = team;
            this.self = self;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0; // loop numbers start at 1
            while (!team.shutdown) {
                int number = (int) (team.ticket() >>> 32);
                if (number != seen) {
                    seen = number;
                    team.work(number, self);
                    continue;
                }
                long until = System.nanoTime() + SPIN_NANOS;
                while (System.nanoTime() < until && (int) (team.ticket() >>> 32) == seen && !team.shutdown) {
                    Thread.onSpinWait();
                }
                if ((int) (team.ticket() >>> 32) != seen || team.shutdown) continue;
                parked = true; // the starter reads it after publishing its ticket, so one of us sees the other
                if ((int) (team.ticket() >>> 32) == seen && !team.shutdown) LockSupport.park(this);
                parked = false;
            }
        }
    }
}
