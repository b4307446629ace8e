package dev.gradus.layers;

import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Config;
import java.util.Arrays;
import java.util.Map;

/** Permutes the axes of each sample: {@code dims} is a permutation of 1..n (1-based, the batch axis stays first). */
public final class Permute extends FluentLayer<Permute> {
    private final int[] dims;

    public Permute(int... dims) {
        Check.notNull("dims", dims);
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) if (sorted[i] != i + 1) throw new IllegalArgumentException(
                "Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims="
                        + Arrays.toString(dims));
        this.dims = dims.clone();
        inputRank(dims.length + 1);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        int[] perm = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) perm[i + 1] = dims[i];
        return Ops.transpose(inputs, perm);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = new int[inputShape.length];
        out[0] = inputShape[0];
        for (int i = 0; i < dims.length; i++) out[i + 1] = inputShape[dims[i]];
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "dims", LayerArgs.list(dims));
    }

    public static Permute fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("Permute", config);
        int[] dims = LayerArgs.ints(r, "dims", null);
        Check.argument(dims != null, "Permute config: dims is required");
        Permute layer = new Permute(dims);
        readBase(layer, r);
        r.done();
        return layer;
    }
}
