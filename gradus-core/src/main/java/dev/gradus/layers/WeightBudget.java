package dev.gradus.layers;

import dev.gradus.tensor.Shape;
import java.util.function.Supplier;

/**
 * A ceiling on the weights that layers may create on this thread while a model is rebuilt from a
 * file's config. A config is data from the file: {@code Dense(units=400000000)} in a 40 KB archive
 * would allocate gigabytes in its initializer before the weights file is even looked at. The loader
 * knows how many floats the file's weights member can hold at most, and a model that declares more
 * cannot be loaded from it anyway, so {@link Layer#addWeight} refuses such a weight before it is
 * initialized.
 */
public final class WeightBudget {
    private static final ThreadLocal<long[]> REMAINING = new ThreadLocal<>();
    private static final ThreadLocal<String> SOURCE = new ThreadLocal<>();

    private WeightBudget() {}

    /**
     * Runs {@code build} with at most {@code floats} weight values allowed in all; {@code source} (the
     * file) is named when a layer asks for more.
     */
    public static <T> T within(long floats, String source, Supplier<T> build) {
        long[] previous = REMAINING.get();
        String previousSource = SOURCE.get();
        REMAINING.set(new long[] {floats});
        SOURCE.set(source);
        try {
            return build.get();
        } finally {
            REMAINING.set(previous);
            SOURCE.set(previousSource);
        }
    }

    /** Takes a weight's size from the budget, if one is set; called before the weight is initialized. */
    static void claim(String layer, String weight, Shape shape) {
        long[] remaining = REMAINING.get();
        if (remaining == null) return;
        long size = 1;
        for (int d : shape.dims()) size = d == 0 ? 0 : size > Long.MAX_VALUE / d ? Long.MAX_VALUE : size * d;
        if (size > remaining[0]) throw new IllegalArgumentException(SOURCE.get() + ": layer '" + layer + "' declares weight '"
                + weight + "' of shape " + shape + " (" + size + " values), but the weights file can hold at most "
                + remaining[0] + " more values; refusing to allocate it");
        remaining[0] -= size;
    }
}
