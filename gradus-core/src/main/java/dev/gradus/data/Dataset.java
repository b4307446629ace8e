package dev.gradus.data;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.Gather;
import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A lazy pipeline of {@link Batch} elements, shaped like {@code tf.data.Dataset} as Keras's
 * {@code fit} consumes it:
 * <pre>{@code
 * Dataset train = Dataset.fromTensors(x, y).shuffle(42).batch(128);
 * for (Batch b : train) { ... b.x() ... b.y() ... }
 * }</pre>
 * Every {@code iterator()} call is one pass (one epoch) and starts from the beginning; a shuffled
 * dataset draws a new order on each pass, reproducibly from its seed (tf.data's
 * {@code reshuffle_each_iteration=True}). Datasets are immutable: each method returns a new one.
 * <p>
 * A dataset made by {@link #fromTensors} keeps its samples in place: shuffle, take and skip only
 * reorder an index list, and {@code batch} gathers each batch's rows in one copy, so the usual
 * {@code fromTensors(..).shuffle(..).batch(..)} pipeline never builds a tensor per sample.
 */
public abstract class Dataset implements Iterable<Batch> {
    /** tf.data's cardinality for a dataset that never ends ({@link #repeat()}). */
    public static final long INFINITE = -1;
    /** tf.data's cardinality when the length is not known before iterating ({@link #fromIterable}). */
    public static final long UNKNOWN = -2;

    Dataset() {}

    /** The number of elements one pass yields, or {@link #INFINITE} or {@link #UNKNOWN}. */
    public abstract long cardinality();

    /** One pass over the dataset. */
    @Override
    public abstract Iterator<Batch> iterator();

    // ---- sources

    /** The slices of {@code x} along its first axis (tf's {@code from_tensor_slices(x)}). */
    public static Dataset fromTensors(Tensor x) {
        return fromTensors(List.of(Check.notNull("x", x)), List.of(), null);
    }

    /** The pairs {@code (x[i], y[i])}. */
    public static Dataset fromTensors(Tensor x, Tensor y) {
        return fromTensors(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)), null);
    }

    /** The triples {@code (x[i], y[i], sampleWeight[i])}. */
    public static Dataset fromTensors(Tensor x, Tensor y, Tensor sampleWeight) {
        return fromTensors(List.of(Check.notNull("x", x)), List.of(Check.notNull("y", y)),
                Check.notNull("sampleWeight", sampleWeight));
    }

    /** Several inputs and targets, all sliced along their first axis together. */
    public static Dataset fromTensors(List<Tensor> inputs, List<Tensor> targets, Tensor sampleWeight) {
        return fromWhole(new Batch(Check.notNull("inputs", inputs), targets, sampleWeight));
    }

    /**
     * Dict-structured elements, {@code from_tensor_slices((x_dict, y_dict))}: inputs keyed by input
     * name, targets by output name; a model's {@code fit} matches them by name ({@link Batch#aligned}).
     */
    public static Dataset fromTensors(Map<String, Tensor> x, Map<String, Tensor> y) {
        return fromWhole(Batch.of(x, y));
    }

    /** Inputs keyed by input name, without targets ({@code predict}). */
    public static Dataset fromTensors(Map<String, Tensor> x) {
        return fromWhole(Batch.of(x));
    }

    /** Inputs keyed by input name and one label array: {@code from_tensor_slices((dict(dataframe), labels))}. */
    public static Dataset fromTensors(Map<String, Tensor> x, Tensor y) {
        return fromWhole(Batch.of(x, y));
    }

    /** As {@link #fromTensors(Map, Map)}, with one sample weight per example for every output. */
    public static Dataset fromTensors(Map<String, Tensor> x, Map<String, Tensor> y, Tensor sampleWeight) {
        return fromWhole(Batch.of(x, y, Check.notNull("sampleWeight", sampleWeight)));
    }

    private static Dataset fromWhole(Batch whole) {
        Tensor first = whole.inputs().get(0);
        List<Tensor> all = Slices.components(whole);
        for (int k = 0; k < all.size(); k++) {
            Tensor t = all.get(k);
            if (t.rank() == 0) throw new IllegalArgumentException("Dataset.fromTensors: " + Slices.label(whole, k)
                    + " is a scalar; each tensor needs a first axis to slice, got shape " + t.shape());
            if (t.dim(0) != first.dim(0)) throw new IllegalArgumentException("Dataset.fromTensors: all tensors must have"
                    + " the same first dimension; " + Slices.label(whole, 0) + " has shape " + first.shape()
                    + " but " + Slices.label(whole, k) + " has shape " + t.shape());
        }
        return new Slices(whole, first.dim(0), null);
    }

    /**
     * Elements from any source, e.g. a generator reading a large file: each pass calls
     * {@code source.iterator()} again. The cardinality is {@link #UNKNOWN}.
     */
    public static Dataset fromIterable(Iterable<Batch> source) {
        Check.notNull("source", source);
        return new Generic(UNKNOWN, source::iterator);
    }

    // ---- transformations

    /** Consecutive elements stacked along a new first axis; the last batch may be smaller. */
    public Dataset batch(int batchSize) {
        return batch(batchSize, false);
    }

    /** As {@link #batch(int)}; with {@code dropRemainder} a last, smaller batch is left out. */
    public Dataset batch(int batchSize, boolean dropRemainder) {
        Check.atLeast("batch_size", batchSize, 1);
        long n = cardinality();
        long out = n < 0 ? n : dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
        Dataset parent = this;
        return new Generic(out, () -> new Iterator<>() {
            final Iterator<Batch> in = parent.iterator();
            Batch next = advance();

            private Batch advance() {
                List<Batch> group = new ArrayList<>(batchSize);
                while (group.size() < batchSize && in.hasNext()) group.add(in.next());
                if (group.isEmpty() || (dropRemainder && group.size() < batchSize)) return null;
                return stack(group);
            }

            public boolean hasNext() { return next != null; }

            public Batch next() {
                if (next == null) throw new NoSuchElementException();
                Batch b = next;
                next = advance();
                return b;
            }
        });
    }

    /** A full shuffle, a new order on every pass, reproducible from {@code seed}. */
    public Dataset shuffle(long seed) {
        if (cardinality() == INFINITE) throw new IllegalStateException("shuffle(seed): this dataset is infinite, so a full"
                + " shuffle never ends; use shuffle(bufferSize, seed) or shuffle before repeat()");
        return shuffle(Integer.MAX_VALUE, seed);
    }

    /**
     * tf.data's buffered shuffle: a buffer of {@code bufferSize} elements, each output drawn from it
     * at random and replaced by the next input. A buffer at least as large as the dataset gives a
     * uniform shuffle.
     */
    public Dataset shuffle(int bufferSize, long seed) {
        Check.atLeast("buffer_size", bufferSize, 1);
        AtomicLong passes = new AtomicLong();
        Dataset parent = this;
        return new Generic(cardinality(),
                () -> new BufferShuffle<>(parent.iterator(), bufferSize, random(seed, passes.getAndIncrement())));
    }

    /** {@code fn} applied to each element (to each batch, after {@link #batch}). */
    public Dataset map(UnaryOperator<Batch> fn) {
        Check.notNull("fn", fn);
        Dataset parent = this;
        return new Generic(cardinality(), () -> new Iterator<>() {
            final Iterator<Batch> in = parent.iterator();

            public boolean hasNext() { return in.hasNext(); }

            public Batch next() {
                Batch out = fn.apply(in.next());
                if (out == null) throw new IllegalStateException("Dataset.map: the function returned null; it must return a Batch");
                return out;
            }
        });
    }

    /** The first {@code count} elements. */
    public Dataset take(long count) {
        Check.atLeast("count", count, 0L);
        long n = cardinality();
        long out = n == INFINITE ? count : n == UNKNOWN ? UNKNOWN : Math.min(n, count);
        Dataset parent = this;
        return new Generic(out, () -> new Iterator<>() {
            final Iterator<Batch> in = parent.iterator();
            long given;

            public boolean hasNext() { return given < count && in.hasNext(); }

            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                given++;
                return in.next();
            }
        });
    }

    /** All but the first {@code count} elements. */
    public Dataset skip(long count) {
        Check.atLeast("count", count, 0L);
        long n = cardinality();
        long out = n < 0 ? n : Math.max(0, n - count);
        Dataset parent = this;
        return new Generic(out, () -> {
            Iterator<Batch> in = parent.iterator();
            for (long k = 0; k < count && in.hasNext(); k++) in.next();
            return in;
        });
    }

    /** The dataset repeated {@code count} times (each repetition a new pass: reshuffled if shuffled). */
    public Dataset repeat(long count) {
        Check.atLeast("count", count, 0L);
        long n = cardinality();
        return repeated(n < 0 ? n : n * count, count);
    }

    /** The dataset repeated forever. */
    public Dataset repeat() {
        return repeated(cardinality() == 0 ? 0 : INFINITE, Long.MAX_VALUE);
    }

    private Dataset repeated(long cardinality, long count) {
        Dataset parent = this;
        return new Generic(cardinality, () -> new Iterator<>() {
            long pass;
            Iterator<Batch> in = count > 0 ? parent.iterator() : null;

            public boolean hasNext() {
                while (in != null && !in.hasNext()) {
                    if (++pass >= count) in = null;
                    else {
                        in = parent.iterator();
                        if (!in.hasNext()) in = null;   // an empty dataset repeated is empty, not a busy loop
                    }
                }
                return in != null;
            }

            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                return in.next();
            }
        });
    }

    // ---- shared helpers

    /** Each pass's generator: the seed and the pass number, mixed so that nearby seeds differ. */
    static Random random(long seed, long pass) {
        long z = seed + 0x9E3779B97F4A7C15L * (pass + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** Elements stacked component by component; all must have the same structure and shapes. */
    static Batch stack(List<Batch> group) {
        Batch first = group.get(0);
        for (int i = 1; i < group.size(); i++) {
            Batch b = group.get(i);
            if (b.inputs().size() != first.inputs().size() || b.targets().size() != first.targets().size()
                    || (b.sampleWeight() == null) != (first.sampleWeight() == null))
                throw new IllegalArgumentException("Dataset.batch: element " + i + " of a batch has " + Slices.describe(b)
                        + " but element 0 has " + Slices.describe(first) + "; all elements must have the same structure");
        }
        for (int i = 1; i < group.size(); i++) {
            Batch b = group.get(i);
            if (!java.util.Objects.equals(b.inputNames(), first.inputNames()) || !java.util.Objects.equals(b.targetNames(), first.targetNames()))
                throw new IllegalArgumentException("Dataset.batch: element " + i + " of a batch is keyed " + b.inputNames() + " -> "
                        + b.targetNames() + " but element 0 is keyed " + first.inputNames() + " -> " + first.targetNames()
                        + "; all elements must have the same structure");
        }
        List<Tensor> inputs = new ArrayList<>(), targets = new ArrayList<>();
        for (int k = 0; k < first.inputs().size(); k++) {
            int c = k;
            inputs.add(stackComponent(group, b -> b.inputs().get(c), "inputs[" + k + "]"));
        }
        for (int k = 0; k < first.targets().size(); k++) {
            int c = k;
            targets.add(stackComponent(group, b -> b.targets().get(c), "targets[" + k + "]"));
        }
        Tensor sw = first.sampleWeight() == null ? null : stackComponent(group, Batch::sampleWeight, "sample_weight");
        return first.withTensors(inputs, targets, sw);
    }

    private static Tensor stackComponent(List<Batch> group, java.util.function.Function<Batch, Tensor> part, String what) {
        List<Tensor> xs = new ArrayList<>(group.size());
        Shape s0 = part.apply(group.get(0)).shape();
        for (int i = 0; i < group.size(); i++) {
            Tensor t = part.apply(group.get(i));
            if (!t.shape().equals(s0)) throw new IllegalArgumentException("Dataset.batch: " + what + " of element " + i
                    + " has shape " + t.shape() + " but element 0 has shape " + s0 + "; batched elements must have equal shapes");
            xs.add(t);
        }
        return Ops.stack(xs, 0);
    }

    /** A dataset defined by how it iterates. */
    static final class Generic extends Dataset {
        private final long cardinality;
        private final Supplier<Iterator<Batch>> iterators;

        Generic(long cardinality, Supplier<Iterator<Batch>> iterators) {
            this.cardinality = cardinality;
            this.iterators = iterators;
        }

        @Override public long cardinality() { return cardinality; }

        @Override public Iterator<Batch> iterator() { return iterators.get(); }
    }

    /**
     * The fast path: rows of tensors in memory, visited in an order that shuffle/take/skip rewrite
     * as index lists. {@code order} is called once per pass (so a shuffle draws a new one); null
     * means {@code 0..count-1}.
     */
    static final class Slices extends Dataset {
        final Batch whole;
        final int count;
        final Supplier<int[]> order;

        Slices(Batch whole, int count, Supplier<int[]> order) {
            this.whole = whole;
            this.count = count;
            this.order = order;
        }

        int[] indices() {
            if (order != null) return order.get();
            int[] idx = new int[count];
            for (int i = 0; i < count; i++) idx[i] = i;
            return idx;
        }

        @Override public long cardinality() { return count; }

        @Override public Iterator<Batch> iterator() {
            int[] idx = indices();
            return new Iterator<>() {
                int at;

                public boolean hasNext() { return at < idx.length; }

                public Batch next() {
                    if (at >= idx.length) throw new NoSuchElementException();
                    int row = idx[at++];
                    return gather(new int[] {row}, true);
                }
            };
        }

        /** The rows {@code idx} of every component; {@code single} drops the batch axis. */
        Batch gather(int[] idx, boolean single) {
            List<Tensor> inputs = new ArrayList<>(), targets = new ArrayList<>();
            for (Tensor t : whole.inputs()) inputs.add(rows(t, idx, single));
            for (Tensor t : whole.targets()) targets.add(rows(t, idx, single));
            Tensor sw = whole.sampleWeight() == null ? null : rows(whole.sampleWeight(), idx, single);
            return whole.withTensors(inputs, targets, sw);
        }

        private static Tensor rows(Tensor t, int[] idx, boolean single) {
            int[] dims = t.shape().dims();
            int inner = t.size() / Math.max(1, dims[0]);
            float[] out = Gather.take(t.unsafeBuffer(), 1, dims[0], inner, idx);
            int[] outDims = single ? Arrays.copyOfRange(dims, 1, dims.length) : dims.clone();
            if (!single) outDims[0] = idx.length;
            return Tensor.wrap(out, Shape.of(outDims));
        }

        private Slices reorder(int newCount, UnaryOperator<int[]> f) {
            Slices parent = this;
            return new Slices(whole, newCount, () -> f.apply(parent.indices()));
        }

        @Override public Dataset shuffle(int bufferSize, long seed) {
            Check.atLeast("buffer_size", bufferSize, 1);
            AtomicLong passes = new AtomicLong();
            return reorder(count, idx -> BufferShuffle.permute(idx, bufferSize, random(seed, passes.getAndIncrement())));
        }

        @Override public Dataset take(long n) {
            Check.atLeast("count", n, 0L);
            int m = (int) Math.min(count, n);
            return reorder(m, idx -> Arrays.copyOf(idx, m));
        }

        @Override public Dataset skip(long n) {
            Check.atLeast("count", n, 0L);
            int from = (int) Math.min(count, n);
            return reorder(count - from, idx -> Arrays.copyOfRange(idx, from, idx.length));
        }

        @Override public Dataset batch(int batchSize, boolean dropRemainder) {
            Check.atLeast("batch_size", batchSize, 1);
            return new BatchedSlices(this, batchSize, dropRemainder);
        }

        static List<Tensor> components(Batch b) {
            List<Tensor> all = new ArrayList<>(b.inputs());
            all.addAll(b.targets());
            if (b.sampleWeight() != null) all.add(b.sampleWeight());
            return all;
        }

        /** Keras's name for component {@code k} of {@link #components}: x, y, sample_weight (indexed when several). */
        static String label(Batch b, int k) {
            int nIn = b.inputs().size(), nOut = b.targets().size();
            if (k < nIn) return b.inputNames() != null ? "x['" + b.inputNames().get(k) + "']" : nIn == 1 ? "x" : "inputs[" + k + "]";
            if (k < nIn + nOut) return b.targetNames() != null ? "y['" + b.targetNames().get(k - nIn) + "']"
                    : nOut == 1 ? "y" : "targets[" + (k - nIn) + "]";
            return "sample_weight";
        }

        static String describe(Batch b) {
            return b.inputs().size() + " input(s), " + b.targets().size() + " target(s) and "
                    + (b.sampleWeight() == null ? "no" : "a") + " sample_weight";
        }
    }

    /** Batches of a {@link Slices}: one gather per component per batch. */
    static final class BatchedSlices extends Dataset {
        private final Slices slices;
        private final int batchSize;
        private final boolean dropRemainder;

        BatchedSlices(Slices slices, int batchSize, boolean dropRemainder) {
            this.slices = slices;
            this.batchSize = batchSize;
            this.dropRemainder = dropRemainder;
        }

        @Override public long cardinality() {
            return dropRemainder ? slices.count / batchSize : (slices.count + (long) batchSize - 1) / batchSize;
        }

        @Override public Iterator<Batch> iterator() {
            int[] idx = slices.indices();
            int end = dropRemainder ? idx.length / batchSize * batchSize : idx.length;
            return new Iterator<>() {
                int at;

                public boolean hasNext() { return at < end; }

                public Batch next() {
                    if (at >= end) throw new NoSuchElementException();
                    int to = Math.min(end, at + batchSize);
                    int[] rows = Arrays.copyOfRange(idx, at, to);
                    Batch b = slices.gather(rows, false);
                    at = to;
                    // which rows of the dataset's tensors this batch holds: a distribution that keeps them sends only these
                    Batch whole = slices.whole;
                    return BatchRows.record(b, new BatchRows.Origin(whole, whole.inputs(), whole.targets(), whole.sampleWeight(), rows));
                }
            };
        }

        // the first k batches are the batches of the first k * batchSize rows
        @Override public Dataset take(long n) {
            Check.atLeast("count", n, 0L);
            return slices.take(Math.min(Long.MAX_VALUE / batchSize, n) * batchSize).batch(batchSize, dropRemainder);
        }

        @Override public Dataset skip(long n) {
            Check.atLeast("count", n, 0L);
            return slices.skip(Math.min(Long.MAX_VALUE / batchSize, n) * batchSize).batch(batchSize, dropRemainder);
        }
    }
}
