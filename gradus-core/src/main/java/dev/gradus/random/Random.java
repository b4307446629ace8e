package dev.gradus.random;

import dev.gradus.layers.SeedGenerator;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.StepRandom;
import java.util.SplittableRandom;

/**
 * Keras's {@code keras.random}: random tensors from a seed, as a Keras program writes
 * {@code keras.random.normal((2, 3), mean=0, stddev=1, seed=1)}:
 * {@code Random.normal(new int[] {2, 3}, 0, 1, 1)}. Every function takes either
 * <ul>
 *   <li>an integer seed: the same seed gives the same bits, call after call (Keras's behaviour with an
 *       int seed), on any thread count; or
 *   <li>a {@link SeedGenerator}: each draw advances it, so successive calls differ and the sequence is
 *       reproducible from the generator's seed (inside a training step, keyed by the step as the random
 *       layers are, so that data-parallel replicas agree).
 * </ul>
 * Values come from {@link SplittableRandom} streams; they are Gradus's own bits, not JAX's (the
 * distributions are Keras's). Integer-valued results (randint, categorical) are floats holding whole numbers.
 */
public final class Random {
    private Random() {}

    // ------------------------------------------------------------------ normal, uniform, truncated normal

    /** Normal draws of {@code shape} with {@code mean} and {@code stddev}. */
    public static Tensor normal(int[] shape, double mean, double stddev, long seed) {
        return normal(shape, mean, stddev, stream(seed));
    }

    public static Tensor normal(int[] shape, double mean, double stddev, SeedGenerator seed) {
        return normal(shape, mean, stddev, stream(seed));
    }

    /** Standard normal draws (mean 0, stddev 1). */
    public static Tensor normal(int[] shape, long seed) {
        return normal(shape, 0, 1, seed);
    }

    public static Tensor normal(int[] shape, SeedGenerator seed) {
        return normal(shape, 0, 1, seed);
    }

    private static Tensor normal(int[] shape, double mean, double stddev, SplittableRandom r) {
        checkScale("normal", "stddev", stddev);
        return fill("normal", shape, () -> mean + stddev * r.nextGaussian());
    }

    /** Uniform draws in {@code [minval, maxval)}. */
    public static Tensor uniform(int[] shape, double minval, double maxval, long seed) {
        return uniform(shape, minval, maxval, stream(seed));
    }

    public static Tensor uniform(int[] shape, double minval, double maxval, SeedGenerator seed) {
        return uniform(shape, minval, maxval, stream(seed));
    }

    /** Uniform draws in [0, 1). */
    public static Tensor uniform(int[] shape, long seed) {
        return uniform(shape, 0, 1, seed);
    }

    public static Tensor uniform(int[] shape, SeedGenerator seed) {
        return uniform(shape, 0, 1, seed);
    }

    private static Tensor uniform(int[] shape, double minval, double maxval, SplittableRandom r) {
        if (!(minval <= maxval) || Double.isInfinite(maxval - minval)) throw new IllegalArgumentException(
                "uniform: expected finite minval <= maxval, got minval=" + minval + ", maxval=" + maxval);
        return fill("uniform", shape, () -> {
            double v = minval + (maxval - minval) * r.nextDouble();
            return v < maxval ? v : minval; // float rounding must not reach maxval
        });
    }

    /**
     * Normal draws of {@code mean} and {@code stddev} kept within two standard deviations of the mean
     * (draws beyond are redrawn), as Keras's {@code truncated_normal}.
     */
    public static Tensor truncatedNormal(int[] shape, double mean, double stddev, long seed) {
        return truncatedNormal(shape, mean, stddev, stream(seed));
    }

    public static Tensor truncatedNormal(int[] shape, double mean, double stddev, SeedGenerator seed) {
        return truncatedNormal(shape, mean, stddev, stream(seed));
    }

    private static Tensor truncatedNormal(int[] shape, double mean, double stddev, SplittableRandom r) {
        checkScale("truncatedNormal", "stddev", stddev);
        return fill("truncatedNormal", shape, () -> {
            double z;
            do z = r.nextGaussian(); while (Math.abs(z) > 2);
            return mean + stddev * z;
        });
    }

