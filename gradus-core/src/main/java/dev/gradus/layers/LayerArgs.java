package dev.gradus.layers;

import dev.gradus.activations.Activation;
import dev.gradus.activations.Activations;
import dev.gradus.constraints.Constraint;
import dev.gradus.constraints.Constraints;
import dev.gradus.initializers.Initializer;
import dev.gradus.initializers.Initializers;
import dev.gradus.regularizers.Regularizer;
import dev.gradus.regularizers.Regularizers;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Argument checks and config (de)serialisation shared by the built-in layers. */
final class LayerArgs {
    private LayerArgs() {}

    /** Keras's standardize_tuple: one value repeated, or exactly {@code n} values, each >= {@code min}. */
    static int[] tuple(String name, int[] values, int n, int min) {
        Check.notNull(name, values);
        if (values.length == 1 && n > 1) {
            int[] out = new int[n];
            Arrays.fill(out, values[0]);
            values = out;
        }
        if (values.length != n) throw new IllegalArgumentException(
                "The `" + name + "` argument must be a tuple of " + n + " integers, got " + Arrays.toString(values));
        for (int v : values) if (v < min) throw new IllegalArgumentException(
                "The `" + name + "` argument must be a tuple of " + n + " integers >= " + min + ", got " + Arrays.toString(values));
        return values.clone();
    }

    static List<Integer> list(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }

    static int[] ints(Config.Reader r, String key, int[] fallback) {
        List<Integer> v = r.getInts(key);
        return v == null ? fallback : v.stream().mapToInt(Integer::intValue).toArray();
    }

    static String padding(String padding, boolean causalAllowed) {
        Check.notNull("padding", padding);
        String p = padding.toLowerCase(Locale.ROOT);
        return causalAllowed ? Check.oneOf("padding", p, "valid", "same", "causal") : Check.oneOf("padding", p, "valid", "same");
    }

    /** Keras's data_format; null means the default image data format, "channels_last". */
    static String dataFormat(String dataFormat) {
        if (dataFormat == null) return "channels_last";
        return Check.oneOf("data_format", dataFormat.toLowerCase(Locale.ROOT), "channels_last", "channels_first");
    }

    static Object serialize(Initializer i) {
        return i == null ? null : Initializers.serialize(i);
    }

    static Object serialize(Regularizer r) {
        return r == null ? null : Regularizers.serialize(r);
    }

    static Object serialize(Constraint c) {
        return c == null ? null : Constraints.serialize(c);
    }

    static Object serialize(Activation a) {
        return Activations.serialize(a);
    }

    /** Output length of a convolution or pooling window along one axis (Keras's compute_conv_output_shape); NONE stays NONE. */
    static int outputLength(int in, int window, int stride, int dilation, String padding) {
        if (in == Layer.NONE) return Layer.NONE;
        int span = dilation * (window - 1) + 1;
        if (padding.equals("valid")) return Math.max(0, Math.floorDiv(in - span, stride) + 1);
        return Math.floorDiv(in + stride - 1, stride); // "same" and "causal"
    }
}
