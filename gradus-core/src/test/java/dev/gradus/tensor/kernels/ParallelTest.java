package dev.gradus.tensor.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team of threads behind every parallel loop: chunks, failures, nesting, concurrent callers.
 * A lost or doubled chunk shows up as a hang of the caller, so every test has a generous timeout.
 */
@Timeout(120)
class ParallelTest {
    private int before;

    @BeforeEach
    void threeThreads() {
        before = Parallel.threads();
        Parallel.setThreads(3);
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void everyChunkRunsOnceWithItsFixedRange() {
        // many loops back to back with varying chunk counts (workers spin, park and wake, and a late
        // worker meets the next loop's count: it once claimed a chunk of the next loop with the old
        // loop's spent ticket), and a new team every 1,000 loops
        for (int loop = 0; loop < 20_000; loop++) {
            if (loop % 1000 == 999) {
                Parallel.setThreads(2);
                Parallel.setThreads(3);
            }
            int n = 7 + loop % 13, chunks = 1 + loop % 4;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            List<int[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
            Parallel.forChunks(n, chunks, (lo, hi) -> {
                ranges.add(new int[] {lo, hi});
                for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("index %d of loop %d", i, loop).isEqualTo(1);
            int expectedChunks = Math.min(chunks, n);
            assertThat(ranges).hasSize(expectedChunks);
            for (int[] r : ranges) {
                boolean matches = false;
                for (int p = 0; p < expectedChunks; p++) {
                    matches |= r[0] == n * p / expectedChunks && r[1] == n * (p + 1) / expectedChunks;
                }
                assertThat(matches).as("range [%d, %d) is one of the fixed pieces", r[0], r[1]).isTrue();
            }
        }
    }

    @Test
    void loopsOfManyChunksAlternatingWithFewClaimEachChunkOnce() {
        // past 31 chunks the ticket counts chunks instead of marking them; the two forms alternate here
        for (int loop = 0; loop < 4_000; loop++) {
            int chunks = loop % 2 == 0 ? 32 + loop % 50 : 1 + loop % 31, n = chunks + loop % 7;
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forChunks(n, chunks, (lo, hi) -> {
                for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertThat(hits.get(i)).as("index %d of loop %d (%d chunks)", i, loop, chunks).isEqualTo(1);
        }
    }

    @Test
    void eachParticipantClaimsItsOwnChunkFirstThenTheLowestUnclaimed() {
        assertThat(Parallel.ownFirst(0, 2, 0)).isEqualTo(0);
        assertThat(Parallel.ownFirst(0, 2, 1)).isEqualTo(1);
        assertThat(Parallel.ownFirst(0b10, 2, 1)).isEqualTo(0); // its own is taken: it takes the caller's
        assertThat(Parallel.ownFirst(0b11, 2, 0)).isEqualTo(-1);
        assertThat(Parallel.ownFirst(0, 3, 5)).isEqualTo(0); // more participants than chunks
        assertThat(Parallel.ownFirst(0b1011, 6, 1)).isEqualTo(2);
        assertThat(Parallel.ownFirst(0x7FFF_FFFE, 31, 30)).isEqualTo(0);
        assertThat(Parallel.ownFirst(-1, 31, 0)).isEqualTo(-1); // a spent ticket
    }

    @Test
    void aFailureInAnyChunkReachesTheCallerAndTheTeamGoesOn() {
        assertThatThrownBy(() -> Parallel.forChunks(6, 3, (lo, hi) -> {
            if (lo == 4) throw new IllegalStateException("chunk at " + lo);
        })).isInstanceOf(IllegalStateException.class).hasMessage("chunk at 4");
        AtomicIntegerArray hits = new AtomicIntegerArray(6);
        Parallel.forChunks(6, 3, (lo, hi) -> {
            for (int i = lo; i < hi; i++) hits.incrementAndGet(i);
        });
        for (int i = 0; i < 6; i++) assertThat(hits.get(i)).isEqualTo(1);
    }

    @Test
    void aLoopInsideALoopRunsInline() {
        AtomicIntegerArray hits = new AtomicIntegerArray(12);
        Parallel.forChunks(3, 3, (lo, hi) -> {
            assertThat(Parallel.inLoop()).isTrue();
            assertThat(Parallel.worthSplitting(1L << 30)).isFalse();
            Parallel.forChunks(4, 4, (a, b) -> {
                for (int i = a; i < b; i++) hits.incrementAndGet(lo * 4 + i);
            });
        });
        for (int i = 0; i < 12; i++) assertThat(hits.get(i)).isEqualTo(1);
        assertThat(Parallel.inLoop()).isFalse();
    }

    @Test
    void concurrentCallersEachGetTheirWholeLoop() throws Exception {
        int callers = 4, n = 1000;
        long[] sums = new long[callers];
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            threads[c] = new Thread(() -> {
                for (int rep = 0; rep < 300; rep++) {
                    long[] parts = new long[4];
                    Parallel.forChunks(n, 4, (lo, hi) -> {
                        long s = 0;
                        for (int i = lo; i < hi; i++) s += i + id;
                        synchronized (parts) {
                            parts[lo * 4 / n] += s;
                        }
                    });
                    sums[id] = parts[0] + parts[1] + parts[2] + parts[3];
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join();
        for (int c = 0; c < callers; c++) assertThat(sums[c]).isEqualTo((long) n * (n - 1) / 2 + (long) n * c);
    }

    /** Issue #18: a caller that finds the team busy runs the same fixed pieces, in order, so per-piece sums keep their bits. */
    @Test
    void aCallerThatFindsTheTeamBusyRunsTheSamePiecesInOrder() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1), release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> Parallel.forChunks(2, 2, (lo, hi) -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        started.await();
        List<int[]> ranges = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Parallel.forChunks(10, 3, (lo, hi) -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            ranges.add(new int[] {lo, hi});
        });
        // a sum of squares kept per piece (gradient clipping's global norm): with the team busy it once summed
        // the first piece only
        float[] x = new float[1 << 17];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i);
        double busy = OptimizerKernels.sumOfSquares(x);
        release.countDown();
        holder.join();
        assertThat(ranges).containsExactly(new int[] {0, 3}, new int[] {3, 6}, new int[] {6, 10});
        double free = OptimizerKernels.sumOfSquares(x);
        assertThat(Double.doubleToRawLongBits(busy)).isEqualTo(Double.doubleToRawLongBits(free));
        double exact = 0;
        for (float v : x) exact += (double) v * v;
        assertThat(free).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-9 * exact));
    }
}
