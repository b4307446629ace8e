package dev.gradus.layers;

import dev.gradus.tensor.Shape;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.List;

/**
 * Keras's {@code axis} argument that is one axis or several (Softmax, UnitNormalization): written
 * back as an int or as a list, as it was given.
 */
final class AxisArgument {
    private int[] axes = {-1};
    private boolean list;

    /** One axis, or several (then written as a list). */
    void set(int... axes) {
        Check.notNull("axis", axes);
        Check.argument(axes.length > 0, "axis must name at least one axis, got none");
        this.axes = axes.clone();
        this.list = axes.length > 1;
    }

    /** The axes for an input of {@code rank}, negative ones counted from the end. */
    int[] resolve(int rank, String what) {
        int[] out = new int[axes.length];
        for (int i = 0; i < out.length; i++) out[i] = Shape.normalizeAxis(axes[i], rank, what);
        return out;
    }

    Object toConfig() {
        return list ? LayerArgs.list(axes) : (Object) axes[0];
    }

    /** Reads {@code axis} from a config: an int, a list, or absent (-1). */
    void read(Config.Reader r) {
        if (r.get("axis") instanceof List<?>) {
            set(LayerArgs.ints(r, "axis", null));
            list = true;
        } else {
            set(r.getInt("axis", -1));
        }
    }
}
