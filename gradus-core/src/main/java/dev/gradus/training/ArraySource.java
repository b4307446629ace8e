package dev.gradus.training;

import dev.gradus.data.BatchRows;
import dev.gradus.data.Batch;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Gather;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Keras's array data adapter: batches of {@code batchSize} consecutive samples (the last one
 * partial), after a fresh seeded permutation of all samples for each pass when shuffling
 * ({@code "batch"}: a permutation within each batch only).
 */
final class ArraySource implements BatchSource {
    private final List<Tensor> xs;
    private final List<Tensor> ys;
    private final Tensor sampleWeight;
    private final int batchSize;
    private final String shuffle;
    private final Random random;
    private final int n;

    ArraySource(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, int batchSize, String shuffle, long seed) {
        this.xs = xs;
        this.ys = ys == null ? List.of() : ys;
        this.sampleWeight = sampleWeight;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.random = new Random(seed);
        this.n = xs.get(0).shape().get(0);
    }

    int size() {
        return n;
    }

    @Override
    public Integer numBatches() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public Iterator<Batch> pass(boolean recordRows) {
        int[] order = null;
        if (shuffle.equals("true")) order = permutation(n, 0, n);
        final int[] perm = order;
        return new Iterator<>() {
            int start = 0;

            @Override
            public boolean hasNext() {
                return start < n;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int end = Math.min(n, start + batchSize);
                int[] idx = perm != null ? java.util.Arrays.copyOfRange(perm, start, end)
                        : shuffle.equals("batch") ? permutation(end - start, start, end) : null;
                Batch b = new Batch(slice(xs, start, end, idx), slice(ys, start, end, idx),
                        sampleWeight == null ? null : slice(sampleWeight, start, end, idx));
                if (recordRows) record(b, start, end, idx);
                start = end;
                return b;
            }
        };
    }

    /**
     * Records which rows of the arrays batch {@code b} holds ({@code idx}, or {@code [start, end)} in order): a
     * distribution that keeps the arrays sends only these.
     */
    private void record(Batch b, int start, int end, int[] idx) {
        int[] rows = idx;
        if (rows == null) {
            rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
        }
        BatchRows.record(b, new BatchRows.Origin(this, xs, ys, sampleWeight, rows));
    }

    /**
     * Draws and discards the shuffles of the first {@code passes} passes, so that a run resumed at
     * {@code initial_epoch} (after loading a saved model) sees the batch orders of an uninterrupted run.
     */
    void skipPasses(int passes) {
        for (int p = 0; p < passes; p++) {
            if (shuffle.equals("true")) permutation(n, 0, n);
            else if (shuffle.equals("batch"))
                for (int start = 0; start < n; start += batchSize) permutation(Math.min(n, start + batchSize) - start, start, Math.min(n, start + batchSize));
        }
    }

    private int[] permutation(int count, int from, int to) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) p[i] = from + i;
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static List<Tensor> slice(List<Tensor> ts, int start, int end, int[] idx) {
        List<Tensor> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) out.add(slice(t, start, end, idx));
        return out;
    }

    static Tensor slice(Tensor t, int start, int end, int[] idx) {
        if (idx == null) return start == 0 && end == t.shape().get(0) ? t : Ops.slice(t, 0, start, end);
        // rows copied straight from the permutation's indices, valid by construction: through
        // Ops.take they went to floats and back with a bounds check each, a sixth of a small model's step
        int[] dims = t.shape().dims();
        int inner = dims[0] == 0 ? 0 : t.size() / dims[0];
        float[] rows = Gather.take(t.unsafeBuffer(), 1, dims[0], inner, idx);
        dims[0] = idx.length;
        return Tensor.wrap(rows, Shape.of(dims));
    }
}
