package dev.gradus.layers;

import dev.gradus.autodiff.Variable;
import dev.gradus.ops.Ops;
import dev.gradus.tensor.Tensor;
import dev.gradus.util.Config;
import java.util.List;
import java.util.Map;

/**
 * Keras's AdditiveAttention (Bahdanau-style) on {@code [query, value(, key)]}: scores
 * {@code Σ_dim scale · tanh(q + k)} with a learned {@code scale} of shape {@code (dim,)}
 * (Glorot-uniform; {@code use_scale} is true by default); masks, dropout, causal masking and
 * returned scores as {@link BaseAttention}.
 */
public final class AdditiveAttention extends BaseAttention<AdditiveAttention> {
    private Variable scale;

    public AdditiveAttention() {
        super(true);
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        super.build(inputShapes);
        int[] q = inputShapes.get(0);
        if (useScale) scale = addWeight("scale", new int[] {q[q.length - 1]}, "glorot_uniform");
    }

    @Override
    Tensor scores(Tensor query, Tensor key) {
        Tensor t = Ops.tanh(Ops.add(Ops.expandDims(query, -2), Ops.expandDims(key, -3)));
        if (scale != null) t = Ops.mul(scale.value(), t);
        return Ops.sum(t, new int[] {-1}, false);
    }

    @Override
    public Map<String, Object> getConfig() {
        return Config.with(super.getConfig(), "use_scale", useScale, "dropout", dropout, "seed", seed);
    }

    public static AdditiveAttention fromConfig(Map<String, Object> config) {
        Config.Reader r = Config.read("AdditiveAttention", config);
        AdditiveAttention layer = new AdditiveAttention().useScale(r.getBoolean("use_scale", true)).dropout(r.getDouble("dropout", 0));
        if (r.has("seed")) layer.seed(r.getLong("seed", 0));
        else r.get("seed");
        readBase(layer, r);
        r.done();
        return layer;
    }
}
