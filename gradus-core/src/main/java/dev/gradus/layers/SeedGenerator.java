package dev.gradus.layers;

import dev.gradus.tensor.kernels.Parallel;
import dev.gradus.tensor.kernels.RandomFill;
import dev.gradus.util.Seeds;
import dev.gradus.util.StepRandom;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Keras's {@code keras.random.SeedGenerator}, used by the random layers and by
 * {@link dev.gradus.random.Random}: a new seed at each draw, a reproducible sequence when it was given
 * a seed (or {@link Seeds#setRandomSeed} was set), else a random one. Pass one generator to a series
 * of {@code Random} calls to get different, reproducible draws from each: {@code
 * SeedGenerator g = new SeedGenerator(42); Random.normal(shape, g); Random.normal(shape, g);}.
 *
 * <p>Inside a training step ({@link StepRandom}) a call's seed is keyed by (base seed, step, call in
 * the step) instead, and each example's draws by its index in the global batch: the masks of a
 * data-parallel run are then those of a single machine, whatever the split or the thread count.
 */
public final class SeedGenerator {
    private final Long seed;
    private final long base;
    private long next;

    /** A generator whose sequence is fixed by {@code seed}. */
    public SeedGenerator(long seed) {
        this(Long.valueOf(seed));
    }

    /** A generator seeded from {@link Seeds#draw()}: random, unless {@link Seeds#setRandomSeed} was set. */
    public SeedGenerator() {
        this((Long) null);
    }

    SeedGenerator(Long seed) {
        this.seed = seed;
        this.base = seed != null ? seed : Seeds.draw();
        this.next = base;
    }

    /** Keras's config, {@code {"seed": seed}} (null when none was given). */
    public java.util.Map<String, Object> getConfig() {
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("seed", seed);
        return config;
    }

    /** The next seed of the per-call sequence. */
    long next() {
        long s = next;
        next = s * 6364136223846793005L + 1442695040888963407L;
        return s;
    }

    /**
     * The seed of the next draw, advancing the generator: keyed by the running training step when
     * there is one ({@link StepRandom}, so that replicas agree), else the next of the sequence.
     */
    public long nextSeed() {
        return callSeed();
    }

    /** This call's seed: keyed by the running step when there is one, else the next of the sequence. */
    long callSeed() {
        return StepRandom.active() ? StepRandom.callSeed(this, base) : next();
    }

    /**
     * Uniform draws in [0, 1) for {@code rows} rows of {@code perRow} values, from one call seed. With
     * {@code perExample} row {@code r} is example {@code offset + r} of the global batch and its values
     * depend only on that index; otherwise the rows are one block shared by every example.
     */
    float[] uniformRows(int rows, int perRow, boolean perExample) {
        return rows(rows, perRow, perExample, draws(SplittableRandom::nextDouble, perRow));
    }

    /**
     * Dropout's mask: {@code kept} where {@link #uniformRows}'s draw (the same draws, rounded to float)
     * is below {@code keep}, else 0. Thresholding each row as it is drawn saves a pass over the mask
     * (in W5's profile, epoch 3, that pass took 2.4% of the samples, the draws 4.2%); the draws run
     * sixteen at a time where the Vector API allows ({@link RandomFill#keepMaskRow}).
     */
    float[] keepMask(int rows, int perRow, boolean perExample, float keep, float kept) {
        long threshold = RandomFill.keepThreshold(keep);
        return rows(rows, perRow, perExample, (seed, out, from) -> RandomFill.keepMaskRow(seed, threshold, kept, out, from, perRow));
    }

    /** As {@link #uniformRows}, standard normal draws. */
    float[] normalRows(int rows, int perRow, boolean perExample) {
        return rows(rows, perRow, perExample, draws(SplittableRandom::nextGaussian, perRow));
    }

    /** Fills one row of {@code out} at {@code from} from the row's seed. */
    @FunctionalInterface
    private interface RowFill {
        void fill(long seed, float[] out, int from);
    }

    /** A row of {@code perRow} draws of {@code sample} from {@code new SplittableRandom(seed)}, rounded to float. */
    private static RowFill draws(ToDoubleFunction<SplittableRandom> sample, int perRow) {
        return (seed, out, from) -> {
            SplittableRandom random = new SplittableRandom(seed);
            for (int j = 0; j < perRow; j++) out[from + j] = (float) sample.applyAsDouble(random);
        };
    }

    /**
     * Each row from a generator of its own, seeded by the call seed and the row's index, so rows are
     * drawn in parallel with the same bits on any thread count.
     */
    private float[] rows(int rows, int perRow, boolean perExample, RowFill fill) {
        // read on the calling thread: the step's seed and offset are thread-local there
        long seed = callSeed();
        int offset = StepRandom.exampleOffset();
        float[] out = new float[rows * perRow];
        Parallel.forRange(rows, 10L * perRow, (lo, hi) -> {
            for (int r = lo; r < hi; r++) fill.fill(StepRandom.mix(seed, perExample ? offset + r : -1 - r), out, r * perRow);
        });
        return out;
    }
}
