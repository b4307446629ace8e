package dev.gradus.initializers;

import dev.gradus.tensor.Shape;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.kernels.RandomFill;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Map;

/**
 * An orthogonal matrix (times {@code gain}, 1 by default) from the QR factorisation of a normal
 * matrix. Shapes of rank above 2 are treated as {@code (prod(shape[:-1]), shape[-1])}; with fewer rows
 * than columns the rows are orthonormal, otherwise the columns.
 */
public final class Orthogonal extends RandomInitializer {
    private double gain = 1.0;

    public Orthogonal gain(double gain) {
        this.gain = Check.finite("gain", gain);
        return this;
    }

    @Override
    public Orthogonal seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    protected Tensor generate(Shape shape) {
        if (shape.rank() < 2) throw new IllegalArgumentException(
                "Orthogonal: the tensor to initialize must be at least two-dimensional, got shape " + shape + " of rank " + shape.rank());
        int cols = shape.get(shape.rank() - 1);
        int rows = shape.size() / Math.max(1, cols);
        if (shape.size() == 0) return Tensor.zeros(shape);
        int big = Math.max(rows, cols), small = Math.min(rows, cols);
        Tensor q = Tensor.wrap(RandomFill.orthonormalColumns(big, small, effectiveSeed()), Shape.of(big, small));
        if (rows < cols) q = q.transpose();
        q = q.reshape(shape.dims());
        return gain == 1.0 ? q : q.mul(gain);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "gain", gain);
    }

    static Orthogonal fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Orthogonal", config);
        Orthogonal i = readSeed(new Orthogonal(), r).gain(r.getDouble("gain", 1.0));
        r.done();
        return i;
    }
}
