package dev.gradus.layers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;

/**
 * The shared part of the layers that add randomness only in training (GaussianNoise,
 * GaussianDropout, SpatialDropout1D/2D): a seed and its {@link SeedGenerator}, per-example draws (so
 * a data-parallel run draws what one machine would, as {@link Dropout} does), identity at inference.
 *
 * @param <T> the concrete layer
 */
abstract class RandomNoise<T extends RandomNoise<T>> extends FluentLayer<T> {
    Long seed;
    SeedGenerator seeds = new SeedGenerator(null);

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

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected boolean builtAtInit() {
        return true;
    }

    /** Reads the seed and the base keys; the caller calls {@code r.done()}. */
    static <L extends RandomNoise<L>> L readSeed(L layer, dev.gradus.util.Config.Reader r) {
        if (r.get("seed") != null) layer.seed(r.getLong("seed", 0));
        readBase(layer, r);
        return layer;
    }
}