    /** Whole numbers uniform in {@code [minval, maxval)}, as Keras's {@code randint}. */
    public static Tensor randint(int[] shape, int minval, int maxval, long seed) {
        return randint(shape, minval, maxval, stream(seed));
    }

    public static Tensor randint(int[] shape, int minval, int maxval, SeedGenerator seed) {
        return randint(shape, minval, maxval, stream(seed));
    }

    private static Tensor randint(int[] shape, int minval, int maxval, SplittableRandom r) {
        if (minval >= maxval) throw new IllegalArgumentException("randint: expected minval < maxval, got minval=" + minval
                + ", maxval=" + maxval);
        return fill("randint", shape, () -> r.nextInt(minval, maxval));
    }

    // ------------------------------------------------------------------ gamma, beta, binomial

    /** Gamma draws of shape parameter {@code alpha} (scale 1): mean and variance {@code alpha}. */
    public static Tensor gamma(int[] shape, double alpha, long seed) {
        return gamma(shape, alpha, stream(seed));
    }

    public static Tensor gamma(int[] shape, double alpha, SeedGenerator seed) {
        return gamma(shape, alpha, stream(seed));
    }

    private static Tensor gamma(int[] shape, double alpha, SplittableRandom r) {
        checkPositive("gamma", "alpha", alpha);
        return fill("gamma", shape, () -> gammaDraw(alpha, r));
    }

    /** Beta draws with parameters {@code alpha} and {@code beta}: {@code X / (X + Y)} of two gamma draws. */
    public static Tensor beta(int[] shape, double alpha, double beta, long seed) {
        return beta(shape, alpha, beta, stream(seed));
    }

    public static Tensor beta(int[] shape, double alpha, double beta, SeedGenerator seed) {
        return beta(shape, alpha, beta, stream(seed));
    }

    private static Tensor beta(int[] shape, double alpha, double beta, SplittableRandom r) {
        checkPositive("beta", "alpha", alpha);
        checkPositive("beta", "beta", beta);
        return fill("beta", shape, () -> {
            double x = gammaDraw(alpha, r), y = gammaDraw(beta, r);
            return x / (x + y);
        });
    }

    /** The number of successes in {@code counts} trials of probability {@code probabilities}. */
    public static Tensor binomial(int[] shape, int counts, double probabilities, long seed) {
        return binomial(shape, counts, probabilities, stream(seed));
    }

    public static Tensor binomial(int[] shape, int counts, double probabilities, SeedGenerator seed) {
        return binomial(shape, counts, probabilities, stream(seed));
    }

    private static Tensor binomial(int[] shape, int counts, double p, SplittableRandom r) {
        Check.atLeast("counts", counts, 0);
        Check.inRange("probabilities", p, 0, 1);
        return fill("binomial", shape, () -> {
            int k = 0;
            for (int i = 0; i < counts; i++) if (r.nextDouble() < p) k++;
            return k;
        });
    }

    /** Marsaglia and Tsang's method; {@code alpha < 1} boosted by {@code U^(1/alpha)}. */
    private static double gammaDraw(double alpha, SplittableRandom r) {
        if (alpha < 1) return gammaDraw(alpha + 1, r) * Math.pow(r.nextDouble(), 1 / alpha);
        double d = alpha - 1.0 / 3, c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = r.nextGaussian(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
        }
    }

    // ------------------------------------------------------------------ on tensors

    /**
     * Keras's {@code keras.random.dropout}: each element (or each block shared along the axes where
     * {@code noiseShape} is 1; null is the input's shape) is zeroed with probability {@code rate}, the
     * rest scaled by {@code 1 / (1 - rate)}. Differentiable in {@code inputs}.
     */
    public static Tensor dropout(Tensor inputs, double rate, int[] noiseShape, long seed) {
        return dropout(inputs, rate, noiseShape, stream(seed));
    }

    public static Tensor dropout(Tensor inputs, double rate, int[] noiseShape, SeedGenerator seed) {
        return dropout(inputs, rate, noiseShape, stream(seed));
    }

