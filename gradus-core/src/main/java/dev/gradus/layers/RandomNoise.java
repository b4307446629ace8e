package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The shared part of the layers that add randomness only in training (GaussianNoise,
 * GaussianDropout, SpatialDropout1D/2D): their one amount in [0, 1] ({@code stddev} or {@code rate}),
 * a seed and its {@link SeedGenerator}, per-example draws (so a data-parallel run draws what one
 * machine would, as {@link Dropout} does), identity at inference.
 *
 * @param <T> the concrete layer
 */
abstract class RandomNoise<T extends RandomNoise<T>> extends ShapePreservingLayer<T> {
    private final String key;
    /** {@code stddev} or {@code rate}, in [0, 1] as Keras requires. */
    final double amount;
    Long seed;
    SeedGenerator seeds = new SeedGenerator(null);

    RandomNoise(String key, double amount) {
        this.key = key;
        this.amount = Check.inRange(key, amount, 0, 1);
    }

    /** Makes the draws reproducible: the same seed gives the same noise at the same call (or training step). */
    public T seed(long seed) {
        this.seed = seed;
        this.seeds = new SeedGenerator(seed);
        return self();
    }

    /** Standard normal draws of {@code shape}, row {@code r} belonging to example {@code r} of the batch. */
    final Tensor standardNormal(int[] shape) {
        int rows = shape.length == 0 ? 1 : shape[0];
        int size = Shape.of(shape).size();
        return Tensor.of(seeds.normalRows(rows, rows == 0 ? 0 : size / rows, shape.length > 0), shape);
    }

    /** Dropout with a mask of {@code maskShape} (1 along the axes that share a draw), rate {@code amount}. */
    final Tensor dropout(Tensor inputs, int[] maskShape) {
        if (amount == 1) return Ops.mul(inputs, Tensor.zeros(maskShape));
        return Ops.mul(inputs, Dropout.mask(maskShape, amount, seeds, true));
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), key, amount, "seed", seed);
    }

    /** A layer from its config: {@code make} gets the amount (and the reader, for other keys); then the seed and the base keys. */
    static <L extends RandomNoise<L>> L fromConfig(String className, String key, Map<String, Object> config,
                                                   BiFunction<Double, Config.Reader, L> make) {
        Config.Reader r = Config.read(className, config);
        L layer = make.apply(r.getDouble(key, Double.NaN), r);
        if (r.get("seed") != null) layer.seed(r.getLong("seed", 0));
        readBase(layer, r);
        r.done();
        return layer;
    }
}