    private static Tensor dropout(Tensor inputs, double rate, int[] noiseShape, SplittableRandom r) {
        Check.notNull("inputs", inputs);
        Check.inHalfOpenRange("rate", rate, 0, 1);
        int[] shape = noiseShape == null ? inputs.shape().dims() : noiseShape.clone();
        double keep = 1 - rate;
        Tensor mask = fill("dropout", shape, () -> r.nextDouble() < keep ? 1 / keep : 0);
        return Ops.mul(inputs, mask);
    }

    /** The slices of {@code x} along {@code axis} in a random order (a permutation of axis 0 by default). */
    public static Tensor shuffle(Tensor x, int axis, long seed) {
        return shuffle(x, axis, stream(seed));
    }

    public static Tensor shuffle(Tensor x, int axis, SeedGenerator seed) {
        return shuffle(x, axis, stream(seed));
    }

    public static Tensor shuffle(Tensor x, long seed) {
        return shuffle(x, 0, seed);
    }

    public static Tensor shuffle(Tensor x, SeedGenerator seed) {
        return shuffle(x, 0, seed);
    }

    private static Tensor shuffle(Tensor x, int axis, SplittableRandom r) {
        Check.notNull("x", x);
        int a = Shape.normalizeAxis(axis, x.rank(), "shuffle axis");
        int n = x.dim(a);
        float[] order = new float[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = r.nextInt(i + 1);
            float t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return Ops.take(x, Tensor.of(order, n), a);
    }

    /**
     * Keras's {@code categorical}: {@code numSamples} class indices per row of {@code logits}
     * {@code (batch, classes)}, drawn with probabilities {@code softmax(logits)}; shape {@code (batch, numSamples)}.
     */
    public static Tensor categorical(Tensor logits, int numSamples, long seed) {
        return categorical(logits, numSamples, stream(seed));
    }

    public static Tensor categorical(Tensor logits, int numSamples, SeedGenerator seed) {
        return categorical(logits, numSamples, stream(seed));
    }

    private static Tensor categorical(Tensor logits, int numSamples, SplittableRandom r) {
        Check.notNull("logits", logits);
        if (logits.rank() != 2) throw new IllegalArgumentException("categorical: logits must have shape (batch_size, num_classes), "
                + "got shape " + logits.shape());
        Check.atLeast("num_samples", numSamples, 0);
        int batch = logits.dim(0), classes = logits.dim(1);
        float[] p = Ops.softmax(logits, 1).toFloatArray();
        float[] out = new float[batch * numSamples];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < numSamples; s++) {
                double u = r.nextDouble(), cumulative = 0;
                int k = classes - 1;
                for (int c = 0; c < classes; c++) {
                    cumulative += p[b * classes + c];
                    if (u < cumulative) {
                        k = c;
                        break;
                    }
                }
                out[b * numSamples + s] = k;
            }
        }
        return Tensor.of(out, batch, numSamples);
    }

    // ------------------------------------------------------------------ helpers

    /** The stream of an integer seed: the same bits at every call. */
    private static SplittableRandom stream(long seed) {
        return new SplittableRandom(StepRandom.mix(seed, 0));
    }

    /** The stream of a generator's next seed; the generator advances. */
    private static SplittableRandom stream(SeedGenerator seed) {
        return new SplittableRandom(StepRandom.mix(Check.notNull("seed", seed).nextSeed(), 0));
    }

    private static Tensor fill(String op, int[] shape, java.util.function.DoubleSupplier draw) {
        Check.notNull("shape", shape);
        for (int d : shape) if (d < 0) throw new IllegalArgumentException(op + ": shape dimensions must be >= 0, got "
                + Shape.format(shape));
        float[] out = new float[Shape.of(shape).size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) draw.getAsDouble();
        return Tensor.of(out, shape);
    }

    private static void checkScale(String op, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new IllegalArgumentException(op + ": " + name
                + " must be finite and >= 0, got " + value);
    }

    private static void checkPositive(String op, String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException(op + ": " + name
                + " must be finite and > 0, got " + value);
    }
}
